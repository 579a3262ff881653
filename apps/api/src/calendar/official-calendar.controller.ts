// The national calendar (docs/user-guide.md, calendar): the State Council notice of a year, loaded by the
// system-level role only (a dealer's admin gets 403; it edits its own closures under /api/admin/closures).
import { Body, Controller, Get, Headers, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { OfficialCalendarService } from './official-calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar/official')
export class OfficialCalendarController {
  constructor(private readonly official: OfficialCalendarService) {}

  @Get(':year')
  get(@Param('year') year: string) {
    return this.official.get(year);
  }

  /**
   * Loads (or corrects) a year: a holiday-cn document `{ year, papers, days: [{ name, date, isOffDay }] }`
   * as JSON, or an iCalendar file as text/calendar. `?dryRun=true` answers the preview and saves nothing.
   */
  @Put(':year')
  @Roles('sysadmin')
  @ApiConsumes('application/json', 'text/calendar')
  load(
    @CurrentUser() user: AuthUser,
    @Param('year') year: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query('dryRun') dryRun?: string,
  ) {
    return this.official.load(user, year, body, contentType, dryRun === 'true' || dryRun === '1');
  }
}
