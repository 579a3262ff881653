// The key-account manager's, the director's / GM's and the region's homes (`GET /api/home/dealer`,
// `GET /api/region/home`) on a small hand-made fixture: every figure is checked against values worked out by hand
// below and against SQL written here, apart from the code under test.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { DealerEntity, PlanEntity, ProspectEntity, RegionEntity, TaskEntity, UserEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { PASSWORD, runId, type DealerFixture } from '../support/fixtures';
import { insertGradedProspect } from '../support/base-fixtures';
import { insertCatalogue, insertOrder } from '../support/planning-fixtures';

let env: E2E;
let d1: DealerFixture;
let d2: DealerFixture;
let regionToken: string;
let otherRegionToken: string;
// Wednesday 18 March 2026, 12:00 in Shanghai (the fixtures' time zone)
const NOW = '2026-03-18T04:00:00Z';
const MONTH = '2026-03';

function fixture(suffix: string, dealer: DealerEntity): DealerFixture {
  const users = Object.fromEntries(
    Object.entries(env.users)
      .filter(([k]) => (suffix ? k.endsWith(suffix) : !/\d$/.test(k)))
      .map(([k, u]) => [suffix ? k.slice(0, -suffix.length) : k, u]),
  );
  return { dealer, users };
}

async function plan(dealerId: string, kind: string, period: string, version: number, status: string, result: object) {
  await env.db.getRepository(PlanEntity).insert({
    dealerId,
    kind: kind as any,
    period,
    version,
    status: status as any,
    input: {},
    result: result as any,
  });
}

async function task(
  dealerId: string,
  o: { kind: string; due: string; role?: string; userId?: string; level?: number; status?: string },
) {
  const id = randomUUID();
  await env.db.getRepository(TaskEntity).insert({
    id,
    dealerId,
    kind: o.kind,
    title: `${o.kind} ${id.slice(0, 4)}`,
    status: o.status ?? 'open',
    assigneeUserId: o.userId ?? null,
    assigneeRole: o.role ?? null,
    chain: 'default',
    escalationLevel: o.level ?? 0,
    dueAt: new Date(o.due),
    originalDueAt: new Date(o.due),
    remindAt: new Date(o.due),
    dueRule: 'P1D',
    subjectType: 'plan',
    subjectId: randomUUID(),
    payload: {},
    workflowId: `test:${id}`,
    createdAt: new Date('2026-03-01T00:00:00Z'),
  });
  return id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await startE2E();
  d1 = fixture('', env.dealer1);
  d2 = fixture('2', env.dealer2);
  env.clock.pin(NOW);
  await insertCatalogue(env.db, d1, ['A6L']);
  // sales: January 3 ordered, 2 delivered (submitted in February); March 2 + 4 ordered, 1 delivered and submitted
  await insertOrder(env.db, d1, {
    quantity: 3,
    orderDate: '2026-01-10',
    deliveries: [{ quantity: 2, date: '2026-01-20', submitted: '2026-02-05' }],
  });
  await insertOrder(env.db, d1, {
    quantity: 2,
    orderDate: '2026-03-05',
    deliveries: [{ quantity: 1, date: '2026-03-10', submitted: '2026-03-12' }],
  });
  await insertOrder(env.db, d1, { consultant: 'consultant_b', quantity: 4, orderDate: '2026-03-08' });
  // another dealer's sales and prospects never show
  await insertOrder(env.db, d2, { quantity: 7, orderDate: '2026-03-02' });
  await insertGradedProspect(env.db, d2, {
    owner: 'consultant',
    model: 'A6L',
    grades: [['H', '2026-03-03T02:00:00Z']],
  });

  // plans: the annual plan's seasonal line (month i: i of each), rolling targets (the latest approved version
  // counts, a draft never), the decomposition's personal lines
  const months = Array.from({ length: 12 }, (_, i) => ({
    month: `2026-${String(i + 1).padStart(2, '0')}`,
    orders: i + 1,
    aak: i + 1,
    submissions: i + 1,
  }));
  await plan(d1.dealer.id, 'annual', '2026', 1, 'approved', { months });
  await plan(d1.dealer.id, 'rolling', '2026-02', 1, 'approved', { next: { orders: 2, aak: 1, submissions: 3 } });
  await plan(d1.dealer.id, 'rolling', MONTH, 1, 'superseded', { next: { orders: 8, aak: 5, submissions: 4 } });
  await plan(d1.dealer.id, 'rolling', MONTH, 2, 'approved', { next: { orders: 9, aak: 6, submissions: 5 } });
  await plan(d1.dealer.id, 'rolling', MONTH, 3, 'draft', { next: { orders: 99, aak: 99, submissions: 99 } });
  await plan(d1.dealer.id, 'decomposition', MONTH, 1, 'approved', {
    byConsultant: [
      { consultantId: d1.users.consultant.id, orders: 5, aak: 3, submissions: 2 },
      { consultantId: d1.users.consultant_b.id, orders: 4, aak: 3, submissions: 3 },
    ],
  });

  // prospects and their grade history
  const p1 = await insertGradedProspect(env.db, d1, {
    owner: 'consultant',
    model: 'A6L',
    grades: [
      ['C', '2026-01-05T02:00:00Z'],
      ['B', '2026-03-02T02:00:00Z'],
      ['A', '2026-03-10T02:00:00Z'],
    ],
  });
  const p2 = await insertGradedProspect(env.db, d1, {
    owner: 'consultant',
    model: 'A6L',
    grades: [['H', '2026-02-01T02:00:00Z']],
  });
  const p3 = await insertGradedProspect(env.db, d1, {
    owner: 'consultant_b',
    model: 'A6L',
    grades: [
      ['B', '2026-02-10T02:00:00Z'],
      ['C', '2026-03-05T02:00:00Z'],
    ],
  });
  // A → O at 00:30 on 1 March in Shanghai (still February in UTC): a March move at the dealer
  const p4 = await insertGradedProspect(env.db, d1, {
    owner: 'consultant_b',
    model: 'A6L',
    grades: [
      ['A', '2026-02-20T02:00:00Z'],
      ['O', '2026-02-28T16:30:00Z'],
    ],
  });
  // B → A at 23:30 on 28 February in Shanghai: a February move
  const p5 = await insertGradedProspect(env.db, d1, {
    owner: 'consultant',
    model: 'A6L',
    grades: [
      ['B', '2026-02-10T02:00:00Z'],
      ['A', '2026-02-28T15:30:00Z'],
      ['W', '2026-03-15T02:00:00Z'],
    ],
  });
  const prospects = env.db.getRepository(ProspectEntity);
  await prospects.update({ id: p2.id }, { hot: true, nextFollowUpDue: new Date('2026-03-17T01:00:00Z') });
  await prospects.update({ id: p3.id }, { nextFollowUpDue: new Date('2026-03-19T01:00:00Z') });
  await prospects.update({ id: p4.id }, { hot: true });
  await prospects.update({ id: p1.id }, { nextFollowUpDue: new Date('2026-03-18T03:59:00Z') });
  Object.assign(ids, { p1: p1.id, p2: p2.id, p3: p3.id, p4: p4.id, p5: p5.id });

  // tasks
  ids.draft = await task(d1.dealer.id, { kind: 'plan_draft', role: 'ka_manager', due: '2026-03-17T09:00:00Z' });
  ids.weekly = await task(d1.dealer.id, {
    kind: 'weekly_review',
    userId: d1.users.ka_manager.id,
    due: '2026-03-19T02:00:00Z',
    level: 1,
  });
  ids.rect = await task(d1.dealer.id, {
    kind: 'rectification',
    userId: d1.users.consultant.id,
    due: '2026-03-19T10:00:00Z',
  });
  ids.review = await task(d1.dealer.id, { kind: 'plan_review', role: 'sales_director', due: '2026-03-25T09:00:00Z' });
  await task(d1.dealer.id, { kind: 'plan_draft', role: 'ka_manager', due: '2026-03-10T09:00:00Z', status: 'done' });
  await task(d2.dealer.id, { kind: 'plan_draft', role: 'ka_manager', due: '2026-03-18T09:00:00Z' });

  // a region of the two dealers, and another region
  const tag = runId();
  const regions = env.db.getRepository(RegionEntity);
  const [west, east] = [
    await regions.save({ code: `hw-${tag}`, name: '西部区' }),
    await regions.save({ code: `he-${tag}`, name: '东部区' }),
  ];
  await env.db.getRepository(DealerEntity).update({ id: d1.dealer.id }, { regionId: west.id });
  await env.db.getRepository(DealerEntity).update({ id: d2.dealer.id }, { regionId: west.id });
  const pw = await hash(PASSWORD);
  const tokens: string[] = [];
  for (const r of [west, east]) {
    const username = `rm-${r.code}`;
    await env.db.getRepository(UserEntity).save({
      dealerId: null,
      regionId: r.id,
      username,
      displayName: `区域经理 ${r.code}`,
      email: `${username}@test.local`,
      passwordHash: pw,
      roles: ['region_manager'],
      active: true,
    });
    const res = await env.http.post('/api/auth/login').send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    tokens.push(res.body.accessToken);
  }
  [regionToken, otherRegionToken] = tokens;
});
afterAll(async () => {
  await env?.stop();
});

const home = (who: string, month = '') =>
  env.http.get(`/api/home/dealer${month ? `?month=${month}` : ''}`).set(env.auth(who));

/** The month's orders / AAK / submissions of a dealer, written apart from the code under test. */
async function actualsBySql(dealerId: string, month: string) {
  const [row] = await env.db.query(
    `SELECT (SELECT COALESCE(SUM(quantity), 0) FROM sales_order WHERE "dealerId" = $1 AND "cancelledAt" IS NULL
               AND to_char("orderDate", 'YYYY-MM') = $2)::int AS orders,
            (SELECT COALESCE(SUM(quantity), 0) FROM delivery WHERE "dealerId" = $1
               AND to_char("deliveryDate", 'YYYY-MM') = $2)::int AS aak,
            (SELECT COALESCE(SUM(quantity), 0) FROM system_submission WHERE "dealerId" = $1
               AND to_char("submittedDate", 'YYYY-MM') = $2)::int AS submissions`,
    [dealerId, month],
  );
  return row;
}

/** Prospects by grade and the month's moves, counted at the dealer's wall clock (Asia/Shanghai). */
async function funnelBySql(dealerId: string, month: string) {
  const grades = await env.db.query(`SELECT grade, count(*)::int AS n FROM prospect WHERE "dealerId" = $1 GROUP BY 1`, [
    dealerId,
  ]);
  const moves = await env.db.query(
    `SELECT "fromGrade" AS "from", "toGrade" AS "to", count(*)::int AS count FROM grade_change
      WHERE "dealerId" = $1 AND "fromGrade" IS NOT NULL
        AND to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = $2 GROUP BY 1, 2`,
    [dealerId, month],
  );
  return { grades: Object.fromEntries(grades.map((g: any) => [g.grade, g.n])), moves };
}

it("gives the manager the month at a glance: targets, actuals and the annual plan's seasonal line", async () => {
  const res = await home('ka_manager');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ view: 'manager', month: MONTH, today: '2026-03-18', timezone: 'Asia/Shanghai' });
  expect(res.body.year).toHaveLength(12);
  // by hand
  expect(res.body.current).toEqual({
    month: MONTH,
    target: { orders: 9, aak: 6, submissions: 5 },
    actual: { orders: 6, aak: 1, submissions: 1 },
    seasonal: { orders: 3, aak: 3, submissions: 3 },
  });
  expect(res.body.year[0]).toEqual({
    month: '2026-01',
    target: null,
    actual: { orders: 3, aak: 2, submissions: 0 },
    seasonal: { orders: 1, aak: 1, submissions: 1 },
  });
  expect(res.body.year[1].actual).toEqual({ orders: 0, aak: 0, submissions: 2 });
  expect(res.body.year[1].target).toEqual({ orders: 2, aak: 1, submissions: 3 });
  // months not begun have no actual
  expect(res.body.year[3]).toEqual({
    month: '2026-04',
    target: null,
    actual: null,
    seasonal: { orders: 4, aak: 4, submissions: 4 },
  });
  // and by SQL, every month so far
  for (const m of res.body.year.slice(0, 3)) expect(m.actual).toEqual(await actualsBySql(d1.dealer.id, m.month));
  expect(res.body.accuracy).toBeNull();
  expect(res.body.scorecards).toBeNull();
});

it('counts the grade funnel and the month moves at the dealer, apart from other dealers', async () => {
  const res = await home('ka_manager');
  const byGrade = Object.fromEntries(res.body.funnel.byGrade.map((g: any) => [g.grade, g.count]));
  // by hand: p1 A, p2 H, p3 C, p4 O, p5 W
  expect(byGrade).toEqual({ O: 1, H: 1, A: 1, B: 0, C: 1, W: 1, D: 0, F: 0 });
  // March at the dealer: C→B, B→A (p1), B→C (p3), A→O (p4, 00:30 on 1 March), A→W (p5); p5's B→A is February's
  expect(res.body.funnel.moves).toEqual([
    { from: 'A', to: 'O', count: 1 },
    { from: 'A', to: 'W', count: 1 },
    { from: 'B', to: 'A', count: 1 },
    { from: 'B', to: 'C', count: 1 },
    { from: 'C', to: 'B', count: 1 },
  ]);
  const sql = await funnelBySql(d1.dealer.id, MONTH);
  for (const g of res.body.funnel.byGrade) expect(g.count).toBe(sql.grades[g.grade] ?? 0);
  const key = (m: any) => `${m.from}${m.to}:${m.count}`;
  expect(res.body.funnel.moves.map(key).sort()).toEqual(sql.moves.map(key).sort());
  const feb = await home('ka_manager', '2026-02');
  expect(feb.body.funnel.moves).toEqual([{ from: 'B', to: 'A', count: 1 }]);

  const other = await home('ka_manager2');
  expect(other.status).toBe(200);
  expect(other.body.funnel.byGrade.find((g: any) => g.grade === 'H').count).toBe(1);
  expect(other.body.funnel.byGrade.reduce((s: number, g: any) => s + g.count, 0)).toBe(1);
  expect(other.body.current.actual).toEqual({ orders: 7, aak: 0, submissions: 0 });
  expect(other.body.team.map((t: any) => t.userId)).not.toContain(d1.users.consultant.id);
});

it('lists the team: personal targets, actuals, overdue follow-ups, hot customers, open tasks', async () => {
  const res = await home('ka_manager');
  const row = (name: string) => res.body.team.find((t: any) => t.userId === d1.users[name].id);
  expect(res.body.team).toHaveLength(2);
  // p2 is overdue since 17 March; p1 fell due a minute before now; p3 is due tomorrow
  expect(row('consultant')).toEqual({
    userId: d1.users.consultant.id,
    displayName: d1.users.consultant.displayName,
    target: { orders: 5, aak: 3, submissions: 2 },
    actual: { orders: 2, aak: 1, submissions: 1 },
    overdueFollowUps: 2,
    hotCustomers: 1,
    openTasks: 1,
  });
  expect(row('consultant_b')).toEqual({
    userId: d1.users.consultant_b.id,
    displayName: d1.users.consultant_b.displayName,
    target: { orders: 4, aak: 3, submissions: 3 },
    actual: { orders: 4, aak: 0, submissions: 0 },
    overdueFollowUps: 0,
    hotCustomers: 1,
    openTasks: 0,
  });
  // the figures open the records behind them: the prospects list filtered the same way shows as many
  const overdue = await env.http
    .get(`/api/prospects?ownerId=${d1.users.consultant.id}&overdue=true`)
    .set(env.auth('ka_manager'));
  expect(overdue.body.items.map((p: any) => p.id).sort()).toEqual([ids.p1, ids.p2].sort());
  const hot = await env.http
    .get(`/api/prospects?ownerId=${d1.users.consultant_b.id}&hot=true`)
    .set(env.auth('ka_manager'));
  expect(hot.body.items.map((p: any) => p.id)).toEqual([ids.p4]);
});

it("counts the manager's open tasks by kind and lists the next deadlines", async () => {
  const res = await home('ka_manager');
  expect(res.body.tasksByKind).toEqual([
    { kind: 'plan_draft', open: 1, overdue: 1, escalated: 0 },
    { kind: 'weekly_review', open: 1, overdue: 0, escalated: 1 },
  ]);
  // the inbox filtered by kind and overdue lists the same tasks
  const inbox = await env.http.get('/api/tasks?status=open&kind=plan_draft&overdue=true').set(env.auth('ka_manager'));
  expect(inbox.body.items.map((t: any) => t.id)).toEqual([ids.draft]);
  // the last five working days of March 2026; the next first working day of a week after Wednesday 18th
  expect(res.body.deadlines.monthEndWindow).toEqual([
    '2026-03-25',
    '2026-03-26',
    '2026-03-27',
    '2026-03-30',
    '2026-03-31',
  ]);
  expect(res.body.deadlines.weeklyReview).toBe('2026-03-23');
  // due in the next 48 hours, anyone's, soonest first
  expect(res.body.deadlines.escalations.map((t: any) => t.id)).toEqual([ids.weekly, ids.rect]);
  expect(res.body.deadlines.escalations[1].assignee).toBe(d1.users.consultant.displayName);
  expect(res.body.pending.map((t: any) => t.id)).toEqual([ids.draft, ids.weekly]);
});

it("puts first what waits for the director's decision, with plan accuracy and scorecard totals", async () => {
  const res = await home('sales_director');
  expect(res.status).toBe(200);
  expect(res.body.view).toBe('director');
  expect(res.body.pending.map((t: any) => t.id)).toEqual([ids.review]);
  expect(res.body.pending[0]).toMatchObject({ kind: 'plan_review', dueAt: '2026-03-25T09:00:00.000Z' });
  expect(res.body.accuracy.map((a: any) => a.month)).toEqual([
    '2025-09',
    '2025-10',
    '2025-11',
    '2025-12',
    '2026-01',
    '2026-02',
  ]);
  // February: target 2 / 1 / 3 against 0 / 0 / 2 (the plan-accuracy report's reading)
  expect(res.body.accuracy[5].totals).toEqual({
    orders: { target: 2, actual: 0, deviation: -2, pct: -1 },
    aak: { target: 1, actual: 0, deviation: -1, pct: -1 },
    submissions: { target: 3, actual: 2, deviation: -1, pct: -0.3333 },
  });
  expect(res.body.accuracy[4].totals).toBeNull();
  const report = await env.http
    .get('/api/reports/plan-accuracy?from=2026-02&to=2026-02')
    .set(env.auth('sales_director'));
  expect(report.status).toBe(200);
  expect(report.body.months[0].totals).toEqual(res.body.accuracy[5].totals);
  // the scorecards' own totals, person by person
  const cards = await env.http.get(`/api/reports/scorecards?month=${MONTH}`).set(env.auth('sales_director'));
  expect(res.body.scorecards.map((c: any) => [c.userId, c.role, c.total])).toEqual(
    cards.body.items.map((c: any) => [c.userId, c.role, c.total]),
  );
  expect(res.body.scorecards.length).toBeGreaterThan(0);
  // the GM too
  expect((await home('gm')).body.view).toBe('director');
});

it('refuses consultants, customer service and the region tier; bad months are a 400 naming the field', async () => {
  for (const who of ['consultant', 'cs_agent', 'cs_manager']) expect((await home(who)).status).toBe(403);
  const region = await env.http.get('/api/home/dealer').set({ Authorization: `Bearer ${regionToken}` });
  expect(region.status).toBe(403);
  for (const bad of ['2026-13', 'march', '2026-3', '1999-01']) {
    const res = await home('ka_manager', encodeURIComponent(bad));
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: any) => d.field)).toContain('month');
  }
  expect((await env.http.get('/api/home/dealer')).status).toBe(401);
});

it("shows the region's dealers side by side: the month's target against actual and each funnel", async () => {
  const res = await env.http.get(`/api/region/home?month=${MONTH}`).set({ Authorization: `Bearer ${regionToken}` });
  expect(res.status).toBe(200);
  expect(res.body.region.name).toBe('西部区');
  const one = res.body.dealers.find((d: any) => d.id === d1.dealer.id);
  const two = res.body.dealers.find((d: any) => d.id === d2.dealer.id);
  expect(res.body.dealers).toHaveLength(2);
  expect(one.target).toEqual({ orders: 9, aak: 6, submissions: 5 });
  expect(one.actual).toEqual(await actualsBySql(d1.dealer.id, MONTH));
  expect(two).toMatchObject({ target: null, actual: { orders: 7, aak: 0, submissions: 0 } });
  const dealerHome = (await home('ka_manager')).body;
  expect(one.funnel).toEqual(dealerHome.funnel);
  expect(two.funnel.moves).toEqual([]);
  // another region sees none of them; a dealer user never reaches the region route
  const east = await env.http
    .get(`/api/region/home?month=${MONTH}`)
    .set({ Authorization: `Bearer ${otherRegionToken}` });
  expect(east.body.dealers).toEqual([]);
  expect((await env.http.get(`/api/region/home?month=${MONTH}`).set(env.auth('ka_manager'))).status).toBe(403);
  const bad = await env.http.get('/api/region/home?month=2026-00').set({ Authorization: `Bearer ${regionToken}` });
  expect(bad.status).toBe(400);
});
