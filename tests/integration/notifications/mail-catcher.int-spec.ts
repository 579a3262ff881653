// The tests' mail catcher (maildev, in a child process) against what KA Flow and its operators send: the
// product's own SMTP mailer, Chinese subjects and names, many recipients with Cc and Bcc, SMTP AUTH,
// HTML, attachments with Chinese file names. What the tests read (messages(), waitFor) and what
// maildev's REST API and web UI serve are the same mails.
import nodemailer from 'nodemailer';
import { createSmtpMailer } from '@kaflow/activities';
import { eventually } from '../../support/eventually';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../support/mail-catcher';

let mc: MailCatcher;
let web: string;
beforeAll(async () => {
  mc = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  web = `http://127.0.0.1:${mc.webPort}`;
});
afterAll(async () => {
  await mc?.close();
});

const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${web}${path}`, init);
  return { status: res.status, body: (await res.json()) as any };
};

it('listens on ports of its own', () => {
  expect(mc.smtpPort).toBeGreaterThan(0);
  expect(mc.webPort).toBeGreaterThan(0);
  expect(mc.webPort).not.toBe(mc.smtpPort);
});

it("lists the product mailer's mail, Chinese subject and text intact", async () => {
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${mc.smtpPort}`, 'KA Flow <kaflow@test.local>');
  try {
    await mailer.send({
      to: ['cs_agent@dealer1.local'],
      subject: '【待办】客户回访：国网成都供电公司（2 个工作日内）',
      text: '您好，\n请在 2 个工作日内完成回访：http://kaflow.test/tasks/5f0c1d2e-0000-4000-8000-000000000001\n',
    });
  } finally {
    mailer.close();
  }
  await mc.waitFor((m) => m.to.some((t) => t.address === 'cs_agent@dealer1.local'));
  const mails = mc.messages().filter((m) => m.to.some((t) => t.address === 'cs_agent@dealer1.local'));
  expect(mails).toHaveLength(1);
  const [m] = mails;
  expect(m.subject).toBe('【待办】客户回访：国网成都供电公司（2 个工作日内）');
  expect(m.text).toBe(
    '您好，\n请在 2 个工作日内完成回访：http://kaflow.test/tasks/5f0c1d2e-0000-4000-8000-000000000001\n',
  );
  expect(m.html).toBe('');
  expect(m.from).toEqual([{ address: 'kaflow@test.local', name: 'KA Flow' }]);
  expect(m.envelope).toEqual({ from: 'kaflow@test.local', to: ['cs_agent@dealer1.local'] });
  expect(m.attachments).toEqual([]);
  expect(m.date).toBeInstanceOf(Date);
  expect(m.time).toBeInstanceOf(Date);
});

it('takes many recipients, Cc, Bcc, AUTH, HTML and attachments, and serves the same mail over its REST API', async () => {
  const to = Array.from({ length: 60 }, (_, i) => ({ name: `顾问${i + 1}`, address: `c${i + 1}@dealer1.local` }));
  const xlsx = Buffer.from('PK\u0003\u0004 not really a workbook, 二进制内容', 'utf8');
  const ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: mc.smtpPort,
    secure: false,
    auth: { user: 'any-user', pass: 'any-password' },
  });
  try {
    await transport.sendMail({
      from: { name: '销售总监', address: 'director@dealer1.local' },
      to,
      cc: [{ name: '总经理', address: 'gm@dealer1.local' }],
      bcc: 'audit@dealer1.local',
      subject: '附件12 回访记录表（2026年12月）',
      text: '请查收附件。',
      html: '<p>请查收<b>附件</b>。</p>',
      attachments: [
        { filename: '附件12-回访记录.xlsx', content: xlsx },
        { filename: 'visit.ics', content: ics, contentType: 'text/calendar' },
      ],
    });
  } finally {
    transport.close();
  }
  const m = await mc.waitFor((x) => x.subject.startsWith('附件12'));
  expect(m.subject).toBe('附件12 回访记录表（2026年12月）');
  expect(m.from).toEqual([{ address: 'director@dealer1.local', name: '销售总监' }]);
  expect(m.to).toHaveLength(60);
  expect(m.to[0]).toEqual({ address: 'c1@dealer1.local', name: '顾问1' });
  expect(m.to[59]).toEqual({ address: 'c60@dealer1.local', name: '顾问60' });
  expect(m.cc).toEqual([{ address: 'gm@dealer1.local', name: '总经理' }]);
  // the Bcc is in no header, only in the envelope
  expect(m.envelope.to).toHaveLength(62);
  expect(m.envelope.to).toEqual(
    expect.arrayContaining(['c1@dealer1.local', 'gm@dealer1.local', 'audit@dealer1.local']),
  );
  expect(m.text.trim()).toBe('请查收附件。');
  expect(m.html).toContain('请查收<b>附件</b>。');
  expect(m.attachments).toEqual([
    { filename: '附件12-回访记录.xlsx', contentType: expect.stringMatching(/spreadsheetml/), size: xlsx.length },
    { filename: 'visit.ics', contentType: 'text/calendar', size: Buffer.byteLength(ics) },
  ]);

  // maildev's REST API: the same mails, oldest first, with the same ids
  const list = await json('/api/email');
  expect(list.status).toBe(200);
  expect(list.body.map((x: any) => x.id)).toEqual(mc.messages().map((x) => x.id));
  const one = await json(`/api/email/${m.id}`);
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({ subject: m.subject, cc: [{ address: 'gm@dealer1.local' }] });
  expect(one.body.to).toHaveLength(60);
  const file = await fetch(`${web}/api/email/${m.id}/attachment/${one.body.attachments[0].generatedFileName}`);
  expect(file.status).toBe(200);
  expect(Buffer.from(await file.arrayBuffer())).toEqual(xlsx);
  expect((await json('/api/email/nope')).status).toBe(404);
});

it('serves its web UI', async () => {
  const res = await fetch(`${web}/`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  expect(await res.text()).toMatch(/<title>[^<]*MailDev/i);
});

it('waits for a mail still to come, gives up after its timeout, and forgets what is deleted', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mc.smtpPort, secure: false });
  try {
    const waiting = mc.waitFor((x) => x.subject === '【提醒】稍后到达', 10_000);
    await transport.sendMail({
      from: 'kaflow@test.local',
      to: 'late@dealer1.local',
      subject: '【提醒】稍后到达',
      text: '.',
    });
    const late: CaughtMail = await waiting;
    expect(late.to).toEqual([{ address: 'late@dealer1.local', name: '' }]);
    await expect(mc.waitFor((x) => x.subject === 'never sent', 300)).rejects.toThrow(/no matching mail within 300 ms/);

    // deleted through the REST API (as from the web UI): gone from messages() too
    const before = mc.messages().length;
    expect((await fetch(`${web}/api/email/${late.id}`, { method: 'DELETE' })).status).toBe(200);
    // (the catcher's process tells this one: wait for its word)
    await eventually(async () => {
      expect(mc.messages().map((x) => x.id)).not.toContain(late.id);
      expect(mc.messages()).toHaveLength(before - 1);
    }, 5_000);
    await mc.clear();
    expect(mc.messages()).toEqual([]);
    expect((await json('/api/email')).body).toEqual([]);
  } finally {
    transport.close();
  }
});
