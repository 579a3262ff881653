// The WeCom JS-SDK's signatures over real HTTP, with the WeCom simulator (scripts/wecom-catcher.ts) handing out the
// tickets: each signature is checked here against the simulator's ticket with node's own sha1 of WeCom's documented
// string; the tickets are fetched once and then cached; a URL that is not a page of this KA Flow is a 400 naming
// `url` and asks WeCom nothing; a dealer without WeCom gets a 409, one whose WeCom refuses or is busy a 409 or 503,
// and a dealer's signatures are made with its own application's tickets, never the other dealer's.
import { createHash } from 'node:crypto';
import { startWecomCatcher, type WecomCatcher } from '../../scripts/wecom-catcher';
import { startE2E, type E2E } from '../support/e2e';

const CORP = 'kaflow-demo-corp';
const SECOND = { corpId: 'second-corp', corpSecret: 'second-secret' };
const PAGE = 'http://localhost:3000'; // the e2e stack's PUBLIC_URL

let env: E2E;
let wc: WecomCatcher;

beforeAll(async () => {
  wc = await startWecomCatcher({ port: 0, corpId: CORP, corpSecret: 'kaflow-demo-secret', otherCorps: [SECOND] });
  process.env.WECOM_API_BASE = wc.url;
  env = await startE2E();
  const put = await env.http
    .put('/api/admin/notifications')
    .set(env.auth('admin'))
    .send({ wecom: { app: { corpId: CORP, agentId: 1000002, secret: 'kaflow-demo-secret' } } });
  expect(put.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await env?.stop();
  await wc?.close();
});

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');
const signed = (ticket: string, b: { timestamp: number; nonceStr: string }, url: string) =>
  sha1(`jsapi_ticket=${ticket}&noncestr=${b.nonceStr}&timestamp=${b.timestamp}&url=${url}`);
const ask = (who: string, url?: string) =>
  env.http
    .get('/api/wecom/jssdk/signature')
    .query(url === undefined ? {} : { url })
    .set(env.auth(who));
const ticketOf = (corpId: string, kind: 'corp' | 'agent') => {
  const t = wc.tickets().filter((x) => x.corpId === corpId && x.kind === kind);
  expect(t).toHaveLength(1);
  return t[0].ticket;
};
const wecomCalls = () =>
  ['/cgi-bin/gettoken', '/cgi-bin/get_jsapi_ticket', '/cgi-bin/ticket/get'].map((p) => wc.calls[p] ?? 0);

it("signs a KA Flow page for wx.config and wx.agentConfig with the dealer's own tickets", async () => {
  const before = Math.floor(Date.now() / 1000);
  const res = await ask('consultant', `${PAGE}/visits?month=2026-12#top`);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const url = `${PAGE}/visits?month=2026-12`; // the fragment is not signed
  expect(res.body).toMatchObject({ corpId: CORP, agentId: 1000002, url });
  const { config, agentConfig } = res.body;
  expect(config.timestamp).toBeGreaterThanOrEqual(before);
  expect(config.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  expect(config.nonceStr).toMatch(/^[0-9a-f]{24}$/);
  expect(config.signature).toBe(signed(ticketOf(CORP, 'corp'), config, url));
  expect(agentConfig.signature).toBe(signed(ticketOf(CORP, 'agent'), agentConfig, url));
  expect(config.signature).not.toBe(agentConfig.signature);
});

it('fetches the tickets once and then signs from the cache, for any person and page of the dealer', async () => {
  const calls = wecomCalls();
  for (const [who, path] of [
    ['consultant_b', '/visits'],
    ['ka_manager', '/inbox'],
    ['consultant', '/'],
    ['cs_agent', '/tasks/abc?wecom=1'],
  ]) {
    const res = await ask(who, `${PAGE}${path}`);
    expect(res.status).toBe(200);
    expect(res.body.agentConfig.signature).toBe(
      signed(ticketOf(CORP, 'agent'), res.body.agentConfig, `${PAGE}${path}`),
    );
  }
  expect(wecomCalls()).toEqual(calls);
  expect(calls.slice(1)).toEqual([1, 1]); // one corp ticket, one application ticket in the whole file so far
});

it('refuses a URL that is not a page of this KA Flow with a 400 naming url, and asks WeCom nothing', async () => {
  const calls = wecomCalls();
  for (const url of [
    'https://evil.example/visits',
    'http://localhost:3000.evil.example/visits',
    'http://localhost:3001/visits',
    'https://localhost:3000/visits',
    'http://user:pw@localhost:3000/visits',
    'javascript:alert(1)//localhost:3000/',
    '/visits',
    `${PAGE}/走访`,
    `${PAGE}/a b`,
    `${PAGE}/${'x'.repeat(2000)}`,
    '',
  ]) {
    const res = await ask('consultant', url);
    expect({ url, status: res.status }).toEqual({ url, status: 400 });
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['url']);
  }
  const missing = await ask('consultant');
  expect(missing.status).toBe(400);
  expect(missing.body.details[0].field).toBe('url');
  expect(wecomCalls()).toEqual(calls);
});

it("uses only the caller's dealer's application: none (409), refused (409), busy (503), then its own tickets", async () => {
  const none = await ask('consultant2', `${PAGE}/visits`);
  expect(none.status).toBe(409);
  expect(none.body.message).toMatch(/no WeCom application/);

  const setUp = (secret: string) =>
    env.http
      .put('/api/admin/notifications')
      .set(env.auth('admin2'))
      .send({ wecom: { app: { corpId: SECOND.corpId, agentId: 7, secret } } });
  expect((await setUp('not-the-secret')).status).toBe(200);
  const refused = await ask('consultant2', `${PAGE}/visits`);
  expect(refused.status).toBe(409);
  expect(refused.body.message).toMatch(/WeCom refused/);

  expect((await setUp(SECOND.corpSecret)).status).toBe(200);
  await fetch(`${wc.url}/__control/fail-next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/cgi-bin/ticket/get', errcode: -1, count: 1 }),
  });
  const busy = await ask('consultant2', `${PAGE}/visits`);
  expect(busy.status).toBe(503);
  expect(busy.body.dependency).toBe('wecom');

  const ok = await ask('consultant2', `${PAGE}/visits`);
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ corpId: SECOND.corpId, agentId: 7 });
  const { config, agentConfig } = ok.body;
  expect(config.signature).toBe(signed(ticketOf(SECOND.corpId, 'corp'), config, `${PAGE}/visits`));
  expect(agentConfig.signature).toBe(signed(ticketOf(SECOND.corpId, 'agent'), agentConfig, `${PAGE}/visits`));
  // the first dealer's tickets sign none of it
  expect(config.signature).not.toBe(signed(ticketOf(CORP, 'corp'), config, `${PAGE}/visits`));
  expect(agentConfig.signature).not.toBe(signed(ticketOf(CORP, 'agent'), agentConfig, `${PAGE}/visits`));
  // and the first dealer still gets its own
  const first = await ask('consultant', `${PAGE}/visits`);
  expect(first.body.corpId).toBe(CORP);
  expect(first.body.config.signature).toBe(signed(ticketOf(CORP, 'corp'), first.body.config, `${PAGE}/visits`));
});
