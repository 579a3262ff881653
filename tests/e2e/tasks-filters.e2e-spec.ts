// GET /api/tasks filters, pages and counts in the API: kind, overdue, dueToday, q, order, page,
// pageSize and total, checked against rows counted by SQL written here; a task's history; the web
// app served at / with index.html for page routes while /api stays JSON.
import { randomUUID } from 'node:crypto';
import { TaskEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const HOUR = 3_600_000;
async function insertTask(o: {
  kind: string;
  title: string;
  role?: string;
  userId?: string;
  dueIn: number;
  status?: string;
}) {
  const now = Date.now();
  const id = randomUUID();
  await env.db.getRepository(TaskEntity).insert({
    id,
    dealerId: env.dealer1.id,
    kind: o.kind,
    title: o.title,
    status: o.status ?? 'open',
    assigneeUserId: o.userId ?? null,
    assigneeRole: o.role ?? null,
    chain: 'default',
    escalationLevel: 0,
    dueAt: new Date(now + o.dueIn),
    originalDueAt: new Date(now + o.dueIn),
    remindAt: new Date(now),
    dueRule: 'P1D',
    subjectType: 'prospect',
    subjectId: randomUUID(),
    payload: {},
    workflowId: `test:${id}`,
    createdAt: new Date(now - HOUR),
  });
  return id;
}

it('filters, pages and counts in SQL, for the caller and their role only', async () => {
  const uid = env.users.ka_manager.id;
  const ids = {
    overdueMine: await insertTask({
      kind: 'overdue_followup',
      title: '逾期跟进 甲 100%_x',
      userId: uid,
      dueIn: -2 * HOUR,
    }),
    lostRole: await insertTask({
      kind: 'lost_analysis',
      title: '战败分析 乙',
      role: 'ka_manager',
      dueIn: 30 * 24 * HOUR,
    }),
    draftRole: await insertTask({ kind: 'plan_draft', title: '编制 丙', role: 'ka_manager', dueIn: 5 * 24 * HOUR }),
    doneRole: await insertTask({
      kind: 'lost_analysis',
      title: '战败分析 丁',
      role: 'ka_manager',
      dueIn: HOUR,
      status: 'done',
    }),
    others: await insertTask({ kind: 'callback', title: '客服回访 戊', role: 'cs_agent', dueIn: -HOUR }),
  };
  const get = (q: string) => env.http.get(`/api/tasks${q}`).set(env.auth('ka_manager'));
  // expected rows, counted apart from the service: open tasks of ka_manager or the ka_manager role in dealer 1
  const [{ n }] = await env.db.query(
    `SELECT count(*)::int AS n FROM task WHERE "dealerId" = $1 AND status = 'open' AND ("assigneeUserId" = $2
      OR "assigneeRole" = 'ka_manager')`,
    [env.dealer1.id, uid],
  );
  const all = await get('');
  expect(all.status).toBe(200);
  expect(all.body.total).toBe(n);
  expect(all.body.items.map((t: { id: string }) => t.id)).not.toContain(ids.others);
  expect(all.body.items.map((t: { id: string }) => t.id)).not.toContain(ids.doneRole);

  const lost = await get('?kind=lost_analysis');
  expect(lost.body.items.map((t: { id: string }) => t.id)).toEqual([ids.lostRole]);
  expect(lost.body.total).toBe(1);
  const two = await get('?kind=lost_analysis,overdue_followup');
  expect(two.body.items.map((t: { id: string }) => t.id)).toEqual([ids.overdueMine, ids.lostRole]); // by due time
  expect(
    (await get('?kind=lost_analysis,overdue_followup&order=desc')).body.items.map((t: { id: string }) => t.id),
  ).toEqual([ids.lostRole, ids.overdueMine]);
  const overdue = await get('?overdue=true');
  expect(overdue.body.items.map((t: { id: string }) => t.id)).toEqual([ids.overdueMine]);
  // q is a text search of the title: % and _ are literal characters
  expect((await get(`?q=${encodeURIComponent('100%_x')}`)).body.items.map((t: { id: string }) => t.id)).toEqual([
    ids.overdueMine,
  ]);
  expect((await get(`?q=${encodeURIComponent('100%_y')}`)).body.total).toBe(0);
  const done = await get('?status=done&kind=lost_analysis');
  expect(done.body.items.map((t: { id: string }) => t.id)).toEqual([ids.doneRole]);

  const p1 = await get('?pageSize=2&page=1');
  const p2 = await get('?pageSize=2&page=2');
  expect(p1.body).toMatchObject({ total: n, page: 1, pageSize: 2 });
  expect(p1.body.items).toHaveLength(Math.min(2, n));
  expect(p2.body.items.map((t: { id: string }) => t.id)).not.toContain(p1.body.items[0].id);
  expect([...p1.body.items, ...p2.body.items].map((t: { id: string }) => t.id)).toEqual(
    all.body.items.slice(0, 4).map((t: { id: string }) => t.id),
  );

  for (const [q, field] of [
    ['?kind=teleport', 'kind'],
    ['?overdue=maybe', 'overdue'],
    ['?pageSize=501', 'pageSize'],
    ['?page=0', 'page'],
    ['?status=later', 'status'],
    ['?order=up', 'order'],
  ]) {
    const res = await get(q);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
  }
});

it('gives a task its history: created, escalated, decided, with who decided', async () => {
  const id = await insertTask({
    kind: 'lost_analysis',
    title: '战败分析 历史',
    role: 'ka_manager',
    dueIn: HOUR,
    status: 'done',
  });
  await env.db.query(
    `INSERT INTO audit_log ("dealerId", "actorUserId", action, "entityType", "entityId", detail, at) VALUES
     ($1, NULL, 'task.escalated', 'task', $2, '{"to":"sales_director","level":1}', now() - interval '30 minutes'),
     ($1, $3, 'task.decided', 'task', $2, '{"decision":"done","comment":"ok"}', now())`,
    [env.dealer1.id, id, env.users.ka_manager.id],
  );
  const res = await env.http.get(`/api/tasks/${id}/history`).set(env.auth('ka_manager'));
  expect(res.status).toBe(200);
  expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['created', 'escalated', 'decided']);
  expect(res.body.items[1].detail).toEqual({ to: 'sales_director', level: 1 });
  expect(res.body.items[2]).toMatchObject({
    by: { id: env.users.ka_manager.id, displayName: env.users.ka_manager.displayName },
    detail: { decision: 'done' },
  });
  expect((await env.http.get(`/api/tasks/${id}/history`).set(env.auth('ka_manager2'))).status).toBe(404);
});

it("names the people of my dealer only, and my dealer's time zone", async () => {
  const res = await env.http.get('/api/users').set(env.auth('consultant'));
  expect(res.status).toBe(200);
  const ids = res.body.items.map((u: { id: string }) => u.id);
  expect(ids).toContain(env.users.gm.id);
  expect(ids).not.toContain(env.users.gm2.id);
  expect(Object.keys(res.body.items[0]).sort()).toEqual(['displayName', 'id', 'roles']);
  expect((await env.http.get('/api/me').set(env.auth('consultant'))).body.timezone).toBe('Asia/Shanghai');
});

it('serves the web app at / and its page routes, while /api stays JSON', async () => {
  const index = await env.http.get('/');
  expect(index.status).toBe(200);
  expect(index.headers['content-type']).toMatch(/text\/html/);
  expect(index.text).toContain('<div id="root">');
  const page = await env.http.get(`/tasks/${randomUUID()}`);
  expect(page.status).toBe(200);
  expect(page.text).toBe(index.text);
  expect((await env.http.get('/prospects?grade=A')).text).toBe(index.text);
  const api = await env.http.get('/api/no-such-thing').set(env.auth('consultant'));
  expect(api.status).toBe(404);
  expect(api.headers['content-type']).toMatch(/json/);
  expect((await env.http.get('/assets/no-such-file.js')).status).toBe(404);
});
