// Which import brought a prospect in (留档导入). An imported prospect is the dealer's existing base:
// the daily self-check does not list it as a new record (only once it is changed afterwards).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProspectImportOrigin1764490000000 implements MigrationInterface {
  name = 'ProspectImportOrigin1764490000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "prospect" ADD COLUMN IF NOT EXISTS "importJobId" uuid`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "prospect" DROP COLUMN IF EXISTS "importJobId"`);
  }
}
