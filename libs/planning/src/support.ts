// P3 "can the customer base carry next month's targets?" (客户资源能否支撑月度目标达成) and the
// personal targets crossed with customer type and channel. PURE (no I/O, no Date, no randomness).
//
// Expected orders of a line (a model, or a consultant summed over the models they hold):
//
//   expected = Σ_model ( H/A on hand × H/A closing rate
//                      + B/C on hand × B/C→H/A rate × H/A closing rate )
//              + remaining orders due for delivery
//
// The rates are those the lead plan reads (per model, from the last `rateLookbackMonths` closed months:
// H/A closing rate = orders ÷ prospects that were H or A in the window; B/C→H/A rate = B/C at the window
// start that reached H, A or O in it ÷ B/C at the start; the dealer's rate where a model has none).
// Against the month's order target of the line (`needed`):
//   gap = max(0, ⌈needed − expected⌉) whole orders, ok = (gap = 0) ⇔ expected ≥ needed;
//   `expected` is reported to 2 decimals (half-up), the comparison uses the unrounded value.
import type { FieldProblem } from '@kaflow/domain';
import { ceilClean, roundHalfUpTo } from './numbers';
import { splitMatrix } from './split';
import { checkNonEmptyString, checkNonNegInt, checkRate, isObj } from './validate';

export interface BaseRates {
  model: string;
  haCloseRate: number;
  bcToHaRate: number;
}
export interface BaseOnHand {
  consultantId: string;
  model: string;
  haOnHand: number;
  bcOnHand: number;
  remainingOrders: number;
}
export interface SupportInput {
  /** Per model, as the lead plan reads them. */
  rates: BaseRates[];
  /** Per consultant and model: prospects now H/A and B/C, orders still to deliver. */
  onHand: BaseOnHand[];
}
export interface GapCheck {
  needed: number;
  expected: number;
  gap: number;
  ok: boolean;
}
export interface Support {
  byModel: Array<{ model: string } & GapCheck>;
  byConsultant: Array<{ consultantId: string; name?: string } & GapCheck>;
  ok: boolean;
}

/** The orders a base can be expected to give (unrounded; see the header). */
export function expectedOrders(x: Omit<BaseOnHand, 'consultantId' | 'model'>, r: Omit<BaseRates, 'model'>): number {
  return x.haOnHand * r.haCloseRate + x.bcOnHand * r.bcToHaRate * r.haCloseRate + x.remainingOrders;
}

/** needed vs expected: the gap in whole units (⌈needed − expected⌉, not below 0); ok when there is none. */
export function gapCheck(needed: number, expected: number): GapCheck {
  const gap = Math.max(0, ceilClean(needed - expected));
  return { needed, expected: roundHalfUpTo(expected, 2), gap, ok: gap === 0 };
}

export function validateSupportInput(out: FieldProblem[], field: string, x: unknown): void {
  if (!isObj(x)) {
    out.push({ field, problem: 'must be an object { rates, onHand }' });
    return;
  }
  const models = new Set<string>();
  if (!Array.isArray(x.rates)) out.push({ field: `${field}.rates`, problem: 'must be a list' });
  else
    x.rates.forEach((r: unknown, i: number) => {
      const p = `${field}.rates[${i}]`;
      if (!isObj(r)) {
        out.push({ field: p, problem: 'must be an object' });
        return;
      }
      if (checkNonEmptyString(out, `${p}.model`, r.model)) {
        if (models.has(r.model)) out.push({ field: `${p}.model`, problem: 'is listed twice' });
        models.add(r.model);
      }
      checkRate(out, `${p}.haCloseRate`, r.haCloseRate);
      checkRate(out, `${p}.bcToHaRate`, r.bcToHaRate);
    });
  if (!Array.isArray(x.onHand)) {
    out.push({ field: `${field}.onHand`, problem: 'must be a list' });
    return;
  }
  x.onHand.forEach((o: unknown, i: number) => {
    const p = `${field}.onHand[${i}]`;
    if (!isObj(o)) {
      out.push({ field: p, problem: 'must be an object' });
      return;
    }
    checkNonEmptyString(out, `${p}.consultantId`, o.consultantId);
    if (checkNonEmptyString(out, `${p}.model`, o.model) && Array.isArray(x.rates) && !models.has(o.model)) {
      out.push({ field: `${p}.model`, problem: 'has no rates in support.rates' });
    }
    for (const k of ['haOnHand', 'bcOnHand', 'remainingOrders']) checkNonNegInt(out, `${p}.${k}`, o[k]);
  });
}

/** The support check of a decomposition's order targets (input already validated). */
export function baseSupport(
  input: SupportInput,
  byModel: Array<{ model: string; orders: number }>,
  byConsultant: Array<{ consultantId: string; name?: string; orders: number }>,
): Support {
  const rates = new Map(input.rates.map((r) => [r.model, r]));
  const exp = (rows: BaseOnHand[]) => rows.reduce((a, o) => a + expectedOrders(o, rates.get(o.model)!), 0);
  const models = byModel.map((m) => ({
    model: m.model,
    ...gapCheck(m.orders, exp(input.onHand.filter((o) => o.model === m.model))),
  }));
  const consultants = byConsultant.map((c) => ({
    consultantId: c.consultantId,
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...gapCheck(c.orders, exp(input.onHand.filter((o) => o.consultantId === c.consultantId))),
  }));
  return { byModel: models, byConsultant: consultants, ok: [...models, ...consultants].every((l) => l.ok) };
}

export interface CrossCell {
  model: string;
  customerType: string;
  channel: string;
  value: number;
}

/**
 * Splits a consultant × model table over customer type × channel so that every margin holds: each
 * (consultant, model) cell's parts sum to that cell, and over all consultants and models each customer
 * type sums to its total and each channel to its total. First the type × channel table is rounded from
 * the two total lists, then the (consultant, model) cells (rows) against that table's cells (columns);
 * both steps are the controlled rounding of `splitMatrix`, which keeps row and column sums exact.
 * Returns, per consultant, the non-zero cells.
 */
export function crossSplit(
  cells: number[][],
  models: string[],
  typeTotals: Array<[string, number]>,
  channelTotals: Array<[string, number]>,
): CrossCell[][] {
  const tc = splitMatrix(
    typeTotals.map(([, v]) => v),
    channelTotals.map(([, v]) => v),
  );
  const cols: Array<{ customerType: string; channel: string; total: number }> = [];
  typeTotals.forEach(([customerType], t) =>
    channelTotals.forEach(([channel], k) => {
      cols.push({ customerType, channel, total: tc[t][k] });
    }),
  );
  const rows: Array<{ i: number; model: string; total: number }> = [];
  cells.forEach((r, i) => r.forEach((total, j) => rows.push({ i, model: models[j], total })));
  const flat = splitMatrix(
    rows.map((r) => r.total),
    cols.map((c) => c.total),
  );
  const out: CrossCell[][] = cells.map(() => []);
  rows.forEach((r, ri) =>
    cols.forEach((c, ci) => {
      if (flat[ri][ci] > 0)
        out[r.i].push({ model: r.model, customerType: c.customerType, channel: c.channel, value: flat[ri][ci] });
    }),
  );
  return out;
}
