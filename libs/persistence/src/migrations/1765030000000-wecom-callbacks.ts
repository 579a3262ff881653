// WeCom callbacks and sign-in: each card click once (WeCom re-sends a callback it got no quick answer to; the
// response code names the click), and each sign-in state once (a state seen again is refused).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WecomCallbacks1765030000000 implements MigrationInterface {
  name = 'WecomCallbacks1765030000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS "wecom_card_event" ("dealerId" uuid NOT NULL,
      "responseCode" character varying(256) NOT NULL, "fromUser" character varying(64) NOT NULL,
      "cardTaskId" character varying(128) NOT NULL, "eventKey" character varying(64) NOT NULL,
      "taskId" uuid, "outcome" character varying(32), "receivedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "handledAt" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_wecom_card_event" PRIMARY KEY ("dealerId", "responseCode"))`);
    await q.query(`CREATE INDEX IF NOT EXISTS "IDX_wecom_card_event_task" ON "wecom_card_event" ("taskId")`);
    await q.query(`CREATE TABLE IF NOT EXISTS "wecom_signin_state" ("nonce" character varying(64) NOT NULL,
      "dealerId" uuid NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_wecom_signin_state" PRIMARY KEY ("nonce"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "wecom_signin_state"`);
    await q.query(`DROP TABLE IF EXISTS "wecom_card_event"`);
  }
}
