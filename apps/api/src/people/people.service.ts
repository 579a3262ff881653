// The people of my dealer (id, display name, roles) — for names on pages and the owner filter. No e-mail
// addresses or other personal data.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserEntity } from '@kaflow/persistence';
import type { AuthUser } from '../common/auth-user';

@Injectable()
export class PeopleService {
  constructor(private readonly db: DataSource) {}

  async list(user: AuthUser) {
    const rows = await this.db.getRepository(UserEntity).find({
      where: { dealerId: user.dealerId, active: true },
      order: { displayName: 'ASC' },
    });
    return { items: rows.map((u) => ({ id: u.id, displayName: u.displayName, roles: u.roles })) };
  }
}
