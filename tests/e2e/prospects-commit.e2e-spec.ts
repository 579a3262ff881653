// Recording a prospect commits first and starts its workflows after: a create that rolls back starts no
// workflow. And a body nested thousands of levels deep is a 400, never a 500; so is one with a key that
// reaches a prototype (`__proto__`: the OpenAPI fuzz's seed 881689763 found it taken as if absent).
import { randomUUID } from 'node:crypto';
import { ProspectEntity } from '@kaflow/persistence';
import { callbackWorkflowId, conversionWorkflowId } from '@kaflow/workflows';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const body = (accountName: string, note: string) => ({
  account: { name: accountName, customerType: 'enterprise' },
  contactName: '李经理',
  contactPhone: '+86 138-0013-8001',
  model: 'A6L',
  quantity: 2,
  grade: 'H',
  channel: 'cold_visit',
  developmentType: 'new',
  note,
});

/** Ids of the callback and conversion workflows of dealer 1 started since `since`. */
async function startedSince(since: Date): Promise<string[]> {
  const ids: string[] = [];
  const query =
    `(WorkflowType = 'callbackWorkflow' OR WorkflowType = ` +
    `'conversionWorkflow') AND StartTime > '${since.toISOString()}'`;
  for await (const w of env.client.workflow.list({ query }))
    if (w.workflowId.includes(env.dealer1.id)) ids.push(w.workflowId);
  return ids.sort();
}

it('starts no workflow when the create rolls back at its commit', async () => {
  // A deferred constraint trigger refuses the commit of a prospect carrying this note: every statement of the
  // create succeeds and the transaction still rolls back, at the very point after which workflows may start.
  const marker = `rollback-${randomUUID()}`;
  await env.db.query(`CREATE OR REPLACE FUNCTION kaflow_test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.note = '${marker}' THEN RAISE EXCEPTION 'test: commit refused'; END IF; RETURN NULL; END $$`);
  await env.db.query(`CREATE CONSTRAINT TRIGGER kaflow_test_refuse_commit AFTER INSERT ON prospect
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kaflow_test_refuse_commit()`);
  const since = new Date(Date.now() - 1000);
  try {
    const refused = await env.http
      .post('/api/prospects')
      .set(env.auth('consultant'))
      .send(body('回滚测试单位', marker));
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await env.db.getRepository(ProspectEntity).countBy({ note: marker })).toBe(0);
  } finally {
    await env.db.query('DROP TRIGGER IF EXISTS kaflow_test_refuse_commit ON prospect');
    await env.db.query('DROP FUNCTION IF EXISTS kaflow_test_refuse_commit()');
  }
  // A create that commits, right after: its two workflows are listed, and they are the only ones since `since`.
  const ok = await env.http.post('/api/prospects').set(env.auth('consultant')).send(body('提交测试单位', 'ok'));
  expect(ok.status).toBe(201);
  const expected = [
    callbackWorkflowId(env.dealer1.id, ok.body.id),
    conversionWorkflowId(env.dealer1.id, ok.body.id),
  ].sort();
  await eventually(async () => expect(await startedSince(since)).toEqual(expected));
});

/** A body sent as typed (JSON text the client wrote itself, not serialized by the test). */
const postRaw = (path: string, who: string, raw: string) =>
  env.http.post(path).set(env.auth(who)).set('Content-Type', 'application/json').send(raw);

it('answers 400 naming the body to a body nested 5000 levels deep, and writes nothing', async () => {
  const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  const before = await env.db.getRepository(ProspectEntity).countBy({ dealerId: env.dealer1.id });
  const res = await postRaw('/api/prospects', 'consultant', deep);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ statusCode: 400, error: 'BadRequest', details: [{ field: '(body)' }] });
  expect(await env.db.getRepository(ProspectEntity).countBy({ dealerId: env.dealer1.id })).toBe(before);
});

it('answers 400 naming the key to a body with __proto__ or constructor, at any depth, and writes nothing', async () => {
  const count = async () =>
    (await env.db.query(`SELECT count(*)::int AS n FROM car_model WHERE "dealerId" = $1`, [env.dealer1.id]))[0].n;
  const before = await count();
  for (const [raw, field] of [
    ['{"code":"PX1","name":"原型","__proto__":{"admin":true}}', '__proto__'],
    ['{"code":"PX2","name":"原型","constructor":{"prototype":{"x":1}}}', 'constructor'],
  ]) {
    const res = await postRaw('/api/car-models', 'admin', raw);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'BadRequest',
      details: [{ field, problem: 'should not exist' }],
    });
  }
  const nested = await postRaw(
    '/api/prospects',
    'consultant',
    `{"account":{"name":"原型单位","customerType":"enterprise","__proto__":{"x":1}},"contactName":"李经理"}`,
  );
  expect(nested.status).toBe(400);
  expect(nested.body.details).toEqual([{ field: 'account.__proto__', problem: 'should not exist' }]);
  expect(await count()).toBe(before);
  // the same body without the key is taken (the refusal is the key's, not the body's)
  const ok = await env.http.post('/api/car-models').set(env.auth('admin')).send({ code: 'PX3', name: '原型' });
  expect(ok.status).toBe(201);
});
