// Planning arithmetic (design.md "Planning arithmetic"). PURE: no I/O, no Date, no randomness,
// so it is safe to call from Temporal workflow code.
import type { FieldProblem } from '@kaflow/domain';

export type { FieldProblem };

/** Thrown when planning input is invalid; carries the offending field and the problem. */
export class PlanningInputError extends Error {
  readonly field: string;
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'PlanningInputError';
    this.field = field;
    this.problem = problem;
  }
}

function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  return Number(x.toFixed(decimals));
}

/** Half-up rounding (ties toward +∞), robust to float noise: x is first rounded to 9 decimals. */
export function roundHalfUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.floor(roundTo(x, 9) + 0.5);
  return r === 0 ? 0 : r; // no -0
}

/** ⌈x⌉ after rounding x to 6 decimals, so 21 / 0.7 (= 30.000000000000004) gives 30. */
export function ceilClean(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.ceil(roundTo(x, 6));
  return r === 0 ? 0 : r;
}

/**
 * Splits a non-negative integer total into integer parts proportional to weights
 * (largest-remainder method). Parts always sum to total; ties go to the earlier item.
 */
export function splitLargestRemainder(total: number, weights: number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new PlanningInputError('total', 'must be a non-negative integer');
  if (!Array.isArray(weights) || weights.length === 0) throw new PlanningInputError('weights', 'must not be empty');
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new PlanningInputError(`weights[${i}]`, 'must be a finite non-negative number');
    }
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new PlanningInputError('weights', 'must not all be zero');

  const shares = weights.map((w) => roundTo((total * w) / sum, 9));
  const parts = shares.map((s) => Math.floor(s));
  const rema = shares.map((s, i) => roundTo(s - parts[i], 9));
  let leftover = total - parts.reduce((a, b) => a + b, 0);
  // Order: largest remainder first, earlier item on ties.
  const order = rema.map((r, i) => i).sort((a, b) => rema[b] - rema[a] || a - b);
  for (let k = 0; leftover > 0; k = (k + 1) % order.length) {
    parts[order[k]] += 1;
    leftover -= 1;
  }
  // Defensive (float noise could in theory over-allocate): take back from the smallest remainders.
  for (let k = order.length - 1; leftover < 0; k = (k - 1 + order.length) % order.length) {
    if (parts[order[k]] > 0) {
      parts[order[k]] -= 1;
      leftover += 1;
    }
  }
  return parts;
}

// ---------------------------------------------------------------- validation helpers

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
function checkNonNegInt(out: FieldProblem[], field: string, v: unknown): void {
  if (!isNum(v)) out.push({ field, problem: 'must be a number' });
  else if (v < 0) out.push({ field, problem: 'must not be negative' });
  else if (!Number.isInteger(v)) out.push({ field, problem: 'must be an integer' });
}
function checkRate(out: FieldProblem[], field: string, v: unknown, positive = false): void {
  if (!isNum(v)) out.push({ field, problem: 'must be a number' });
  else if (v < 0 || v > 1) out.push({ field, problem: 'must be between 0 and 1' });
  else if (positive && v === 0) out.push({ field, problem: 'must be greater than 0' });
}

// ---------------------------------------------------------------- annual plan

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

export interface CoverageLine { planned: number; target: number; gap: number }

export interface AnnualPlan {
  months: AnnualPlanMonth[];
  totals: { orders: number; aak: number; submissions: number };
  coverage: { aak: CoverageLine; submissions: CoverageLine; ok: boolean };
}

export function validateAnnualInput(x: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  if (!isNum(x.year) || !Number.isInteger(x.year) || x.year < 1 || x.year > 9999) {
    out.push({ field: 'year', problem: 'must be an integer year between 1 and 9999' });
  }
  if (!isObj(x.targets)) out.push({ field: 'targets', problem: 'must be an object' });
  else for (const k of ['orders', 'aak', 'submissions']) checkNonNegInt(out, `targets.${k}`, x.targets[k]);

  const s = x.seasonalIndex;
  if (!Array.isArray(s) || s.length !== 12) out.push({ field: 'seasonalIndex', problem: 'must have 12 values' });
  else {
    let bad = false;
    s.forEach((v, i) => {
      if (!isNum(v)) { out.push({ field: `seasonalIndex[${i}]`, problem: 'must be a number' }); bad = true; }
      else if (v < 0) { out.push({ field: `seasonalIndex[${i}]`, problem: 'must not be negative' }); bad = true; }
    });
    if (!bad && !s.some((v) => (v as number) > 0)) out.push({ field: 'seasonalIndex', problem: 'must not be all zero' });
  }
  checkRate(out, 'orderConversionRate', x.orderConversionRate);

  const l = x.licensingRates;
  if (Array.isArray(l)) {
    if (l.length !== 12) out.push({ field: 'licensingRates', problem: 'must have 12 values' });
    else l.forEach((v, i) => checkRate(out, `licensingRates[${i}]`, v));
  } else if (isNum(l)) checkRate(out, 'licensingRates', l);
  else out.push({ field: 'licensingRates', problem: 'must be a rate or 12 rates' });

  checkNonNegInt(out, 'openingBacklog', x.openingBacklog);
  checkNonNegInt(out, 'openingPendingSubmissions', x.openingPendingSubmissions);
  return out;
}

function assertValid(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new PlanningInputError(problems[0].field, problems[0].problem);
}

function coverageLine(planned: number, target: number): CoverageLine {
  return { planned, target, gap: Math.max(0, target - planned) };
}

/** Annual plan per design.md; throws PlanningInputError on invalid input. */
export function annualPlan(input: AnnualPlanInput): AnnualPlan {
  assertValid(validateAnnualInput(input));
  const { year, targets, seasonalIndex, orderConversionRate: r, licensingRates } = input;
  const orders = splitLargestRemainder(targets.orders, seasonalIndex);
  const months: AnnualPlanMonth[] = [];
  let backlog = input.openingBacklog;
  let pending = input.openingPendingSubmissions;
  const totals = { orders: 0, aak: 0, submissions: 0 };
  for (let m = 0; m < 12; m++) {
    const o = orders[m];
    const d = roundHalfUp(r * (backlog + o));
    backlog = backlog + o - d;
    const l = typeof licensingRates === 'number' ? licensingRates : licensingRates[m];
    const s = roundHalfUp(l * (pending + d));
    pending = pending + d - s;
    months.push({
      month: `${String(year).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`,
      orders: o,
      aak: d,
      submissions: s,
      backlog,
      pendingSubmissions: pending,
      orderDepth: d === 0 ? null : roundHalfUp((backlog / d) * 100) / 100,
    });
    totals.orders += o;
    totals.aak += d;
    totals.submissions += s;
  }
  const aak = coverageLine(totals.aak, targets.aak);
  const submissions = coverageLine(totals.submissions, targets.submissions);
  return { months, totals, coverage: { aak, submissions, ok: aak.gap === 0 && submissions.gap === 0 } };
}

// ---------------------------------------------------------------- lead plan

export interface LeadPlanModelInput {
  model: string;
  orderTarget: number;
  leadCloseRate: number;
  haCloseRate: number;
  haOnHand: number;
  bcOnHand: number;
  bcConversionRate: number;
}
export interface LeadPlanInput { models: LeadPlanModelInput[] }
export interface LeadPlanModel { model: string; leadTarget: number; newHaTarget: number; bcToHaTarget: number }
export interface LeadPlan { models: LeadPlanModel[] }

export function validateLeadInput(x: unknown): FieldProblem[] {
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  if (!Array.isArray(x.models)) return [{ field: 'models', problem: 'must be a list' }];
  const out: FieldProblem[] = [];
  x.models.forEach((m: unknown, i: number) => {
    const p = `models[${i}]`;
    if (!isObj(m)) { out.push({ field: p, problem: 'must be an object' }); return; }
    if (typeof m.model !== 'string' || m.model.trim() === '') out.push({ field: `${p}.model`, problem: 'must be a non-empty string' });
    checkNonNegInt(out, `${p}.orderTarget`, m.orderTarget);
    checkRate(out, `${p}.leadCloseRate`, m.leadCloseRate, true);
    checkRate(out, `${p}.haCloseRate`, m.haCloseRate, true);
    checkNonNegInt(out, `${p}.haOnHand`, m.haOnHand);
    checkNonNegInt(out, `${p}.bcOnHand`, m.bcOnHand);
    checkRate(out, `${p}.bcConversionRate`, m.bcConversionRate);
  });
  return out;
}

/** Lead plan per model (design.md); throws PlanningInputError on invalid input. */
export function leadPlan(input: LeadPlanInput): LeadPlan {
  assertValid(validateLeadInput(input));
  return {
    models: input.models.map((m) => ({
      model: m.model,
      leadTarget: ceilClean(m.orderTarget / m.leadCloseRate),
      newHaTarget: Math.max(0, ceilClean(m.orderTarget / m.haCloseRate) - m.haOnHand),
      bcToHaTarget: ceilClean(m.bcOnHand * m.bcConversionRate),
    })),
  };
}
