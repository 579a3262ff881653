// PIPL (最小必要) beyond the prospect pages: the hot-customer report, an event's leads, the forms, the tasks (a callback's
// number, a record's corrections) and a consultant's home show a phone in full only to the roles whose work needs it
// (138****8000 otherwise; every expected mask below is written out by hand), every download of a form that holds
// personal data is in the audit log (who, which form, which period; one without personal data is not), and neither
// a task's messages nor an import's report carry a customer's number.
import { insertProspect } from '../support/fixtures';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';

let env: E2E;
beforeAll(async () => {
  env = await startE2E();
});
afterAll(async () => {
  await env?.stop();
});

const FULL = '13800138000';
const MASKED = '138****8000';
const zoned = (d: Date) => d.toLocaleString('sv', { timeZone: 'Asia/Shanghai' });
const today = () => zoned(new Date()).slice(0, 10);
const month = () => today().slice(0, 7);

it("masks a hot customer's phone in the report and the callback form for roles that do not call customers", async () => {
  const created = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name: `号码热点单位 ${env.tag}`, customerType: 'enterprise' },
      contactName: '王经理',
      contactPhone: FULL,
      model: 'A6L',
      quantity: 2,
      grade: 'A',
      hot: true,
      channel: 'cold_visit',
      developmentType: 'new',
    });
  expect(created.status).toBe(201);
  const id = created.body.id as string;

  const phoneIn = async (role: string) => {
    const res = await env.http.get(`/api/reports/hot-customers?month=${month()}`).set(env.auth(role));
    expect(res.status).toBe(200);
    return res.body.items.find((r: { prospectId: string }) => r.prospectId === id)?.phone;
  };
  expect(await phoneIn('consultant')).toBe(FULL);
  expect(await phoneIn('ka_manager')).toBe(FULL);
  expect(await phoneIn('gm')).toBe(FULL);
  expect(await phoneIn('training_manager')).toBe(MASKED);
  expect(await phoneIn('marketing_director')).toBe(MASKED);

  // the callback form (附件12) lists the prospect's callback check, open: customer service sees the phone
  const formPhone = async (role: string) =>
    eventually(async () => {
      const res = await env.http.get(`/api/forms/12?period=${month()}`).set(env.auth(role));
      expect(res.status).toBe(200);
      const row = res.body.rows.find((r: { account: string }) => r.account === `号码热点单位 ${env.tag}`);
      expect(row).toBeDefined();
      return row.phone as string;
    });
  expect(await formPhone('ka_manager')).toBe(FULL);
  expect(await formPhone('cs_agent')).toBe(FULL);
  expect(await formPhone('training_manager')).toBe(MASKED);
});

it("masks an event's leads' phones for everyone but consultants and the dealer's managers", async () => {
  const ev = await env.http
    .post('/api/events')
    .set(env.auth('consultant'))
    .send({ kind: 'outreach', name: `号码论坛 ${env.tag}`, plannedDate: today() });
  expect(ev.status).toBe(201);
  expect(
    (await env.http.post(`/api/events/${ev.body.id}/held`).set(env.auth('consultant')).send({ heldOn: today() }))
      .status,
  ).toBeLessThan(300);
  const leads = await env.http
    .post(`/api/events/${ev.body.id}/leads`)
    .set(env.auth('consultant'))
    .send({ leads: [{ name: '张总', phone: FULL }] });
  expect(leads.status).toBeLessThan(300);
  const leadPhone = async (role: string) => {
    const res = await env.http.get(`/api/events?month=${month()}`).set(env.auth(role));
    expect(res.status).toBe(200);
    const e = res.body.items.find((x: { id: string }) => x.id === ev.body.id);
    return e.leads[0].phone as string;
  };
  expect(await leadPhone('consultant')).toBe(FULL);
  expect(await leadPhone('consultant_b')).toBe(FULL);
  expect(await leadPhone('sales_director')).toBe(FULL);
  expect(await leadPhone('marketing_director')).toBe(MASKED);
  expect(await leadPhone('cs_manager')).toBe(MASKED);
});

it('records each download of a form with personal data in the audit log, and not one without', async () => {
  const audit = async () =>
    env.db.query(
      `SELECT "actorUserId", "entityId", detail FROM audit_log
        WHERE "dealerId" = $1 AND action = 'form.downloaded' ORDER BY id`,
      [env.dealer1.id],
    );
  const before = (await audit()).length;
  const xlsx = (path: string, role: string) =>
    env.http
      .get(path)
      .set(env.auth(role))
      .buffer(true)
      .parse((res, done) => {
        res.on('data', () => undefined);
        res.on('end', () => done(null, null));
      });
  expect((await xlsx(`/api/forms/12?period=${month()}&format=xlsx`, 'ka_manager')).status).toBe(200);
  expect((await xlsx(`/api/forms/toolkit.xlsx?month=${month()}&lang=en`, 'gm')).status).toBe(200);
  // 附件1 (the annual plan) names no customer: not recorded
  expect((await xlsx(`/api/forms/1?period=${month().slice(0, 4)}&format=xlsx`, 'ka_manager')).status).toBe(200);
  // the JSON view of a form is a page, not a download
  expect((await env.http.get(`/api/forms/12?period=${month()}`).set(env.auth('ka_manager'))).status).toBe(200);

  const rows = (await audit()).slice(before);
  expect(rows).toEqual([
    {
      actorUserId: env.users.ka_manager.id,
      entityId: '12',
      detail: { form: 'callback-feedback', period: month(), lang: 'zh' }, // no ?lang: Chinese
    },
    { actorUserId: env.users.gm.id, entityId: 'toolkit', detail: { form: 'toolkit', period: month(), lang: 'en' } },
  ]);
});

describe("a callback task's phone and a record's corrections", () => {
  const PHONE = '13912345678';
  const PHONE_MASKED = '139****5678';
  const FIXED = '13700001111';
  const FIXED_MASKED = '137****1111';
  type T = { id: string; kind: string; payload: Record<string, any>; data: Record<string, any> | null };
  const task = async (role: string, id: string): Promise<T> => {
    const res = await env.http.get(`/api/tasks/${id}`).set(env.auth(role));
    expect(res.status).toBe(200);
    return res.body;
  };
  const corrected = (t: { payload?: any; data?: any }, where: 'payload' | 'data') =>
    Object.fromEntries((t[where]?.corrections ?? []).map((c: { field: string; value: string }) => [c.field, c.value]));
  let prospectId: string;
  let callbackId: string;

  beforeAll(async () => {
    const created = await env.http
      .post('/api/prospects')
      .set(env.auth('consultant'))
      .send({
        account: { name: `号码回访单位 ${env.tag}`, customerType: 'enterprise' },
        contactName: '赵科长',
        contactPhone: PHONE,
        model: 'A6L',
        quantity: 1,
        grade: 'B',
        channel: 'cold_visit',
        developmentType: 'new',
      });
    expect(created.status).toBe(201);
    prospectId = created.body.id;
    callbackId = await eventually(async () => {
      const res = await env.http.get('/api/tasks?kind=callback').set(env.auth('cs_agent'));
      const t = res.body.items.find((x: T & { subject: { id: string } }) => x.subject.id === prospectId);
      expect(t).toBeDefined();
      expect(t.payload.contactPhone).toBe(PHONE); // customer service calls it: in full in its inbox
      return t.id as string;
    });
  });

  it('shows the number to customer service, the owner and the managers, masked to everyone else', async () => {
    const seen: Record<string, string> = {};
    for (const role of ['cs_agent', 'cs_manager', 'consultant', 'consultant_b', 'ka_manager', 'gm'].concat([
      'training_manager',
      'marketing_director',
      'admin',
    ]))
      seen[role] = (await task(role, callbackId)).payload.contactPhone;
    expect(seen).toEqual({
      cs_agent: PHONE,
      cs_manager: PHONE,
      consultant: PHONE,
      consultant_b: PHONE_MASKED,
      ka_manager: PHONE,
      gm: PHONE,
      training_manager: PHONE_MASKED,
      marketing_director: PHONE_MASKED,
      admin: PHONE_MASKED,
    });
    // the admin's list of the dealer's tasks (to reassign them) masks it too
    const all = await env.http.get('/api/tasks?scope=dealer&kind=callback&pageSize=500').set(env.auth('admin'));
    expect(all.body.items.find((t: T) => t.id === callbackId).payload.contactPhone).toBe(PHONE_MASKED);
    // the row keeps the number
    const [row] = await env.db.query(`SELECT payload FROM task WHERE id = $1`, [callbackId]);
    expect(row.payload.contactPhone).toBe(PHONE);
  });

  it('masks a corrected number in the decision, the rectification and the verification call, by the same rule', async () => {
    const decided = await env.http
      .post(`/api/tasks/${callbackId}/complete`)
      .set(env.auth('cs_agent'))
      .send({
        decision: 'incorrect',
        data: {
          corrections: [
            { field: 'contactPhone', value: FIXED },
            { field: 'model', value: 'A4L' },
          ],
        },
      });
    expect(decided.status).toBe(200);
    expect(corrected(decided.body, 'data')).toEqual({ contactPhone: FIXED, model: 'A4L' });
    expect(corrected(await task('training_manager', callbackId), 'data')).toEqual({
      contactPhone: FIXED_MASKED,
      model: 'A4L',
    });
    expect(corrected(await task('ka_manager', callbackId), 'data')).toEqual({ contactPhone: FIXED, model: 'A4L' });

    const fix = await eventually(async () => {
      const res = await env.http.get('/api/tasks?kind=rectification').set(env.auth('consultant'));
      const t = res.body.items.find((x: T & { subject: { id: string } }) => x.subject.id === prospectId);
      expect(t).toBeDefined();
      return t as T;
    });
    expect(corrected(fix, 'payload')).toEqual({ contactPhone: FIXED, model: 'A4L' }); // the owner fixes the record
    expect(corrected(await task('consultant_b', fix.id), 'payload')).toEqual({
      contactPhone: FIXED_MASKED,
      model: 'A4L',
    });
    expect(corrected(await task('marketing_director', fix.id), 'payload').contactPhone).toBe(FIXED_MASKED);
    expect(
      (await env.http.post(`/api/tasks/${fix.id}/complete`).set(env.auth('consultant')).send({ decision: 'fixed' }))
        .status,
    ).toBe(200);

    const verify = await eventually(async () => {
      const res = await env.http.get('/api/tasks?kind=callback').set(env.auth('cs_agent'));
      const t = res.body.items.find((x: T & { subject: { id: string } }) => x.subject.id === prospectId);
      expect(t?.payload.verification).toBe(true);
      return t as T;
    });
    expect([verify.payload.contactPhone, corrected(verify, 'payload').contactPhone]).toEqual([PHONE, FIXED]);
    // the admin may decide any task; the answer it gets masks both numbers
    const byAdmin = await env.http
      .post(`/api/tasks/${verify.id}/complete`)
      .set(env.auth('admin'))
      .send({ decision: 'verified' });
    expect(byAdmin.status).toBe(200);
    expect([byAdmin.body.payload.contactPhone, corrected(byAdmin.body, 'payload').contactPhone]).toEqual([
      PHONE_MASKED,
      FIXED_MASKED,
    ]);
  });

  it("carries no customer's number in the task messages (they name the unit and link to the page)", async () => {
    const mails = await eventually(() => {
      const m = env.mailsTo(env.users.cs_agent.email).filter((x) => x.subject.includes(`号码回访单位 ${env.tag}`));
      expect(m.length).toBeGreaterThan(0);
      return m;
    });
    for (const m of [...mails, ...env.mailsTo(env.users.consultant.email)])
      expect(`${m.subject}\n${m.text}\n${m.html}`).not.toMatch(/13912345678|13700001111|139\s?1234\s?5678/);
  });
});

it("masks the agenda's phones on a consultant's home for an admin, not for the consultant or a manager", async () => {
  const p = await insertProspect(
    env.db,
    { dealer: env.dealer1, users: env.users },
    { name: `号码日程单位 ${env.tag}` },
  );
  await env.db.query(`UPDATE prospect SET "nextFollowUpDue" = now() - interval '1 hour' WHERE id = $1`, [p.id]);
  const phoneOn = async (role: string) => {
    const q = role === 'consultant' ? '' : `?consultantId=${env.users.consultant.id}`;
    const res = await env.http.get(`/api/home/consultant${q}`).set(env.auth(role));
    expect(res.status).toBe(200);
    return res.body.followUps.items.find((i: { prospectId: string }) => i.prospectId === p.id)?.phone;
  };
  expect(await phoneOn('consultant')).toBe(FULL);
  expect(await phoneOn('ka_manager')).toBe(FULL);
  expect(await phoneOn('admin')).toBe(MASKED);
});

it("an import's report names the row and the column of a refused number, never the number, for any reader", async () => {
  const head = '单位名称*,客户类型*,联系人*,联系电话*,车型*,数量*,级别*,热点客户,来源渠道*,开发类型*,顾问账号,备注';
  const row = (name: string, phone: string) =>
    [
      name,
      '政府',
      '孙经理',
      phone,
      'A6L',
      '1',
      'A-1-3月内',
      '否',
      '转介绍',
      '新客户开发',
      env.users.consultant.username,
      '',
    ].join(',');
  const file = Buffer.from(
    [head, row(`导入号码好 ${env.tag}`, '13912340000'), row(`导入号码坏 ${env.tag}`, '1380013800')].join('\r\n'),
  );
  const upload = (query: string) =>
    env.http.post(`/api/imports/prospects${query}`).set(env.auth('admin')).attach('file', file, 'list.csv');
  const dry = await upload('?dryRun=true');
  expect(dry.status).toBe(200);
  expect(dry.body.errors).toEqual([{ row: 3, column: '联系电话', problem: expect.stringContaining('mobile number') }]);
  const rejected = await upload('');
  expect(rejected.status).toBe(400);
  const read = await env.http.get(`/api/imports/${dry.body.id}`).set(env.auth('training_manager'));
  expect(read.status).toBe(200);
  for (const text of [dry.text, rejected.text, read.text]) expect(text).not.toMatch(/1380013800|13912340000/);
});
