// X+Y rolling plan (docs/user-guide.md "Planning arithmetic", X+Y rolling): hand-computed table with a stock
// cap, the January case against the annual plan, validation by field, properties.
import fc from 'fast-check';
import {
  annualPlan,
  PlanningInputError,
  rollingPlan,
  validateRollingInput,
  type RollingPlanInput,
} from '@kaflow/planning';

const mm = (m: number) => `2025-${String(m).padStart(2, '0')}`;
const closedMonths = (n: number, f: (m: number) => { orders: number; aak: number; submissions: number }) =>
  Array.from({ length: n }, (_, i) => ({ month: mm(i + 1), ...f(i + 1) }));

const input: RollingPlanInput = {
  year: 2025,
  month: '2025-10',
  annualTargets: { orders: 130, aak: 120, submissions: 120 },
  seasonalIndex: [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1],
  orderConversionRate: 0.5,
  licensingRates: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0.6, 0.5],
  actuals: closedMonths(9, (m) => ({ orders: m === 9 ? 9 : 10, aak: 10, submissions: 9 })),
  backlog: 7,
  pendingSubmissions: 4,
  nextMonthStock: 12,
};

describe('rollingPlan', () => {
  // Hand computation. X = Jan..Sep: orders 8×10+9 = 89, AAK 9×10 = 90, submissions 9×9 = 81.
  // remaining = (130−89, 120−90, 120−81) = (41, 30, 39).
  // Y = Oct..Dec, index (2,1,1): 41·2/4 = 20.5, 10.25, 10.25 → floors 20,10,10, the .5 wins → 21,10,10.
  // B0 = 7, P0 = 4, r = .5, l = (.6, .6, .5) for Oct, Nov, Dec.
  // Oct: D = round(.5·(7+21) = 14) = 14 > stock 12 → D = 12 (capped); B = 7+21−12 = 16;
  //      S = round(.6·(4+12) = 9.6) = 10, P = 6; depth 16/12 = 1.33
  // Nov: D = round(.5·(16+10) = 13) = 13, B = 13; S = round(.6·(6+13) = 11.4) = 11, P = 8; depth 1
  // Dec: D = round(.5·(13+10) = 11.5) = 12, B = 11; S = round(.5·(8+12) = 10) = 10, P = 10; depth 11/12 = .92
  // Y planned: orders 41, AAK 37, submissions 31. Totals: 130, 127, 112.
  // Coverage vs the ANNUAL targets: AAK 127 ≥ 120 (gap 0), submissions 112 < 120 (gap 8) → not ok.
  it('matches the hand-computed Y table with the stock cap, totals and coverage', () => {
    const plan = rollingPlan(input);
    expect(plan.closed).toEqual(input.actuals);
    expect(plan.remaining).toEqual({ orders: 41, aak: 30, submissions: 39 });
    expect(
      plan.months.map((m) => [m.month, m.orders, m.aak, m.submissions, m.backlog, m.pendingSubmissions, m.orderDepth]),
    ).toEqual([
      ['2025-10', 21, 12, 10, 16, 6, 1.33],
      ['2025-11', 10, 13, 11, 13, 8, 1],
      ['2025-12', 10, 12, 10, 11, 10, 0.92],
    ]);
    expect(plan.next).toEqual(plan.months[0]);
    expect(plan.stockCapped).toBe(true);
    expect(plan.totals).toEqual({ orders: 130, aak: 127, submissions: 112 });
    expect(plan.coverage).toEqual({
      aak: { planned: 127, target: 120, gap: 0 },
      submissions: { planned: 112, target: 120, gap: 8 },
      ok: false,
    });
  });

  it('does not cap when the stock is enough (stock = the uncapped AAK)', () => {
    const plan = rollingPlan({ ...input, nextMonthStock: 14 });
    expect(plan.stockCapped).toBe(false);
    expect(plan.next).toMatchObject({ aak: 14, backlog: 14 });
  });

  it('remaining is never below 0 and Y months of zero weight split equally', () => {
    // Actual orders above the target leave 0 to plan; index zero from Nov on → equal split over Nov, Dec.
    const over = rollingPlan({
      ...input,
      month: '2025-11',
      seasonalIndex: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
      actuals: closedMonths(10, () => ({ orders: 14, aak: 13, submissions: 1 })),
    });
    expect(over.remaining).toEqual({ orders: 0, aak: 0, submissions: 110 });
    expect(over.months.map((m) => m.orders)).toEqual([0, 0]);
    const equal = rollingPlan({
      ...input,
      month: '2025-11',
      seasonalIndex: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0],
      actuals: closedMonths(10, () => ({ orders: 10, aak: 10, submissions: 10 })),
    });
    // 30 remaining over (0, 0) → equal: 15, 15
    expect(equal.months.map((m) => [m.month, m.orders])).toEqual([
      ['2025-11', 15],
      ['2025-12', 15],
    ]);
  });

  it('December alone: Y is one month', () => {
    const plan = rollingPlan({
      ...input,
      month: '2025-12',
      actuals: closedMonths(11, () => ({ orders: 10, aak: 10, submissions: 10 })),
    });
    // remaining orders 130−110 = 20; D = min(round(.5·(7+20) = 13.5) = 14, 12) = 12
    expect(plan.months).toHaveLength(1);
    expect(plan.next).toMatchObject({ month: '2025-12', orders: 20, aak: 12, backlog: 15 });
    expect(plan.stockCapped).toBe(true);
  });

  it('January (X empty) equals the annual plan from the same opening figures when the stock does not bind', () => {
    const annual = annualPlan({
      year: 2025,
      targets: input.annualTargets,
      seasonalIndex: input.seasonalIndex,
      orderConversionRate: 0.5,
      licensingRates: 0.4,
      openingBacklog: 7,
      openingPendingSubmissions: 4,
    });
    const rolling = rollingPlan({ ...input, month: '2025-01', actuals: [], licensingRates: 0.4, nextMonthStock: 1000 });
    expect(rolling.closed).toEqual([]);
    expect(rolling.months).toEqual(annual.months);
    expect(rolling.totals).toEqual(annual.totals);
    expect(rolling.coverage).toEqual(annual.coverage);
    expect(rolling.remaining).toEqual(input.annualTargets);
  });

  it('throws PlanningInputError on invalid input', () => {
    expect(() => rollingPlan({ ...input, nextMonthStock: -1 })).toThrow(PlanningInputError);
  });
});

describe('validateRollingInput', () => {
  const fields = (x: unknown) => validateRollingInput(x).map((p) => p.field);
  it('accepts a valid input', () => expect(validateRollingInput(input)).toEqual([]));
  it('reports each problem by field', () => {
    expect(fields(null)).toEqual(['']);
    expect(fields({ ...input, month: '2025-13' })).toEqual(['month']);
    expect(fields({ ...input, month: '2024-10' })).toEqual(['month']);
    expect(fields({ ...input, annualTargets: { orders: -1, aak: 1.5, submissions: 0 } })).toEqual([
      'annualTargets.orders',
      'annualTargets.aak',
    ]);
    expect(fields({ ...input, seasonalIndex: Array(11).fill(1) })).toEqual(['seasonalIndex']);
    expect(fields({ ...input, seasonalIndex: Array(12).fill(0) })).toEqual(['seasonalIndex']);
    expect(fields({ ...input, orderConversionRate: 1.1 })).toEqual(['orderConversionRate']);
    expect(fields({ ...input, licensingRates: 2 })).toEqual(['licensingRates']);
    expect(fields({ ...input, backlog: -1, pendingSubmissions: 0.5, nextMonthStock: 'x' })).toEqual([
      'backlog',
      'pendingSubmissions',
      'nextMonthStock',
    ]);
  });
  it('wants exactly the closed months Jan..month-1 in order', () => {
    const a = input.actuals;
    expect(fields({ ...input, actuals: a.slice(0, 8) })).toEqual(['actuals']);
    expect(fields({ ...input, actuals: [...a, { month: '2025-10', orders: 1, aak: 1, submissions: 1 }] })).toEqual([
      'actuals',
      'actuals[9].month',
    ]);
    expect(fields({ ...input, actuals: [a[1], a[0], ...a.slice(2)] })).toEqual([
      'actuals[0].month',
      'actuals[1].month',
    ]);
    expect(fields({ ...input, month: '2025-01', actuals: [] })).toEqual([]);
    expect(fields({ ...input, month: '2025-01' })).toEqual(['actuals', ...a.map((_, i) => `actuals[${i}].month`)]);
    expect(fields({ ...input, actuals: a.map((x, i) => (i === 2 ? { ...x, orders: -4 } : x)) })).toEqual([
      'actuals[2].orders',
    ]);
    expect(fields({ ...input, actuals: 'x' })).toEqual(['actuals']);
  });
});

describe('rollingPlan properties', () => {
  const count = fc.integer({ min: 0, max: 400 });
  const arb = fc.record({
    first: fc.integer({ min: 1, max: 12 }),
    targets: fc.record({
      orders: fc.integer({ min: 0, max: 3000 }),
      aak: fc.integer({ min: 0, max: 3000 }),
      submissions: fc.integer({ min: 0, max: 3000 }),
    }),
    index: fc
      .array(fc.integer({ min: 0, max: 20 }), { minLength: 12, maxLength: 12 })
      .filter((s) => s.some((v) => v > 0)),
    r: fc.double({ min: 0, max: 1, noNaN: true }),
    l: fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
    ),
    actuals: fc.array(fc.record({ orders: count, aak: count, submissions: count }), { minLength: 11, maxLength: 11 }),
    backlog: count,
    pending: count,
    stock: count,
  });
  type Arb = typeof arb extends fc.Arbitrary<infer T> ? T : never;
  const toInput = (a: Arb): RollingPlanInput => ({
    year: 2025,
    month: mm(a.first),
    annualTargets: a.targets,
    seasonalIndex: a.index,
    orderConversionRate: a.r,
    licensingRates: a.l,
    actuals: a.actuals.slice(0, a.first - 1).map((x, i) => ({ month: mm(i + 1), ...x })),
    backlog: a.backlog,
    pendingSubmissions: a.pending,
    nextMonthStock: a.stock,
  });

  it('sums preserved, nothing negative, stock cap respected, balances carried', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const inp = toInput(a);
        expect(validateRollingInput(inp)).toEqual([]);
        const plan = rollingPlan(inp);
        const sum = (
          xs: Array<{ orders: number; aak: number; submissions: number }>,
          k: 'orders' | 'aak' | 'submissions',
        ) => xs.reduce((s, x) => s + x[k], 0);
        expect(plan.months).toHaveLength(13 - a.first);
        expect(plan.months.map((m) => m.month)).toEqual(
          Array.from({ length: 13 - a.first }, (_, i) => mm(a.first + i)),
        );
        expect(sum(plan.months, 'orders')).toBe(plan.remaining.orders);
        for (const k of ['orders', 'aak', 'submissions'] as const) {
          expect(plan.remaining[k]).toBe(Math.max(0, a.targets[k] - sum(inp.actuals, k)));
          expect(plan.totals[k]).toBe(sum(inp.actuals, k) + sum(plan.months, k));
        }
        for (const m of plan.months) {
          for (const v of [m.orders, m.aak, m.submissions, m.backlog, m.pendingSubmissions]) {
            expect(Number.isInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
        }
        expect(plan.next.aak).toBeLessThanOrEqual(a.stock);
        const uncapped = rollingPlan({ ...inp, nextMonthStock: 1e9 }).next.aak;
        expect(plan.stockCapped).toBe(uncapped > a.stock);
        expect(plan.next.aak).toBe(Math.min(uncapped, a.stock));
        const last = plan.months[plan.months.length - 1];
        expect(last.backlog).toBe(a.backlog + sum(plan.months, 'orders') - sum(plan.months, 'aak'));
        expect(last.pendingSubmissions).toBe(a.pending + sum(plan.months, 'aak') - sum(plan.months, 'submissions'));
        expect(plan.coverage.aak.gap).toBe(Math.max(0, a.targets.aak - plan.totals.aak));
        expect(plan.coverage.submissions.gap).toBe(Math.max(0, a.targets.submissions - plan.totals.submissions));
        expect(plan.coverage.ok).toBe(plan.coverage.aak.gap === 0 && plan.coverage.submissions.gap === 0);
      }),
      { numRuns: 400 },
    );
  });

  it('January with a stock that does not bind is the annual plan', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const inp = { ...toInput({ ...a, first: 1 }), nextMonthStock: 1e9 };
        const annual = annualPlan({
          year: 2025,
          targets: a.targets,
          seasonalIndex: a.index,
          orderConversionRate: a.r,
          licensingRates: a.l,
          openingBacklog: a.backlog,
          openingPendingSubmissions: a.pending,
        });
        const plan = rollingPlan(inp);
        expect(plan.months).toEqual(annual.months);
        expect(plan.coverage).toEqual(annual.coverage);
      }),
      { numRuns: 200 },
    );
  });
});
