// The region tier's access matrix: a region manager reads every dealer of its region (dealers, scorecards side by
// side) and writes nothing; it never reads another region; a dealer user never reaches the region routes nor
// another dealer's records; a dealer admin manages its own dealer's users only.
import { hash } from '@node-rs/argon2';
import { DealerEntity, RegionEntity, UserEntity } from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { PASSWORD, insertProspect, runId, type DealerFixture } from '../support/fixtures';
import { MONTH, writeScorecardMonth } from '../support/scorecard-fixtures';
import { readWithExceljs, binaryBody } from '../support/xlsx-readback';

let env: E2E;
let third: DealerFixture;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  env = await startE2E();
  third = await env.createDealer();
  const tag = runId();
  const regions = env.db.getRepository(RegionEntity);
  const [west, east] = [
    await regions.save({ code: `rw-${tag}`, name: '西部区' }),
    await regions.save({ code: `re-${tag}`, name: '东部区' }),
  ];
  await env.db.getRepository(DealerEntity).update({ id: env.dealer1.id }, { regionId: west.id });
  await env.db.getRepository(DealerEntity).update({ id: env.dealer2.id }, { regionId: west.id });
  await env.db.getRepository(DealerEntity).update({ id: third.dealer.id }, { regionId: east.id });
  const pw = await hash(PASSWORD);
  for (const [name, region] of [
    ['west', west],
    ['east', east],
  ] as const) {
    await env.db.getRepository(UserEntity).save({
      dealerId: null,
      regionId: region.id,
      username: `rm-${name}.${tag}`,
      displayName: `区域经理 ${name}`,
      email: `rm-${name}.${tag}@test.local`,
      passwordHash: pw,
      roles: ['region_manager'],
      active: true,
    });
    const res = await env.http.post('/api/auth/login').send({ username: `rm-${name}.${tag}`, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ dealerId: null, regionId: region.id, roles: ['region_manager'] });
    tokens[name] = res.body.accessToken;
  }
  await writeScorecardMonth(env.db, { dealer: env.dealer1, users: byDealer('') });
});
afterAll(async () => {
  await env?.stop();
});

function byDealer(suffix: string) {
  return Object.fromEntries(
    Object.entries(env.users)
      .filter(([k]) => (suffix ? k.endsWith(suffix) : !/\d$/.test(k)))
      .map(([k, u]) => [suffix ? k.slice(0, -suffix.length) : k, u]),
  );
}
const asRegion = (name: string) => ({ Authorization: `Bearer ${tokens[name]}` });

it('a region manager lists exactly its region dealers', async () => {
  const west = await env.http.get('/api/region/dealers').set(asRegion('west'));
  expect(west.status).toBe(200);
  expect(west.body.region.name).toBe('西部区');
  expect(west.body.items.map((d: any) => d.id).sort()).toEqual([env.dealer1.id, env.dealer2.id].sort());
  expect(west.body.items.find((d: any) => d.id === env.dealer1.id).users).toBe(Object.keys(byDealer('')).length);
  const east = await env.http.get('/api/region/dealers').set(asRegion('east'));
  expect(east.body.items.map((d: any) => d.id)).toEqual([third.dealer.id]);
  expect((await env.http.get('/api/me').set(asRegion('east'))).body).toMatchObject({
    dealerId: null,
    roles: ['region_manager'],
  });
});

it('compares the region dealers side by side on the same KPIs, with the figures each dealer sees', async () => {
  const res = await env.http.get(`/api/region/scorecards?month=${MONTH}`).set(asRegion('west'));
  expect(res.status).toBe(200);
  expect(res.body.dealers.map((d: any) => d.id).sort()).toEqual([env.dealer1.id, env.dealer2.id].sort());
  const ha = res.body.comparison.find((c: any) => c.key === 'haConversion');
  expect(ha.values.find((v: any) => v.dealerId === env.dealer1.id)).toMatchObject({
    numerator: 1,
    denominator: 3,
    value: 0.3333,
  });
  expect(ha.values.find((v: any) => v.dealerId === env.dealer2.id)).toMatchObject({
    numerator: 0,
    denominator: 0,
    value: null,
  });
  for (const c of res.body.comparison) expect(c.values).toHaveLength(2);
  // the dealer's own view and the region's agree card for card
  const own = await env.http.get(`/api/reports/scorecards?month=${MONTH}`).set(env.auth('gm'));
  const region1 = res.body.dealers.find((d: any) => d.id === env.dealer1.id);
  expect(region1.items).toEqual(own.body.items);
  const east = await env.http.get(`/api/region/scorecards?month=${MONTH}`).set(asRegion('east'));
  expect(east.body.dealers.map((d: any) => d.id)).toEqual([third.dealer.id]);
  expect((await env.http.get('/api/region/scorecards?month=2026-1').set(asRegion('west'))).body.details[0].field).toBe(
    'month',
  );
});

it('gives a form per dealer of the region, as each dealer reads it, in JSON and in .xlsx', async () => {
  const res = await env.http.get(`/api/region/forms/12?period=${MONTH}`).set(asRegion('west'));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ no: 12, title: '客服部检核反馈表', period: MONTH });
  expect(res.body.dealers.map((d: any) => d.dealerId).sort()).toEqual([env.dealer1.id, env.dealer2.id].sort());
  const rowsOf = (id: string) => res.body.dealers.find((d: any) => d.dealerId === id).rows;
  // the fixture's October: four callbacks at dealer 1 (p6, p7, p8, p12; p1's is in November), none at dealer 2
  expect(rowsOf(env.dealer1.id)).toHaveLength(4);
  expect(rowsOf(env.dealer2.id)).toEqual([]);
  const own = await env.http.get(`/api/forms/12?period=${MONTH}`).set(env.auth('gm'));
  expect(rowsOf(env.dealer1.id)).toEqual(own.body.rows);

  const east = await env.http.get(`/api/region/forms/12?period=${MONTH}`).set(asRegion('east'));
  expect(east.body.dealers.map((d: any) => d.dealerId)).toEqual([third.dealer.id]);

  const file = await env.http
    .get(`/api/region/forms/12?period=${MONTH}&format=xlsx`)
    .set(asRegion('west'))
    .buffer(true)
    .parse(binaryBody);
  expect(file.status).toBe(200);
  expect(file.headers['content-type']).toMatch(/spreadsheetml/);
  const sheets = await readWithExceljs(file.body as Buffer);
  expect(sheets).toHaveLength(2);
  const heads = sheets.map((s) => JSON.stringify(s.rows.slice(0, 4)));
  for (const h of heads) expect(h).toContain('客服部检核反馈表');
  for (const d of [env.dealer1, env.dealer2]) expect(heads.filter((h) => h.includes(d.name))).toHaveLength(1);

  expect((await env.http.get(`/api/region/forms/12?period=${MONTH}`).set(env.auth('gm'))).status).toBe(403);
  expect((await env.http.get('/api/region/forms/99?period=2026-10').set(asRegion('west'))).status).toBe(404);
});

it('a region manager writes nothing and reaches no dealer route', async () => {
  const p = await insertProspect(env.db, { dealer: env.dealer1, users: byDealer('') as any });
  const attempts: Array<[string, string, object?]> = [
    ['get', '/api/prospects'],
    ['get', `/api/prospects/${p.id}`],
    ['get', '/api/tasks'],
    ['get', `/api/reports/scorecards?month=${MONTH}`],
    ['get', '/api/admin/users'],
    ['get', '/api/admin/policy'],
    ['post', '/api/prospects', { contactName: 'x' }],
    ['patch', `/api/prospects/${p.id}`, { note: 'x' }],
    ['put', '/api/admin/policy', { hotFollowUpsPerMonth: 5 }],
    ['post', '/api/admin/users', { username: 'zzz' }],
  ];
  for (const [method, path, body] of attempts) {
    const res = await (env.http as any)
      [method](path)
      .set(asRegion('west'))
      .send(body ?? {});
    expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
  }
  expect((await env.http.get(`/api/prospects/${p.id}`).set(env.auth('ka_manager'))).body.note).toBeNull();
});

it('dealer users never reach the region routes nor another dealer', async () => {
  for (const who of ['admin', 'gm', 'consultant2']) {
    expect((await env.http.get('/api/region/dealers').set(env.auth(who))).status).toBe(403);
    expect((await env.http.get(`/api/region/scorecards?month=${MONTH}`).set(env.auth(who))).status).toBe(403);
  }
  const p1 = await insertProspect(env.db, { dealer: env.dealer1, users: byDealer('') as any });
  const u1 = env.users.consultant.id;
  for (const who of ['consultant2', 'ka_manager2', 'gm2', 'admin2']) {
    const reads = [
      `/api/prospects/${p1.id}`,
      `/api/reports/scorecards/${u1}/recordRate?month=${MONTH}`,
      `/api/reports/scorecards?month=${MONTH}&userId=${u1}`,
    ];
    for (const path of reads) {
      const res = await env.http.get(path).set(env.auth(who));
      expect({ who, path, status: res.status }).toEqual({ who, path, status: 404 });
    }
  }
  const res = await env.http.patch(`/api/admin/users/${u1}`).set(env.auth('admin2')).send({ active: false });
  expect(res.status).toBe(404);
  const list = await env.http.get('/api/admin/users').set(env.auth('admin2'));
  expect(list.body.items.every((u: any) => !Object.values(byDealer('')).some((x: any) => x.id === u.id))).toBe(true);
  expect((await env.http.get('/api/me').set(env.auth('consultant'))).status).toBe(200);
});

it('a dealer admin creates users, changes roles, disables them and resets passwords', async () => {
  const username = `new-${runId()}`;
  const bad = await env.http
    .post('/api/admin/users')
    .set(env.auth('admin'))
    .send({ username: 'X!', displayName: '', email: 'nope', roles: ['region_manager'], password: 'short' });
  expect(bad.status).toBe(400);
  expect(bad.body.details.map((d: any) => d.field).sort()).toEqual([
    'displayName',
    'email',
    'password',
    'roles',
    'username',
  ]);
  expect((await env.http.post('/api/admin/users').set(env.auth('gm')).send({})).status).toBe(403);
  const created = await env.http
    .post('/api/admin/users')
    .set(env.auth('admin'))
    .send({
      username,
      displayName: '新顾问',
      email: `${username}@test.local`,
      roles: ['consultant'],
      password: 'first-password-1',
    });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ username, roles: ['consultant'], active: true });
  expect(created.body.passwordHash).toBeUndefined();
  const again = await env.http
    .post('/api/admin/users')
    .set(env.auth('admin'))
    .send({
      username,
      displayName: '新顾问',
      email: `${username}@test.local`,
      roles: ['consultant'],
      password: 'first-password-1',
    });
  expect(again.status).toBe(409);
  const login = (password: string) => env.http.post('/api/auth/login').send({ username, password });
  const first = await login('first-password-1');
  expect(first.status).toBe(200);
  expect(first.body.user.dealerId).toBe(env.dealer1.id);
  const id = created.body.id;
  const roles = await env.http
    .patch(`/api/admin/users/${id}`)
    .set(env.auth('admin'))
    .send({ roles: ['consultant', 'ka_manager'] });
  expect(roles.body.roles).toEqual(['consultant', 'ka_manager']);
  expect((await env.http.get('/api/me').set({ Authorization: `Bearer ${first.body.accessToken}` })).body.roles).toEqual(
    ['consultant', 'ka_manager'],
  );
  await env.http
    .patch(`/api/admin/users/${id}`)
    .set(env.auth('admin'))
    .send({ password: 'second-password-2' })
    .expect(200);
  expect((await login('first-password-1')).status).toBe(401);
  expect((await login('second-password-2')).status).toBe(200);
  await env.http.patch(`/api/admin/users/${id}`).set(env.auth('admin')).send({ active: false }).expect(200);
  expect((await login('second-password-2')).status).toBe(401);
  expect((await env.http.get('/api/me').set({ Authorization: `Bearer ${first.body.accessToken}` })).status).toBe(401);
  const self = await env.http
    .patch(`/api/admin/users/${env.users.admin.id}`)
    .set(env.auth('admin'))
    .send({ active: false });
  expect(self.status).toBe(422);
  const listed = await env.http.get('/api/admin/users').set(env.auth('admin'));
  expect(listed.body.items.find((u: any) => u.id === id)).toMatchObject({
    active: false,
    roles: ['consultant', 'ka_manager'],
  });
});
