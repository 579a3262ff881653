// Login, tokens, roles and the error contract over HTTP.
import { startE2E, type E2E } from '../support/e2e';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

it('logs in and returns the user; /api/me answers with the same user', async () => {
  const res = await env.http
    .post('/api/auth/login')
    .send({ username: env.users.consultant.username, password: 'test-password' });
  expect(res.status).toBe(200);
  expect(res.body.user).toEqual({
    id: env.users.consultant.id,
    username: env.users.consultant.username,
    displayName: env.users.consultant.displayName,
    roles: ['consultant'],
    dealerId: env.dealer1.id,
    timezone: 'Asia/Shanghai', // the test dealer's policy (the default), for the pages' times
  });
  const me = await env.http.get('/api/me').set({ Authorization: `Bearer ${res.body.accessToken}` });
  expect(me.status).toBe(200);
  expect(me.body).toEqual(res.body.user);
});

it('refuses bad credentials, missing and forged tokens with 401', async () => {
  const bad = await env.http.post('/api/auth/login').send({ username: env.users.gm.username, password: 'nope' });
  expect(bad.status).toBe(401);
  expect(bad.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  const unknown = await env.http.post('/api/auth/login').send({ username: 'nobody-at-all', password: 'x' });
  expect(unknown.status).toBe(401);
  expect((await env.http.get('/api/me')).status).toBe(401);
  const token = env.auth('consultant').Authorization;
  const forged = token.slice(0, -3) + (token.endsWith('abc') ? 'xyz' : 'abc');
  expect((await env.http.get('/api/me').set({ Authorization: forged })).status).toBe(401);
});

it('names the fields of a malformed login and answers 400 to broken JSON', async () => {
  const res = await env.http.post('/api/auth/login').send({ username: 42 });
  expect(res.status).toBe(400);
  expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(
    expect.arrayContaining(['username', 'password']),
  );
  const broken = await env.http.post('/api/auth/login').set('content-type', 'application/json').send('{"username":');
  expect(broken.status).toBe(400);
  expect(broken.body).toMatchObject({ statusCode: 400, error: 'BadRequest' });
});

it('rate-limits repeated login attempts for one user', async () => {
  const username = env.users.training_manager.username;
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push((await env.http.post('/api/auth/login').send({ username, password: 'wrong' })).status);
  expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
  expect(statuses.slice(-1)[0]).toBe(429);
});

it('keeps admin endpoints for admins', async () => {
  expect((await env.http.get('/api/admin/policy').set(env.auth('consultant'))).status).toBe(403);
  const res = await env.http.get('/api/admin/policy').set(env.auth('admin'));
  expect(res.status).toBe(200);
  expect(res.body.escalationChains.default).toEqual(['consultant', 'ka_manager', 'sales_director', 'gm']);
});
