// Rate-limit counters shared by every API instance (the login throttle), instead of process memory.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimit1764440000000 implements MigrationInterface {
  name = 'RateLimit1764440000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_limit_hit" ("key" character varying(128) NOT NULL, "hits" integer NOT NULL,
      "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "blockedUntil" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_rate_limit_hit" PRIMARY KEY ("key"))`);
    await q.query(`CREATE INDEX "IDX_rate_limit_hit_expires" ON "rate_limit_hit" ("expiresAt")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limit_hit"`);
  }
}
