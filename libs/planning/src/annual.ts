// Process 1: the annual order / AAK / submission plan (docs/user-guide.md "Planning arithmetic", Annual).
import type { FieldProblem } from '@kaflow/domain';
import { roundHalfUp } from './numbers';
import { splitLargestRemainder } from './split';
import {
  assertValid,
  checkLicensingRates,
  checkNonNegInt,
  checkRate,
  checkSeasonalIndex,
  checkTargets,
  checkYear,
  isObj,
  monthKey,
} from './validate';

export interface AnnualPlanInput {
  year: number;
  targets: { orders: number; aak: number; submissions: number };
  /** 12 non-negative weights, not all zero. */
  seasonalIndex: number[];
  /** r: share of orders on hand delivered in a month (0–1). */
  orderConversionRate: number;
  /** l_m per month (12 values) or one rate for every month (0–1). */
  licensingRates: number[] | number;
  /** B_0: last year's remaining orders. */
  openingBacklog: number;
  /** P_0: last year's pending submissions. */
  openingPendingSubmissions: number;
}

export interface AnnualPlanMonth {
  month: string; // 'YYYY-MM'
  orders: number; // O_m
  aak: number; // D_m
  submissions: number; // S_m
  backlog: number; // B_m
  pendingSubmissions: number; // P_m
  orderDepth: number | null; // B_m / D_m (2 decimals), null when D_m = 0
}

export interface CoverageLine {
  planned: number;
  target: number;
  gap: number;
}

export interface AnnualPlan {
  months: AnnualPlanMonth[];
  totals: { orders: number; aak: number; submissions: number };
  coverage: { aak: CoverageLine; submissions: CoverageLine; ok: boolean };
}

export function validateAnnualInput(x: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  checkYear(out, x.year);
  checkTargets(out, 'targets', x.targets);
  checkSeasonalIndex(out, x.seasonalIndex);
  checkRate(out, 'orderConversionRate', x.orderConversionRate);
  checkLicensingRates(out, x.licensingRates);
  checkNonNegInt(out, 'openingBacklog', x.openingBacklog);
  checkNonNegInt(out, 'openingPendingSubmissions', x.openingPendingSubmissions);
  return out;
}

/** Planned vs target; the gap is what is missing (never negative). */
export function coverageLine(planned: number, target: number): CoverageLine {
  return { planned, target, gap: Math.max(0, target - planned) };
}

/**
 * The month-by-month projection shared by the annual and the rolling plan: from backlog B and pending
 * P, for each month (1-based calendar month `first`, `first+1`, …) with its orders O_m:
 * D_m = round(r·(B_{m-1}+O_m)) (the first month capped at `firstMonthCap` when given),
 * B_m = B_{m-1}+O_m−D_m, S_m = round(l_m·(P_{m-1}+D_m)), P_m = P_{m-1}+D_m−S_m.
 */
export function projectMonths(p: {
  year: number;
  first: number;
  orders: number[];
  r: number;
  licensingRates: number[] | number;
  backlog: number;
  pending: number;
  firstMonthCap?: number;
}): { months: AnnualPlanMonth[]; capped: boolean } {
  const months: AnnualPlanMonth[] = [];
  let { backlog, pending } = p;
  let capped = false;
  p.orders.forEach((o, k) => {
    const m = p.first + k; // 1..12
    let d = roundHalfUp(p.r * (backlog + o));
    if (k === 0 && p.firstMonthCap !== undefined && d > p.firstMonthCap) {
      d = p.firstMonthCap;
      capped = true;
    }
    backlog = backlog + o - d;
    const l = typeof p.licensingRates === 'number' ? p.licensingRates : p.licensingRates[m - 1];
    const s = roundHalfUp(l * (pending + d));
    pending = pending + d - s;
    months.push({
      month: monthKey(p.year, m),
      orders: o,
      aak: d,
      submissions: s,
      backlog,
      pendingSubmissions: pending,
      orderDepth: d === 0 ? null : roundHalfUp((backlog / d) * 100) / 100,
    });
  });
  return { months, capped };
}

export function sumMonths(rows: Array<{ orders: number; aak: number; submissions: number }>): {
  orders: number;
  aak: number;
  submissions: number;
} {
  const t = { orders: 0, aak: 0, submissions: 0 };
  for (const r of rows) {
    t.orders += r.orders;
    t.aak += r.aak;
    t.submissions += r.submissions;
  }
  return t;
}

/** Annual plan per docs/user-guide.md; throws PlanningInputError on invalid input. */
export function annualPlan(input: AnnualPlanInput): AnnualPlan {
  assertValid(validateAnnualInput(input));
  const { year, targets, seasonalIndex, orderConversionRate: r, licensingRates } = input;
  const { months } = projectMonths({
    year,
    first: 1,
    orders: splitLargestRemainder(targets.orders, seasonalIndex),
    r,
    licensingRates,
    backlog: input.openingBacklog,
    pending: input.openingPendingSubmissions,
  });
  const totals = sumMonths(months);
  const aak = coverageLine(totals.aak, targets.aak);
  const submissions = coverageLine(totals.submissions, targets.submissions);
  return { months, totals, coverage: { aak, submissions, ok: aak.gap === 0 && submissions.gap === 0 } };
}
