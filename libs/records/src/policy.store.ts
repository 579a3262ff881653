// Reads a dealer's policy (stored fields merged over the defaults) and the working-day calendar
// (loaded State Council notices over the shipped data, a provisional year from the law, and the
// dealer's own closures on top).
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_POLICY, mergePolicy, type DealerPolicy } from '@kaflow/domain';
import { deploymentFollowUpGrain } from '@kaflow/config';
import { WorkingCalendar } from '@kaflow/calendar';
import { DealerClosureEntity, DealerPolicyEntity, OfficialCalendarYearEntity } from '@kaflow/persistence';

/** The defaults under every dealer's policy: the code's, with the deployment's follow-up grain
 *  (KAFLOW_FOLLOW_UP_GRAIN). */
export function deploymentPolicy(): DealerPolicy {
  const grain = deploymentFollowUpGrain();
  return grain === DEFAULT_POLICY.followUpGrain ? DEFAULT_POLICY : { ...DEFAULT_POLICY, followUpGrain: grain };
}

export async function loadPolicy(db: DataSource | EntityManager, dealerId: string): Promise<DealerPolicy> {
  const row = await db.getRepository(DealerPolicyEntity).findOneBy({ dealerId });
  if (!row) return deploymentPolicy();
  // Stored policies were validated on write; a field that no longer validates falls back to the default.
  // A stored policy names a follow-up grain only when the dealer chose one (AdminService.updatePolicy).
  return mergePolicy(deploymentPolicy(), row.policy).policy;
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
