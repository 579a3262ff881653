// The month-end cycle (processes 2–4) against real PostgreSQL, the Temporal dev server and SMTP:
// roll → director → GM with a rejection, decomposition with a disputed personal target, lead plan,
// visit plans; and an overdue director review escalated to the GM.
import { PersonalTargetEntity, PlanEntity, type TaskEntity } from '@kaflow/persistence';
import { decideUpdate, monthEndWorkflow, monthEndWorkflowId } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';
import type { DealerFixture } from '../../support/fixtures';
import { eventually } from '../../support/eventually';
import { insertCatalogue, insertOrder, insertStock } from '../../support/planning-fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const subjects = (f: DealerFixture, name: string) => env.subjects(f, name);

async function withHistory(policy: Record<string, unknown>): Promise<DealerFixture> {
  const f = await env.createDealer(policy);
  await insertCatalogue(env.db, f);
  // 2026: consultant sold 5 A6L in October (2 delivered in November, not yet submitted); consultant_b 4 Q5L in
  // September, delivered and submitted.
  await insertOrder(env.db, f, {
    quantity: 5,
    orderDate: '2026-10-12',
    deliveries: [{ quantity: 2, date: '2026-11-05' }],
  });
  await insertOrder(env.db, f, {
    consultant: 'consultant_b',
    model: 'Q5L',
    quantity: 4,
    orderDate: '2026-09-08',
    developmentType: 'repeat',
    deliveries: [{ quantity: 4, date: '2026-10-09', submitted: '2026-10-20' }],
  });
  await insertStock(env.db, f, '2026-12', { A6L: 10, Q5L: 5 });
  return f;
}

function start(f: DealerFixture) {
  return env.client.workflow.start(monthEndWorkflow, {
    workflowId: monthEndWorkflowId(f.dealer.id, '2026-11'),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, month: '2026-11', businessDate: '2026-11-24' }],
  });
}

const openTask = (f: DealerFixture, kind: string, extra: Partial<TaskEntity> = {}) =>
  eventually(async () => {
    const [t] = await env.tasks({ dealerId: f.dealer.id, kind, status: 'open', ...extra } as any);
    expect(t).toBeDefined();
    return t;
  }, 30_000);

it('walks roll → director (rejects) → manager → director → GM, decomposition with a dispute, lead plan and visit plans', async () => {
  const f = await withHistory({
    durations: {
      planDraft: 'PT1H',
      planReview: 'PT1H',
      planSignoff: 'PT1H',
      targetConfirmation: 'PT1H',
      visitPlan: 'PT1H',
    },
  });
  const handle = await start(f);
  const decide = (
    t: TaskEntity,
    user: string,
    decision: string,
    more: { comment?: string; data?: Record<string, unknown> } = {},
  ) => handle.executeUpdate(decideUpdate, { args: [{ taskId: t.id, decision, byUserId: f.users[user].id, ...more }] });

  // every consultant is asked for next month's visit plan, beside the plans
  const visits = await eventually(async () => {
    const ts = await env.tasks({ dealerId: f.dealer.id, kind: 'visit_plan' });
    expect(ts.map((t) => t.assigneeUserId).sort()).toEqual([f.users.consultant.id, f.users.consultant_b.id].sort());
    return ts;
  });

  // P2: the pre-filled roll for December from the records
  const draft1 = await openTask(f, 'plan_draft');
  const rolling1 = await env.db.getRepository(PlanEntity).findOneByOrFail({ id: draft1.subjectId });
  expect(rolling1).toMatchObject({ kind: 'rolling', period: '2026-12', version: 1, status: 'draft' });
  // backlog at 1 Dec: 5 + 4 ordered − 2 − 4 delivered = 3; pending: 6 delivered − 4 submitted = 2; stock 10 + 5
  expect(rolling1.input).toMatchObject({ month: '2026-12', backlog: 3, pendingSubmissions: 2, nextMonthStock: 15 });
  expect(rolling1.input.actuals).toHaveLength(11);
  expect(rolling1.input.actuals[9]).toEqual({ month: '2026-10', orders: 5, aak: 4, submissions: 4 });
  await decide(draft1, 'ka_manager', 'submit');

  const review1 = await openTask(f, 'plan_review');
  expect(review1.assigneeRole).toBe('sales_director');
  await eventually(() =>
    expect(subjects(f, 'sales_director')).toContainEqual(expect.stringMatching(/^【待办】审核X\+Y滚动计划 2026-12 v1/)),
  );
  await decide(review1, 'sales_director', 'reject', { comment: '订单目标偏低，请按库存调高' });

  const draft2 = await openTask(f, 'plan_draft');
  expect(draft2.payload).toMatchObject({ plan: { version: 2 }, sentBack: '销售总监退回：订单目标偏低，请按库存调高' });
  expect(await env.db.getRepository(PlanEntity).findOneByOrFail({ id: rolling1.id })).toMatchObject({
    status: 'rejected',
  });
  await decide(draft2, 'ka_manager', 'submit', { data: { input: { annualTargets: { orders: 40 } } } });
  const review2 = await openTask(f, 'plan_review');
  await decide(review2, 'sales_director', 'approve', { data: { overrideNote: '年度目标已与厂家确认' } });
  const signoff = await openTask(f, 'plan_signoff');
  expect(signoff.assigneeRole).toBe('gm');
  await eventually(() =>
    expect(subjects(f, 'gm')).toContainEqual(expect.stringMatching(/^【待办】签批X\+Y滚动计划 2026-12 v2/)),
  );
  await decide(signoff, 'gm', 'approve');
  const planRow = (id: string, status: string) =>
    eventually(async () => {
      const p = await env.db.getRepository(PlanEntity).findOneByOrFail({ id });
      expect(p.status).toBe(status);
      return p;
    });
  const rolling2 = await planRow(draft2.subjectId, 'approved');
  expect(rolling2).toMatchObject({ version: 2, reason: '销售总监退回：订单目标偏低，请按库存调高' });
  expect(rolling2.input.annualTargets.orders).toBe(40);
  expect(rolling2.result.next.aak).toBeLessThanOrEqual(15);

  // P3: decomposition → personal targets, one disputed → back to the manager → confirmed → director
  const decDraft1 = await openTask(f, 'plan_draft');
  const dec1 = await env.db.getRepository(PlanEntity).findOneByOrFail({ id: decDraft1.subjectId });
  expect(dec1).toMatchObject({ kind: 'decomposition', period: '2026-12', version: 1 });
  expect(dec1.input.targets).toEqual({
    orders: rolling2.result.next.orders,
    aak: rolling2.result.next.aak,
    submissions: rolling2.result.next.submissions,
  });
  await decide(decDraft1, 'ka_manager', 'submit');
  const confirmA = await openTask(f, 'target_confirmation', { assigneeUserId: f.users.consultant.id });
  const confirmB = await openTask(f, 'target_confirmation', { assigneeUserId: f.users.consultant_b.id });
  await eventually(() =>
    expect(subjects(f, 'consultant_b')).toContainEqual(expect.stringMatching(/^【待办】个人目标确认书 2026-12/)),
  );
  await decide(confirmA, 'consultant', 'confirm');
  await decide(confirmB, 'consultant_b', 'dispute', { comment: 'Q5L 库存不足，订单目标过高' });
  await eventually(async () => {
    const rows1 = await env.db.getRepository(PersonalTargetEntity).findBy({ planId: dec1.id });
    expect(rows1.map((r) => r.status).sort()).toEqual(['confirmed', 'disputed']);
  });

  const decDraft2 = await openTask(f, 'plan_draft');
  expect(String(decDraft2.payload.sentBack)).toContain('Q5L 库存不足，订单目标过高');
  await decide(decDraft2, 'ka_manager', 'submit');
  for (const name of ['consultant', 'consultant_b']) {
    await decide(await openTask(f, 'target_confirmation', { assigneeUserId: f.users[name].id }), name, 'confirm');
  }
  // P3 support: no H/A or B/C prospects, only the consultant's 3 cars still to deliver, so the base does
  // not carry the targets and the director approves only with an override note
  const decReview = await openTask(f, 'plan_review');
  expect(decReview.payload.coverageOk).toBe(false);
  await decide(decReview, 'sales_director', 'approve', { data: { overrideNote: '下月新增客户补足' } });
  const dec2 = await planRow(decDraft2.subjectId, 'approved');
  expect(dec2.version).toBe(2);
  expect((await env.db.getRepository(PersonalTargetEntity).findBy({ planId: dec2.id })).map((r) => r.status)).toEqual([
    'confirmed',
    'confirmed',
  ]);

  // P4: the lead plan, confirmed by the manager
  const leadDraft = await openTask(f, 'plan_draft');
  const lead = await env.db.getRepository(PlanEntity).findOneByOrFail({ id: leadDraft.subjectId });
  expect(lead.kind).toBe('lead');
  expect(lead.input.models.map((m: { model: string }) => m.model)).toEqual(['A6L', 'Q5L']);
  await decide(leadDraft, 'ka_manager', 'submit');

  for (const t of visits)
    await decide(t, t.assigneeUserId === f.users.consultant.id ? 'consultant' : 'consultant_b', 'submit');
  const result = await handle.result();
  expect(result).toMatchObject({
    rolling: { version: 2 },
    decomposition: { version: 2 },
    lead: { version: 1 },
    visitPlans: 2,
  });
  expect(await env.db.getRepository(PlanEntity).findOneByOrFail({ id: lead.id })).toMatchObject({ status: 'approved' });
});

it('escalates an overdue director review to the GM, with its e-mail, and the GM may take it', async () => {
  const f = await withHistory({
    reminderAt: 0.5,
    durations: { planDraft: 'PT1H', planReview: 'PT6S', planSignoff: 'PT1H', visitPlan: 'PT1H' },
  });
  const handle = await start(f);
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: (await openTask(f, 'plan_draft')).id, decision: 'submit', byUserId: f.users.ka_manager.id }],
  });
  const review = await openTask(f, 'plan_review');
  await eventually(
    () => expect(subjects(f, 'sales_director')).toContainEqual(expect.stringMatching(/^【提醒】审核/)),
    30_000,
  );
  await eventually(async () => {
    const [t] = await env.tasks({ id: review.id });
    expect(t).toMatchObject({ assigneeRole: 'gm', escalationLevel: 1, status: 'open' });
  }, 30_000);
  await eventually(() =>
    expect(subjects(f, 'gm')).toContainEqual(expect.stringMatching(/^【升级】审核X\+Y滚动计划 2026-12 v1/)),
  );
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: review.id, decision: 'approve', byUserId: f.users.gm.id, data: { overrideNote: '总经理代审' } }],
  });
  await openTask(f, 'plan_signoff');
  await handle.terminate('test done');
});

it('asks the manager again when a submission carries edits the plan cannot take, instead of failing the cycle', async () => {
  const f = await withHistory({ durations: { planDraft: 'PT1H', visitPlan: 'PT1H' } });
  const handle = await start(f);
  const draft = await openTask(f, 'plan_draft');
  // the API refuses this with a 400 first; sent straight to the workflow, the cycle must still survive it
  await handle.executeUpdate(decideUpdate, {
    args: [
      {
        taskId: draft.id,
        decision: 'submit',
        byUserId: f.users.ka_manager.id,
        data: { input: { orderConversionRate: 2 } },
      },
    ],
  });
  const again = await openTask(f, 'plan_draft');
  expect(again.id).not.toBe(draft.id);
  expect(String(again.payload.sentBack)).toMatch(/^提交未成功：.*orderConversionRate/);
  expect(await env.db.getRepository(PlanEntity).findOneByOrFail({ id: draft.subjectId })).toMatchObject({
    status: 'draft',
    version: 1,
    revision: 1,
  });
  await handle.terminate('test done');
});
