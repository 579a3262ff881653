// E-mail over SMTP (nodemailer). Every message has a key; the notification table makes a retried
// activity send nothing twice.
import nodemailer from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationEntity } from '@kaflow/persistence';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(msg) {
      await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text });
    },
    close: () => transport.close(),
  };
}

export interface Notification {
  key: string;
  dealerId: string;
  taskId?: string | null;
  kind: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * Sends a notification at most once per key. The row is claimed first; a mail that failed to send
 * leaves `sentAt` empty and is sent again by the activity's retry.
 */
export async function notifyOnce(db: DataSource | EntityManager, mailer: Mailer, n: Notification): Promise<boolean> {
  const repo = db.getRepository(NotificationEntity);
  await repo
    .createQueryBuilder()
    .insert()
    .into(NotificationEntity)
    .values({
      key: n.key,
      dealerId: n.dealerId,
      taskId: n.taskId ?? null,
      kind: n.kind,
      recipients: n.to,
      subject: n.subject,
      sentAt: null,
      createdAt: new Date(),
    })
    .orIgnore()
    .execute();
  const row = await repo.findOneByOrFail({ key: n.key });
  if (row.sentAt) return false;
  if (n.to.length > 0) await mailer.send({ to: n.to, subject: n.subject, text: n.text });
  await repo.update({ key: n.key }, { sentAt: new Date() });
  return true;
}
