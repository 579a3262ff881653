// The one place the weekly-review code takes the pure weeklyProgress arithmetic from.
// TEMPORARY: a local copy of @kaflow/planning's weeklyProgress (same signature) until it lands on
// main; then this file becomes `export { weeklyProgress } from '@kaflow/planning';`.
export interface WeeklyProgressInput {
  workingDaysInMonth: number; workingDaysElapsed: number; threshold: number;
  lines: Array<{ key: string; label?: string; target: number; actual: number }>;
}

const round = (x: number, d: number) => Number(x.toFixed(d));

export function weeklyProgress(input: WeeklyProgressInput) {
  const share = input.workingDaysInMonth > 0 ? round(input.workingDaysElapsed / input.workingDaysInMonth, 4) : 0;
  const lines = input.lines.map((l) => {
    const proRated = round(l.target * share, 2);
    const bar = input.threshold * proRated;
    const gap = l.actual < bar;
    return {
      ...l, proRated, achievement: proRated > 0 ? round(l.actual / proRated, 4) : null, gap,
      shortfall: Math.max(0, Math.ceil(round(bar - l.actual, 6))),
    };
  });
  return { share, lines, gaps: lines.filter((l) => l.gap).length };
}
