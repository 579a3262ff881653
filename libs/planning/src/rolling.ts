// Process 2: the X+Y rolling plan (docs/user-guide.md "Planning arithmetic", X+Y rolling). X = the closed
// months with actuals, Y = the open months from `month` to December.
import type { FieldProblem } from '@kaflow/domain';
import { coverageLine, projectMonths, sumMonths, type AnnualPlanMonth, type CoverageLine } from './annual';
import { splitLargestRemainder } from './split';
import {
  assertValid,
  checkLicensingRates,
  checkNonNegInt,
  checkRate,
  checkSeasonalIndex,
  checkTargets,
  checkYear,
  isNum,
  isObj,
  monthKey,
  parseMonth,
} from './validate';

export interface RollingActual {
  month: string;
  orders: number;
  aak: number;
  submissions: number;
}

export interface RollingPlanInput {
  year: number;
  /** 'YYYY-MM' in `year`: the first month still open (Y starts here). */
  month: string;
  annualTargets: { orders: number; aak: number; submissions: number };
  /** 12 non-negative weights, not all zero. */
  seasonalIndex: number[];
  /** r, 0–1. */
  orderConversionRate: number;
  /** 12 rates or one, 0–1. */
  licensingRates: number[] | number;
  /** The closed months X = Jan..month-1 of year, in order, exactly those months. */
  actuals: RollingActual[];
  /** Actual orders on hand at the start of `month`. */
  backlog: number;
  /** Actual delivered-but-not-submitted at the start of `month`. */
  pendingSubmissions: number;
  /** Deliverable stock for `month`: AAK of `month` never exceeds it. */
  nextMonthStock: number;
}

export interface RollingPlan {
  /** X: the actuals echoed. */
  closed: RollingActual[];
  /** Y: month..December. */
  months: AnnualPlanMonth[];
  /** = months[0]. */
  next: AnnualPlanMonth;
  /** Annual target − actuals to date, not below 0. */
  remaining: { orders: number; aak: number; submissions: number };
  /** True when next month's AAK was cut to the stock. */
  stockCapped: boolean;
  /** Actuals + planned Y. */
  totals: { orders: number; aak: number; submissions: number };
  /** Totals vs the annual targets. */
  coverage: { aak: CoverageLine; submissions: CoverageLine; ok: boolean };
}

export function validateRollingInput(x: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  checkYear(out, x.year);
  let open = parseMonth(x.month);
  if (!open) out.push({ field: 'month', problem: 'must be a month YYYY-MM' });
  else if (open.year !== x.year) {
    if (isNum(x.year)) out.push({ field: 'month', problem: `must be a month of ${x.year}` });
    open = null; // the closed months are unknown: only their form is checked
  }
  checkTargets(out, 'annualTargets', x.annualTargets);
  checkSeasonalIndex(out, x.seasonalIndex);
  checkRate(out, 'orderConversionRate', x.orderConversionRate);
  checkLicensingRates(out, x.licensingRates);

  if (!Array.isArray(x.actuals)) out.push({ field: 'actuals', problem: 'must be a list' });
  else {
    const closed = open ? open.month - 1 : null;
    if (closed !== null && x.actuals.length !== closed) {
      out.push({
        field: 'actuals',
        problem:
          closed === 0
            ? 'must be empty: no month of the year is closed before January'
            : `must list exactly the closed months ${monthKey(open!.year, 1)}..${monthKey(open!.year, closed)} in ` +
              `order (${closed} entries)`,
      });
    }
    x.actuals.forEach((a: unknown, i: number) => {
      const p = `actuals[${i}]`;
      if (!isObj(a)) {
        out.push({ field: p, problem: 'must be an object' });
        return;
      }
      if (typeof a.month !== 'string' || !parseMonth(a.month))
        out.push({ field: `${p}.month`, problem: 'must be a month YYYY-MM' });
      else if (open && closed !== null) {
        const want = i < closed ? monthKey(open.year, i + 1) : null;
        if (want === null)
          out.push({
            field: `${p}.month`,
            problem: `is not a closed month (before ${monthKey(open.year, open.month)})`,
          });
        else if (a.month !== want)
          out.push({ field: `${p}.month`, problem: `must be ${want} (the closed months in order)` });
      }
      for (const k of ['orders', 'aak', 'submissions']) checkNonNegInt(out, `${p}.${k}`, a[k]);
    });
  }
  checkNonNegInt(out, 'backlog', x.backlog);
  checkNonNegInt(out, 'pendingSubmissions', x.pendingSubmissions);
  checkNonNegInt(out, 'nextMonthStock', x.nextMonthStock);
  return out;
}

/** X+Y rolling plan per docs/user-guide.md; throws PlanningInputError on invalid input. */
export function rollingPlan(input: RollingPlanInput): RollingPlan {
  assertValid(validateRollingInput(input));
  const { year, annualTargets: t, seasonalIndex } = input;
  const first = parseMonth(input.month)!.month;
  const closed = input.actuals.map((a) => ({
    month: a.month,
    orders: a.orders,
    aak: a.aak,
    submissions: a.submissions,
  }));
  const done = sumMonths(closed);
  const remaining = {
    orders: Math.max(0, t.orders - done.orders),
    aak: Math.max(0, t.aak - done.aak),
    submissions: Math.max(0, t.submissions - done.submissions),
  };
  const yWeights = seasonalIndex.slice(first - 1);
  const orders = splitLargestRemainder(
    remaining.orders,
    yWeights.some((w) => w > 0) ? yWeights : yWeights.map(() => 1),
  );
  const { months, capped } = projectMonths({
    year,
    first,
    orders,
    r: input.orderConversionRate,
    licensingRates: input.licensingRates,
    backlog: input.backlog,
    pending: input.pendingSubmissions,
    firstMonthCap: input.nextMonthStock,
  });
  const planned = sumMonths(months);
  const totals = {
    orders: done.orders + planned.orders,
    aak: done.aak + planned.aak,
    submissions: done.submissions + planned.submissions,
  };
  const aak = coverageLine(totals.aak, t.aak);
  const submissions = coverageLine(totals.submissions, t.submissions);
  return {
    closed,
    months,
    next: months[0],
    remaining,
    stockCapped: capped,
    totals,
    coverage: { aak, submissions, ok: aak.gap === 0 && submissions.gap === 0 },
  };
}
