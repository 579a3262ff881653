// The web's types are generated from the OpenAPI document (npm run api:types), so the document must
// tell the truth: the document the script builds without a database is the one the API serves, and
// real answers hold exactly the fields their response schema lists, of the types and values it says
// (every object closed: a field the schema lacks, or lacks no more, fails).
import { apiDocument, sorted } from '../../scripts/api-document';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { hash } from '@node-rs/argon2';
import { RegionEntity, UserEntity } from '@kaflow/persistence';
import { PASSWORD, insertOpenTask } from '../support/fixtures';

type Schema = Record<string, any>;
let env: E2E;
let doc: Schema;
beforeAll(async () => {
  env = await startE2E();
  doc = (await env.http.get('/api/docs-json')).body;
});
afterAll(async () => {
  await env?.stop();
});

/** Where `value` breaks `schema` (OpenAPI 3.0: nullable, enum, $ref, oneOf, objects closed): paths, empty if none. */
function problems(schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) return problems(doc.components.schemas[String(schema.$ref).split('/').pop()!], value, at);
  if (schema.oneOf) {
    const fits = (schema.oneOf as Schema[]).filter((s) => problems(s, value, at).length === 0).length;
    return fits === 1 ? [] : [`${at}: fits ${fits} of oneOf`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in enum`];
  const kind = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const type = schema.type ?? 'object';
  if (!(type === kind || (type === 'number' && kind === 'integer'))) return [`${at}: ${kind}, not ${type}`];
  if (type === 'string' && schema.format === 'date-time' && Number.isNaN(Date.parse(value as string)))
    return [`${at}: not a date-time`];
  if (type === 'array') return (value as unknown[]).flatMap((v, i) => problems(schema.items ?? {}, v, `${at}[${i}]`));
  if (type !== 'object' || !schema.properties) return [];
  const o = value as Record<string, unknown>;
  return [
    ...((schema.required ?? []) as string[]).filter((k) => !(k in o)).map((k) => `${at}.${k}: missing`),
    ...Object.keys(o)
      .filter((k) => !(k in schema.properties))
      .map((k) => `${at}.${k}: not in the schema`),
    ...Object.entries(schema.properties as Record<string, Schema>).flatMap(([k, s]) =>
      k in o ? problems(s, o[k], `${at}.${k}`) : [],
    ),
  ];
}

/** The schema the document gives `method path`'s success answer. */
function answerSchema(method: string, path: string): Schema {
  const responses = doc.paths[path][method].responses;
  const ok = responses['200'] ?? responses['201'];
  return ok.content['application/json'].schema;
}

it('builds without a database the very document the API serves', async () => {
  expect(await apiDocument()).toEqual(sorted(doc));
});

it('holds the answers the web reads to their schemas: the session, people, prospects, tasks and their history', async () => {
  const check = async (method: string, path: string, res: { status: number; body: unknown }) => {
    expect(res.status).toBeLessThan(300);
    expect({ [`${method.toUpperCase()} ${path}`]: problems(answerSchema(method, path), res.body) }).toEqual({
      [`${method.toUpperCase()} ${path}`]: [],
    });
  };
  const as = (name: string) => env.auth(name);
  const login = await env.http
    .post('/api/auth/login')
    .send({ username: env.users.consultant.username, password: PASSWORD });
  await check('post', '/api/auth/login', login);
  await check('get', '/api/me', await env.http.get('/api/me').set(as('ka_manager')));
  await check('get', '/api/users', await env.http.get('/api/users').set(as('ka_manager')));

  const created = await env.http
    .post('/api/prospects')
    .set(as('consultant'))
    .send({
      account: { name: '成都市文化广电旅游局', customerType: 'government' },
      contactName: '周主任',
      contactPhone: '138 0013 8001',
      model: 'A6L',
      quantity: 3,
      grade: 'H',
      channel: 'referral',
      developmentType: 'new',
      hot: true,
    });
  await check('post', '/api/prospects', created);
  const id = created.body.id as string;
  await check('get', '/api/prospects', await env.http.get('/api/prospects').set(as('ka_manager')));
  await env.http
    .post(`/api/prospects/${id}/follow-ups`)
    .set(as('consultant'))
    .send({ channel: 'phone', content: '约了下周到店试驾' });
  await check('get', '/api/prospects/{id}', await env.http.get(`/api/prospects/${id}`).set(as('consultant')));
  await check(
    'patch',
    '/api/prospects/{id}',
    await env.http.patch(`/api/prospects/${id}`).set(as('consultant')).send({ grade: 'A', gradeReason: '预算推迟' }),
  );

  const taskId = await eventually(async () => {
    const list = await env.http.get('/api/tasks?kind=callback').set(as('cs_agent'));
    const t = list.body.items.find((x: { subject: { id: string } }) => x.subject.id === id);
    expect(t).toBeDefined();
    return t.id as string;
  });
  await check('get', '/api/tasks', await env.http.get('/api/tasks?status=all').set(as('cs_agent')));
  await check('get', '/api/tasks/{id}', await env.http.get(`/api/tasks/${taskId}`).set(as('cs_agent')));
  await check(
    'post',
    '/api/tasks/{id}/complete',
    await env.http.post(`/api/tasks/${taskId}/complete`).set(as('cs_agent')).send({ decision: 'verified' }),
  );
  await check('get', '/api/tasks/{id}/history', await env.http.get(`/api/tasks/${taskId}/history`).set(as('cs_agent')));

  // the homes, with rows in every list (the prospect is hot and due; a rectification and a visit planned today)
  await env.db.query("UPDATE prospect SET \"nextFollowUpDue\" = now() - interval '1 hour', grade = 'W' WHERE id = $1", [
    id,
  ]);
  const [{ today }] = await env.db.query(`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today`);
  await env.db.query(
    `INSERT INTO visit_plan ("dealerId", "consultantId", month, "accountName", "plannedDate", purpose)
     VALUES ($1, $2, $3, '成都市文化广电旅游局', $4, NULL)`,
    [env.dealer1.id, env.users.consultant.id, today.slice(0, 7), today],
  );
  await env.db.query(
    `INSERT INTO task (id, "dealerId", kind, title, status, "assigneeUserId", chain, "escalationLevel", "dueAt",
       "originalDueAt", "remindAt", "dueRule", "subjectType", "subjectId", payload, "workflowId", "createdAt")
     VALUES (gen_random_uuid(), $1, 'rectification', '整改', 'open', $2, 'default', 0, now(), now(), now(), '"P1D"',
       'prospect', $3, '{}', 'test:rectification', now())`,
    [env.dealer1.id, env.users.consultant.id, id],
  );
  const consultantHome = await env.http.get('/api/home/consultant').set(as('consultant'));
  expect(consultantHome.body.followUps.items.length).toBeGreaterThan(0);
  expect(consultantHome.body.hot.items.length).toBeGreaterThan(0);
  await check('get', '/api/home/consultant', consultantHome);
  await check(
    'get',
    '/api/home/consultant',
    await env.http.get(`/api/home/consultant?consultantId=${env.users.consultant.id}`).set(as('ka_manager')),
  );
  const serviceHome = await env.http.get('/api/home/service').set(as('cs_manager'));
  expect(serviceHome.body.rectifications.items.length).toBeGreaterThan(0);
  await check('get', '/api/home/service', serviceHome);

  await check('get', '/api/forecast/dealer', await env.http.get('/api/forecast/dealer').set(as('ka_manager')));
  await check(
    'get',
    '/api/forecast/consultants/{userId}',
    await env.http.get(`/api/forecast/consultants/${env.users.consultant.id}`).set(as('consultant')),
  );
  await check(
    'post',
    '/api/forecast/what-if',
    await env.http
      .post('/api/forecast/what-if')
      .set(as('sales_director'))
      .send({ rates: { H: 0.5 }, addProspects: { A: 2 } }),
  );
});

it("holds the homes' answers to their schemas: the manager's, the director's and the region's", async () => {
  const check = (path: string, res: { status: number; body: unknown }) => {
    expect(res.status).toBe(200);
    expect({ [path]: problems(answerSchema('get', path), res.body) }).toEqual({ [path]: [] });
  };
  // a prospect with a move this month, an open task of the manager's role, so the lists are not empty
  const p = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name: '成都市交通运输局', customerType: 'government' },
      contactName: '李科长',
      contactPhone: '138 0013 8002',
      model: 'A6L',
      quantity: 2,
      grade: 'B',
      channel: 'referral',
      developmentType: 'new',
    });
  expect(p.status).toBe(201);
  await env.http
    .patch(`/api/prospects/${p.body.id}`)
    .set(env.auth('consultant'))
    .send({ grade: 'A', gradeReason: '预算确认' });
  await insertOpenTask(env.db, env.dealer1.id, '编制滚动计划', new Date(Date.now() + 3600_000).toISOString());
  for (const who of ['ka_manager', 'sales_director'])
    check('/api/home/dealer', await env.http.get('/api/home/dealer').set(env.auth(who)));

  const region = await env.db.getRepository(RegionEntity).findOneByOrFail({ id: env.dealer1.regionId! });
  const username = `rm-answers.${Date.now()}`;
  await env.db.getRepository(UserEntity).save({
    dealerId: null,
    regionId: region.id,
    username,
    displayName: '区域经理',
    email: `${username}@test.local`,
    passwordHash: await hash(PASSWORD),
    roles: ['region_manager'],
    active: true,
  });
  const login = await env.http.post('/api/auth/login').send({ username, password: PASSWORD });
  check(
    '/api/region/home',
    await env.http.get('/api/region/home').set({ Authorization: `Bearer ${login.body.accessToken}` }),
  );
});
