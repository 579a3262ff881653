// Reads a dealer's policy (stored fields merged over the defaults) and the working-day calendar
// (loaded State Council notices over the shipped data, a provisional year from the law, and the
// dealer's own closures on top).
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_POLICY, mergePolicy, type DealerPolicy } from '@kaflow/domain';
import { WorkingCalendar } from '@kaflow/calendar';
import { DealerClosureEntity, DealerPolicyEntity, OfficialCalendarYearEntity } from '@kaflow/persistence';

export async function loadPolicy(db: DataSource | EntityManager, dealerId: string): Promise<DealerPolicy> {
  const row = await db.getRepository(DealerPolicyEntity).findOneBy({ dealerId });
  if (!row) return DEFAULT_POLICY;
  // Stored policies were validated on write; a field that no longer validates falls back to the default.
  return mergePolicy(DEFAULT_POLICY, row.policy).policy;
}

/** The national calendar, with the dealer's closures when dealerId is given. */
export async function loadCalendar(db: DataSource | EntityManager, dealerId?: string): Promise<WorkingCalendar> {
  // One after the other: inside a transaction both would go to the one connection at once, which pg deprecates.
  const notices = await db.getRepository(OfficialCalendarYearEntity).find({ order: { year: 'ASC' } });
  const closures = dealerId
    ? await db.getRepository(DealerClosureEntity).find({ where: { dealerId }, order: { date: 'ASC' } })
    : [];
  return new WorkingCalendar(
    closures.map((o) => ({ date: o.date, working: o.working, note: o.note ?? undefined })),
    notices.map((n) => ({ year: n.year, papers: n.papers, days: n.days })),
  );
}
