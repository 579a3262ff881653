// The initial schema. Generated from the entities once, then kept by hand: later changes are new migrations.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    await q.query(
      `CREATE TABLE "region" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying NOT NULL, "name" character varying NOT NULL, CONSTRAINT "UQ_74f7723fdff738f92929c0056cb" UNIQUE ("code"), CONSTRAINT "PK_5f48ffc3af96bc486f5f3f3a6da" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "dealer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "regionId" uuid NOT NULL, "code" character varying NOT NULL, "name" character varying NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_552a7bc6ae04c3a5127b902ac84" UNIQUE ("code"), CONSTRAINT "PK_1bd6073e224f6c22ff1d5827add" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "username" character varying NOT NULL, "displayName" character varying NOT NULL, "email" character varying NOT NULL, "passwordHash" character varying NOT NULL, "roles" text array NOT NULL, "active" boolean NOT NULL DEFAULT true, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c480e576dd71729addbc2d51b67" UNIQUE ("username"), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_319687376ad6f471e1d15ea736" ON "app_user" ("dealerId")`);
    await q.query(
      `CREATE TABLE "dealer_policy" ("dealerId" uuid NOT NULL, "policy" jsonb NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedBy" uuid, CONSTRAINT "PK_2d8db966d4f5671e6071df17037" PRIMARY KEY ("dealerId"))`,
    );
    await q.query(
      `CREATE TABLE "calendar_override" ("date" date NOT NULL, "working" boolean NOT NULL, "note" text, CONSTRAINT "PK_8e0e9700ae5a92aaa00fe40c855" PRIMARY KEY ("date"))`,
    );
    await q.query(
      `CREATE TABLE "account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "name" character varying NOT NULL, "customerType" character varying NOT NULL, "address" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_8a5fde484b2e8116aa75fa187a" ON "account" ("dealerId", "name")`);
    await q.query(
      `CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "accountId" uuid NOT NULL, "dealerId" uuid NOT NULL, "name" character varying NOT NULL, "title" text, "phone" character varying NOT NULL, CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_c41c33073aa7374623d9b20a6b" ON "contact" ("accountId")`);
    await q.query(
      `CREATE TABLE "prospect" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "accountId" uuid NOT NULL, "contactId" uuid NOT NULL, "model" character varying NOT NULL, "quantity" integer NOT NULL, "grade" character varying(1) NOT NULL, "hot" boolean NOT NULL DEFAULT false, "channel" character varying NOT NULL, "developmentType" character varying NOT NULL, "ownerId" uuid NOT NULL, "note" text, "sourceVisitId" uuid, "sourceEventId" uuid, "nextFollowUpDue" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_e2da68126884e562b84d74d7d09" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_b2eedf2b5b1f078dad89a101ee" ON "prospect" ("dealerId", "ownerId")`);
    await q.query(`CREATE INDEX "IDX_41e5a35b8c5ba8ecb40076dfd0" ON "prospect" ("dealerId", "updatedAt")`);
    await q.query(
      `CREATE TABLE "grade_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "prospectId" uuid NOT NULL, "fromGrade" character varying(1), "toGrade" character varying(1) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "byUserId" uuid NOT NULL, "reason" text, CONSTRAINT "PK_80f2b78a35e54f596b08f54a69a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_0117ae5e86f6003f0b610959ae" ON "grade_change" ("dealerId", "at")`);
    await q.query(`CREATE INDEX "IDX_05f31735e9dc2c6715cf4f7273" ON "grade_change" ("prospectId", "at")`);
    await q.query(
      `CREATE TABLE "follow_up" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "prospectId" uuid NOT NULL, "byUserId" uuid NOT NULL, "channel" character varying NOT NULL, "content" text NOT NULL, "nextStep" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5c0a5f5b32937e47e0ab09d596c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_e070942deeb0be2f90961a5d74" ON "follow_up" ("prospectId", "at")`);
    await q.query(
      `CREATE TABLE "visit_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "consultantId" uuid NOT NULL, "month" character varying(7) NOT NULL, "accountId" uuid, "accountName" text, "plannedDate" date NOT NULL, "purpose" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2e8e62610f0872d3d6cd578f019" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_6e3503f7efcf2ea2c56d64a063" ON "visit_plan" ("dealerId", "month")`);
    await q.query(
      `CREATE TABLE "visit_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "consultantId" uuid NOT NULL, "planId" uuid, "accountId" uuid, "accountName" text, "visitedOn" date NOT NULL, "leadsMet" integer NOT NULL, "summary" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_50ab21a9b10c96fba7617811f8a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_1b0faebeb15dee072f28634e30" ON "visit_record" ("dealerId", "visitedOn")`);
    await q.query(
      `CREATE TABLE "sales_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "kind" character varying NOT NULL, "name" character varying NOT NULL, "ownerId" uuid NOT NULL, "plannedDate" date NOT NULL, "heldOn" date, "location" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_273eca7bac329e9c4795bd734dc" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_e38a30b838641187d316df7c66" ON "sales_event" ("dealerId", "plannedDate")`);
    await q.query(
      `CREATE TABLE "event_lead" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "eventId" uuid NOT NULL, "name" character varying NOT NULL, "phone" text, "company" text, "prospectId" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ad7fa542fcf53eddd0eb431cfe" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_d7319410d6e68b8d4730f11264" ON "event_lead" ("eventId")`);
    await q.query(
      `CREATE TABLE "task" ("id" uuid NOT NULL, "dealerId" uuid NOT NULL, "kind" character varying NOT NULL, "title" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'open', "assigneeUserId" uuid, "assigneeRole" text, "chain" character varying NOT NULL, "escalationLevel" integer NOT NULL DEFAULT '0', "dueAt" TIMESTAMP WITH TIME ZONE NOT NULL, "originalDueAt" TIMESTAMP WITH TIME ZONE NOT NULL, "remindAt" TIMESTAMP WITH TIME ZONE NOT NULL, "dueRule" jsonb NOT NULL, "subjectType" character varying NOT NULL, "subjectId" character varying NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "decision" text, "comment" text, "decisionData" jsonb, "decidedBy" uuid, "decidedAt" TIMESTAMP WITH TIME ZONE, "workflowId" character varying NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_4a7490675dae23159db22ddc21" ON "task" ("workflowId")`);
    await q.query(`CREATE INDEX "IDX_e2a4e809c1c981347bfea0973b" ON "task" ("dealerId", "status", "assigneeUserId")`);
    await q.query(`CREATE INDEX "IDX_2daeafb8cb1b5855aa535ab869" ON "task" ("dealerId", "status", "assigneeRole")`);
    await q.query(
      `CREATE TABLE "notification" ("key" character varying NOT NULL, "dealerId" uuid NOT NULL, "taskId" uuid, "kind" character varying NOT NULL, "recipients" text array NOT NULL, "subject" character varying NOT NULL, "sentAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f98ad0a58b7e3201a5e7a0fa1ca" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "dealerId" uuid NOT NULL, "actorUserId" uuid, "action" character varying NOT NULL, "entityType" character varying NOT NULL, "entityId" character varying NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_ab28dd46c748fe3edd6e68e6db" ON "audit_log" ("dealerId", "entityType", "entityId")`,
    );
    await q.query(
      `CREATE TABLE "callback_check" ("workflowId" character varying NOT NULL, "dealerId" uuid NOT NULL, "prospectId" uuid NOT NULL, "ownerId" uuid NOT NULL, "status" character varying NOT NULL DEFAULT 'open', "outcome" text, "corrections" jsonb, "dueAt" TIMESTAMP WITH TIME ZONE NOT NULL, "doneAt" TIMESTAMP WITH TIME ZONE, "onTime" boolean, "verificationOutcome" text, "closedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f911bb1a388481bd3eea0d6a40e" PRIMARY KEY ("workflowId"))`,
    );
    await q.query(`CREATE INDEX "IDX_2c6afc6dd3c5043adb586119b9" ON "callback_check" ("prospectId")`);
    await q.query(`CREATE INDEX "IDX_1e4127b435705ea5594dfbb715" ON "callback_check" ("dealerId", "createdAt")`);
    await q.query(
      `CREATE TABLE "daily_check_run" ("dealerId" uuid NOT NULL, "businessDate" date NOT NULL, "windowFrom" date NOT NULL, "itemCount" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5a74b04854a48478c659f66a717" PRIMARY KEY ("dealerId", "businessDate"))`,
    );
    await q.query(
      `ALTER TABLE "dealer" ADD CONSTRAINT "FK_dealer_regionId" FOREIGN KEY ("regionId") REFERENCES "region"("id")`,
    );
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_app_user_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "account" ADD CONSTRAINT "FK_account_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "contact" ADD CONSTRAINT "FK_contact_accountId" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "prospect" ADD CONSTRAINT "FK_prospect_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "prospect" ADD CONSTRAINT "FK_prospect_accountId" FOREIGN KEY ("accountId") REFERENCES "account"("id")`,
    );
    await q.query(
      `ALTER TABLE "prospect" ADD CONSTRAINT "FK_prospect_contactId" FOREIGN KEY ("contactId") REFERENCES "contact"("id")`,
    );
    await q.query(
      `ALTER TABLE "prospect" ADD CONSTRAINT "FK_prospect_ownerId" FOREIGN KEY ("ownerId") REFERENCES "app_user"("id")`,
    );
    await q.query(
      `ALTER TABLE "grade_change" ADD CONSTRAINT "FK_grade_change_prospectId" FOREIGN KEY ("prospectId") REFERENCES "prospect"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "follow_up" ADD CONSTRAINT "FK_follow_up_prospectId" FOREIGN KEY ("prospectId") REFERENCES "prospect"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "event_lead" ADD CONSTRAINT "FK_event_lead_eventId" FOREIGN KEY ("eventId") REFERENCES "sales_event"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "dealer_policy" ADD CONSTRAINT "FK_dealer_policy_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_task_dealerId" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id")`,
    );
    await q.query(
      `ALTER TABLE "callback_check" ADD CONSTRAINT "FK_callback_check_prospectId" FOREIGN KEY ("prospectId") REFERENCES "prospect"("id")`,
    );
    await q.query(
      `ALTER TABLE "visit_record" ADD CONSTRAINT "FK_visit_record_consultantId" FOREIGN KEY ("consultantId") REFERENCES "app_user"("id")`,
    );
    await q.query(
      `ALTER TABLE "visit_plan" ADD CONSTRAINT "FK_visit_plan_consultantId" FOREIGN KEY ("consultantId") REFERENCES "app_user"("id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "daily_check_run" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "callback_check" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "audit_log" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "notification" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "task" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "event_lead" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "sales_event" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "visit_record" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "visit_plan" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "follow_up" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "grade_change" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "prospect" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "contact" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "account" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "calendar_override" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "dealer_policy" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "app_user" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "dealer" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "region" CASCADE`);
  }
}
