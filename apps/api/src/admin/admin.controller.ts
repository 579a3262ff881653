// The dealer's SLA policy and its own calendar closures (the dealer's admin only).
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { AdminService } from './admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('policy')
  policy(@CurrentUser() user: AuthUser) {
    return this.admin.policy(user.dealerId);
  }

  /** Merges the fields given; applies to tasks created afterwards. The body is checked field by field. */
  @Put('policy')
  updatePolicy(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.admin.updatePolicy(user, body);
  }

  /** This dealer's own closures (local holiday, inventory day) of one year; the national calendar is the sysadmin's. */
  @Get('closures/:year')
  closures(@CurrentUser() user: AuthUser, @Param('year') year: string) {
    return this.admin.closures(user, year);
  }

  /** Replaces this dealer's closures of one year: `{ "days": [{ "date", "working", "note"? }] }`. */
  @Put('closures/:year')
  setClosures(@CurrentUser() user: AuthUser, @Param('year') year: string, @Body() body: unknown) {
    return this.admin.setClosures(user, year, body);
  }
}
