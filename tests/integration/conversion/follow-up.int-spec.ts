// The per-prospect follow-up workflow against real PostgreSQL, the Temporal dev server and an SMTP
// listener, with cadences and graces of seconds from the policy.
import {
  FollowUpDueEntity,
  FollowUpEntity,
  GradeChangeEntity,
  ProspectEntity,
  ConversionStateEntity,
} from '@kaflow/persistence';
import {
  followUpWorkflowId,
  decideUpdate,
  deliveredSignal,
  prospectChangedSignal,
  followUpQuery,
  startFollowUp,
} from '@kaflow/workflows';
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

const subjects = (f: DealerFixture, name: string) => env.subjects(f, name);
const start = async (dealerId: string, prospectId: string) =>
  (await startFollowUp(env.client, env.taskQueue, dealerId, prospectId)).handle;
const due = async (id: string) => (await env.db.getRepository(ProspectEntity).findOneByOrFail({ id })).nextFollowUpDue;

/** What the API does on a grade change, without the API: the row, its history, then the signal. */
async function changeGrade(f: DealerFixture, p: ProspectEntity, to: string) {
  const at = new Date();
  await env.db.getRepository(ProspectEntity).update({ id: p.id }, { grade: to });
  await env.db.getRepository(GradeChangeEntity).insert({
    dealerId: f.dealer.id,
    prospectId: p.id,
    fromGrade: p.grade,
    toGrade: to,
    at,
    byUserId: f.users.consultant.id,
    reason: 'test',
  });
  await env.client.workflow
    .getHandle(followUpWorkflowId(f.dealer.id, p.id))
    .signal(prospectChangedSignal, { reason: 'grade' });
  return at;
}

it('reminds the consultant of an overdue follow-up, then escalates it to the key-account manager after the grace', async () => {
  const f = await env.createDealer({
    followUpCadence: { A: 'PT3S' },
    durations: { followUpGrace: 'PT3S', overdueFollowup: 'PT1H' },
  });
  const p = await insertProspect(env.db, f, { grade: 'A' });
  await start(f.dealer.id, p.id);
  await eventually(async () => expect((await due(p.id))?.getTime()).toBe(p.createdAt.getTime() + 3_000));
  await eventually(
    () => expect(subjects(f, 'consultant')).toContainEqual(expect.stringMatching(/^【跟进提醒】/)),
    20_000,
  );
  const task = await eventually(async () => {
    const [t] = await env.tasks({ subjectId: p.id, kind: 'overdue_followup' });
    expect(t).toMatchObject({ assigneeRole: 'ka_manager', status: 'open', escalationLevel: 0 });
    return t;
  }, 20_000);
  expect(task.payload).toMatchObject({ consultantId: f.users.consultant.id, grade: 'A' });
  await eventually(() =>
    expect(subjects(f, 'ka_manager')).toContainEqual(expect.stringMatching(/^【待办】逾期跟进：/)),
  );
  // escalated once for this due date however long it stays missed
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await env.tasks({ subjectId: p.id, kind: 'overdue_followup' })).toHaveLength(1);
  expect(subjects(f, 'consultant').filter((s) => s.startsWith('【跟进提醒】'))).toHaveLength(1);
  await env.client.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
    args: [{ taskId: task.id, decision: 'done', comment: '已约谈顾问，明天上门', byUserId: f.users.ka_manager.id }],
  });
  expect((await env.tasks({ id: task.id }))[0]).toMatchObject({ status: 'done', decision: 'done' });
  const [ledger] = await env.db.getRepository(FollowUpDueEntity).findBy({ prospectId: p.id });
  expect(ledger).toMatchObject({ outcome: 'open', consultantId: f.users.consultant.id, grade: 'A' });
});

it('moves the due date when the grade changes or a follow-up is recorded', async () => {
  const f = await env.createDealer({ followUpCadence: { A: 'PT1H', H: 'PT20M' } });
  const p = await insertProspect(env.db, f, { grade: 'A' });
  const handle = await start(f.dealer.id, p.id);
  await eventually(async () => expect((await due(p.id))?.getTime()).toBe(p.createdAt.getTime() + 3_600_000));
  const changedAt = await changeGrade(f, p, 'H');
  await eventually(async () => expect((await due(p.id))?.getTime()).toBe(changedAt.getTime() + 20 * 60_000));
  expect(await handle.query(followUpQuery)).toMatchObject({
    status: 'live',
    grade: 'H',
    dueAt: new Date(changedAt.getTime() + 20 * 60_000).toISOString(),
  });

  const at = new Date(Date.now() + 1_000);
  await env.db.getRepository(FollowUpEntity).insert({
    dealerId: f.dealer.id,
    prospectId: p.id,
    byUserId: f.users.consultant.id,
    channel: 'phone',
    content: '电话沟通',
    nextStep: null,
    at,
  });
  await handle.signal(prospectChangedSignal, { reason: 'follow_up' });
  await eventually(async () => expect((await due(p.id))?.getTime()).toBe(at.getTime() + 20 * 60_000));
  // the ledger: the A due was moved by the grade change, the first H due met by the follow-up
  await eventually(async () => {
    const rows = await env.db
      .getRepository(FollowUpDueEntity)
      .find({ where: { prospectId: p.id }, order: { setAt: 'ASC' } });
    expect(rows.map((r) => [r.grade, r.outcome])).toEqual([
      ['A', 'moved'],
      ['H', 'met'],
      ['H', 'open'],
    ]);
  });
  expect(subjects(f, 'consultant')).toEqual([]);
});

it('warns the consultant and the manager when a hot customer can no longer get its follow-ups this month', async () => {
  // no month has 25 working days: with none done the count is out of reach at once
  const f = await env.createDealer({ hotFollowUpsPerMonth: 25 });
  const p = await insertProspect(env.db, f, { grade: 'B' });
  await env.db.getRepository(ProspectEntity).update({ id: p.id }, { hot: true });
  await start(f.dealer.id, p.id);
  await eventually(() => expect(subjects(f, 'consultant')).toContainEqual(expect.stringMatching(/^【热点客户预警】/)));
  await eventually(() => expect(subjects(f, 'ka_manager')).toContainEqual(expect.stringMatching(/^【热点客户预警】/)));
  // a hot customer's next follow-up is at most the next working day away when the month is short
  const d = await due(p.id);
  expect(d!.getTime() - Date.now()).toBeLessThan(5 * 86_400_000);
});

it('tells the manager when a walk-in (W) was not graded the same working day', async () => {
  const f = await env.createDealer();
  const p = await insertProspect(env.db, f, { grade: 'W', at: new Date(Date.now() - 5 * 86_400_000) });
  await start(f.dealer.id, p.id);
  await eventually(() => expect(subjects(f, 'ka_manager')).toContainEqual(expect.stringMatching(/^【到店未留档】/)));
  expect(await env.tasks({ subjectId: p.id, kind: 'overdue_followup' })).toEqual([]);
});

it('ends the follow-up workflow at the delivery: the prospect becomes an owner', async () => {
  const f = await env.createDealer();
  const p = await insertProspect(env.db, f, { grade: 'O' });
  const handle = await start(f.dealer.id, p.id);
  await eventually(async () => expect(await due(p.id)).not.toBeNull());
  await handle.signal(deliveredSignal, { at: new Date().toISOString() });
  expect(await handle.result()).toEqual({ outcome: 'delivered' });
  expect(await due(p.id)).toBeNull();
  expect(await env.db.getRepository(ConversionStateEntity).findOneByOrFail({ prospectId: p.id })).toMatchObject({
    status: 'delivered',
  });
});
