// The sales and planning records: the car model catalogue, orders, deliveries (AAK), system submissions, stock,
// versioned plans, personal targets, weekly reviews and the once-per-period process-run guard.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SalesAndPlans1764200000000 implements MigrationInterface {
  name = 'SalesAndPlans1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "car_model" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "code" character varying NOT NULL, "name" character varying NOT NULL, "active" boolean NOT NULL DEFAULT true, "sortOrder" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_525071eea12c671d67e35a5cbc8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_3a3a171ae93e20338c094b8fa9" ON "car_model" ("dealerId", "code")`);
    await q.query(
      `CREATE TABLE "sales_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "orderNo" character varying NOT NULL, "consultantId" uuid NOT NULL, "prospectId" uuid, "accountId" uuid, "customerType" character varying NOT NULL, "developmentType" character varying NOT NULL, "model" character varying NOT NULL, "quantity" integer NOT NULL, "orderDate" date NOT NULL, "status" character varying NOT NULL DEFAULT 'open', "cancelledAt" date, "cancelReason" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1631a193003bfc4297c61ba38ba" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_2b0f5928f6adc19bd6a4d2d97f" ON "sales_order" ("dealerId", "orderNo")`);
    await q.query(`CREATE INDEX "IDX_287045010eeda6d0b8a2b00c7d" ON "sales_order" ("dealerId", "orderDate")`);
    await q.query(
      `CREATE TABLE "delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "orderId" uuid NOT NULL, "consultantId" uuid NOT NULL, "model" character varying NOT NULL, "quantity" integer NOT NULL, "deliveryDate" date NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ffad7bf84e68716cd9af89003b0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_b37d51328f9ca210b573b19372" ON "delivery" ("orderId")`);
    await q.query(`CREATE INDEX "IDX_84a9dc2d172406facfa5e4fc68" ON "delivery" ("dealerId", "deliveryDate")`);
    await q.query(
      `CREATE TABLE "system_submission" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "deliveryId" uuid NOT NULL, "model" character varying NOT NULL, "quantity" integer NOT NULL, "licensingDate" date NOT NULL, "submittedDate" date NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe0bda12340f70ae970fd498f86" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_128c8508f163e5854834c00e37" ON "system_submission" ("deliveryId")`);
    await q.query(`CREATE INDEX "IDX_7ead941b623cdb33a605f29db9" ON "system_submission" ("dealerId", "submittedDate")`);
    await q.query(
      `CREATE TABLE "stock" ("dealerId" uuid NOT NULL, "model" character varying NOT NULL, "month" character varying(7) NOT NULL, "quantity" integer NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74efca56622d25cf553bbf6b467" PRIMARY KEY ("dealerId", "model", "month"))`,
    );
    await q.query(
      `CREATE TABLE "plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "kind" character varying NOT NULL, "period" character varying NOT NULL, "version" integer NOT NULL, "revision" integer NOT NULL DEFAULT '1', "status" character varying NOT NULL, "input" jsonb NOT NULL, "result" jsonb NOT NULL, "basis" jsonb, "coverageOk" boolean, "overrideNote" text, "reason" text, "supersedesId" uuid, "workflowId" character varying, "submittedBy" uuid, "submittedAt" TIMESTAMP WITH TIME ZONE, "reviewedBy" uuid, "reviewedAt" TIMESTAMP WITH TIME ZONE, "approvedBy" uuid, "approvedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_54a2b686aed3b637654bf7ddbb3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_a9ad3e48d035f96bc6fec6e8a4" ON "plan" ("dealerId", "kind", "period", "version")`,
    );
    await q.query(
      `CREATE TABLE "personal_target" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "month" character varying(7) NOT NULL, "planId" uuid NOT NULL, "consultantId" uuid NOT NULL, "targets" jsonb NOT NULL, "status" character varying NOT NULL DEFAULT 'pending', "comment" text, "taskId" uuid, "decidedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ef1efa0dc55af3754860cf80d83" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_977b9d9e6d638fee9e95659ed2" ON "personal_target" ("dealerId", "month")`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_b456b0c004f58a6602cb2c8b56" ON "personal_target" ("planId", "consultantId")`,
    );
    await q.query(
      `CREATE TABLE "weekly_review" ("dealerId" uuid NOT NULL, "week" character varying(8) NOT NULL, "businessDate" date NOT NULL, "month" character varying(7) NOT NULL, "progress" jsonb NOT NULL, "gapCount" integer NOT NULL, "taskId" uuid, "actions" jsonb, "summarySentAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d492733a810c0712d3256478efc" PRIMARY KEY ("dealerId", "week"))`,
    );
    await q.query(
      `CREATE TABLE "process_run" ("dealerId" uuid NOT NULL, "process" character varying NOT NULL, "periodKey" character varying NOT NULL, "workflowId" character varying NOT NULL, "businessDate" date NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb4d6fea62a34df0c0742ca3a27" PRIMARY KEY ("dealerId", "process", "periodKey"))`,
    );
    await q.query(
      `ALTER TABLE "car_model" ADD CONSTRAINT "FK_car_model_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "sales_order" ADD CONSTRAINT "FK_sales_order_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "sales_order" ADD CONSTRAINT "FK_sales_order_consultantId" FOREIGN KEY ("consultantId") REFERENCES "app_user"("id")`,
    );
    await q.query(
      `ALTER TABLE "delivery" ADD CONSTRAINT "FK_delivery_orderId" FOREIGN KEY ("orderId") REFERENCES "sales_order"("id")`,
    );
    await q.query(
      `ALTER TABLE "system_submission" ADD CONSTRAINT "FK_system_submission_deliveryId" FOREIGN KEY ("deliveryId") REFERENCES "delivery"("id")`,
    );
    await q.query(
      `ALTER TABLE "stock" ADD CONSTRAINT "FK_stock_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "plan" ADD CONSTRAINT "FK_plan_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "personal_target" ADD CONSTRAINT "FK_personal_target_planId" FOREIGN KEY ("planId") REFERENCES "plan"("id")`,
    );
    await q.query(
      `ALTER TABLE "personal_target" ADD CONSTRAINT "FK_personal_target_consultantId" FOREIGN KEY ("consultantId") REFERENCES "app_user"("id")`,
    );
    await q.query(
      `ALTER TABLE "weekly_review" ADD CONSTRAINT "FK_weekly_review_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "process_run" ADD CONSTRAINT "FK_process_run_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "process_run" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "weekly_review" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "personal_target" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "plan" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "stock" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "system_submission" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "delivery" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "sales_order" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "car_model" CASCADE`);
  }
}
