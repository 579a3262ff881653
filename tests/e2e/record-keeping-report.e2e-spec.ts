// GET /api/reports/record-keeping: the process 5 figures of a month, computed from the records.
// The test writes a known set of records for consultant_b in the previous month (visits, an event
// and its leads, prospects through the API; plan items, callback checks and rectification tasks
// straight into the tables, as the month-end and callback workflows would) and checks the report
// against figures worked out by hand.
import { randomUUID } from 'node:crypto';
import { localDate, zonedInstant } from '@kaflow/calendar';
import { CallbackCheckEntity, TaskEntity, VisitPlanEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const TZ = 'Asia/Shanghai';
const thisMonth = localDate(new Date(), TZ).slice(0, 7);
const shift = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
/** The report's month: last month, whose days are all in the past. */
const M = shift(thisMonth, -1);
const day = (d: number, month = M) => `${month}-${String(d).padStart(2, '0')}`;
const at = (d: number, month = M) => zonedInstant(day(d, month), '12:00', TZ);

async function post(path: string, as: string, body: unknown) {
  const res = await env.http
    .post(path)
    .set(env.auth(as))
    .send(body as object);
  expect({ path, status: res.status, body: res.status < 300 ? undefined : res.body }).toEqual({
    path,
    status: path.endsWith('/held') ? 200 : 201,
    body: undefined,
  });
  return res.body;
}

const prospect = (name: string, source: Record<string, string>) => ({
  account: { name, customerType: 'enterprise' },
  contactName: '王经理',
  contactPhone: '13800138000',
  model: 'A6L',
  quantity: 1,
  grade: 'B',
  channel: 'cold_visit',
  developmentType: 'new',
  ...source,
});

it('computes record rate, callbacks, accuracy, rectifications and visit-plan completion from the records', async () => {
  const cb = env.users.consultant_b.id;
  const empty = await env.http.get(`/api/reports/record-keeping?month=${M}`).set(env.auth('consultant_b'));
  expect(empty.body).toEqual({
    month: M,
    consultantId: cb,
    recordRate: { value: null, numerator: 0, denominator: 0 },
    callbacks: { done: 0, onTime: 0, verified: 0, due: 0 },
    informationAccuracy: { value: null, numerator: 0, denominator: 0 },
    rectifications: { open: 0, overdue: 0 },
    visitPlanCompletion: { value: null, numerator: 0, denominator: 0 },
  });

  // 4 planned visits in M
  const plans = await env.db.getRepository(VisitPlanEntity).save(
    [3, 10, 17, 24].map((d) => ({
      dealerId: env.dealer1.id,
      consultantId: cb,
      month: M,
      accountId: null,
      accountName: `计划单位 ${d}`,
      plannedDate: day(d),
      purpose: null,
    })),
  );
  // 3 visits done in M: 5 + 3 + 0 = 8 people met
  const v1 = await post('/api/visits', 'consultant_b', {
    visitedOn: day(5),
    planId: plans[0].id,
    leadsMet: 5,
    summary: '采购科',
  });
  const v2 = await post('/api/visits', 'consultant_b', {
    visitedOn: day(12),
    planId: plans[1].id,
    leadsMet: 3,
    summary: '车管科',
  });
  await post('/api/visits', 'consultant_b', {
    visitedOn: day(20),
    accountName: '锦江宾馆',
    leadsMet: 0,
    summary: '未见到负责人',
  });
  // check-ins (走访签到): the 3rd's visit on the 3rd (counts), the 10th's on the 11th (a day late: does not count)
  const checkIn = `INSERT INTO visit_check_in ("dealerId", "planId", "consultantId", "checkedInAt", "localDate")
    VALUES ($1, $2, $3, $4, $5)`;
  await env.db.query(checkIn, [env.dealer1.id, plans[0].id, cb, `${day(3)}T03:00:00Z`, day(3)]);
  await env.db.query(checkIn, [env.dealer1.id, plans[1].id, cb, `${day(11)}T03:00:00Z`, day(11)]);
  // one event held in M with 4 leads
  const event = await post('/api/events', 'consultant_b', {
    kind: 'showroom',
    name: '展厅品鉴会',
    plannedDate: day(15),
  });
  await post(`/api/events/${event.id}/held`, 'consultant_b', { heldOn: day(15) });
  const { leads } = await post(`/api/events/${event.id}/leads`, 'consultant_b', {
    leads: [{ name: '甲' }, { name: '乙' }, { name: '丙' }, { name: '丁' }],
  });
  // recorded: 2 from v1, 1 from v2, 1 event lead
  const p1 = await post('/api/prospects', 'consultant_b', prospect('单位一', { sourceVisitId: v1.id }));
  const p2 = await post('/api/prospects', 'consultant_b', prospect('单位二', { sourceVisitId: v1.id }));
  const p3 = await post('/api/prospects', 'consultant_b', prospect('单位三', { sourceVisitId: v2.id }));
  const p4 = await post('/api/prospects', 'consultant_b', prospect('单位四', { sourceEventLeadId: leads[0].id }));
  // a prospect recorded without a source does not count
  await post('/api/prospects', 'consultant_b', prospect('单位五', {}));

  // callback checks of M: done on the 10th (on time, verified), 11th (late, incorrect), 20th (on time, verified);
  // one due on the 28th not done; one done and due in the month before M (not counted)
  const check = (prospectId: string, o: Partial<CallbackCheckEntity>) => ({
    workflowId: `e2e-callback:${randomUUID()}`,
    dealerId: env.dealer1.id,
    prospectId,
    ownerId: cb,
    status: 'closed',
    outcome: null,
    corrections: null,
    doneAt: null,
    onTime: null,
    verificationOutcome: null,
    closedAt: null,
    createdAt: at(1),
    dueAt: at(28),
    ...o,
  });
  await env.db
    .getRepository(CallbackCheckEntity)
    .insert([
      check(p1.id, { doneAt: at(10), onTime: true, outcome: 'verified', dueAt: at(12) }),
      check(p2.id, { doneAt: at(11), onTime: false, outcome: 'incorrect', dueAt: at(10), status: 'rectifying' }),
      check(p3.id, { doneAt: at(20), onTime: true, outcome: 'verified', dueAt: at(25) }),
      check(p4.id, { status: 'open', dueAt: at(28) }),
      check(p4.id, { doneAt: at(20, shift(M, -1)), onTime: true, outcome: 'verified', dueAt: at(25, shift(M, -1)) }),
    ]);
  // rectification items of consultant_b: one open and overdue, one open in time, one fixed
  const task = (status: string, originalDueAt: Date) => ({
    id: randomUUID(),
    dealerId: env.dealer1.id,
    kind: 'rectification',
    title: '整改',
    status,
    assigneeUserId: cb,
    assigneeRole: null,
    chain: 'default',
    escalationLevel: 0,
    dueAt: originalDueAt,
    originalDueAt,
    remindAt: originalDueAt,
    dueRule: { workingDays: 3 },
    subjectType: 'prospect',
    subjectId: p2.id,
    payload: {},
    workflowId: `e2e-rectification:${randomUUID()}`,
    createdAt: new Date(),
  });
  const hour = 3_600_000;
  await env.db
    .getRepository(TaskEntity)
    .insert([
      task('open', new Date(Date.now() - 24 * hour)),
      task('open', new Date(Date.now() + 72 * hour)),
      task('done', new Date(Date.now() - 48 * hour)),
    ]);

  // By hand: record rate (2 + 1 + 1) / (5 + 3 + 0 + 4) = 4/12; callbacks done 3, on time 2, verified 2,
  // due in M 4 (12th, 10th, 25th, 28th); accuracy 2/3; rectifications open 2, overdue 1; plan 1/4
  // (one planned visit checked in on its date).
  const expected = {
    month: M,
    consultantId: cb,
    recordRate: { value: 0.3333, numerator: 4, denominator: 12 },
    callbacks: { done: 3, onTime: 2, verified: 2, due: 4 },
    informationAccuracy: { value: 0.6667, numerator: 2, denominator: 3 },
    rectifications: { open: 2, overdue: 1 },
    visitPlanCompletion: { value: 0.25, numerator: 1, denominator: 4 },
  };
  const own = await env.http.get(`/api/reports/record-keeping?month=${M}`).set(env.auth('consultant_b'));
  expect(own.status).toBe(200);
  expect(own.body).toEqual(expected);
  expect(
    (await env.http.get(`/api/reports/record-keeping?month=${M}&consultantId=${cb}`).set(env.auth('ka_manager'))).body,
  ).toEqual(expected);
  // the whole dealer: nobody else has records in M
  const { consultantId: _c, ...dealerWide } = expected;
  expect((await env.http.get(`/api/reports/record-keeping?month=${M}`).set(env.auth('sales_director'))).body).toEqual(
    dealerWide,
  );

  // consultant (not consultant_b) sees only their own, empty figures; may not ask for another's
  const other = await env.http.get(`/api/reports/record-keeping?month=${M}`).set(env.auth('consultant'));
  expect(other.body).toMatchObject({
    consultantId: env.users.consultant.id,
    recordRate: { value: null, numerator: 0, denominator: 0 },
    rectifications: { open: 0, overdue: 0 },
  });
  expect(
    (await env.http.get(`/api/reports/record-keeping?month=${M}&consultantId=${cb}`).set(env.auth('consultant')))
      .status,
  ).toBe(403);
  // another dealer sees none of it
  const d2 = await env.http.get(`/api/reports/record-keeping?month=${M}`).set(env.auth('gm2'));
  expect(d2.body).toMatchObject({
    recordRate: { numerator: 0, denominator: 0 },
    callbacks: { done: 0, due: 0 },
    rectifications: { open: 0 },
    visitPlanCompletion: { denominator: 0 },
  });
  expect(
    (await env.http.get(`/api/reports/record-keeping?month=${M}&consultantId=${cb}`).set(env.auth('gm2'))).status,
  ).toBe(400);
  // the month after M holds none of these records (the prospects' own callback checks are due then, not done)
  const next = await env.http
    .get(`/api/reports/record-keeping?month=${shift(M, 1)}&consultantId=${cb}`)
    .set(env.auth('ka_manager'));
  expect(next.body).toMatchObject({
    recordRate: { value: null },
    callbacks: { done: 0, onTime: 0, verified: 0 },
    visitPlanCompletion: { value: null },
  });

  const bad = await env.http.get('/api/reports/record-keeping?month=2026-13').set(env.auth('ka_manager'));
  expect(bad.status).toBe(400);
  expect(bad.body.details[0].field).toBe('month');
  expect((await env.http.get('/api/reports/record-keeping').set(env.auth('ka_manager'))).status).toBe(400);
});
