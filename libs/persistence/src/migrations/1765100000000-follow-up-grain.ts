// The follow-up grain (ARCHITECTURE.md): a prospect's follow-up schedule is kept by its own workflow or, for a dealer
// on the 'sweep' grain, by the dealer's daily sweep, which keeps each prospect's next wake time (and what it owes:
// an escalation, a lost-deal analysis) on the prospect's conversion_state row.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUpGrain1765100000000 implements MigrationInterface {
  name = 'FollowUpGrain1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "conversion_state" ADD COLUMN IF NOT EXISTS "grain" varchar(10) NOT NULL DEFAULT 'prospect'`,
    );
    await q.query(`ALTER TABLE "conversion_state" ADD COLUMN IF NOT EXISTS "wakeAt" timestamptz`);
    await q.query(`ALTER TABLE "conversion_state" ADD COLUMN IF NOT EXISTS "escalateDue" timestamptz`);
    await q.query(`ALTER TABLE "conversion_state" ADD COLUMN IF NOT EXISTS "lossAt" timestamptz`);
    // the sweep's one question: which of the dealer's prospects wake by now, and when is the next
    await q.query(`CREATE INDEX IF NOT EXISTS "conversion_state_sweep_wake" ON "conversion_state" ("dealerId", "wakeAt")
      WHERE "grain" = 'sweep'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "conversion_state_sweep_wake"`);
    for (const c of ['lossAt', 'escalateDue', 'wakeAt', 'grain'])
      await q.query(`ALTER TABLE "conversion_state" DROP COLUMN IF EXISTS "${c}"`);
  }
}
