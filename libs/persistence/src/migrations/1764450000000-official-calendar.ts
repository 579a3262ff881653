// The calendar past the shipped data: State Council notices loaded by the system-level role,
// one row per year, and the dealers' own closures as a separate per-dealer layer. The old national
// calendar_override table (edited by any dealer's admin) goes; its rows become closures of every dealer,
// so no dealer's working days change with the migration.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OfficialCalendar1764450000000 implements MigrationInterface {
  name = 'OfficialCalendar1764450000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "official_calendar_year" (
      "year" integer NOT NULL, "papers" jsonb NOT NULL DEFAULT '[]', "days" jsonb NOT NULL,
      "source" character varying NOT NULL, "loadedBy" uuid, "loadedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_official_calendar_year" PRIMARY KEY ("year"),
      CONSTRAINT "CHK_official_calendar_year_range" CHECK ("year" BETWEEN 2000 AND 2099))`);
    await q.query(`CREATE TABLE "dealer_closure" (
      "dealerId" uuid NOT NULL, "date" date NOT NULL, "working" boolean NOT NULL, "note" text,
      CONSTRAINT "PK_dealer_closure" PRIMARY KEY ("dealerId", "date"),
      CONSTRAINT "FK_dealer_closure_dealer" FOREIGN KEY ("dealerId") REFERENCES "dealer"("id") ON DELETE CASCADE)`);
    await q.query(`INSERT INTO "dealer_closure" ("dealerId", "date", "working", "note")
      SELECT d."id", o."date", o."working", o."note" FROM "dealer" d CROSS JOIN "calendar_override" o`);
    await q.query(`DROP TABLE "calendar_override"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "calendar_override" ("date" date NOT NULL, "working" boolean NOT NULL, "note" text,
      CONSTRAINT "PK_8e0e9700ae5a92aaa00fe40c855" PRIMARY KEY ("date"))`);
    await q.query(`INSERT INTO "calendar_override" ("date", "working", "note")
      SELECT DISTINCT ON ("date") "date", "working", "note" FROM "dealer_closure" ORDER BY "date", "dealerId"`);
    await q.query(`DROP TABLE "dealer_closure"`);
    await q.query(`DROP TABLE "official_calendar_year"`);
  }
}
