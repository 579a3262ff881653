// Notification channels (issues 9 and 12): each person's channels (e-mail, WeCom) and message
// language, the dealer's defaults and WeCom settings, and the notification row as a small outbox:
// one row per message, channel and recipient (its key keeps the exactly-once guarantee), pending
// until sent, retried with back-off, folded into a digest when one recipient gets many at once.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationChannels1764480000000 implements MigrationInterface {
  name = 'NotificationChannels1764480000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "app_user" ADD "notifyChannels" text array, ADD "messageLang" text, ADD "wecomUserId" text`,
    );
    await q.query(
      `CREATE TABLE "dealer_notification_settings" ("dealerId" uuid NOT NULL, "defaultChannels" text array NOT NULL DEFAULT '{email}', "defaultLang" text NOT NULL DEFAULT 'zh-CN', "wecom" jsonb NOT NULL DEFAULT '{}', "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedBy" uuid, CONSTRAINT "PK_dealer_notification_settings" PRIMARY KEY ("dealerId"))`,
    );
    await q.query(
      `ALTER TABLE "dealer_notification_settings" ADD CONSTRAINT "FK_dealer_notification_settings_dealer" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "notification" ADD "channel" text NOT NULL DEFAULT 'email', ADD "recipientUserId" uuid, ADD "target" text, ADD "message" jsonb, ADD "digestible" boolean NOT NULL DEFAULT false, ADD "sendAfter" TIMESTAMP WITH TIME ZONE, ADD "attempts" integer NOT NULL DEFAULT 0, ADD "lastError" text, ADD "failedAt" TIMESTAMP WITH TIME ZONE, ADD "digestKey" text`,
    );
    await q.query(
      `CREATE INDEX "IDX_notification_pending" ON "notification" ("sendAfter") WHERE "sentAt" IS NULL AND "failedAt" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_notification_dealer_channel" ON "notification" ("dealerId", "channel", "createdAt")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_notification_dealer_channel"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_notification_pending"`);
    await q.query(
      `ALTER TABLE "notification" DROP COLUMN "digestKey", DROP COLUMN "failedAt", DROP COLUMN "lastError", DROP COLUMN "attempts", DROP COLUMN "sendAfter", DROP COLUMN "digestible", DROP COLUMN "message", DROP COLUMN "target", DROP COLUMN "recipientUserId", DROP COLUMN "channel"`,
    );
    await q.query(`DROP TABLE IF EXISTS "dealer_notification_settings" CASCADE`);
    await q.query(
      `ALTER TABLE "app_user" DROP COLUMN "wecomUserId", DROP COLUMN "messageLang", DROP COLUMN "notifyChannels"`,
    );
  }
}
