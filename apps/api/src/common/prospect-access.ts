// Who may read and change a prospect, and the owner a new prospect gets.
import { DataSource } from 'typeorm';
import { UserEntity, type ProspectEntity } from '@kaflow/persistence';
import type { Role } from '@kaflow/domain';
import { hasRole, type AuthUser } from './auth-user';
import { badRequest, forbidden } from './domain-error';

/** Roles that may change any prospect of their dealer (and reassign its owner). */
export const PROSPECT_MANAGERS: Role[] = ['ka_manager', 'sales_director', 'gm', 'admin'];

/** A consultant and nothing else sees only their own prospects; every other role sees the dealer's. */
export const seesOnlyOwn = (u: AuthUser) => u.roles.every((r) => r === 'consultant');

export function assertCanRead(u: AuthUser, p: ProspectEntity): void {
  if (seesOnlyOwn(u) && p.ownerId !== u.id) throw forbidden('a consultant sees only their own prospects');
}

export function assertCanWrite(u: AuthUser, p: ProspectEntity): void {
  if (hasRole(u, ...PROSPECT_MANAGERS)) return;
  if (hasRole(u, 'consultant') && p.ownerId === u.id) return;
  throw forbidden(
    hasRole(u, 'consultant')
      ? 'a consultant may change only their own prospects'
      : 'your role may not change prospects',
  );
}

/** The owner must be an active consultant of the caller's dealer (400 naming `ownerId` otherwise). */
export async function checkConsultant(
  db: DataSource,
  dealerId: string,
  userId: string,
  field = 'ownerId',
): Promise<void> {
  const owner = await db.getRepository(UserEntity).findOneBy({ id: userId, dealerId });
  if (!owner || !owner.active || !owner.roles.includes('consultant')) {
    throw badRequest([{ field, problem: 'must be an active consultant of your dealer' }]);
  }
}

/** The owner of a new prospect: the calling consultant, or the consultant a manager names. */
export async function resolveOwner(db: DataSource, u: AuthUser, ownerId: string | undefined): Promise<string> {
  if (ownerId === undefined || ownerId === u.id) {
    if (hasRole(u, 'consultant')) return u.id;
    throw badRequest([{ field: 'ownerId', problem: 'name the consultant who owns the prospect' }]);
  }
  if (!hasRole(u, 'ka_manager', 'admin'))
    throw forbidden('only a key-account manager may record a prospect for another consultant');
  await checkConsultant(db, u.dealerId, ownerId);
  return ownerId;
}

/** Whose field work a query covers: a consultant only their own; other roles the dealer, or one consultant. */
export function consultantScope(user: AuthUser, consultantId?: string): string | undefined {
  if (seesOnlyOwn(user)) {
    if (consultantId && consultantId !== user.id) throw forbidden('a consultant sees only their own figures');
    return user.id;
  }
  return consultantId;
}
