// A small local mail catcher (in the spirit of maildev 3): every mail sent to its SMTP port is
// kept in memory (the last 2000) and shown on a web page and a JSON API.
//
//   SMTP  127.0.0.1:${SMTP_PORT:-1025}     no TLS, AUTH optional (any credentials accepted)
//   HTTP  127.0.0.1:${MAIL_WEB_PORT:-1080}
//     GET    /                 readable page, newest first, click a mail to see its text
//     GET    /api/email        JSON array, oldest first, maildev 3's shape:
//                              { id, subject, from: [{address,name}], to: [...], cc: [...],
//                                text, html, date, time, envelope: { from, to } }
//     GET    /api/email/:id    one mail (404 when unknown)
//     DELETE /api/email/all    forget every mail
//     DELETE /api/email/:id    forget one mail
//   MAIL_HOST (default 127.0.0.1) sets the interface both listen on (0.0.0.0 in a container).
//
// Run: `npm run stack:mail`. In-process (tests): `const mc = await startMailCatcher({ smtpPort: 0,
// webPort: 0 })`, then mc.smtpPort / mc.webPort, mc.messages(), mc.waitFor(pred), mc.close().
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { handle } from './mail-catcher-web';

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
  /** the mail's Date header (or the time it arrived), ISO-8601 in JSON */
  date: Date;
  /** when the catcher received it */
  time: Date;
  messageId?: string;
  /** SMTP envelope: who the client said it was and every RCPT TO (Bcc included) */
  envelope: { from: string; to: string[] };
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
  clear(): void;
  /** resolves with the first mail (already received or arriving) that matches */
  waitFor(predicate?: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!field) return [];
  const out: MailAddress[] = [];
  const visit = (list: EmailAddress[]): void => {
    for (const a of list) {
      if (a.group) visit(a.group);
      else if (a.address) out.push({ address: a.address, name: a.name ?? '' });
    }
  };
  for (const obj of Array.isArray(field) ? field : [field]) visit(obj.value);
  return out;
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const max = options.maxMessages ?? 2000;
  const store: CaughtMail[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'KA Flow mail catcher',
    size: 25 * 1024 * 1024,
    closeTimeout: 1000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'any' });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const now = new Date();
          const mail: CaughtMail = {
            id: randomBytes(6).toString('hex'),
            subject: parsed.subject ?? '',
            from: addresses(parsed.from),
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            date: parsed.date ?? now,
            time: now,
            messageId: parsed.messageId,
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
          };
          store.push(mail);
          if (store.length > max) store.splice(0, store.length - max);
          if (options.verbose) {
            console.log(`[mail] ${mail.time.toISOString()} to=${mail.envelope.to.join(',')} subject=${mail.subject}`);
          }
          events.emit('mail', mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  smtp.on('error', (err) => {
    if (options.verbose) console.error('[mail] smtp error:', err.message);
  });

  const web = http.createServer((req, res) => handle(req, res, store));

  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(options.smtpPort ?? 1025, host, () => {
      smtp.server.off('error', reject);
      resolve();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      web.once('error', reject);
      web.listen(options.webPort ?? 1080, host, () => {
        web.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw err;
  }

  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const webPort = (web.address() as AddressInfo).port;

  return {
    smtpPort,
    webPort,
    host,
    messages: () => store.slice(),
    clear: () => {
      store.length = 0;
    },
    waitFor(predicate = () => true, timeoutMs = 10000) {
      const found = store.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const onMail = (mail: CaughtMail): void => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          events.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          events.off('mail', onMail);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${store.length} received)`));
        }, timeoutMs);
        events.on('mail', onMail);
      });
    },
    async close() {
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          web.close(() => resolve());
          web.closeAllConnections();
        }),
      ]);
    },
  };
}

// --- main ------------------------------------------------------------------------------------

if (require.main === module) {
  const smtpPort = Number(process.env.SMTP_PORT ?? 1025);
  const webPort = Number(process.env.MAIL_WEB_PORT ?? 1080);
  const host = process.env.MAIL_HOST ?? '127.0.0.1';
  startMailCatcher({ smtpPort, webPort, host, verbose: true }).then(
    (mc) => {
      console.log(
        `mail catcher: SMTP ${host}:${mc.smtpPort}, web http://${host === '0.0.0.0' ? 'localhost' : host}:${mc.webPort}/`,
      );
      const stop = (): void => {
        mc.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
        setTimeout(() => process.exit(0), 3000).unref();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err: Error) => {
      console.error(`mail catcher failed to start: ${err.message}`);
      process.exit(1);
    },
  );
}
