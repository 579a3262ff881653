// The region tier's access model (docs/user-guide.md), shared by every region endpoint (scorecards, forms, dealers):
// - a region-tier user (区域经理, `app_user.regionId` set, no dealer) may call only routes marked
//   @RegionRoute(), and only to read (the guard refuses any other method or route with 403);
// - it reads exactly the dealers whose `regionId` is its region; any other dealer is a 404, as for dealer users;
// - a dealer user never reaches a region route (403) and never reads another dealer.
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { REGION_ROLES, type RegionRole } from '@kaflow/domain';
import { DealerEntity, RegionEntity } from '@kaflow/persistence';
import { DomainError, notFound } from './domain-error';

/** The authenticated region-tier caller, as the guard puts it on the request. */
export interface RegionUser {
  id: string;
  username: string;
  displayName: string;
  roles: RegionRole[];
  dealerId: null;
  regionId: string;
}

export const REGION_ROUTE = 'kaflow:region-route';
/** A route a region-tier user may call (reads only). Dealer users are refused unless `alsoDealers`. */
export const RegionRoute = (opts: { alsoDealers?: boolean } = {}) =>
  SetMetadata(REGION_ROUTE, { alsoDealers: !!opts.alsoDealers });

export const isRegionRole = (r: string): r is RegionRole => (REGION_ROLES as readonly string[]).includes(r);

export const CurrentRegionUser = createParamDecorator((_: unknown, ctx: ExecutionContext): RegionUser => {
  const user = ctx.switchToHttp().getRequest().user;
  if (!user?.regionId) throw new DomainError('Forbidden', 'this needs a region role');
  return user as RegionUser;
});

type Db = DataSource | EntityManager;

/** The region of a region-tier user (404 if it vanished). */
export async function userRegion(db: Db, user: RegionUser): Promise<RegionEntity> {
  const region = await db.getRepository(RegionEntity).findOneBy({ id: user.regionId });
  if (!region) throw notFound('region');
  return region;
}

/** Every dealer a region-tier user may read: those of its region, by code. */
export function regionDealers(db: Db, user: RegionUser): Promise<DealerEntity[]> {
  return db.getRepository(DealerEntity).find({ where: { regionId: user.regionId }, order: { code: 'ASC' } });
}

/** One dealer of the caller's region; another region's dealer (or none) is a 404. */
export async function readableRegionDealer(db: Db, user: RegionUser, dealerId: string): Promise<DealerEntity> {
  const dealer = await db.getRepository(DealerEntity).findOneBy({ id: dealerId, regionId: user.regionId });
  if (!dealer) throw notFound('dealer');
  return dealer;
}
