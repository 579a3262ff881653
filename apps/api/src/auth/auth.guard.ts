// Every route needs a valid bearer token unless marked @Public(); @Roles() narrows who may call.
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { UserEntity } from '@kaflow/persistence';
import type { Role } from '@kaflow/domain';
import { IS_PUBLIC, ROLES_KEY, type AuthUser } from '../common/auth-user';
import { DomainError, forbidden } from '../common/domain-error';
import { REGION_ROUTE, type RegionUser } from '../common/region-access';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/i.exec(header)?.[1];
    if (!token) throw new DomainError('Unauthorized', 'a bearer token is required');
    let claims: { sub: string };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new DomainError('Unauthorized', 'the token is invalid or expired');
    }
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: claims.sub });
    if (!user || !user.active) throw new DomainError('Unauthorized', 'the account no longer exists or is disabled');
    const regionRoute = this.reflector.getAllAndOverride<{ alsoDealers: boolean }>(REGION_ROUTE, targets);
    if (user.regionId) {
      // A region-tier user reads its region's dealers through the region routes only, and writes nothing.
      if (!regionRoute || req.method !== 'GET')
        throw forbidden('a region role reads its dealers through the region pages only');
      const region: RegionUser = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles as RegionUser['roles'],
        dealerId: null,
        regionId: user.regionId,
      };
      req.user = region;
      return true;
    }
    if (regionRoute && !regionRoute.alsoDealers) throw forbidden('this needs a region role');
    const auth: AuthUser = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles as Role[],
      dealerId: user.dealerId as string,
    };
    req.user = auth;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    // A dealer's admin may call any dealer route, never a system-level one (sysadmin: the national calendar).
    const adminMay = !roles?.includes('sysadmin');
    if (roles && !auth.roles.some((r) => (adminMay && r === 'admin') || roles.includes(r))) {
      throw forbidden(`this needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
