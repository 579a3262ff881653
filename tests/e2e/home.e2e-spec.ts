// GET /api/home/consultant and /api/home/service: each home against figures worked out by hand from the rows
// this test writes (and, for the agenda and the month, against SQL written here apart from the API's), and who
// may read whose home. The clock is pinned to 10:00 today at the dealer (Asia/Shanghai).
import { randomUUID } from 'node:crypto';
import { addCalendarDays, localDate, zonedInstant } from '@kaflow/calendar';
import { startE2E, type E2E } from '../support/e2e';
import { insertProspect } from '../support/fixtures';

let env: E2E;
const TZ = 'Asia/Shanghai';
const today = localDate(new Date(), TZ);
const month = today.slice(0, 7);
const tomorrow = addCalendarDays(today, 1);
const yesterday = addCalendarDays(today, -1);
const at = (date: string, time: string) => zonedInstant(date, time, TZ);
const T = at(today, '10:00');
const monthStart = at(`${month}-01`, '00:00');
const hour = 3_600_000;
const ids: Record<string, string> = {};

beforeAll(async () => {
  env = await startE2E();
  env.clock.pin(T);
  await seed();
});
afterAll(async () => {
  env?.clock.unpin();
  await env?.stop();
});

async function prospect(
  key: string,
  o: { owner?: string; grade: string; due?: Date; hot?: boolean; dealer2?: boolean },
): Promise<string> {
  const f = o.dealer2
    ? { dealer: env.dealer2, users: { consultant: env.users.consultant2 } }
    : { dealer: env.dealer1, users: env.users };
  const p = await insertProspect(env.db, f, {
    owner: o.dealer2 ? 'consultant' : o.owner,
    grade: o.grade,
    at: new Date(monthStart.getTime() - 48 * hour),
    name: `Home ${key}`,
  });
  await env.db.query('UPDATE prospect SET "nextFollowUpDue" = $2, hot = $3 WHERE id = $1', [
    p.id,
    o.due ?? null,
    o.hot ?? false,
  ]);
  ids[key] = p.id;
  return p.id;
}

async function task(
  key: string,
  o: { kind: string; user?: string; role?: string; due: Date; status?: string; subject?: string; dealer2?: boolean },
) {
  const id = randomUUID();
  await env.db.query(
    `INSERT INTO task (id, "dealerId", kind, title, status, "assigneeUserId", "assigneeRole", chain, "escalationLevel",
       "dueAt", "originalDueAt", "remindAt", "dueRule", "subjectType", "subjectId", payload, "workflowId", "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'default', 0, $8, $8, $8, '"P1D"', 'prospect', $9, '{}', $10, $11)`,
    [
      id,
      (o.dealer2 ? env.dealer2 : env.dealer1).id,
      o.kind,
      `Task ${key}`,
      o.status ?? 'open',
      o.user ? env.users[o.user].id : null,
      o.role ?? null,
      o.due,
      o.subject ?? randomUUID(),
      `test:${id}`,
      new Date(T.getTime() - 24 * hour),
    ],
  );
  ids[key] = id;
}

async function seed() {
  const d1 = env.dealer1.id;
  const me = env.users.consultant.id;
  // the agenda: overdue since yesterday, overdue since 09:00, due at 17:00; not tomorrow's, not a colleague's
  await prospect('p1', { grade: 'A', due: at(yesterday, '17:00'), hot: true });
  await prospect('p2', { grade: 'B', due: at(today, '09:00') });
  await prospect('p3', { grade: 'C', due: at(today, '17:00') });
  await prospect('p4', { grade: 'H', due: at(tomorrow, '17:00') });
  await prospect('p5', { grade: 'W' });
  await prospect('p6', { grade: 'A', due: at(today, '11:00'), owner: 'consultant_b' });
  await prospect('p7', { grade: 'H', due: at(tomorrow, '12:00'), hot: true });
  await prospect('p8', { grade: 'O' });
  await prospect('p9', { grade: 'O' });
  // due by the end of today, as the follow-up schedule stores it: the first instant of tomorrow
  await prospect('p10', { grade: 'B', due: at(tomorrow, '00:00') });
  await prospect('x1', { grade: 'A', due: at(today, '12:00'), hot: true, dealer2: true });
  // p8 delivered: out of the pipeline
  await env.db.query(
    `INSERT INTO conversion_state ("prospectId", "dealerId", "workflowId", status, "deliveredAt", "endedAt",
       "startedAt", "updatedAt") VALUES ($1, $2, 'test', 'delivered', $3, $3, $3, $3)`,
    [ids.p8, d1, new Date(T.getTime() - 2 * hour)],
  );
  // p7's follow-ups: two this month, one the month before
  for (const t of [monthStart.getTime() - hour, monthStart.getTime() + hour, T.getTime() - hour])
    await env.db.query(
      `INSERT INTO follow_up ("dealerId", "prospectId", "byUserId", channel, content, at)
       VALUES ($1, $2, $3, 'phone', 'test', $4)`,
      [d1, ids.p7, me, new Date(t)],
    );
  // tasks: mine (one overdue), one for every consultant, a colleague's, a done one, another dealer's
  await task('rect', { kind: 'rectification', user: 'consultant', due: new Date(T.getTime() - hour), subject: ids.p2 });
  await task('tc', { kind: 'target_confirmation', user: 'consultant', due: at(tomorrow, '18:00') });
  await task('role', { kind: 'visit_plan', role: 'consultant', due: new Date(T.getTime() + 48 * hour) });
  await task('rectB', { kind: 'rectification', user: 'consultant_b', due: at(tomorrow, '09:00'), subject: ids.p6 });
  await task('done', { kind: 'rectification', user: 'consultant', due: T, status: 'done' });
  // callbacks: overdue, due this afternoon, due tomorrow; another dealer's
  await task('cb1', { kind: 'callback', role: 'cs_agent', due: new Date(T.getTime() - 2 * hour), subject: ids.p1 });
  await task('cb2', { kind: 'callback', role: 'cs_agent', due: at(today, '16:00'), subject: ids.p2 });
  await task('cb3', { kind: 'callback', role: 'cs_agent', due: at(tomorrow, '16:00'), subject: ids.p3 });
  await task('cbX', { kind: 'callback', role: 'cs_agent', due: T, subject: ids.x1, dealer2: true });
  // callback checks done: this month 3 verified and 1 incorrect; one verified last month
  const checks: Array<[string, Date]> = [
    ['verified', new Date(monthStart.getTime() + hour)],
    ['verified', new Date(T.getTime() - hour)],
    ['verified', new Date(T.getTime() - 2 * hour)],
    ['incorrect', new Date(T.getTime() - 3 * hour)],
    ['verified', new Date(monthStart.getTime() - hour)],
  ];
  for (const [outcome, doneAt] of checks)
    await env.db.query(
      `INSERT INTO callback_check ("workflowId", "dealerId", "prospectId", "ownerId", status, outcome, "dueAt",
         "doneAt", "onTime", "createdAt") VALUES ($1, $2, $3, $4, 'done', $5, $6, $6, true, $6)`,
      [`test:${randomUUID()}`, d1, ids.p1, me, outcome, doneAt],
    );
  // visits: one planned today (mine), one tomorrow, a colleague's today
  for (const [who, date, name] of [
    [me, today, 'Home V1'],
    [me, tomorrow, 'Home V2'],
    [env.users.consultant_b.id, today, 'Home V3'],
  ])
    await env.db.query(
      `INSERT INTO visit_plan ("dealerId", "consultantId", month, "accountName", "plannedDate", purpose)
       VALUES ($1, $2, $3, $4, $5, 'test')`,
      [d1, who, date.slice(0, 7), name, date],
    );
  // the month: an approved decomposition with my target of 5 orders; 2 cars ordered, 1 cancelled, 3 last month
  const [plan] = await env.db.query(
    `INSERT INTO plan ("dealerId", kind, period, version, status, input, result)
     VALUES ($1, 'decomposition', $2, 1, 'approved', '{"targets": {"orders": 9}}', '{}') RETURNING id`,
    [d1, month],
  );
  for (const [who, orders] of [
    [me, 5],
    [env.users.consultant_b.id, 4],
  ] as const)
    await env.db.query(
      `INSERT INTO personal_target ("dealerId", month, "planId", "consultantId", targets, status)
       VALUES ($1, $2, $3, $4, $5, 'confirmed')`,
      [d1, month, plan.id, who, { orders }],
    );
  const firstOfMonth = `${month}-01`;
  for (const [qty, date, status] of [
    [2, today, 'open'],
    [1, firstOfMonth, 'cancelled'],
    [3, addCalendarDays(firstOfMonth, -1), 'open'],
  ] as const)
    await env.db.query(
      `INSERT INTO sales_order ("dealerId", "orderNo", "consultantId", "customerType", "developmentType", model,
         quantity, "orderDate", status) VALUES ($1, $2, $3, 'enterprise', 'new', 'A6L', $4, $5, $6)`,
      [d1, `H-${randomUUID().slice(0, 8)}`, me, qty, date, status],
    );
}

const get = (path: string, as: string) => env.http.get(path).set(env.auth(as));
const iso = (d: Date) => d.toISOString();

it("answers the consultant's day as worked out by hand", async () => {
  const res = await get('/api/home/consultant', 'consultant');
  expect(res.status).toBe(200);
  const h = res.body;
  expect(h.consultant).toEqual({ id: env.users.consultant.id, displayName: env.users.consultant.displayName });
  expect([h.today, h.month, h.timezone]).toEqual([today, month, TZ]);
  expect({ dueToday: h.followUps.dueToday, overdue: h.followUps.overdue }).toEqual({ dueToday: 2, overdue: 2 });
  expect(h.followUps.items.map((r: any) => [r.prospectId, r.dueAt, r.overdue, r.account, r.grade, r.hot])).toEqual([
    [ids.p1, iso(at(yesterday, '17:00')), true, 'Home p1', 'A', true],
    [ids.p2, iso(at(today, '09:00')), true, 'Home p2', 'B', false],
    [ids.p3, iso(at(today, '17:00')), false, 'Home p3', 'C', false],
    [ids.p10, iso(at(tomorrow, '00:00')), false, 'Home p10', 'B', false],
  ]);
  expect(h.hot).toEqual({
    target: 4,
    customers: 2,
    behind: 2,
    items: [
      {
        prospectId: ids.p1,
        account: 'Home p1',
        grade: 'A',
        followUps: 0,
        nextFollowUpDue: iso(at(yesterday, '17:00')),
      },
      { prospectId: ids.p7, account: 'Home p7', grade: 'H', followUps: 2, nextFollowUpDue: iso(at(tomorrow, '12:00')) },
    ],
  });
  expect(h.toGrade.count).toBe(1);
  expect(h.toGrade.items.map((r: any) => r.prospectId)).toEqual([ids.p5]);
  expect({ open: h.tasks.open, overdue: h.tasks.overdue }).toEqual({ open: 3, overdue: 1 });
  expect(h.tasks.items.map((t: any) => [t.id, t.kind, t.overdue])).toEqual([
    [ids.rect, 'rectification', true],
    [ids.tc, 'target_confirmation', false],
    [ids.role, 'visit_plan', false],
  ]);
  expect(h.visitsToday.count).toBe(1);
  expect(h.visitsToday.items.map((v: any) => [v.accountName, v.done])).toEqual([['Home V1', false]]);
  expect(h.myMonth).toEqual({ orderTarget: 5, ordersSoFar: 2, pipeline: { H: 2, A: 1, B: 2, C: 1, O: 1 } });
});

it('agrees with SQL written here: the agenda, the month and the inbox count', async () => {
  const me = env.users.consultant.id;
  const d1 = env.dealer1.id;
  const h = (await get('/api/home/consultant', 'consultant')).body;
  const agenda = await env.db.query(
    `SELECT id FROM prospect WHERE "dealerId" = $1 AND "ownerId" = $2 AND "nextFollowUpDue" IS NOT NULL
       AND "nextFollowUpDue" <= ((($4::timestamptz AT TIME ZONE $3)::date + 1)::timestamp AT TIME ZONE $3)
     ORDER BY "nextFollowUpDue", id`,
    [d1, me, TZ, T],
  );
  expect(h.followUps.items.map((r: any) => r.prospectId)).toEqual(agenda.map((r: any) => r.id));
  const [m] = await env.db.query(
    `SELECT (SELECT COALESCE(sum(quantity), 0) FROM sales_order WHERE "consultantId" = $1 AND status <> 'cancelled'
               AND to_char("orderDate", 'YYYY-MM') = $2)::int AS orders,
            (SELECT (targets->>'orders')::int FROM personal_target WHERE "consultantId" = $1 AND month = $2) AS target`,
    [me, month],
  );
  expect([h.myMonth.ordersSoFar, h.myMonth.orderTarget]).toEqual([m.orders, m.target]);
  // the open tasks are the inbox's
  const inbox = await get('/api/tasks?status=open&pageSize=1', 'consultant');
  expect(h.tasks.open).toBe(inbox.body.total);
});

it("answers customer service's day: callbacks due, rectifications open, the month's accuracy", async () => {
  const res = await get('/api/home/service', 'cs_agent');
  expect(res.status).toBe(200);
  const h = res.body;
  expect([h.today, h.month]).toEqual([today, month]);
  expect({ open: h.callbacks.open, dueToday: h.callbacks.dueToday, overdue: h.callbacks.overdue }).toEqual({
    open: 3,
    dueToday: 1,
    overdue: 1,
  });
  expect(h.callbacks.items.map((c: any) => [c.id, c.prospectId, c.overdue])).toEqual([
    [ids.cb1, ids.p1, true],
    [ids.cb2, ids.p2, false],
    [ids.cb3, ids.p3, false],
  ]);
  expect({ open: h.rectifications.open, overdue: h.rectifications.overdue }).toEqual({ open: 2, overdue: 1 });
  expect(h.rectifications.items.map((r: any) => [r.id, r.prospectId, r.assignee])).toEqual([
    [ids.rect, ids.p2, env.users.consultant.displayName],
    [ids.rectB, ids.p6, env.users.consultant_b.displayName],
  ]);
  expect(h.accuracy).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
  // the same figure as the record-keeping report and the scorecard's
  const report = await get(`/api/reports/record-keeping?month=${month}`, 'cs_manager');
  expect(report.body.informationAccuracy).toEqual(h.accuracy);
  expect(report.body.rectifications).toEqual({ open: h.rectifications.open, overdue: h.rectifications.overdue });
  // the manager reads the same home; another dealer's agent sees only their own callback
  expect((await get('/api/home/service', 'cs_manager')).body).toEqual(h);
  const other = (await get('/api/home/service', 'cs_agent2')).body;
  expect([other.callbacks.open, other.rectifications.open, other.accuracy.denominator]).toEqual([1, 0, 0]);
  expect(other.callbacks.items.map((c: any) => c.id)).toEqual([ids.cbX]);
});

it("lets a manager read a consultant's home, and nobody another consultant's or another dealer's", async () => {
  const mine = (await get('/api/home/consultant', 'consultant')).body;
  for (const who of ['ka_manager', 'sales_director', 'gm']) {
    const res = await get(`/api/home/consultant?consultantId=${env.users.consultant.id}`, who);
    expect({ who, status: res.status }).toEqual({ who, status: 200 });
    expect(res.body).toEqual(mine);
  }
  const cases: Array<[string, string, number, string?]> = [
    ['consultant', `?consultantId=${env.users.consultant_b.id}`, 403],
    ['consultant', `?consultantId=${env.users.consultant2.id}`, 404],
    ['ka_manager', `?consultantId=${env.users.consultant2.id}`, 404],
    ['ka_manager', '', 400, 'consultantId'],
    ['ka_manager', `?consultantId=${env.users.cs_agent.id}`, 400, 'consultantId'],
    ['ka_manager', '?consultantId=nope', 400, 'consultantId'],
    ['cs_agent', '', 403],
    ['marketing_director', `?consultantId=${env.users.consultant.id}`, 403],
  ];
  for (const [who, q, status, field] of cases) {
    const res = await get(`/api/home/consultant${q}`, who);
    expect({ who, q, status: res.status }).toEqual({ who, q, status });
    if (field) expect(res.body.details.map((d: any) => d.field)).toEqual([field]);
    expect(JSON.stringify(res.body)).not.toContain(ids.p1);
  }
  for (const who of ['consultant', 'ka_manager', 'gm']) expect((await get('/api/home/service', who)).status).toBe(403);
  // another dealer's consultant sees their own day only
  const other = (await get('/api/home/consultant', 'consultant2')).body;
  expect(other.followUps.items.map((r: any) => r.prospectId)).toEqual([ids.x1]);
  expect(other.hot.items.map((r: any) => r.prospectId)).toEqual([ids.x1]);
});
