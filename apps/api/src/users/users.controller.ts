// Users administration for a dealer (admin): `GET/POST /api/admin/users`, `PATCH /api/admin/users/:id`.
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { UserIdPipe } from '../common/id.pipe';
import { CreateUserDto, UpdateUserDto } from './dto/users.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentUser() admin: AuthUser) {
    return this.users.list(admin);
  }

  @Post()
  create(@CurrentUser() admin: AuthUser, @Body() body: CreateUserDto) {
    return this.users.create(admin, body);
  }

  /** Roles, `active: false` to disable, `password` to reset it, names. */
  @Patch(':id')
  update(@CurrentUser() admin: AuthUser, @Param('id', UserIdPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(admin, id, body);
  }
}
