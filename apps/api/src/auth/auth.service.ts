import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AuditLogEntity, UserEntity } from '@kaflow/persistence';
import { loadPolicy } from '@kaflow/records';
import type { Role } from '@kaflow/domain';
import type { AuthUser } from '../common/auth-user';
import { DomainError } from '../common/domain-error';
import type { RegionUser } from '../common/region-access';

// Verifying against a fixed hash when the user is unknown keeps the timing the same either way.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hash('not-a-password'));

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly jwt: JwtService,
  ) {}

  async login(username: string, password: string): Promise<{ accessToken: string; user: AuthUser | RegionUser }> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ username });
    const ok = await verify(user?.passwordHash ?? (await dummy()), password).catch(() => false);
    if (!user || !user.active || !ok) {
      // A security event for a known dealer account (unknown names and region-level users have no dealer to file it
      // under).
      if (user?.dealerId) {
        await this.db.getRepository(AuditLogEntity).save({
          dealerId: user.dealerId,
          actorUserId: null,
          action: user.active ? 'auth.login_failed' : 'auth.login_disabled',
          entityType: 'user',
          entityId: user.id,
          detail: { username: user.username },
        });
      }
      throw new DomainError('Unauthorized', 'wrong username or password');
    }
    const view = toUserView(user);
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, dealerId: user.dealerId, roles: user.roles }),
      user: view,
    };
  }

  /** The dealer's time zone (policy), in which pages show every time. */
  async timezone(dealerId: string): Promise<string> {
    return (await loadPolicy(this.db, dealerId)).timezone;
  }
}

export const toUserView = (u: UserEntity): AuthUser | RegionUser => {
  const who = { id: u.id, username: u.username, displayName: u.displayName };
  return u.regionId
    ? { ...who, roles: u.roles as RegionUser['roles'], dealerId: null, regionId: u.regionId }
    : { ...who, roles: u.roles as Role[], dealerId: u.dealerId as string };
};
