// Integer splits that preserve the whole: largest remainder (one list) and controlled rounding (a table).
import { PlanningInputError, roundTo } from './numbers';

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
