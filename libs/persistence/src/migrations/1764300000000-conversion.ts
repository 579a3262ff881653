// Process 6 (conversion): follow-up rhythm state, the follow-up due ledger and lost-deal analyses.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Conversion1764300000000 implements MigrationInterface {
  name = 'Conversion1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "conversion_state" ("prospectId" uuid NOT NULL, "dealerId" uuid NOT NULL, "workflowId" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'live', "deliveredAt" TIMESTAMP WITH TIME ZONE, "endedAt" TIMESTAMP WITH TIME ZONE, "startedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_conversion_state" PRIMARY KEY ("prospectId"))`,
    );
    await q.query(`CREATE INDEX "IDX_conversion_state_dealer_status" ON "conversion_state" ("dealerId", "status")`);
    await q.query(
      `CREATE TABLE "follow_up_due" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "prospectId" uuid NOT NULL, "consultantId" uuid NOT NULL, "grade" character varying(1) NOT NULL, "setAt" TIMESTAMP WITH TIME ZONE NOT NULL, "dueAt" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" character varying NOT NULL DEFAULT 'open', "closedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_follow_up_due" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_follow_up_due_dealer_due" ON "follow_up_due" ("dealerId", "dueAt")`);
    await q.query(`CREATE INDEX "IDX_follow_up_due_prospect_outcome" ON "follow_up_due" ("prospectId", "outcome")`);
    // At most one open due per prospect: concurrent writers (API and worker) cannot both open one.
    await q.query(
      `CREATE UNIQUE INDEX "UQ_follow_up_due_open" ON "follow_up_due" ("prospectId") WHERE "outcome" = 'open'`,
    );
    await q.query(
      `CREATE TABLE "lost_analysis" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "prospectId" uuid NOT NULL, "consultantId" uuid NOT NULL, "model" character varying NOT NULL, "fromGrade" character varying(1), "lostAt" TIMESTAMP WITH TIME ZONE NOT NULL, "overdueAtLoss" boolean NOT NULL, "status" character varying NOT NULL DEFAULT 'open', "taskId" uuid, "reasonCategory" text, "competitorBrand" text, "competitorModel" text, "lessons" text, "trainingRequest" text, "trainingTaskId" uuid, "trainingOutcome" text, "analysedBy" uuid, "analysedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_lost_analysis" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_lost_analysis_prospect_lost" ON "lost_analysis" ("prospectId", "lostAt")`);
    await q.query(`CREATE INDEX "IDX_lost_analysis_dealer_lost" ON "lost_analysis" ("dealerId", "lostAt")`);
    await q.query(
      `ALTER TABLE "conversion_state" ADD CONSTRAINT "FK_conversion_state_prospectId" FOREIGN KEY ("prospectId") REFERENCES "prospect"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "follow_up_due" ADD CONSTRAINT "FK_follow_up_due_prospectId" FOREIGN KEY ("prospectId") REFERENCES "prospect"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "lost_analysis" ADD CONSTRAINT "FK_lost_analysis_prospectId" FOREIGN KEY ("prospectId") REFERENCES "prospect"("id") ON DELETE CASCADE`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "lost_analysis" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "follow_up_due" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "conversion_state" CASCADE`);
  }
}
