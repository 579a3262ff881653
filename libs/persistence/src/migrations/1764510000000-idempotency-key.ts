// The Idempotency-Key header's records (apps/api/src/common/idempotency.ts): one row per (user, key), the
// request's fingerprint, and the answer once the first request finished (a null status: still in flight).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKey1764510000000 implements MigrationInterface {
  name = 'IdempotencyKey1764510000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS "idempotency_key" ("userId" uuid NOT NULL,
      "key" character varying(255) NOT NULL, "fingerprint" character(64) NOT NULL, "status" smallint,
      "body" jsonb, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "completedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("userId", "key"))`);
    await q.query(`CREATE INDEX IF NOT EXISTS "IDX_idempotency_key_created" ON "idempotency_key" ("createdAt")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "idempotency_key"`);
  }
}
