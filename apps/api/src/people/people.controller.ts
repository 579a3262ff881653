// GET /api/users: the people of my dealer (id, display name, roles) — for names on pages and the
// owner filter. No e-mail addresses or other personal data.
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { responseRef } from '../common/openapi-responses';
import { PeopleService } from './people.service';

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
