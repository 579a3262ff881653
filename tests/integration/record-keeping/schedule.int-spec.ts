// The dealer's 09:00 schedule and the workflow it starts: today's check runs once, whatever fires it.
import {
  dailyCheckScheduleId,
  dailyCheckScheduledWorkflow,
  dailyCheckWorkflowId,
  followUpSweepScheduleId,
} from '@kaflow/workflows';
import { SCHEDULED_PROCESSES, syncSchedules } from '../../../apps/worker/src/schedules';
import { startTestEnv, type TestEnv } from '../../support/env';
import { eventually } from '../../support/eventually';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

it('keeps one 09:00 schedule per dealer in the dealer time zone, created once and updated after', async () => {
  const f = await env.createDealer({ timezone: 'Asia/Urumqi' });
  // this test's dealer only: the other suites' dealers in the test database are not this test's business
  await syncSchedules(env.client, env.db, env.taskQueue, undefined, [f.dealer.id]);
  await syncSchedules(env.client, env.db, env.taskQueue, undefined, [f.dealer.id]); // a second start changes nothing
  const handle = env.client.schedule.getHandle(dailyCheckScheduleId(f.dealer.id));
  try {
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Asia/Urumqi');
    expect(d.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 9, end: 9, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
    });
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'dailyCheckScheduledWorkflow',
      taskQueue: env.taskQueue,
    });
    // and the follow-up sweep's at 05:00 (its starter does nothing on the 'prospect' grain)
    const sweep = await env.client.schedule.getHandle(followUpSweepScheduleId(f.dealer.id)).describe();
    expect(sweep.spec.timezone).toBe('Asia/Urumqi');
    expect(sweep.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 5, end: 5, step: 1 }] });
    expect(sweep.action).toMatchObject({ workflowType: 'followUpSweepScheduledWorkflow' });
  } finally {
    // the test database's dealers' schedules are removed so the dev server does not keep firing them
    for (const p of SCHEDULED_PROCESSES)
      await env.client.schedule
        .getHandle(p.scheduleId(f.dealer.id))
        .delete()
        .catch(() => undefined);
  }
});

// The clock is pinned (10:00 in Shanghai) so both branches run whatever today is: 8 Oct 2026 is a working
// Thursday after the National Day holiday, 5 Oct 2026 a Monday inside it (the official 2026 calendar).
it.each([
  ['a working day', '2026-10-08T02:00:00Z', '2026-10-08'],
  ['nothing on a day off', '2026-10-05T02:00:00Z', null],
])("runs the day's check once on %s", async (_label, at, businessDate) => {
  const f = await env.createDealer();
  env.clock.pin(at);
  try {
    const fire = (n: number) =>
      env.client.workflow.execute(dailyCheckScheduledWorkflow, {
        workflowId: `daily-check-schedule:${f.dealer.id}:${n}`,
        taskQueue: env.taskQueue,
        args: [{ dealerId: f.dealer.id }],
      });
    const [first, second] = [await fire(1), await fire(2)];
    if (businessDate === null) {
      expect([first, second]).toEqual([null, null]);
      return;
    }
    expect(first).toBe(dailyCheckWorkflowId(f.dealer.id, businessDate));
    expect(second).toBe(first);
    await eventually(async () => {
      const runs = [];
      for await (const w of env.client.workflow.list({ query: `WorkflowId = '${first}'` })) runs.push(w);
      expect(runs).toHaveLength(1);
    });
  } finally {
    env.clock.unpin();
  }
});
