// Will we make the month? The order forecast of a month (and of the next) from booked orders, the open pipeline by
// grade and the dealer's own measured grade-to-order rates (docs/user-guide.md "Forecast"). PURE: no I/O, no Date;
// its randomness is a seeded PRNG, so the same input always gives the same figures.
//
// For a line (the dealer, a model or a consultant) as of a date D in month M:
//
//   orders(M) = booked (cars ordered in M before D, not cancelled before D)
//             + Σ over the prospects open at D (last grade before D in O H A B C):
//                 quantity × [the prospect reaches an order in the rest of M]
//             + new business: cars ordered in the rest of M that no prospect open at D brought
//
// The rate of a grade g is measured on the last N closed months (policy `forecast.lookbackMonths`): in each, on
// the same day of the month as D, the prospects then at grade g (observed, with their cars) and the cars they
// ordered before that month ended. The rate is per car: cars ordered ÷ cars observed, so that a prospect's quantity
// weighs as its orders did. Rule: a model's own count of a grade is used when the model has at least
// `minObservations` observations (prospects) of that grade; otherwise the dealer's count of that grade.
//
// Range: each grade's rate is uncertain. It is counted in prospects, not cars (a fleet of ten is one decision):
// converted = observed × min(1, cars ordered ÷ cars observed). Its posterior, from Jeffreys' prior Beta(½, ½), is
// Beta(½ + converted, ½ + observed − converted), whose mean (converted + ½) ÷ (observed + 1) is the rate shown (a
// grade never seen is ½, one seen 100 times without an order 0.5 %). A Monte Carlo run of
// `draws` draws (seeded mulberry32) draws each pool's rate from its Beta, then each prospect's outcome as a
// Bernoulli of that rate, and the new business as one of the measured months' figures (bootstrap); P10, P50 and
// P90 are the draws' 10th, 50th and 90th percentiles (nearest rank). `expected` is the exact mean.
//
// AAK and system submissions follow from the orders as the rolling plan projects them (annual.ts projectMonths):
//   AAK = min(stock, round(r × (backlog at the month's start + orders))), never below what is delivered already;
//   submissions = round(l × (pending at the month's start + AAK)), never below what is submitted already.
import { roundHalfUp, roundHalfUpTo } from './numbers';

export const FORECAST_GRADES = ['O', 'H', 'A', 'B', 'C'] as const;
export type ForecastGrade = (typeof FORECAST_GRADES)[number];

/** Prospects observed at a grade and those of them that reached an order in the window (a prospect-equivalent
 *  count: observed × the share of their cars that were ordered; may be fractional). */
export interface GradeCount {
  observed: number;
  converted: number;
  /** A what-if's rate, taken as known (no draw); the count is then only shown. */
  fixed?: number;
}
export type GradeCounts = Record<ForecastGrade, GradeCount>;

/** The rate a forecast used for a grade: whose count (the model's or the dealer's), and its posterior mean. */
export interface UsedGradeRate extends GradeCount {
  grade: ForecastGrade;
  source: 'model' | 'dealer';
  /** (converted + ½) ÷ (observed + 1), 4 decimals. */
  rate: number;
}

export const emptyCounts = (): GradeCounts => ({
  O: { observed: 0, converted: 0 },
  H: { observed: 0, converted: 0 },
  A: { observed: 0, converted: 0 },
  B: { observed: 0, converted: 0 },
  C: { observed: 0, converted: 0 },
});

/** The posterior mean of a count under Jeffreys' prior Beta(½, ½). */
export const posteriorMean = (c: GradeCount): number =>
  c.fixed !== undefined ? c.fixed : (c.converted + 0.5) / (c.observed + 1);

/** The prospect-equivalent count of cars observed and ordered (see the header). */
export function carCount(observed: number, cars: number, orderedCars: number): GradeCount {
  return { observed, converted: cars > 0 ? roundHalfUpTo(observed * Math.min(1, orderedCars / cars), 6) : 0 };
}

/**
 * Per grade, the model's own count when it has at least `minObservations` observations of that grade,
 * else the dealer's count (the rule stated in the header).
 */
export function chooseRates(
  model: GradeCounts | undefined,
  dealer: GradeCounts,
  minObservations: number,
): Record<ForecastGrade, UsedGradeRate> {
  const out = {} as Record<ForecastGrade, UsedGradeRate>;
  for (const grade of FORECAST_GRADES) {
    const own = model?.[grade];
    const useModel = !!own && own.observed >= minObservations;
    const c = useModel ? own! : dealer[grade];
    out[grade] = {
      grade,
      source: useModel ? 'model' : 'dealer',
      observed: c.observed,
      converted: c.converted,
      rate: roundHalfUpTo(posteriorMean(c), 4),
    };
    if (c.fixed !== undefined) out[grade].fixed = c.fixed;
  }
  return out;
}

/** One open prospect of the pipeline: its grade, cars, and the pool (a model code) whose rates it takes. */
export interface PipelineItem {
  grade: ForecastGrade;
  quantity: number;
  pool: string;
}

export interface OrdersForecastInput {
  booked: number;
  pipeline: PipelineItem[];
  /** Per pool, per grade: the count whose Beta posterior gives the rate. */
  rates: Record<string, Record<ForecastGrade, GradeCount>>;
  /** Cars no open prospect brought, one figure per measured month (bootstrapped); empty = none. */
  newBusiness: number[];
  draws: number;
  seed: number;
}

export interface OrdersForecast {
  booked: number;
  /** Σ quantity × rate over the pipeline (2 decimals). */
  pipelineExpected: number;
  /** The measured months' mean (2 decimals). */
  newBusinessExpected: number;
  /** booked + pipelineExpected + newBusinessExpected (2 decimals). */
  expected: number;
  p10: number;
  p50: number;
  p90: number;
}

/** mulberry32: a small seeded PRNG, uniform on [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm's argument above 0
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape ≥ 1; shape < 1 by the u^(1/shape) boost). */
function gamma(rand: () => number, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * Math.pow(1 - rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A draw from Beta(a, b). */
export function betaDraw(rand: () => number, a: number, b: number): number {
  const x = gamma(rand, a);
  const y = gamma(rand, b);
  return x / (x + y);
}

/** The nearest-rank percentile of sorted values (p in (0, 1]). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const FALLBACK: GradeCount = { observed: 0, converted: 0 };

/** The month's orders (cars) with their P10–P90 range; see the header for the method. */
export function forecastOrders(input: OrdersForecastInput): OrdersForecast {
  const countOf = (it: PipelineItem) => input.rates[it.pool]?.[it.grade] ?? FALLBACK;
  const pipelineExpected = input.pipeline.reduce((s, it) => s + it.quantity * posteriorMean(countOf(it)), 0);
  const nb = input.newBusiness;
  const newBusinessExpected = nb.length ? nb.reduce((a, b) => a + b, 0) / nb.length : 0;

  // Pools used, each with its Beta parameters; prospects grouped by pool and grade.
  const keys = new Map<string, { a: number; b: number; fixed?: number; items: number[] }>();
  for (const it of input.pipeline) {
    const k = `${it.pool}\u0000${it.grade}`;
    let g = keys.get(k);
    if (!g) {
      const c = countOf(it);
      g = { a: 0.5 + c.converted, b: 0.5 + Math.max(0, c.observed - c.converted), fixed: c.fixed, items: [] };
      keys.set(k, g);
    }
    g.items.push(it.quantity);
  }
  const groups = [...keys.values()];
  const rand = mulberry32(input.seed);
  const draws = Math.max(1, Math.floor(input.draws));
  const totals: number[] = new Array(draws);
  for (let d = 0; d < draws; d++) {
    let t = input.booked;
    for (const g of groups) {
      const p = g.fixed !== undefined ? g.fixed : betaDraw(rand, g.a, g.b);
      for (const q of g.items) if (rand() < p) t += q;
    }
    if (nb.length) t += nb[Math.min(nb.length - 1, Math.floor(rand() * nb.length))];
    totals[d] = t;
  }
  totals.sort((x, y) => x - y);
  return {
    booked: input.booked,
    pipelineExpected: roundHalfUpTo(pipelineExpected, 2),
    newBusinessExpected: roundHalfUpTo(newBusinessExpected, 2),
    expected: roundHalfUpTo(input.booked + pipelineExpected + newBusinessExpected, 2),
    p10: percentile(totals, 0.1),
    p50: percentile(totals, 0.5),
    p90: percentile(totals, 0.9),
  };
}

export interface FlowInput {
  /** Orders on hand at the month's start (backlog) and delivered-not-submitted (pending). */
  backlogStart: number;
  pendingStart: number;
  /** r: the plan's order-to-delivery conversion rate; l: its registration (licensing) rate of the month. */
  orderConversionRate: number;
  licensingRate: number;
  /** Deliverable stock of the month; null = not recorded (no cap). */
  stock: number | null;
  /** Already delivered / submitted in the month before the as-of date. */
  aakSoFar: number;
  submissionsSoFar: number;
}

/** AAK and submissions that `orders` would give, as the rolling plan projects them (see the header). */
export function flowFromOrders(orders: number, f: FlowInput): { aak: number; submissions: number } {
  let aak = roundHalfUp(f.orderConversionRate * (f.backlogStart + orders));
  if (f.stock !== null) aak = Math.min(aak, f.stock);
  aak = Math.max(aak, f.aakSoFar);
  const submissions = Math.max(f.submissionsSoFar, roundHalfUp(f.licensingRate * (f.pendingStart + aak)));
  return { aak, submissions };
}

/**
 * The early warning (预警): the forecast's P50 falls short of the target by more than `margin` (a share of the
 * target). No target (0) never warns.
 */
export function forecastShortfall(
  p50: number,
  target: number,
  margin: number,
): { gap: number; warn: boolean; limit: number } {
  const limit = roundHalfUpTo(target * (1 - margin), 2);
  const gap = Math.max(0, target - p50);
  return { gap, limit, warn: target > 0 && p50 < target * (1 - margin) - 1e-9 };
}

/** WAPE of forecasts against actuals: Σ|actual − forecast| ÷ Σ actual (null when nothing was ordered). */
export function wape(pairs: Array<{ forecast: number; actual: number }>): number | null {
  const den = pairs.reduce((s, p) => s + p.actual, 0);
  if (den === 0) return null;
  return pairs.reduce((s, p) => s + Math.abs(p.actual - p.forecast), 0) / den;
}
