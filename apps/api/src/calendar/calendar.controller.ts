// Working days and the month-end window (api.md "Calendar"), from official data plus admin overrides.
import { Controller, Get, Logger, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { loadCalendar } from '@kaflow/records';
import { badRequest } from '../common/domain-error';
import { requireDate, requireMonth } from '../common/dates';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  private readonly log = new Logger('Calendar');
  constructor(private readonly db: DataSource) {}

  private official(cal: Awaited<ReturnType<typeof loadCalendar>>, years: number[]): boolean {
    const missing = years.filter((y) => !cal.isOfficialYear(y));
    if (missing.length) this.log.warn(`no official holiday data for ${missing.join(', ')}: weekends only`);
    return missing.length === 0;
  }

  @Get('working-days')
  async workingDays(@Query('from') fromQ: string, @Query('to') toQ: string) {
    const from = requireDate('from', fromQ);
    const to = requireDate('to', toQ);
    if (to < from) throw badRequest([{ field: 'to', problem: 'must not be before from' }]);
    if (Date.parse(to) - Date.parse(from) > 800 * 86_400_000) throw badRequest([{ field: 'to', problem: 'the range may span at most 800 days' }]);
    const cal = await loadCalendar(this.db);
    const years = Array.from({ length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 }, (_, i) => Number(from.slice(0, 4)) + i);
    return { days: cal.workingDays(from, to), official: this.official(cal, years) };
  }

  @Get('month-end-window')
  async monthEndWindow(@Query('month') monthQ: string) {
    const month = requireMonth('month', monthQ);
    const cal = await loadCalendar(this.db);
    return { month, days: cal.monthEndWindow(month), official: this.official(cal, [Number(month.slice(0, 4))]) };
  }
}
