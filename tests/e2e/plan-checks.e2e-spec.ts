// The month-end plans' checks over HTTP: the month-end cycle with the P3 support check (the director approves a failing
// decomposition only with data.overrideNote), the P4 capacity check with supplementary lead targets, a
// training request for the consultant whose base does not carry their target, the dry-run edit, and the
// sales-capability and plan-accuracy reports. Every expected figure is worked out by hand from the rows below.
import { triggerProcess, startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import type { DealerFixture } from '../support/fixtures';
import { insertCatalogue, insertOrder, insertStock } from '../support/planning-fixtures';
import { insertEvent, insertGradedProspect, insertVisit, insertVisitPlan } from '../support/base-fixtures';
import { terminateAndStop } from '../support/env';

let env: E2E;
let f: DealerFixture;
const started: string[] = [];
const t = (d: string) => `${d}T10:00:00+08:00`;

beforeAll(async () => {
  env = await startE2E({
    durations: {
      planDraft: 'PT1H',
      planReview: 'PT1H',
      planSignoff: 'PT1H',
      targetConfirmation: 'PT1H',
      visitPlan: 'PT1H',
      trainingRequest: 'PT1H',
    },
  });
  f = {
    dealer: env.dealer1,
    users: {
      consultant: env.users.consultant,
      consultant_b: env.users.consultant_b,
      marketing_director: env.users.marketing_director,
    },
  } as DealerFixture;
  const db = env.db;
  await insertCatalogue(db, f);
  await insertStock(db, f, '2026-12', { A6L: 5, Q5L: 5 });
  // Look-back Sep–Nov 2026. consultant: 4 A6L created H on 10 Sep; one B (Aug) → A (10 Oct); one C (Aug).
  for (let i = 0; i < 4; i++)
    await insertGradedProspect(db, f, { owner: 'consultant', model: 'A6L', grades: [['H', t('2026-09-10')]] });
  await insertGradedProspect(db, f, {
    owner: 'consultant',
    model: 'A6L',
    grades: [
      ['B', t('2026-08-10')],
      ['A', t('2026-10-10')],
    ],
  });
  await insertGradedProspect(db, f, { owner: 'consultant', model: 'A6L', grades: [['C', t('2026-08-12')]] });
  // orders: consultant A6L 20 Oct (delivered 5 Nov) and 3 Nov; consultant_b Q5L 10 Nov — each one car
  await insertOrder(db, f, { quantity: 1, orderDate: '2026-10-20', deliveries: [{ quantity: 1, date: '2026-11-05' }] });
  await insertOrder(db, f, { quantity: 1, orderDate: '2026-11-03' });
  await insertOrder(db, f, { consultant: 'consultant_b', model: 'Q5L', quantity: 1, orderDate: '2026-11-10' });
  // field work: visits 5 Oct (4 leads met) and 6 Nov (2); an event held 15 Oct with 2 leads;
  // December: consultant 2 visits, consultant_b 1, marketing 1 event
  await insertVisit(db, f, 'consultant', '2026-10-05', 4);
  await insertVisit(db, f, 'consultant_b', '2026-11-06', 2);
  await insertEvent(db, f, { owner: 'marketing_director', plannedDate: '2026-10-15', heldOn: '2026-10-15', leads: 2 });
  await insertVisitPlan(db, f, 'consultant', '2026-12-03');
  await insertVisitPlan(db, f, 'consultant', '2026-12-10');
  await insertVisitPlan(db, f, 'consultant_b', '2026-12-04');
  await insertEvent(db, f, { owner: 'marketing_director', plannedDate: '2026-12-12' });
});
afterAll(async () => {
  await terminateAndStop(env, started);
});

type Task = { id: string; kind: string; payload: Record<string, any>; subject: { id: string } };
const openTask = (who: string, kind: string, pred: (t: Task) => boolean = () => true) =>
  eventually(async () => {
    const { body } = await env.http.get('/api/tasks?status=open').set(env.auth(who));
    const task = (body.items as Task[]).find((x) => x.kind === kind && pred(x));
    expect(task).toBeDefined();
    return task!;
  }, 30_000);
const complete = (who: string, task: Task, body: Record<string, unknown>) =>
  env.http.post(`/api/tasks/${task.id}/complete`).set(env.auth(who)).send(body);
const approveNote = { data: { overrideNote: '差额由下月资源补足（测试）' } };

it('support, override, capacity, training request, dry run and the reports', async () => {
  await triggerProcess(env, 'month-end', '2026-11-24', started);

  // P2 as it is: submit, director (with a note when the roll is short), GM
  expect(
    (await complete('ka_manager', await openTask('ka_manager', 'plan_draft'), { decision: 'submit' })).status,
  ).toBe(200);
  const review = await openTask('sales_director', 'plan_review');
  expect(
    (
      await complete('sales_director', review, {
        decision: 'approve',
        ...(review.payload.coverageOk === false ? approveNote : {}),
      })
    ).status,
  ).toBe(200);
  expect((await complete('gm', await openTask('gm', 'plan_signoff'), { decision: 'approve' })).status).toBe(200);

  // P3: the decomposition draft; a dry run changes nothing, then the manager sets 8 orders split by remaining orders
  // only
  const draft = await openTask('ka_manager', 'plan_draft', (x) => x.payload.plan.kind === 'decomposition');
  const before = (await env.http.get('/api/plans/decomposition/2026-12').set(env.auth('ka_manager'))).body;
  expect(before.input.support.onHand).toEqual(
    expect.arrayContaining([
      { consultantId: env.users.consultant.id, model: 'A6L', haOnHand: 5, bcOnHand: 1, remainingOrders: 1 },
      { consultantId: env.users.consultant_b.id, model: 'Q5L', haOnHand: 0, bcOnHand: 0, remainingOrders: 1 },
    ]),
  );
  // A6L: 2 orders ÷ 5 graded H/A = .4, B/C 1 of 2 rose = .5; Q5L has no H/A: the dealer's 3 ÷ 5 = .6 and 1 ÷ 2 = .5
  expect(before.input.support.rates).toEqual([
    { model: 'A6L', haCloseRate: 0.4, bcToHaRate: 0.5 },
    { model: 'Q5L', haCloseRate: 0.6, bcToHaRate: 0.5 },
  ]);
  const edit = {
    targets: { orders: 8, aak: 6, submissions: 4 },
    consultantWeights: { achievement: 0, haOnHand: 0, remainingOrders: 1 },
  };
  const dry = await env.http
    .put('/api/plans/decomposition/2026-12?dryRun=true')
    .set(env.auth('ka_manager'))
    .send({ revision: before.revision, input: edit });
  expect(dry.status).toBe(200);
  // remaining 1 : 1 → 4 and 4; consultant 5 × .4 + 1 × .5 × .4 + 1 = 3.2 (gap ⌈.8⌉ = 1); consultant_b 0 + 0 + 1 = 1
  // (gap 3)
  expect(dry.body.support.byConsultant.map((c: any) => [c.consultantId, c.needed, c.expected, c.gap, c.ok])).toEqual([
    [env.users.consultant.id, 4, 3.2, 1, false],
    [env.users.consultant_b.id, 4, 1, 3, false],
  ]);
  // models: H/A cars 5 : 0 and stock 5 : 5, half each → .75 / .25 → 6 and 2 orders; A6L base 3.2 (gap 3), Q5L 1 (gap 1)
  expect(dry.body.support.byModel.map((m: any) => [m.model, m.needed, m.expected, m.gap])).toEqual([
    ['A6L', 6, 3.2, 3],
    ['Q5L', 2, 1, 1],
  ]);
  expect(dry.body).toMatchObject({ dryRun: true, coverageOk: false, revision: before.revision });
  const unchanged = (await env.http.get('/api/plans/decomposition/2026-12').set(env.auth('ka_manager'))).body;
  expect([unchanged.revision, unchanged.input.targets]).toEqual([before.revision, before.input.targets]);
  expect(
    (
      await env.http
        .put('/api/plans/decomposition/2026-12?dryRun=maybe')
        .set(env.auth('ka_manager'))
        .send({ revision: before.revision, input: edit })
    ).body.details,
  ).toEqual([{ field: 'dryRun', problem: 'must be true or false' }]);
  expect(
    (
      await env.http
        .put('/api/plans/decomposition/2026-12')
        .set(env.auth('ka_manager'))
        .send({ revision: before.revision, input: edit })
    ).status,
  ).toBe(200);
  expect((await complete('ka_manager', draft, { decision: 'submit' })).status).toBe(200);

  // 个人目标确认书: the consultant's targets crossed by model × customer type × channel, every margin their total
  const letter = await openTask('consultant', 'target_confirmation');
  const cells = letter.payload.targets.byModelTypeChannel as Array<{ model: string; orders: number }>;
  expect(cells.reduce((a, c) => a + c.orders, 0)).toBe(4);
  expect((letter.payload.targets.byChannel as Array<{ orders: number }>).reduce((a, c) => a + c.orders, 0)).toBe(4);
  expect((await complete('consultant', letter, { decision: 'confirm' })).status).toBe(200);
  expect(
    (await complete('consultant_b', await openTask('consultant_b', 'target_confirmation'), { decision: 'confirm' }))
      .status,
  ).toBe(200);

  // the director sees the gaps; approving without a note is a 400 naming data.overrideNote, with one it goes through
  const dReview = await openTask('sales_director', 'plan_review', (x) => x.payload.plan.kind === 'decomposition');
  expect(dReview.payload.coverageOk).toBe(false);
  expect(dReview.payload.gaps).toEqual(
    expect.arrayContaining([
      `顾问 ${env.users.consultant.displayName}：需 4 单，客户资源预计 3.2 单，缺口 1 单`,
      `顾问 ${env.users.consultant_b.displayName}：需 4 单，客户资源预计 1 单，缺口 3 单`,
    ]),
  );
  const refused = await complete('sales_director', dReview, { decision: 'approve' });
  expect(refused.status).toBe(400);
  expect(refused.body.details.map((d: any) => d.field)).toEqual(['data.overrideNote']);
  expect((await complete('sales_director', dReview, { decision: 'approve', ...approveNote })).status).toBe(200);

  // P6: consultant_b (1 expected of 4: short 75 %) gets a training request; the consultant (3.2 of 4: short exactly
  // 20 %) does not
  const training = await openTask(
    'training_manager',
    'training_request',
    (x) => x.payload.source === 'sales_capability',
  );
  expect(training.payload).toMatchObject({
    month: '2026-12',
    consultantId: env.users.consultant_b.id,
    figures: { personalTarget: 4, gap: 3, expectedOrders: { value: 1 } },
  });

  // P4: lead targets ⌈6 ÷ (2 orders ÷ 4 leads)⌉ = 12 and ⌈2 ÷ .75⌉ = 3 (Q5L takes the dealer's 3 ÷ 4) → 15 needed;
  // 3 leads per visit (6 ÷ 2), 2 per event: 2 × 3 + 1 × 3 + 1 × 2 = 11 → gap 4, supplementary 2 and 2
  const leadDraft = await openTask('ka_manager', 'plan_draft', (x) => x.payload.plan.kind === 'lead');
  const lead = (await env.http.get('/api/plans/lead/2026-12').set(env.auth('ka_manager'))).body;
  expect(lead.result.models.map((m: any) => [m.model, m.leadTarget])).toEqual([
    ['A6L', 12],
    ['Q5L', 3],
  ]);
  expect(lead.capacity).toMatchObject({ needed: 15, expected: 11, gap: 4, ok: false });
  expect(
    lead.capacity.byConsultant.map((c: any) => [
      c.consultantId,
      c.plannedVisits,
      c.expected,
      c.supplementaryLeadTarget,
    ]),
  ).toEqual([
    [env.users.consultant.id, 2, 6, 2],
    [env.users.consultant_b.id, 1, 3, 2],
  ]);
  // every new lead of the look-back was an A6L: A6L expects all 11 (gap 1), Q5L none (gap 3)
  expect(lead.capacity.byModel.map((m: any) => [m.model, m.expected, m.gap])).toEqual([
    ['A6L', 11, 1],
    ['Q5L', 0, 3],
  ]);
  expect(leadDraft.payload.gaps[0]).toContain('缺口 4 组');
  expect((await complete('ka_manager', leadDraft, { decision: 'submit' })).status).toBe(200);

  // the weekly review of 7 Dec (week 2026-W50) shows the same gap as the month goes on: 19 leads planned, none
  // recorded;
  // 4 of December's 23 working days gone → 19 × 4 ÷ 23 = 3.30 pro-rated, short of 90 % of it by ⌈2.97⌉ = 3
  const week = await eventually(async () => {
    const res = await env.http.get('/api/progress/weekly?week=2026-W50').set(env.auth('ka_manager'));
    const line = res.body.lines?.find((l: any) => l.key === 'total:leads');
    expect(line).toBeDefined();
    return line;
  });
  expect(week).toMatchObject({ target: 19, actual: 0, proRated: 3.3, gap: true, shortfall: 3 });

  // the capability report: the same figures, a consultant sees only their own line; bad input is a 400
  const cap = (await env.http.get('/api/reports/sales-capability?month=2026-12').set(env.auth('training_manager')))
    .body;
  const b = cap.consultants.find((c: any) => c.consultantId === env.users.consultant_b.id);
  expect([b.expectedOrders.value, b.personalTarget, b.gap, b.trainingNeeded]).toEqual([1, 4, 3, true]);
  const a = cap.consultants.find((c: any) => c.consultantId === env.users.consultant.id);
  expect(a.haCloseRate).toEqual({ value: 0.4, numerator: 2, denominator: 5, used: 0.4, source: 'own' });
  expect([a.expectedOrders.value, a.gap, a.shortfallShare.value, a.trainingNeeded]).toEqual([3.2, 0.8, 0.2, false]);
  const own = (await env.http.get('/api/reports/sales-capability?month=2026-12').set(env.auth('consultant'))).body;
  expect(own.consultants.map((c: any) => c.consultantId)).toEqual([env.users.consultant.id]);
  expect(
    (await env.http.get('/api/reports/sales-capability?month=2026-13').set(env.auth('ka_manager'))).body.details,
  ).toEqual([{ field: 'month', problem: 'must be a month YYYY-MM' }]);
  expect((await env.http.get('/api/reports/sales-capability?month=2026-12').set(env.auth('cs_agent'))).status).toBe(
    403,
  );
  // dealer 2 sees none of dealer 1's consultants
  const theirs = (await env.http.get('/api/reports/sales-capability?month=2026-12').set(env.auth('ka_manager2'))).body;
  expect(theirs.consultants.some((c: any) => c.consultantId === env.users.consultant.id)).toBe(false);

  // plan accuracy for December: the approved decomposition's 4 + 4 orders against none yet
  const acc = (await env.http.get('/api/reports/plan-accuracy?from=2026-12&to=2026-12').set(env.auth('sales_director')))
    .body;
  expect(
    acc.months[0].byConsultant.map((c: any) => [c.orders.target, c.orders.actual, c.orders.deviation, c.orders.pct]),
  ).toEqual([
    [4, 0, -4, -1],
    [4, 0, -4, -1],
  ]);
  // 15 regular + 4 supplementary
  expect(acc.months[0].leads).toEqual({ target: 19, actual: 0, deviation: -19, pct: -1 });
  expect(
    (await env.http.get('/api/reports/plan-accuracy?from=2026-12&to=2026-11').set(env.auth('gm'))).body.details,
  ).toEqual([{ field: 'to', problem: 'must not be before from' }]);
  expect(
    (await env.http.get('/api/reports/plan-accuracy?from=2026-12&to=2026-12').set(env.auth('consultant'))).status,
  ).toBe(403);
});
