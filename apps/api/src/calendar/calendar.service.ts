// Working days and the month-end window (docs/user-guide.md) of the caller's dealer: the national calendar
// (a loaded or shipped notice, else provisional by law) with the dealer's closures. Every answer says
// `official` and `provisional`.
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

  async workingDays(dealerId: string, fromQ: string, toQ: string) {
    const from = requireDate('from', fromQ);
    const to = requireDate('to', toQ);
    if (to < from) throw badRequest([{ field: 'to', problem: 'must not be before from' }]);
    if (Date.parse(to) - Date.parse(from) > 800 * 86_400_000) {
      throw badRequest([{ field: 'to', problem: 'the range may span at most 800 days' }]);
    }
    const cal = await loadCalendar(this.db, dealerId);
    const first = Number(from.slice(0, 4));
    const years = Array.from({ length: Number(to.slice(0, 4)) - first + 1 }, (_, i) => first + i);
    return { days: cal.workingDays(from, to), ...this.status(cal, years) };
  }

  async monthEndWindow(dealerId: string, monthQ: string) {
    const month = requireMonth('month', monthQ);
    const cal = await loadCalendar(this.db, dealerId);
    return { month, days: cal.monthEndWindow(month), ...this.status(cal, [Number(month.slice(0, 4))]) };
  }

  private status(cal: WorkingCalendar, years: number[]): { official: boolean; provisional: boolean } {
    const missing = years.filter((y) => cal.isProvisionalYear(y));
    if (missing.length) {
      this.log.warn(`no State Council notice for ${missing.join(', ')}: provisional (statutory holidays only)`);
    }
    return cal.status(years);
  }
}
