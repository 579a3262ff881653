// Shared checks of the validate* functions: each pushes { field, problem } with the field's JSON path.
import type { FieldProblem } from '@kaflow/domain';
import { PlanningInputError } from './numbers';

export function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
export function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
export function checkNonNegInt(out: FieldProblem[], field: string, v: unknown): void {
  if (!isNum(v)) out.push({ field, problem: 'must be a number' });
  else if (v < 0) out.push({ field, problem: 'must not be negative' });
  else if (!Number.isInteger(v)) out.push({ field, problem: 'must be an integer' });
}
/** A finite non-negative number (a weight or a share); true when it is one. */
export function checkNonNeg(out: FieldProblem[], field: string, v: unknown): boolean {
  if (!isNum(v)) {
    out.push({ field, problem: 'must be a number' });
    return false;
  }
  if (v < 0) {
    out.push({ field, problem: 'must not be negative' });
    return false;
  }
  return true;
}
export function checkRate(out: FieldProblem[], field: string, v: unknown, positive = false): void {
  if (!isNum(v)) out.push({ field, problem: 'must be a number' });
  else if (v < 0 || v > 1) out.push({ field, problem: 'must be between 0 and 1' });
  else if (positive && v === 0) out.push({ field, problem: 'must be greater than 0' });
}
export function checkNonEmptyString(out: FieldProblem[], field: string, v: unknown): v is string {
  if (typeof v !== 'string' || v.trim() === '') {
    out.push({ field, problem: 'must be a non-empty string' });
    return false;
  }
  return true;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** 'YYYY-MM' → { year, month (1–12) }, or null. */
export function parseMonth(v: unknown): { year: number; month: number } | null {
  if (typeof v !== 'string') return null;
  const m = MONTH.exec(v);
  if (!m || Number(m[1]) < 1) return null;
  return { year: Number(m[1]), month: Number(m[2]) };
}
export function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The 12-value seasonal index: non-negative numbers, not all zero. */
export function checkSeasonalIndex(out: FieldProblem[], s: unknown): void {
  if (!Array.isArray(s) || s.length !== 12) {
    out.push({ field: 'seasonalIndex', problem: 'must have 12 values' });
    return;
  }
  let bad = false;
  s.forEach((v, i) => {
    if (!isNum(v)) {
      out.push({ field: `seasonalIndex[${i}]`, problem: 'must be a number' });
      bad = true;
    } else if (v < 0) {
      out.push({ field: `seasonalIndex[${i}]`, problem: 'must not be negative' });
      bad = true;
    }
  });
  if (!bad && !s.some((v) => (v as number) > 0)) out.push({ field: 'seasonalIndex', problem: 'must not be all zero' });
}

/** One rate for every month or 12 monthly rates, each 0–1. */
export function checkLicensingRates(out: FieldProblem[], l: unknown): void {
  if (Array.isArray(l)) {
    if (l.length !== 12) out.push({ field: 'licensingRates', problem: 'must have 12 values' });
    else l.forEach((v, i) => checkRate(out, `licensingRates[${i}]`, v));
  } else if (isNum(l)) checkRate(out, 'licensingRates', l);
  else out.push({ field: 'licensingRates', problem: 'must be a rate or 12 rates' });
}

/** { orders, aak, submissions }: non-negative integers. */
export function checkTargets(out: FieldProblem[], field: string, t: unknown): void {
  if (!isObj(t)) out.push({ field, problem: 'must be an object' });
  else for (const k of ['orders', 'aak', 'submissions']) checkNonNegInt(out, `${field}.${k}`, t[k]);
}

/** An object of named non-negative weights: each named key present, not all zero (other keys are ignored). */
export function checkWeights(out: FieldProblem[], field: string, w: unknown, keys: readonly string[]): void {
  if (!isObj(w)) {
    out.push({ field, problem: `must be an object { ${keys.join(', ')} }` });
    return;
  }
  let ok = true;
  for (const k of keys) ok = checkNonNeg(out, `${field}.${k}`, w[k]) && ok;
  if (ok && !keys.some((k) => (w[k] as number) > 0)) out.push({ field, problem: 'must not be all zero' });
}

export function assertValid(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new PlanningInputError(problems[0].field, problems[0].problem);
}

export function checkYear(out: FieldProblem[], v: unknown): void {
  if (!isNum(v) || !Number.isInteger(v) || v < 1 || v > 9999)
    out.push({ field: 'year', problem: 'must be an integer year between 1 and 9999' });
}
