// PIPL (最小必要) beyond the prospect pages: the hot-customer report, an event's leads and the forms show a phone in
// full only to the roles whose work needs it (138****8000 otherwise), and every download of a form that holds
// personal data is in the audit log (who, which form, which period); one without personal data is not.
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
