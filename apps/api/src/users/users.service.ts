// A dealer admin manages its dealer's users: create, roles, disable, reset password. Another dealer's user is a 404.
import { Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { UserEntity } from '@kaflow/persistence';
import { writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { conflict, notFound, unprocessable } from '../common/domain-error';
import type { CreateUserDto, UpdateUserDto } from './users.dto';

export interface UserAdminView {
  id: string;
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
  createdAt: Date;
}

const view = (u: UserEntity): UserAdminView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  roles: u.roles,
  active: u.active,
  createdAt: u.createdAt,
});

@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource) {}

  async list(admin: AuthUser): Promise<{ items: UserAdminView[]; total: number }> {
    const users = await this.db
      .getRepository(UserEntity)
      .find({ where: { dealerId: admin.dealerId }, order: { username: 'ASC' } });
    return { items: users.map(view), total: users.length };
  }

  async create(admin: AuthUser, dto: CreateUserDto): Promise<UserAdminView> {
    const repo = this.db.getRepository(UserEntity);
    if (await repo.existsBy({ username: dto.username })) throw conflict('this username is taken');
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
    const changes: Partial<UserEntity> = {};
    if (dto.displayName !== undefined) changes.displayName = dto.displayName;
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.roles !== undefined) changes.roles = [...new Set(dto.roles)];
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.password !== undefined) changes.passwordHash = await hash(dto.password);
    // Nothing to change (an empty body): nothing to write, and no audit line (TypeORM refuses an empty update).
    if (!Object.keys(changes).length) return view(user);
    await this.db.transaction(async (m) => {
      await m.getRepository(UserEntity).update({ id, dealerId: admin.dealerId }, changes);
      const { passwordHash, ...shown } = changes;
      await writeAudit(m, {
        dealerId: admin.dealerId,
        actorUserId: admin.id,
        action: 'user.updated',
        entityType: 'app_user',
        entityId: id,
        detail: { ...shown, ...(passwordHash ? { passwordReset: true } : {}) },
      });
    });
    return view({ ...user, ...changes } as UserEntity);
  }
}
