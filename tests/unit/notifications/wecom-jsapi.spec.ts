// The JS-SDK's signatures and tickets (JS-SDK使用权限签名算法). The first signature is WeCom's (and WeChat's)
// documented worked example, whose published answer was also checked in the shell:
//   printf 'jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg'\
//   '&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value' | sha1sum
//   → 0f9de62fce790f9a083d5c99e95740ceb90c27ed
// The second is a KA Flow page URL with a query and a fragment (the fragment is not signed):
//   printf 'jsapi_ticket=T1&noncestr=n0nce&timestamp=1765000000&url=https://kaflow.example.cn/visits?x=1%%2F2' \
//     | sha1sum   → b4fd26906fe94985beb2febbb89d207c5f465806
// The tickets come from the WeCom simulator (scripts/wecom-catcher.ts), sharing a fake clock with the cache.
import { createHash } from 'node:crypto';
import { JsapiTickets, jsapiSignature, WecomClient, WecomError } from '@kaflow/wecom';
import { startWecomCatcher, type WecomCatcher } from '../../../scripts/wecom-catcher';

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

describe('jsapiSignature', () => {
  it("gives WeCom's documented example its published signature", () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    expect(jsapiSignature(ticket, 'http://mp.weixin.qq.com?params=value', 1414587457, 'Wm3WZYTPz0wzccnW')).toEqual({
      timestamp: 1414587457,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    });
  });

  it('signs the page URL without its fragment, as the sha1 of the documented string', () => {
    const url = 'https://kaflow.example.cn/visits?x=1%2F2';
    const want = 'b4fd26906fe94985beb2febbb89d207c5f465806';
    expect(jsapiSignature('T1', `${url}#/part`, 1765000000, 'n0nce').signature).toBe(want);
    expect(jsapiSignature('T1', url, 1765000000, 'n0nce').signature).toBe(want);
    expect(jsapiSignature('T1', url, 1765000001, 'n0nce').signature).not.toBe(want);
  });

  it('refuses what the SDK would hash differently from WeCom: non-ASCII, spaces, a bad timestamp', () => {
    expect(() => jsapiSignature('T1', 'https://kaflow.example.cn/走访', 1, 'n')).toThrow(/url/);
    expect(() => jsapiSignature('T1', 'https://kaflow.example.cn/a b', 1, 'n')).toThrow(/url/);
    expect(() => jsapiSignature('T 1', 'https://kaflow.example.cn/', 1, 'n')).toThrow(/ticket/);
    expect(() => jsapiSignature('T1', 'https://kaflow.example.cn/', 1.5, 'n')).toThrow(/timestamp/);
  });
});

describe('JsapiTickets', () => {
  let clock = 1_800_000_000_000;
  const now = () => clock;
  let wc: WecomCatcher;
  const app = { corpId: 'corp1', secret: 's3cret', agentId: 1000002 };
  beforeEach(async () => {
    wc = await startWecomCatcher({
      port: 0,
      corpId: 'corp1',
      corpSecret: 's3cret',
      otherCorps: [{ corpId: 'corp2', corpSecret: 'other' }],
      now,
    });
  });
  afterEach(() => wc.close());
  const tickets = () =>
    new JsapiTickets(new WecomClient({ apiBase: wc.url, now, maxAttempts: 1, sleep: async () => undefined }), now);

  it("fetches each of the application's two tickets once while they live, then anew", async () => {
    const t = tickets();
    const [corp, agent] = await Promise.all([t.ticket(app, 'corp'), t.ticket(app, 'agent')]);
    const again = await Promise.all([t.ticket(app, 'corp'), t.ticket(app, 'agent'), t.ticket(app, 'corp')]);
    expect(again).toEqual([corp, agent, corp]);
    expect(wc.tickets().map((x) => [x.corpId, x.kind, x.ticket])).toEqual([
      ['corp1', 'corp', corp],
      ['corp1', 'agent', agent],
    ]);
    expect([wc.calls['/cgi-bin/get_jsapi_ticket'], wc.calls['/cgi-bin/ticket/get']]).toEqual([1, 1]);
    expect(wc.calls['/cgi-bin/gettoken']).toBe(1);

    clock += 7200_000 - 30_000; // inside the last minute of the tickets' life: fetched again
    await t.ticket(app, 'agent');
    expect(wc.calls['/cgi-bin/ticket/get']).toBe(2);
  });

  it('signs both configs with their own tickets', async () => {
    const t = tickets();
    const url = 'https://kaflow.example.cn/visits';
    const s = await t.sign(app, url, 1765000000, 'abc123');
    const [corp, agent] = wc.tickets();
    expect(s.config.signature).toBe(
      sha1(`jsapi_ticket=${corp.ticket}&noncestr=abc123&timestamp=1765000000&url=${url}`),
    );
    expect(s.agentConfig.signature).toBe(
      sha1(`jsapi_ticket=${agent.ticket}&noncestr=abc123&timestamp=1765000000&url=${url}`),
    );
  });

  it("keeps each application's tickets apart", async () => {
    const t = tickets();
    const one = await t.ticket(app, 'corp');
    const two = await t.ticket({ corpId: 'corp2', secret: 'other', agentId: 7 }, 'corp');
    expect(one).not.toBe(two);
    expect(wc.tickets().map((x) => x.corpId)).toEqual(['corp1', 'corp2']);
  });

  it('takes a new access token when WeCom calls the old one expired, and says when WeCom refuses', async () => {
    const t = tickets();
    await t.ticket(app, 'corp');
    await fetch(`${wc.url}/__control/expire-tokens`, { method: 'POST' });
    await t.ticket(app, 'agent');
    expect(wc.calls['/cgi-bin/gettoken']).toBe(2);

    await fetch(`${wc.url}/__control/fail-next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/get_jsapi_ticket', errcode: -1, count: 1 }),
    });
    clock += 7200_000;
    const busy = await t.ticket(app, 'corp').catch((e) => e);
    expect(busy).toBeInstanceOf(WecomError);
    expect(busy).toMatchObject({ errcode: -1, permanent: false });
    const wrong = await t.ticket({ ...app, secret: 'wrong' }, 'corp').catch((e) => e);
    expect(wrong).toMatchObject({ errcode: 40001, permanent: true });
  });
});
