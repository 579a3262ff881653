// GET /api/users: the people of my dealer (id, display name, roles) — for names on pages and the
// owner filter. No e-mail addresses or other personal data.
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { UserEntity } from '@kaflow/persistence';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { responseRef } from '../common/openapi-responses';

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

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOkResponse({ schema: responseRef('People') })
  list(@CurrentUser() user: AuthUser) {
    return this.people.list(user);
  }
}

@Module({ controllers: [PeopleController], providers: [PeopleService] })
export class PeopleModule {}
