// The tests' mail catcher: maildev 3 (npm, a development dependency), on ports of its own, in a child process
// (tests/support/mail-catcher-process.mjs: maildev ships only ES modules, which jest's module system does not load).
// It receives and parses every mail (SMTP, MIME, UTF-8 headers, attachments) and serves its web UI and REST API
// (`GET /api/email`); this file starts it and keeps the list of what it stored, in the shape the tests read, from
// the child's messages. A mail is stored before maildev answers the DATA command, and its message is sent to
// this process at that moment: wait for a mail (waitFor, or eventually) rather than reading it the instant a
// send resolves.
//
//   const mc = await startMailCatcher({ smtpPort: 0, webPort: 0 });
//   mc.smtpPort / mc.webPort, mc.messages(), mc.waitFor(pred), mc.clear(), mc.close()
//
// The demo and `npm run stack:mail` run maildev's own command line instead.
import { fork } from 'node:child_process';
import { join } from 'node:path';

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

type Wire = Omit<CaughtMail, 'date' | 'time'> & { date: string; time: string };
type FromChild =
  | { type: 'ready'; smtpPort: number; webPort: number }
  | { type: 'failed'; error: string }
  | { type: 'add'; mail: Wire }
  | { type: 'delete'; id: string }
  | { type: 'clear' }
  | { type: 'done'; seq: number };

const CHILD = join(__dirname, 'mail-catcher-process.mjs');

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  // the child runs on the Node that runs the tests, without jest's or this process's loader flags
  const child = fork(CHILD, [], {
    execArgv: [],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      KAFLOW_MAIL_CATCHER_OPTIONS: JSON.stringify({
        smtpPort: options.smtpPort ?? 1025,
        webPort: options.webPort ?? 1080,
        host,
        maxMessages: options.maxMessages ?? 2000,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const store = new Map<string, CaughtMail>();
  const waiters = new Set<(mail: CaughtMail) => void>();
  const pending = new Map<number, () => void>();
  let seq = 0;
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const done of pending.values()) done();
      resolve();
    }),
  );
  const ready = new Promise<{ smtpPort: number; webPort: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the mail catcher exited during start-up (${code})`)));
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'failed') reject(new Error(`the mail catcher did not start: ${m.error}`));
      else if (m.type === 'add') {
        if (store.has(m.mail.id)) return;
        const mail: CaughtMail = { ...m.mail, date: new Date(m.mail.date), time: new Date(m.mail.time) };
        store.set(mail.id, mail);
        if (options.verbose) {
          console.log(`[mail] ${m.mail.time} to=${mail.envelope.to.join(',')} subject=${mail.subject}`);
        }
        for (const waiter of [...waiters]) waiter(mail);
      } else if (m.type === 'delete') store.delete(m.id);
      else if (m.type === 'clear') store.clear();
      else if (m.type === 'done') pending.get(m.seq)?.();
    });
  });
  const ask = (type: 'clear' | 'close') =>
    exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const n = ++seq;
          pending.set(n, () => {
            pending.delete(n);
            resolve();
          });
          child.send({ type, seq: n });
        });
  let ports: { smtpPort: number; webPort: number };
  try {
    ports = await ready;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  return {
    smtpPort: ports.smtpPort,
    webPort: ports.webPort,
    host,
    messages: () => [...store.values()],
    async clear() {
      await ask('clear');
      store.clear();
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
      await ask('close');
      await gone;
    },
  };
}
