// The sweep grain of the follow-ups against real PostgreSQL, the Temporal dev server and an SMTP listener, with a
// policy of seconds (cadence, grace, and a one-second sweep bucket): a dealer on the sweep grain gets its reminders,
// escalations and lost-deal analyses from its day's sweep, each once however often the sweep runs; a running
// follow-up workflow hands its prospect over at its next wake when the dealer switches, and gets it back when the
// dealer switches back; a dealer on the 'prospect' grain is untouched.
import { WorkflowNotFoundError } from '@temporalio/client';
import { mergePolicy, DEFAULT_POLICY } from '@kaflow/domain';
import { ConversionStateEntity, DealerPolicyEntity, GradeChangeEntity, ProspectEntity } from '@kaflow/persistence';
import { dueForSweep, loadPolicy } from '@kaflow/records';
import {
  followUpSweepScheduledWorkflow,
  followUpSweepWorkflow,
  followUpSweepWorkflowId,
  followUpWorkflowId,
  overdueFollowupWorkflowId,
  startFollowUp,
} from '@kaflow/workflows';
import { sweepDayOf } from '@kaflow/calendar';
import { reconcileFollowUps } from '../../../apps/worker/src/reconcile';
import { reconcileGrains } from '../../../apps/worker/src/reconcile-grain';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect, type DealerFixture } from '../../support/fixtures';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const SWEEP = { followUpGrain: 'sweep', followUpSweepBucket: 'PT1S' };
const reminders = (f: DealerFixture) => env.subjects(f, 'consultant').filter((s) => s.startsWith('【跟进提醒】'));
const state = (prospectId: string) => env.db.getRepository(ConversionStateEntity).findOneByOrFail({ prospectId });
let runs = 0;

/** What the API does for a new or changed prospect of a sweep dealer: its row, due now. */
const markDue = (f: DealerFixture, p: ProspectEntity) =>
  dueForSweep(
    env.db,
    f.dealer.id,
    [{ prospectId: p.id, workflowId: followUpWorkflowId(f.dealer.id, p.id) }],
    new Date(),
  );

/** A sweep run of `seconds` (a day's run, cut short for the test). */
async function sweep(f: DealerFixture, seconds: number) {
  const until = new Date(Date.now() + seconds * 1000).toISOString();
  return env.client.workflow.execute(followUpSweepWorkflow, {
    workflowId: `${followUpSweepWorkflowId(f.dealer.id, 'test')}:${++runs}`,
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, date: 'test', until }],
  });
}

/** The dealer admin's policy change, as the API stores it. */
async function setPolicy(f: DealerFixture, patch: Record<string, unknown>) {
  const { policy, problems } = mergePolicy(await loadPolicy(env.db, f.dealer.id), patch);
  expect(problems).toEqual([]);
  await env.db.getRepository(DealerPolicyEntity).update({ dealerId: f.dealer.id }, { policy: policy as never });
}

async function noWorkflow(workflowId: string) {
  await expect(env.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

it("reminds and escalates a sweep dealer's overdue follow-up from the sweep, once however often it runs", async () => {
  const f = await env.createDealer({
    ...SWEEP,
    followUpCadence: { A: 'PT3S' },
    durations: { followUpGrace: 'PT3S', overdueFollowup: 'PT1H' },
  });
  const p = await insertProspect(env.db, f, { grade: 'A' });
  expect(await markDue(f, p)).toEqual(new Set([p.id]));
  const first = await sweep(f, 12);
  // due 3 s after creation, escalated 3 s after that: both inside the run, each at the end of its one-second bucket
  expect(first.ticked).toBeGreaterThanOrEqual(3);
  expect(first.escalations).toBe(1);
  expect(reminders(f)).toHaveLength(1);
  const [task] = await env.tasks({ subjectId: p.id, kind: 'overdue_followup' });
  expect(task).toMatchObject({ assigneeRole: 'ka_manager', status: 'open' });
  expect(task.workflowId).toBe(
    overdueFollowupWorkflowId(f.dealer.id, p.id, new Date(p.createdAt.getTime() + 3_000).toISOString()),
  );
  const escalation = await env.client.workflow.getHandle(task.workflowId).describe();
  expect(escalation.parentExecution?.workflowId).toBe(`${followUpSweepWorkflowId(f.dealer.id, 'test')}:${runs}`);
  expect(await state(p.id)).toMatchObject({ grain: 'sweep', status: 'live', escalateDue: null });
  await noWorkflow(followUpWorkflowId(f.dealer.id, p.id)); // no workflow of its own, ever

  // a second run ticks it again (a change marked it due): the same missed due date is not escalated again
  await markDue(f, p);
  const second = await sweep(f, 4);
  expect(second.ticked).toBeGreaterThanOrEqual(1);
  expect(await env.tasks({ subjectId: p.id, kind: 'overdue_followup' })).toHaveLength(1);
  expect(reminders(f)).toHaveLength(1);
  expect(await state(p.id)).toMatchObject({ escalateDue: null });
}, 60_000);

it('starts the lost-deal analysis of a loss the sweep finds, once', async () => {
  const f = await env.createDealer({ ...SWEEP, durations: { lostAnalysis: 'PT1H' } });
  const p = await insertProspect(env.db, f, { grade: 'B' });
  await markDue(f, p);
  await env.db.getRepository(ProspectEntity).update({ id: p.id }, { grade: 'F' });
  await env.db.getRepository(GradeChangeEntity).insert({
    dealerId: f.dealer.id,
    prospectId: p.id,
    fromGrade: 'B',
    toGrade: 'F',
    at: new Date(),
    byUserId: f.users.consultant.id,
    reason: '选择了竞品',
  });
  expect((await sweep(f, 3)).losses).toBe(1);
  await markDue(f, p); // still lost when ticked again
  await sweep(f, 3);
  const analyses = await eventually(async () => {
    const t = await env.tasks({ subjectId: p.id, kind: 'lost_analysis' });
    expect(t).toHaveLength(1);
    return t;
  }, 15_000);
  expect(analyses[0]).toMatchObject({ assigneeRole: 'ka_manager', status: 'open' });
  expect(analyses[0].workflowId).toMatch(new RegExp(`^conversion-lost:${f.dealer.id}:${p.id}:\\d+$`));
  expect(await state(p.id)).toMatchObject({ status: 'lost', wakeAt: null, lossAt: null });
}, 60_000);

it('hands a running follow-up workflow over at its next wake when the dealer switches, and back again', async () => {
  const f = await env.createDealer({ followUpCadence: { A: 'PT8S' }, durations: { followUpGrace: 'PT4S' } });
  const p = await insertProspect(env.db, f, { grade: 'A' });
  const { handle } = await startFollowUp(env.client, env.taskQueue, f.dealer.id, p.id);
  await eventually(async () => expect(await state(p.id)).toMatchObject({ grain: 'prospect', status: 'live' }));
  await setPolicy(f, SWEEP); // the worker reads it within its 5 s policy cache, before the 8 s wake
  // the wake at the due date: the workflow reminds (its last tick), hands over and ends
  expect(await handle.result()).toEqual({ outcome: 'swept' });
  await eventually(() => expect(reminders(f)).toHaveLength(1)); // through the outbox
  const handed = await state(p.id);
  expect(handed).toMatchObject({ grain: 'sweep', status: 'live' });
  // the next thing to check is the grace's end, 4 s after the due date
  expect(handed.wakeAt!.getTime()).toBe(p.createdAt.getTime() + 8_000 + 4_000);
  expect((await sweep(f, 10)).escalations).toBe(1);
  expect(await env.tasks({ subjectId: p.id, kind: 'overdue_followup' })).toHaveLength(1);
  expect(reminders(f)).toHaveLength(1);

  // back to one workflow per prospect: the worker's reconcile starts the workflow again, and it takes the row back
  await setPolicy(f, { followUpGrain: 'prospect' });
  await new Promise((r) => setTimeout(r, 5_500)); // the worker's policy cache
  expect(await reconcileGrains(env.client, env.db, env.taskQueue, undefined, { dealerIds: [f.dealer.id] })).toEqual({
    started: 1,
    running: 0,
  });
  await eventually(async () => expect(await state(p.id)).toMatchObject({ grain: 'prospect', wakeAt: null }));
  expect((await env.client.workflow.getHandle(followUpWorkflowId(f.dealer.id, p.id)).describe()).status.name).toBe(
    'RUNNING',
  );
  // the missed due date stays escalated once
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await env.tasks({ subjectId: p.id, kind: 'overdue_followup' })).toHaveLength(1);
}, 90_000);

it("leaves a dealer on the 'prospect' grain untouched: no sweep run, its workflows as before", async () => {
  const f = await env.createDealer({ followUpCadence: { A: 'PT1H' } });
  expect((await loadPolicy(env.db, f.dealer.id)).followUpGrain).toBe('prospect');
  const p = await insertProspect(env.db, f, { grade: 'A' });
  expect(await markDue(f, p)).toEqual(new Set()); // the API starts its workflow instead
  const { handle } = await startFollowUp(env.client, env.taskQueue, f.dealer.id, p.id);
  await eventually(async () => expect(await state(p.id)).toMatchObject({ grain: 'prospect', wakeAt: null }));
  expect(
    await env.client.workflow.execute(followUpSweepScheduledWorkflow, {
      workflowId: `follow-up-sweep-schedule-test:${f.dealer.id}`,
      taskQueue: env.taskQueue,
      args: [{ dealerId: f.dealer.id }],
    }),
  ).toBeNull();
  expect(await sweep(f, 5)).toEqual({ rounds: 1, ticked: 0, failed: 0, escalations: 0, losses: 0 });
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect(await state(p.id)).toMatchObject({ grain: 'prospect', wakeAt: null, escalateDue: null });
}, 60_000);

it("starts the day's run from the schedule's workflow for a sweep dealer, once per sweep day", async () => {
  const f = await env.createDealer(SWEEP);
  const start = (n: number) =>
    env.client.workflow.execute(followUpSweepScheduledWorkflow, {
      workflowId: `follow-up-sweep-schedule-test:${f.dealer.id}:${n}`,
      taskQueue: env.taskQueue,
      args: [{ dealerId: f.dealer.id }],
    });
  const id = await start(1);
  expect(id).toMatch(new RegExp(`^follow-up-sweep:${f.dealer.id}:\\d{4}-\\d{2}-\\d{2}$`));
  expect(await start(2)).toBe(id);
  const run = env.client.workflow.getHandle(id!);
  expect((await run.describe()).status.name).toBe('RUNNING');
  await setPolicy(f, { followUpGrain: 'prospect' }); // the run ends at its next round once the worker reads it
  expect(await run.result()).toMatchObject({ ticked: 0, failed: 0 });
}, 60_000);

it("gives a sweep dealer's prospect that lacks its schedule to the sweep, and the dealer its day's run (reconcile)", async () => {
  const f = await env.createDealer(SWEEP);
  const p = await insertProspect(env.db, f, { at: new Date(Date.now() - 3_600_000) });
  const only = { dealerIds: [f.dealer.id], minAgeMs: 60_000 };
  expect(await reconcileFollowUps(env.client, env.db, env.taskQueue, undefined, only)).toEqual({
    started: 1,
    running: 0,
  });
  expect(await state(p.id)).toMatchObject({ grain: 'sweep', status: 'live' });
  expect((await state(p.id)).wakeAt!.getTime()).toBeLessThanOrEqual(Date.now());
  await noWorkflow(followUpWorkflowId(f.dealer.id, p.id));
  expect(await reconcileGrains(env.client, env.db, env.taskQueue, undefined, only)).toEqual({ started: 1, running: 0 });
  expect(await reconcileGrains(env.client, env.db, env.taskQueue, undefined, only)).toEqual({ started: 0, running: 1 });
  const day = env.client.workflow.getHandle(
    followUpSweepWorkflowId(f.dealer.id, sweepDayOf(new Date(), 'Asia/Shanghai').date),
  );
  // its first round ticks the prospect: its wake time becomes its due date (A: 7 days after it was recorded)
  await eventually(async () =>
    expect((await state(p.id)).wakeAt!.getTime()).toBeGreaterThan(Date.now() + 5 * 86_400_000),
  );
  await day.terminate('test over');
});

it('defaults to the deployment grain (KAFLOW_FOLLOW_UP_GRAIN) under a policy that names none', async () => {
  const f = await env.createDealer();
  const row = await env.db.getRepository(DealerPolicyEntity).findOneByOrFail({ dealerId: f.dealer.id });
  const { followUpGrain: _named, ...unnamed } = row.policy as typeof DEFAULT_POLICY;
  await env.db.getRepository(DealerPolicyEntity).update({ dealerId: f.dealer.id }, { policy: unnamed as never });
  const before = process.env.KAFLOW_FOLLOW_UP_GRAIN;
  try {
    process.env.KAFLOW_FOLLOW_UP_GRAIN = 'sweep';
    expect((await loadPolicy(env.db, f.dealer.id)).followUpGrain).toBe('sweep');
    process.env.KAFLOW_FOLLOW_UP_GRAIN = 'day';
    await expect(loadPolicy(env.db, f.dealer.id)).rejects.toThrow(/KAFLOW_FOLLOW_UP_GRAIN must be prospect or sweep/);
  } finally {
    if (before === undefined) delete process.env.KAFLOW_FOLLOW_UP_GRAIN;
    else process.env.KAFLOW_FOLLOW_UP_GRAIN = before;
  }
  expect((await loadPolicy(env.db, f.dealer.id)).followUpGrain).toBe('prospect');
});
