// The tests' mail catcher process: maildev 3 (ES modules only) under Node's own loader, outside jest's module
// system (Jest 30 loads ES modules only under --experimental-vm-modules, and not at all from a CommonJS package on
// Node 20). tests/support/mail-catcher.ts forks it and talks over the IPC channel:
//   child → parent  { type: 'ready', smtpPort, webPort } once listening, { type: 'failed', error } when it cannot,
//                   { type: 'add', mail } for every mail stored (before the SMTP server answers the DATA command),
//                   { type: 'delete', id }, { type: 'clear' }, { type: 'done', seq } after a request
//   parent → child  { type: 'clear', seq }, { type: 'close', seq }
// The child ends when the parent closes the channel (the test process ended), so it never outlives a test run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailDev } from 'maildev';

const options = JSON.parse(process.env.KAFLOW_MAIL_CATCHER_OPTIONS ?? '{}');
const mailDirectory = mkdtempSync(join(tmpdir(), 'kaflow-mail-'));
const send = (message) => process.connected && process.send(message);
const addresses = (list) => Array.from(list ?? [], (a) => ({ address: a.address, name: a.name ?? '' }));

function caught(email) {
  const time = new Date().toISOString();
  const messageId = email.headers?.['message-id'];
  return {
    id: email.id,
    subject: email.subject ?? '',
    from: addresses(email.from),
    to: addresses(email.to),
    cc: addresses(email.cc),
    text: email.text ?? '',
    html: email.html ?? '',
    date: email.date ? new Date(email.date).toISOString() : time,
    time,
    messageId: typeof messageId === 'string' ? messageId : undefined,
    envelope: { from: email.envelope.from.address, to: Array.from(email.envelope.to, (t) => t.address) },
    attachments: Array.from(email.attachments ?? [], (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

const server = new MailDev({
  smtp: options.smtpPort ?? 0,
  ip: options.host ?? '127.0.0.1',
  web: options.webPort ?? 0,
  webIp: options.host ?? '127.0.0.1',
  mailDirectory,
  maxEmails: options.maxMessages ?? 2000,
  silent: true,
});
let servers;
const stop = async () => {
  await server.stop().catch(() => undefined);
  rmSync(mailDirectory, { recursive: true, force: true });
};
try {
  servers = await server.start();
} catch (err) {
  send({ type: 'failed', error: String(err?.message ?? err) });
  rmSync(mailDirectory, { recursive: true, force: true });
  process.exit(1);
}
servers.storage.on('add', (email) => send({ type: 'add', mail: caught(email) }));
servers.storage.on('delete', (id) => send({ type: 'delete', id }));
servers.storage.on('clear', () => send({ type: 'clear' }));
servers.storage.onEvicted((email) => send({ type: 'delete', id: email.id }));
process.on('message', (m) => {
  if (m?.type === 'clear') {
    servers.smtp.deleteAllEmails().then(
      () => send({ type: 'done', seq: m.seq }),
      () => send({ type: 'done', seq: m.seq }),
    );
  } else if (m?.type === 'close') {
    void stop().then(() => {
      send({ type: 'done', seq: m.seq });
      process.disconnect();
      process.exit(0);
    });
  }
});
process.on('disconnect', () => void stop().then(() => process.exit(0)));
send({ type: 'ready', smtpPort: servers.smtp.getAddress().port, webPort: servers.api?.getAddress()?.port ?? 0 });
