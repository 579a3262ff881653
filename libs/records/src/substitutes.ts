// Substitutes (代理): who stands in for whom on a date at the dealer. One substitution never chains: B
// standing in for A, and C for B, gives C B's own tasks, never A's. The rule of who may stand in for
// whom (the same or a higher role on each escalation chain the person decides on) is here too, so the
// API's check when one is set and its "may decide" share it.
import { type DataSource, type EntityManager } from 'typeorm';
import type { DealerPolicy, Role } from '@kaflow/domain';
import { SubstituteEntity } from '@kaflow/persistence';

type Db = DataSource | EntityManager;

const RUNNING = `s."endedAt" IS NULL AND s."fromDate" <= CAST(:today AS date) AND s."toDate" >= CAST(:today AS date)`;

/** The substitutions running on `today` (a date at the dealer) for these absent people. */
export function substitutesFor(db: Db, dealerId: string, userIds: string[], today: string) {
  if (userIds.length === 0) return Promise.resolve([] as SubstituteEntity[]);
  return db
    .getRepository(SubstituteEntity)
    .createQueryBuilder('s')
    .where('s.dealerId = :dealerId AND s.userId IN (:...userIds)', { dealerId, userIds })
    .andWhere(RUNNING, { today })
    .orderBy('s.createdAt')
    .getMany();
}

/** The substitutions running on `today` in which this person stands in for someone. */
export function standingInFor(db: Db, dealerId: string, substituteUserId: string, today: string) {
  return db
    .getRepository(SubstituteEntity)
    .createQueryBuilder('s')
    .where('s.dealerId = :dealerId AND s.substituteUserId = :substituteUserId', { dealerId, substituteUserId })
    .andWhere(RUNNING, { today })
    .orderBy('s.createdAt')
    .getMany();
}

/** Substitutions of these people (as the absent one or the substitute) that end on or after `today`. */
export function currentSubstitutions(db: Db, dealerId: string, today: string, userIds?: string[]) {
  const q = db
    .getRepository(SubstituteEntity)
    .createQueryBuilder('s')
    .where('s.dealerId = :dealerId AND s."endedAt" IS NULL AND s."toDate" >= CAST(:today AS date)', {
      dealerId,
      today,
    });
  if (userIds) q.andWhere('(s.userId IN (:...ids) OR s.substituteUserId IN (:...ids))', { ids: userIds });
  return q.orderBy('s.fromDate').addOrderBy('s.createdAt').getMany();
}

/**
 * Whether someone with `substituteRoles` may decide every task a person with `roles` decides: on each
 * escalation chain where the person has a place, the substitute holds that role or one above it. The
 * answer lists the chains' roles the substitute lacks (empty: may stand in).
 */
export function substituteGaps(
  policy: Pick<DealerPolicy, 'escalationChains'>,
  roles: readonly string[],
  substituteRoles: readonly string[],
): Array<{ chain: string; needs: Role[] }> {
  const gaps: Array<{ chain: string; needs: Role[] }> = [];
  for (const [name, chain] of Object.entries(policy.escalationChains)) {
    const pos = Math.max(-1, ...roles.map((r) => chain.indexOf(r as Role)));
    if (pos < 0) continue;
    const subPos = Math.max(-1, ...substituteRoles.map((r) => chain.indexOf(r as Role)));
    if (subPos < pos) gaps.push({ chain: name, needs: chain.slice(pos) });
  }
  return gaps;
}
