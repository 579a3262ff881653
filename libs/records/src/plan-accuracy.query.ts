// Plans that learn: each month's approved targets against the actuals, and the rates the plans assumed
// against those realised (formulas: @kaflow/planning accuracy.ts).
//   orders / AAK / submissions: the approved rolling plan's month (dealer), the approved decomposition's
//     lines (per model and consultant); actuals from the sales records of the month;
//   leads: the approved lead plan's targets (regular + supplementary) against new prospects recorded;
//   rates: order conversion (AAK ÷ (backlog at the start + orders)) and licensing (submissions ÷ (pending at
//     the start + AAK)) assumed by the rolling plan; per model the lead plan's lead→order, H/A closing and
//     B/C→H/A rates against the month's own.
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths } from '@kaflow/calendar';
import { deviation, rateCheck, type Deviation, type RateCheck } from '@kaflow/planning';
import { salesHistory } from './sales-history';
import { byConsultantBetween, byModelBetween } from './sales-breakdown';
import { closingCounts, leadsRecorded } from './planning-base.query';

type Db = DataSource | EntityManager;
type Measures = { orders: Deviation; aak: Deviation; submissions: Deviation };
type Targets = { orders: number; aak: number; submissions: number };

export interface MonthAccuracy {
  month: string;
  plans: Record<'rolling' | 'decomposition' | 'lead', { id: string; version: number } | null>;
  /** Dealer totals against the approved rolling plan's month; null without one. */
  totals: Measures | null;
  byModel: Array<{ model: string } & Measures>;
  byConsultant: Array<{ consultantId: string; name?: string } & Measures>;
  leads: Deviation | null;
  rates: {
    orderConversion: RateCheck | null;
    licensing: RateCheck | null;
    byModel: Array<{ model: string; leadClose: RateCheck; haClose: RateCheck; bcToHa: RateCheck }>;
  };
}

async function approved(db: Db, dealerId: string, kind: string, period: string) {
  const [p] = await db.query(
    `SELECT id, version, input, result FROM plan WHERE "dealerId" = $1 AND kind = $2 AND period = $3
      AND status = 'approved'
      ORDER BY version DESC LIMIT 1`,
    [dealerId, kind, period],
  );
  return p as { id: string; version: number; input: any; result: any } | undefined;
}

const measures = (t: Targets, a: Targets | undefined): Measures => ({
  orders: deviation(t.orders, a?.orders ?? 0),
  aak: deviation(t.aak, a?.aak ?? 0),
  submissions: deviation(t.submissions, a?.submissions ?? 0),
});

export async function monthAccuracy(db: Db, dealerId: string, month: string): Promise<MonthAccuracy> {
  const [start, until] = [`${month}-01`, `${addMonths(month, 1)}-01`];
  const [rolling, decomposition, lead, [hist], models, consultants, counts, leads] = await Promise.all([
    approved(db, dealerId, 'rolling', month),
    approved(db, dealerId, 'decomposition', month),
    approved(db, dealerId, 'lead', month),
    salesHistory(db, dealerId, month, month),
    byModelBetween(db, dealerId, start, until),
    byConsultantBetween(db, dealerId, start, until),
    closingCounts(db, dealerId, start, until, 'model'),
    leadsRecorded(db, dealerId, start, until),
  ]);
  const ref = (p: { id: string; version: number } | undefined) => (p ? { id: p.id, version: Number(p.version) } : null);
  const l = rolling
    ? Array.isArray(rolling.input.licensingRates)
      ? rolling.input.licensingRates[Number(month.slice(5)) - 1]
      : rolling.input.licensingRates
    : null;
  const leadModels = (lead?.input.models ?? []) as Array<{
    model: string;
    leadCloseRate: number;
    haCloseRate: number;
    bcConversionRate: number;
  }>;
  const leadTarget = lead
    ? (lead.result.models as Array<{ leadTarget: number }>).reduce((a, m) => a + m.leadTarget, 0) +
      (lead.result.capacity?.gap ?? 0)
    : null;
  const recorded = Object.values(leads).reduce((a, b) => a + b, 0);
  return {
    month,
    plans: { rolling: ref(rolling), decomposition: ref(decomposition), lead: ref(lead) },
    totals: rolling ? measures(rolling.result.next, hist) : null,
    byModel: ((decomposition?.result.byModel ?? []) as Array<{ model: string } & Targets>).map((m) => ({
      model: m.model,
      ...measures(
        m,
        models.find((x) => x.model === m.model),
      ),
    })),
    byConsultant: (
      (decomposition?.result.byConsultant ?? []) as Array<{ consultantId: string; name?: string } & Targets>
    ).map((c) => ({
      consultantId: c.consultantId,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...measures(
        c,
        consultants.find((x) => x.consultantId === c.consultantId),
      ),
    })),
    leads: leadTarget === null ? null : deviation(leadTarget, recorded),
    rates: {
      orderConversion: rolling
        ? rateCheck(rolling.input.orderConversionRate, hist.aak, hist.backlogStart + hist.orders)
        : null,
      licensing: rolling && typeof l === 'number' ? rateCheck(l, hist.submissions, hist.pendingStart + hist.aak) : null,
      byModel: leadModels.map((m) => {
        const c = counts.find((x) => x.key === m.model) ?? { orders: 0, haInWindow: 0, bcStart: 0, bcUp: 0 };
        return {
          model: m.model,
          leadClose: rateCheck(m.leadCloseRate, c.orders, leads[m.model] ?? 0),
          haClose: rateCheck(m.haCloseRate, c.orders, c.haInWindow),
          bcToHa: rateCheck(m.bcConversionRate, c.bcUp, c.bcStart),
        };
      }),
    },
  };
}

/** Every month of [from, to] ('YYYY-MM', at most 24 months), oldest first. */
export async function planAccuracyReport(
  db: Db,
  dealerId: string,
  from: string,
  to: string,
): Promise<{ from: string; to: string; months: MonthAccuracy[] }> {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < 24; m = addMonths(m, 1)) months.push(m);
  const out: MonthAccuracy[] = [];
  for (const m of months) out.push(await monthAccuracy(db, dealerId, m));
  return { from, to, months: out };
}
