// Substitutes (代理): a person names someone who decides their tasks for a date range at the dealer; a
// decision taken that way keeps whom it was taken for on the task row (and in the audit row's detail).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Substitutes1765040000000 implements MigrationInterface {
  name = 'Substitutes1765040000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS "substitute" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "dealerId" uuid NOT NULL REFERENCES "dealer"("id"),
      "userId" uuid NOT NULL REFERENCES "app_user"("id"),
      "substituteUserId" uuid NOT NULL REFERENCES "app_user"("id"),
      "fromDate" date NOT NULL,
      "toDate" date NOT NULL,
      "reason" text,
      "createdBy" uuid NOT NULL,
      "createdAt" timestamptz NOT NULL DEFAULT now(),
      "endedAt" timestamptz,
      CONSTRAINT "substitute_dates" CHECK ("fromDate" <= "toDate"),
      CONSTRAINT "substitute_not_self" CHECK ("userId" <> "substituteUserId"))`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS "substitute_dealer_sub" ON "substitute" ("dealerId", "substituteUserId", "toDate")`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS "substitute_dealer_user" ON "substitute" ("dealerId", "userId", "toDate")`,
    );
    await q.query(`ALTER TABLE "task" ADD COLUMN IF NOT EXISTS "decidedOnBehalfOf" uuid`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" DROP COLUMN IF EXISTS "decidedOnBehalfOf"`);
    await q.query(`DROP TABLE IF EXISTS "substitute"`);
  }
}
