// The user list a dealer admin imports (用户导入): its columns (Chinese or English headers), its template, and
// the check of every row without the database (login, name, roles as codes or labels in either language,
// e-mail, WeCom id). Whether a login is new, another dealer's, or a WeCom id someone else's is the API's check.
import ExcelJS from 'exceljs';
import { isEmail } from 'class-validator';
import { LABELS_EN, ROLE_LABELS_ZH, ROLES, type Role } from '@kaflow/domain';
import type { ImportColumnSet, ImportProblem, RawImportRow } from './import-file.reader';

export type UserImportKey = 'username' | 'displayName' | 'roles' | 'email' | 'wecomUserId';

export interface UserImportColumn {
  key: UserImportKey;
  header: string;
  headerEn: string;
  required: boolean;
  aliases: string[];
  example: string;
  width: number;
}

/** The roles a dealer admin gives: every dealer role but the platform's sysadmin. */
export const USER_IMPORT_ROLES: Role[] = ROLES.filter((r) => r !== 'sysadmin');

export const USER_IMPORT_COLUMNS: UserImportColumn[] = [
  {
    key: 'username',
    header: '登录名',
    headerEn: 'Login',
    required: true,
    aliases: ['username', '用户名', '登录账号'],
    example: 'zhang.wei',
    width: 18,
  },
  {
    key: 'displayName',
    header: '姓名',
    headerEn: 'Name',
    required: true,
    aliases: ['displayName'],
    example: '张伟',
    width: 14,
  },
  {
    key: 'roles',
    header: '角色',
    headerEn: 'Roles',
    required: true,
    aliases: [],
    example: '大用户顾问',
    width: 30,
  },
  {
    key: 'email',
    header: '邮箱',
    headerEn: 'E-mail',
    required: false,
    aliases: ['email', '电子邮箱', 'mail'],
    example: 'zhang.wei@example.com',
    width: 28,
  },
  {
    key: 'wecomUserId',
    header: '企业微信账号',
    headerEn: 'WeCom id',
    required: false,
    aliases: ['wecomUserId', 'WeCom user id', '企业微信ID', '企业微信'],
    example: 'ZhangWei',
    width: 20,
  },
];

const norm = (s: string) => s.replace(/[\s*＊_-]/g, '').toLowerCase();
const BY_HEADER = new Map<string, UserImportColumn>();
for (const c of USER_IMPORT_COLUMNS) {
  for (const h of [c.header, c.headerEn, c.key, ...c.aliases]) BY_HEADER.set(norm(h), c);
}

export const USER_IMPORT_COLUMN_SET: ImportColumnSet<UserImportKey> = {
  columns: USER_IMPORT_COLUMNS,
  ofHeader: (h) => (typeof h === 'string' ? BY_HEADER.get(norm(h)) : undefined),
  hint: '登录名/Login, 姓名/Name, 角色/Roles, 邮箱/E-mail, 企业微信账号/WeCom id',
};

/** The header a problem names: the Chinese header with the English one (the file may use either). */
export const userColumnName = (key: UserImportKey): string => {
  const c = USER_IMPORT_COLUMNS.find((x) => x.key === key)!;
  return `${c.header}/${c.headerEn}`;
};

const ROLE_BY_NAME = new Map<string, Role>();
for (const r of USER_IMPORT_ROLES) {
  for (const name of [r, ROLE_LABELS_ZH[r], LABELS_EN.role[r]]) ROLE_BY_NAME.set(name.toLowerCase(), r);
}

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,40}$/;
export const WECOM_USER_ID_PATTERN = /^[\w.@-]{1,64}$/;

export interface UserImportRow {
  row: number;
  username: string;
  displayName: string;
  roles: Role[];
  /** Absent: keep an existing user's (a new user needs one). */
  email?: string;
  /** Absent: keep an existing user's link (the users page unlinks). */
  wecomUserId?: string;
}

export interface ValidatedUserImport {
  rows: UserImportRow[];
  errors: ImportProblem[];
}

/** Checks every row; problems name the sheet row and the column. Two rows for one login or one WeCom id clash. */
export function validateUserRows(raw: RawImportRow<UserImportKey>[]): ValidatedUserImport {
  const rows: UserImportRow[] = [];
  const errors: ImportProblem[] = [];
  const logins = new Map<string, number>();
  const wecomIds = new Map<string, number>();
  for (const r of raw) {
    const v = r.values;
    const problem = (key: UserImportKey, text: string) =>
      errors.push({ row: r.row, column: userColumnName(key), problem: text });
    const before = errors.length;
    const username = (v.username ?? '').trim().toLowerCase();
    if (!username) problem('username', 'is required');
    else if (!USERNAME_PATTERN.test(username)) problem('username', 'must be 3 to 40 characters: a-z, 0-9, _ . -');
    else if (logins.has(username)) problem('username', `appears twice (also row ${logins.get(username)})`);
    else logins.set(username, r.row);
    const displayName = (v.displayName ?? '').trim();
    if (!displayName) problem('displayName', 'is required');
    else if (displayName.length > 60) problem('displayName', 'must be at most 60 characters');
    const roles: Role[] = [];
    const names = (v.roles ?? '').split(/[,，、;；/\n]+/).map((s) => s.trim());
    for (const name of names.filter(Boolean)) {
      const role = ROLE_BY_NAME.get(name.toLowerCase());
      if (!role) problem('roles', `"${name}" is not a role: one of ${USER_IMPORT_ROLES.join(', ')} or their names`);
      else if (!roles.includes(role)) roles.push(role);
    }
    if (!names.some(Boolean)) problem('roles', 'is required: at least one role');
    const email = (v.email ?? '').trim();
    if (email && (email.length > 200 || !isEmail(email))) problem('email', 'must be an e-mail address');
    const wecom = (v.wecomUserId ?? '').trim();
    if (wecom && !WECOM_USER_ID_PATTERN.test(wecom)) {
      problem('wecomUserId', 'must be the WeCom user id (账号): letters, digits, _ . @ -, up to 64');
    } else if (wecom && wecomIds.has(wecom)) {
      problem('wecomUserId', `appears twice (also row ${wecomIds.get(wecom)}): one WeCom id names one person`);
    } else if (wecom) wecomIds.set(wecom, r.row);
    if (errors.length > before) continue;
    rows.push({
      row: r.row,
      username,
      displayName,
      roles,
      ...(email ? { email } : {}),
      ...(wecom ? { wecomUserId: wecom } : {}),
    });
  }
  return { rows, errors };
}

/** 用户导入模板: Chinese/English headers (no example row: every row of the sheet is imported) and notes. */
export async function userTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KA Flow';
  const ws = wb.addWorksheet('用户导入', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = USER_IMPORT_COLUMNS.map((c) => ({
    header: `${c.header}/${c.headerEn}${c.required ? '*' : ''}`,
    key: c.key,
    width: c.width,
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  USER_IMPORT_COLUMNS.forEach((_, i) => (ws.getColumn(i + 1).numFmt = '@'));
  const help = wb.addWorksheet('填写说明 Notes');
  help.columns = [
    { header: '列 Column', width: 22 },
    { header: '必填 Required', width: 14 },
    { header: '说明 Notes', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  const roleNames = USER_IMPORT_ROLES.map((r) => `${ROLE_LABELS_ZH[r]} (${r})`).join('、');
  const notes: Record<UserImportKey, string> = {
    username: '登录名：小写字母、数字、_ . -，3–40 位；已存在的登录名更新该用户 / existing logins are updated',
    displayName: '姓名 / the person’s name',
    roles: `可填多个，用逗号或顿号分隔 / several, separated by commas: ${roleNames}`,
    email: '新用户必填；已有用户留空则不变 / required for a new user; empty keeps an existing user’s',
    wecomUserId:
      '企业微信管理后台通讯录中的“账号”；留空则不变 / the member’s account in the WeCom admin console; ' +
      'empty keeps the current link',
  };
  for (const c of USER_IMPORT_COLUMNS) {
    help.addRow([`${c.header}/${c.headerEn}`, c.required ? '是 Yes' : '否 No', notes[c.key]]);
  }
  help.addRow([]);
  help.addRow([
    '说明 Notes',
    '',
    '新用户没有密码：用企业微信登录，或由管理员在用户页设置密码。同一文件重复导入不会改变任何数据。' +
      ' / New users have no password: they sign in with WeCom, or the admin sets one on the users page. ' +
      'Importing the same file again changes nothing.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
