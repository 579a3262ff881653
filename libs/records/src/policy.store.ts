// Reads a dealer's policy (stored fields merged over the defaults) and the working-day calendar
// (official data plus admin overrides).
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_POLICY, mergePolicy, type DealerPolicy } from '@kaflow/domain';
import { WorkingCalendar } from '@kaflow/calendar';
import { CalendarOverrideEntity, DealerPolicyEntity } from '@kaflow/persistence';

export async function loadPolicy(db: DataSource | EntityManager, dealerId: string): Promise<DealerPolicy> {
  const row = await db.getRepository(DealerPolicyEntity).findOneBy({ dealerId });
  if (!row) return DEFAULT_POLICY;
  // Stored policies were validated on write; a field that no longer validates falls back to the default.
  return mergePolicy(DEFAULT_POLICY, row.policy).policy;
}

export async function loadCalendar(db: DataSource | EntityManager): Promise<WorkingCalendar> {
  const overrides = await db.getRepository(CalendarOverrideEntity).find();
  return new WorkingCalendar(overrides.map((o) => ({ date: o.date, working: o.working, note: o.note ?? undefined })));
}
