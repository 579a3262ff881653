// A dealer admin manages its dealer's users: create, roles, disable, reset password. Another dealer's user is a 404.
// A password that is set here passes the password policy (libs/domain password-policy) or is a 400 naming
// `password`; role changes, disabling, enabling and password resets are security events of their own in
// the audit log (beside `user.updated` for names and e-mail).
import { Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { PASSWORD_PROBLEM_TEXT, passwordProblems } from '@kaflow/domain';
import { UserEntity } from '@kaflow/persistence';
import { writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict, notFound, unprocessable } from '../common/domain-error';
import type { CreateUserDto, UpdateUserDto } from './dto/users.dto';

export interface UserAdminView {
  id: string;
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
  /** Linked WeCom user id (sign-in inside WeCom, messages, card clicks), or null. */
  wecomUserId: string | null;
  createdAt: Date;
}

/** A 400 naming `password` when the policy refuses it (too short, the username, a common password). */
function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length)
    throw badRequest(problems.map((p) => ({ field: 'password', problem: PASSWORD_PROBLEM_TEXT[p] })));
}

const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((r) => b.includes(r));

const view = (u: UserEntity): UserAdminView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  roles: u.roles,
  active: u.active,
  wecomUserId: u.wecomUserId ?? null,
  createdAt: u.createdAt,
});

@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource) {}

  /** One WeCom id names one person of the dealer: a click or a sign-in must find exactly one. */
  private async checkWecomId(dealerId: string, wecomUserId: string | null | undefined, except?: string) {
    if (!wecomUserId) return;
    const other = await this.db.getRepository(UserEntity).findOneBy({ dealerId, wecomUserId });
    if (other && other.id !== except) throw conflict(`the WeCom user id ${wecomUserId} is linked to ${other.username}`);
  }

  async list(admin: AuthUser): Promise<{ items: UserAdminView[]; total: number }> {
    const users = await this.db
      .getRepository(UserEntity)
      .find({ where: { dealerId: admin.dealerId }, order: { username: 'ASC' } });
    return { items: users.map(view), total: users.length };
  }

  async create(admin: AuthUser, dto: CreateUserDto): Promise<UserAdminView> {
    const repo = this.db.getRepository(UserEntity);
    checkPassword(dto.password, dto.username);
    if (await repo.existsBy({ username: dto.username })) throw conflict('this username is taken');
    await this.checkWecomId(admin.dealerId, dto.wecomUserId);
    const passwordHash = await hash(dto.password);
    return this.db.transaction(async (m) => {
      const saved = await m.getRepository(UserEntity).save({
        dealerId: admin.dealerId,
        regionId: null,
        username: dto.username,
        displayName: dto.displayName,
        email: dto.email,
        roles: [...new Set(dto.roles)],
        active: true,
        passwordHash,
        wecomUserId: dto.wecomUserId ?? null,
      });
      await writeAudit(m, {
        dealerId: admin.dealerId,
        actorUserId: admin.id,
        action: 'user.created',
        entityType: 'app_user',
        entityId: saved.id,
        detail: { username: saved.username, roles: saved.roles },
      });
      return view(saved);
    });
  }

  async update(admin: AuthUser, id: string, dto: UpdateUserDto): Promise<UserAdminView> {
    const repo = this.db.getRepository(UserEntity);
    const user = await repo.findOneBy({ id, dealerId: admin.dealerId });
    if (!user) throw notFound('user');
    if (user.id === admin.id && (dto.active === false || (dto.roles && !dto.roles.includes('admin')))) {
      throw unprocessable('an admin cannot disable their own account or take away their own admin role');
    }
    if (dto.password !== undefined) checkPassword(dto.password, user.username);
    const changes: Partial<UserEntity> = {};
    if (dto.displayName !== undefined) changes.displayName = dto.displayName;
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.roles !== undefined) changes.roles = [...new Set(dto.roles)];
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.wecomUserId !== undefined) {
      await this.checkWecomId(admin.dealerId, dto.wecomUserId, user.id);
      changes.wecomUserId = dto.wecomUserId;
    }
    if (dto.password !== undefined) changes.passwordHash = await hash(dto.password);
    // Nothing to change (an empty body): nothing to write, and no audit line (TypeORM refuses an empty update).
    if (!Object.keys(changes).length) return view(user);
    const events: { action: string; detail: Record<string, unknown> }[] = [];
    if (changes.roles && !sameRoles(changes.roles, user.roles)) {
      events.push({
        action: 'user.roles_changed',
        detail: { username: user.username, from: user.roles, to: changes.roles },
      });
    }
    if (changes.active !== undefined && changes.active !== user.active) {
      events.push({ action: changes.active ? 'user.enabled' : 'user.disabled', detail: { username: user.username } });
    }
    if (changes.passwordHash) events.push({ action: 'user.password_reset', detail: { username: user.username } });
    const named: Record<string, unknown> = {};
    if (changes.displayName !== undefined && changes.displayName !== user.displayName) {
      named.displayName = changes.displayName;
    }
    if (changes.email !== undefined && changes.email !== user.email) named.email = changes.email;
    if (changes.wecomUserId !== undefined && changes.wecomUserId !== user.wecomUserId)
      named.wecomUserId = changes.wecomUserId;
    if (Object.keys(named).length)
      events.push({ action: 'user.updated', detail: { username: user.username, ...named } });
    await this.db.transaction(async (m) => {
      await m.getRepository(UserEntity).update({ id, dealerId: admin.dealerId }, changes);
      for (const e of events) {
        await writeAudit(m, {
          dealerId: admin.dealerId,
          actorUserId: admin.id,
          action: e.action,
          entityType: 'app_user',
          entityId: id,
          detail: e.detail,
        });
      }
    });
    return view({ ...user, ...changes } as UserEntity);
  }
}
