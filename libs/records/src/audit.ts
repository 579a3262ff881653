// The audit log: every decision and every change to a prospect, who and when.
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from '@kaflow/persistence';

export interface AuditEntry {
  dealerId: string;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  detail?: Record<string, any>;
}

export async function writeAudit(db: DataSource | EntityManager, e: AuditEntry): Promise<void> {
  await db.getRepository(AuditLogEntity).insert({ ...e, detail: e.detail ?? {} });
}
