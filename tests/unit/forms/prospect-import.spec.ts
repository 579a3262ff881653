// The 留档 import without a database: the template (read back by openpyxl too), reading .xlsx and
// .csv in UTF-8 and GBK, and the row checks with their { row, column, problem } reports.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  IMPORT_COLUMNS,
  ImportFileError,
  naturalKey,
  prospectTemplate,
  readImportFile,
  validateImportRows,
  type ImportOwners,
} from '@kaflow/forms';
import { readWithOpenpyxl } from '../../support/xlsx-readback';

const owners: ImportOwners = {
  byName: new Map([
    ['consultant', 'u-1'],
    ['王顾问', 'u-1'],
    ['consultant_b', 'u-2'],
  ]),
  fallback: null,
};
const HEAD = '单位名称*,客户类型*,联系人*,联系电话*,车型*,数量*,级别*,热点客户,来源渠道*,开发类型*,顾问账号,备注';

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('list');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the import template', () => {
  it('has the 留档 columns in Chinese, drop-down lists for the enumerations and one example row that is not imported', async () => {
    const buf = await prospectTemplate();
    const [sheet, help] = readWithOpenpyxl(buf);
    expect(sheet.name).toBe('留档导入');
    expect(sheet.rows[0].map((c) => c.v)).toEqual(HEAD.split(','));
    expect(sheet.rows[1][0].v).toBe('示例：成都市交通运输局');
    expect(sheet.freeze).toBe('A2');
    const lists = Object.fromEntries(sheet.validations.map((d) => [d.sqref.split(':')[0], d]));
    expect(lists.B2).toMatchObject({
      type: 'list',
      formula1: '"一般大用户,政府,酒店/航空,知名企业,租赁,历史大用户,员工购车"',
    });
    expect(lists.G2.formula1).toBe('"O-已签订未交车,H-1月内,A-1-3月内,B-3月以上,C-1年内,D-推迟购车客户"');
    expect(lists.H2.formula1).toBe('"是,否"');
    expect(lists.I2.formula1).toBe('"商业活动/企业论坛,展厅转化,圈层营销/俱乐部,陌生拜访,重复购买,转介绍,二手车置换"');
    expect(lists.J2.formula1).toBe('"新客户开发,老客户重购"');
    expect(sheet.validations).toHaveLength(5);
    expect(help.name).toBe('填写说明');

    const file = await readImportFile(buf, 'template.xlsx');
    expect(file.rows).toHaveLength(1);
    const v = validateImportRows(file.rows, owners);
    expect(v).toEqual({ valid: [], errors: [], invalidRows: 0, exampleRows: 1 });
  });
});

describe('reading a list', () => {
  it('reads the template filled in with labels, and the same list with API codes and keys', async () => {
    const labels = await xlsx([
      HEAD.split(','),
      [
        '四川航空股份有限公司',
        '酒店/航空',
        '赵经理',
        '139 0000 0000',
        'Q7',
        2,
        'H-1月内',
        '是',
        '转介绍',
        '老客户重购',
        'consultant_b',
        '老客户',
      ],
    ]);
    const codes =
      'account.name,account.customerType,contactName,contactPhone,model,quantity,' +
      'grade,hot,channel,developmentType,owner,note\n' +
      '四川航空股份有限公司,hotel_airline,赵经理,+86 13900000000,Q7,2,H,true,referral,repeat,consultant_b,老客户\n';
    for (const [buf, name] of [
      [labels, 'a.xlsx'],
      [Buffer.from(codes), 'b.csv'],
    ] as const) {
      const v = validateImportRows((await readImportFile(buf, name)).rows, owners);
      expect(v.errors).toEqual([]);
      expect(v.valid).toEqual([
        {
          row: 2,
          accountName: '四川航空股份有限公司',
          customerType: 'hotel_airline',
          contactName: '赵经理',
          contactPhone: '13900000000',
          model: 'Q7',
          quantity: 2,
          grade: 'H',
          hot: true,
          channel: 'referral',
          developmentType: 'repeat',
          ownerId: 'u-2',
          note: '老客户',
          key: '四川航空股份有限公司\u000113900000000\u0001q7',
        },
      ]);
    }
  });

  it('reads CSV in UTF-8 with a BOM and in GBK alike', async () => {
    const text = `${HEAD}\n成都市交通运输局,政府,刘科长,028-85551234,A6L,8,A,否,商业活动/企业论坛,新客户开发,王顾问,\n`;
    const utf8 = await readImportFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'x.csv');
    const gbk = await readImportFile(iconv.encode(text, 'gbk'), 'x.csv');
    expect(utf8.encoding).toBe('utf-8');
    expect(gbk.encoding).toBe('gbk');
    expect(gbk.rows).toEqual(utf8.rows);
    const [row] = validateImportRows(gbk.rows, owners).valid;
    expect(row).toMatchObject({
      accountName: '成都市交通运输局',
      contactPhone: '028-85551234',
      grade: 'A',
      ownerId: 'u-1',
      hot: false,
    });
  });

  it('refuses what it cannot read with the status it deserves', async () => {
    const fail = async (buf: Buffer, name: string) =>
      readImportFile(buf, name).then(
        () => null,
        (e: ImportFileError) => e,
      );
    expect(await fail(Buffer.from(''), 'x.csv')).toMatchObject({ status: 400, message: 'the file is empty' });
    expect(await fail(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls')).toMatchObject({
      status: 415,
    });
    expect(await fail(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'photo.png')).toMatchObject({ status: 415 });
    expect(
      await fail(Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(64, 7)]), 'broken.xlsx'),
    ).toMatchObject({ status: 400 });
    expect(await fail(Buffer.from('a,b,c\n1,2,3\n'), 'x.csv')).toMatchObject({
      status: 400,
      problems: [{ row: 1, problem: expect.stringContaining('header') }],
    });
    const missing = await fail(Buffer.from('单位名称,联系人,联系电话,车型\n'), 'x.csv');
    expect(missing!.status).toBe(400);
    expect(missing!.problems.map((p) => p.column)).toEqual(['客户类型', '数量', '级别', '来源渠道', '开发类型']);
    const big = `${HEAD}\n${'x,政府,刘,13800000000,A6L,1,A,否,转介绍,新客户开发,,\n'.repeat(20_001)}`;
    expect(await fail(Buffer.from(big), 'big.csv')).toMatchObject({ status: 413 });
  });
});

describe('checking rows', () => {
  const base = [
    '成都市交通运输局',
    '政府',
    '刘科长',
    '13880001234',
    'A6L',
    '8',
    'A',
    '',
    '转介绍',
    '新客户开发',
    'consultant',
    '',
  ];
  const rowsOf = async (...rows: string[][]) =>
    (await readImportFile(await xlsx([HEAD.split(','), ...rows]), 'f.xlsx')).rows;

  it('names the row (as the sheet numbers it), the column and the problem', async () => {
    const bad = ['', '部队', '刘', '12345', '', '0', 'W', '也许', '电视广告', '新', 'nobody', ''];
    const v = validateImportRows(await rowsOf(base, bad, [...base.slice(0, 6), 'F', ...base.slice(7)]), owners);
    expect(v.valid).toHaveLength(1);
    expect(v.invalidRows).toBe(2);
    expect(v.errors).toEqual([
      { row: 3, column: '单位名称', problem: 'is required' },
      { row: 3, column: '客户类型', problem: expect.stringContaining('must be one of 一般大用户, 政府') },
      { row: 3, column: '联系电话', problem: expect.stringContaining('mainland mobile number') },
      { row: 3, column: '车型', problem: 'is required' },
      { row: 3, column: '数量', problem: 'must be a whole number from 1 to 500' },
      { row: 3, column: '级别', problem: expect.stringContaining('are not imported') },
      { row: 3, column: '热点客户', problem: 'must be 是 or 否' },
      { row: 3, column: '来源渠道', problem: expect.stringContaining('商业活动/企业论坛') },
      { row: 3, column: '开发类型', problem: expect.stringContaining('新客户开发') },
      { row: 3, column: '顾问账号', problem: expect.stringContaining('active consultant') },
      { row: 4, column: '级别', problem: expect.stringContaining('are not imported') },
    ]);
  });

  it('treats the same account, phone and model as one prospect, within the file too', async () => {
    const again = [
      '成都市交通运输局 ',
      '政府',
      '另一人',
      '138-8000-1234',
      'a6l',
      '2',
      'B',
      '',
      '转介绍',
      '新客户开发',
      '',
      '',
    ];
    const other = [...base.slice(0, 4), 'Q5L', ...base.slice(5)];
    const v = validateImportRows(await rowsOf(base, again, other), { ...owners, fallback: 'u-9' });
    expect(v.valid.map((r) => r.row)).toEqual([2, 4]);
    expect(v.errors).toEqual([
      { row: 3, column: '单位名称', problem: 'repeats row 2 (same account, contact phone and model)' },
    ]);
    expect(naturalKey(' 成都市交通运输局', '13880001234', 'A6L ')).toBe(
      naturalKey('成都市交通运输局', '138 8000 1234', 'a6l'),
    );
  });

  it('needs an owner when the importer is not a consultant, and keeps formula-looking text as plain text', async () => {
    const noOwner = [...base.slice(0, 10), '', '=cmd|calc'];
    const v = validateImportRows(await rowsOf(noOwner), owners);
    expect(v.errors).toEqual([
      { row: 2, column: '顾问账号', problem: 'is required: name the consultant who owns the prospect' },
    ]);
    const ok = validateImportRows(await rowsOf(noOwner), { ...owners, fallback: 'u-1' });
    expect(ok.valid[0].note).toBe('=cmd|calc');
  });

  it('lists every column of the 留档 record once', () => {
    expect(IMPORT_COLUMNS.map((c) => c.key)).toEqual([
      'accountName',
      'customerType',
      'contactName',
      'contactPhone',
      'model',
      'quantity',
      'grade',
      'hot',
      'channel',
      'developmentType',
      'owner',
      'note',
    ]);
  });
});
