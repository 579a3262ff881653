// The tests' mail catcher: maildev 3 (npm, a development dependency), in-process, on ports of its own.
// It receives and parses every mail (SMTP, MIME, UTF-8 headers, attachments) and serves its web UI and
// REST API (`GET /api/email`); this file only starts it and keeps a synchronous list of what it
// stored, in the shape the tests read.
//
//   const mc = await startMailCatcher({ smtpPort: 0, webPort: 0 });
//   mc.smtpPort / mc.webPort, mc.messages(), mc.waitFor(pred), mc.clear(), mc.close()
//
// The demo and `npm run stack:mail` run maildev's own command line instead.
import { mkdtempSync, rmSync } from 'node:fs';
import type { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailDev as MailDevClass, Servers } from 'maildev';

/** A mail as maildev stores it. */
type Email = Awaited<ReturnType<Servers['storage']['getAll']>>[number];

export interface MailAddress {
  address: string;
  name: string;
}

export interface CaughtMail {
  id: string;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** plain-text body ('' when the mail has none) */
  text: string;
  /** HTML body ('' when the mail has none) */
  html: string;
  /** the mail's Date header (or the time it arrived) */
  date: Date;
  /** when the catcher received it */
  time: Date;
  messageId?: string;
  /** SMTP envelope: who the client said it was and every RCPT TO (Bcc included) */
  envelope: { from: string; to: string[] };
  /** attachments as maildev stored them (the files are in its mail directory) */
  attachments: { filename: string; contentType: string; size?: number }[];
}

export interface MailCatcherOptions {
  smtpPort?: number;
  webPort?: number;
  host?: string;
  /** how many mails to keep (oldest dropped first); default 2000 */
  maxMessages?: number;
  /** log each received mail on stdout; default false */
  verbose?: boolean;
}

export interface MailCatcher {
  readonly smtpPort: number;
  readonly webPort: number;
  readonly host: string;
  /** received mails, oldest first (a copy of the list) */
  messages(): CaughtMail[];
  clear(): Promise<void>;
  /** resolves with the first mail (already received or arriving) that matches */
  waitFor(predicate?: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

// maildev is published as ES modules only. Node's own require (process.getBuiltinModule gives the real
// one, also inside jest's sandbox) loads a one-line CommonJS file whose import() loads it.
const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);
const importEsm = nodeRequire('./import-esm.cjs') as (id: string) => Promise<unknown>;
let maildev: Promise<{ MailDev: typeof MailDevClass }> | undefined;

// The objects maildev hands over come from Node's main realm, not jest's: copy them with this realm's
// Array and Date, so that the tests' matchers see ordinary arrays and dates.
const addresses = (list: { address: string; name?: string }[] | undefined): MailAddress[] =>
  Array.from(list ?? [], (a) => ({ address: a.address, name: a.name ?? '' }));

function caught(email: Email): CaughtMail {
  const time = new Date();
  const messageId = email.headers['message-id'];
  return {
    id: email.id,
    subject: email.subject,
    from: addresses(email.from),
    to: addresses(email.to),
    cc: addresses(email.cc),
    text: email.text ?? '',
    html: email.html ?? '',
    date: email.date ? new Date(email.date.getTime()) : time,
    time,
    messageId: typeof messageId === 'string' ? messageId : undefined,
    envelope: {
      from: email.envelope.from.address,
      to: Array.from(email.envelope.to, (t) => t.address),
    },
    attachments: Array.from(email.attachments, (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const { MailDev } = await (maildev ??= importEsm('maildev') as Promise<{ MailDev: typeof MailDevClass }>);
  // a mail directory of its own (maildev keeps each mail's .eml and attachments there), removed on close
  const mailDirectory = mkdtempSync(join(tmpdir(), 'kaflow-mail-'));
  const server = new MailDev({
    smtp: options.smtpPort ?? 1025,
    ip: host,
    web: options.webPort ?? 1080,
    webIp: host,
    mailDirectory,
    maxEmails: options.maxMessages ?? 2000,
    silent: true,
  });
  let servers: Servers;
  try {
    servers = await server.start();
  } catch (err) {
    rmSync(mailDirectory, { recursive: true, force: true });
    throw err;
  }

  // maildev's storage is an EventEmitter: 'add' when a new mail is stored, 'delete' and 'clear' whether
  // the tests or the web UI removed it; past maxEmails it evicts the oldest. Mails are stored before the
  // SMTP server answers the DATA command, so a mail is listed here by the time the sender's send() resolves.
  const store = new Map<string, CaughtMail>();
  const waiters = new Set<(mail: CaughtMail) => void>();
  const storage = servers.storage as unknown as EventEmitter;
  storage.on('add', (email: Email) => {
    if (store.has(email.id)) return;
    const mail = caught(email);
    store.set(mail.id, mail);
    if (options.verbose) {
      console.log(`[mail] ${mail.time.toISOString()} to=${mail.envelope.to.join(',')} subject=${mail.subject}`);
    }
    for (const waiter of [...waiters]) waiter(mail);
  });
  storage.on('delete', (id: string) => store.delete(id));
  storage.on('clear', () => store.clear());
  servers.storage.onEvicted((email) => void store.delete(email.id));

  return {
    smtpPort: servers.smtp.getAddress().port,
    webPort: servers.api?.getAddress()?.port ?? 0,
    host,
    messages: () => [...store.values()],
    async clear() {
      await servers.smtp.deleteAllEmails();
    },
    waitFor(predicate = () => true, timeoutMs = 10000) {
      const found = [...store.values()].find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const waiter = (mail: CaughtMail): void => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${store.size} received)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      for (const waiter of waiters) waiters.delete(waiter);
      await server.stop();
      rmSync(mailDirectory, { recursive: true, force: true });
    },
  };
}
