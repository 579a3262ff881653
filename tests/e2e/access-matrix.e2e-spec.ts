// Who may do what, for every operation of the OpenAPI document × every role × own dealer / other
// dealer / no token / expired token, held against the one table of expectations below and printed
// as a matrix. A new operation that is missing from the table fails the test until it is declared.
// Leaks: another dealer's record is a 404 (or the role's 403) everywhere, and no answer to a user of
// dealer 1 ever holds an identifier of a dealer-2 row (lists included).
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@kaflow/domain';
import { TaskEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { insertProspect } from '../support/fixtures';
import { fillPath, operationsOf, uuidsIn, type Operation } from '../support/openapi';

/** Roles that pass the role check of each operation ('any': every signed-in user; 'public': no token needed). */
const MAY: Record<string, Role[] | 'any' | 'public'> = {
  'POST /api/auth/login': 'public',
  'GET /api/health': 'public',
  // WeCom: its signature authenticates the callback; the sign-in is how a person without a session gets one
  'GET /api/wecom/callback/{dealerId}': 'public',
  'POST /api/wecom/callback/{dealerId}': 'public',
  'GET /api/wecom/oauth/start': 'public',
  'GET /api/wecom/oauth/return': 'public',
  // the JS-SDK's signatures of a KA Flow page, for anyone signed in (without a url: the 400 past the role check)
  'GET /api/wecom/jssdk/signature': 'any',
  'GET /api/me': 'any',
  'GET /api/calendar/working-days': 'any',
  'GET /api/calendar/month-end-window': 'any',
  'GET /api/tasks': 'any',
  'GET /api/tasks/{id}': 'any',
  'POST /api/tasks/{id}/complete': 'any',
  'POST /api/processes/{process}/trigger': ['ka_manager', 'admin'],
  'GET /api/admin/policy': ['admin'],
  'PUT /api/admin/policy': ['admin'],
  // the national calendar is the system-level role's; a dealer's own closures are its admin's
  'GET /api/calendar/official/{year}': 'any',
  'PUT /api/calendar/official/{year}': ['sysadmin'],
  'GET /api/admin/closures/{year}': ['admin'],
  'PUT /api/admin/closures/{year}': ['admin'],
  'POST /api/prospects': ['consultant', 'ka_manager', 'admin'],
  'GET /api/prospects': 'any',
  'GET /api/prospects/{id}': 'any',
  'PATCH /api/prospects/{id}': ['consultant', 'ka_manager', 'sales_director', 'gm', 'admin'],
  'POST /api/prospects/{id}/follow-ups': 'any',
  'POST /api/visit-plans': ['consultant', 'admin'],
  'GET /api/visit-plans': 'any',
  'POST /api/visits': ['consultant', 'admin'],
  'GET /api/visits': 'any',
  // an admin passes the role check but checks in only on their own visits (a consultant's: 403)
  'POST /api/visits/{id}/check-in': ['consultant'],
  'POST /api/visits/check-in': ['consultant', 'admin'],
  'POST /api/events': ['consultant', 'ka_manager', 'marketing_director', 'sales_director', 'admin'],
  'GET /api/events': 'any',
  'POST /api/events/{id}/held': ['consultant', 'ka_manager', 'marketing_director', 'sales_director', 'gm', 'admin'],
  'POST /api/events/{id}/leads': ['consultant', 'ka_manager', 'marketing_director', 'sales_director', 'admin'],
  'GET /api/reports/record-keeping': 'any',
  'GET /api/reports/conversion': 'any',
  'GET /api/reports/hot-customers': 'any',
  'GET /api/reports/lost-analysis': 'any',
  'POST /api/planning/preview/annual': 'any',
  'POST /api/planning/preview/rolling': 'any',
  'POST /api/planning/preview/decomposition': 'any',
  'POST /api/planning/preview/lead': 'any',
  'POST /api/planning/preview/weekly': 'any',
  'GET /api/plans/{kind}/{period}': 'any',
  'PUT /api/plans/{kind}/{period}': 'any',
  'GET /api/car-models': 'any',
  'POST /api/car-models': ['admin'],
  'PUT /api/car-models/{id}': ['admin'],
  'POST /api/orders': ['consultant', 'ka_manager', 'admin'],
  'GET /api/orders': 'any',
  'GET /api/orders/{id}': 'any',
  'POST /api/orders/{id}/cancel': ['consultant', 'ka_manager', 'admin'],
  'POST /api/deliveries': ['consultant', 'ka_manager', 'admin'],
  'GET /api/deliveries': 'any',
  'POST /api/submissions': ['consultant', 'ka_manager', 'admin'],
  'GET /api/submissions': 'any',
  'GET /api/stock': 'any',
  'PUT /api/stock/{month}': ['ka_manager', 'admin'],
  'GET /api/reports/actuals': 'any',
  'GET /api/progress/weekly': 'any',
  'POST /api/prospects/reassign': ['ka_manager', 'admin'],
  'POST /api/prospects/{id}/delivered': ['consultant', 'ka_manager', 'admin'],
  'GET /api/reports/scorecards': 'any',
  'GET /api/reports/scorecards/{userId}/{kpiKey}': 'any',
  // a consultant's own home; a manager, director or GM names a consultant (without one: a 400, past the role check)
  'GET /api/home/consultant': ['consultant', 'ka_manager', 'sales_director', 'gm', 'admin'],
  'GET /api/home/service': ['cs_manager', 'cs_agent', 'admin'],
  // region-level accounts only (region_manager, no dealer): every dealer role is refused
  'GET /api/region/dealers': [],
  'GET /api/region/scorecards': [],
  'GET /api/region/home': [],
  // the key-account manager's and the director's / GM's home
  'GET /api/home/dealer': ['ka_manager', 'sales_director', 'gm', 'admin'],
  'GET /api/admin/users': ['admin'],
  'POST /api/admin/users': ['admin'],
  'PATCH /api/admin/users/{id}': ['admin'],
  'PATCH /api/me': 'any',
  'GET /api/me/preferences': 'any',
  'GET /api/admin/notifications': ['admin'],
  'PUT /api/admin/notifications': ['admin'],
  'GET /api/tasks/{id}/history': 'any',
  'GET /api/users': 'any',
  'GET /api/plans': 'any',
  'GET /api/reports/sales-capability': 'any',
  'GET /api/reports/plan-accuracy': 'any',
  'GET /api/forms': 'any',
  'GET /api/forms/toolkit.xlsx': 'any',
  'GET /api/forms/{no}': 'any',
  'GET /api/region/forms/{no}': [],
  'GET /api/imports/prospects/template.xlsx': 'any',
  // without a file every role reaches the 415 before the service's own role rule (consultants and managers)
  'POST /api/imports/prospects': 'any',
  'GET /api/imports/users/template.xlsx': ['admin'],
  'POST /api/imports/users': ['admin'],
  'GET /api/imports/{id}': 'any',
  // the forecast: managers read the dealer's and any line; anyone their own consultant line (the path's 'x' is a 404)
  'GET /api/forecast/dealer': ['ka_manager', 'sales_director', 'gm', 'admin'],
  'GET /api/forecast/models/{model}': ['ka_manager', 'sales_director', 'gm', 'admin'],
  'GET /api/forecast/consultants/{userId}': 'any',
  'POST /api/forecast/what-if': ['sales_director', 'gm', 'admin'],
  'GET /api/region/dealers/{dealerId}/forecast': [],
  // substitutes (代理): everyone names their own; the service answers 404 for a row that is not theirs
  'GET /api/substitutes': 'any',
  'POST /api/substitutes': 'any',
  'POST /api/substitutes/{id}/end': 'any',
  'POST /api/tasks/reassign': ['ka_manager', 'admin'],
};

/** Values for path parameters that are not record ids (the same for both dealers). */
const PLAIN_PARAMS: Record<string, string> = {
  process: 'weekly-review',
  year: '2026',
  kind: 'annual',
  period: '2026',
  month: '2026-03',
  no: '5',
  // no dealer's callback: a call without WeCom's signature is refused before any dealer is looked at
  dealerId: '00000000-0000-4000-8000-000000000001',
  model: 'A4L',
};

let e2e: E2E;
let ops: Operation[];
/** Record ids per path prefix, for each dealer: `/api/prospects` → a prospect of that dealer. */
const ids: Record<'own' | 'other', Record<string, string>> = { own: {}, other: {} };
let otherDealerIds: Set<string>;
let expired: string;

async function seed(suffix: '' | '2'): Promise<Record<string, string>> {
  const as = (role: string) => e2e.auth(`${role}${suffix}`);
  const ok = async (res: any) => {
    if (res.status >= 300) throw new Error(`${res.status} ${res.text}`);
    return res.body;
  };
  const model = await ok(
    await e2e.http.post('/api/car-models').set(as('admin')).send({ code: 'A4L', name: '奥迪A4L' }),
  );
  const prospect = await ok(
    await e2e.http
      .post('/api/prospects')
      .set(as('consultant'))
      .send({
        account: { name: `矩阵单位${suffix}`, customerType: 'enterprise' },
        contactName: '王经理',
        contactPhone: '13800138000',
        model: 'A4L',
        quantity: 2,
        grade: 'H',
        channel: 'cold_visit',
        developmentType: 'new',
      }),
  );
  const today = new Date().toISOString().slice(0, 10);
  const event = await ok(
    await e2e.http
      .post('/api/events')
      .set(as('consultant'))
      .send({ kind: 'outreach', name: '论坛', plannedDate: today }),
  );
  const order = await ok(
    await e2e.http
      .post('/api/orders')
      .set(as('consultant'))
      .send({
        customerType: 'enterprise',
        developmentType: 'new',
        model: 'A4L',
        quantity: 1,
        orderDate: `${today.slice(0, 7)}-01`,
      }),
  );
  const shanghai = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // the dealer's today
  const visitPlan = await ok(
    await e2e.http
      .post('/api/visit-plans')
      .set(as('consultant'))
      .send({ month: shanghai.slice(0, 7), items: [{ plannedDate: shanghai, accountName: `矩阵走访${suffix}` }] }),
  );
  const dealerId = e2e[suffix ? 'dealer2' : 'dealer1'].id;
  const task = await eventually(async () => {
    const [t] = await e2e.db.query('SELECT id FROM task WHERE "dealerId" = $1 LIMIT 1', [dealerId]);
    if (!t) throw new Error('no task yet');
    return t.id as string;
  });
  // an import job of the dealer (a finished dry run), as an upload would leave it
  const [job] = await e2e.db.query(
    `INSERT INTO import_job ("dealerId", "userId", kind, "fileName", "dryRun", "skipInvalid", status)
     VALUES ($1, $2, 'prospects', 'list.xlsx', true, false, 'done') RETURNING id`,
    [dealerId, e2e.users[`consultant${suffix}`].id],
  );
  // a substitution of the dealer's consultant (by a second consultant), as the profile page sets it
  const [substitute] = await e2e.db.query(
    `INSERT INTO substitute ("dealerId", "userId", "substituteUserId", "fromDate", "toDate", "createdBy")
     VALUES ($1, $2, $3, $4, $4, $2) RETURNING id`,
    [dealerId, e2e.users[`consultant${suffix}`].id, e2e.users[`consultant_b${suffix}`].id, today],
  );
  return {
    '/api/substitutes': substitute.id as string,
    '/api/imports': job.id as string,
    '/api/car-models': model.id,
    '/api/prospects': prospect.id,
    '/api/events': event.id,
    '/api/visits': visitPlan.items[0].id as string,
    '/api/orders': order.id,
    '/api/tasks': task,
    '/api/admin/users': e2e.users[`consultant${suffix}`].id,
  };
}

/** Every id of a row that belongs to dealer 2 (all tables with a dealer_id), its users and the dealer itself. */
async function idsOfDealer(dealerId: string): Promise<Set<string>> {
  const tables: { t: string }[] = await e2e.db.query(`
    SELECT c.table_name AS t FROM information_schema.columns c
      JOIN information_schema.columns i ON i.table_name = c.table_name AND i.table_schema = c.table_schema
        AND i.column_name = 'id'
     WHERE c.table_schema = 'public' AND c.column_name = 'dealerId'`);
  const out = new Set<string>([dealerId]);
  for (const { t } of tables) {
    for (const r of await e2e.db.query(`SELECT id::text AS id FROM "${t}" WHERE "dealerId" = $1`, [dealerId]))
      out.add(r.id);
  }
  return out;
}

beforeAll(async () => {
  e2e = await startE2E();
  ops = operationsOf(
    (await e2e.http.get('/api/docs-json')).body,
    Object.keys(MAY).filter((k) => MAY[k] === 'public'),
  );
  ids.own = await seed('');
  ids.other = await seed('2');
  otherDealerIds = await idsOfDealer(e2e.dealer2.id);
  const u = e2e.users.consultant;
  expired = await e2e.app
    .get(JwtService, { strict: false })
    .signAsync({ sub: u.id, dealerId: u.dealerId, roles: u.roles }, { expiresIn: -1 });
});
afterAll(async () => {
  await e2e?.stop();
});

function urlOf(op: Operation, side: 'own' | 'other'): string | undefined {
  const prefix = op.path.replace(/\/\{id\}.*$/, '');
  if (op.path.includes('{id}') && !ids[side][prefix])
    throw new Error(`no ${side} record for ${op.path}: add one to seed()`);
  if (!op.path.includes('{id}') && side === 'other') return undefined;
  return fillPath(op.path, { ...PLAIN_PARAMS, id: ids[side][prefix] });
}

async function call(op: Operation, url: string, headers: Record<string, string>) {
  let req = e2e.http[op.method](url).set(headers);
  if (op.method !== 'get') req = req.send({});
  return req.ok(() => true);
}

it("gives every role exactly the access the table declares, and never another dealer's data", async () => {
  const undeclared = ops.map((o) => o.key).filter((k) => !(k in MAY));
  expect(undeclared).toEqual([]);
  const roles = ROLES as readonly Role[];
  const problems: string[] = [];
  const rows: string[] = [];
  for (const op of ops) {
    const may = MAY[op.key];
    const cells: string[] = [];
    const check = (what: string, status: number, good: boolean, text: string) => {
      const leaked = [...uuidsIn(text)].filter((id) => otherDealerIds.has(id));
      if (!good) problems.push(`${op.key} ${what} → ${status}: ${text.slice(0, 120)}`);
      if (leaked.length) problems.push(`${op.key} ${what} leaks dealer-2 ids ${leaked.slice(0, 3).join(', ')}`);
      if (status >= 500) problems.push(`${op.key} ${what} → ${status}`);
    };
    for (const role of roles) {
      const allowed = may === 'public' || may === 'any' || may.includes(role);
      const own = await call(op, urlOf(op, 'own')!, e2e.auth(role));
      const passed = ![401, 403].includes(own.status);
      check(`${role} own`, own.status, passed === allowed, own.text);
      let cell = `${own.status}`;
      const otherUrl = urlOf(op, 'other');
      if (otherUrl) {
        const other = await call(op, otherUrl, e2e.auth(role));
        // 404, or the body check's 400 that comes before any lookup; never a sign that the record was found
        const hidden = op.method === 'get' ? [404] : [400, 404];
        // a role refused by the service (after the lookup) gets the 404 of a record it cannot see
        check(
          `${role} other dealer`,
          other.status,
          allowed ? hidden.includes(other.status) : [403, 404].includes(other.status),
          other.text,
        );
        cell += `/${other.status}`;
      }
      cells.push(cell.padEnd(8));
    }
    const url = urlOf(op, 'own')!;
    const anonymous = await call(op, url, {});
    const stale = await call(op, url, { Authorization: `Bearer ${expired}` });
    const needsToken = may !== 'public';
    check(
      'no token',
      anonymous.status,
      needsToken ? anonymous.status === 401 : anonymous.status !== 401,
      anonymous.text,
    );
    check('expired token', stale.status, needsToken ? stale.status === 401 : true, stale.text);
    rows.push(`${op.key.padEnd(44)} ${cells.join('')} ${String(anonymous.status).padEnd(6)} ${stale.status}`);
  }
  const roleColumns = roles.map((r) => r.slice(0, 7).padEnd(8)).join('');
  const header = `${'operation'.padEnd(44)} ${roleColumns} ${'anon'.padEnd(6)} expired`;
  console.log(
    `access matrix (own status / other-dealer status):\n${header}\n${rows.join('\n')}\nproblems: ${problems.length}`,
  );
  expect(problems).toEqual([]);
});

/** PIPL (最小必要), field level: how each role sees a contact's phone on four prospects of its dealer, all the
 *  consultant's: one without callback task, one with an open callback, one whose callback closed 5 days ago, one
 *  whose callback closed 40 days ago (customer service keeps a phone for 30 days) — on the prospect's page, in the
 *  prospect list, and in the callback task's payload (the number customer service calls). */
type PhoneCase = 'plain' | 'openCallback' | 'recentCallback' | 'oldCallback';
const ALL_FULL = { plain: 'full', openCallback: 'full', recentCallback: 'full', oldCallback: 'full' } as const;
const ALL_MASKED = {
  plain: 'masked',
  openCallback: 'masked',
  recentCallback: 'masked',
  oldCallback: 'masked',
} as const;
const CS = { plain: 'masked', openCallback: 'full', recentCallback: 'full', oldCallback: 'masked' } as const;
const PHONE: Record<Role, Record<PhoneCase, 'full' | 'masked'>> = {
  consultant: ALL_FULL, // their own prospects
  ka_manager: ALL_FULL,
  sales_director: ALL_FULL,
  gm: ALL_FULL,
  cs_manager: CS,
  cs_agent: CS,
  marketing_director: ALL_MASKED,
  training_manager: ALL_MASKED,
  admin: ALL_MASKED,
  sysadmin: ALL_MASKED,
};

it("shows each role a customer's phone in full or masked (138****8000) as its work needs", async () => {
  const f = { dealer: e2e.dealer1, users: e2e.users };
  const day = 86_400_000;
  const now = Date.now();
  const cases = {} as Record<PhoneCase, string>;
  for (const c of ['plain', 'openCallback', 'recentCallback', 'oldCallback'] as PhoneCase[])
    cases[c] = (await insertProspect(e2e.db, f, { name: `号码单位 ${c} ${e2e.tag}` })).id;
  const callback = (prospectId: string, decidedAt: Date | null) => {
    const at = new Date(now - 50 * day);
    return {
      id: randomUUID(),
      dealerId: e2e.dealer1.id,
      kind: 'callback',
      title: '回访',
      assigneeRole: 'cs_agent',
      chain: 'customer_service',
      dueRule: 'P7D',
      subjectType: 'prospect',
      subjectId: prospectId,
      workflowId: `pipl-${prospectId}`,
      createdAt: at,
      remindAt: at,
      dueAt: at,
      originalDueAt: at,
      status: decidedAt ? 'done' : 'open',
      decision: decidedAt ? 'correct' : null,
      decidedAt,
      payload: { label: '号码单位', contactPhone: '13800138000' },
    };
  };
  const tasks = await e2e.db
    .getRepository(TaskEntity)
    .save([
      callback(cases.openCallback, null),
      callback(cases.recentCallback, new Date(now - 5 * day)),
      callback(cases.oldCallback, new Date(now - 40 * day)),
    ]);
  const taskOf = (c: PhoneCase) => tasks.find((t) => t.subjectId === cases[c]);

  const problems: string[] = [];
  const rows: string[] = [];
  for (const role of ROLES as readonly Role[]) {
    const cells: string[] = [];
    const list = await e2e.http.get('/api/prospects?pageSize=100').set(e2e.auth(role));
    for (const c of Object.keys(cases) as PhoneCase[]) {
      const want = PHONE[role][c] === 'full' ? '13800138000' : '138****8000';
      const one = await e2e.http.get(`/api/prospects/${cases[c]}`).set(e2e.auth(role));
      if (one.status !== 200) problems.push(`${role} ${c}: GET /api/prospects/{id} → ${one.status}`);
      else if (one.body.contact.phone !== want) problems.push(`${role} ${c}: ${one.body.contact.phone}, not ${want}`);
      const item = list.body.items?.find((p: { id: string }) => p.id === cases[c]);
      if (!item) problems.push(`${role} ${c}: not in GET /api/prospects (${list.status})`);
      else if (item.contact.phone !== want)
        problems.push(`${role} ${c} in the list: ${item.contact.phone}, not ${want}`);
      cells.push((one.body?.contact?.phone ?? String(one.status)).padEnd(13));
      const task = taskOf(c);
      if (!task) continue;
      const t = await e2e.http.get(`/api/tasks/${task.id}`).set(e2e.auth(role));
      if (t.body?.payload?.contactPhone !== want)
        problems.push(`${role} ${c}: the callback task says ${t.body?.payload?.contactPhone ?? t.status}, not ${want}`);
    }
    rows.push(`${role.padEnd(19)} ${cells.join('')}`);
  }
  console.log(
    `phones as each role sees them (${Object.keys(cases).join(', ')}):\n${rows.join('\n')}\n` +
      `problems: ${problems.length}`,
  );
  expect(problems).toEqual([]);
});
