// P4 lead capacity and the supplementary lead targets; expected values worked out by hand.
import { leadPlan, validateLeadInput, type CapacityInput, type LeadPlanModelInput } from '@kaflow/planning';
import { leadCapacity } from '@kaflow/planning';

// leads per visit .5, per event 4:
//   c1 10 visits + 1 event = 5 + 4 = 9; c2 4 visits = 2; c3 nothing = 0; other events 2 × 4 = 8 → 19
const capacity: CapacityInput = {
  leadsPerVisit: 0.5,
  leadsPerEvent: 4,
  otherEvents: 2,
  consultants: [
    { consultantId: 'c1', name: '张三', plannedVisits: 10, plannedEvents: 1, orderTarget: 6 },
    { consultantId: 'c2', plannedVisits: 4, plannedEvents: 0, orderTarget: 3 },
    { consultantId: 'c3', plannedVisits: 0, plannedEvents: 0, orderTarget: 1 },
  ],
};

describe('leadCapacity', () => {
  it('short by 6: the gap becomes supplementary targets by order target', () => {
    // needed 15 + 10 = 25, expected 19 → gap 6; split 6:3:1 → 3.6 1.8 .6 → 3 1 0 + 2 (c2 .8, c1 .6 before c3 .6) → 4
    // 2 0
    // model mix A6L 3 : Q5L 1 → expected 14.25 (gap ⌈.75⌉ = 1) and 4.75 (gap ⌈5.25⌉ = 6)
    const c = leadCapacity(
      [
        { model: 'A6L', leadTarget: 15 },
        { model: 'Q5L', leadTarget: 10 },
      ],
      { ...capacity, modelMix: { A6L: 3, Q5L: 1 } },
    );
    expect([c.needed, c.expected, c.gap, c.ok]).toEqual([25, 19, 6, false]);
    expect(c.byModel).toEqual([
      { model: 'A6L', needed: 15, expected: 14.25, gap: 1, ok: false },
      { model: 'Q5L', needed: 10, expected: 4.75, gap: 6, ok: false },
    ]);
    expect(c.byConsultant).toEqual([
      {
        consultantId: 'c1',
        name: '张三',
        plannedVisits: 10,
        plannedEvents: 1,
        expected: 9,
        supplementaryLeadTarget: 4,
      },
      { consultantId: 'c2', plannedVisits: 4, plannedEvents: 0, expected: 2, supplementaryLeadTarget: 2 },
      { consultantId: 'c3', plannedVisits: 0, plannedEvents: 0, expected: 0, supplementaryLeadTarget: 0 },
    ]);
  });
  it('without a model mix the models share the expected leads as they share the targets', () => {
    // 19 × 15/25 = 11.4 (gap ⌈3.6⌉ = 4), 19 × 10/25 = 7.6 (gap ⌈2.4⌉ = 3)
    const c = leadCapacity(
      [
        { model: 'A6L', leadTarget: 15 },
        { model: 'Q5L', leadTarget: 10 },
      ],
      capacity,
    );
    expect(c.byModel.map((m) => [m.expected, m.gap])).toEqual([
      [11.4, 4],
      [7.6, 3],
    ]);
  });
  it('exactly carried: no gap, no supplementary target', () => {
    const c = leadCapacity([{ model: 'A6L', leadTarget: 19 }], capacity);
    expect([c.needed, c.expected, c.gap, c.ok]).toEqual([19, 19, 0, true]);
    expect(c.byConsultant.map((x) => x.supplementaryLeadTarget)).toEqual([0, 0, 0]);
  });
  it('one lead short: one supplementary lead, to the largest order target', () => {
    // gap 1 split 6:3:1 → .6 .3 .1 → c1
    const c = leadCapacity([{ model: 'A6L', leadTarget: 20 }], capacity);
    expect([c.gap, c.ok]).toEqual([1, false]);
    expect(c.byConsultant.map((x) => x.supplementaryLeadTarget)).toEqual([1, 0, 0]);
  });
  it('nobody has an order target: the gap is split equally', () => {
    // gap 25 − 19 = 6 → 2 2 2
    const c = leadCapacity([{ model: 'A6L', leadTarget: 25 }], {
      ...capacity,
      consultants: capacity.consultants.map((x) => ({ ...x, orderTarget: 0 })),
    });
    expect(c.byConsultant.map((x) => x.supplementaryLeadTarget)).toEqual([2, 2, 2]);
  });
});

describe('leadPlan with capacity', () => {
  const models: LeadPlanModelInput[] = [
    // lead target ⌈6 ÷ .3⌉ = 20; ⌈4 ÷ .25⌉ = 16 → needed 36
    {
      model: 'A6L',
      orderTarget: 6,
      leadCloseRate: 0.3,
      haCloseRate: 0.5,
      haOnHand: 4,
      bcOnHand: 10,
      bcConversionRate: 0.2,
    },
    {
      model: 'Q5L',
      orderTarget: 4,
      leadCloseRate: 0.25,
      haCloseRate: 0.5,
      haOnHand: 1,
      bcOnHand: 0,
      bcConversionRate: 0.1,
    },
  ];
  it('carries the capacity check beside the targets', () => {
    const p = leadPlan({ models, capacity });
    expect(p.models.map((m) => m.leadTarget)).toEqual([20, 16]);
    // expected 19 → gap 17; 17 × .6 .3 .1 = 10.2 5.1 1.7 → 10 5 1 + 1 to c3 (.7) → 10 5 2
    expect([p.capacity!.needed, p.capacity!.expected, p.capacity!.gap]).toEqual([36, 19, 17]);
    expect(p.capacity!.byConsultant.map((x) => x.supplementaryLeadTarget)).toEqual([10, 5, 2]);
    expect(leadPlan({ models }).capacity).toBeUndefined();
  });
  it('names the field at fault', () => {
    expect(
      validateLeadInput({
        models,
        capacity: {
          ...capacity,
          leadsPerVisit: -1,
          consultants: [{ consultantId: '', plannedVisits: 1.5, plannedEvents: 0, orderTarget: 0 }],
        },
      }),
    ).toEqual([
      { field: 'capacity.leadsPerVisit', problem: 'must not be negative' },
      { field: 'capacity.consultants[0].consultantId', problem: 'must be a non-empty string' },
      { field: 'capacity.consultants[0].plannedVisits', problem: 'must be an integer' },
    ]);
  });
});
