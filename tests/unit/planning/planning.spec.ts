import fc from 'fast-check';
import {
  annualPlan,
  AnnualPlanInput,
  ceilClean,
  leadPlan,
  PlanningInputError,
  roundHalfUp,
  splitLargestRemainder,
  validateAnnualInput,
  validateLeadInput,
} from '@kaflow/planning';

describe('roundHalfUp', () => {
  it.each([
    [2.5, 3],
    [2.4, 2],
    [-2.5, -2],
    [0.5, 1],
    [2.4999999999, 3], // float noise below 1e-9 is ignored
    [0.1 * 3 * 10, 3],
    [8.5, 9],
    [0, 0],
  ])('roundHalfUp(%p) = %p', (x, want) => expect(roundHalfUp(x)).toBe(want));
});

describe('ceilClean', () => {
  it.each([
    [21 / 0.7, 30], // 30.000000000000004
    [21 / 0.3, 70], // 70.00000000000001
    [20 * 0.15, 3],
    [3.5, 4],
    [3.0000011, 4],
    [0, 0],
  ])('ceilClean(%p) = %p', (x, want) => expect(ceilClean(x)).toBe(want));
});

describe('splitLargestRemainder', () => {
  it.each<[number, number[], number[]]>([
    [10, [1, 1, 1], [4, 3, 3]],
    [7, [0.5, 0.25, 0.25], [3, 2, 2]], // 3.5/1.75/1.75 → floors 3,1,1; .75 remainders win
    [2, [1, 1, 1], [1, 1, 0]], // ties go to the earlier item
    [0, [1, 2], [0, 0]],
    [5, [0, 1, 0], [0, 5, 0]],
    [100, [0.1, 0.2, 0.7], [10, 20, 70]],
    [130, Array(12).fill(1), [11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10]],
    [13, [3, 1], [10, 3]], // 9.75/3.25
  ])('split(%p, %j) = %j', (total, weights, want) => {
    expect(splitLargestRemainder(total, weights)).toEqual(want);
  });

  it.each<[number, number[], string]>([
    [-1, [1], 'total'],
    [1.5, [1], 'total'],
    [3, [], 'weights'],
    [3, [1, -1], 'weights[1]'],
    [3, [1, NaN], 'weights[1]'],
    [3, [Infinity], 'weights[0]'],
    [3, [0, 0], 'weights'],
  ])('split(%p, %j) throws on %s', (total, weights, field) => {
    let err: unknown;
    try {
      splitLargestRemainder(total, weights);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlanningInputError);
    expect((err as PlanningInputError).field).toBe(field);
    expect(typeof (err as PlanningInputError).problem).toBe('string');
  });

  const arb = fc.tuple(
    fc.integer({ min: 0, max: 100000 }),
    fc
      .array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 24 })
      .filter((ws) => ws.reduce((a, b) => a + b, 0) > 0),
  );

  it('property: parts are non-negative integers summing to total, each within 1 of its share', () => {
    fc.assert(
      fc.property(arb, ([total, weights]) => {
        const parts = splitLargestRemainder(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(Math.abs(p - (total * weights[i]) / sum)).toBeLessThan(1 + 1e-6);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: deterministic and zero weight gets zero', () => {
    fc.assert(
      fc.property(arb, ([total, weights]) => {
        const ws = [0, ...weights];
        const a = splitLargestRemainder(total, ws);
        expect(splitLargestRemainder(total, ws)).toEqual(a);
        expect(a[0]).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('annualPlan', () => {
  const input: AnnualPlanInput = {
    year: 2025,
    targets: { orders: 130, aak: 120, submissions: 120 },
    seasonalIndex: Array(12).fill(1),
    orderConversionRate: 0.5,
    licensingRates: 0.4,
    openingBacklog: 6,
    openingPendingSubmissions: 5,
  };

  // Hand computation: O = split(130, 12×1) = 11 ×10, 10 ×2. B0 = 6, P0 = 5, r = .5, l = .4.
  // m1: D = round(.5·(6+11)=8.5)=9, B=8;  S = round(.4·(5+9)=5.6)=6,  P=8;  depth 8/9=.89
  // m2: D = round(.5·(8+11)=9.5)=10, B=9; S = round(.4·(8+10)=7.2)=7, P=11; depth .9
  // m3: D = round(.5·(9+11)=10)=10, B=10; S = round(.4·(11+10)=8.4)=8, P=13; depth 1
  // m4: D = round(10.5)=11, B=10; S = round(.4·24=9.6)=10, P=14; depth 10/11=.91
  // m5: D=11, B=10; S=round(.4·25=10)=10, P=15.  m6: S=round(10.4)=10, P=16.
  // m7..m10: S=round(.4·27=10.8)=11, P=16.  m11, m12: O=10, D=round(10)=10, S=round(10.4)=10, P=16.
  const table: Array<[string, number, number, number, number, number, number | null]> = [
    // month,    O,  D,  S,  B,  P, depth
    ['2025-01', 11, 9, 6, 8, 8, 0.89],
    ['2025-02', 11, 10, 7, 9, 11, 0.9],
    ['2025-03', 11, 10, 8, 10, 13, 1],
    ['2025-04', 11, 11, 10, 10, 14, 0.91],
    ['2025-05', 11, 11, 10, 10, 15, 0.91],
    ['2025-06', 11, 11, 10, 10, 16, 0.91],
    ['2025-07', 11, 11, 11, 10, 16, 0.91],
    ['2025-08', 11, 11, 11, 10, 16, 0.91],
    ['2025-09', 11, 11, 11, 10, 16, 0.91],
    ['2025-10', 11, 11, 11, 10, 16, 0.91],
    ['2025-11', 10, 10, 10, 10, 16, 1],
    ['2025-12', 10, 10, 10, 10, 16, 1],
  ];

  it('matches the hand-computed 12-month table, totals and coverage', () => {
    const plan = annualPlan(input);
    expect(
      plan.months.map((m) => [m.month, m.orders, m.aak, m.submissions, m.backlog, m.pendingSubmissions, m.orderDepth]),
    ).toEqual(table);
    expect(plan.totals).toEqual({ orders: 130, aak: 126, submissions: 115 });
    expect(plan.coverage).toEqual({
      aak: { planned: 126, target: 120, gap: 0 },
      submissions: { planned: 115, target: 120, gap: 5 },
      ok: false,
    });
  });

  it('conserves backlog and pending submissions', () => {
    const plan = annualPlan(input);
    expect(input.openingBacklog + plan.totals.orders - plan.totals.aak).toBe(plan.months[11].backlog);
    expect(input.openingPendingSubmissions + plan.totals.aak - plan.totals.submissions).toBe(
      plan.months[11].pendingSubmissions,
    );
  });

  it('per-month licensing rates, zero deliveries give null depth, ok when covered', () => {
    const plan = annualPlan({
      ...input,
      targets: { orders: 0, aak: 0, submissions: 2 },
      orderConversionRate: 0,
      licensingRates: [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      openingBacklog: 3,
      openingPendingSubmissions: 5,
    });
    // m1: D=0, B=3; S=round(.5·5=2.5)=3, P=2. m2..m11: S=0, P=2. m12: S=round(1·2)=2, P=0.
    expect(plan.months[0]).toEqual({
      month: '2025-01',
      orders: 0,
      aak: 0,
      submissions: 3,
      backlog: 3,
      pendingSubmissions: 2,
      orderDepth: null,
    });
    expect(plan.months[1]).toMatchObject({ submissions: 0, pendingSubmissions: 2 });
    expect(plan.months[11]).toMatchObject({ submissions: 2, pendingSubmissions: 0, orderDepth: null });
    expect(plan.totals).toEqual({ orders: 0, aak: 0, submissions: 5 });
    expect(plan.coverage.ok).toBe(true);
  });

  it('throws PlanningInputError on invalid input', () => {
    expect(() => annualPlan({ ...input, seasonalIndex: [1, 2] })).toThrow(PlanningInputError);
  });
});

describe('validateAnnualInput', () => {
  const ok = {
    year: 2025,
    targets: { orders: 10, aak: 10, submissions: 10 },
    seasonalIndex: Array(12).fill(1),
    orderConversionRate: 0.5,
    licensingRates: Array(12).fill(0.5),
    openingBacklog: 0,
    openingPendingSubmissions: 0,
  };
  const fields = (x: unknown) => validateAnnualInput(x).map((p) => p.field);

  it('accepts a valid input', () => expect(validateAnnualInput(ok)).toEqual([]));
  it('reports each problem by field', () => {
    expect(fields({ ...ok, targets: { orders: -1, aak: 1.5, submissions: 0 } })).toEqual([
      'targets.orders',
      'targets.aak',
    ]);
    expect(fields({ ...ok, seasonalIndex: Array(11).fill(1) })).toEqual(['seasonalIndex']);
    expect(fields({ ...ok, seasonalIndex: Array(12).fill(0) })).toEqual(['seasonalIndex']);
    expect(fields({ ...ok, orderConversionRate: 1.2 })).toEqual(['orderConversionRate']);
    expect(fields({ ...ok, licensingRates: [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0] })).toEqual(['licensingRates[3]']);
    expect(fields({ ...ok, licensingRates: [0.5] })).toEqual(['licensingRates']);
    expect(fields({ ...ok, licensingRates: -0.1 })).toEqual(['licensingRates']);
    expect(fields({ ...ok, openingBacklog: -3 })).toEqual(['openingBacklog']);
    expect(fields(null)).toHaveLength(1);
  });
});

describe('leadPlan', () => {
  it('computes targets per model', () => {
    const plan = leadPlan({
      models: [
        {
          model: 'A',
          orderTarget: 21,
          leadCloseRate: 0.7,
          haCloseRate: 0.3,
          haOnHand: 12,
          bcOnHand: 10,
          bcConversionRate: 0.35,
        },
        {
          model: 'B',
          orderTarget: 10,
          leadCloseRate: 0.25,
          haCloseRate: 0.5,
          haOnHand: 100,
          bcOnHand: 20,
          bcConversionRate: 0.15,
        },
      ],
    });
    expect(plan.models).toEqual([
      // 21/.7=30; ⌈21/.3=70⌉−12=58; ⌈10·.35=3.5⌉=4
      { model: 'A', leadTarget: 30, newHaTarget: 58, bcToHaTarget: 4 },
      // 10/.25=40; max(0, 20−100)=0; 20·.15=3
      { model: 'B', leadTarget: 40, newHaTarget: 0, bcToHaTarget: 3 },
    ]);
  });

  it('validates with field names', () => {
    const good = {
      model: 'A',
      orderTarget: 1,
      leadCloseRate: 0.5,
      haCloseRate: 0.5,
      haOnHand: 0,
      bcOnHand: 0,
      bcConversionRate: 0,
    };
    expect(validateLeadInput({ models: [good] })).toEqual([]);
    expect(
      validateLeadInput({ models: [good, { ...good, leadCloseRate: 0, haCloseRate: 1.5, bcOnHand: -1 }] }).map(
        (p) => p.field,
      ),
    ).toEqual(['models[1].leadCloseRate', 'models[1].haCloseRate', 'models[1].bcOnHand']);
    expect(() => leadPlan({ models: [{ ...good, leadCloseRate: 0 }] })).toThrow(PlanningInputError);
  });
});
