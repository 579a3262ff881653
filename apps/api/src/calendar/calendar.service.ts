// Working days and the month-end window (api.md "Calendar"), from official data plus admin overrides.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkingCalendar } from '@kaflow/calendar';
import { loadCalendar } from '@kaflow/records';
import { badRequest } from '../common/domain-error';
import { requireDate, requireMonth } from '../common/dates';

@Injectable()
export class CalendarService {
  private readonly log = new Logger('Calendar');
  constructor(private readonly db: DataSource) {}

  async workingDays(fromQ: string, toQ: string) {
    const from = requireDate('from', fromQ);
    const to = requireDate('to', toQ);
    if (to < from) throw badRequest([{ field: 'to', problem: 'must not be before from' }]);
    if (Date.parse(to) - Date.parse(from) > 800 * 86_400_000) {
      throw badRequest([{ field: 'to', problem: 'the range may span at most 800 days' }]);
    }
    const cal = await loadCalendar(this.db);
    const first = Number(from.slice(0, 4));
    const years = Array.from({ length: Number(to.slice(0, 4)) - first + 1 }, (_, i) => first + i);
    return { days: cal.workingDays(from, to), official: this.official(cal, years) };
  }

  async monthEndWindow(monthQ: string) {
    const month = requireMonth('month', monthQ);
    const cal = await loadCalendar(this.db);
    return { month, days: cal.monthEndWindow(month), official: this.official(cal, [Number(month.slice(0, 4))]) };
  }

  private official(cal: WorkingCalendar, years: number[]): boolean {
    const missing = years.filter((y) => !cal.isOfficialYear(y));
    if (missing.length) this.log.warn(`no official holiday data for ${missing.join(', ')}: weekends only`);
    return missing.length === 0;
  }
}
