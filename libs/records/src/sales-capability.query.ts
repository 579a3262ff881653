// P6 销售能力评估: per consultant, the pipeline, own closing rates over the look-back, expected orders
// against the approved personal target, and the losses of the look-back (formulas: @kaflow/planning
// capability.ts). The look-back is the `rateLookbackMonths` months before the month.
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths } from '@kaflow/calendar';
import type { DealerPolicy } from '@kaflow/domain';
import { closingRates, type Ratio } from '@kaflow/kpi';
import { salesCapability, type Capability } from '@kaflow/planning';
import { baseOnHand, closingCounts, lossReasonsByConsultant } from './planning-base.query';

type Db = DataSource | EntityManager;

export interface SalesCapabilityReport {
  month: string;
  lookback: { from: string; to: string };
  threshold: number;
  /** The dealer's rates over the look-back: used for a consultant without their own denominator. */
  dealerRates: { haCloseRate: Ratio; bcToHaRate: Ratio };
  /** The approved decomposition the personal targets come from; null when the month has none. */
  plan: { id: string; version: number } | null;
  consultants: Capability[];
}

/** Rates when the dealer has no history at all (the lead plan's defaults). */
const DEFAULT_HA = 0.5;
const DEFAULT_BC = 0.15;

export async function salesCapabilityReport(
  db: Db,
  dealerId: string,
  month: string,
  policy: Pick<DealerPolicy, 'rateLookbackMonths' | 'capabilityGapThreshold'>,
): Promise<SalesCapabilityReport> {
  const from = addMonths(month, -policy.rateLookbackMonths);
  const to = addMonths(month, -1);
  const [start, until] = [`${from}-01`, `${month}-01`];
  const [consultants, onHand, own, byModel, losses, plan] = (await Promise.all([
    db.query(
      `SELECT id, "displayName" FROM app_user WHERE "dealerId" = $1 AND active AND 'consultant' = ANY(roles)
        ORDER BY username`,
      [dealerId],
    ),
    baseOnHand(db, dealerId, until),
    closingCounts(db, dealerId, start, until, 'consultant'),
    closingCounts(db, dealerId, start, until, 'model'),
    lossReasonsByConsultant(db, dealerId, start, until),
    db.query(
      `SELECT id, version FROM plan WHERE "dealerId" = $1 AND kind = 'decomposition' AND period = $2
        AND status = 'approved'
               ORDER BY version DESC LIMIT 1`,
      [dealerId, month],
    ),
  ])) as [
    Array<{ id: string; displayName: string }>,
    Awaited<ReturnType<typeof baseOnHand>>,
    Awaited<ReturnType<typeof closingCounts>>,
    Awaited<ReturnType<typeof closingCounts>>,
    Map<string, Array<string | null>>,
    Array<{ id: string; version: number }>,
  ];
  const targets = new Map<string, number>();
  if (plan[0]) {
    const rows: Array<{ consultantId: string; orders: number }> = await db.query(
      `SELECT "consultantId", (targets->>'orders')::int AS orders FROM personal_target WHERE "planId" = $1`,
      [plan[0].id],
    );
    for (const r of rows) targets.set(r.consultantId, Number(r.orders));
  }
  const total = byModel.reduce(
    (a, r) => ({
      orders: a.orders + r.orders,
      haInWindow: a.haInWindow + r.haInWindow,
      bcStart: a.bcStart + r.bcStart,
      bcUp: a.bcUp + r.bcUp,
    }),
    { orders: 0, haInWindow: 0, bcStart: 0, bcUp: 0 },
  );
  const dealerRates = closingRates(total);
  const dealer = {
    haCloseRate: dealerRates.haCloseRate.value ? Math.min(1, dealerRates.haCloseRate.value) : DEFAULT_HA,
    bcToHaRate: dealerRates.bcToHaRate.value ?? DEFAULT_BC,
  };
  const zero = { orders: 0, haInWindow: 0, bcStart: 0, bcUp: 0 };
  return {
    month,
    lookback: { from, to },
    threshold: policy.capabilityGapThreshold,
    dealerRates,
    plan: plan[0] ? { id: plan[0].id, version: Number(plan[0].version) } : null,
    consultants: consultants.map((c) => {
      const mine = onHand.filter((o) => o.consultantId === c.id);
      const sum = (k: 'haOnHand' | 'bcOnHand' | 'remainingOrders') => mine.reduce((a, o) => a + o[k], 0);
      const { key: _key, ...counts } = own.find((o) => o.key === c.id) ?? { key: c.id, ...zero };
      return salesCapability({
        consultantId: c.id,
        name: c.displayName,
        haOnHand: sum('haOnHand'),
        bcOnHand: sum('bcOnHand'),
        remainingOrders: sum('remainingOrders'),
        own: counts,
        dealer,
        personalTarget: targets.has(c.id) ? targets.get(c.id)! : null,
        threshold: policy.capabilityGapThreshold,
        lossReasons: losses.get(c.id) ?? [],
      });
    }),
  };
}
