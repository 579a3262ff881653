// Plans that learn: the approved target against the actual, and an assumed rate against the realised
// one. PURE.
//   deviation = actual − target; pct = deviation ÷ target (4 decimals), null when the target is 0.
//   rate difference = realised − assumed (4 decimals), null when nothing was realised (no denominator).
import { roundHalfUpTo } from './numbers';

export interface Deviation {
  target: number;
  actual: number;
  deviation: number;
  pct: number | null;
}
export interface RateCheck {
  assumed: number;
  realised: number | null;
  numerator: number;
  denominator: number;
  difference: number | null;
}

export function deviation(target: number, actual: number): Deviation {
  const d = actual - target;
  return { target, actual, deviation: d, pct: target === 0 ? null : roundHalfUpTo(d / target, 4) };
}

export function rateCheck(assumed: number, numerator: number, denominator: number): RateCheck {
  const realised = denominator === 0 ? null : roundHalfUpTo(numerator / denominator, 4);
  return {
    assumed,
    realised,
    numerator,
    denominator,
    difference: realised === null ? null : roundHalfUpTo(realised - assumed, 4),
  };
}
