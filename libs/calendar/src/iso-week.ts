// ISO weeks ('YYYY-Www') on 'YYYY-MM-DD' dates, and the first working day of a week (the day the
// weekly review runs on). Built on the day arithmetic of dates.ts; pure.
import { addCalendarDays, dayNumber, fromDayNumber, isoWeekday } from './dates';
import type { WorkingCalendar } from './working-calendar';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO week 'YYYY-Www' of a 'YYYY-MM-DD' date (the week's Thursday decides its year). */
export function isoWeekOf(date: string): string {
  const thursday = dayNumber(date) + 4 - isoWeekday(date);
  const year = fromDayNumber(thursday).slice(0, 4);
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

/** The Monday of an ISO week 'YYYY-Www'; null when the text is not an existing ISO week. */
export function mondayOfIsoWeek(week: string): string | null {
  const m = typeof week === 'string' ? /^(\d{4})-W(\d{2})$/.exec(week) : null;
  if (!m || +m[2] < 1 || +m[2] > 53) return null;
  const jan4 = `${m[1]}-01-04`;
  const monday = fromDayNumber(dayNumber(jan4) - (isoWeekday(jan4) - 1) + (+m[2] - 1) * 7);
  return isoWeekOf(monday) === week ? monday : null; // W53 of a 52-week year is not a week
}

export interface WeeklyReviewDay {
  week: string;
  /** The week's first working day, or null when the week has none (e.g. Spring Festival 2026). */
  firstWorkingDay: string | null;
  /** True when the date is that first working day: the review runs. */
  start: boolean;
  reason?: string;
}

/** Whether a weekly step (the weekly review) runs on this date: only on the first working day of its ISO week. */
export function weeklyReviewDay(calendar: Pick<WorkingCalendar, 'workingDays'>, date: string): WeeklyReviewDay {
  const week = isoWeekOf(date);
  const monday = mondayOfIsoWeek(week)!;
  const [first] = calendar.workingDays(monday, addCalendarDays(monday, 6));
  if (!first) {
    return { week, firstWorkingDay: null, start: false, reason: `week ${week} has no working day: no weekly review` };
  }
  if (first !== date) {
    const reason = `${date} is not the first working day of week ${week}; the review runs on ${first}`;
    return { week, firstWorkingDay: first, start: false, reason };
  }
  return { week, firstWorkingDay: first, start: true };
}
