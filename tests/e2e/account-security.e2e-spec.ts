// Account security over HTTP: security headers, no stack traces, expired and disabled accounts'
// tokens refused at once, failed logins in the audit log, and a login rate limit that holds across
// two API instances (its counts live in PostgreSQL, not in either process).
import request from 'supertest';
import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@kaflow/config';
import { AuditLogEntity, UserEntity } from '@kaflow/persistence';
import { createApp } from '../../apps/api/src/app.factory';
import { startE2E, type E2E } from '../support/e2e';
import { PASSWORD, runId } from '../support/fixtures';
import { TEMPORAL_ADDRESS, TEST_DATABASE_URL } from '../support/settings';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

it('sends helmet security headers and no framework banner', async () => {
  const res = await e2e.http.get('/api/me').set(e2e.auth('consultant'));
  expect(res.status).toBe(200);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['x-powered-by']).toBeUndefined();
});

it('refuses an expired token and the token of an account disabled after it was issued', async () => {
  const u = e2e.users.cs_agent;
  const jwt = e2e.app.get(JwtService, { strict: false });
  const expired = await jwt.signAsync({ sub: u.id, dealerId: u.dealerId, roles: u.roles }, { expiresIn: -1 });
  const res = await e2e.http.get('/api/me').set('Authorization', `Bearer ${expired}`);
  expect(res.status).toBe(401);
  expect(res.body.message).toBe('the token is invalid or expired');

  const token = await e2e.login('cs_agent');
  expect((await e2e.http.get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  await e2e.db.getRepository(UserEntity).update({ id: u.id }, { active: false });
  try {
    const after = await e2e.http.get('/api/me').set('Authorization', `Bearer ${token}`);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('the account no longer exists or is disabled');
    const login = await e2e.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD });
    expect(login.status).toBe(401);
    const events = await e2e.db.getRepository(AuditLogEntity).findBy({ entityId: u.id, action: 'auth.login_disabled' });
    expect(events).toHaveLength(1);
  } finally {
    await e2e.db.getRepository(UserEntity).update({ id: u.id }, { active: true });
  }
});

it('files each failed login of a known account in the audit log, without the password', async () => {
  const u = e2e.users.training_manager;
  for (let i = 0; i < 2; i++) {
    expect(
      (await e2e.http.post('/api/auth/login').send({ username: u.username, password: `wrong-${i}-password` })).status,
    ).toBe(401);
  }
  const events = await e2e.db.getRepository(AuditLogEntity).findBy({ entityId: u.id, action: 'auth.login_failed' });
  expect(events).toHaveLength(2);
  expect(events[0]).toMatchObject({ dealerId: u.dealerId, entityType: 'user', detail: { username: u.username } });
  expect(JSON.stringify(events)).not.toContain('wrong-0-password');
});

it('holds the login limit (10 a minute per address and name) across two API instances', async () => {
  const config = {
    ...loadConfig({ DATABASE_URL: TEST_DATABASE_URL, TEMPORAL_ADDRESS, LOG_LEVEL: 'warn' }),
    taskQueue: e2e.taskQueue,
  };
  const second = await createApp(config, { logs: false });
  await second.init();
  try {
    const a = request(e2e.app.getHttpServer());
    const b = request(second.getHttpServer());
    const username = e2e.users.marketing_director.username;
    // a right login counts too (hit 1)
    await e2e.login('marketing_director');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await (i % 2 ? b : a).post('/api/auth/login').send({ username, password: 'not-the-password' });
      statuses.push(res.status);
    }
    // so 9 wrong attempts are refused as wrong (hits 2-10)
    // and the rest are over the shared limit, on whichever instance they arrive
    expect(statuses).toEqual([...Array(9).fill(401), 429, 429, 429]);
    // the right password is refused too while the block lasts, on either instance
    expect((await a.post('/api/auth/login').send({ username, password: PASSWORD })).status).toBe(429);
    expect((await b.post('/api/auth/login').send({ username, password: PASSWORD })).status).toBe(429);
    // another name from the same address is not blocked
    expect((await b.post('/api/auth/login').send({ username: e2e.users.gm.username, password: PASSWORD })).status).toBe(
      200,
    );
  } finally {
    await second.close();
  }
});

it('never puts a stack trace or an internal path in an error answer', async () => {
  const answers = await Promise.all([
    e2e.http.post('/api/prospects').set(e2e.auth('consultant')).set('Content-Type', 'application/json').send('{"a":'),
    e2e.http.get('/api/tasks/not-a-uuid').set(e2e.auth('consultant')),
    e2e.http.get('/api/no-such-route'),
    e2e.http
      .put('/api/admin/calendar/20x6')
      .set(e2e.auth('admin'))
      .send({ days: [{ date: 1 }] }),
  ]);
  for (const res of answers) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|\/work\//);
  }
});

describe('the password policy on the admin users endpoints', () => {
  const newUser = (username: string, password: string) => ({
    username,
    displayName: '新顾问',
    email: `${username}@test.local`,
    roles: ['consultant'],
    password,
  });
  const count = async (username: string) =>
    Number((await e2e.db.query('SELECT count(*) AS n FROM app_user WHERE username = $1', [username]))[0].n);

  it('refuses a short, a username-like or a common password on create with a 400 naming password, writing nothing', async () => {
    const username = `pw-${runId()}`;
    const cases: [string, string][] = [
      ['short-pw1', 'must be 10 to 200 characters'],
      [`${username}-2026`, 'must not be or contain the username'],
      ['Password123', 'is too common'],
      ['abcabcabcabc', 'is too common'],
    ];
    for (const [password, problem] of cases) {
      const res = await e2e.http.post('/api/admin/users').set(e2e.auth('admin')).send(newUser(username, password));
      expect({ password, status: res.status }).toEqual({ password, status: 400 });
      expect(res.body.details.map((d: any) => d.field)).toEqual(res.body.details.map(() => 'password'));
      expect(res.body.details.map((d: any) => d.problem).join(' ')).toContain(problem);
      expect(await count(username)).toBe(0);
    }
    const ok = await e2e.http
      .post('/api/admin/users')
      .set(e2e.auth('admin'))
      .send(newUser(username, 'quiet-river-lantern'));
    expect(ok.status).toBe(201);
    expect(await count(username)).toBe(1);
  });

  it('refuses a policy-breaking password on reset and keeps the old one', async () => {
    const username = `reset-${runId()}`;
    const created = await e2e.http
      .post('/api/admin/users')
      .set(e2e.auth('admin'))
      .send(newUser(username, 'first-river-lantern'));
    expect(created.status).toBe(201);
    const [before] = await e2e.db.query('SELECT "passwordHash" AS h FROM app_user WHERE id = $1', [created.body.id]);
    for (const password of [username.toUpperCase() + '!!', 'qwertyuiop', '1111111111']) {
      const res = await e2e.http.patch(`/api/admin/users/${created.body.id}`).set(e2e.auth('admin')).send({ password });
      expect({ password, status: res.status }).toEqual({ password, status: 400 });
      expect(res.body.details[0].field).toBe('password');
    }
    const [after] = await e2e.db.query('SELECT "passwordHash" AS h FROM app_user WHERE id = $1', [created.body.id]);
    expect(after.h).toBe(before.h);
    const login = await e2e.http.post('/api/auth/login').send({ username, password: 'first-river-lantern' });
    expect(login.status).toBe(200);
  });
});

it('files role changes, disabling, enabling and password resets as security events in the audit log', async () => {
  const username = `sec-${runId()}`;
  const created = await e2e.http
    .post('/api/admin/users')
    .set(e2e.auth('admin'))
    .send({
      username,
      displayName: '安全',
      email: `${username}@test.local`,
      roles: ['consultant'],
      password: 'first-river-lantern',
    });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const patch = (body: object) =>
    e2e.http.patch(`/api/admin/users/${id}`).set(e2e.auth('admin')).send(body).expect(200);
  await patch({ roles: ['consultant', 'ka_manager'] });
  await patch({ roles: ['ka_manager', 'consultant'] }); // the same set: no event
  await patch({ active: false });
  await patch({ active: false }); // already disabled: no event
  await patch({ active: true });
  await patch({ password: 'second-river-lantern' });
  await patch({ displayName: '安全二' });
  const rows: { action: string; actor: string; dealer: string; detail: any }[] = await e2e.db.query(
    `SELECT action, "actorUserId" AS actor, "dealerId" AS dealer, detail FROM audit_log
      WHERE "entityId" = $1 ORDER BY id`,
    [id],
  );
  expect(rows.map((r) => r.action)).toEqual([
    'user.created',
    'user.roles_changed',
    'user.disabled',
    'user.enabled',
    'user.password_reset',
    'user.updated',
  ]);
  for (const r of rows) expect(r).toMatchObject({ actor: e2e.users.admin.id, dealer: e2e.dealer1.id });
  expect(rows[1].detail).toEqual({ username, from: ['consultant'], to: ['consultant', 'ka_manager'] });
  expect(rows[5].detail).toEqual({ username, displayName: '安全二' });
  expect(JSON.stringify(rows)).not.toMatch(/river-lantern|argon2/);
});

it('an e-mail address with lone surrogates is a 400 naming email, not a 500 (found by the fuzz, seed 876048820)', async () => {
  const res = await e2e.http
    .post('/api/admin/users')
    .set(e2e.auth('admin'))
    .set('Content-Type', 'application/json')
    .send(
      '{"username":"surrogate.user","displayName":"x","email":"\\udfff\\ud800",' +
        '"roles":["cs_agent"],"password":"long-enough-Passw0rd"}',
    );
  expect(res.status).toBe(400);
  expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['email']);
});
