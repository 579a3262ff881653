// The patched change in overdueFollowupWorkflow (docs/operations.md, "Upgrades that never break running workflows"):
// new runs skip the manager's task when the consultant followed up after the due date; histories recorded
// before the change replay unchanged (tests/replay).
import { FollowUpEntity, TaskEntity } from '@kaflow/persistence';
import { overdueFollowupWorkflow } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';
import { insertProspect } from '../../support/fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const run = (dealerId: string, prospectId: string, dueAt: string, ownerId: string) =>
  env.client.workflow.start(overdueFollowupWorkflow, {
    workflowId: `overdue-patch:${prospectId}`,
    taskQueue: env.taskQueue,
    args: [{ dealerId, prospectId, dueAt, label: '测试单位', ownerId, grade: 'A' }],
  });

it('asks the manager nothing when the follow-up was done after the due date', async () => {
  const f = await env.createDealer({ durations: { overdueFollowup: 'PT1H' } });
  const p = await insertProspect(env.db, f);
  const dueAt = new Date(Date.now() - 3_600_000).toISOString();
  await env.db.getRepository(FollowUpEntity).insert({
    dealerId: f.dealer.id,
    prospectId: p.id,
    byUserId: f.users.consultant.id,
    channel: 'phone',
    content: '电话沟通',
    nextStep: null,
    at: new Date(Date.now() - 60_000),
  });
  const handle = await run(f.dealer.id, p.id, dueAt, f.users.consultant.id);
  expect(await handle.result()).toEqual({ decision: 'followed_up' });
  expect(await env.db.getRepository(TaskEntity).countBy({ workflowId: handle.workflowId })).toBe(0);
});

it("still opens the manager's task when no follow-up came after the due date", async () => {
  const f = await env.createDealer({ durations: { overdueFollowup: 'PT1H' } });
  const p = await insertProspect(env.db, f);
  // a follow-up before the due date does not count
  await env.db.getRepository(FollowUpEntity).insert({
    dealerId: f.dealer.id,
    prospectId: p.id,
    byUserId: f.users.consultant.id,
    channel: 'phone',
    content: '上次沟通',
    nextStep: null,
    at: new Date(Date.now() - 7_200_000),
  });
  const handle = await run(f.dealer.id, p.id, new Date(Date.now() - 3_600_000).toISOString(), f.users.consultant.id);
  const deadline = Date.now() + 60_000;
  let tasks = 0;
  while (Date.now() < deadline && tasks === 0) {
    tasks = await env.db.getRepository(TaskEntity).countBy({ workflowId: handle.workflowId, kind: 'overdue_followup' });
    if (!tasks) await new Promise((r) => setTimeout(r, 250));
  }
  expect(tasks).toBe(1);
  await handle.terminate('test done');
});
