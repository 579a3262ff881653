// Plan sign-offs write their audit row in the same transaction as the state change, and only when they
// moved the plan: a retried activity (Temporal runs an activity again when its result was lost) finds the
// plan already moved and writes no second row. The activities are called directly, twice each.
import { createActivities } from '@kaflow/activities';
import { AuditLogEntity, PlanEntity } from '@kaflow/persistence';
import { createDraft } from '@kaflow/records';
import type { Decision } from '@kaflow/workflows';
import { startTestEnv, type TestEnv } from '../../support/env';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const annualInput = {
  year: 2027,
  targets: { orders: 130, aak: 120, submissions: 120 },
  seasonalIndex: Array(12).fill(1),
  orderConversionRate: 0.5,
  licensingRates: 0.4,
  openingBacklog: 6,
  openingPendingSubmissions: 5,
};

it('submit, review and approve each write one audit row however often they run', async () => {
  const f = await env.createDealer();
  const acts = createActivities({
    db: env.db,
    mailer: env.mailer,
    publicUrl: 'http://localhost',
    now: () => env.clock.now(),
  });
  const plan = await createDraft(
    env.db,
    { dealerId: f.dealer.id, kind: 'annual', period: '2027' },
    { input: annualInput, reason: 'test' },
  );
  const decision = (by: string, decision: string): Decision =>
    ({ taskId: `t-${decision}`, decision, byUserId: by }) as Decision;
  const audits = async () => {
    const rows = await env.db
      .getRepository(AuditLogEntity)
      .findBy({ dealerId: f.dealer.id, entityType: 'plan', entityId: plan.id });
    return rows.map((r) => r.action).sort();
  };

  for (let i = 0; i < 2; i++)
    await acts.submitPlan({ planId: plan.id, decision: decision(f.users.ka_manager.id, 'submit') });
  expect(await audits()).toEqual(['plan.submitted']);
  for (let i = 0; i < 2; i++)
    await acts.reviewPlan({ planId: plan.id, decision: decision(f.users.sales_director.id, 'approve') });
  expect(await audits()).toEqual(['plan.reviewed', 'plan.submitted']);
  for (let i = 0; i < 2; i++) await acts.approvePlan({ planId: plan.id, decision: decision(f.users.gm.id, 'approve') });
  expect(await audits()).toEqual(['plan.approved', 'plan.reviewed', 'plan.submitted']);

  const row = await env.db.getRepository(PlanEntity).findOneByOrFail({ id: plan.id });
  expect(row).toMatchObject({
    status: 'approved',
    submittedBy: f.users.ka_manager.id,
    reviewedBy: f.users.sales_director.id,
    approvedBy: f.users.gm.id,
  });
});

it('a refused move writes no audit row and changes nothing', async () => {
  const f = await env.createDealer();
  const acts = createActivities({
    db: env.db,
    mailer: env.mailer,
    publicUrl: 'http://localhost',
    now: () => env.clock.now(),
  });
  const plan = await createDraft(
    env.db,
    { dealerId: f.dealer.id, kind: 'annual', period: '2027' },
    { input: annualInput, reason: 'test' },
  );
  const d = { taskId: 't', decision: 'approve', byUserId: f.users.gm.id } as Decision;
  await expect(acts.approvePlan({ planId: plan.id, decision: d })).rejects.toMatchObject({
    type: 'Conflict',
    nonRetryable: true,
  });
  expect(await env.db.getRepository(AuditLogEntity).countBy({ entityType: 'plan', entityId: plan.id })).toBe(0);
  expect((await env.db.getRepository(PlanEntity).findOneByOrFail({ id: plan.id })).status).toBe('draft');
});
