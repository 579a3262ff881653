// The WeCom catcher's page (scripts/wecom-catcher.ts): every message it took, newest first; a card with its buttons
// (each a form that clicks it, as a person would in WeCom) or the text its buttons gave way to.
import type { WecomCaught } from './wecom-catcher';

type Json = Record<string, any>;

export const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function cardHtml(m: WecomCaught): string {
  const c = m.card!;
  const lines = (c.horizontal_content_list ?? []).map((l: Json) => `${esc(l.keyname)}：${esc(l.value)}`).join('<br>');
  const buttons = c.replacedBy
    ? `<p><b>${esc(c.replacedBy)}</b></p>`
    : (c.button_list ?? [])
        .map((b: Json) =>
          b.type === 1
            ? `<a href="${esc(String(b.url))}">${esc(b.text)}</a>`
            : `<form method="post" action="/__control/click" style="display:inline">` +
              `<input type="hidden" name="messageId" value="${m.id}"><input type="hidden" name="key" ` +
              `value="${esc(String(b.key))}"><button>${esc(b.text)}</button></form>`,
        )
        .join(' ');
  return (
    `<b>${esc(c.main_title?.title ?? '')}</b><br>${esc(c.main_title?.desc ?? '')}<br>` +
    `<small>${esc(c.sub_title_text ?? '')}</small><br>${lines}<br>${buttons}`
  );
}

export function page(messages: WecomCaught[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${m.id}</td><td>${m.at.toISOString()}</td><td>${
          m.channel === 'robot' ? '群机器人 robot' : '应用消息 app'
        }</td>` +
        `<td>${esc(
          m.touser ? `${m.touser} (agent ${m.target})` : m.target,
        )}</td><td>${m.card ? cardHtml(m) : `<pre>${esc(m.content)}</pre>`}</td></tr>`,
    )
    .join('\n');
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width"><title>企业微信消息（本地） WeCom messages (local)</title>
<style>body{font-family:sans-serif;margin:1em}td,th{border-bottom:1px solid ` +
    `#ddd;padding:4px;vertical-align:top;text-align:left}
pre{white-space:pre-wrap;margin:0}</style></head><body>
<h1>企业微信消息（本地） WeCom messages (local)</h1><p>${messages.length} sent. JSON: <code>/api/messages</code></p>
<table><tr><th>#</th><th>at</th><th>channel</th><th>to</th><th>message</th></tr>${rows}</table></body></html>`
  );
}
