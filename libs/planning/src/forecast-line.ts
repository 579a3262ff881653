// The forecast of one line (the dealer, a model or a consultant) from the readings libs/records/src/forecast.ts
// takes as of a date: the rates counted per model and for the dealer, the rule of forecast.ts's chooseRates, the
// pipeline and booked orders of the line, its new business per measured month, and a what-if's changes. PURE.
import {
  FORECAST_GRADES,
  carCount,
  chooseRates,
  flowFromOrders,
  forecastOrders,
  type FlowInput,
  type ForecastGrade,
  type GradeCount,
  type GradeCounts,
  type OrdersForecast,
  type PipelineItem,
  type UsedGradeRate,
} from './forecast';

/** A prospect open at an observation point of a measured month, and whether it reached an order. */
export interface ForecastObservation {
  month: string;
  model: string;
  consultantId: string;
  grade: ForecastGrade;
  /** The prospect's cars. */
  quantity: number;
  /** Cars it ordered in the rest of that month. */
  ordered: number;
  /** Cars it ordered in the month after it; null when that month was not closed at the as-of date. */
  orderedNext: number | null;
}

/** Cars ordered after an observation point that no prospect open at it brought, per model and consultant. */
export interface ForecastNewBusiness {
  month: string;
  model: string;
  consultantId: string;
  /** In the rest of that month. */
  rest: number;
  /** In the month after it; null when not closed at the as-of date. */
  next: number | null;
}

export interface ForecastOpenProspect {
  prospectId: string;
  model: string;
  consultantId: string;
  grade: ForecastGrade;
  quantity: number;
}

/** Everything a forecast as of `asOf` reads; only records known at the start of `asOf`. */
export interface ForecastReading {
  month: string;
  nextMonth: string;
  asOf: string;
  /** The measured months, newest first (this month's rates). */
  lookbackMonths: string[];
  /** Those of them whose following month was closed at the as-of date (next month's rates). */
  nextLookbackMonths: string[];
  observations: ForecastObservation[];
  newBusiness: ForecastNewBusiness[];
  pipeline: ForecastOpenProspect[];
  booked: Array<{ model: string; consultantId: string; cars: number }>;
}

export interface LineFilter {
  model?: string;
  consultantId?: string;
}

/** The director's what-if: rates set per grade (0–1, taken as known) and H/A prospects added (one car each). */
export interface ForecastWhatIf {
  rates?: Partial<Record<ForecastGrade, number>>;
  addProspects?: { H?: number; A?: number };
}

export interface LineOptions {
  minObservations: number;
  draws: number;
  seed: number;
}

export interface UsedRateLine extends UsedGradeRate {
  /** The model whose prospects took this rate. */
  model: string;
}

export interface LineForecast {
  orders: OrdersForecast;
  next: OrdersForecast;
  /** The line's open prospects and their cars per grade. */
  pipeline: Record<ForecastGrade, { prospects: number; cars: number }>;
  /** The rates the line's pipeline took, per model and grade (this month's, then next month's). */
  rates: UsedRateLine[];
  nextRates: UsedRateLine[];
  /** The dealer's own counts per grade (the fallback). */
  dealerRates: UsedGradeRate[];
}

const DEALER_POOL = '\u0000dealer';
const matches = (f: LineFilter, r: { model: string; consultantId: string }) =>
  (f.model === undefined || r.model === f.model) && (f.consultantId === undefined || r.consultantId === f.consultantId);

type Tally = Record<ForecastGrade, { n: number; cars: number; ordered: number }>;
const tally = (): Tally => Object.fromEntries(FORECAST_GRADES.map((g) => [g, { n: 0, cars: 0, ordered: 0 }])) as Tally;
const toCounts = (t: Tally): GradeCounts =>
  Object.fromEntries(FORECAST_GRADES.map((g) => [g, carCount(t[g].n, t[g].cars, t[g].ordered)])) as GradeCounts;

function count(obs: ForecastObservation[], pick: (o: ForecastObservation) => number | null) {
  const dealer = tally();
  const byModel = new Map<string, Tally>();
  for (const o of obs) {
    const ordered = pick(o);
    if (ordered === null) continue;
    let m = byModel.get(o.model);
    if (!m) byModel.set(o.model, (m = tally()));
    for (const c of [dealer[o.grade], m[o.grade]]) {
      c.n += 1;
      c.cars += o.quantity;
      c.ordered += ordered;
    }
  }
  return { dealer: toCounts(dealer), byModel: new Map([...byModel].map(([k, v]) => [k, toCounts(v)])) };
}

function pools(
  counted: { dealer: GradeCounts; byModel: Map<string, GradeCounts> },
  models: string[],
  minObservations: number,
  whatIf: ForecastWhatIf | undefined,
): { rates: Record<string, Record<ForecastGrade, GradeCount>>; used: UsedRateLine[]; dealer: UsedGradeRate[] } {
  const fix = (r: Record<ForecastGrade, UsedGradeRate>) => {
    for (const g of FORECAST_GRADES) {
      const v = whatIf?.rates?.[g];
      if (v !== undefined) r[g] = { ...r[g], fixed: v, rate: v };
    }
    return r;
  };
  const rates: Record<string, Record<ForecastGrade, GradeCount>> = {};
  const used: UsedRateLine[] = [];
  for (const model of models) {
    const r = fix(chooseRates(counted.byModel.get(model), counted.dealer, minObservations));
    rates[model] = r;
    for (const g of FORECAST_GRADES) used.push({ model, ...r[g] });
  }
  const dealer = fix(chooseRates(undefined, counted.dealer, 0));
  rates[DEALER_POOL] = dealer;
  return { rates, used, dealer: FORECAST_GRADES.map((g) => dealer[g]) };
}

/** The forecast of a line as of the reading's date (this month and the next). */
export function lineForecast(
  reading: ForecastReading,
  filter: LineFilter,
  opts: LineOptions,
  whatIf?: ForecastWhatIf,
): LineForecast {
  const open = reading.pipeline.filter((p) => matches(filter, p));
  const items: PipelineItem[] = open.map((p) => ({ grade: p.grade, quantity: p.quantity, pool: p.model }));
  for (const g of ['H', 'A'] as const)
    for (let i = 0; i < (whatIf?.addProspects?.[g] ?? 0); i++) items.push({ grade: g, quantity: 1, pool: DEALER_POOL });
  const models = [...new Set(open.map((p) => p.model))].sort();

  const thisCounts = count(reading.observations, (o) => o.ordered);
  const nextCounts = count(reading.observations, (o) => o.orderedNext);
  const thisPools = pools(thisCounts, models, opts.minObservations, whatIf);
  const nextPools = pools(nextCounts, models, opts.minObservations, whatIf);

  const nb = (pick: (r: ForecastNewBusiness) => number | null, months: string[]) =>
    months.map((m) =>
      reading.newBusiness.filter((r) => r.month === m && matches(filter, r)).reduce((s, r) => s + (pick(r) ?? 0), 0),
    );
  const booked = reading.booked.filter((b) => matches(filter, b)).reduce((s, b) => s + b.cars, 0);

  const orders = forecastOrders({
    booked,
    pipeline: items,
    rates: thisPools.rates,
    newBusiness: nb((r) => r.rest, reading.lookbackMonths),
    draws: opts.draws,
    seed: opts.seed,
  });
  const next = forecastOrders({
    booked: 0,
    pipeline: items,
    rates: nextPools.rates,
    newBusiness: nb((r) => r.next, reading.nextLookbackMonths),
    draws: opts.draws,
    seed: opts.seed + 1,
  });
  const pipeline = Object.fromEntries(FORECAST_GRADES.map((g) => [g, { prospects: 0, cars: 0 }])) as Record<
    ForecastGrade,
    { prospects: number; cars: number }
  >;
  for (const it of items) {
    pipeline[it.grade].prospects += 1;
    pipeline[it.grade].cars += it.quantity;
  }
  return { orders, next, pipeline, rates: thisPools.used, nextRates: nextPools.used, dealerRates: thisPools.dealer };
}

export interface FlowForecast {
  expected: number;
  p10: number;
  p50: number;
  p90: number;
}

/** AAK and submissions of each point of an orders forecast (see forecast.ts flowFromOrders). */
export function flowForecast(o: OrdersForecast, f: FlowInput): { aak: FlowForecast; submissions: FlowForecast } {
  const at = (x: number) => flowFromOrders(x, f);
  const pts = { expected: at(Math.round(o.expected)), p10: at(o.p10), p50: at(o.p50), p90: at(o.p90) };
  const pick = (k: 'aak' | 'submissions'): FlowForecast => ({
    expected: pts.expected[k],
    p10: pts.p10[k],
    p50: pts.p50[k],
    p90: pts.p90[k],
  });
  return { aak: pick('aak'), submissions: pick('submissions') };
}
