// Smoke check of the mail catcher: starts it in-process on free ports, sends mail with
// nodemailer, reads it back over the JSON API and the page. Exit code 0 when all is well.
// Run: node -r @swc-node/register scripts/mail-catcher-smoke.ts
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { startMailCatcher, type CaughtMail } from './mail-catcher';

async function main(): Promise<void> {
  const mc = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  const base = `http://127.0.0.1:${mc.webPort}`;
  try {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mc.smtpPort, secure: false });
    await transport.sendMail({
      from: '"KA Flow" <noreply@kaflow.local>',
      to: '"张三" <zhangsan@dealer1.local>, ka@dealer1.local',
      cc: 'gm@dealer1.local',
      bcc: 'audit@dealer1.local',
      subject: '回访任务提醒：请在 2 个工作日内完成',
      text: '您好，\n有一条回访任务已逾期。<b>not html</b>',
      html: '<p>您好，<b>有一条回访任务已逾期</b></p>',
    });
    const authed = nodemailer.createTransport({
      host: '127.0.0.1',
      port: mc.smtpPort,
      secure: false,
      auth: { user: 'u', pass: 'p' },
    });
    await authed.sendMail({ from: 'a@x.local', to: 'b@x.local', subject: 'second', text: 'plain only' });

    const list = (await (await fetch(`${base}/api/email`)).json()) as CaughtMail[];
    assert.equal(list.length, 2);
    const [m] = list;
    assert.equal(m.subject, '回访任务提醒：请在 2 个工作日内完成');
    assert.deepEqual(m.from, [{ address: 'noreply@kaflow.local', name: 'KA Flow' }]);
    assert.deepEqual(m.to, [
      { address: 'zhangsan@dealer1.local', name: '张三' },
      { address: 'ka@dealer1.local', name: '' },
    ]);
    assert.deepEqual(m.cc, [{ address: 'gm@dealer1.local', name: '' }]);
    assert.ok(m.envelope.to.includes('audit@dealer1.local'), 'bcc recipient in the envelope');
    assert.match(m.text, /回访任务已逾期/);
    assert.match(m.html, /<b>有一条回访任务已逾期<\/b>/);
    assert.ok(!Number.isNaN(Date.parse(String(m.date))));
    assert.equal(list[1].html, '');

    const one = await fetch(`${base}/api/email/${m.id}`);
    assert.equal(one.status, 200);
    assert.equal(((await one.json()) as CaughtMail).subject, m.subject);
    assert.equal((await fetch(`${base}/api/email/nope`)).status, 404);

    const pageRes = await fetch(`${base}/`);
    assert.match(pageRes.headers.get('content-type') ?? '', /text\/html; charset=utf-8/);
    const html = await pageRes.text();
    assert.ok(html.includes('回访任务提醒'), 'Chinese subject on the page');
    assert.ok(html.indexOf('second') < html.indexOf('回访任务提醒'), 'newest first');
    assert.ok(html.includes('&lt;b&gt;not html&lt;/b&gt;'), 'text is escaped');

    const waited = mc.waitFor((x) => x.subject === 'third', 5000);
    await transport.sendMail({ from: 'a@x.local', to: 'c@x.local', subject: 'third', text: '3' });
    assert.equal((await waited).to[0].address, 'c@x.local');
    assert.equal(mc.messages().length, 3);

    assert.equal((await fetch(`${base}/api/email/${m.id}`, { method: 'DELETE' })).status, 200);
    assert.equal(mc.messages().length, 2);
    assert.equal((await fetch(`${base}/api/email/all`, { method: 'DELETE' })).status, 200);
    assert.deepEqual(await (await fetch(`${base}/api/email`)).json(), []);
    transport.close();
    authed.close();
    console.log('mail catcher smoke check: OK');
  } finally {
    const t0 = Date.now();
    await mc.close();
    console.log(`closed in ${Date.now() - t0} ms`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
