// GET /api/forecast/… and the what-if on a hand-worked fixture (the figures below are worked out by hand in the
// comments, from the rows written here, never from the product's output), the access rules, and the no-leak proof:
// records dated after the as-of date change nothing in the answer, while one before it does.
import { hash } from '@node-rs/argon2';
import { zonedInstant } from '@kaflow/calendar';
import {
  CarModelEntity,
  DeliveryEntity,
  FollowUpEntity,
  GradeChangeEntity,
  ProspectEntity,
  RegionEntity,
  SalesOrderEntity,
  UserEntity,
  DealerEntity,
} from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { insertProspect, PASSWORD, runId } from '../support/fixtures';
import { rowCounts } from '../support/row-counts';

const TZ = 'Asia/Shanghai';
const AS_OF = '2026-10-12';
const at = (date: string, time = '10:00') => zonedInstant(date, time, TZ);

let env: E2E;
let regionToken: string;
const p: Record<string, ProspectEntity> = {};
let orderNo = 0;

async function grade(prospect: ProspectEntity, from: string | null, to: string, date: string) {
  await env.db.getRepository(GradeChangeEntity).save({
    dealerId: env.dealer1.id,
    prospectId: prospect.id,
    fromGrade: from,
    toGrade: to,
    at: at(date),
    byUserId: env.users.consultant.id,
    reason: 'test',
  });
}
async function order(o: {
  date: string;
  quantity: number;
  prospect?: ProspectEntity;
  model?: string;
  who?: string;
  cancelledAt?: string;
}) {
  return env.db.getRepository(SalesOrderEntity).save({
    dealerId: env.dealer1.id,
    orderNo: `FC-${runId()}-${++orderNo}`,
    consultantId: env.users[o.who ?? 'consultant'].id,
    prospectId: o.prospect?.id ?? null,
    accountId: null,
    customerType: 'enterprise',
    channel: 'referral',
    developmentType: 'new',
    model: o.model ?? 'A6L',
    quantity: o.quantity,
    orderDate: o.date,
    status: o.cancelledAt ? 'cancelled' : 'open',
    cancelledAt: o.cancelledAt ?? null,
    cancelReason: o.cancelledAt ? 'test' : null,
  } as Partial<SalesOrderEntity>);
}
/** A prospect first graded `g` on `date` (the fixture's insertProspect writes its first grade change at `at`). */
async function prospect(name: string, g: string, date: string, quantity: number) {
  const row = await insertProspect(env.db, { dealer: env.dealer1, users: env.users } as any, {
    grade: g,
    at: at(date),
    name: `预测 ${name} ${runId()}`,
  });
  await env.db.getRepository(ProspectEntity).update({ id: row.id }, { quantity });
  p[name] = { ...row, quantity };
}

beforeAll(async () => {
  env = await startE2E({ forecast: { lookbackMonths: 2 } });
  for (const code of ['A6L', 'Q5L'])
    await env.db.getRepository(CarModelEntity).save({ dealerId: env.dealer1.id, code, name: code });
  // Measured months: September (observed on 09-12) and August (on 08-12); August's next month (September) is closed
  // at 10-12, September's (October) is not.
  await prospect('P1', 'H', '2026-08-05', 2); // H on 08-12, ordered 2 cars on 08-20 → O
  await order({ date: '2026-08-20', quantity: 2, prospect: p.P1 });
  await grade(p.P1, 'H', 'O', '2026-08-20');
  await prospect('P2', 'A', '2026-08-01', 1); // A on both points, never orders
  await prospect('P3', 'H', '2026-09-01', 1); // H on 09-12, orders 1 car on 10-05 → O
  await order({ date: '2026-10-05', quantity: 1, prospect: p.P3 });
  await grade(p.P3, 'H', 'O', '2026-10-05');
  await prospect('P4', 'B', '2026-07-01', 4); // B on both points, orders 4 cars on 09-15 → O
  await order({ date: '2026-09-15', quantity: 4, prospect: p.P4 });
  await grade(p.P4, 'B', 'O', '2026-09-15');
  await order({ date: '2026-08-10', quantity: 5, model: 'Q5L', who: 'consultant_b' }); // before August's point
  await order({ date: '2026-09-20', quantity: 3, model: 'Q5L', who: 'consultant_b' }); // September's new business
  await prospect('P10', 'C', '2026-10-02', 2); // open at 10-12 as C
  // October before 10-12: booked 1 (P3) + 2 + 1 (cancelled only on 10-20: not known at 10-12) = 4; one cancelled on
  // 10-09 does not count
  await order({ date: '2026-10-08', quantity: 2, model: 'Q5L', who: 'consultant_b' });
  await order({ date: '2026-10-06', quantity: 1, cancelledAt: '2026-10-20' });
  await order({ date: '2026-10-03', quantity: 5, cancelledAt: '2026-10-09' });
  // P1's 2 cars delivered on 09-10 (the measured r below)
  const [o1] = await env.db.query(`SELECT id FROM sales_order WHERE "prospectId" = $1`, [p.P1.id]);
  await env.db.getRepository(DeliveryEntity).save({
    dealerId: env.dealer1.id,
    orderId: o1.id,
    consultantId: env.users.consultant.id,
    model: 'A6L',
    quantity: 2,
    deliveryDate: '2026-09-10',
  });

  // the region: dealer 1 alone in a region of its own, with a region manager
  const region = await env.db.getRepository(RegionEntity).save({ code: `fc-${runId()}`, name: '预测区' });
  await env.db.getRepository(DealerEntity).update({ id: env.dealer1.id }, { regionId: region.id });
  const username = `rm-fc.${runId()}`;
  await env.db.getRepository(UserEntity).save({
    dealerId: null,
    regionId: region.id,
    username,
    displayName: '区域经理',
    email: `${username}@test.local`,
    passwordHash: await hash(PASSWORD),
    roles: ['region_manager'],
    active: true,
  } as Partial<UserEntity>);
  regionToken = (await env.http.post('/api/auth/login').send({ username, password: PASSWORD })).body.accessToken;
});
afterAll(async () => {
  await env?.stop();
});

const get = (path: string, as: string) => env.http.get(path).set(env.auth(as));

// Counts (prospect-equivalents: observed × cars ordered ÷ cars observed), rate = (converted + ½) ÷ (observed + 1):
//   O: P1 in Sep (2 cars, 0 ordered)            → 1 observed, 0 converted  → ½ ÷ 2 = 0.25
//   H: P1 in Aug (2, 2 ordered), P3 in Sep (1, 0) → 2 observed, 2 × 2/3      → (4/3 + ½) ÷ 3 = 0.6111
//   A: P2 in Aug and Sep (1 car each, 0)        → 2 observed, 0            → ½ ÷ 3 = 0.1667
//   B: P4 in Aug (4, 0) and Sep (4, 4 ordered)  → 2 observed, 2 × 4/8 = 1   → 1.5 ÷ 3 = 0.5
//   C: none                                      → ½
// Pipeline at 10-12: O = P1 (2) + P3 (1) + P4 (4) = 7 cars, A = P2 (1), C = P10 (2)
//   expected = 7 × 0.25 + 1 × 1/6 + 2 × 0.5 = 2.9167
// New business (orders after a point that no prospect open at it brought): Aug 0 (P1's was P1's), Sep 3 → mean 1.5
// Dealer: 4 + 2.9167 + 1.5 = 8.4167
it("the dealer's forecast: booked, pipeline by grade, rates used and the range, worked out by hand", async () => {
  const res = await get(`/api/forecast/dealer?asOf=${AS_OF}`, 'ka_manager');
  expect(res.status).toBe(200);
  const b = res.body;
  expect(b).toMatchObject({ scope: 'dealer', id: null, asOf: AS_OF });
  expect(b.month.month).toBe('2026-10');
  expect(b.month.orders).toMatchObject({
    booked: 4,
    pipelineExpected: 2.92,
    newBusinessExpected: 1.5,
    expected: 8.42,
  });
  expect(b.month.orders.p10).toBeGreaterThanOrEqual(4);
  expect(b.month.orders.p90).toBeLessThanOrEqual(4 + 10 + 3);
  expect(b.month.orders.p10).toBeLessThanOrEqual(b.month.orders.p50);
  expect(b.month.orders.p50).toBeLessThanOrEqual(b.month.orders.p90);
  expect(b.pipeline).toEqual({
    O: { prospects: 3, cars: 7 },
    H: { prospects: 0, cars: 0 },
    A: { prospects: 1, cars: 1 },
    B: { prospects: 0, cars: 0 },
    C: { prospects: 1, cars: 2 },
  });
  const r = Object.fromEntries(b.dealerRates.map((x: any) => [x.grade, x]));
  expect(r.O).toMatchObject({ observed: 1, converted: 0, rate: 0.25 });
  expect(r.H).toMatchObject({ observed: 2, rate: 0.6111 });
  expect(r.H.converted).toBeCloseTo(4 / 3, 5);
  expect(r.A).toMatchObject({ observed: 2, converted: 0, rate: 0.1667 });
  expect(r.B).toMatchObject({ observed: 2, converted: 1, rate: 0.5 });
  expect(r.C).toMatchObject({ observed: 0, converted: 0, rate: 0.5 });
  // A6L has 2 observations of a grade at most, below the policy's 30: the dealer's rates
  expect(b.rates.every((x: any) => x.model === 'A6L' && x.source === 'dealer')).toBe(true);
  expect(b.method.lookbackMonths).toEqual(['2026-09', '2026-08']);
  // no approved plan: r and l measured on Aug + Sep. Aug: backlog 0, orders 5 + 2 = 7, AAK 0; Sep: backlog 7,
  // orders 4 + 3 = 7, AAK 2 → r = 2 ÷ (7 + 14) = 0.0952; pending + AAK = 0 + 2, submissions 0 → l = 0
  expect(b.method.flowRates.source).toBe('measured');
  expect(b.method.flowRates.orderConversionRate).toBeCloseTo(2 / 21, 6);
  expect(b.method.flowRates.licensingRate).toBe(0);
  // backlog on 10-01: 14 ordered − 2 delivered = 12; AAK at the expected 8 orders = round(2/21 × 20) = 2
  expect(b.month.aak).toMatchObject({ expected: 2, soFar: 0 });
  expect(b.month.submissions).toMatchObject({ expected: 0, soFar: 0 });
  expect(b.month.target).toEqual({ orders: null, aak: null, submissions: null });
  // Next month (November), from August alone (its next month, September, is closed):
  //   O none → ½; H: P1 (2 cars, 0 in Sep) → ½ ÷ 2 = .25; A: P2 → .25; B: P4 (4, 4 in Sep) → 1.5 ÷ 2 = .75; C → ½
  //   pipeline 7 × ½ + 1 × .25 + 2 × ½ = 4.75; new business: Sep's orders no prospect open on 08-12 brought: 3
  expect(b.next.month).toBe('2026-11');
  expect(b.next.orders).toMatchObject({ booked: 0, pipelineExpected: 4.75, newBusinessExpected: 3, expected: 7.75 });
});

it("a consultant's and a model's line", async () => {
  // consultant: every prospect is theirs (2.9167); booked P3 1 + the 10-06 order 1 = 2; no new business of theirs
  const c = await get(`/api/forecast/consultants/${env.users.consultant.id}?asOf=${AS_OF}`, 'consultant');
  expect(c.status).toBe(200);
  expect(c.body.month.orders).toMatchObject({
    booked: 2,
    pipelineExpected: 2.92,
    newBusinessExpected: 0,
    expected: 4.92,
  });
  expect(c.body.month.target.orders).toBeNull();
  // Q5L: no prospects; booked 2 (10-08); new business Sep 3, Aug 0 → 1.5
  const m = await get(`/api/forecast/models/Q5L?asOf=${AS_OF}`, 'sales_director');
  expect(m.status).toBe(200);
  expect(m.body.month.orders).toMatchObject({
    booked: 2,
    pipelineExpected: 0,
    newBusinessExpected: 1.5,
    expected: 3.5,
  });
  expect(m.body.month.aak.soFar).toBe(0);
});

it('no leak: records dated on or after the as-of date change nothing; one before it does', async () => {
  const before = await get(`/api/forecast/dealer?asOf=${AS_OF}`, 'gm');
  // a prospect created during 10-12, an order and a grade change after it, a follow-up, a delivery and a
  // cancellation of a booked order after 10-12
  await prospect('late', 'H', AS_OF, 5);
  await order({ date: AS_OF, quantity: 7, prospect: p.late });
  await order({ date: '2026-10-20', quantity: 3, prospect: p.P2 });
  await grade(p.P2, 'A', 'H', '2026-10-13');
  await grade(p.P10, 'C', 'F', '2026-10-12');
  await env.db.getRepository(FollowUpEntity).save({
    dealerId: env.dealer1.id,
    prospectId: p.P2.id,
    byUserId: env.users.consultant.id,
    channel: 'phone',
    content: '已谈妥',
    nextStep: null,
    at: at('2026-10-14'),
  } as Partial<FollowUpEntity>);
  const [o3] = await env.db.query(`SELECT id FROM sales_order WHERE "prospectId" = $1`, [p.P3.id]);
  await env.db.getRepository(DeliveryEntity).save({
    dealerId: env.dealer1.id,
    orderId: o3.id,
    consultantId: env.users.consultant.id,
    model: 'A6L',
    quantity: 1,
    deliveryDate: '2026-10-15',
  });
  await env.db.query(`UPDATE sales_order SET "cancelledAt" = '2026-10-13', status = 'cancelled' WHERE id = $1`, [
    o3.id,
  ]);
  const after = await get(`/api/forecast/dealer?asOf=${AS_OF}`, 'gm');
  expect(after.status).toBe(200);
  expect(after.body).toEqual(before.body);
  // the test can fail: an order on 10-11 is known at 10-12
  await order({ date: '2026-10-11', quantity: 1, model: 'Q5L' });
  const moved = await get(`/api/forecast/dealer?asOf=${AS_OF}`, 'gm');
  expect(moved.body.month.orders.booked).toBe(5);
  await env.db.query(`DELETE FROM sales_order WHERE "dealerId" = $1 AND "orderDate" = '2026-10-11'`, [env.dealer1.id]);
});

it('what-if: rates set and H prospects added, nothing saved', async () => {
  const counts = await rowCounts(env.db, [env.dealer1.id]);
  const res = await env.http
    .post('/api/forecast/what-if')
    .set(env.auth('sales_director'))
    .send({ asOf: AS_OF, rates: { O: 0, A: 0, C: 0 }, addProspects: { H: 2 } });
  expect(res.status).toBe(200);
  // 4 booked + O, A, C at 0 + 2 added H × 0.6111 (the dealer's H) + 1.5 = 6.7222
  expect(res.body.month.orders).toMatchObject({ booked: 4, pipelineExpected: 1.22, expected: 6.72 });
  expect(res.body.pipeline.H).toEqual({ prospects: 2, cars: 2 });
  expect(res.body.whatIf).toEqual({ rates: { O: 0, A: 0, C: 0 }, addProspects: { H: 2 } });
  expect(await rowCounts(env.db, [env.dealer1.id])).toEqual(counts);
});

it('refuses bad input with the field at fault, and reads only what the caller may', async () => {
  const bad = await get('/api/forecast/dealer?asOf=2026-02-30', 'ka_manager');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('asOf');
  const future = await get('/api/forecast/dealer?asOf=2099-01-01', 'ka_manager');
  expect(future.status).toBe(400);
  expect(JSON.stringify(future.body)).toContain('asOf');
  const w = await env.http
    .post('/api/forecast/what-if')
    .set(env.auth('sales_director'))
    .send({ rates: { H: 1.5 }, addProspects: { A: -1 } });
  expect(w.status).toBe(400);
  expect(JSON.stringify(w.body)).toContain('rates.H');
  expect(JSON.stringify(w.body)).toContain('addProspects.A');
  expect((await get('/api/forecast/models/NOPE', 'ka_manager')).status).toBe(404);
  // a consultant reads their own line only; not the dealer's
  expect((await get(`/api/forecast/consultants/${env.users.consultant.id}`, 'consultant_b')).status).toBe(403);
  expect((await get('/api/forecast/dealer', 'consultant')).status).toBe(403);
  expect((await env.http.post('/api/forecast/what-if').set(env.auth('consultant')).send({})).status).toBe(403);
  // another dealer's consultant is a 404 for a manager
  expect((await get(`/api/forecast/consultants/${env.users.consultant2.id}`, 'ka_manager')).status).toBe(404);
  // the region reads its dealer, not another region's
  const region = (id: string) =>
    env.http.get(`/api/region/dealers/${id}/forecast?asOf=${AS_OF}`).set({ Authorization: `Bearer ${regionToken}` });
  const own = await region(env.dealer1.id);
  expect(own.status).toBe(200);
  expect(own.body.month.orders.booked).toBe(4);
  expect((await region(env.dealer2.id)).status).toBe(404);
  expect((await get(`/api/region/dealers/${env.dealer1.id}/forecast`, 'gm')).status).toBe(403);
});
