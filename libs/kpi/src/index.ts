// @kaflow/kpi — rates computed from records, never typed in (docs/user-guide.md, KPIs). Pure: no I/O, no clock.
// Every figure carries its numerator and denominator.
import { GRADE_RANK, type Grade } from '@kaflow/domain';

export interface Ratio {
  value: number | null;
  numerator: number;
  denominator: number;
}

/** A rate rounded to 4 decimals; null when there is nothing to divide by. */
export const ratio = (numerator: number, denominator: number): Ratio => ({
  value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
  numerator,
  denominator,
});

export interface GradeEvent {
  from: string | null;
  to: string;
  /** Epoch milliseconds. */
  at: number;
  /** For a change to F: the follow-up was overdue when the deal was lost (战败失控). */
  overdue?: boolean;
}

export interface ProspectHistory {
  id: string;
  /** Every grade change, the creation (from null) first. */
  changes: GradeEvent[];
  /** When its delivery was recorded (保有客户 from then on). */
  deliveredAt?: number | null;
}

/** The grades a prospect is followed up in: it is "live" (active) in one of them. */
export const LIVE_GRADES: readonly string[] = ['O', 'H', 'A', 'B', 'C', 'D'];

/** The prospect's grade just before instant t (null when it did not exist yet). */
export function gradeAt(h: ProspectHistory, t: number): string | null {
  let g: string | null = null;
  for (const c of h.changes) if (c.at < t) g = c.to;
  return g;
}

export const isLiveAt = (h: ProspectHistory, t: number) => {
  const g = gradeAt(h, t);
  return g !== null && LIVE_GRADES.includes(g) && !(h.deliveredAt != null && h.deliveredAt < t);
};

export const isDowngrade = (c: Pick<GradeEvent, 'from' | 'to'>) => {
  const a = c.from ? GRADE_RANK[c.from as Grade] : undefined;
  const b = GRADE_RANK[c.to as Grade];
  return a !== undefined && b !== undefined && b < a;
};

export interface ConversionCounts {
  /** Follow-up due dates of the period that were met on time, and all that fell due (met + missed). */
  followUps: { met: number; due: number };
  /** Orders placed in the period, and those of them cancelled (拒单). null when there is no order table yet. */
  orders: { placed: number; cancelled: number } | null;
  /** Hot customers of the period and their follow-ups in it. */
  hot: { customers: number; followUps: number };
}

export interface ConversionRates {
  haConversion: Ratio;
  bcConversion: Ratio;
  haShareOfNew: Ratio;
  downgradeRate: Ratio;
  churnRate: Ratio;
  lostUncontrolledRatio: Ratio;
  orderRejectionRate: Ratio | null;
  followUpsDoneVsDue: Ratio;
  hotFollowUpsPerCustomer: Ratio;
}

/**
 * The conversion figures of the period [from, to) (epoch ms), from grade histories:
 * - H/A conversion: H/A at the start that reached O in the period ÷ H/A at the start;
 * - B/C conversion: B/C at the start that reached H, A or O ÷ B/C at the start;
 * - H/A share of new prospects: created in the period as H or A ÷ created in the period;
 * - downgrade rate: live at the start with a downgrade on the O>H>A>B>C>D ladder ÷ live at the start;
 * - churn (客户流失率): live at the start that became F ÷ live at the start;
 * - lost-and-uncontrolled (战败失控比例): losses while a follow-up was overdue ÷ losses in the period;
 * - order rejection (拒单率): orders placed in the period since cancelled ÷ orders placed;
 * - follow-ups done vs due: due dates of the period met ÷ due dates of the period;
 * - hot-customer follow-ups per customer: follow-ups of hot customers ÷ hot customers.
 */
export function conversionRates(
  from: number,
  to: number,
  prospects: ProspectHistory[],
  counts: ConversionCounts,
): ConversionRates {
  const inPeriod = (c: GradeEvent) => c.at >= from && c.at < to;
  let ha = 0,
    haWon = 0,
    bc = 0,
    bcWon = 0,
    created = 0,
    createdHa = 0,
    live = 0,
    downgraded = 0,
    churned = 0,
    losses = 0,
    lossesOverdue = 0;
  for (const h of prospects) {
    const start = gradeAt(h, from);
    const during = h.changes.filter(inPeriod);
    if (start === 'H' || start === 'A') {
      ha++;
      if (during.some((c) => c.to === 'O')) haWon++;
    }
    if (start === 'B' || start === 'C') {
      bc++;
      if (during.some((c) => ['H', 'A', 'O'].includes(c.to))) bcWon++;
    }
    const first = h.changes[0];
    if (first && first.from === null && inPeriod(first)) {
      created++;
      if (first.to === 'H' || first.to === 'A') createdHa++;
    }
    if (isLiveAt(h, from)) {
      live++;
      if (during.some(isDowngrade)) downgraded++;
      if (during.some((c) => c.to === 'F')) churned++;
    }
    for (const c of during)
      if (c.to === 'F') {
        losses++;
        if (c.overdue) lossesOverdue++;
      }
  }
  return {
    haConversion: ratio(haWon, ha),
    bcConversion: ratio(bcWon, bc),
    haShareOfNew: ratio(createdHa, created),
    downgradeRate: ratio(downgraded, live),
    churnRate: ratio(churned, live),
    lostUncontrolledRatio: ratio(lossesOverdue, losses),
    orderRejectionRate: counts.orders ? ratio(counts.orders.cancelled, counts.orders.placed) : null,
    followUpsDoneVsDue: ratio(counts.followUps.met, counts.followUps.due),
    hotFollowUpsPerCustomer: ratio(counts.hot.followUps, counts.hot.customers),
  };
}
export * from './scorecards';

export { closingRates, type ClosingCounts } from './closing';
