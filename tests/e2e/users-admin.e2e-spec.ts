// The dealer admin's user import over HTTP against the real stack: the template, a list that creates and
// updates users by login, the same list again (nothing changes), a bad row (400 with row and column, nothing
// written), a WeCom id someone else keeps, and another dealer's users (never changed, never listed).
import ExcelJS from 'exceljs';
import { startE2E, type E2E } from '../support/e2e';
import { runId } from '../support/fixtures';
import { binaryBody, readWithOpenpyxl } from '../support/xlsx-readback';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
}, 600_000);

const tag = runId();
const login = (n: string) => `imp-${n}.${tag}`;
const upload = (as: string, body: Buffer, name = 'users.csv') =>
  env.http.post('/api/imports/users').set(env.auth(as)).attach('file', body, name);
const csv = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

/** The users' rows as SQL reads them (not through the code under test). */
async function usersByLogin(logins: string[]) {
  const rows: { username: string; dealerId: string; displayName: string; email: string; roles: string[]; w: string }[] =
    await env.db.query(
      `SELECT username, "dealerId", "displayName", email, roles, "wecomUserId" AS w
         FROM app_user WHERE username = ANY($1) ORDER BY username`,
      [logins],
    );
  return rows;
}
const auditCount = async () =>
  Number((await env.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE "dealerId" = $1`, [env.dealer1.id]))[0].n);
const userCount = async (dealerId: string) =>
  Number((await env.db.query(`SELECT count(*)::int AS n FROM app_user WHERE "dealerId" = $1`, [dealerId]))[0].n);

it('gives the template with the headers in Chinese and English', async () => {
  const res = await env.http
    .get('/api/imports/users/template.xlsx')
    .set(env.auth('admin'))
    .buffer(true)
    .parse(binaryBody);
  expect(res.status).toBe(200);
  const [sheet] = readWithOpenpyxl(res.body);
  expect(sheet.rows[0].map((c) => c.v).join(',')).toBe(
    '登录名/Login*,姓名/Name*,角色/Roles*,邮箱/E-mail,企业微信账号/WeCom id',
  );
});

describe('a list of two new users and one existing user', () => {
  const file = () =>
    csv([
      'Login,Name,Roles,E-mail,WeCom id',
      `${login('a')},Imported A,"大用户顾问、Key-account manager",a.${tag}@test.local,wx-a-${tag}`,
      `${login('b')},导入乙,cs_agent,b.${tag}@test.local,`,
      `${env.users.consultant_b.username},Renamed B,consultant,,wx-cb-${tag}`,
    ]);

  it('creates the new logins in the admin dealer and updates the existing one', async () => {
    const before = await userCount(env.dealer1.id);
    const res = await upload('admin', file());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsRead: 3, created: 2, updated: 1, unchanged: 0, errors: [] });
    expect(await userCount(env.dealer1.id)).toBe(before + 2);
    const rows = await usersByLogin([login('a'), login('b'), env.users.consultant_b.username]);
    expect(rows).toEqual(
      [
        {
          username: login('a'),
          dealerId: env.dealer1.id,
          displayName: 'Imported A',
          email: `a.${tag}@test.local`,
          roles: ['consultant', 'ka_manager'],
          w: `wx-a-${tag}`,
        },
        {
          username: login('b'),
          dealerId: env.dealer1.id,
          displayName: '导入乙',
          email: `b.${tag}@test.local`,
          roles: ['cs_agent'],
          w: null,
        },
        {
          username: env.users.consultant_b.username,
          dealerId: env.dealer1.id,
          displayName: 'Renamed B',
          email: env.users.consultant_b.email,
          roles: ['consultant'],
          w: `wx-cb-${tag}`,
        },
      ].sort((x, y) => (x.username < y.username ? -1 : 1)),
    );
  });

  it('the same file again changes nothing and writes no audit line', async () => {
    const before = await usersByLogin([login('a'), login('b'), env.users.consultant_b.username]);
    const audits = await auditCount();
    const res = await upload('admin', file());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsRead: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await usersByLogin([login('a'), login('b'), env.users.consultant_b.username])).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('an .xlsx with the Chinese headers updates roles by login', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('用户');
    ws.addRow(['登录名*', '姓名*', '角色*', '邮箱', '企业微信账号']);
    ws.addRow([login('b'), '导入乙', '客服专员, 客服经理', '', '']);
    const res = await upload('admin', Buffer.from(await wb.xlsx.writeBuffer()), 'users.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const [b] = await usersByLogin([login('b')]);
    expect(b.roles.sort()).toEqual(['cs_agent', 'cs_manager']);
  });

  it('the admin of the other dealer never sees nor changes these users', async () => {
    const list = await env.http.get('/api/admin/users').set(env.auth('admin2'));
    expect(list.status).toBe(200);
    const names: string[] = list.body.items.map((u: { username: string }) => u.username);
    expect(names).not.toContain(login('a'));
    expect(names).not.toContain(env.users.consultant_b.username);
    const [a] = await env.db.query(`SELECT id FROM app_user WHERE username = $1`, [login('a')]);
    const patch = await env.http
      .patch(`/api/admin/users/${a.id}`)
      .set(env.auth('admin2'))
      .send({ wecomUserId: 'taken-over' });
    expect(patch.status).toBe(404);
    // dealer 2's import naming a dealer-1 login is a bad row, not an update of that user
    const res = await upload('admin2', csv(['login,name,roles,email', `${login('a')},Hijack,admin,x@test.local`]));
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ row: 2, column: '登录名/Login' })]);
    const [after] = await usersByLogin([login('a')]);
    expect(after).toMatchObject({ displayName: 'Imported A', roles: ['consultant', 'ka_manager'], w: `wx-a-${tag}` });
  });
});

it('a bad row is a 400 naming the row and the column, and nothing of the file is written', async () => {
  const users = await userCount(env.dealer1.id);
  const audits = await auditCount();
  const res = await upload(
    'admin',
    csv([
      'login,name,roles,email,wecom id',
      `${login('c')},Good C,consultant,c.${tag}@test.local,`,
      `${login('d')},Bad D,boss,d.${tag}@test.local,`,
      `${login('e')},,consultant,not-a-mail,`,
    ]),
  );
  expect(res.status).toBe(400);
  expect(res.body.details).toEqual([
    expect.objectContaining({ row: 3, column: '角色/Roles', field: 'row 3 角色/Roles' }),
    expect.objectContaining({ row: 4, column: '姓名/Name' }),
    expect.objectContaining({ row: 4, column: '邮箱/E-mail' }),
  ]);
  expect(await usersByLogin([login('c'), login('d'), login('e')])).toEqual([]);
  expect(await userCount(env.dealer1.id)).toBe(users);
  expect(await auditCount()).toBe(audits);
});

it('a WeCom id another user of the dealer keeps is refused; the same id in another dealer is not a clash', async () => {
  const held = `wx-held-${tag}`;
  await env.db.query(`UPDATE app_user SET "wecomUserId" = $1 WHERE id = $2`, [held, env.users.gm.id]);
  await env.db.query(`UPDATE app_user SET "wecomUserId" = $1 WHERE id = $2`, [`wx-2-${tag}`, env.users.gm2.id]);
  const res = await upload(
    'admin',
    csv([
      'login,name,roles,email,wecom id',
      `${login('f')},New F,consultant,f.${tag}@test.local,wx-2-${tag}`,
      `${login('g')},New G,consultant,g.${tag}@test.local,${held}`,
    ]),
  );
  expect(res.status).toBe(400);
  expect(res.body.details).toEqual([
    expect.objectContaining({ row: 3, column: '企业微信账号/WeCom id', problem: expect.stringContaining(held) }),
  ]);
  expect(await usersByLogin([login('f'), login('g')])).toEqual([]);
  // two rows of one file with one WeCom id
  const twice = await upload(
    'admin',
    csv([
      'login,name,roles,email,wecom id',
      `${login('f')},F,consultant,f@test.local,x1`,
      `${login('g')},G,gm,g@t.local,x1`,
    ]),
  );
  expect(twice.status).toBe(400);
  expect(twice.body.details).toEqual([expect.objectContaining({ row: 3, column: '企业微信账号/WeCom id' })]);
  // without the clash, the dealer-2 id is linked in dealer 1 too (one id per person within a dealer)
  const ok = await upload(
    'admin',
    csv(['login,name,roles,email,wecom id', `${login('f')},New F,consultant,f.${tag}@test.local,wx-2-${tag}`]),
  );
  expect(ok.status).toBe(200);
  expect((await usersByLogin([login('f')]))[0]).toMatchObject({ dealerId: env.dealer1.id, w: `wx-2-${tag}` });
});

it('only the admin imports users; a request without a file is a 400 naming file', async () => {
  const res = await upload('ka_manager', csv(['login,name,roles', `${login('h')},H,consultant`]));
  expect(res.status).toBe(403);
  const none = await env.http.post('/api/imports/users').set(env.auth('admin')).field('x', '1');
  expect(none.status).toBe(400);
  expect(none.body.details[0].field).toBe('file');
});

it("a dealer's admin can never give the platform's sysadmin role, on create or on change: 400 naming roles", async () => {
  const before = await userCount(env.dealer1.id);
  const created = await env.http
    .post('/api/admin/users')
    .set(env.auth('admin'))
    .send({
      username: login('sys'),
      displayName: 'S',
      email: `${login('sys')}@test.local`,
      roles: ['consultant', 'sysadmin'],
      password: 'a-long-enough-password',
    });
  expect(created.status).toBe(400);
  expect(created.body.details.map((d: { field: string }) => d.field)).toContain('roles');
  expect(await userCount(env.dealer1.id)).toBe(before);
  const changed = await env.http
    .patch(`/api/admin/users/${env.users.consultant.id}`)
    .set(env.auth('admin'))
    .send({ roles: ['sysadmin'] });
  expect(changed.status).toBe(400);
  const [row] = await env.db.query('SELECT roles FROM app_user WHERE id = $1', [env.users.consultant.id]);
  expect(row.roles).toEqual(['consultant']);
});
