// A local WeCom (企业微信) listener for tests and the demo: it speaks the documented protocol of
// group robots and application messages, keeps what was "sent", and shows it on a page.
//
//   HTTP 127.0.0.1:${WECOM_PORT:-1090}
//     POST /cgi-bin/webhook/send?key=K         robot: { msgtype: 'markdown', markdown: { content } }
//                                              → { errcode: 0, errmsg: 'ok' }; 45009 past 20 a minute per key
//     GET  /cgi-bin/gettoken?corpid=&corpsecret= → { errcode: 0, access_token, expires_in }; 40013 / 40001
//     POST /cgi-bin/message/send?access_token=T  app message { touser, msgtype: 'markdown', agentid, markdown }
//                                              → 0; 40014 unknown token; 42001 expired token
//     GET  /                                   page: every message, newest first
//     GET  /api/messages                       JSON, oldest first; DELETE /api/messages forgets them
//     POST /__control/expire-tokens            every issued token expires now (tests)
//     POST /__control/fail-next {path, errcode, count}   the next count calls to path answer errcode
//   WECOM_CORP_ID / WECOM_CORP_SECRET (default kaflow-demo-corp / kaflow-demo-secret) are the only
//   credentials gettoken accepts.
// In-process (tests): const wc = await startWecomCatcher({ port: 0 }); wc.url, wc.messages(), wc.close().
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WecomCaught {
  id: number;
  channel: 'robot' | 'app';
  /** robot key, or the application's agent id */
  target: string;
  touser?: string;
  content: string;
  at: Date;
}

export interface WecomCatcherOptions {
  port?: number;
  host?: string;
  corpId?: string;
  corpSecret?: string;
  tokenTtlSeconds?: number;
  robotPerMinute?: number;
  /** The catcher's clock (tests share a fake one with the client). */
  now?: () => number;
}

export interface WecomCatcher {
  url: string;
  port: number;
  messages(): WecomCaught[];
  /** How often each path was called, errors included. */
  calls: Record<string, number>;
  clear(): void;
  close(): Promise<void>;
}

type Json = Record<string, any>;

export async function startWecomCatcher(o: WecomCatcherOptions = {}): Promise<WecomCatcher> {
  const corpId = o.corpId ?? process.env.WECOM_CORP_ID ?? 'kaflow-demo-corp';
  const corpSecret = o.corpSecret ?? process.env.WECOM_CORP_SECRET ?? 'kaflow-demo-secret';
  const ttl = o.tokenTtlSeconds ?? 7200;
  const perMinute = o.robotPerMinute ?? 20;
  const messages: WecomCaught[] = [];
  const tokens = new Map<string, number>(); // token → expires at (ms)
  const robotTimes = new Map<string, number[]>();
  const failures = new Map<string, { errcode: number; count: number }>();
  const calls: Record<string, number> = {};
  let nextId = 1;
  const clock = o.now ?? Date.now;

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
      if (q.get('corpid') !== corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (q.get('corpsecret') !== corpSecret) return { errcode: 40001, errmsg: 'invalid credential' };
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, clock() + ttl * 1000);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttl };
    },
    'POST /cgi-bin/message/send': (q, body) => {
      const exp = tokens.get(q.get('access_token') ?? '');
      if (exp === undefined) return { errcode: 40014, errmsg: 'invalid access_token' };
      if (exp <= clock()) return { errcode: 42001, errmsg: 'access_token expired' };
      const content = body?.markdown?.content;
      if (body?.msgtype !== 'markdown' || typeof content !== 'string')
        return { errcode: 40008, errmsg: 'invalid message type' };
      if (typeof body.touser !== 'string' || !body.touser) return { errcode: 40031, errmsg: 'invalid user list' };
      messages.push({
        id: nextId++,
        channel: 'app',
        target: String(body.agentid),
        touser: body.touser,
        content,
        at: new Date(),
      });
      return { errcode: 0, errmsg: 'ok', invaliduser: '', invalidparty: '', invalidtag: '' };
    },
    'POST /__control/expire-tokens': () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
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
    clear: () => void (messages.length = 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function page(messages: WecomCaught[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${m.id}</td><td>${m.at.toISOString()}</td><td>${
          m.channel === 'robot' ? '群机器人 robot' : '应用消息 app'
        }</td>` +
        `<td>${esc(
          m.touser ? `${m.touser} (agent ${m.target})` : m.target,
        )}</td><td><pre>${esc(m.content)}</pre></td></tr>`,
    )
    .join('\n');
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>企业微信消息（本地） WeCom messages (local)</title>
<style>body{font-family:sans-serif;margin:1em}td,th{border-bottom:1px solid ` +
    `#ddd;padding:4px;vertical-align:top;text-align:left}
pre{white-space:pre-wrap;margin:0}</style></head><body>
<h1>企业微信消息（本地） WeCom messages (local)</h1><p>${messages.length} sent. JSON: <code>/api/messages</code></p>
<table><tr><th>#</th><th>at</th><th>channel</th><th>to</th><th>markdown</th></tr>${rows}</table></body></html>`
  );
}

if (require.main === module) {
  startWecomCatcher({ port: Number(process.env.WECOM_PORT ?? 1090), host: process.env.WECOM_HOST }).then(
    (wc) => {
      console.log(`WeCom catcher at ${wc.url} (robots: ${wc.url}/cgi-bin/webhook/send?key=…)`);
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
