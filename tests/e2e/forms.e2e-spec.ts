// GET /api/forms, /api/forms/:no and /api/forms/toolkit.xlsx against the real stack. The test writes a
// known month of records for dealer 1 (grade history, a delivery, callbacks with a rectification, a
// loss, a hot customer, an approved annual plan) and one prospect for dealer 2, then checks 附件5, 11
// and 12 against figures worked out by hand, and every form's .xlsx cell by cell against its JSON with
// two readers (exceljs and openpyxl).
import { randomUUID } from 'node:crypto';
import { localDate, zonedInstant } from '@kaflow/calendar';
import { FORMS, headerRows } from '@kaflow/forms';
import {
  AccountEntity,
  CallbackCheckEntity,
  ContactEntity,
  ConversionStateEntity,
  GradeChangeEntity,
  PersonalTargetEntity,
  PlanEntity,
  ProspectEntity,
  SalesEventEntity,
  TaskEntity,
  VisitPlanEntity,
  VisitRecordEntity,
} from '@kaflow/persistence';
import { startE2E, type E2E } from '../support/e2e';
import { dataValues, readWithExceljs, readWithOpenpyxl, binaryBody } from '../support/xlsx-readback';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const TZ = 'Asia/Shanghai';
const shift = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const M = shift(localDate(new Date(), TZ).slice(0, 7), -1);
const BEFORE = shift(M, -1);
const at = (d: number, month = M) => zonedInstant(`${month}-${String(d).padStart(2, '0')}`, '12:00', TZ);

async function prospect(o: {
  dealer?: 2;
  owner?: string;
  model: string;
  history: Array<[string, Date]>;
  hot?: boolean;
  name?: string;
}) {
  const dealerId = o.dealer ? env.dealer2.id : env.dealer1.id;
  const owner = env.users[o.owner ?? (o.dealer ? 'consultant2' : 'consultant')];
  const account = await env.db
    .getRepository(AccountEntity)
    .save({ dealerId, name: o.name ?? `单位 ${randomUUID().slice(0, 8)}`, customerType: 'enterprise', address: null });
  const contact = await env.db
    .getRepository(ContactEntity)
    .save({ dealerId, accountId: account.id, name: '王经理', title: null, phone: '13800138000' });
  const [first] = o.history;
  const last = o.history[o.history.length - 1];
  const id = randomUUID();
  await env.db.getRepository(ProspectEntity).insert({
    id,
    dealerId,
    accountId: account.id,
    contactId: contact.id,
    model: o.model,
    quantity: 2,
    grade: last[0],
    hot: !!o.hot,
    channel: 'cold_visit',
    developmentType: 'new',
    ownerId: owner.id,
    note: null,
    createdAt: first[1],
    updatedAt: last[1],
  });
  let from: string | null = null;
  for (const [g, when] of o.history) {
    await env.db
      .getRepository(GradeChangeEntity)
      .insert({ dealerId, prospectId: id, fromGrade: from, toGrade: g, at: when, byUserId: owner.id, reason: 'test' });
    from = g;
  }
  return { id, account: account.name };
}

let p3: { id: string; account: string };
beforeAll(async () => {
  await prospect({
    model: 'A6L',
    history: [
      ['B', at(20, BEFORE)],
      ['A', at(5)],
    ],
    hot: true,
  });
  await prospect({
    model: 'A6L',
    history: [
      ['H', at(21, BEFORE)],
      ['O', at(8)],
    ],
  });
  p3 = await prospect({ model: 'A6L', history: [['C', at(10)]], name: '=成都 公司' });
  const p4 = await prospect({
    model: 'A6L',
    history: [
      ['A', at(22, BEFORE)],
      ['F', at(12)],
    ],
  });
  await prospect({ model: 'A6L', history: [['D', at(23, BEFORE)]] });
  await prospect({
    model: 'A6L',
    history: [
      ['C', at(24, BEFORE)],
      ['D', at(15)],
    ],
  });
  const p7 = await prospect({ model: 'Q5L', owner: 'consultant_b', history: [['H', at(3)]] });
  const p8 = await prospect({ model: 'Q5L', history: [['O', at(25, BEFORE)]] });
  await prospect({
    dealer: 2,
    model: 'A6L',
    history: [
      ['A', at(20, BEFORE)],
      ['H', at(6)],
    ],
  });
  await env.db.getRepository(ConversionStateEntity).insert({
    prospectId: p8.id,
    dealerId: env.dealer1.id,
    workflowId: `conversion:${env.dealer1.id}:${p8.id}`,
    status: 'delivered',
    deliveredAt: at(20),
    endedAt: at(20),
    startedAt: at(25, BEFORE),
    updatedAt: at(20),
  });
  const check = (p: { id: string }, owner: string, o: Partial<CallbackCheckEntity>) =>
    env.db.getRepository(CallbackCheckEntity).insert({
      workflowId: `callback:${env.dealer1.id}:${p.id}`,
      dealerId: env.dealer1.id,
      prospectId: p.id,
      ownerId: env.users[owner].id,
      status: 'open',
      outcome: null,
      corrections: null,
      dueAt: at(17),
      doneAt: null,
      onTime: null,
      verificationOutcome: null,
      closedAt: null,
      createdAt: at(10),
      ...o,
    });
  await check(p3, 'consultant', {
    status: 'closed',
    outcome: 'incorrect',
    corrections: [{ field: 'contactName', value: '王科长' }],
    doneAt: at(12),
    onTime: true,
    verificationOutcome: 'verified',
    closedAt: at(16),
  });
  await check(p7, 'consultant_b', { createdAt: at(3), dueAt: at(10) });
  await env.db.getRepository(TaskEntity).insert({
    id: randomUUID(),
    dealerId: env.dealer1.id,
    kind: 'rectification',
    title: '整改',
    status: 'done',
    assigneeUserId: env.users.consultant.id,
    assigneeRole: null,
    chain: 'default',
    escalationLevel: 0,
    dueAt: at(15),
    originalDueAt: at(15),
    remindAt: at(14),
    dueRule: { workingDays: 3 },
    subjectType: 'prospect',
    subjectId: p3.id,
    payload: {},
    decision: 'fixed',
    workflowId: `callback:${env.dealer1.id}:${p3.id}`,
    createdAt: at(12),
  });
  await env.db.query(
    `INSERT INTO lost_analysis ("dealerId", "prospectId", "consultantId", model, "fromGrade", "lostAt", "overdueAtLoss",
      status, "reasonCategory", lessons, "createdAt")
     VALUES ($1, $2, $3, 'A6L', 'A', $4, false, 'done', 'price', '报价慢', $4)`,
    [env.dealer1.id, p4.id, env.users.consultant.id, at(12)],
  );
  await env.db.getRepository(PlanEntity).insert({
    dealerId: env.dealer1.id,
    kind: 'annual',
    period: M.slice(0, 4),
    version: 1,
    status: 'approved',
    input: {},
    result: <Record<string, any>>{
      months: [
        {
          month: `${M.slice(0, 4)}-01`,
          orders: 10,
          aak: 8,
          submissions: 7,
          backlog: 12,
          pendingSubmissions: 3,
          orderDepth: 1.5,
        },
      ],
      totals: { orders: 10, aak: 8, submissions: 7 },
    },
  });
  // the month's approved rolling plan, decomposition (with both consultants' target letters) and lead plan,
  // a visit plan with its visit, and an event: every form of the toolkit has rows for the month
  const plan = (kind: PlanEntity['kind'], input: Record<string, any>, result: Record<string, any>) =>
    env.db.getRepository(PlanEntity).save({
      dealerId: env.dealer1.id,
      kind,
      period: M,
      version: 1,
      status: 'approved',
      input,
      result,
    });
  const line = { orders: 6, aak: 5, submissions: 4 };
  await plan(
    'rolling',
    {},
    {
      closed: [{ month: BEFORE, ...line }],
      months: [{ month: M, ...line, backlog: 9, pendingSubmissions: 2, orderDepth: 1.5 }],
    },
  );
  const decomposition = await plan(
    'decomposition',
    {},
    {
      month: M,
      byModel: [{ model: 'A6L', ...line }],
      byCustomerType: [{ customerType: 'enterprise', ...line }],
      byChannel: [{ channel: 'new', ...line }],
      byConsultant: [{ consultantId: env.users.consultant.id, name: env.users.consultant.displayName, ...line }],
    },
  );
  for (const who of ['consultant', 'consultant_b'])
    await env.db.getRepository(PersonalTargetEntity).insert({
      dealerId: env.dealer1.id,
      month: M,
      planId: decomposition.id,
      consultantId: env.users[who].id,
      targets: <Record<string, any>>{ ...line, byModel: [{ model: 'A6L', ...line }] },
      status: 'confirmed',
      comment: null,
      taskId: null,
      decidedAt: at(3),
    });
  await plan(
    'lead',
    {
      models: [
        {
          model: 'A6L',
          orderTarget: 6,
          leadCloseRate: 0.2,
          haCloseRate: 0.5,
          bcConversionRate: 0.3,
          haOnHand: 2,
          bcOnHand: 4,
        },
      ],
    },
    { models: [{ model: 'A6L', leadTarget: 30, newHaTarget: 8, bcToHaTarget: 1 }] },
  );
  const visitPlan = await env.db.getRepository(VisitPlanEntity).save({
    dealerId: env.dealer1.id,
    consultantId: env.users.consultant.id,
    month: M,
    accountId: null,
    accountName: '成都市交通运输局',
    plannedDate: `${M}-08`,
    purpose: '年度车辆更新需求摸底',
  });
  await env.db.getRepository(VisitRecordEntity).insert({
    dealerId: env.dealer1.id,
    consultantId: env.users.consultant.id,
    planId: visitPlan.id,
    accountId: null,
    accountName: '成都市交通运输局',
    visitedOn: `${M}-08`,
    leadsMet: 2,
    summary: '了解更新计划',
  });
  await env.db.getRepository(SalesEventEntity).insert({
    dealerId: env.dealer1.id,
    kind: 'showroom',
    name: '企业客户试驾会',
    ownerId: env.users.consultant.id,
    plannedDate: `${M}-20`,
    heldOn: `${M}-20`,
    location: '展厅',
  });
});

const get = (path: string, as = 'ka_manager') => env.http.get(path).set(env.auth(as));
const xlsx = (path: string, as = 'ka_manager') => get(path, as).buffer(true).parse(binaryBody);
const byKey = (rows: any[], key: string, v: string) => rows.find((r) => r[key] === v);

it("lists the 14 forms with the manual's numbers and titles", async () => {
  const res = await get('/api/forms');
  expect(res.status).toBe(200);
  expect(res.body).toHaveLength(14);
  expect(res.body[4]).toEqual({ no: 5, key: 'base-inventory', title: '月度基盘客户盘点表', period: 'month' });
});

it('附件5: the live base per model at the month start and end, with the movements (worked out by hand)', async () => {
  const res = await get(`/api/forms/5?period=${M}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ no: 5, title: '月度基盘客户盘点表', period: M, dealer: env.dealer1.name });
  expect(res.body.rows).toEqual([
    {
      model: 'A6L',
      startO: 0,
      startH: 1,
      startA: 1,
      startB: 1,
      startC: 1,
      startD: 1,
      startTotal: 5,
      created: 1,
      upgrades: 2,
      downgrades: 1,
      lost: 1,
      ordered: 1,
      delivered: 0,
      endO: 1,
      endH: 0,
      endA: 1,
      endB: 0,
      endC: 1,
      endD: 2,
      endTotal: 5,
    },
    {
      model: 'Q5L',
      startO: 1,
      startH: 0,
      startA: 0,
      startB: 0,
      startC: 0,
      startD: 0,
      startTotal: 1,
      created: 1,
      upgrades: 0,
      downgrades: 0,
      lost: 0,
      ordered: 0,
      delivered: 1,
      endO: 0,
      endH: 1,
      endA: 0,
      endB: 0,
      endC: 0,
      endD: 0,
      endTotal: 1,
    },
  ]);
});

it('附件11: the grading entry classes with counts; 附件12: every callback with its rectification, a consultant sees their own', async () => {
  const entry = (await get(`/api/forms/11?period=${M}`)).body.rows.map((r: any) => [
    r.category,
    r.start,
    r.entered,
    r.end,
  ]);
  expect(entry).toEqual([
    ['H/A', 2, 2, 2],
    ['B', 1, 0, 0],
    ['C', 1, 1, 1],
    ['D', 1, 1, 2],
    ['F', 0, 1, 1],
  ]);
  const cb = (await get(`/api/forms/12?period=${M}`)).body.rows;
  expect(cb).toHaveLength(2);
  expect(byKey(cb, 'account', p3.account)).toMatchObject({
    recordedAt: `${M}-10 12:00`,
    doneAt: `${M}-12 12:00`,
    onTime: '是',
    outcome: '信息有误',
    corrections: 'contactName: 王科长',
    rectification: '已完成',
    rectificationDueAt: `${M}-15 12:00`,
    verification: '属实',
    status: '已关闭',
    model: 'A6L',
    grade: 'C',
  });
  const own = (await get(`/api/forms/12?period=${M}`, 'consultant')).body.rows;
  expect(own.map((r: any) => r.account)).toEqual([p3.account]);
  expect((await get(`/api/forms/5?period=${M}`, 'ka_manager2')).body.rows).toEqual([
    expect.objectContaining({ model: 'A6L', startA: 1, startTotal: 1, upgrades: 1, endH: 1 }),
  ]);
});

it('refuses what it cannot answer with a 4xx naming the field', async () => {
  expect((await get('/api/forms/15?period=2026-01')).status).toBe(404);
  const bad = await get('/api/forms/5?period=2026-13');
  expect(bad.status).toBe(400);
  expect(bad.body.details).toEqual([{ field: 'period', problem: expect.stringContaining('YYYY-MM') }]);
  expect((await get('/api/forms/5')).body.details[0].field).toBe('period');
  expect((await get(`/api/forms/5?period=${M}&lang=fr`)).body.details).toEqual([
    { field: 'lang', problem: 'must be zh or en' },
  ]);
  expect((await get(`/api/forms/5?period=${M}&format=pdf`)).status).toBe(400);
  expect((await get('/api/forms/toolkit.xlsx?month=13')).status).toBe(400);
  expect((await env.http.get('/api/forms')).status).toBe(401);
  // the region view answers region callers only: a dealer user is refused
  expect((await get(`/api/region/forms/5?period=${M}`)).status).toBe(403);
});

it.each(FORMS.map((f) => [f.no]))(
  '附件%i as .xlsx holds exactly the JSON rows, read by exceljs and by openpyxl',
  async (no) => {
    const def = FORMS.find((f) => f.no === no)!;
    const period = def.period === 'none' ? '' : def.period === 'year' ? M.slice(0, 4) : M;
    const json = await get(`/api/forms/${no}?period=${period}`);
    expect(json.status).toBe(200);
    const res = await xlsx(`/api/forms/${no}?period=${period}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`附件${no}_`));
    const want = json.body.rows.map((r: any) => json.body.columns.map((c: any) => r[c.key] ?? null));
    const [ex] = await readWithExceljs(res.body);
    const [py] = readWithOpenpyxl(res.body);
    for (const sheet of [ex, py]) {
      expect(sheet.rows[0][0].v).toBe(`附件${no}  ${json.body.title}`);
      expect(String(sheet.rows[1][0].v)).toContain(env.dealer1.name);
      expect(dataValues(sheet.rows, headerRows(def) + 1, json.body.columns.length)).toEqual(want);
    }
    // the fixture gives every form rows, so the cells compared are never only empty against empty
    expect(want.length).toBeGreaterThan(0);
  },
);

it('answers in English with lang=en, and the toolkit workbook of the month opens in openpyxl with all 14 forms', async () => {
  const en = await get(`/api/forms/12?period=${M}&lang=en`);
  expect(en.body.title).toBe('Customer-service check feedback');
  expect(byKey(en.body.rows, 'account', p3.account).outcome).toBe('incorrect');
  const res = await xlsx(`/api/forms/toolkit.xlsx?month=${M}`);
  expect(res.status).toBe(200);
  const sheets = readWithOpenpyxl(res.body);
  expect(sheets.map((s) => s.name.split(' ')[0])).toEqual(FORMS.map((f) => `附件${f.no}`));
  const five = (await get(`/api/forms/5?period=${M}`)).body;
  expect(dataValues(sheets[4].rows, 5, five.columns.length)).toEqual(
    five.rows.map((r: any) => five.columns.map((c: any) => r[c.key])),
  );
  const cell = sheets[11].rows.flat().find((c) => c.v === p3.account)!;
  expect([cell.t, cell.f]).toEqual(['s', '@']);
});

it('附件7: a file names the progress lines in its reader’s language only, in the JSON and in the .xlsx', async () => {
  const def = FORMS.find((f) => f.no === 7)!;
  const zh = await get(`/api/forms/7?period=${M}`);
  const en = await get(`/api/forms/7?period=${M}&lang=en`);
  expect([zh.status, en.status]).toEqual([200, 200]);
  const lines = (body: any): string[] => body.rows.map((r: any) => r.line);
  const weeks = new Set(zh.body.rows.map((r: any) => r.week)).size;
  expect(weeks).toBeGreaterThan(0);
  // the month's three totals, once a week, named as the manual names them in each language
  const times = (list: string[], v: string) => list.filter((l) => l === v).length;
  for (const name of ['订单', 'AAK(交车)', '系统提报']) expect(times(lines(zh.body), name)).toBe(weeks);
  for (const name of ['Orders', 'AAK (deliveries)', 'Submissions']) expect(times(lines(en.body), name)).toBe(weeks);
  // no word of the other language: Chinese lines without English words (AAK is the manual's own term),
  // English lines and headers without Chinese (a model's or consultant's own name aside)
  const englishWord = /\b(?!AAK\b)[A-Za-z]{2,}\b/;
  const chinese = /[\u4e00-\u9fa5]/;
  const own = (l: string) => l.replace(/ · (model|consultant|车型|顾问) .*$/, '');
  expect(lines(zh.body).filter((l) => englishWord.test(own(l).replace(/ vs /, ' ')))).toEqual([]);
  expect(lines(en.body).filter((l) => chinese.test(own(l)))).toEqual([]);
  expect(en.body.columns.filter((c: any) => chinese.test(c.label))).toEqual([]);
  expect(zh.body.columns.filter((c: any) => englishWord.test(c.label))).toEqual([]);
  // the workbooks hold the same lines
  const lineColumn = zh.body.columns.findIndex((c: any) => c.key === 'line');
  for (const [body, lang] of [
    [zh.body, 'zh'],
    [en.body, 'en'],
  ] as const) {
    const res = await xlsx(`/api/forms/7?period=${M}&format=xlsx&lang=${lang}`);
    expect(res.status).toBe(200);
    const [sheet] = readWithOpenpyxl(res.body);
    const values = dataValues(sheet.rows, headerRows(def) + 1, body.columns.length).map((r) => r[lineColumn]);
    expect(values).toEqual(lines(body));
  }
});
