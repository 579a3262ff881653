// GET /api/calendar/working-days and /month-end-window (docs/user-guide.md); the logic is in CalendarService.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../common/auth-user';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('working-days')
  workingDays(@CurrentUser() user: AuthUser, @Query('from') from: string, @Query('to') to: string) {
    return this.calendar.workingDays(user.dealerId, from, to);
  }

  @Get('month-end-window')
  monthEndWindow(@CurrentUser() user: AuthUser, @Query('month') month: string) {
    return this.calendar.monthEndWindow(user.dealerId, month);
  }
}
