// create → wait → remind → escalate → decide: the only place that knows how people are waited for.
import {
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { checkDecision, type TaskDecisionInput } from '@kaflow/domain';
import type { TaskActivities } from '@kaflow/activities';
import {
  BAD_REQUEST,
  CONFLICT,
  DECIDE_LOCAL_PATCH,
  RETIME_PATCH,
  decideUpdate,
  openTaskTimesQuery,
  taskTimesChangedSignal,
  type Decision,
  type TaskSpec,
  type TaskTimes,
} from './human-task.contract';

const tasks = proxyActivities<TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// The decision's write, run by the worker inside the workflow task that took the update (DECIDE_LOCAL_PATCH):
// the reply needs no activity task and no second workflow task. Same retries; a conflict is non-retryable.
const localTasks = proxyLocalActivities<TaskActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

interface OpenTask {
  spec: TaskSpec;
  deciding: boolean;
  decision?: Decision;
  times?: TaskTimes;
  retime?: boolean;
}

// Module state is per workflow execution: the tasks this workflow waits on right now.
const open = new Map<string, OpenTask>();
let handlerInstalled = false;

function installDecideHandler(): void {
  if (handlerInstalled) return;
  handlerInstalled = true;
  // Signals and queries add no commands, so they are safe in workflows started before them.
  setHandler(taskTimesChangedSignal, (input) => {
    for (const [id, task] of open) if (!input?.taskIds || input.taskIds.includes(id)) task.retime = true;
  });
  setHandler(openTaskTimesQuery, () => [...open.values()].flatMap((t) => (t.times && !t.decision ? [t.times] : [])));
  setHandler(
    decideUpdate,
    async (input: TaskDecisionInput) => {
      const task = open.get(input.taskId)!;
      task.deciding = true; // synchronously, before any await: a concurrent update is refused by the validator
      try {
        const view = await (patched(DECIDE_LOCAL_PATCH) ? localTasks : tasks).recordDecision(input);
        task.decision = {
          taskId: input.taskId,
          decision: input.decision,
          comment: input.comment,
          data: input.data,
          byUserId: input.byUserId,
        };
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
          throw ApplicationFailure.create({
            message: 'this task is already decided',
            type: CONFLICT,
            nonRetryable: true,
          });
        }
        const problems = checkDecision(task.spec.kind, input, task.spec.payload);
        if (problems.length) {
          throw ApplicationFailure.create({
            message: problems[0].problem,
            type: BAD_REQUEST,
            nonRetryable: true,
            details: problems,
          });
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
  entry.times = times;
  if (patched(RETIME_PATCH)) {
    await waitRearmable(taskId, entry);
    open.delete(taskId);
    return entry.decision!;
  }

  if (!(await condition(decided, until(times.remindAt)))) {
    await tasks.remindTask({ taskId, escalationLevel: times.escalationLevel });
  }
  let dueAt = times.dueAt;
  let level = times.escalationLevel;
  while (!decided()) {
    if (await condition(decided, until(dueAt))) break;
    const step = await tasks.escalateTask({ taskId, toLevel: level + 1 });
    if (step.atTop || !step.escalated) {
      await condition(decided);
      break;
    }
    level = step.escalationLevel;
    dueAt = step.dueAt;
  }
  open.delete(taskId);
  return entry.decision!;
}

/**
 * The same reminder and escalation steps as above, but each timer is re-armed when the task's times
 * change under it (taskTimesChangedSignal): the times are re-read from the task table, so a notice
 * that moves a deadline moves the reminder and the escalation with it.
 */
async function waitRearmable(taskId: string, entry: OpenTask): Promise<void> {
  const decided = () => entry.decision !== undefined;
  const woken = () => decided() || entry.retime === true;
  let t = entry.times!;
  const reread = async () => {
    entry.retime = false;
    t = await tasks.taskTimes({ taskId });
    entry.times = t;
  };
  let reminded = false;
  while (!decided() && !reminded) {
    if (await condition(woken, until(t.remindAt))) {
      if (!decided()) await reread();
      continue;
    }
    await tasks.remindTask({ taskId, escalationLevel: t.escalationLevel });
    reminded = true;
  }
  while (!decided()) {
    if (await condition(woken, until(t.dueAt))) {
      if (!decided()) await reread();
      continue;
    }
    const step = await tasks.escalateTask({ taskId, toLevel: t.escalationLevel + 1, honourMovedDue: true });
    if (step.atTop) {
      await condition(decided);
      break;
    }
    t = { ...t, escalationLevel: step.escalationLevel, dueAt: step.dueAt };
    entry.times = t;
  }
}

/** Waits for running update handlers before a workflow returns, so no decision is cut off. */
export async function finishHandlers(): Promise<void> {
  await condition(allHandlersFinished);
}
