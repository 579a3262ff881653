// The annual plan (process 1): pre-filled from last year's actuals, and a plan that fails the
// coverage check approved only with the director's override note.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { PlanEntity } from '@kaflow/persistence';
import { annualPlanWorkflow, annualPlanWorkflowId, decideUpdate } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';
import { eventually } from '../../support/eventually';
import { insertOrder } from '../../support/planning-fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

it('pre-fills next year from last year and refuses a short plan without an override note', async () => {
  const f = await env.createDealer({ durations: { planDraft: 'PT1H', planReview: 'PT1H', planSignoff: 'PT1H' } });
  // 2025: 10 A6L ordered in March; 6 delivered 10 Apr and submitted 25 Apr, 4 delivered 10 Jun, never submitted
  await insertOrder(env.db, f, {
    quantity: 10,
    orderDate: '2025-03-12',
    deliveries: [
      { quantity: 6, date: '2025-04-10', submitted: '2025-04-25' },
      { quantity: 4, date: '2025-06-10' },
    ],
  });
  const handle = await env.client.workflow.start(annualPlanWorkflow, {
    workflowId: annualPlanWorkflowId(f.dealer.id, 2026),
    taskQueue: env.taskQueue,
    args: [{ dealerId: f.dealer.id, year: 2026, businessDate: '2025-12-01' }],
  });
  const open = (kind: string) =>
    eventually(async () => {
      const [t] = await env.tasks({ dealerId: f.dealer.id, kind: kind as any, status: 'open' });
      expect(t).toBeDefined();
      return t;
    });
  const draft = await open('plan_draft');
  const plan = await env.db.getRepository(PlanEntity).findOneByOrFail({ id: draft.subjectId });
  // Σ(backlog at month start + orders) = Mar 10 + Apr 10 + May 4 + Jun 4 = 28; Σ AAK = 10 → r = 10/28
  // licensing: Apr 6/6 = 1, Jun 0/4 = 0, Jul–Dec 0/4 = 0; months with nothing pending take the
  // average Σ submissions ÷ Σ(pending at start + AAK) = 6 / (6 + 4 + 4·6) = 6/34
  expect(plan.input).toEqual({
    year: 2026,
    targets: { orders: 11, aak: 11, submissions: 7 },
    seasonalIndex: [0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    orderConversionRate: 0.3571,
    licensingRates: [0.1765, 0.1765, 0.1765, 1, 0.1765, 0, 0, 0, 0, 0, 0, 0],
    openingBacklog: 0,
    openingPendingSubmissions: 4,
  });

  await handle.executeUpdate(decideUpdate, {
    args: [
      {
        taskId: draft.id,
        decision: 'submit',
        byUserId: f.users.ka_manager.id,
        data: { input: { targets: { aak: 50 } } },
      },
    ],
  });
  const review = await open('plan_review');
  expect(review.payload).toMatchObject({ coverageOk: false });
  const refused = await handle
    .executeUpdate(decideUpdate, {
      args: [{ taskId: review.id, decision: 'approve', byUserId: f.users.sales_director.id }],
    })
    .catch((e) => e);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(refused.cause).toMatchObject({ type: 'BadRequest', message: expect.stringContaining('override note') });
  await handle.executeUpdate(decideUpdate, {
    args: [
      {
        taskId: review.id,
        decision: 'approve',
        byUserId: f.users.sales_director.id,
        data: { overrideNote: '差额由明年一季度厂家大客户资源补足' },
      },
    ],
  });
  const signoff = await open('plan_signoff');
  await handle.executeUpdate(decideUpdate, {
    args: [{ taskId: signoff.id, decision: 'approve', byUserId: f.users.gm.id }],
  });
  expect(await handle.result()).toMatchObject({ planId: plan.id, version: 1, status: 'approved', coverageOk: false });
  expect(await env.db.getRepository(PlanEntity).findOneByOrFail({ id: plan.id })).toMatchObject({
    status: 'approved',
    overrideNote: '差额由明年一季度厂家大客户资源补足',
    approvedBy: f.users.gm.id,
    reviewedBy: f.users.sales_director.id,
  });
});
