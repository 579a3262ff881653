// Text that people type and others read again — an account name, a contact, a note, a callback's
// correction and comment — is kept as typed and escaped wherever it is rendered: the API answers it
// unchanged, the e-mail is plain text only (no HTML part to inject into) and carries it verbatim,
// WeCom markdown carries it backslash-escaped (so it reads as typed and is never a tag, link or
// emphasis; the escaped forms below are written out by hand), and the Excel forms hold it as text
// cells, never formulas. The web pages are checked in tests/browser/stored-text.browser-spec.ts.
import { DealerNotificationSettingsEntity, UserEntity } from '@kaflow/persistence';
import { SecretBox } from '@kaflow/wecom';
import { startWecomCatcher, type WecomCatcher } from '../../scripts/wecom-catcher';
import { startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { readWithOpenpyxl } from '../support/xlsx-readback';

const IMG = '<img src=x onerror=alert(1)>';
const IMG_MD = '\\<img src=x onerror=alert(1)\\>';
const FORMULA = '=HYPERLINK("http://evil.example","王经理")';
const NOTE = `<b>备注</b> & < > " '`;
const PUNCT = `& < > " '`;
const CMD = "+cmd|' /C calc'!A0";

jest.setTimeout(300_000); // the machine may be loaded: the callback's mail can take a while
let env: E2E;
let wc: WecomCatcher;
beforeAll(async () => {
  wc = await startWecomCatcher({ port: 0, corpId: 'corp-test', corpSecret: 'app-secret' });
  process.env.WECOM_API_BASE = wc.url;
  env = await startE2E({ durations: { callback: 'PT1H', rectification: 'PT1H' } });
  const box = new SecretBox('kaflow-dev-secret-key-change-me'); // the default when KAFLOW_SECRET_KEY is unset
  await env.db.getRepository(DealerNotificationSettingsEntity).save({
    dealerId: env.dealer1.id,
    defaultChannels: ['email'],
    defaultLang: 'zh-CN',
    updatedAt: new Date(),
    updatedBy: null,
    wecom: {
      robots: [{ role: 'cs_agent', webhookUrl: box.seal(`${wc.url}/cgi-bin/webhook/send?key=cs-${env.dealer1.id}`) }],
    },
  });
  await env.db.getRepository(UserEntity).update({ id: env.users.cs_agent.id }, { notifyChannels: ['email', 'wecom'] });
});
afterAll(async () => {
  await env?.stop();
  await wc?.close();
  delete process.env.WECOM_API_BASE;
});

const month = () =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .slice(0, 7);

it('keeps typed markup as typed through the API, the e-mail, WeCom and the Excel forms', async () => {
  const created = await env.http
    .post('/api/prospects')
    .set(env.auth('consultant'))
    .send({
      account: { name: IMG, customerType: 'enterprise' },
      contactName: FORMULA,
      contactPhone: '13800138000',
      model: CMD,
      quantity: 2,
      grade: 'A',
      channel: 'cold_visit',
      developmentType: 'new',
      hot: true,
      note: NOTE,
    });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const got = await env.http.get(`/api/prospects/${id}`).set(env.auth('consultant'));
  expect(got.body).toMatchObject({ account: { name: IMG }, contact: { name: FORMULA }, model: CMD, note: NOTE });

  // the callback task's e-mail: plain text only, the name in it exactly as typed
  const mail = await env.mail.waitFor(
    (m) => m.to.some((t) => t.address === env.users.cs_agent.email) && m.subject.includes(IMG),
    120_000,
  );
  expect(mail.html).toBe('');
  expect(mail.subject).toContain(`${IMG} `);

  // WeCom: the robot's markdown holds the name escaped, never the raw tag
  const robot = await eventually(() => {
    const m = wc.messages().find((x) => x.target === `cs-${env.dealer1.id}` && x.content.includes(IMG_MD));
    expect(m).toBeDefined();
    return m!;
  }, 120_000);
  expect(robot.content).not.toContain(IMG);

  // a callback found wrong: the correction and the comment as typed, in the history and in 附件12
  const task = await eventually(async () => {
    const res = await env.http.get('/api/tasks?status=open').set(env.auth('cs_agent'));
    const t = res.body.items.find((x: any) => x.kind === 'callback' && x.subject.id === id);
    expect(t).toBeDefined();
    return t;
  }, 120_000);
  const decided = await env.http
    .post(`/api/tasks/${task.id}/complete`)
    .set(env.auth('cs_agent'))
    .send({ decision: 'incorrect', comment: PUNCT, data: { corrections: [{ field: 'contactName', value: PUNCT }] } });
  expect(decided.status).toBe(200);
  const history = await env.http.get(`/api/tasks/${task.id}/history`).set(env.auth('cs_agent'));
  expect(history.body.items.map((h: any) => h.detail?.comment).filter(Boolean)).toEqual([PUNCT]);

  for (const no of [12, 13]) {
    const json = await env.http.get(`/api/forms/${no}?period=${month()}`).set(env.auth('ka_manager'));
    expect(json.status).toBe(200);
    const row = json.body.rows.find((r: any) => r.account === IMG);
    expect(row).toMatchObject({ account: IMG, contact: FORMULA, model: CMD });
    const res = await env.http
      .get(`/api/forms/${no}?period=${month()}&format=xlsx`)
      .set(env.auth('ka_manager'))
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (d: Buffer) => c.push(d));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    expect(res.status).toBe(200);
    const [sheet] = readWithOpenpyxl(res.body);
    const cells = sheet.rows.flat();
    for (const typed of [IMG, FORMULA, CMD]) {
      // a string cell holding the typed text (openpyxl would give a formula cell type 'f' otherwise)
      expect(cells.filter((c) => c.v === typed).map((c) => c.t)).toEqual(['s']);
    }
    if (no === 12) expect(cells.map((c) => c.v)).toContain(`contactName: ${PUNCT}`);
    expect(res.body.toString('latin1')).not.toContain('<f>');
  }
});
