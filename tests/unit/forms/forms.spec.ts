// The 14 form definitions over hand-written sources: their rows (worked out by hand), and every form
// written as .xlsx and read back by exceljs and by openpyxl, cell by cell against the JSON.
import { PassThrough } from 'node:stream';
import {
  FORMS,
  findForm,
  formJson,
  formList,
  headerRows,
  parsePeriod,
  toolkitPeriod,
  writeFormXlsx,
  writeToolkitXlsx,
  type FormContext,
  type FormJson,
  type FormSources,
  type Lang,
} from '@kaflow/forms';
import { dataValues, readWithExceljs, readWithOpenpyxl, type Plain } from '../../support/xlsx-readback';
import { fakeSources } from './fake-sources';

const TZ = 'Asia/Shanghai';
const META = { dealer: '成都蓉城奥迪', printedAt: '2026-11-30 10:00' };

function ctxFor(no: number, lang: Lang = 'zh'): FormContext {
  return { period: toolkitPeriod(findForm(no)!.period, '2026-11'), timezone: TZ, lang };
}
const json = (no: number, src: FormSources = fakeSources(), lang: Lang = 'zh') =>
  formJson(findForm(no)!, src, ctxFor(no, lang), META.dealer);

async function toBuffer(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  await write(out);
  await done;
  return Buffer.concat(chunks);
}
const colName = (n: number) =>
  n <= 26
    ? String.fromCharCode(64 + n)
    : String.fromCharCode(64 + Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));
const expected = (j: FormJson) => j.rows.map((r) => j.columns.map((c) => r[c.key] ?? null));

describe('the toolkit list', () => {
  it('numbers the 14 forms as the manual does, with its Chinese titles and periods', () => {
    const list = formList();
    expect(list.map((f) => f.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(list.find((f) => f.no === 4)).toEqual({
      no: 4,
      key: 'personal-targets',
      title: '个人目标确认书',
      period: 'month',
    });
    expect(list.find((f) => f.no === 1)!.title).toBe('大用户销量\\订单目标年度规划表');
    expect(list.find((f) => f.no === 10)!.period).toBe('none');
    expect(list.find((f) => f.no === 7)!.period).toBe('week');
    expect(list.find((f) => f.no === 12)!.title).toBe('客服部检核反馈表');
  });

  it('reads periods by kind and names the problem otherwise', () => {
    expect(parsePeriod('year', '2026')).toEqual({ kind: 'year', value: '2026' });
    expect(parsePeriod('month', '2026-13')).toEqual({ problem: expect.stringContaining('YYYY-MM') });
    expect(parsePeriod('week', '2025-W53')).toEqual({ problem: '2025 has no week 53' });
    expect(parsePeriod('week', '2026-W53')).toEqual({ kind: 'week', value: '2026-W53' });
    expect(parsePeriod('week', '2026-W45')).toEqual({ kind: 'week', value: '2026-W45' });
    expect(parsePeriod('week', '2026-11')).toEqual({ kind: 'month', value: '2026-11' });
    expect(parsePeriod('month', undefined)).toEqual({ problem: expect.stringContaining('is required') });
    expect(parsePeriod('none', 'x')).toEqual({ kind: 'none', value: '' });
  });
});

describe('form rows', () => {
  it('附件5 sums the ladder at the month start and end', async () => {
    const [r] = (await json(5)).rows;
    expect(r).toMatchObject({ model: 'A6L', startTotal: 21, endTotal: 22, startH: 2, endB: 5, created: 3, lost: 1 });
  });

  it('附件11 puts H and A together and counts each class', async () => {
    const rows = (await json(11)).rows.map((r) => [r.category, r.start, r.entered, r.end]);
    expect(rows).toEqual([
      ['H/A', 5, 3, 4],
      ['B', 4, 0, 5],
      ['C', 0, 0, 0],
      ['D', 0, 0, 0],
      ['F', 0, 1, 1],
    ]);
  });

  it('prints times in the dealer zone (附件4, 12, 13)', async () => {
    expect((await json(4)).rows[0]).toMatchObject({
      consultant: '王顾问',
      status: '已确认',
      decidedAt: '2026-10-28 00:30',
      byModel: 'A6L 7',
    });
    expect((await json(4)).rows[1]).toMatchObject({ status: '待确认', decidedAt: null });
    const [cb] = (await json(12)).rows;
    expect(cb).toMatchObject({
      recordedAt: '2026-11-02 09:00',
      doneAt: '2026-11-03 14:15',
      outcome: '信息有误',
      onTime: '是',
      corrections: 'contactPhone: 13880004321',
      calledBy: '黄客服',
      fixedBy: '李顾问 代 王顾问',
      verifiedBy: '赵经理 代 黄客服',
    });
    const [hot] = (await json(13)).rows;
    expect(hot).toMatchObject({
      followUpDates: '2026-11-02, 2026-11-10',
      nextFollowUpDue: '2026-11-12 23:59',
      reached: '否',
    });
    const utc = await formJson(findForm(13)!, fakeSources(), { ...ctxFor(13), timezone: 'UTC' }, META.dealer);
    expect(utc.rows[0].followUpDates).toBe('2026-11-02, 2026-11-09');
  });

  it('附件10 states the dealer cadence, 附件1 closes with the totals, 附件7 lists every week of the month', async () => {
    const std = (await json(10)).rows;
    expect(std.find((r) => r.grade === 'H')).toMatchObject({ cadence: '每3天' });
    expect(std.find((r) => r.grade === 'O')).toMatchObject({ cadence: '每周' });
    expect(std.at(-1)).toMatchObject({ cadence: '每月4次' });
    expect((await json(1)).rows.at(-1)).toMatchObject({
      month: '合计',
      orders: 16,
      aak: 13,
      submissions: 13,
      backlog: null,
    });
    expect((await json(7)).rows.map((r) => r.week)).toEqual(['2026-W45', '2026-W46']);
  });

  it('answers in English with lang=en', async () => {
    const en = await json(12, fakeSources(), 'en');
    expect(en.title).toBe('Customer-service check feedback');
    expect(en.columns[0]).toEqual({ key: 'account', label: 'account', type: 'text' });
    expect(en.rows[0].outcome).toBe('incorrect');
    expect(en.rows[0]).toMatchObject({
      calledBy: '黄客服',
      fixedBy: '李顾问 on behalf of 王顾问',
      verifiedBy: '赵经理 on behalf of 黄客服',
    });
  });

  it('signs a plan form with its sign-off steps, a substitute as "B 代 A"; other forms have no signature lines', async () => {
    expect((await json(1)).signatures).toEqual([
      { key: 'drafted', label: '编制', name: '王经理', at: '2026-10-20 10:00' },
      { key: 'reviewed', label: '审核', name: '陈总 代 刘总监', at: '2026-10-21 14:30' },
      { key: 'signed', label: '签批', name: '陈总', at: '2026-10-21 15:05' },
    ]);
    expect((await json(1, fakeSources(), 'en')).signatures.map((x) => [x.label, x.name])).toEqual([
      ['prepared by', '王经理'],
      ['reviewed by', '陈总 on behalf of 刘总监'],
      ['signed off by', '陈总'],
    ]);
    // a plan whose chain left nothing on record yet, and a form without signature lines
    expect((await json(2)).signatures).toEqual([]);
    expect((await json(5)).signatures).toEqual([]);
  });
});

describe('every form as .xlsx, read back by two readers', () => {
  it.each(FORMS.map((f) => [f.no, f.key]))(
    '附件%i (%s): title, heading, merged headers, frozen header, every cell',
    async (no) => {
      const def = findForm(no as number)!;
      const ctx = ctxFor(def.no);
      const j = await formJson(def, fakeSources(), ctx, META.dealer);
      const buf = await toBuffer((out) => writeFormXlsx(def, fakeSources(), ctx, META, out));
      const first = headerRows(def) + 1;
      const want = expected(j);
      expect(want.length).toBeGreaterThan(0);

      // below the rows, after an empty one, a signature line each: the step, who, and when in the last column
      const n = j.columns.length;
      const signed = (rows: Array<Array<{ v: unknown }> | undefined>) =>
        j.signatures.map((_, k) => {
          const r = rows[first - 1 + want.length + 1 + k] ?? [];
          return [r[0]?.v ?? null, r[1]?.v ?? null, r[n - 1]?.v ?? null];
        });
      const lines = j.signatures.map((x) => [x.label, x.name, x.at]);
      const tableOf = (rows: Array<Array<{ v: Plain }> | undefined>) =>
        dataValues(rows, first, n).slice(0, j.signatures.length ? want.length : undefined);

      const [ex] = await readWithExceljs(buf);
      expect(ex.rows[0][0].v).toBe(`附件${def.no}  ${j.title}`);
      expect(String(ex.rows[1][0].v)).toContain('经销商：成都蓉城奥迪');
      expect(tableOf(ex.rows)).toEqual(want);
      expect(signed(ex.rows)).toEqual(lines);
      expect(ex.columns.filter((w) => !(typeof w === 'number' && w >= 6 && w <= 60))).toEqual([]);

      const [py] = readWithOpenpyxl(buf);
      expect(py.rows[0][0].v).toBe(`附件${def.no}  ${j.title}`);
      expect(py.freeze).toBe(`A${first}`);
      expect(py.merged).toContain(`A1:${colName(j.columns.length)}1`);
      expect(tableOf(py.rows)).toEqual(want);
      expect(signed(py.rows)).toEqual(lines);
      if (j.signatures.length)
        expect(py.merged).toContain(`B${first + want.length + 1}:${colName(n - 1)}${first + want.length + 1}`);
      const labels = py.rows[first - 2].map((c) => c.v);
      j.columns.forEach((c, k) => {
        const shown = c.group ? labels[k] : (py.rows[2][k].v as string);
        expect(shown).toBe(c.label);
      });
      // grouped headers: one merged cell over the columns of each group
      for (const g of new Set(j.columns.filter((c) => c.group).map((c) => c.group))) {
        const idx = j.columns.map((c, k) => (c.group === g ? k + 1 : 0)).filter(Boolean);
        if (idx.length > 1) expect(py.merged).toContain(`${colName(idx[0])}3:${colName(idx.at(-1)!)}3`);
        expect(py.rows[2][idx[0] - 1].v).toBe(g);
      }
      // numbers keep their formats; formula-looking text stays text
      py.rows
        .slice(first - 1)
        .flat()
        .forEach((c) => {
          if (typeof c.v === 'string' && /^[=+\-@]/.test(c.v)) expect([c.t, c.f]).toEqual(['s', '@']);
        });
      j.columns.forEach((c, k) => {
        const cells = py.rows
          .slice(first - 1)
          .map((r) => r[k])
          .filter((x) => x && typeof x.v === 'number');
        if (c.label && cells.length && (j.columns[k] as any)) {
          const type = def.columns[k].type;
          const fmt = { int: '#,##0', number: '#,##0.00', percent: '0.0%' }[type as 'int'];
          if (fmt) cells.forEach((x) => expect(x.f).toBe(fmt));
        }
      });
    },
  );

  it('writes text that looks like a formula as text (附件8, 9)', async () => {
    const buf = await toBuffer((out) => writeFormXlsx(findForm(8)!, fakeSources(), ctxFor(8), META, out));
    const [py] = readWithOpenpyxl(buf);
    const cells = py.rows.flat().filter((c) => c.v === '=HYPERLINK("http://x")');
    expect(cells).toEqual([{ v: '=HYPERLINK("http://x")', t: 's', f: '@' }]);
    expect(buf.toString('latin1')).not.toContain('<f>');
  });

  it('writes a signer whose name looks like a formula as text (附件1)', async () => {
    const src = fakeSources();
    const plan = await src.plan('annual', '2026');
    src.plan = async () => ({
      ...plan!,
      signOffs: [{ step: 'drafted', by: '=HYPERLINK("http://y")', onBehalfOf: null, at: null }],
    });
    const buf = await toBuffer((out) => writeFormXlsx(findForm(1)!, src, ctxFor(1), META, out));
    const [py] = readWithOpenpyxl(buf);
    expect(py.rows.flat().filter((c) => c.v === '=HYPERLINK("http://y")')).toEqual([
      { v: '=HYPERLINK("http://y")', t: 's', f: '@' },
    ]);
    expect(buf.toString('latin1')).not.toContain('<f>');
  });

  it('the toolkit workbook holds the 14 forms and opens in openpyxl', async () => {
    const buf = await toBuffer((out) => writeToolkitXlsx(fakeSources(), '2026-11', TZ, 'zh', META, out));
    const sheets = readWithOpenpyxl(buf);
    expect(sheets).toHaveLength(14);
    expect(sheets[0].name).toBe('附件1 大用户销量 订单目标年度规划表');
    for (const [k, s] of sheets.entries()) {
      const def = FORMS[k];
      const j = await formJson(def, fakeSources(), ctxFor(def.no), META.dealer);
      const table = dataValues(s.rows, headerRows(def) + 1, j.columns.length);
      expect(table.slice(0, j.signatures.length ? j.rows.length : undefined)).toEqual(expected(j));
      // the plan forms sign below their rows
      expect(table.slice(j.rows.length + 1).map((r) => r[0])).toEqual(j.signatures.map((x) => x.label));
    }
  });
});
