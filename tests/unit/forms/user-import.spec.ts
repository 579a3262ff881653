// The user list without a database: headers in Chinese or English, roles by code or by name in either
// language, and each row's problems as { row, column, problem }.
import {
  ImportFileError,
  readImportFile,
  USER_IMPORT_COLUMN_SET,
  validateUserRows,
  type RawImportRow,
  type UserImportKey,
} from '@kaflow/forms';

const read = (lines: string[]) =>
  readImportFile(Buffer.from(lines.join('\n'), 'utf8'), 'users.csv', USER_IMPORT_COLUMN_SET);

it('reads English and Chinese headers (with a trailing *) into the same keys', async () => {
  const en = await read(['Login,Name,Roles,E-mail,WeCom id', 'li.na,Li Na,consultant,li@x.cn,LiNa']);
  const zh = await read(['登录名*,姓名*,角色*,邮箱,企业微信账号', 'li.na,Li Na,consultant,li@x.cn,LiNa']);
  const want = { username: 'li.na', displayName: 'Li Na', roles: 'consultant', email: 'li@x.cn', wecomUserId: 'LiNa' };
  expect(en.rows).toEqual([{ row: 2, values: want }]);
  expect(zh.rows).toEqual([{ row: 2, values: want }]);
});

it('a file without the required columns is refused naming the missing one', async () => {
  const e = await read(['Login,Name,E-mail', 'a.b,A,a@x.cn']).catch((x) => x);
  expect(e).toBeInstanceOf(ImportFileError);
  expect((e as ImportFileError).problems).toEqual([{ row: 1, column: '角色', problem: 'required column is missing' }]);
});

const row = (n: number, v: Partial<Record<UserImportKey, string>>): RawImportRow<UserImportKey> => ({
  row: n,
  values: v,
});

it('takes roles by code, Chinese name or English name, once each, and lower-cases the login', () => {
  const r = validateUserRows([
    row(2, { username: 'Zhao.Lei', displayName: '赵磊', roles: '大用户顾问、Key-account manager, consultant' }),
  ]);
  expect(r.errors).toEqual([]);
  expect(r.rows).toEqual([{ row: 2, username: 'zhao.lei', displayName: '赵磊', roles: ['consultant', 'ka_manager'] }]);
});

it('names the row and column of every problem and keeps only the good rows', () => {
  const r = validateUserRows([
    row(2, { username: 'ok.one', displayName: 'One', roles: 'gm', wecomUserId: 'W1' }),
    row(3, { username: 'x', displayName: '', roles: 'boss' }),
    row(4, { username: 'ok.one', displayName: 'Again', roles: 'sysadmin', email: 'nope' }),
    row(5, { username: 'ok.two', displayName: 'Two', roles: 'gm', wecomUserId: 'W1' }),
  ]);
  expect(r.rows.map((x) => x.row)).toEqual([2]);
  expect(r.errors.map((e) => [e.row, e.column])).toEqual([
    [3, '登录名/Login'],
    [3, '姓名/Name'],
    [3, '角色/Roles'],
    [4, '登录名/Login'],
    [4, '角色/Roles'],
    [4, '邮箱/E-mail'],
    [5, '企业微信账号/WeCom id'],
  ]);
  expect(r.errors[3].problem).toMatch(/appears twice \(also row 2\)/);
  expect(r.errors[4].problem).toMatch(/"sysadmin" is not a role/);
});
