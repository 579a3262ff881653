// Writing an imported list: the rows whose natural key (account name + contact phone + model) is not
// in the dealer yet, in ONE transaction, a batch at a time (accounts reused by name, contacts,
// prospects, their first grade change), with the job's rows done updated outside the transaction
// so GET /api/imports/:id shows the progress. A per-dealer advisory lock makes two imports of one
// file wait for each other instead of both creating; the keys are read again under the lock.
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { naturalKey, type ProspectImportRow } from '@kaflow/forms';
import {
  AccountEntity,
  AuditLogEntity,
  ContactEntity,
  GradeChangeEntity,
  ImportJobEntity,
  ProspectEntity,
} from '@kaflow/persistence';

/** Rows per batch of the write (IMPORT_BATCH_ROWS); the job's rows done move on after each batch. */
export const IMPORT_BATCH = 500;

export interface ExistingProspect {
  id: string;
  hasFollowUp: boolean;
}

/** The dealer's prospects whose natural key one of the rows has, by key. */
export async function existingKeys(
  db: DataSource | EntityManager,
  dealerId: string,
  rows: ProspectImportRow[],
): Promise<Map<string, ExistingProspect>> {
  const names = [...new Set(rows.map((r) => r.accountName.toLowerCase()))];
  const out = new Map<string, ExistingProspect>();
  for (let i = 0; i < names.length; i += 5000) {
    const found: Array<{ id: string; name: string; phone: string; model: string; followUp: boolean }> = await db.query(
      `SELECT p.id, a.name, c.phone, p.model, (s."prospectId" IS NOT NULL) AS "followUp"
         FROM account a JOIN prospect p ON p."accountId" = a.id JOIN contact c ON c.id = p."contactId"
         LEFT JOIN conversion_state s ON s."prospectId" = p.id
        WHERE a."dealerId" = $1 AND lower(regexp_replace(btrim(a.name), '\\s+', ' ', 'g')) = ANY($2::text[])`,
      [dealerId, names.slice(i, i + 5000)],
    );
    for (const f of found) out.set(naturalKey(f.name, f.phone, f.model), { id: f.id, hasFollowUp: f.followUp });
  }
  return out;
}

export interface WriteResult {
  created: Array<{ id: string }>;
  existing: Map<string, ExistingProspect>;
}

async function accountIds(m: EntityManager, dealerId: string, rows: ProspectImportRow[]): Promise<Map<string, string>> {
  const byName = new Map<string, ProspectImportRow>();
  for (const r of rows) if (!byName.has(r.accountName)) byName.set(r.accountName, r);
  const list = [...byName.values()];
  for (let i = 0; i < list.length; i += IMPORT_BATCH) {
    await m
      .createQueryBuilder()
      .insert()
      .into(AccountEntity)
      .values(
        list.slice(i, i + IMPORT_BATCH).map((r) => ({
          dealerId,
          name: r.accountName,
          customerType: r.customerType,
          address: null,
        })),
      )
      .orIgnore()
      .execute();
  }
  const ids = new Map<string, string>();
  const names = list.map((r) => r.accountName);
  for (let i = 0; i < names.length; i += 5000) {
    const found: Array<{ id: string; name: string }> = await m.query(
      'SELECT id, name FROM account WHERE "dealerId" = $1 AND name = ANY($2::text[])',
      [dealerId, names.slice(i, i + 5000)],
    );
    for (const f of found) ids.set(f.name, f.id);
  }
  return ids;
}

/** Creates the prospects of `rows` that do not exist yet; all or nothing. */
export async function writeImport(
  db: DataSource,
  job: ImportJobEntity,
  rows: ProspectImportRow[],
  progress: (done: number) => Promise<void>,
  batchRows = IMPORT_BATCH,
): Promise<WriteResult> {
  return db.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`import:${job.dealerId}`]);
    const existing = await existingKeys(m, job.dealerId, rows);
    const fresh = rows.filter((r) => !existing.has(r.key));
    const accounts = await accountIds(m, job.dealerId, fresh);
    const at = new Date();
    const created: Array<{ id: string }> = [];
    for (let i = 0; i < fresh.length; i += batchRows) {
      const batch = fresh
        .slice(i, i + batchRows)
        .map((r) => ({ r, contactId: randomUUID(), prospectId: randomUUID() }));
      await m.getRepository(ContactEntity).insert(
        batch.map(({ r, contactId }) => ({
          id: contactId,
          dealerId: job.dealerId,
          accountId: accounts.get(r.accountName)!,
          name: r.contactName,
          phone: r.contactPhone,
          title: null,
        })),
      );
      await m.getRepository(ProspectEntity).insert(
        batch.map(({ r, contactId, prospectId }) => ({
          id: prospectId,
          dealerId: job.dealerId,
          accountId: accounts.get(r.accountName)!,
          contactId,
          model: r.model,
          quantity: r.quantity,
          grade: r.grade,
          hot: r.hot,
          channel: r.channel,
          developmentType: r.developmentType,
          ownerId: r.ownerId,
          note: r.note,
          sourceVisitId: null,
          sourceEventId: null,
          nextFollowUpDue: null,
          importJobId: job.id,
          createdAt: at,
          updatedAt: at,
        })),
      );
      await m.getRepository(GradeChangeEntity).insert(
        batch.map(({ r, prospectId }) => ({
          dealerId: job.dealerId,
          prospectId,
          fromGrade: null,
          toGrade: r.grade,
          at,
          byUserId: job.userId,
          reason: 'imported',
        })),
      );
      created.push(...batch.map((b) => ({ id: b.prospectId })));
      await progress(rows.length - fresh.length + created.length);
    }
    await m.getRepository(AuditLogEntity).insert({
      dealerId: job.dealerId,
      actorUserId: job.userId,
      action: 'prospects.imported',
      entityType: 'import_job',
      entityId: job.id,
      detail: { fileName: job.fileName, created: created.length, existing: rows.length - fresh.length } as Record<
        string,
        any
      >,
    });
    return { created, existing };
  });
}
