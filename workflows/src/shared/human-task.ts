// create → wait → remind → escalate → decide: the only place that knows how people are waited for.
import {
  ApplicationFailure, condition, proxyActivities, setHandler, uuid4, workflowInfo, allHandlersFinished,
} from '@temporalio/workflow';
import { checkDecision, type TaskDecisionInput } from '@kaflow/domain';
import type { TaskActivities } from '@kaflow/activities';
import { BAD_REQUEST, CONFLICT, decideUpdate, type Decision, type TaskSpec } from './human-task.contract';

const tasks = proxyActivities<TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

interface OpenTask { spec: TaskSpec; deciding: boolean; decision?: Decision }

// Module state is per workflow execution: the tasks this workflow waits on right now.
const open = new Map<string, OpenTask>();
let handlerInstalled = false;

function installDecideHandler(): void {
  if (handlerInstalled) return;
  handlerInstalled = true;
  setHandler(
    decideUpdate,
    async (input: TaskDecisionInput) => {
      const task = open.get(input.taskId)!;
      task.deciding = true; // synchronously, before any await: a concurrent update is refused by the validator
      try {
        const view = await tasks.recordDecision(input);
        task.decision = { taskId: input.taskId, decision: input.decision, comment: input.comment, data: input.data, byUserId: input.byUserId };
        return view;
      } catch (err) {
        task.deciding = false;
        throw err;
      }
    },
    {
      validator: (input: TaskDecisionInput) => {
        const task = open.get(input?.taskId);
        if (!task || task.deciding || task.decision) {
          throw ApplicationFailure.create({ message: 'this task is already decided', type: CONFLICT, nonRetryable: true });
        }
        const problems = checkDecision(task.spec.kind, input, task.spec.payload);
        if (problems.length) {
          throw ApplicationFailure.create({ message: problems[0].problem, type: BAD_REQUEST, nonRetryable: true, details: problems });
        }
      },
    },
  );
}

const until = (iso: string) => Math.max(Date.parse(iso) - Date.now(), 1);

/**
 * Gives a person (or a role) a task and waits for the decision. Reminds once at the policy's
 * reminder point; when overdue, moves the task one step up its escalation chain, and again each
 * time the same period passes, until the top of the chain. Returns the decision, taken once.
 */
export async function humanTask(spec: TaskSpec): Promise<Decision> {
  installDecideHandler();
  const taskId = uuid4();
  const entry: OpenTask = { spec, deciding: false };
  open.set(taskId, entry);
  const decided = () => entry.decision !== undefined;
  const times = await tasks.createTask({ ...spec, taskId, workflowId: workflowInfo().workflowId });

  if (!(await condition(decided, until(times.remindAt)))) {
    await tasks.remindTask({ taskId, escalationLevel: times.escalationLevel });
  }
  let dueAt = times.dueAt;
  let level = times.escalationLevel;
  while (!decided()) {
    if (await condition(decided, until(dueAt))) break;
    const step = await tasks.escalateTask({ taskId, toLevel: level + 1 });
    if (step.atTop || !step.escalated) { await condition(decided); break; }
    level = step.escalationLevel;
    dueAt = step.dueAt;
  }
  open.delete(taskId);
  return entry.decision!;
}

/** Waits for running update handlers before a workflow returns, so no decision is cut off. */
export async function finishHandlers(): Promise<void> {
  await condition(allHandlersFinished);
}
