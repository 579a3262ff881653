// ISO weeks ('YYYY-Www') on 'YYYY-MM-DD' dates, and the first working day of a week (the day the
// weekly review runs on). Built on the day arithmetic of dates.ts; pure.
import { addCalendarDays, dayNumber, fromDayNumber, isoWeekday, monthBounds } from './dates';
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

export interface MidMonthDay {
  month: string;
  /** The month's first working day on or after the 15th, or null when there is none. */
  day: string | null;
  start: boolean;
  reason?: string;
}

/**
 * The mid-month forecast warning's day: the 15th when it is a working day, else the next working day of the month
 * (none when the rest of the month has no working day).
 */
export function midMonthWarningDay(calendar: Pick<WorkingCalendar, 'workingDays'>, date: string): MidMonthDay {
  const month = date.slice(0, 7);
  const [day] = calendar.workingDays(`${month}-15`, monthBounds(month).last);
  if (!day) return { month, day: null, start: false, reason: `${month} has no working day from the 15th on` };
  if (day !== date) return { month, day, start: false, reason: `the mid-month warning of ${month} runs on ${day}` };
  return { month, day, start: true };
}
