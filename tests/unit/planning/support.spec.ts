// P3 support check and the personal targets crossed with customer type and channel; expected values
// worked out by hand in the comments.
import fc from 'fast-check';
import {
  baseSupport,
  crossSplit,
  decomposePlan,
  expectedOrders,
  gapCheck,
  validateDecompositionInput,
  type DecompositionInput,
} from '@kaflow/planning';

describe('expectedOrders and gapCheck', () => {
  it('H/A × close + B/C × B/C→H/A × close + remaining orders', () => {
    // 6 × .5 + 10 × .2 × .5 + 1 = 3 + 1 + 1 = 5
    expect(
      expectedOrders({ haOnHand: 6, bcOnHand: 10, remainingOrders: 1 }, { haCloseRate: 0.5, bcToHaRate: 0.2 }),
    ).toBe(5);
  });
  it.each([
    [7, 6.5, { needed: 7, expected: 6.5, gap: 1, ok: false }], // ⌈0.5⌉
    [7, 7, { needed: 7, expected: 7, gap: 0, ok: true }], // equal: carried
    [4, 3.9, { needed: 4, expected: 3.9, gap: 1, ok: false }], // just below
    [4, 4.4, { needed: 4, expected: 4.4, gap: 0, ok: true }], // above
    [10, 7.333333, { needed: 10, expected: 7.33, gap: 3, ok: false }], // ⌈2.666667⌉
    [0, 0, { needed: 0, expected: 0, gap: 0, ok: true }],
  ])('needed %d, expected %d', (needed, expected, want) => expect(gapCheck(needed, expected)).toEqual(want));
});

describe('baseSupport', () => {
  // rates A6L close .5, B/C→H/A .2; Q5L close .4, B/C→H/A .25
  // c1 A6L: 6×.5 + 10×.2×.5 + 1 = 5;  c1 Q5L: 5×.4 = 2            → c1 7
  // c2 A6L: 2×.5 + 5×.2×.5 = 1.5;     c2 Q5L: 4×.25×.4 + 2 = 2.4  → c2 3.9
  // by model: A6L 5 + 1.5 = 6.5, Q5L 2 + 2.4 = 4.4
  const input = {
    rates: [
      { model: 'A6L', haCloseRate: 0.5, bcToHaRate: 0.2 },
      { model: 'Q5L', haCloseRate: 0.4, bcToHaRate: 0.25 },
    ],
    onHand: [
      { consultantId: 'c1', model: 'A6L', haOnHand: 6, bcOnHand: 10, remainingOrders: 1 },
      { consultantId: 'c1', model: 'Q5L', haOnHand: 5, bcOnHand: 0, remainingOrders: 0 },
      { consultantId: 'c2', model: 'A6L', haOnHand: 2, bcOnHand: 5, remainingOrders: 0 },
      { consultantId: 'c2', model: 'Q5L', haOnHand: 0, bcOnHand: 4, remainingOrders: 2 },
    ],
  };
  it('checks every model and consultant; one short line fails the plan', () => {
    const s = baseSupport(
      input,
      [
        { model: 'A6L', orders: 7 },
        { model: 'Q5L', orders: 4 },
      ],
      [
        { consultantId: 'c1', name: '张三', orders: 7 },
        { consultantId: 'c2', orders: 4 },
      ],
    );
    expect(s).toEqual({
      byModel: [
        { model: 'A6L', needed: 7, expected: 6.5, gap: 1, ok: false },
        { model: 'Q5L', needed: 4, expected: 4.4, gap: 0, ok: true },
      ],
      byConsultant: [
        { consultantId: 'c1', name: '张三', needed: 7, expected: 7, gap: 0, ok: true },
        { consultantId: 'c2', needed: 4, expected: 3.9, gap: 1, ok: false },
      ],
      ok: false,
    });
  });
  it('is ok when every line is carried', () => {
    const s = baseSupport(
      input,
      [
        { model: 'A6L', orders: 6 },
        { model: 'Q5L', orders: 4 },
      ],
      [
        { consultantId: 'c1', orders: 7 },
        { consultantId: 'c2', orders: 3 },
      ],
    );
    expect(s.ok).toBe(true);
    expect(s.byConsultant.map((c) => c.gap)).toEqual([0, 0]);
  });
  it('float noise does not make a gap: ten times 1 × .1 is one order', () => {
    const rows = Array.from({ length: 10 }, () => ({
      consultantId: 'c1',
      model: 'M',
      haOnHand: 1,
      bcOnHand: 0,
      remainingOrders: 0,
    }));
    const s = baseSupport(
      { rates: [{ model: 'M', haCloseRate: 0.1, bcToHaRate: 0 }], onHand: rows },
      [{ model: 'M', orders: 1 }],
      [{ consultantId: 'c1', orders: 1 }],
    );
    expect(s.byConsultant[0]).toEqual({ consultantId: 'c1', needed: 1, expected: 1, gap: 0, ok: true });
  });
});

describe('crossSplit', () => {
  // Types enterprise 3, government 2; channels new 2, repeat 3 (T = 5).
  // Type × channel: real 1.2 1.8 | .8 1.2, floors 1 1 | 0 1, remainders (×5) 1 4 | 4 1:
  //   ent-repeat +1, gov-new +1 → 1 2 | 1 1.
  // Rows (c1,M) 3, (c2,M) 2 against columns 1 2 1 1: real .6 1.2 .6 .6 | .4 .8 .4 .4,
  //   floors 0 1 0 0 | 0 0 0 0, remainders 3 1 3 3 | 2 4 2 2:
  //   c2 ent-repeat +1, c1 ent-new +1, c1 gov-new +1 (c1 full), c2 gov-repeat +1.
  it('matches the hand split', () => {
    const out = crossSplit(
      [[3], [2]],
      ['M'],
      [
        ['enterprise', 3],
        ['government', 2],
      ],
      [
        ['new', 2],
        ['repeat', 3],
      ],
    );
    const c = (customerType: string, channel: string) => ({ model: 'M', customerType, channel, value: 1 });
    expect(out).toEqual([
      [c('enterprise', 'new'), c('enterprise', 'repeat'), c('government', 'new')],
      [c('enterprise', 'repeat'), c('government', 'repeat')],
    ]);
  });
});

const base: DecompositionInput = {
  month: '2025-11',
  targets: { orders: 20, aak: 15, submissions: 12 },
  models: [
    { model: 'A6L', haOnHand: 6, stock: 10 },
    { model: 'Q5L', haOnHand: 3, stock: 20 },
    { model: 'A4L', haOnHand: 1, stock: 10 },
  ],
  customerTypeShares: { enterprise: 0.3, government: 0.15, general: 0.2 },
  channelShares: { new: 0.4, repeat: 0.6 },
  consultants: [
    { consultantId: 'c1', achievement: 1.2, haOnHand: 5, remainingOrders: 2 },
    { consultantId: 'c2', achievement: 0.8, haOnHand: 3, remainingOrders: 6 },
    { consultantId: 'c3', achievement: 0, haOnHand: 2, remainingOrders: 0 },
  ],
  consultantWeights: { achievement: 0.4, haOnHand: 0.4, remainingOrders: 0.2 },
};

describe('decomposePlan: personal targets by model × customer type × channel', () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const marginsHold = (input: DecompositionInput) => {
    const d = decomposePlan(input);
    for (const k of ['orders', 'aak', 'submissions'] as const) {
      const cells = d.byConsultant.flatMap((c) => c.byModelTypeChannel);
      for (const t of d.byCustomerType)
        expect(sum(cells.filter((x) => x.customerType === t.customerType).map((x) => x[k]))).toBe(t[k]);
      for (const ch of d.byChannel)
        expect(sum(cells.filter((x) => x.channel === ch.channel).map((x) => x[k]))).toBe(ch[k]);
      for (const m of d.byModel) expect(sum(cells.filter((x) => x.model === m.model).map((x) => x[k]))).toBe(m[k]);
      for (const c of d.byConsultant) {
        expect(sum(c.byModelTypeChannel.map((x) => x[k]))).toBe(c[k]);
        expect(sum(c.byCustomerType.map((x) => x[k]))).toBe(c[k]);
        expect(sum(c.byChannel.map((x) => x[k]))).toBe(c[k]);
        for (const m of c.byModel)
          expect(sum(c.byModelTypeChannel.filter((x) => x.model === m.model).map((x) => x[k]))).toBe(m[k]);
      }
    }
  };
  it('every margin sums to the plan totals (the hand-worked plan)', () => marginsHold(base));
  it('every margin sums to the plan totals (random plans)', () => {
    fc.assert(
      fc.property(
        fc.record({
          orders: fc.integer({ min: 0, max: 80 }),
          aak: fc.integer({ min: 0, max: 80 }),
          submissions: fc.integer({ min: 0, max: 80 }),
        }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 10 }),
        (targets, ha, typeWeights, newShare) => {
          marginsHold({
            ...base,
            targets,
            models: ha.map((h, i) => ({ model: `M${i}`, haOnHand: h, stock: 1 })),
            customerTypeShares: Object.fromEntries(typeWeights.map((w, i) => [`t${i}`, w])),
            channelShares: { new: newShare, repeat: 10 - newShare || 1 },
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('decomposePlan: support', () => {
  it('carries the support check when the input has the base', () => {
    // c1's orders 10 of which A6L 5, Q5L 4, A4L 1 (decomposition.spec); base: c1 A6L H/A 20 × .5 = 10
    const d = decomposePlan({
      ...base,
      support: {
        rates: ['A6L', 'Q5L', 'A4L'].map((model) => ({ model, haCloseRate: 0.5, bcToHaRate: 0.2 })),
        onHand: [{ consultantId: 'c1', model: 'A6L', haOnHand: 20, bcOnHand: 0, remainingOrders: 0 }],
      },
    });
    expect(d.support!.byConsultant.map((c) => [c.consultantId, c.needed, c.expected, c.gap, c.ok])).toEqual([
      ['c1', 10, 10, 0, true],
      ['c2', 9, 0, 9, false],
      ['c3', 1, 0, 1, false],
    ]);
    expect(d.support!.byModel.map((m) => [m.model, m.needed, m.expected, m.gap])).toEqual([
      ['A6L', 9, 10, 0],
      ['Q5L', 8, 0, 8],
      ['A4L', 3, 0, 3],
    ]);
    expect(d.support!.ok).toBe(false);
    expect(decomposePlan(base).support).toBeUndefined();
  });
  it('names the field at fault', () => {
    const problems = validateDecompositionInput({
      ...base,
      support: {
        rates: [{ model: 'A6L', haCloseRate: 1.5, bcToHaRate: 0.2 }],
        onHand: [{ consultantId: 'c1', model: 'X', haOnHand: -1, bcOnHand: 0, remainingOrders: 0 }],
      },
    });
    expect(problems).toEqual([
      { field: 'support.rates[0].haCloseRate', problem: 'must be between 0 and 1' },
      { field: 'support.onHand[0].model', problem: 'has no rates in support.rates' },
      { field: 'support.onHand[0].haOnHand', problem: 'must not be negative' },
    ]);
  });
});
