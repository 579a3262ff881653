// Imports of a dealer's existing lists (留档导入): the job table with progress and report, and the
// index the natural-key lookup (account + contact phone + model) reads prospects by.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Imports1764430000000 implements MigrationInterface {
  name = 'Imports1764430000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dealerId" uuid NOT NULL, "userId" uuid NOT NULL,
      "kind" character varying NOT NULL, "fileName" text NOT NULL, "dryRun" boolean NOT NULL, "skipInvalid" boolean NOT NULL,
      "status" character varying NOT NULL, "rowsRead" integer NOT NULL DEFAULT 0, "rowsValid" integer NOT NULL DEFAULT 0,
      "rowsInvalid" integer NOT NULL DEFAULT 0, "rowsExisting" integer NOT NULL DEFAULT 0, "rowsToCreate" integer NOT NULL DEFAULT 0,
      "rowsDone" integer NOT NULL DEFAULT 0, "created" integer NOT NULL DEFAULT 0, "rhythmsStarted" integer NOT NULL DEFAULT 0,
      "rhythmsPending" integer NOT NULL DEFAULT 0, "errors" jsonb NOT NULL DEFAULT '[]', "message" text,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finishedAt" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_import_job" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_import_job_dealer_created" ON "import_job" ("dealerId", "createdAt")`);
    await q.query(`CREATE INDEX IF NOT EXISTS "IDX_prospect_account" ON "prospect" ("accountId")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "IDX_prospect_account"`);
    await q.query(`DROP TABLE IF EXISTS "import_job"`);
  }
}
