// Process 3: next month's targets decomposed (docs/user-guide.md "Planning arithmetic", Decomposition): by
// model, customer type, channel and consultant, and consultant × model consistent both ways.
import type { FieldProblem } from '@kaflow/domain';
import { roundHalfUpTo } from './numbers';
import { splitLargestRemainder, splitMatrix } from './split';
import { baseSupport, crossSplit, validateSupportInput, type Support, type SupportInput } from './support';
import {
  assertValid,
  checkNonEmptyString,
  checkNonNeg,
  checkNonNegInt,
  checkTargets,
  checkWeights,
  isObj,
  parseMonth,
} from './validate';

export interface DecompositionModelInput {
  model: string;
  haOnHand: number;
  stock: number;
}
export interface DecompositionConsultantInput {
  consultantId: string;
  name?: string;
  /** Last months' actual ÷ target (≥ 0). */
  achievement: number;
  haOnHand: number;
  remainingOrders: number;
}

export interface DecompositionInput {
  /** 'YYYY-MM'. */
  month: string;
  /** Next month's, from the signed rolling plan. */
  targets: { orders: number; aak: number; submissions: number };
  models: DecompositionModelInput[];
  /** Default 0.5 / 0.5 (shares of H/A resources and of stock). */
  modelWeights?: { haOnHand: number; stock: number };
  /** e.g. { enterprise: 0.3, government: 0.15, ... }; normalised. */
  customerTypeShares: Record<string, number>;
  /** New vs repeat purchase; normalised. */
  channelShares: { new: number; repeat: number };
  consultants: DecompositionConsultantInput[];
  consultantWeights: { achievement: number; haOnHand: number; remainingOrders: number };
  /** P3: the customer base behind the targets (support.ts); without it the result has no support check. */
  support?: SupportInput;
}

export interface DecompositionLine {
  orders: number;
  aak: number;
  submissions: number;
}

/** A personal target's cell of model × customer type × channel. */
export type CrossLine = { model: string; customerType: string; channel: string } & DecompositionLine;

export interface Decomposition {
  month: string;
  byModel: Array<{ model: string } & DecompositionLine>;
  byCustomerType: Array<{ customerType: string } & DecompositionLine>;
  byChannel: Array<{ channel: 'new' | 'repeat' } & DecompositionLine>;
  byConsultant: Array<
    { consultantId: string; name?: string; weight: number } & DecompositionLine & {
        byModel: Array<{ model: string } & DecompositionLine>;
        byCustomerType: Array<{ customerType: string } & DecompositionLine>;
        byChannel: Array<{ channel: 'new' | 'repeat' } & DecompositionLine>;
        /** Non-zero cells only; every margin sums to the plan's totals. */
        byModelTypeChannel: CrossLine[];
      }
  >;
  /** P3 support check, when the input carries `support`. */
  support?: Support;
}

type Metric = 'orders' | 'aak' | 'submissions';
const METRICS_LIST: Metric[] = ['orders', 'aak', 'submissions'];
export const DEFAULT_MODEL_WEIGHTS = { haOnHand: 0.5, stock: 0.5 } as const;

function checkUnique(out: FieldProblem[], list: unknown[], key: string, prefix: string): void {
  const seen = new Map<string, number>();
  list.forEach((x, i) => {
    if (!isObj(x) || typeof x[key] !== 'string' || x[key] === '') return;
    const id = x[key] as string;
    if (seen.has(id)) out.push({ field: `${prefix}[${i}].${key}`, problem: `duplicates ${prefix}[${seen.get(id)}]` });
    else seen.set(id, i);
  });
}

export function validateDecompositionInput(x: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  if (!parseMonth(x.month)) out.push({ field: 'month', problem: 'must be a month YYYY-MM' });
  checkTargets(out, 'targets', x.targets);

  if (!Array.isArray(x.models) || x.models.length === 0)
    out.push({ field: 'models', problem: 'must be a non-empty list' });
  else {
    x.models.forEach((m: unknown, i: number) => {
      const p = `models[${i}]`;
      if (!isObj(m)) {
        out.push({ field: p, problem: 'must be an object' });
        return;
      }
      checkNonEmptyString(out, `${p}.model`, m.model);
      checkNonNegInt(out, `${p}.haOnHand`, m.haOnHand);
      checkNonNegInt(out, `${p}.stock`, m.stock);
    });
    checkUnique(out, x.models, 'model', 'models');
  }
  if (x.modelWeights !== undefined) checkWeights(out, 'modelWeights', x.modelWeights, ['haOnHand', 'stock']);

  const shares = x.customerTypeShares;
  if (!isObj(shares) || Object.keys(shares).length === 0)
    out.push({ field: 'customerTypeShares', problem: 'must be a non-empty object of shares per customer type' });
  else {
    let ok = true;
    for (const [k, v] of Object.entries(shares)) {
      if (k.trim() === '') {
        out.push({ field: 'customerTypeShares', problem: 'customer types must be non-empty' });
        ok = false;
      }
      ok = checkNonNeg(out, `customerTypeShares.${k}`, v) && ok;
    }
    if (ok && !Object.values(shares).some((v) => (v as number) > 0))
      out.push({ field: 'customerTypeShares', problem: 'must not be all zero' });
  }
  checkWeights(out, 'channelShares', x.channelShares, ['new', 'repeat']);

  if (!Array.isArray(x.consultants) || x.consultants.length === 0)
    out.push({ field: 'consultants', problem: 'must be a non-empty list' });
  else {
    x.consultants.forEach((c: unknown, i: number) => {
      const p = `consultants[${i}]`;
      if (!isObj(c)) {
        out.push({ field: p, problem: 'must be an object' });
        return;
      }
      checkNonEmptyString(out, `${p}.consultantId`, c.consultantId);
      if (c.name !== undefined && typeof c.name !== 'string')
        out.push({ field: `${p}.name`, problem: 'must be a string' });
      checkNonNeg(out, `${p}.achievement`, c.achievement);
      checkNonNegInt(out, `${p}.haOnHand`, c.haOnHand);
      checkNonNegInt(out, `${p}.remainingOrders`, c.remainingOrders);
    });
    checkUnique(out, x.consultants, 'consultantId', 'consultants');
  }
  checkWeights(out, 'consultantWeights', x.consultantWeights, ['achievement', 'haOnHand', 'remainingOrders']);
  if (x.support !== undefined) validateSupportInput(out, 'support', x.support);
  return out;
}

/**
 * Blended shares: Σ_f w_f · (v_if / Σ_i v_if) / Σ_f w_f over the factors f whose column total is
 * not zero (the others are dropped and the rest renormalised). When no factor with a positive
 * weight is left, every item gets the same share.
 */
export function blendShares(rows: number[][], factorWeights: number[]): number[] {
  const n = rows.length;
  const totals = factorWeights.map((_, f) => rows.reduce((a, r) => a + r[f], 0));
  const live = factorWeights.map((w, f) => (totals[f] > 0 && w > 0 ? f : -1)).filter((f) => f >= 0);
  const wsum = live.reduce((a, f) => a + factorWeights[f], 0);
  if (!(wsum > 0)) return rows.map(() => 1 / n);
  // shares first, then the normalised factor weight: no underflow even for the tiniest weights
  return rows.map((r) => live.reduce((a, f) => a + (factorWeights[f] / wsum) * (r[f] / totals[f]), 0));
}

function line(parts: Record<Metric, number[]>, i: number): DecompositionLine {
  return { orders: parts.orders[i], aak: parts.aak[i], submissions: parts.submissions[i] };
}
function splitAll(targets: DecompositionLine, weights: number[]): Record<Metric, number[]> {
  const w = weights.some((v) => v > 0) ? weights : weights.map(() => 1);
  return {
    orders: splitLargestRemainder(targets.orders, w),
    aak: splitLargestRemainder(targets.aak, w),
    submissions: splitLargestRemainder(targets.submissions, w),
  };
}

/** Decomposition per docs/user-guide.md; throws PlanningInputError on invalid input. */
export function decomposePlan(input: DecompositionInput): Decomposition {
  assertValid(validateDecompositionInput(input));
  const { targets, models, consultants } = input;
  const mw = input.modelWeights ?? DEFAULT_MODEL_WEIGHTS;
  const cw = input.consultantWeights;

  const modelShares = blendShares(
    models.map((m) => [m.haOnHand, m.stock]),
    [mw.haOnHand, mw.stock],
  );
  const byModelParts = splitAll(targets, modelShares);
  const types = Object.keys(input.customerTypeShares);
  const typeParts = splitAll(
    targets,
    types.map((t) => input.customerTypeShares[t]),
  );
  const channels = ['new', 'repeat'] as const;
  const channelParts = splitAll(
    targets,
    channels.map((c) => input.channelShares[c]),
  );
  const consultantShares = blendShares(
    consultants.map((c) => [c.achievement, c.haOnHand, c.remainingOrders]),
    [cw.achievement, cw.haOnHand, cw.remainingOrders],
  );
  const consultantParts = splitAll(targets, consultantShares);
  const cells = {
    orders: splitMatrix(consultantParts.orders, byModelParts.orders),
    aak: splitMatrix(consultantParts.aak, byModelParts.aak),
    submissions: splitMatrix(consultantParts.submissions, byModelParts.submissions),
  };

  const cross = crossCells(
    cells,
    models.map((m) => m.model),
    types,
    typeParts,
    channelParts,
  );
  const margin = (xs: CrossLine[], key: 'customerType' | 'channel', n: string): DecompositionLine => {
    const mine = xs.filter((x) => x[key] === n);
    const total = (k: Metric) => mine.reduce((a, x) => a + x[k], 0);
    return { orders: total('orders'), aak: total('aak'), submissions: total('submissions') };
  };

  const byModel = models.map((m, i) => ({ model: m.model, ...line(byModelParts, i) }));
  const byConsultant = consultants.map((c, i) => ({
    consultantId: c.consultantId,
    ...(c.name !== undefined ? { name: c.name } : {}),
    weight: roundHalfUpTo(consultantShares[i], 4),
    ...line(consultantParts, i),
    byModel: models.map((m, j) => ({
      model: m.model,
      orders: cells.orders[i][j],
      aak: cells.aak[i][j],
      submissions: cells.submissions[i][j],
    })),
    byCustomerType: types.map((customerType) => ({ customerType, ...margin(cross[i], 'customerType', customerType) })),
    byChannel: channels.map((channel) => ({ channel, ...margin(cross[i], 'channel', channel) })),
    byModelTypeChannel: cross[i],
  }));
  return {
    month: input.month,
    byModel,
    byCustomerType: types.map((customerType, i) => ({ customerType, ...line(typeParts, i) })),
    byChannel: channels.map((channel, i) => ({ channel, ...line(channelParts, i) })),
    byConsultant,
    ...(input.support ? { support: baseSupport(input.support, byModel, byConsultant) } : {}),
  };
}

/** The three metrics' cross splits merged into one list of cells per consultant. */
function crossCells(
  cells: Record<Metric, number[][]>,
  models: string[],
  types: string[],
  typeParts: Record<Metric, number[]>,
  channelParts: Record<Metric, number[]>,
): CrossLine[][] {
  const out: Array<Map<string, CrossLine>> = cells.orders.map(() => new Map());
  for (const k of METRICS_LIST) {
    const split = crossSplit(
      cells[k],
      models,
      types.map((t, i) => [t, typeParts[k][i]]),
      [
        ['new', channelParts[k][0]],
        ['repeat', channelParts[k][1]],
      ],
    );
    split.forEach((list, i) =>
      list.forEach((c) => {
        const key = `${c.model}\u0000${c.customerType}\u0000${c.channel}`;
        const cell = out[i].get(key) ?? {
          model: c.model,
          customerType: c.customerType,
          channel: c.channel,
          orders: 0,
          aak: 0,
          submissions: 0,
        };
        cell[k] = c.value;
        out[i].set(key, cell);
      }),
    );
  }
  const order = (c: CrossLine) => [models.indexOf(c.model), types.indexOf(c.customerType), c.channel === 'new' ? 0 : 1];
  return out.map((m) =>
    [...m.values()].sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    }),
  );
}
