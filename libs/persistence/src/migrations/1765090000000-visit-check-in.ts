// Visit check-in (走访签到): the consultant checks in on a planned visit from the phone, with the browser's position
// when given; an unplanned visit is added to the plan as unplanned. The visit plan's completion counts check-ins.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VisitCheckIn1765090000000 implements MigrationInterface {
  name = 'VisitCheckIn1765090000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "visit_plan" ADD COLUMN IF NOT EXISTS "unplanned" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "visit_plan" ADD COLUMN IF NOT EXISTS "prospectId" uuid REFERENCES "prospect"("id")`);
    await q.query(`CREATE TABLE IF NOT EXISTS "visit_check_in" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "dealerId" uuid NOT NULL REFERENCES "dealer"("id"),
      "planId" uuid NOT NULL UNIQUE REFERENCES "visit_plan"("id"),
      "consultantId" uuid NOT NULL REFERENCES "app_user"("id"),
      "checkedInAt" timestamptz NOT NULL,
      "localDate" date NOT NULL,
      "lat" double precision,
      "lng" double precision,
      "accuracy" double precision,
      CONSTRAINT "visit_check_in_position" CHECK (
        ("lat" IS NULL AND "lng" IS NULL AND "accuracy" IS NULL) OR
        ("lat" BETWEEN -90 AND 90 AND "lng" BETWEEN -180 AND 180 AND "accuracy" >= 0)))`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS "visit_check_in_dealer_date" ON "visit_check_in" ("dealerId", "localDate")`,
    );
    // one unplanned visit per prospect a day: a second tap on another phone is a 409, not a second visit
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS "visit_plan_unplanned_once" ON "visit_plan" ("prospectId",
      "plannedDate") WHERE "unplanned"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "visit_check_in"`);
    await q.query(`DROP INDEX IF EXISTS "visit_plan_unplanned_once"`);
    await q.query(`ALTER TABLE "visit_plan" DROP COLUMN IF EXISTS "prospectId"`);
    await q.query(`ALTER TABLE "visit_plan" DROP COLUMN IF EXISTS "unplanned"`);
  }
}
