// The mail catcher's web side (scripts/mail-catcher.ts): the JSON API in maildev 3's shape and the readable page.
import type * as http from 'node:http';
import type { CaughtMail, MailAddress } from './mail-catcher';

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export function handle(req: http.IncomingMessage, res: http.ServerResponse, store: CaughtMail[]): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const one = /^\/api\/email\/([^/]+)$/.exec(path);

  if (method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, DELETE, OPTIONS',
    });
    res.end();
    return;
  }
  if (method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', page(store));
  if (method === 'GET' && path === '/api/email') return sendJson(res, 200, store);
  if (method === 'DELETE' && path === '/api/email/all') {
    store.length = 0;
    return sendJson(res, 200, true);
  }
  if (one) {
    const id = decodeURIComponent(one[1]);
    const index = store.findIndex((m) => m.id === id);
    if (method === 'GET') {
      return index < 0 ? sendJson(res, 404, { error: 'no such mail' }) : sendJson(res, 200, store[index]);
    }
    if (method === 'DELETE') {
      if (index < 0) return sendJson(res, 404, { error: 'no such mail' });
      store.splice(index, 1);
      return sendJson(res, 200, true);
    }
  }
  sendJson(res, 404, { error: `${method} ${path}: not found` });
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function who(list: MailAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

function page(store: CaughtMail[]): string {
  const items = store
    .slice()
    .reverse()
    .map((m) => {
      const body = m.text ? `<pre>${esc(m.text)}</pre>` : '<p class="muted">(no plain-text part)</p>';
      const html = m.html
        ? `<details class="html"><summary>HTML part</summary><iframe sandbox ` +
          `srcdoc="${esc(m.html)}"></iframe></details>`
        : '';
      return (
        `<details class="mail"><summary><span class="subject">${esc(m.subject || '(no subject)')}</span>
<span class="meta">to ${esc(who(m.to) || m.envelope.to.join(', '))} ` +
        `· ${esc(m.date.toISOString().replace('T', ' ').slice(0, 19))} UTC</span></summary>
<div class="body"><p class="muted">from ${esc(who(m.from) || m.envelope.from)}${
          m.cc.length ? ` · cc ${esc(who(m.cc))}` : ''
        } · id ${esc(m.id)}</p>${body}${html}</div></details>`
      );
    })
    .join('\n');
  return (
    `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>KA Flow mail catcher (${store.length})</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem ` +
    `auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.3rem}.muted{color:#777;font-size:.85rem}
details.mail{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.4rem .7rem}
details.mail>summary{cursor:pointer}.subject{font-weight:600}.meta{color:#666;font-size:.85rem;margin-left:.6rem}
pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;padding:.6rem;border-radius:4px}
iframe{width:100%;height:24rem;border:1px solid #ddd}
</style></head><body>
<h1>KA Flow mail catcher</h1>
<p class="muted">${store.length} mail(s), newest first · <a href="/">refresh</a> · JSON: <a ` +
    `href="/api/email">/api/email</a></p>
${items || '<p class="muted">No mail yet.</p>'}
</body></html>`
  );
}
