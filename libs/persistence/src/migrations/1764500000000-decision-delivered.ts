// When a task's workflow was known to have its decision (libs/records decision-delivery): a decided row
// without it is sent to its workflow again. Rows decided before this release count as delivered.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DecisionDelivered1764500000000 implements MigrationInterface {
  name = 'DecisionDelivered1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" ADD COLUMN IF NOT EXISTS "deliveredAt" timestamptz`);
    await q.query(`UPDATE "task" SET "deliveredAt" = "decidedAt" WHERE status = 'done' AND "deliveredAt" IS NULL`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS "task_undelivered" ON "task" ("decidedAt") WHERE status = 'done' AND "deliveredAt" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "task_undelivered"`);
    await q.query(`ALTER TABLE "task" DROP COLUMN IF EXISTS "deliveredAt"`);
  }
}
