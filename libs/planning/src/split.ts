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

/**
 * Controlled rounding of a table: integer cells whose rows sum to rowTotals and columns to colTotals
 * (the two must have the same sum T). Each cell is within 1 of the real value r_i·c_j/T: the cells
 * are floored, then the leftover units go one per cell, largest remainder first (ties to the earlier
 * row, then the earlier column), while both the row and the column still lack units. Should that
 * greedy pass leave units over, augmenting paths (rows and columns in index order) place them; a
 * placement always exists, so row and column sums are always exact. Deterministic.
 */
export function splitMatrix(rowTotals: number[], colTotals: number[]): number[][] {
  const check = (name: string, xs: unknown) => {
    if (!Array.isArray(xs)) throw new PlanningInputError(name, 'must be a list');
    xs.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
        throw new PlanningInputError(`${name}[${i}]`, 'must be a non-negative integer');
    });
  };
  check('rowTotals', rowTotals);
  check('colTotals', colTotals);
  const T = rowTotals.reduce((a, b) => a + b, 0);
  if (colTotals.reduce((a, b) => a + b, 0) !== T)
    throw new PlanningInputError('colTotals', 'must sum to the same total as rowTotals');
  const R = rowTotals.length;
  const C = colTotals.length;
  const cells = rowTotals.map(() => colTotals.map(() => 0));
  if (T === 0) return cells;

  // Floors and exact integer remainders (r_i·c_j mod T; the common denominator T makes them comparable).
  const rem: number[][] = cells.map(() => []);
  const rowLack = [...rowTotals];
  const colLack = [...colTotals];
  const candidates: Array<[number, number]> = [];
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const p = rowTotals[i] * colTotals[j];
      let q = Math.floor(p / T);
      if (q * T > p)
        q -= 1; // guard the float division
      else if (p - q * T >= T) q += 1;
      cells[i][j] = q;
      rem[i][j] = p - q * T;
      rowLack[i] -= q;
      colLack[j] -= q;
      if (rem[i][j] > 0) candidates.push([i, j]);
    }
  }
  candidates.sort((a, b) => rem[b[0]][b[1]] - rem[a[0]][a[1]] || a[0] - b[0] || a[1] - b[1]);
  const raised = cells.map(() => colTotals.map(() => false));
  for (const [i, j] of candidates) {
    if (rowLack[i] > 0 && colLack[j] > 0) {
      cells[i][j] += 1;
      raised[i][j] = true;
      rowLack[i] -= 1;
      colLack[j] -= 1;
    }
  }

  // Repair: breadth-first augmenting path row → (raise a cell) → column → (lower a raised cell) → row …
  // until a column that still lacks a unit. Only cells with a remainder may be raised, at most once.
  for (let start = 0; start < R; start++) {
    while (rowLack[start] > 0) {
      const prevOfCol: Array<number> = Array(C).fill(-1); // row from which the column was reached
      const prevOfRow: Array<number> = Array(R).fill(-1); // column through which the row was reached
      const seenRow = Array(R).fill(false);
      seenRow[start] = true;
      const queue = [start];
      let end = -1;
      for (let qi = 0; qi < queue.length && end < 0; qi++) {
        const i = queue[qi];
        for (let j = 0; j < C && end < 0; j++) {
          if (prevOfCol[j] >= 0 || raised[i][j] || rem[i][j] === 0) continue;
          prevOfCol[j] = i;
          if (colLack[j] > 0) {
            end = j;
            break;
          }
          for (let k = 0; k < R; k++) {
            if (!seenRow[k] && raised[k][j]) {
              seenRow[k] = true;
              prevOfRow[k] = j;
              queue.push(k);
            }
          }
        }
      }
      if (end < 0) throw new PlanningInputError('colTotals', 'no consistent table found'); // unreachable
      for (let j = end; ;) {
        const i = prevOfCol[j];
        cells[i][j] += 1;
        raised[i][j] = true;
        if (i === start) break;
        const jPrev = prevOfRow[i];
        cells[i][jPrev] -= 1;
        raised[i][jPrev] = false;
        j = jPrev;
      }
      rowLack[start] -= 1;
      colLack[end] -= 1;
    }
  }
  return cells;
}
