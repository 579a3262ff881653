// A local WeCom (企业微信) listener for tests and the demo: it speaks the documented protocol of
// group robots and application messages, keeps what was "sent", and shows it on a page.
//
//   HTTP 127.0.0.1:${WECOM_PORT:-1090}
//     POST /cgi-bin/webhook/send?key=K         robot: { msgtype: 'markdown', markdown: { content } }
//                                              → { errcode: 0, errmsg: 'ok' }; 45009 past 20 a minute per key
//     GET  /cgi-bin/gettoken?corpid=&corpsecret= → { errcode: 0, access_token, expires_in }; 40013 / 40001
//     POST /cgi-bin/message/send?access_token=T  app message { touser, msgtype: 'markdown', agentid, markdown }
//                                              or { msgtype: 'template_card', template_card: { card_type:
//                                              'button_interaction', task_id, button_list, … } }
//                                              → 0; 40014 unknown token; 42001 expired token
//     POST /cgi-bin/message/update_template_card?access_token=T { userids, agentid, response_code,
//                                              button: { replace_name } }: a response code is good once
//     GET  /connect/oauth2/authorize?appid=&redirect_uri=&response_type=code&scope=snsapi_base&state=&agentid=
//                                              signs in as the "person in WeCom" (POST /__control/oauth-user
//                                              { userid }) at once, as WeCom does inside its app: 302 to
//                                              redirect_uri?code=C&state=S
//     GET  /cgi-bin/auth/getuserinfo?access_token=T&code=C → { errcode: 0, userid }; a code is good once (40029)
//     GET  /cgi-bin/get_jsapi_ticket?access_token=T → { errcode: 0, ticket, expires_in: 7200 } the corp's JS-SDK
//                                              ticket (wx.config); one per corp while it lives, a new one after
//     GET  /cgi-bin/ticket/get?access_token=T&type=agent_config → the same for the application (wx.agentConfig);
//                                              another type: 40058. Both check the token as above (40014, 42001)
//     POST /__control/callback { url, token, encodingAesKey }  where clicks are posted (the app's callback URL;
//                                              the demo: read from WECOM_CALLBACK_FILE, which its seed writes)
//     POST /__control/click { messageId, key, userid? } a person clicks a card's button: the event
//                                              (template_card_event) is sealed and posted to the callback URL
//                                              as WeCom does; → { status, body, event } (form posts from the
//                                              page go back to the page)
//     GET  /                                   page: every message, newest first; cards with their buttons
//     GET  /api/messages                       JSON, oldest first; DELETE /api/messages forgets them
//     POST /__control/expire-tokens            every issued token expires now (tests)
//     POST /__control/fail-next {path, errcode, count}   the next count calls to path answer errcode
//   WECOM_CORP_ID / WECOM_CORP_SECRET (default kaflow-demo-corp / kaflow-demo-secret) are the credentials gettoken
//   accepts (tests may add more corps: `otherCorps`); a token and its tickets belong to the corp that got it.
// In-process (tests): const wc = await startWecomCatcher({ port: 0 }); wc.url, wc.messages(), wc.tickets(),
// wc.close().
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { callbackXml, sealCallback } from '@kaflow/wecom';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { esc, page } from './wecom-catcher-page';

export interface WecomCaught {
  id: number;
  channel: 'robot' | 'app';
  /** robot key, or the application's agent id */
  target: string;
  touser?: string;
  content: string;
  at: Date;
  /** A template card as sent; `replacedBy`: the text its buttons gave way to (update_template_card), last first. */
  card?: Record<string, any> & {
    replacedBy?: string;
    updates?: Array<{ userids: string[]; replaceName: string }>;
  };
}

/** A callback event as posted: the same values post the same event again (WeCom's re-sends). */
export interface PostedEvent {
  url: string;
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
  responseCode: string;
}

export interface CallbackTarget {
  url: string;
  token: string;
  encodingAesKey: string;
}

export interface WecomCatcherOptions {
  port?: number;
  host?: string;
  corpId?: string;
  corpSecret?: string;
  tokenTtlSeconds?: number;
  robotPerMinute?: number;
  /** More corps whose credentials gettoken accepts (each its own tokens and tickets). */
  otherCorps?: Array<{ corpId: string; corpSecret: string }>;
  /** The catcher's clock (tests share a fake one with the client). */
  now?: () => number;
}

export interface WecomCatcher {
  url: string;
  port: number;
  messages(): WecomCaught[];
  /** How often each path was called, errors included. */
  calls: Record<string, number>;
  /** The JS-SDK tickets handed out, oldest first (the corp's for wx.config, the application's for agentConfig). */
  tickets(): IssuedTicket[];
  clear(): void;
  close(): Promise<void>;
  /** Where clicks go (the app's callback URL, Token, EncodingAESKey). */
  setCallback(target: CallbackTarget): void;
  /** A person clicks a card's button; the sealed event is posted to the callback URL. */
  click(messageId: number, key: string, userid?: string): Promise<{ status: number; body: string; event: PostedEvent }>;
  /** Posts a sealed event again, byte for byte (WeCom re-sends a callback it got no quick answer to). */
  repost(event: PostedEvent): Promise<{ status: number; body: string }>;
  /** The WeCom user id the OAuth authorize page signs in as (null: nobody, the page says so). */
  setOAuthUser(userid: string | null): void;
}

type Json = Record<string, any>;

export interface IssuedTicket {
  corpId: string;
  kind: 'corp' | 'agent';
  ticket: string;
  /** ms, the catcher's clock */
  expiresAt: number;
}

export async function startWecomCatcher(o: WecomCatcherOptions = {}): Promise<WecomCatcher> {
  const corpId = o.corpId ?? process.env.WECOM_CORP_ID ?? 'kaflow-demo-corp';
  const corpSecret = o.corpSecret ?? process.env.WECOM_CORP_SECRET ?? 'kaflow-demo-secret';
  const ttl = o.tokenTtlSeconds ?? 7200;
  const perMinute = o.robotPerMinute ?? 20;
  const secrets = new Map([
    [corpId, corpSecret],
    ...(o.otherCorps ?? []).map((c) => [c.corpId, c.corpSecret] as const),
  ]);
  const messages: WecomCaught[] = [];
  const tokens = new Map<string, { exp: number; corpId: string }>(); // token → expires at (ms), its corp
  const tickets: IssuedTicket[] = [];
  const robotTimes = new Map<string, number[]>();
  const failures = new Map<string, { errcode: number; count: number }>();
  const calls: Record<string, number> = {};
  let nextId = 1;
  const clock = o.now ?? Date.now;
  let callback: CallbackTarget | null = null;
  let oauthUser: string | null = null;
  const responseCodes = new Map<string, { messageId: number; used: boolean }>();
  const oauthCodes = new Map<string, { userid: string; used: boolean }>();
  const validToken = (q: URLSearchParams): Json | null => {
    const t = tokens.get(q.get('access_token') ?? '');
    if (t === undefined) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (t.exp <= clock()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  };
  /** The corp's live ticket of this kind, or a new one (WeCom hands out the same ticket while it lives). */
  const ticketAnswer = (q: URLSearchParams, kind: IssuedTicket['kind']): Json => {
    const bad = validToken(q);
    if (bad) return bad;
    const corp = tokens.get(q.get('access_token')!)!.corpId;
    let t = tickets.find((x) => x.corpId === corp && x.kind === kind && x.expiresAt > clock());
    if (!t) {
      t = { corpId: corp, kind, ticket: randomBytes(30).toString('base64url'), expiresAt: clock() + ttl * 1000 };
      tickets.push(t);
    }
    const expiresIn = Math.round((t.expiresAt - clock()) / 1000);
    return { errcode: 0, errmsg: 'ok', ticket: t.ticket, expires_in: expiresIn };
  };

  const post = async (url: string, query: PostedEvent['query'], body: string) => {
    const u = new URL(url);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    const res = await fetch(u, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    return { status: res.status, body: await res.text() };
  };

  const click = async (messageId: number, key: string, userid?: string) => {
    const m = messages.find((x) => x.id === messageId);
    if (!m?.card) throw new Error(`message ${messageId} is not a card`);
    if (!callback && process.env.WECOM_CALLBACK_FILE && existsSync(process.env.WECOM_CALLBACK_FILE))
      callback = JSON.parse(readFileSync(process.env.WECOM_CALLBACK_FILE, 'utf8')) as CallbackTarget;
    if (!callback) throw new Error('no callback URL set (POST /__control/callback)');
    const responseCode = randomBytes(16).toString('base64url');
    responseCodes.set(responseCode, { messageId, used: false });
    const inner = callbackXml({
      ToUserName: corpId,
      FromUserName: userid ?? m.touser ?? '',
      CreateTime: Math.floor(clock() / 1000),
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: key,
      TaskId: String(m.card.task_id),
      CardType: String(m.card.card_type),
      ResponseCode: responseCode,
      AgentID: Number(m.target),
    });
    const timestamp = String(Math.floor(clock() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const keys = { token: callback.token, encodingAesKey: callback.encodingAesKey, corpId };
    const sealed = sealCallback(keys, inner, timestamp, nonce);
    const body = callbackXml({ ToUserName: corpId, AgentID: m.target, Encrypt: sealed.encrypt });
    const event: PostedEvent = {
      url: callback.url,
      query: { msg_signature: sealed.msgSignature, timestamp, nonce },
      body,
      responseCode,
    };
    return { ...(await post(event.url, event.query, event.body)), event };
  };

  const injected = (path: string): number | null => {
    const f = failures.get(path);
    if (!f || f.count <= 0) return null;
    f.count -= 1;
    return f.errcode;
  };

  const routes: Record<string, (q: URLSearchParams, body: Json) => Json> = {
    'POST /cgi-bin/webhook/send': (q, body) => {
      const key = q.get('key') ?? '';
      if (!key) return { errcode: 93000, errmsg: 'invalid webhook url' };
      const now = clock();
      const recent = (robotTimes.get(key) ?? []).filter((t) => t > now - 60_000);
      robotTimes.set(key, recent);
      if (recent.length >= perMinute) return { errcode: 45009, errmsg: 'api freq out of limit' };
      const content = body?.markdown?.content;
      if (body?.msgtype !== 'markdown' || typeof content !== 'string')
        return { errcode: 40008, errmsg: 'invalid message type' };
      if (Buffer.byteLength(content) > 4096) return { errcode: 40058, errmsg: 'content exceed max length' };
      recent.push(now);
      messages.push({ id: nextId++, channel: 'robot', target: key, content, at: new Date() });
      return { errcode: 0, errmsg: 'ok' };
    },
    'GET /cgi-bin/gettoken': (q) => {
      const secret = secrets.get(q.get('corpid') ?? '');
      if (secret === undefined) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (q.get('corpsecret') !== secret) return { errcode: 40001, errmsg: 'invalid credential' };
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, { exp: clock() + ttl * 1000, corpId: q.get('corpid')! });
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl };
    },
    'POST /cgi-bin/message/send': (q, body) => {
      const bad = validToken(q);
      if (bad) return bad;
      if (typeof body.touser !== 'string' || !body.touser) return { errcode: 40031, errmsg: 'invalid user list' };
      const base = { id: nextId++, channel: 'app' as const, target: String(body.agentid), touser: body.touser };
      if (body?.msgtype === 'template_card') {
        const card = body.template_card;
        if (card?.card_type !== 'button_interaction' || !/^[\w@-]{1,128}$/.test(String(card.task_id ?? '')))
          return { errcode: 40008, errmsg: 'invalid template_card' };
        const buttons: Json[] = Array.isArray(card.button_list) ? card.button_list : [];
        if (!buttons.length || buttons.length > 6 || buttons.some((b) => !b.text || (!b.key && b.type !== 1)))
          return { errcode: 40008, errmsg: 'invalid button_list' };
        if (messages.some((m) => m.card?.task_id === card.task_id))
          return { errcode: 40008, errmsg: 'task_id is used already in this app' };
        messages.push({ ...base, content: String(card.main_title?.title ?? ''), at: new Date(), card });
        const responseCode = randomBytes(16).toString('base64url');
        responseCodes.set(responseCode, { messageId: base.id, used: false });
        return { errcode: 0, errmsg: 'ok', invaliduser: '', response_code: responseCode };
      }
      const content = body?.markdown?.content;
      if (body?.msgtype !== 'markdown' || typeof content !== 'string')
        return { errcode: 40008, errmsg: 'invalid message type' };
      messages.push({ ...base, content, at: new Date() });
      return { errcode: 0, errmsg: 'ok', invaliduser: '', invalidparty: '', invalidtag: '' };
    },
    'POST /cgi-bin/message/update_template_card': (q, body) => {
      const bad = validToken(q);
      if (bad) return bad;
      const rc = responseCodes.get(String(body.response_code ?? ''));
      if (!rc || rc.used) return { errcode: 40008, errmsg: 'invalid response_code' };
      const m = messages.find((x) => x.id === rc.messageId);
      const name = body.button?.replace_name;
      if (!m?.card || typeof name !== 'string' || !name) return { errcode: 40008, errmsg: 'invalid button' };
      if (!Array.isArray(body.userids) || body.userids.length === 0 || body.userids.some((x) => typeof x !== 'string'))
        return { errcode: 40031, errmsg: 'invalid user list' };
      rc.used = true;
      m.card.replacedBy = name;
      m.card.updates = [...(m.card.updates ?? []), { userids: body.userids, replaceName: name }];
      return { errcode: 0, errmsg: 'ok', invaliduser: [] };
    },
    'GET /cgi-bin/auth/getuserinfo': (q) => {
      const bad = validToken(q);
      if (bad) return bad;
      const c = oauthCodes.get(q.get('code') ?? '');
      if (!c || c.used) return { errcode: 40029, errmsg: 'invalid code' };
      c.used = true;
      return { errcode: 0, errmsg: 'ok', userid: c.userid, user_ticket: randomBytes(8).toString('hex') };
    },
    'GET /cgi-bin/get_jsapi_ticket': (q) => ticketAnswer(q, 'corp'),
    'GET /cgi-bin/ticket/get': (q) =>
      q.get('type') === 'agent_config' ? ticketAnswer(q, 'agent') : { errcode: 40058, errmsg: 'invalid type' },
    'POST /__control/callback': (_q, body) => {
      callback = { url: String(body.url), token: String(body.token), encodingAesKey: String(body.encodingAesKey) };
      return { errcode: 0, errmsg: 'ok' };
    },
    'POST /__control/oauth-user': (_q, body) => {
      oauthUser = body.userid ? String(body.userid) : null;
      return { errcode: 0, errmsg: 'ok' };
    },
    'POST /__control/expire-tokens': () => {
      for (const t of tokens.values()) t.exp = 0;
      return { errcode: 0, errmsg: 'ok' };
    },
    'POST /__control/fail-next': (_q, body) => {
      failures.set(String(body.path), { errcode: Number(body.errcode), count: Number(body.count ?? 1) });
      return { errcode: 0, errmsg: 'ok' };
    },
    'GET /api/messages': () => ({ items: messages }),
    'DELETE /api/messages': () => {
      messages.length = 0;
      return { errcode: 0, errmsg: 'ok' };
    },
  };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${u.pathname}`;
    calls[u.pathname] = (calls[u.pathname] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (route === 'GET /') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(messages));
        return;
      }
      if (route === 'GET /connect/oauth2/authorize') {
        const q = u.searchParams;
        const fail = (why: string) =>
          res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><p>${esc(why)}</p>`);
        if (q.get('appid') !== corpId) return fail('appid 参数错误 (unknown appid)');
        if (q.get('response_type') !== 'code' || q.get('scope') !== 'snsapi_base') return fail('scope 参数错误');
        let back: URL;
        try {
          back = new URL(q.get('redirect_uri') ?? '');
        } catch {
          return fail('redirect_uri 参数错误');
        }
        if (!oauthUser) return fail('请在企业微信客户端打开链接 (open it in WeCom)');
        const code = randomBytes(16).toString('hex');
        oauthCodes.set(code, { userid: oauthUser, used: false });
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      if (route === 'POST /__control/click') {
        const raw = Buffer.concat(chunks).toString('utf8');
        const form = (req.headers['content-type'] ?? '').includes('urlencoded');
        let b: Json;
        try {
          b = form ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw || '{}');
        } catch {
          b = {};
        }
        click(Number(b.messageId), String(b.key), b.userid ? String(b.userid) : undefined).then(
          (r) => {
            if (form) res.writeHead(303, { location: '/' }).end();
            else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(r));
          },
          (e: Error) =>
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e.message })),
        );
        return;
      }
      const handler = routes[route];
      if (!handler) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
        return;
      }
      let body: Json;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errcode: 40016, errmsg: 'invalid json' }));
        return;
      }
      const code = injected(u.pathname);
      const answer = code !== null ? { errcode: code, errmsg: 'injected by the test' } : handler(u.searchParams, body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 1090, o.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    messages: () => [...messages],
    calls,
    tickets: () => tickets.map((t) => ({ ...t })),
    clear: () => void (messages.length = 0),
    setCallback: (t) => void (callback = t),
    click,
    repost: (e) => post(e.url, e.query, e.body),
    setOAuthUser: (userid) => void (oauthUser = userid),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  startWecomCatcher({ port: Number(process.env.WECOM_PORT ?? 1090), host: process.env.WECOM_HOST }).then(
    (wc) => {
      console.log(`WeCom catcher at ${wc.url} (robots: ${wc.url}/cgi-bin/webhook/send?key=…)`);
      if (process.env.WECOM_CALLBACK_URL && process.env.WECOM_CALLBACK_TOKEN && process.env.WECOM_ENCODING_AES_KEY)
        wc.setCallback({
          url: process.env.WECOM_CALLBACK_URL,
          token: process.env.WECOM_CALLBACK_TOKEN,
          encodingAesKey: process.env.WECOM_ENCODING_AES_KEY,
        });
      if (process.env.WECOM_OAUTH_USER) wc.setOAuthUser(process.env.WECOM_OAUTH_USER);
      const stop = () => void wc.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      console.error(`WeCom catcher failed to start: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
