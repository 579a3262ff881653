// GET /api/calendar/working-days and /month-end-window (api.md "Calendar"); the logic is in CalendarService.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('working-days')
  workingDays(@Query('from') from: string, @Query('to') to: string) {
    return this.calendar.workingDays(from, to);
  }

  @Get('month-end-window')
  monthEndWindow(@Query('month') month: string) {
    return this.calendar.monthEndWindow(month);
  }
}
