// The human-task state machine with mocked activities: the real workflow code on the Temporal dev
// server that `npm test` starts (hence the integration project, not the unit one), every side effect
// replaced by an in-memory fake.
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import {
  callbackWorkflow,
  decideUpdate,
  openTaskTimesQuery,
  taskTimesChangedSignal,
  type CreateTaskInput,
  type TaskTimes,
} from '@kaflow/workflows';
import { workflowsPath } from '../../../apps/worker/src/worker';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const calls: string[] = [];
let level = 0;
const LEVELS = 3; // cs_agent → cs_manager → sales_director → gm
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

const fakes = {
  async openCallbackCheck() {
    calls.push('open');
    return { label: '测试单位 王经理', ownerId: 'u1' };
  },
  async createTask(input: CreateTaskInput) {
    calls.push(`create:${input.kind}`);
    level = 0;
    return { taskId: input.taskId, dueAt: at(1500), remindAt: at(700), escalationLevel: 0 };
  },
  async remindTask() {
    calls.push('remind');
  },
  async escalateTask(i: { toLevel: number }) {
    if (i.toLevel > LEVELS) {
      calls.push('top');
      return { escalated: false, atTop: true, escalationLevel: level, dueAt: at(0) };
    }
    level = i.toLevel;
    calls.push(`escalate:${level}`);
    return { escalated: true, atTop: false, escalationLevel: level, dueAt: at(700) };
  },
  async recordDecision(d: { taskId: string; decision: string }) {
    calls.push(`decide:${d.decision}`);
    return { id: d.taskId, decision: d.decision, status: 'done' };
  },
  async recordCallbackOutcome(i: { decision: string }) {
    calls.push(`outcome:${i.decision}`);
  },
  async taskTimes(i: { taskId: string }): Promise<TaskTimes> {
    calls.push('reread');
    return { ...retimed!, taskId: i.taskId };
  },
};
let retimed: TaskTimes | undefined;

let worker: Worker;
let running: Promise<void>;
let client: Client;
let connection: Connection;
const taskQueue = `unit-human-task-${process.pid}`;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    /* installed */
  }
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowsPath,
    activities: fakes,
  });
  running = worker.run();
  connection = await Connection.connect({ address });
  client = new Client({ connection });
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
});

it('reminds once, climbs the chain one level per overdue period, stops at the top, and takes the decision once', async () => {
  calls.length = 0;
  const handle = await client.workflow.start(callbackWorkflow, {
    taskQueue,
    workflowId: `unit-ht-${Date.now()}`,
    args: [{ dealerId: 'd', prospectId: 'p' }],
  });
  await waitFor(() => calls.includes('top'), 15_000);
  expect(calls).toEqual(['open', 'create:callback', 'remind', 'escalate:1', 'escalate:2', 'escalate:3', 'top']);
  const taskId = await taskIdOf(handle.workflowId);

  await expect(
    handle.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'approve', byUserId: 'u' }] }),
  ).rejects.toMatchObject({ cause: expect.objectContaining({ type: 'BadRequest' }) });
  await expect(
    handle.executeUpdate(decideUpdate, { args: [{ taskId: 'some-other-task', decision: 'verified', byUserId: 'u' }] }),
  ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  const view = await handle.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'verified', byUserId: 'u' }] });
  expect(view).toMatchObject({ decision: 'verified' });
  expect(await handle.result()).toEqual({ outcome: 'verified', rounds: 0 });
  expect(calls.filter((c) => c.startsWith('decide'))).toEqual(['decide:verified']);
  expect(calls.slice(-2)).toEqual(['decide:verified', 'outcome:verified']);
});

it('sends no reminder and no escalation when the decision comes in time', async () => {
  calls.length = 0;
  const handle = await client.workflow.start(callbackWorkflow, {
    taskQueue,
    workflowId: `unit-ht-fast-${Date.now()}`,
    args: [{ dealerId: 'd', prospectId: 'p' }],
  });
  const taskId = await taskIdOf(handle.workflowId);
  await handle.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'unreachable', byUserId: 'u' }] });
  await handle.result();
  expect(calls).toEqual(['open', 'create:callback', 'decide:unreachable', 'outcome:unreachable']);
});

it('re-arms its timers when the task times change under it (a calendar notice moved the deadline)', async () => {
  calls.length = 0;
  const handle = await client.workflow.start(callbackWorkflow, {
    taskQueue,
    workflowId: `unit-ht-retime-${Date.now()}`,
    args: [{ dealerId: 'd', prospectId: 'p' }],
  });
  const taskId = await taskIdOf(handle.workflowId);
  const started = Date.now();
  // later than the 700 / 1500 ms it sleeps on
  retimed = { taskId, remindAt: at(2500), dueAt: at(4000), escalationLevel: 0 };
  await handle.signal(taskTimesChangedSignal, { taskIds: [taskId] });
  await waitFor(async () => (await handle.query(openTaskTimesQuery))[0]?.remindAt === retimed!.remindAt, 5_000);
  await new Promise((r) => setTimeout(r, 1600 - (Date.now() - started)));
  // the old reminder (700 ms) and due time (1500 ms) did not fire
  expect(calls).toEqual(['open', 'create:callback', 'reread']);
  await waitFor(() => calls.includes('escalate:1'), 10_000);
  expect(calls).toEqual(['open', 'create:callback', 'reread', 'remind', 'escalate:1']);
  expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
  await handle.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'verified', byUserId: 'u' }] });
  await handle.result();
  // the new code replays its own history (the re-armable wait sits behind patched('human-task-retime'))
  await Worker.runReplayHistory({ workflowsPath }, await handle.fetchHistory());
});

/** The task id the workflow chose, read from its history (the createTask activity's input). */
async function taskIdOf(workflowId: string): Promise<string> {
  return waitFor(async () => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    for (const e of history.events ?? []) {
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType?.name === 'createTask') {
        const payload = a.input!.payloads![0];
        return JSON.parse(Buffer.from(payload.data!).toString()).taskId as string;
      }
    }
    return undefined;
  }, 10_000);
}

async function waitFor<T>(fn: () => T | Promise<T>, ms: number): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
