// P6 selling capability per consultant and plan accuracy; expected values worked out by hand.
import { deviation, rateCheck, salesCapability, type CapabilityInput } from '@kaflow/planning';
import { closingRates } from '@kaflow/kpi';

const base: CapabilityInput = {
  consultantId: 'c1',
  name: '张三',
  haOnHand: 4,
  bcOnHand: 10,
  remainingOrders: 1,
  // own: 3 orders of 6 H/A → .5; 2 of 8 B/C rose → .25
  own: { orders: 3, haInWindow: 6, bcStart: 8, bcUp: 2 },
  dealer: { haCloseRate: 0.4, bcToHaRate: 0.1 },
  personalTarget: 8,
  threshold: 0.2,
  lossReasons: ['price', null, 'price', 'competitor'],
};

describe('closingRates', () => {
  it('orders ÷ H/A of the window; B/C that rose ÷ B/C at the start', () => {
    expect(closingRates(base.own)).toEqual({
      haCloseRate: { value: 0.5, numerator: 3, denominator: 6 },
      bcToHaRate: { value: 0.25, numerator: 2, denominator: 8 },
    });
  });
});

describe('salesCapability', () => {
  it('expected from own rates, gap to the personal target, loss reasons', () => {
    // expected = 4 × .5 + 10 × .25 × .5 + 1 = 2 + 1.25 + 1 = 4.25; target 8 → shortfall 3.75 = 46.88 % > 20 %
    const c = salesCapability(base);
    expect(c.pipeline).toEqual({ haOnHand: 4, bcOnHand: 10, remainingOrders: 1 });
    expect(c.haCloseRate).toEqual({ value: 0.5, numerator: 3, denominator: 6, used: 0.5, source: 'own' });
    expect(c.bcToHaRate).toEqual({ value: 0.25, numerator: 2, denominator: 8, used: 0.25, source: 'own' });
    expect(c.expectedOrders).toEqual({ value: 4.25, fromHa: 2, fromBc: 1.25, remainingOrders: 1 });
    expect(c.gap).toBe(3.75);
    expect(c.shortfallShare).toEqual({ value: 0.4688, numerator: 3.75, denominator: 8 });
    expect(c.trainingNeeded).toBe(true);
    expect(c.losses).toEqual({
      total: 4,
      byReason: [
        { reason: 'price', count: 2 },
        { reason: 'competitor', count: 1 },
        { reason: 'unanalysed', count: 1 },
      ],
    });
  });
  it('threshold: a shortfall of exactly 20 % asks for no training, just above does', () => {
    // target 5, expected 4.25 → shortfall .75 = 15 % → no
    expect(salesCapability({ ...base, personalTarget: 5 }).trainingNeeded).toBe(false);
    // H/A 6 × .5 = 3 + 1 remaining, no B/C → expected 4 vs target 5: shortfall 1 = exactly 20 % → no
    const at = salesCapability({ ...base, bcOnHand: 0, haOnHand: 6, personalTarget: 5 });
    expect([at.expectedOrders.value, at.gap, at.trainingNeeded]).toEqual([4, 1, false]);
    // same base, target 6 → shortfall 2 = 33 % → yes
    expect(salesCapability({ ...base, bcOnHand: 0, haOnHand: 6, personalTarget: 6 }).trainingNeeded).toBe(true);
    // above the target: no gap
    const over = salesCapability({ ...base, personalTarget: 4 });
    expect([over.gap, over.shortfallShare?.value, over.trainingNeeded]).toEqual([0, 0, false]);
  });
  it('without a target there is no gap and no request; without own history the dealer rate is used', () => {
    const none = salesCapability({ ...base, personalTarget: null });
    expect([none.gap, none.shortfallShare, none.trainingNeeded]).toEqual([null, null, false]);
    // no H/A and no B/C in the window: dealer .4 and .1 → 4 × .4 + 10 × .1 × .4 + 1 = 1.6 + .4 + 1 = 3
    const fresh = salesCapability({ ...base, own: { orders: 0, haInWindow: 0, bcStart: 0, bcUp: 0 } });
    expect(fresh.haCloseRate).toEqual({ value: null, numerator: 0, denominator: 0, used: 0.4, source: 'dealer' });
    expect(fresh.expectedOrders.value).toBe(3);
    // more orders than H/A prospects: the rate counts as 1
    expect(salesCapability({ ...base, own: { ...base.own, orders: 9 } }).haCloseRate.used).toBe(1);
  });
});

describe('deviation and rateCheck', () => {
  it.each([
    [20, 17, { target: 20, actual: 17, deviation: -3, pct: -0.15 }],
    [20, 25, { target: 20, actual: 25, deviation: 5, pct: 0.25 }],
    [3, 2, { target: 3, actual: 2, deviation: -1, pct: -0.3333 }],
    [0, 2, { target: 0, actual: 2, deviation: 2, pct: null }],
  ])('target %d actual %d', (t, a, want) => expect(deviation(t, a)).toEqual(want));
  it('assumed vs realised rate', () => {
    // 12 of 40 = .3 against .35 assumed → −.05
    expect(rateCheck(0.35, 12, 40)).toEqual({
      assumed: 0.35,
      realised: 0.3,
      numerator: 12,
      denominator: 40,
      difference: -0.05,
    });
    expect(rateCheck(0.35, 0, 0)).toEqual({
      assumed: 0.35,
      realised: null,
      numerator: 0,
      denominator: 0,
      difference: null,
    });
  });
});
