// The month's forecast (libs/planning/src/forecast.ts). Expected values are worked out by hand in the comments.
import {
  carCount,
  chooseRates,
  emptyCounts,
  flowFromOrders,
  forecastOrders,
  forecastShortfall,
  percentile,
  posteriorMean,
  wape,
  type GradeCounts,
  type PipelineItem,
} from '@kaflow/planning';

const counts = (over: Partial<GradeCounts>): GradeCounts => ({ ...emptyCounts(), ...over });
/** A rate known so well that its Beta posterior is a spike: 10^6 observations. */
const sure = (rate: number) => ({ observed: 1_000_000, converted: rate * 1_000_000 });
const items = (n: number, grade: PipelineItem['grade'], quantity = 1, pool = 'A4L'): PipelineItem[] =>
  Array.from({ length: n }, () => ({ grade, quantity, pool }));

describe('posteriorMean and chooseRates', () => {
  it('the rate is (converted + ½) ÷ (observed + 1) (Jeffreys)', () => {
    expect(posteriorMean({ observed: 9, converted: 4 })).toBe(0.45); // 4.5 / 10
    expect(posteriorMean({ observed: 0, converted: 0 })).toBe(0.5); // nothing measured: ½ / 1
    expect(posteriorMean({ observed: 99, converted: 0 })).toBe(0.005); // ½ / 100
    expect(posteriorMean({ observed: 8, converted: 3, fixed: 0.9 })).toBe(0.9);
  });

  it("takes the model's count of a grade at the threshold, the dealer's one below it", () => {
    const model = counts({ H: { observed: 10, converted: 6 }, A: { observed: 9, converted: 9 } });
    const dealer = counts({ H: { observed: 40, converted: 10 }, A: { observed: 50, converted: 8 } });
    const r = chooseRates(model, dealer, 10);
    // H: 10 ≥ 10 → the model's: 6.5 / 11 = 0.5909
    expect(r.H).toEqual({ grade: 'H', source: 'model', observed: 10, converted: 6, rate: 0.5909 });
    // A: 9 < 10 → the dealer's: 8.5 / 51 = 0.1667
    expect(r.A).toEqual({ grade: 'A', source: 'dealer', observed: 50, converted: 8, rate: 0.1667 });
    // a model with no history at all takes the dealer's everywhere
    expect(chooseRates(undefined, dealer, 1).H.source).toBe('dealer');
    // the threshold 0 always takes the model's
    expect(chooseRates(model, dealer, 0).B).toMatchObject({ source: 'model', observed: 0, rate: 0.5 });
  });
});

describe('forecastOrders', () => {
  const base = { booked: 0, pipeline: [], rates: {}, newBusiness: [], draws: 4000, seed: 7 };

  it('nothing open and nothing new: the booked orders, with no range', () => {
    expect(forecastOrders({ ...base, booked: 12 })).toEqual({
      booked: 12,
      pipelineExpected: 0,
      newBusinessExpected: 0,
      expected: 12,
      p10: 12,
      p50: 12,
      p90: 12,
    });
  });

  it('expected = booked + Σ quantity × rate + mean new business', () => {
    // H rate (3.5 + ½) / (9 + 1) = .4, B rate (0.5 + ½) / (19 + 1) = .05; new business (2 + 4 + 0) / 3 = 2
    // 5 + 2 × 3 × .4 + 1 × 5 × .4 + 4 × 1 × .05 + 2 = 5 + 2.4 + 2 + .2 + 2 = 11.6
    const f = forecastOrders({
      ...base,
      booked: 5,
      pipeline: [...items(2, 'H', 3), ...items(1, 'H', 5), ...items(4, 'B')],
      rates: { A4L: counts({ H: { observed: 9, converted: 3.5 }, B: { observed: 19, converted: 0.5 } }) },
      newBusiness: [2, 4, 0],
    });
    expect(f).toMatchObject({ booked: 5, pipelineExpected: 4.6, newBusinessExpected: 2, expected: 11.6 });
    // the range lies between nothing more and everything converting with the best month's new business
    expect(f.p10).toBeGreaterThanOrEqual(5);
    expect(f.p90).toBeLessThanOrEqual(5 + 6 + 5 + 4 + 4);
    expect(f.p10).toBeLessThanOrEqual(f.p50);
    expect(f.p50).toBeLessThanOrEqual(f.p90);
  });

  it('two prospects at a known rate of one half: a binomial(2, ½) → P10 0, P50 1, P90 2', () => {
    // P(0) = ¼, P(1) = ½, P(2) = ¼: the 10th percentile is 0, the median 1, the 90th 2
    const f = forecastOrders({ ...base, pipeline: items(2, 'H'), rates: { A4L: counts({ H: sure(0.5) }) } });
    expect([f.p10, f.p50, f.p90]).toEqual([0, 1, 2]);
  });

  it('one prospect with nothing measured: the rate is uniform, so the order comes half the time → P10 0, P90 1', () => {
    const f = forecastOrders({ ...base, booked: 3, pipeline: items(1, 'A') });
    expect([f.p10, f.p90]).toEqual([3, 4]);
    expect(f.expected).toBe(3.5);
  });

  it('a few prospects give a wide range; a known rate over many gives a narrow one', () => {
    // 3 prospects at 2 of 4 measured: the range spans most of 0..3
    const few = forecastOrders({
      ...base,
      pipeline: items(3, 'H'),
      rates: { A4L: counts({ H: { observed: 4, converted: 2 } }) },
    });
    expect(few.p90 - few.p10).toBeGreaterThanOrEqual(2);
    // 400 prospects at a known ½: binomial sd = √(400 × ¼) = 10, P10–P90 ≈ ± 1.28 × 10 → width ≈ 26 (± 4)
    const many = forecastOrders({ ...base, pipeline: items(400, 'H'), rates: { A4L: counts({ H: sure(0.5) }) } });
    expect(many.p90 - many.p10).toBeGreaterThanOrEqual(22);
    expect(many.p90 - many.p10).toBeLessThanOrEqual(30);
    expect(Math.abs(many.p50 - 200)).toBeLessThanOrEqual(2);
  });

  it('the uncertainty of the rate widens the range: 2 of 4 measured is wider than a known ½', () => {
    const pipeline = items(100, 'A');
    const unsure = forecastOrders({ ...base, pipeline, rates: { A4L: counts({ A: { observed: 4, converted: 2 } }) } });
    const known = forecastOrders({ ...base, pipeline, rates: { A4L: counts({ A: sure(0.5) }) } });
    expect(unsure.p90 - unsure.p10).toBeGreaterThan(2 * (known.p90 - known.p10));
  });

  it('a what-if rate is taken as known: a fixed 0 adds nothing, a fixed 1 adds every car', () => {
    const rates = {
      A4L: counts({ H: { observed: 4, converted: 2, fixed: 0 }, A: { observed: 4, converted: 2, fixed: 1 } }),
    };
    const f = forecastOrders({ ...base, booked: 1, pipeline: [...items(5, 'H'), ...items(2, 'A', 3)], rates });
    expect(f).toMatchObject({ expected: 7, p10: 7, p50: 7, p90: 7 });
  });

  it('new business is bootstrapped from the measured months', () => {
    // months 0 and 10 equally likely: P10 = 0, P90 = 10, mean 5
    const f = forecastOrders({ ...base, newBusiness: [0, 10] });
    expect(f).toMatchObject({ expected: 5, p10: 0, p90: 10 });
  });

  it('is deterministic: the same input gives the same figures; another seed may move only the range', () => {
    const input = { ...base, pipeline: items(30, 'A'), rates: { A4L: counts({ A: { observed: 20, converted: 5 } }) } };
    expect(forecastOrders(input)).toEqual(forecastOrders(input));
    expect(forecastOrders({ ...input, seed: 8 }).expected).toBe(forecastOrders(input).expected);
  });

  it('a prospect of a pool without rates takes the prior mean (½)', () => {
    expect(forecastOrders({ ...base, pipeline: items(4, 'C', 1, 'Q7') }).expected).toBe(2);
  });
});

describe('carCount: rates per car, counted in prospects', () => {
  it('converted = observed × min(1, cars ordered ÷ cars observed)', () => {
    // 4 prospects with 10 cars, 5 of them ordered → 4 × ½ = 2 prospect-equivalents
    expect(carCount(4, 10, 5)).toEqual({ observed: 4, converted: 2 });
    // more ordered than observed (a prospect ordered more than it said): at most every prospect
    expect(carCount(4, 10, 15)).toEqual({ observed: 4, converted: 4 });
    expect(carCount(0, 0, 0)).toEqual({ observed: 0, converted: 0 });
  });
});

describe('percentile (nearest rank)', () => {
  it('takes the ⌈p × n⌉-th smallest', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(xs, 0.1), percentile(xs, 0.5), percentile(xs, 0.9), percentile(xs, 1)]).toEqual([1, 5, 9, 10]);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('flowFromOrders (as the rolling plan projects)', () => {
  const f = {
    backlogStart: 10,
    pendingStart: 4,
    orderConversionRate: 0.5,
    licensingRate: 0.75,
    stock: null,
    aakSoFar: 0,
    submissionsSoFar: 0,
  };
  it('AAK = round(r × (backlog + orders)), submissions = round(l × (pending + AAK))', () => {
    // AAK = round(.5 × (10 + 11)) = round(10.5) = 11; submissions = round(.75 × (4 + 11)) = round(11.25) = 11
    expect(flowFromOrders(11, f)).toEqual({ aak: 11, submissions: 11 });
  });
  it('the stock caps AAK (at the cap and below it)', () => {
    expect(flowFromOrders(11, { ...f, stock: 8 })).toEqual({ aak: 8, submissions: 9 }); // .75 × 12 = 9
    expect(flowFromOrders(11, { ...f, stock: 11 }).aak).toBe(11);
  });
  it('never below what is already delivered or submitted', () => {
    expect(flowFromOrders(0, { ...f, aakSoFar: 7, submissionsSoFar: 9 })).toEqual({ aak: 7, submissions: 9 });
    // round(.5 × 10) = 5 < 7 → 7; round(.75 × (4 + 7)) = round(8.25) = 8 < 9 → 9
  });
});

describe('forecastShortfall (预警)', () => {
  it('warns when P50 is below the target by more than the margin, not at it', () => {
    // target 40, margin .1 → the limit is 36
    expect(forecastShortfall(35, 40, 0.1)).toEqual({ gap: 5, limit: 36, warn: true });
    expect(forecastShortfall(36, 40, 0.1)).toEqual({ gap: 4, limit: 36, warn: false });
    expect(forecastShortfall(41, 40, 0.1)).toEqual({ gap: 0, limit: 36, warn: false });
  });
  it('no target never warns', () => {
    expect(forecastShortfall(0, 0, 0.1).warn).toBe(false);
  });
});

describe('wape', () => {
  it('Σ|actual − forecast| ÷ Σ actual', () => {
    // |10 − 8| + |20 − 25| = 7 over 30
    expect(
      wape([
        { forecast: 8, actual: 10 },
        { forecast: 25, actual: 20 },
      ]),
    ).toBeCloseTo(7 / 30, 10);
    expect(wape([{ forecast: 3, actual: 0 }])).toBeNull();
  });
});
