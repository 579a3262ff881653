// The current year's annual plan as the dealer approved it last December (process 1), so the demo's
// month-end roll has its annual targets: next year's plan is the one the system pre-fills itself.
import type { EntityManager } from 'typeorm';
import { annualPlan, roundHalfUp } from '@kaflow/planning';
import { PlanEntity, type UserEntity } from '@kaflow/persistence';
import { backlogAt, pendingSubmissionsAt, salesHistory } from '@kaflow/records';

/** A typical Audi key-account year: low around Spring Festival, strong before mid-year and year end. */
const SEASONAL_INDEX = [8, 5, 9, 9, 9, 9, 7, 7, 8, 9, 9, 11];

export async function seedAnnualPlan(
  m: EntityManager,
  dealerId: string,
  users: Record<string, UserEntity>,
  today: string,
  log: (s: string) => void,
): Promise<void> {
  const year = Number(today.slice(0, 4));
  if (await m.getRepository(PlanEntity).existsBy({ dealerId, kind: 'annual', period: String(year) })) return;
  // The targets the dealer signed: about last year's run rate plus 10%, as recorded in the history.
  const hist = await salesHistory(m, dealerId, `${year}-01`, today.slice(0, 7));
  const perMonth = (k: 'orders' | 'aak' | 'submissions') =>
    hist.reduce((a, h) => a + h[k], 0) / Math.max(1, hist.length);
  const target = (k: 'orders' | 'aak' | 'submissions') => roundHalfUp(perMonth(k) * 12 * 1.1);
  const input = {
    year,
    targets: { orders: target('orders'), aak: target('aak'), submissions: target('submissions') },
    seasonalIndex: SEASONAL_INDEX,
    orderConversionRate: 0.45,
    licensingRates: 0.6,
    openingBacklog: Math.max(0, await backlogAt(m, dealerId, `${year}-01-01`)),
    openingPendingSubmissions: Math.max(0, await pendingSubmissionsAt(m, dealerId, `${year}-01-01`)),
  };
  const result = annualPlan(input);
  const signed = new Date(`${year - 1}-12-10T10:00:00+08:00`);
  const holder = (role: string) => Object.values(users).find((u) => u.roles.includes(role))!.id;
  await m.getRepository(PlanEntity).insert({
    dealerId,
    kind: 'annual',
    period: String(year),
    version: 1,
    revision: 1,
    status: 'approved',
    input: input as any,
    result: result as any,
    basis: { source: 'demo seed: approved last December' } as any,
    coverageOk: result.coverage.ok,
    overrideNote: result.coverage.ok ? null : '差额由厂家大客户资源补足（演示数据）',
    reason: 'demo seed',
    supersedesId: null,
    workflowId: null,
    submittedBy: holder('ka_manager'),
    submittedAt: signed,
    reviewedBy: holder('sales_director'),
    reviewedAt: signed,
    approvedBy: holder('gm'),
    approvedAt: signed,
  });
  log(
    `  annual plan ${year}: orders ${input.targets.orders}, AAK ${input.targets.aak}, ` +
      `submissions ${input.targets.submissions} (approved)`,
  );
}
