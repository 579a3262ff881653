// Rounding helpers and the input error of the planning arithmetic. PURE (no I/O, no Date, no randomness).

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

/** x rounded to `decimals` places (toFixed semantics); internal. */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  return Number(x.toFixed(decimals));
}

/** Half-up rounding (ties toward +∞), robust to float noise: x is first rounded to 9 decimals. */
export function roundHalfUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.floor(roundTo(x, 9) + 0.5);
  return r === 0 ? 0 : r; // no -0
}

/** Half-up rounding to `decimals` places (via roundHalfUp, so float noise is ignored); internal. */
export function roundHalfUpTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return roundHalfUp(x * f) / f;
}

/** ⌈x⌉ after rounding x to 6 decimals, so 21 / 0.7 (= 30.000000000000004) gives 30. */
export function ceilClean(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.ceil(roundTo(x, 6));
  return r === 0 ? 0 : r;
}
