// Region-tier users (区域经理) and the indexes the scorecards' SQL aggregation reads through.
// A user belongs to exactly one dealer or (a region role) exactly one region.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RegionUsersAndScorecards1764420000000 implements MigrationInterface {
  name = 'RegionUsersAndScorecards1764420000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ALTER COLUMN "dealerId" DROP NOT NULL`);
    await q.query(`ALTER TABLE "app_user" ADD "regionId" uuid`);
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_app_user_regionId" FOREIGN KEY ("regionId") REFERENCES "region"("id")`,
    );
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "CHK_app_user_one_tenant" CHECK (("dealerId" IS NULL) <> ("regionId" IS NULL))`,
    );
    await q.query(`CREATE INDEX "IDX_app_user_region" ON "app_user" ("regionId") WHERE "regionId" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_dealer_region" ON "dealer" ("regionId")`);
    // Every prospect by owner and current grade, counted from the index alone.
    await q.query(`CREATE INDEX "IDX_prospect_dealer_owner_grade" ON "prospect" ("dealerId", "ownerId", "grade")`);
    await q.query(
      `CREATE INDEX "IDX_conversion_state_dealer_delivered" ON "conversion_state" ("dealerId", "deliveredAt")`,
    );
    // Leads recorded from a visit (record rate).
    await q.query(
      `CREATE INDEX "IDX_prospect_source_visit" ON "prospect" ("sourceVisitId") WHERE "sourceVisitId" IS NOT NULL`,
    );
    // The changes since a month began with what the aggregation needs, read without visiting the table.
    await q.query(
      `CREATE INDEX "IDX_grade_change_dealer_at_cover" ON "grade_change" ("dealerId", "at")
         INCLUDE ("prospectId", "fromGrade", "toGrade")`,
    );
    await q.query(`CREATE INDEX "IDX_callback_check_dealer_done" ON "callback_check" ("dealerId", "doneAt")`);
    await q.query(
      `CREATE INDEX "IDX_sales_order_dealer_consultant_date" ON "sales_order" ("dealerId", "consultantId", "orderDate")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_sales_order_dealer_consultant_date"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_callback_check_dealer_done"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_grade_change_dealer_at_cover"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_prospect_source_visit"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_conversion_state_dealer_delivered"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_prospect_dealer_owner_grade"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_dealer_region"`);
    await q.query(`DROP INDEX IF EXISTS "IDX_app_user_region"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "CHK_app_user_one_tenant"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_app_user_regionId"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "regionId"`);
    await q.query(`ALTER TABLE "app_user" ALTER COLUMN "dealerId" SET NOT NULL`);
  }
}
