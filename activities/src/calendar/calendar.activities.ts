// The national calendar's daily check: is next year still provisional once November's first working
// day has come? Then the sysadmin is asked to load it (calendar-load workflow).
import { localDate } from '@kaflow/calendar';
import { UserEntity } from '@kaflow/persistence';
import type { CalendarWatchToday } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';
import { loadCalendar } from '@kaflow/records';

/** The national calendar is China's: its dates are read in Asia/Shanghai. */
export const NATIONAL_TIME_ZONE = 'Asia/Shanghai';

/** The day from which next year's notice is asked for: the first working day of November. */
export function askFrom(year: number, isWorkingDay: (d: string) => boolean): string {
  for (let day = 1; ; day++) {
    const d = `${year}-11-${String(day).padStart(2, '0')}`;
    if (isWorkingDay(d)) return d;
  }
}

export function createCalendarActivities(deps: ActivityDeps) {
  const { db, now } = deps;
  return {
    async calendarWatchToday(): Promise<CalendarWatchToday> {
      const businessDate = localDate(now(), NATIONAL_TIME_ZONE);
      const year = Number(businessDate.slice(0, 4));
      const cal = await loadCalendar(db);
      const due = businessDate >= askFrom(year, (d) => cal.isNationalWorkingDay(d)) && cal.isProvisionalYear(year + 1);
      if (!due) return { businessDate, year: null, dealerId: null };
      const admin = await db
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where(':role = ANY(u.roles)', { role: 'sysadmin' })
        .andWhere('u.active')
        .orderBy('u.createdAt')
        .addOrderBy('u.id')
        .getOne();
      return { businessDate, year: year + 1, dealerId: admin?.dealerId ?? null };
    },
  };
}

export type CalendarActivities = ReturnType<typeof createCalendarActivities>;
