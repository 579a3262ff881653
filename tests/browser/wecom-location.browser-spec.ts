// Visit check-in (走访签到) inside WeCom, on a phone in Debian's Chromium: the page runs WeCom's JS-SDK (@wecom/jssdk,
// bundled), which talks to the WeCom app through its bridge (window.WeixinJSBridge). Chromium has no WeCom app, so
// the test plays the bridge (it records what the SDK asks and answers as WeCom does), and the WeCom simulator
// (scripts/wecom-catcher.ts) hands the API its tickets. With WeCom's position the check-in carries it, and the
// signature the page configured the SDK with verifies against the simulator's application ticket; when WeCom
// refuses the configuration, the page falls back to the browser's geolocation.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { VisitCheckInEntity, VisitPlanEntity } from '@kaflow/persistence';
import { startWecomCatcher, type WecomCatcher } from '../../scripts/wecom-catcher';
import { PHONE, startBrowserStack, type BrowserStack } from '../support/browser';
import { eventually } from '../support/eventually';

jest.setTimeout(300_000);
const CORP = 'kaflow-demo-corp';
const AGENT = 1000002;
/** WeCom 4.1 on an iPhone, as its browser names itself. */
const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
  'wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';
/** The WeCom app's side of the bridge: records each call, answers from `window.__wwAnswers` or with `<name>:ok`. */
const BRIDGE = `
  window.__wwCalls = [];
  window.__wwAnswers = window.__wwAnswers || {};
  window.WeixinJSBridge = {
    invoke(name, params, cb) {
      window.__wwCalls.push({ name, params: JSON.parse(JSON.stringify(params || {})) });
      const answer = window.__wwAnswers[name] || { err_msg: name + ':ok' };
      setTimeout(() => cb(answer), 20);
    },
    on() {},
  };`;

let s: BrowserStack;
let wc: WecomCatcher;
beforeAll(async () => {
  wc = await startWecomCatcher({ port: 0, corpId: CORP, corpSecret: 'kaflow-demo-secret' });
  process.env.WECOM_API_BASE = wc.url;
  s = await startBrowserStack();
  const put = await s.http
    .put('/api/admin/notifications')
    .set(s.auth('admin'))
    .send({ wecom: { app: { corpId: CORP, agentId: AGENT, secret: 'kaflow-demo-secret' } } });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await s?.stop();
  await wc?.close();
});

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const plan = (accountName: string) =>
  s.db.getRepository(VisitPlanEntity).save({
    dealerId: s.dealer1.id,
    consultantId: s.users.consultant.id,
    month: today().slice(0, 7),
    plannedDate: today(),
    accountId: null,
    accountName,
    purpose: '续购沟通',
  });
const checkInRow = (planId: string) =>
  eventually(async () => {
    const row = await s.db.getRepository(VisitCheckInEntity).findOneBy({ planId });
    expect(row).not.toBeNull();
    return row!;
  });

/** A phone inside WeCom, signed in as the consultant, on the visits page; `answers` are WeCom's per call. */
async function inWecom(answers: Record<string, unknown>): Promise<Page> {
  const page = await s.open('zh-CN', { ...PHONE, userAgent: WECOM_UA });
  await page.context().addInitScript(`window.__wwAnswers = ${JSON.stringify(answers)};${BRIDGE}`);
  await s.signIn(page, 'consultant');
  await page.goto('/visits');
  return page;
}
type BridgeCall = { name: string; params: Record<string, any> };

it("checks in with WeCom's position, the SDK configured with the dealer's signed application ticket", async () => {
  const visit = await plan('企业微信定位单位');
  const page = await inWecom({
    geoLocation: { err_msg: 'geoLocation:ok', latitude: 31.2304, longitude: 121.4737, accuracy: 35, speed: 0 },
  });
  await page.locator(`[data-check-in="${visit.id}"]`).tap();
  await page.locator(`[data-checked-in="${visit.id}"] [data-position]`).waitFor();
  const row = await checkInRow(visit.id);
  expect([row.lat, row.lng, row.accuracy]).toEqual([31.2304, 121.4737, 35]);

  const calls = (await page.evaluate('window.__wwCalls')) as BridgeCall[];
  // WeCom 3.0.24 and later: agentConfig alone, then the position in GPS coordinates
  expect(calls.map((c) => c.name)).toEqual(['agentConfig', 'geoLocation']);
  const agent = calls[0].params;
  // the SDK names getLocation by the app's name for it, geoLocation
  expect(agent).toMatchObject({ corpid: CORP, agentid: String(AGENT), jsApiList: ['geoLocation'] });
  const [ticket] = wc.tickets().filter((t) => t.kind === 'agent');
  const url = `${s.baseUrl}/visits`;
  const want = createHash('sha1')
    .update(`jsapi_ticket=${ticket.ticket}&noncestr=${agent.nonceStr}&timestamp=${agent.timestamp}&url=${url}`)
    .digest('hex');
  expect(agent.signature).toBe(want);
  expect(calls[1].params).toMatchObject({ type: 'wgs84' });
  expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(
    true,
  );
});

it("uses the browser's position when WeCom refuses the configuration", async () => {
  const visit = await plan('企业微信拒绝单位');
  const page = await inWecom({ agentConfig: { err_msg: 'agentConfig:fail' } });
  await page.context().grantPermissions(['geolocation'], { origin: s.baseUrl });
  await page.context().setGeolocation({ latitude: 30.6598, longitude: 104.0633, accuracy: 25 });
  await page.locator(`[data-check-in="${visit.id}"]`).tap();
  await page.locator(`[data-checked-in="${visit.id}"] [data-position]`).waitFor();
  const row = await checkInRow(visit.id);
  expect([row.lat, row.lng, row.accuracy]).toEqual([30.6598, 104.0633, 25]);
  const calls = (await page.evaluate('window.__wwCalls')) as BridgeCall[];
  expect(calls.map((c) => c.name)).toEqual(['agentConfig']);
});
