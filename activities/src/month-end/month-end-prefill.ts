// Processes 2–3 pre-fills (docs/user-guide.md, planning): every plan starts from the records, with the basis it
// was computed from kept beside it, so a manager edits figures instead of typing them in.
import type { DataSource } from 'typeorm';
import type { DealerPolicy } from '@kaflow/domain';
import { roundHalfUp } from '@kaflow/planning';
import { CarModelEntity, type PlanEntity } from '@kaflow/persistence';
import { addMonths } from '@kaflow/calendar';
import {
  backlogAt,
  byConsultantBetween,
  pendingSubmissionsAt,
  remainingOrdersByConsultant,
  salesHistory,
  stockFor,
} from '@kaflow/records';

import { rate, sum, type Prefill } from '../common/prefill-common';
import { prefillAnnual } from '../annual-plan/annual-prefill';
import { capacityInput, lastMonthDeviation, supportInput } from './month-end-checks';

/** P2: the X+Y roll for `month` (next month): actuals of the year's closed months, backlog, pending, stock. */
export async function prefillRolling(
  db: DataSource,
  dealerId: string,
  month: string,
  businessDate: string,
  annual: PlanEntity | null,
): Promise<Prefill> {
  const year = Number(month.slice(0, 4));
  const closed = month.endsWith('-01') ? [] : await salesHistory(db, dealerId, `${year}-01`, addMonths(month, -1));
  const base = annual?.input ?? withRunRate((await prefillAnnual(db, dealerId, year, businessDate)).input, closed);
  const start = `${month}-01`;
  const stockRows = await stockFor(db, dealerId, month);
  const backlog = Math.max(0, await backlogAt(db, dealerId, start));
  const stockRecorded = stockRows.length > 0;
  const input = {
    year,
    month,
    annualTargets: base.targets,
    seasonalIndex: base.seasonalIndex,
    orderConversionRate: base.orderConversionRate,
    licensingRates: base.licensingRates,
    actuals: closed.map((h) => ({ month: h.month, orders: h.orders, aak: h.aak, submissions: h.submissions })),
    backlog,
    pendingSubmissions: Math.max(0, await pendingSubmissionsAt(db, dealerId, start)),
    nextMonthStock: stockRecorded ? sum(stockRows.map((s) => s.quantity)) : backlog + base.targets.orders,
  };
  return {
    input,
    basis: {
      annualPlan: annual ? { id: annual.id, version: annual.version, status: annual.status } : null,
      source: annual
        ? `approved annual plan ${year} v${annual.version}`
        : `no approved annual plan for ${year}: last year's actuals, targets at least this year's run rate`,
      actualsAsOf: businessDate,
      stock: stockRows,
      stockRecorded,
      note: stockRecorded ? undefined : `no stock recorded for ${month}: next month's AAK is not capped`,
      lastMonthDeviation: await lastMonthDeviation(db, dealerId, month),
    },
  };
}

/** Without an approved annual plan, no target may sit below the year's run rate: actuals so far
 *  plus the closed months' average for each month still open. */
function withRunRate(
  input: Record<string, any>,
  closed: Array<{ orders: number; aak: number; submissions: number }>,
): Record<string, any> {
  if (!closed.length) return input;
  const runRate = (k: 'orders' | 'aak' | 'submissions') =>
    roundHalfUp(sum(closed.map((h) => h[k])) * (12 / closed.length));
  const t = input.targets;
  return {
    ...input,
    targets: {
      orders: Math.max(t.orders, runRate('orders')),
      aak: Math.max(t.aak, runRate('aak')),
      submissions: Math.max(t.submissions, runRate('submissions')),
    },
  };
}

async function haAndBcByModel(db: DataSource, dealerId: string) {
  const rows: Array<{ model: string; grade: string; n: string; qty: string; ownerId: string }> = await db.query(
    `SELECT model, grade, "ownerId", COUNT(*) AS n, SUM(quantity) AS qty FROM prospect WHERE "dealerId" = $1
      AND grade IN ('H','A','B','C')
      GROUP BY model, grade, "ownerId"`,
    [dealerId],
  );
  return rows.map((r) => ({ model: r.model, grade: r.grade, ownerId: r.ownerId, n: Number(r.n), qty: Number(r.qty) }));
}

async function consultantsOf(db: DataSource, dealerId: string): Promise<Array<{ id: string; displayName: string }>> {
  return db.query(
    `SELECT id, "displayName" FROM app_user WHERE "dealerId" = $1 AND active AND 'consultant' = ANY(roles)
      ORDER BY username`,
    [dealerId],
  );
}

/** P3: next month's targets by model, customer type, channel and consultant, from the signed roll. */
export async function prefillDecomposition(
  db: DataSource,
  dealerId: string,
  month: string,
  rolling: PlanEntity,
  policy: DealerPolicy,
): Promise<Prefill> {
  const next = rolling.result.next as { orders: number; aak: number; submissions: number };
  const lookFrom = addMonths(month, -policy.rateLookbackMonths);
  const lookTo = addMonths(month, -1);
  const [catalogue, stock, prospects, consultants, remaining] = await Promise.all([
    db
      .getRepository(CarModelEntity)
      .find({ where: { dealerId, active: true }, order: { sortOrder: 'ASC', code: 'ASC' } }),
    stockFor(db, dealerId, month),
    haAndBcByModel(db, dealerId),
    consultantsOf(db, dealerId),
    remainingOrdersByConsultant(db, dealerId, `${month}-01`),
  ]);
  const ha = prospects.filter((p) => p.grade === 'H' || p.grade === 'A');
  // The catalogue names the models; without one, whatever the prospects and stock name; failing all, one line for
  // the month.
  const named = catalogue.length
    ? catalogue.map((c) => c.code)
    : [...new Set([...ha.map((p) => p.model), ...stock.map((s) => s.model)])].sort();
  const codes = named.length ? named : ['全部车型'];
  const models = codes.map((model) => ({
    model,
    haOnHand: sum(ha.filter((p) => p.model === model).map((p) => p.qty)),
    stock: stock.find((s) => s.model === model)?.quantity ?? 0,
  }));
  const channels: Array<{ developmentType: string; qty: string }> = await db.query(
    `SELECT "developmentType", SUM(quantity) AS qty FROM sales_order WHERE "dealerId" = $1 AND "orderDate" >= $2
      AND "orderDate" < $3 AND status <> 'cancelled' GROUP BY 1`,
    [dealerId, `${lookFrom}-01`, `${month}-01`],
  );
  const ch = (t: string) => Number(channels.find((c) => c.developmentType === t)?.qty ?? 0);
  const channelShares =
    ch('new') + ch('repeat') > 0 ? { new: ch('new'), repeat: ch('repeat') } : { new: 0.6, repeat: 0.4 };
  const achievement = await consultantAchievement(
    db,
    dealerId,
    lookFrom,
    lookTo,
    consultants.map((c) => c.id),
  );
  const base = await supportInput(db, dealerId, month, policy, codes);
  const input = {
    month,
    targets: { orders: next.orders, aak: next.aak, submissions: next.submissions },
    models,
    customerTypeShares: policy.customerTypeShares,
    channelShares,
    consultants: consultants.map((c) => ({
      consultantId: c.id,
      name: c.displayName,
      achievement: achievement.get(c.id) ?? 0,
      haOnHand: sum(ha.filter((p) => p.ownerId === c.id).map((p) => p.qty)),
      remainingOrders: Math.max(0, remaining.find((r) => r.consultantId === c.id)?.remaining ?? 0),
    })),
    consultantWeights: policy.consultantWeights,
    support: base.support,
  };
  return {
    input,
    basis: {
      rollingPlan: { id: rolling.id, version: rolling.version },
      lookback: `${lookFrom}..${lookTo}`,
      support: base.basis,
      rules: {
        models: 'H/A cars on hand and deliverable stock, half each',
        customerTypes: 'policy customerTypeShares',
        channels: `new vs repeat orders ${lookFrom}..${lookTo}`,
        consultants: 'policy consultantWeights over achievement, own H/A cars, own remaining orders',
        achievement:
          'orders ÷ personal order targets over the look-back (orders ÷ team average per head where no targets exist)',
      },
    },
  };
}

async function consultantAchievement(
  db: DataSource,
  dealerId: string,
  from: string,
  to: string,
  ids: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const orders = new Map(
    (await byConsultantBetween(db, dealerId, `${from}-01`, `${addMonths(to, 1)}-01`)).map((r) => [
      r.consultantId,
      r.orders,
    ]),
  );
  const targets: Array<{ consultantId: string; orders: string }> = await db.query(
    `SELECT t."consultantId", SUM((t.targets->>'orders')::int) AS orders FROM personal_target t JOIN plan p
      ON p.id = t."planId"
      WHERE t."dealerId" = $1 AND t.month >= $2 AND t.month <= $3 AND p.status = 'approved' GROUP BY 1`,
    [dealerId, from, to],
  );
  const perHead = sum(ids.map((id) => orders.get(id) ?? 0)) / ids.length;
  for (const id of ids) {
    const target = Number(targets.find((t) => t.consultantId === id)?.orders ?? 0);
    const denom = target > 0 ? target : perHead;
    out.set(id, denom > 0 ? Math.round(((orders.get(id) ?? 0) / denom) * 10000) / 10000 : 0);
  }
  return out;
}

/** P4: per model lead targets from the last closed months' rates, computed from grade history and orders. */
export async function prefillLead(
  db: DataSource,
  dealerId: string,
  month: string,
  decomposition: PlanEntity,
  policy: DealerPolicy,
): Promise<Prefill> {
  const from = `${addMonths(month, -policy.rateLookbackMonths)}-01`;
  const to = `${month}-01`;
  const rows: Array<{ model: string; leads: string; orders: string; ha: string; bc_start: string; bc_up: string }> =
    await db.query(
      // One pass over the dealer's grade history (the correlated form took ~1 minute a dealer at 10,000
      // prospects × 3 changes): counts by model, the grade at the window start, who moved up in it.
      `WITH g AS MATERIALIZED (
            SELECT gc."prospectId", gc."fromGrade", gc."toGrade", gc.at, p.model
              FROM grade_change gc JOIN prospect p ON p.id = gc."prospectId"
             WHERE gc."dealerId" = $1 AND p.model = ANY($4::text[])),
          start_grade AS (SELECT DISTINCT ON ("prospectId") "prospectId", model, "toGrade" FROM g WHERE at < $2
            ORDER BY "prospectId", at DESC),
          moved_up AS (SELECT DISTINCT "prospectId" FROM g WHERE "toGrade" IN ('H','A','O') AND at >= $2 AND at < $3),
          per AS (SELECT model,
                         COUNT(*) FILTER (WHERE "fromGrade" IS NULL AND at >= $2 AND at < $3) AS leads,
                         COUNT(DISTINCT "prospectId") FILTER (WHERE "toGrade" IN ('H','A') AND at >= $2
                           AND at < $3) AS ha
                    FROM g GROUP BY model),
          bc AS (SELECT s.model, COUNT(*) AS bc_start, COUNT(u."prospectId") AS bc_up
                   FROM start_grade s LEFT JOIN moved_up u ON u."prospectId" = s."prospectId"
                  WHERE s."toGrade" IN ('B','C') GROUP BY s.model),
          o AS (SELECT model, COUNT(*) AS orders FROM sales_order
                 WHERE "dealerId" = $1 AND "orderDate" >= $2 AND "orderDate" < $3 AND status <> 'cancelled'
                   GROUP BY model)
     SELECT m.model, COALESCE(per.leads, 0) AS leads, COALESCE(o.orders, 0) AS orders, COALESCE(per.ha, 0) AS ha,
            COALESCE(bc.bc_start, 0) AS bc_start, COALESCE(bc.bc_up, 0) AS bc_up
       FROM unnest($4::text[]) WITH ORDINALITY AS m(model, k)
       LEFT JOIN per ON per.model = m.model LEFT JOIN bc ON bc.model = m.model LEFT JOIN o ON o.model = m.model
      ORDER BY m.k`,
      [dealerId, from, to, (decomposition.result.byModel as Array<{ model: string }>).map((m) => m.model)],
    );
  const onHand = await haAndBcByModel(db, dealerId);
  const num = (s: string) => Number(s);
  const all = {
    leads: sum(rows.map((r) => num(r.leads))),
    orders: sum(rows.map((r) => num(r.orders))),
    ha: sum(rows.map((r) => num(r.ha))),
    bcStart: sum(rows.map((r) => num(r.bc_start))),
    bcUp: sum(rows.map((r) => num(r.bc_up))),
  };
  const positive = (x: number, fallback: number) => (x > 0 ? x : fallback);
  const dealerLead = positive(rate(all.orders, all.leads, 0), 0.2);
  const dealerHa = positive(rate(all.orders, all.ha, 0), 0.5);
  const dealerBc = rate(all.bcUp, all.bcStart, 0.15);
  const models = (decomposition.result.byModel as Array<{ model: string; orders: number }>).map((m) => {
    const r = rows.find((x) => x.model === m.model)!;
    const mine = onHand.filter((p) => p.model === m.model);
    return {
      model: m.model,
      orderTarget: m.orders,
      leadCloseRate: positive(rate(num(r.orders), num(r.leads), 0), dealerLead),
      haCloseRate: positive(rate(num(r.orders), num(r.ha), 0), dealerHa),
      haOnHand: sum(mine.filter((p) => p.grade === 'H' || p.grade === 'A').map((p) => p.n)),
      bcOnHand: sum(mine.filter((p) => p.grade === 'B' || p.grade === 'C').map((p) => p.n)),
      bcConversionRate: num(r.bc_start) > 0 ? rate(num(r.bc_up), num(r.bc_start), dealerBc) : dealerBc,
    };
  });
  const capacity = await capacityInput(db, dealerId, month, policy, decomposition.result.byConsultant ?? []);
  return {
    input: { models, capacity: capacity.capacity },
    basis: {
      decomposition: { id: decomposition.id, version: decomposition.version },
      window: `${from}..${to} (exclusive)`,
      capacity: capacity.basis,
      counts: rows,
      dealerRates: { leadCloseRate: dealerLead, haCloseRate: dealerHa, bcConversionRate: dealerBc },
      rules: {
        leadCloseRate: "orders ÷ new prospects (leads) in the window; the dealer's rate where a model has none",
        haCloseRate: 'orders ÷ prospects that were H or A in the window',
        bcConversionRate: 'B/C at the window start that reached H/A/O in it ÷ B/C at the start',
        onHand: 'prospects now graded H/A and B/C',
      },
    },
  };
}

export { consultantsOf };
