// Process 4's weekly progress control (docs/user-guide.md "Planning arithmetic", Weekly progress): actual vs
// target pro-rated by the working days elapsed; a line is a gap below threshold × pro-rated target.
import type { FieldProblem } from '@kaflow/domain';
import { roundHalfUpTo, roundTo } from './numbers';
import { assertValid, checkNonEmptyString, checkNonNegInt, checkRate, isNum, isObj } from './validate';

export interface WeeklyProgressLineInput {
  key: string;
  label?: string;
  /** The model or the consultant a line is about (its label in another language names it). */
  name?: string;
  target: number;
  actual: number;
}

export interface WeeklyProgressInput {
  /** ≥ 1. */
  workingDaysInMonth: number;
  /** 0..workingDaysInMonth. */
  workingDaysElapsed: number;
  /** 0–1, policy weeklyGapThreshold (0.9). */
  threshold: number;
  lines: WeeklyProgressLineInput[];
}

export interface WeeklyProgressLine {
  key: string;
  label?: string;
  name?: string;
  target: number;
  actual: number;
  /** target · share, 2 decimals. */
  proRated: number;
  /** actual ÷ pro-rated target, 4 decimals; null when the pro-rated target is 0. */
  achievement: number | null;
  /** actual < threshold · pro-rated target. */
  gap: boolean;
  /** max(0, ⌈threshold · pro-rated target − actual⌉): what is missing to leave the gap. */
  shortfall: number;
}

export interface WeeklyProgress {
  /** elapsed ÷ in month, 4 decimals. */
  share: number;
  lines: WeeklyProgressLine[];
  /** Count of gap lines. */
  gaps: number;
}

export function validateWeeklyInput(x: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  const inMonth = x.workingDaysInMonth;
  const inMonthOk = isNum(inMonth) && Number.isInteger(inMonth) && inMonth >= 1;
  if (!inMonthOk) out.push({ field: 'workingDaysInMonth', problem: 'must be an integer of at least 1' });
  const n = out.length;
  checkNonNegInt(out, 'workingDaysElapsed', x.workingDaysElapsed);
  if (out.length === n && inMonthOk && (x.workingDaysElapsed as number) > inMonth) {
    out.push({ field: 'workingDaysElapsed', problem: 'must not exceed workingDaysInMonth' });
  }
  checkRate(out, 'threshold', x.threshold);
  if (!Array.isArray(x.lines)) out.push({ field: 'lines', problem: 'must be a list' });
  else {
    const seen = new Map<string, number>();
    x.lines.forEach((l: unknown, i: number) => {
      const p = `lines[${i}]`;
      if (!isObj(l)) {
        out.push({ field: p, problem: 'must be an object' });
        return;
      }
      if (checkNonEmptyString(out, `${p}.key`, l.key)) {
        if (seen.has(l.key)) out.push({ field: `${p}.key`, problem: `duplicates lines[${seen.get(l.key)}]` });
        else seen.set(l.key, i);
      }
      if (l.label !== undefined && typeof l.label !== 'string')
        out.push({ field: `${p}.label`, problem: 'must be a string' });
      if (l.name !== undefined && typeof l.name !== 'string')
        out.push({ field: `${p}.name`, problem: 'must be a string' });
      checkNonNegInt(out, `${p}.target`, l.target);
      checkNonNegInt(out, `${p}.actual`, l.actual);
    });
  }
  return out;
}

/** Weekly progress per docs/user-guide.md; throws PlanningInputError on invalid input. */
export function weeklyProgress(input: WeeklyProgressInput): WeeklyProgress {
  assertValid(validateWeeklyInput(input));
  const { workingDaysInMonth: days, workingDaysElapsed: elapsed, threshold } = input;
  const lines = input.lines.map((l): WeeklyProgressLine => {
    // Exact comparison, scaled by the days in the month: actual·days < threshold·target·elapsed.
    const have = roundTo(l.actual * days, 9);
    const need = roundTo(threshold * l.target * elapsed, 9);
    const gap = have < need;
    const base = l.target * elapsed; // pro-rated target × days
    return {
      key: l.key,
      ...(l.label !== undefined ? { label: l.label } : {}),
      ...(l.name !== undefined ? { name: l.name } : {}),
      target: l.target,
      actual: l.actual,
      proRated: roundHalfUpTo(base / days, 2),
      achievement: base === 0 ? null : roundHalfUpTo((l.actual * days) / base, 4),
      gap,
      shortfall: gap ? Math.max(1, Math.ceil(roundTo((need - have) / days, 9))) : 0,
    };
  });
  return { share: roundHalfUpTo(elapsed / days, 4), lines, gaps: lines.filter((l) => l.gap).length };
}
