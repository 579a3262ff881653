// Deciding inside WeCom, over real HTTP with the WeCom simulator (scripts/wecom-catcher.ts: the documented crypto,
// gettoken, message/send, update_template_card, getuserinfo, the authorize page, and a client that seals and posts
// callback events as WeCom does). The director's plan review arrives as a button card; a click decides it once
// (and three copies of one event decide once); a consultant's click on it is refused on the card; a tampered
// signature, bad XML and a huge body are 4xx and write nothing. The URL check is answered with WeCom's own
// documented example. Then the sign-in inside WeCom: state bound to the browser, used once, unknown user.
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { callbackXml, sealCallback } from '@kaflow/wecom';
import { startWecomCatcher, type WecomCatcher, type WecomCaught } from '../../scripts/wecom-catcher';
import { triggerProcess, startE2E, type E2E } from '../support/e2e';
import { eventually } from '../support/eventually';
import { terminateAndStop } from '../support/env';

const TOKEN = 'kaflowCallbackToken1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'; // 43 characters of base64
const CORP = 'kaflow-demo-corp';
const AGENT = 1000002;

let env: E2E;
let wc: WecomCatcher;
let base: string;
const started: string[] = [];

const count = async (sql: string, params: unknown[]) => Number((await env.db.query(sql, params))[0].n);
const decidedRows = (taskId: string) =>
  count(`SELECT count(*) AS n FROM audit_log WHERE "entityId" = $1 AND action = 'task.decided'`, [taskId]);
const cardEvents = (dealerId: string) =>
  count(`SELECT count(*) AS n FROM wecom_card_event WHERE "dealerId" = $1`, [dealerId]);

beforeAll(async () => {
  wc = await startWecomCatcher({ port: 0, corpId: CORP, corpSecret: 'kaflow-demo-secret' });
  process.env.WECOM_API_BASE = wc.url;
  process.env.WECOM_OAUTH_BASE = wc.url;
  env = await startE2E({ durations: { planDraft: 'PT1H', planReview: 'PT1H', planSignoff: 'PT1H' } });
  await env.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(env.app.getHttpServer().address() as AddressInfo).port}`;
  const put = await env.http
    .put('/api/admin/notifications')
    .set(env.auth('admin'))
    .send({
      defaults: { channels: ['email', 'wecom'], lang: 'zh-CN' },
      wecom: {
        app: {
          corpId: CORP,
          agentId: AGENT,
          secret: 'kaflow-demo-secret',
          callbackToken: TOKEN,
          encodingAesKey: AES_KEY,
        },
      },
    });
  expect(put.status).toBe(200);
  expect(put.body.wecom.app).toMatchObject({
    callbackSet: true,
    callbackPath: `/api/wecom/callback/${env.dealer1.id}`,
  });
  // the token and the key are sealed at rest
  const [row] = await env.db.query(`SELECT wecom FROM dealer_notification_settings WHERE "dealerId" = $1`, [
    env.dealer1.id,
  ]);
  expect(JSON.stringify(row.wecom)).not.toContain(TOKEN);
  expect(JSON.stringify(row.wecom)).not.toContain(AES_KEY);
  // the dealer admin links the director, the GM and a consultant to their WeCom ids
  for (const [name, wecomUserId] of [
    ['sales_director', 'wang.director'],
    ['gm', 'li.gm'],
    ['consultant', 'zhao.consultant'],
  ]) {
    const res = await env.http
      .patch(`/api/admin/users/${env.users[name].id}`)
      .set(env.auth('admin'))
      .send({ wecomUserId });
    expect(res.status).toBe(200);
    expect(res.body.wecomUserId).toBe(wecomUserId);
  }
  wc.setCallback({ url: `${base}/api/wecom/callback/${env.dealer1.id}`, token: TOKEN, encodingAesKey: AES_KEY });
}, 120_000);

afterAll(async () => {
  await terminateAndStop(env, started);
  await wc?.close();
});

const cardTo = (touser: string, taskId: string) =>
  eventually(() => {
    const prefix = `kf_${taskId.replace(/-/g, '')}_`;
    const m = wc.messages().find((x) => x.touser === touser && String(x.card?.task_id).startsWith(prefix));
    expect(m).toBeDefined();
    return m as WecomCaught & { card: Record<string, any> };
  }, 30_000);

type Task = { id: string; kind: string; status: string; payload: Record<string, any> };
const openTask = (who: string, kind: string) =>
  eventually(async () => {
    const { body } = await env.http.get('/api/tasks?status=open').set(env.auth(who));
    const task = (body.items as Task[]).find((x) => x.kind === kind);
    expect(task).toBeDefined();
    return task!;
  }, 30_000);

it("answers WeCom's URL check with WeCom's documented example (another dealer's application)", async () => {
  // 企业微信 "加解密方案说明": Token QDG6eK, EncodingAESKey jWmY…B2C, corp wx5823bf96d3bd56c7; its echostr opens to
  // 1616140317555161061
  const put = await env.http
    .put('/api/admin/notifications')
    .set(env.auth('admin2'))
    .send({
      wecom: {
        app: {
          corpId: 'wx5823bf96d3bd56c7',
          agentId: 1,
          secret: 's',
          callbackToken: 'QDG6eK',
          encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        },
      },
    });
  expect(put.status).toBe(200);
  const q = new URLSearchParams({
    msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  });
  const ok = await env.http.get(`/api/wecom/callback/${env.dealer2.id}?${q}`);
  expect(ok.status).toBe(200);
  expect(ok.text).toBe('1616140317555161061');
  q.set('msg_signature', '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4');
  expect((await env.http.get(`/api/wecom/callback/${env.dealer2.id}?${q}`)).status).toBe(403);
  // the first dealer's keys do not open the second's
  q.set('msg_signature', '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
  expect((await env.http.get(`/api/wecom/callback/${env.dealer1.id}?${q}`)).status).toBe(403);
  // a dealer without a callback set up, and an id that is not one
  expect((await env.http.get(`/api/wecom/callback/00000000-0000-4000-8000-000000000000?${q}`)).status).toBe(404);
  expect((await env.http.get(`/api/wecom/callback/nope?${q}`)).status).toBe(404);
});

it("the director's plan review comes as a card; a consultant's click is refused, the director's decides once", async () => {
  await triggerProcess(env, 'annual-plan', '2026-12-01', started);
  const draft = await openTask('ka_manager', 'plan_draft');
  const submit = await env.http
    .post(`/api/tasks/${draft.id}/complete`)
    .set(env.auth('ka_manager'))
    .send({ decision: 'submit' });
  expect(submit.status).toBe(200);
  const review = await openTask('sales_director', 'plan_review');
  expect(review.payload.coverageOk).not.toBe(false); // approving needs no note, so it can be a button

  const msg = await cardTo('wang.director', review.id);
  const card = msg.card;
  expect(card.card_type).toBe('button_interaction');
  expect(card.task_id).toMatch(new RegExp(`^kf_${review.id.replace(/-/g, '')}_[0-9a-f]{12}$`));
  // one button per decision a click can make (approve; reject needs a comment), and one that opens the task
  expect(card.button_list.map((b: any) => [b.type, b.text, b.key ?? null])).toEqual([
    [0, '批准', 'approve'],
    [1, '打开任务', null],
  ]);
  const link = `http://localhost:3000/tasks/${review.id}?wecom=1&dealer=${env.dealer1.id}`;
  expect(card.card_action).toEqual({ type: 1, url: link });
  expect(card.button_list[1].url).toBe(link);
  expect(JSON.stringify(card)).not.toMatch(/\/api\/|POST|GET/);

  // a consultant clicks the director's card: refused, said on the card, nothing decided
  const refused = await wc.click(msg.id, 'approve', 'zhao.consultant');
  expect(refused.status).toBe(200);
  await eventually(() =>
    expect(msg.card.updates).toEqual([{ userids: ['zhao.consultant'], replaceName: expect.any(String) }]),
  );
  expect(msg.card.updates![0].replaceName).toBe('您无权处理此任务，未处理');
  expect((await env.http.get(`/api/tasks/${review.id}`).set(env.auth('sales_director'))).body.status).toBe('open');

  // the director clicks: decided once, from WeCom, and the card says by whom
  const clicked = await wc.click(msg.id, 'approve');
  expect(clicked.status).toBe(200);
  await eventually(async () =>
    expect((await env.http.get(`/api/tasks/${review.id}`).set(env.auth('sales_director'))).body).toMatchObject({
      status: 'done',
      decision: 'approve',
      decidedBy: env.users.sales_director.id,
    }),
  );
  await eventually(() => expect(msg.card.replacedBy).toBe(`${env.users.sales_director.displayName} 已批准`));
  expect(await decidedRows(review.id)).toBe(1);
  const history = (await env.http.get(`/api/tasks/${review.id}/history`).set(env.auth('sales_director'))).body.items;
  expect(history.find((e: any) => e.action === 'decided')).toMatchObject({
    by: { id: env.users.sales_director.id },
    detail: { decision: 'approve', via: 'wecom' },
  });

  // a click on the same card after the decision: nothing decided, the card says it was decided already
  await wc.click(msg.id, 'approve');
  await eventually(() =>
    expect(msg.card.replacedBy).toBe(`已由 ${env.users.sales_director.displayName} 处理，未再处理`),
  );
  expect(await decidedRows(review.id)).toBe(1);
});

it("WeCom's re-sends of one click (three copies at once) decide once and update the card once", async () => {
  const signoff = await openTask('gm', 'plan_signoff');
  const msg = await cardTo('li.gm', signoff.id);
  const first = await wc.click(msg.id, 'approve');
  expect(first.status).toBe(200);
  const again = await Promise.all([wc.repost(first.event), wc.repost(first.event), wc.repost(first.event)]);
  expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
  await eventually(async () =>
    expect((await env.http.get(`/api/tasks/${signoff.id}`).set(env.auth('gm'))).body.status).toBe('done'),
  );
  await eventually(() => expect(msg.card.updates?.length).toBe(1));
  await new Promise((r) => setTimeout(r, 500));
  expect(msg.card.updates).toHaveLength(1);
  expect(await decidedRows(signoff.id)).toBe(1);
  expect(
    await count(`SELECT count(*) AS n FROM wecom_card_event WHERE "responseCode" = $1`, [first.event.responseCode]),
  ).toBe(1);
});

describe('a callback that is not from WeCom, or not what WeCom sends, is a 4xx and writes nothing', () => {
  const url = () => `/api/wecom/callback/${env.dealer1.id}`;
  const sealed = (inner: string) => {
    const timestamp = '1765000000';
    const nonce = '12345';
    const s = sealCallback({ token: TOKEN, encodingAesKey: AES_KEY, corpId: CORP }, inner, timestamp, nonce);
    return {
      q: new URLSearchParams({ msg_signature: s.msgSignature, timestamp, nonce }),
      body: callbackXml({ ToUserName: CORP, AgentID: String(AGENT), Encrypt: s.encrypt }),
    };
  };
  const click = (responseCode: string) =>
    callbackXml({
      ToUserName: CORP,
      FromUserName: 'wang.director',
      CreateTime: 1765000000,
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'approve',
      TaskId: 'kf_00000000000040008000000000000000_000000000000',
      ResponseCode: responseCode,
      AgentID: AGENT,
    });

  it('tampered signature, changed ciphertext, bad XML outside and inside, a huge body, another content type', async () => {
    const before = await cardEvents(env.dealer1.id);
    const audit = await count(`SELECT count(*) AS n FROM audit_log WHERE "dealerId" = $1`, [env.dealer1.id]);
    const post = (q: URLSearchParams, body: string, type = 'text/xml') =>
      env.http.post(`${url()}?${q}`).set('content-type', type).send(body);

    const good = sealed(click('tampered-1'));
    const tampered = new URLSearchParams(good.q);
    const sig = good.q.get('msg_signature')!;
    // the last hex digit changed, whatever it was (a fixed '0' left one signature in 16 as it was)
    tampered.set('msg_signature', `${sig.slice(0, 39)}${sig[39] === '0' ? '1' : '0'}`);
    expect((await post(tampered, good.body)).status).toBe(403);
    const otherNonce = new URLSearchParams(good.q);
    otherNonce.set('nonce', '54321');
    expect((await post(otherNonce, good.body)).status).toBe(403);
    // the ciphertext's first character changed, whatever it was (a fixed 'A' left one body in 64 as it was)
    const flipped = good.body.replace(
      /<Encrypt><!\[CDATA\[(.)/,
      (_, c: string) => `<Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`,
    );
    expect(flipped).not.toBe(good.body);
    expect((await post(good.q, flipped)).status).toBe(403);
    expect((await post(new URLSearchParams({ timestamp: '1', nonce: '2' }), good.body)).status).toBe(400);

    expect((await post(good.q, '<xml><Encrypt>')).status).toBe(400);
    expect((await post(good.q, 'not xml at all')).status).toBe(400);
    expect((await post(good.q, '<!DOCTYPE x [<!ENTITY e "a">]><xml><Encrypt>&e;</Encrypt></xml>')).status).toBe(400);
    const notXmlInside = sealed('{"json": true}');
    expect((await post(notXmlInside.q, notXmlInside.body)).status).toBe(400);
    const huge = `<xml><Encrypt>${'A'.repeat(200_000)}</Encrypt></xml>`;
    expect((await post(good.q, huge)).status).toBe(413);
    expect((await post(good.q, good.body, 'application/x-www-form-urlencoded')).status).toBe(415);

    expect(await cardEvents(env.dealer1.id)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE "dealerId" = $1`, [env.dealer1.id])).toBe(audit);
  });

  it('a well-sealed click on a task that is not one of ours is answered, recorded once, and decides nothing', async () => {
    const ev = sealed(click('unknown-task-1'));
    const res = await env.http.post(`${url()}?${ev.q}`).set('content-type', 'text/xml').send(ev.body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await eventually(async () =>
      expect(
        (await env.db.query(`SELECT outcome FROM wecom_card_event WHERE "responseCode" = 'unknown-task-1'`))[0]
          ?.outcome,
      ).toBe('gone'),
    );
  });
});

describe('sign-in inside WeCom', () => {
  // each request on its own, without the test agent's cookie jar: the cookie a test sends is the one that counts
  const http = () => request(env.app.getHttpServer());
  /** Follows start → the simulator's authorize page → back; returns the final location and the cookie. */
  const signIn = async (next = `/tasks/abc`) => {
    const start = await http().get(`/api/wecom/oauth/start?dealer=${env.dealer1.id}&next=${encodeURIComponent(next)}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.location);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${wc.url}/connect/oauth2/authorize`);
    expect(authorize.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      appid: CORP,
      response_type: 'code',
      scope: 'snsapi_base',
      agentid: String(AGENT),
      redirect_uri: 'http://localhost:3000/api/wecom/oauth/return',
    });
    const cookie = String(start.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^kaflow_wecom_state=/);
    expect(String(start.headers['set-cookie'])).toMatch(/HttpOnly/);
    const back = await fetch(authorize.toString().replace(/#.*$/, ''), { redirect: 'manual' });
    expect(back.status).toBe(302);
    const ret = new URL(back.headers.get('location')!);
    expect(ret.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    return { cookie, path: `${ret.pathname}${ret.search}`, state: ret.searchParams.get('state')! };
  };

  it('signs the linked person in with the same token as the password login, and lands on the page asked for', async () => {
    wc.setOAuthUser('wang.director');
    const { cookie, path } = await signIn('/tasks/abc');
    const done = await http().get(path).set('cookie', cookie);
    expect(done.status).toBe(302);
    const landed = new URL(done.headers.location, 'http://x');
    expect(landed.pathname).toBe('/wecom/signin');
    const frag = new URLSearchParams(landed.hash.slice(1));
    expect(frag.get('next')).toBe('/tasks/abc');
    const me = await http()
      .get('/api/me')
      .set('Authorization', `Bearer ${frag.get('token')}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: env.users.sales_director.id, dealerId: env.dealer1.id });
    // the same state and code again: refused (used once)
    const replay = await http().get(path).set('cookie', cookie);
    expect(replay.headers.location).toBe('/wecom/signin?error=state');
  });

  it('refuses a state not bound to this browser, a forged cookie, and a code WeCom does not know', async () => {
    wc.setOAuthUser('wang.director');
    const a = await signIn();
    const b = await signIn();
    // a's code with b's browser
    expect((await http().get(a.path).set('cookie', b.cookie)).headers.location).toBe('/wecom/signin?error=state');
    expect((await http().get(a.path)).headers.location).toBe('/wecom/signin?error=state');
    const forged = a.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await http().get(a.path).set('cookie', forged)).headers.location).toBe('/wecom/signin?error=state');
    const badCode = a.path.replace(/code=[^&]+/, 'code=nope');
    expect((await http().get(badCode).set('cookie', a.cookie)).headers.location).toBe('/wecom/signin?error=code');
    // b still works once
    const ok = await http().get(b.path).set('cookie', b.cookie);
    expect(ok.headers.location).toMatch(/^\/wecom\/signin#token=/);
  });

  it('an unknown WeCom user gets the page that asks them to have their admin link them', async () => {
    wc.setOAuthUser('someone.unlinked');
    const { cookie, path } = await signIn();
    expect((await http().get(path).set('cookie', cookie)).headers.location).toBe('/wecom/signin?error=not_linked');
  });

  it('only a path of this site is a place to land', async () => {
    const res = await http().get(`/api/wecom/oauth/start?dealer=${env.dealer1.id}&next=//evil.example/x`);
    const cookie = String(res.headers['set-cookie']);
    const value = cookie.split(';')[0].split('=')[1].split('.');
    expect(Buffer.from(value[3], 'base64url').toString()).toBe('/');
    expect((await http().get('/api/wecom/oauth/start?dealer=nope')).status).toBe(400);
  });
});
