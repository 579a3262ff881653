// The readings behind the support, capacity and capability checks, against real PostgreSQL; every
// expected figure is counted by hand from the rows written below.
import { DEFAULT_POLICY } from '@kaflow/domain';
import { PersonalTargetEntity, PlanEntity, SalesOrderEntity } from '@kaflow/persistence';
import {
  baseOnHand,
  capacityReading,
  closingCounts,
  leadsRecorded,
  lossReasonsByConsultant,
  monthAccuracy,
  salesCapabilityReport,
} from '@kaflow/records';
import { startTestEnv, type TestEnv } from '../../support/env';
import type { DealerFixture } from '../../support/fixtures';
import { insertOrder } from '../../support/planning-fixtures';
import {
  insertEvent,
  insertGradedProspect,
  insertLoss,
  insertVisit,
  insertVisitPlan,
} from '../../support/base-fixtures';

let env: TestEnv;
let f: DealerFixture;
let other: DealerFixture;
const t = (d: string) => `${d}T10:00:00+08:00`;

beforeAll(async () => {
  env = await startTestEnv();
  f = await env.createDealer();
  other = await env.createDealer();
  const db = env.db;
  // P1 c A6L: B (Jul) → A (Sep); P2 c A6L: H (1 Sep); P3 c A6L: C (Jul); P4 b Q5L: A (15 Aug) → O (1 Oct);
  // P5 b Q5L: B (Jun); P6 c Q5L: D (Jul)
  await insertGradedProspect(db, f, {
    owner: 'consultant',
    model: 'A6L',
    grades: [
      ['B', t('2026-07-10')],
      ['A', t('2026-09-05')],
    ],
  });
  await insertGradedProspect(db, f, { owner: 'consultant', model: 'A6L', grades: [['H', t('2026-09-01')]] });
  const p3 = await insertGradedProspect(db, f, { owner: 'consultant', model: 'A6L', grades: [['C', t('2026-07-01')]] });
  await insertGradedProspect(db, f, {
    owner: 'consultant_b',
    model: 'Q5L',
    grades: [
      ['A', t('2026-08-15')],
      ['O', t('2026-10-01')],
    ],
  });
  const p5 = await insertGradedProspect(db, f, {
    owner: 'consultant_b',
    model: 'Q5L',
    grades: [['B', t('2026-06-01')]],
  });
  await insertGradedProspect(db, f, { owner: 'consultant', model: 'Q5L', grades: [['D', t('2026-07-20')]] });
  // orders: c A6L 2 cars on 20 Sep (1 delivered 10 Oct); b Q5L 1 on 2 Oct; c A6L 3 in June, cancelled 1 Jul
  await insertOrder(db, f, { quantity: 2, orderDate: '2026-09-20', deliveries: [{ quantity: 1, date: '2026-10-10' }] });
  await insertOrder(db, f, { consultant: 'consultant_b', model: 'Q5L', quantity: 1, orderDate: '2026-10-02' });
  const cancelled = await insertOrder(db, f, { quantity: 3, orderDate: '2026-06-05' });
  await db
    .getRepository(SalesOrderEntity)
    .update({ id: cancelled.id }, { status: 'cancelled', cancelledAt: '2026-07-01' });
  // visits: c 10 Sep (3 leads), c 10 Oct (1), b 30 Jul (5, before the look-back); events: held 15 Sep with 3 leads,
  // one not held
  await insertVisit(db, f, 'consultant', '2026-09-10', 3);
  await insertVisit(db, f, 'consultant', '2026-10-10', 1);
  await insertVisit(db, f, 'consultant_b', '2026-07-30', 5);
  await insertEvent(db, f, { owner: 'marketing_director', plannedDate: '2026-09-15', heldOn: '2026-09-15', leads: 3 });
  await insertEvent(db, f, { owner: 'consultant', plannedDate: '2026-10-20' });
  // December plans: c 2 visits and an event, b 1 visit, marketing 1 event; c's January visit does not count
  await insertVisitPlan(db, f, 'consultant', '2026-12-03');
  await insertVisitPlan(db, f, 'consultant', '2026-12-10');
  await insertVisitPlan(db, f, 'consultant_b', '2026-12-05');
  await insertVisitPlan(db, f, 'consultant', '2027-01-05');
  await insertEvent(db, f, { owner: 'consultant', plannedDate: '2026-12-12' });
  await insertEvent(db, f, { owner: 'marketing_director', plannedDate: '2026-12-15' });
  // losses: c twice in November (price; one not analysed), b in October
  await insertLoss(db, f, p3, t('2026-11-10'), 'price');
  await insertLoss(db, f, p3, t('2026-11-12'), null);
  await insertLoss(db, f, p5, t('2026-10-30'), 'competitor');
  // another dealer's rows never count
  await insertGradedProspect(db, other, { owner: 'consultant', model: 'A6L', grades: [['H', t('2026-09-01')]] });
  await insertOrder(db, other, { quantity: 4, orderDate: '2026-09-20' });
  await insertVisitPlan(db, other, 'consultant', '2026-12-03');
});
afterAll(async () => {
  await env?.stop();
});

const c = () => f.users.consultant.id;
const b = () => f.users.consultant_b.id;

it('baseOnHand: H/A and B/C now, remaining orders at the date, per consultant and model', async () => {
  // c A6L: P1 A, P2 H; P3 C; 2 ordered − 1 delivered (the cancelled order is not open) · b Q5L: P5 B; 1 ordered
  const rows = await baseOnHand(env.db, f.dealer.id, '2026-11-01');
  expect(rows.sort((x, y) => x.model.localeCompare(y.model))).toEqual([
    { consultantId: c(), model: 'A6L', haOnHand: 2, bcOnHand: 1, remainingOrders: 1 },
    { consultantId: b(), model: 'Q5L', haOnHand: 0, bcOnHand: 1, remainingOrders: 1 },
  ]);
});

it('closingCounts per model and per consultant over Aug–Oct', async () => {
  // start grades (before 1 Aug): P1 B, P3 C, P5 B, P6 D. Graded H/A in the window: P1, P2 (A6L), P4 (Q5L).
  // B/C at the start: A6L P1 (rose to A), P3; Q5L P5. Orders in the window: A6L 1, Q5L 1.
  const byModel = await closingCounts(env.db, f.dealer.id, '2026-08-01', '2026-11-01', 'model');
  expect(byModel).toEqual([
    { key: 'A6L', orders: 1, haInWindow: 2, bcStart: 2, bcUp: 1 },
    { key: 'Q5L', orders: 1, haInWindow: 1, bcStart: 1, bcUp: 0 },
  ]);
  const byConsultant = await closingCounts(env.db, f.dealer.id, '2026-08-01', '2026-11-01', 'consultant');
  expect(byConsultant.sort((x, y) => (x.key === c() ? -1 : y.key === c() ? 1 : 0))).toEqual([
    { key: c(), orders: 1, haInWindow: 2, bcStart: 2, bcUp: 1 },
    { key: b(), orders: 1, haInWindow: 1, bcStart: 1, bcUp: 0 },
  ]);
});

it('capacityReading: December plans against the Aug–Oct look-back', async () => {
  const r = await capacityReading(env.db, f.dealer.id, '2026-12', '2026-08-01', '2026-11-01');
  expect(r.visits).toEqual({ done: 2, leadsMet: 4 });
  expect(r.events).toEqual({ held: 1, leads: 3 });
  expect(r.modelMix).toEqual({ A6L: 1, Q5L: 1 }); // P2 and P4 were created in the window
  expect(r.planned.sort((x) => (x.consultantId === c() ? -1 : 1))).toEqual([
    { consultantId: c(), visits: 2, events: 1 },
    { consultantId: b(), visits: 1, events: 0 },
  ]);
  expect(r.otherEvents).toBe(1);
});

it('leadsRecorded and lossReasonsByConsultant', async () => {
  expect(await leadsRecorded(env.db, f.dealer.id, '2026-09-01', '2026-10-01')).toEqual({ A6L: 1 });
  const losses = await lossReasonsByConsultant(env.db, f.dealer.id, '2026-11-01', '2026-12-01');
  expect([...losses]).toEqual([[c(), ['price', null]]]);
});

it('salesCapabilityReport: own rates, expected orders against the approved personal targets', async () => {
  const plan = await env.db.getRepository(PlanEntity).save({
    dealerId: f.dealer.id,
    kind: 'decomposition',
    period: '2026-11',
    version: 1,
    status: 'approved',
    input: {},
    result: {},
  } as Partial<PlanEntity>);
  await env.db.getRepository(PersonalTargetEntity).save([
    {
      dealerId: f.dealer.id,
      month: '2026-11',
      planId: plan.id,
      consultantId: c(),
      targets: { orders: 5 },
      status: 'confirmed',
    },
    {
      dealerId: f.dealer.id,
      month: '2026-11',
      planId: plan.id,
      consultantId: b(),
      targets: { orders: 1 },
      status: 'confirmed',
    },
  ]);
  const r = await salesCapabilityReport(env.db, f.dealer.id, '2026-11', DEFAULT_POLICY);
  expect(r.lookback).toEqual({ from: '2026-08', to: '2026-10' });
  expect(r.plan).toEqual({ id: plan.id, version: 1 });
  // dealer: orders 2 of 3 H/A; 1 of 3 B/C rose
  expect(r.dealerRates).toEqual({
    haCloseRate: { value: 0.6667, numerator: 2, denominator: 3 },
    bcToHaRate: { value: 0.3333, numerator: 1, denominator: 3 },
  });
  const [mine, theirs] = [
    r.consultants.find((x) => x.consultantId === c())!,
    r.consultants.find((x) => x.consultantId === b())!,
  ];
  // c: H/A 2, B/C 1, remaining 1; own 1 of 2 H/A (.5), 1 of 2 B/C (.5) → 1 + .25 + 1 = 2.25 vs 5: short 2.75 = 55 %
  // > 20 %
  expect(mine.pipeline).toEqual({ haOnHand: 2, bcOnHand: 1, remainingOrders: 1 });
  expect(mine.expectedOrders).toEqual({ value: 2.25, fromHa: 1, fromBc: 0.25, remainingOrders: 1 });
  expect([mine.personalTarget, mine.gap, mine.shortfallShare?.value, mine.trainingNeeded]).toEqual([
    5,
    2.75,
    0.55,
    true,
  ]);
  expect(mine.losses).toEqual({ total: 0, byReason: [] }); // their losses are in November, after the look-back
  // b: B/C 1, remaining 1; own 1 of 1 H/A, 0 of 1 B/C → 0 + 0 + 1 = 1 vs 1: no gap
  expect(theirs.bcToHaRate).toEqual({ value: 0, numerator: 0, denominator: 1, used: 0, source: 'own' });
  expect([theirs.expectedOrders.value, theirs.gap, theirs.trainingNeeded]).toEqual([1, 0, false]);
  expect(theirs.losses).toEqual({ total: 1, byReason: [{ reason: 'competitor', count: 1 }] });
});

it('monthAccuracy: October targets against October actuals, assumed against realised rates', async () => {
  const save = (kind: string, input: any, result: any) =>
    env.db.getRepository(PlanEntity).save({
      dealerId: f.dealer.id,
      kind,
      period: '2026-10',
      version: 1,
      status: 'approved',
      input,
      result,
    } as Partial<PlanEntity>);
  await save(
    'rolling',
    { orderConversionRate: 0.5, licensingRates: 0.8 },
    { next: { orders: 3, aak: 2, submissions: 1 } },
  );
  await save(
    'decomposition',
    {},
    {
      byModel: [
        { model: 'A6L', orders: 2, aak: 2, submissions: 1 },
        { model: 'Q5L', orders: 1, aak: 0, submissions: 0 },
      ],
      byConsultant: [
        { consultantId: c(), name: 'C', orders: 2, aak: 1, submissions: 1 },
        { consultantId: b(), orders: 1, aak: 1, submissions: 0 },
      ],
    },
  );
  await save(
    'lead',
    { models: [{ model: 'A6L', leadCloseRate: 0.2, haCloseRate: 0.5, bcConversionRate: 0.1 }] },
    { models: [{ model: 'A6L', leadTarget: 10 }], capacity: { gap: 2 } },
  );
  const a = await monthAccuracy(env.db, f.dealer.id, '2026-10');
  const d = (target: number, actual: number, pct: number | null) => ({
    target,
    actual,
    deviation: actual - target,
    pct,
  });
  // October: b ordered 1 Q5L; c's A6L delivered 1; nothing submitted. Backlog on 1 Oct 2, pending 0.
  expect(a.totals).toEqual({ orders: d(3, 1, -0.6667), aak: d(2, 1, -0.5), submissions: d(1, 0, -1) });
  expect(a.byModel).toEqual([
    { model: 'A6L', orders: d(2, 0, -1), aak: d(2, 1, -0.5), submissions: d(1, 0, -1) },
    { model: 'Q5L', orders: d(1, 1, 0), aak: d(0, 0, null), submissions: d(0, 0, null) },
  ]);
  expect(a.byConsultant).toEqual([
    { consultantId: c(), name: 'C', orders: d(2, 0, -1), aak: d(1, 1, 0), submissions: d(1, 0, -1) },
    { consultantId: b(), orders: d(1, 1, 0), aak: d(1, 0, -1), submissions: d(0, 0, null) },
  ]);
  expect(a.leads).toEqual(d(12, 0, -1)); // 10 regular + 2 supplementary; no prospect created in October
  // AAK 1 ÷ (backlog 2 + orders 1); submissions 0 ÷ (pending 0 + AAK 1)
  expect(a.rates.orderConversion).toEqual({
    assumed: 0.5,
    realised: 0.3333,
    numerator: 1,
    denominator: 3,
    difference: -0.1667,
  });
  expect(a.rates.licensing).toEqual({ assumed: 0.8, realised: 0, numerator: 0, denominator: 1, difference: -0.8 });
  // A6L in October: no new leads, no orders, no prospect graded H/A; B/C at the start P3 (did not rise)
  expect(a.rates.byModel).toEqual([
    {
      model: 'A6L',
      leadClose: { assumed: 0.2, realised: null, numerator: 0, denominator: 0, difference: null },
      haClose: { assumed: 0.5, realised: null, numerator: 0, denominator: 0, difference: null },
      bcToHa: { assumed: 0.1, realised: 0, numerator: 0, denominator: 1, difference: -0.1 },
    },
  ]);
});
