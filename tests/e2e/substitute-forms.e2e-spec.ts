// The forms that show who approved, signed or confirmed name a substitute's decision as "B 代 A" (issue #22 §3),
// from real workflows' task rows: the annual plan (附件1) reviewed by the GM standing in for the sales director, and
// a callback check (附件12) called by the CS manager standing in for the agent, its rectification marked fixed by
// a colleague standing in for the consultant, and verified by the agent themself. Each produced .xlsx is read back
// and its cells compared with texts written out here.
import { triggerProcess, startE2E, waitInboxTask, type E2E, type InboxTask } from '../support/e2e';
import { eventually } from '../support/eventually';
import { binaryBody, readWithExceljs, readWithOpenpyxl, type Plain } from '../support/xlsx-readback';
import { terminateAndStop } from '../support/env';

jest.setTimeout(180_000);
let env: E2E;
const started: string[] = [];
beforeAll(async () => {
  env = await startE2E({
    durations: {
      callback: 'PT1H',
      rectification: 'PT1H',
      planDraft: 'PT1H',
      planReview: 'PT1H',
      planSignoff: 'PT1H',
    },
  });
});
afterAll(async () => {
  await terminateAndStop(env, started);
});

/** Today at the dealer (Asia/Shanghai, UTC+8 without daylight saving), worked out here apart from the API. */
const today = () => new Date(env.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const name = (who: string) => env.users[who].displayName;

async function substitute(who: string, by: string) {
  const res = await env.http
    .post('/api/substitutes')
    .set(env.auth('admin'))
    .send({ userId: env.users[who].id, substituteUserId: env.users[by].id, fromDate: today(), toDate: today() });
  expect(res.status).toBe(201);
}

async function decide(who: string, task: InboxTask, body: Record<string, unknown>, onBehalfOf: string | null) {
  const res = await env.http.post(`/api/tasks/${task.id}/complete`).set(env.auth(who)).send(body);
  expect(res.status).toBe(200);
  expect(res.body.decidedOnBehalfOf).toBe(onBehalfOf ? env.users[onBehalfOf].id : null);
}

const xlsx = async (path: string) => {
  const res = await env.http.get(path).set(env.auth('ka_manager')).buffer(true).parse(binaryBody);
  expect(res.status).toBe(200);
  return res.body as Buffer;
};

it('附件1 signs the annual plan: prepared by the manager, reviewed by the GM for the director, signed by the GM', async () => {
  // the director names the GM for today on their own profile
  const set = await env.http
    .post('/api/substitutes')
    .set(env.auth('sales_director'))
    .send({ substituteUserId: env.users.gm.id, fromDate: today(), toDate: today(), reason: '出差' });
  expect(set.status).toBe(201);
  await triggerProcess(env, 'annual-plan', '2026-12-01', started);
  await decide('ka_manager', await waitInboxTask(env, 'ka_manager', 'plan_draft'), { decision: 'submit' }, null);
  // the director's review reaches the GM's inbox on the director's behalf
  const review = await waitInboxTask(env, 'gm', 'plan_review');
  expect(review.onBehalfOf).toEqual({ id: env.users.sales_director.id, displayName: name('sales_director') });
  expect(review.payload.coverageOk).not.toBe(false); // the approval needs no override note
  await decide('gm', review, { decision: 'approve' }, 'sales_director');
  await decide('gm', await waitInboxTask(env, 'gm', 'plan_signoff'), { decision: 'approve' }, null);
  await eventually(async () =>
    expect((await env.http.get('/api/plans/annual/2027').set(env.auth('gm'))).body.status).toBe('approved'),
  );

  const lines = {
    zh: [
      ['编制', name('ka_manager')],
      ['审核', `${name('gm')} 代 ${name('sales_director')}`],
      ['签批', name('gm')],
    ],
    en: [
      ['prepared by', name('ka_manager')],
      ['reviewed by', `${name('gm')} on behalf of ${name('sales_director')}`],
      ['signed off by', name('gm')],
    ],
  };
  for (const lang of ['zh', 'en'] as const) {
    const json = await env.http.get(`/api/forms/1?period=2027&lang=${lang}`).set(env.auth('ka_manager'));
    expect(json.status).toBe(200);
    expect(json.body.signatures.map((s: any) => [s.label, s.name])).toEqual(lines[lang]);
    // in the workbook: below the header (4 rows: title, heading, the grouped header and the labels), the 12 months
    // and the total, an empty row, then a line each: the step, who, and when in the last (7th) column
    expect(json.body.rows).toHaveLength(13);
    const buf = await xlsx(`/api/forms/1?period=2027&format=xlsx&lang=${lang}`);
    const first = 4 + 13 + 1; // 0-based index of the first signature line
    for (const rows of [(await readWithExceljs(buf))[0].rows, readWithOpenpyxl(buf)[0].rows]) {
      expect((rows[first - 1] ?? []).every((c) => c.v === null)).toBe(true);
      const signed = [0, 1, 2].map((k) => rows[first + k].slice(0, 2).map((c) => c.v as Plain));
      expect(signed).toEqual(lines[lang]);
      // when: the decision's time at the dealer
      expect(String(rows[first + 1][6].v)).toMatch(new RegExp(`^${today()} \\d\\d:\\d\\d$`));
    }
  }
});

it('附件12 names who called, who fixed and who verified a callback, a substitute as "B 代 A"', async () => {
  await substitute('cs_agent', 'cs_manager');
  await substitute('consultant', 'consultant_b');
  const created = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name: '成都市代理表单测试局', customerType: 'government' },
      contactName: '孙处长',
      contactPhone: '13800138011',
      model: 'A6L',
      quantity: 2,
      grade: 'A',
      channel: 'business_event',
      developmentType: 'new',
      hot: false,
    });
  expect(created.status).toBe(201);
  const mine = (t: InboxTask) => t.subject.id === created.body.id;
  await decide(
    'cs_manager',
    await waitInboxTask(env, 'cs_manager', 'callback', mine),
    { decision: 'incorrect', data: { corrections: [{ field: 'contactName', value: '孙主任' }] } },
    'cs_agent',
  );
  await decide(
    'consultant_b',
    await waitInboxTask(env, 'consultant_b', 'rectification', mine),
    { decision: 'fixed' },
    'consultant',
  );
  // the agent is back for the second call
  await decide(
    'cs_agent',
    await waitInboxTask(env, 'cs_agent', 'callback', (t) => mine(t) && t.payload.verification === true),
    { decision: 'verified' },
    null,
  );
  const month = today().slice(0, 7);
  const want = {
    zh: {
      回访人: `${name('cs_manager')} 代 ${name('cs_agent')}`,
      整改人: `${name('consultant_b')} 代 ${name('consultant')}`,
      复核人: name('cs_agent'),
    },
    en: {
      'called by': `${name('cs_manager')} on behalf of ${name('cs_agent')}`,
      'fixed by': `${name('consultant_b')} on behalf of ${name('consultant')}`,
      'verified by': name('cs_agent'),
    },
  };
  for (const lang of ['zh', 'en'] as const) {
    await eventually(async () => {
      const buf = await xlsx(`/api/forms/12?period=${month}&format=xlsx&lang=${lang}`);
      for (const rows of [(await readWithExceljs(buf))[0].rows, readWithOpenpyxl(buf)[0].rows]) {
        // grouped headers: the column labels are in the fourth row
        const labels = rows[3].map((c) => c.v);
        const row = rows.find((r) => r?.[0]?.v === '成都市代理表单测试局')!;
        expect(row).toBeDefined();
        const cells = Object.fromEntries(Object.keys(want[lang]).map((l) => [l, row[labels.indexOf(l)]?.v]));
        expect(cells).toEqual(want[lang]);
      }
    });
  }
});
