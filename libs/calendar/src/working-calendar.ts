// Mainland China working days (design.md "Working-day calendar"): weekends off, statutory holidays
// off, 调休 makeup weekend days on; admin overrides win over the official data; a year without
// official data falls back to weekends only (see yearSource / isOfficialYear to report it).
import { addCalendarDays, dayNumber, fromDayNumber, isWeekend, isoWeekday, monthBounds, yearOf } from './dates';
import { hasOfficialData, officialWorking } from './official';

export interface CalendarOverride {
  /** 'YYYY-MM-DD' */
  date: string;
  working: boolean;
  note?: string;
}

/** Where a year's working days come from. */
export type YearSource = 'official' | 'overrides' | 'weekends-only';

export class WorkingCalendar {
  private readonly overrides = new Map<string, CalendarOverride>();
  private readonly overrideYears = new Set<number>();

  /** Later entries for the same date replace earlier ones. Throws RangeError on a malformed date. */
  constructor(overrides: CalendarOverride[] = []) {
    for (const o of overrides) {
      dayNumber(o.date);
      if (typeof o.working !== 'boolean') throw new RangeError(`override ${o.date}: working must be true or false`);
      this.overrides.set(o.date, { ...o });
      this.overrideYears.add(yearOf(o.date));
    }
  }

  /** The admin overrides in force, ascending by date. */
  listOverrides(): CalendarOverride[] {
    return [...this.overrides.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  isWorkingDay(date: string): boolean {
    dayNumber(date);
    const override = this.overrides.get(date);
    if (override) return override.working;
    return officialWorking(date) ?? !isWeekend(date);
  }

  /** chinese-days has the official schedule for the year, or an admin loaded overrides for it. */
  isOfficialYear(year: number): boolean {
    return hasOfficialData(year) || this.overrideYears.has(year);
  }

  /** 'official' (package data, possibly corrected by overrides), 'overrides' (admin data only) or 'weekends-only' (fallback). */
  yearSource(year: number): YearSource {
    if (hasOfficialData(year)) return 'official';
    return this.overrideYears.has(year) ? 'overrides' : 'weekends-only';
  }

  /** Working days from `from` to `to`, both inclusive, ascending; empty when to < from. */
  workingDays(from: string, to: string): string[] {
    const out: string[] = [];
    const end = dayNumber(to);
    for (let n = dayNumber(from); n <= end; n++) {
      const d = fromDayNumber(n);
      if (this.isWorkingDay(d)) out.push(d);
    }
    return out;
  }

  /** The 5 latest working days of the 'YYYY-MM' month, ascending (fewer only if overrides leave fewer). */
  monthEndWindow(month: string): string[] {
    const { first, last } = monthBounds(month);
    return this.workingDays(first, last).slice(-5);
  }

  /**
   * First working day of the ISO week (Monday–Sunday) containing date. If that week has no working
   * day at all (never happens with official data; only possible through overrides) the Monday itself
   * is returned so callers always get a date inside the week.
   */
  firstWorkingDayOfWeek(date: string): string {
    const monday = addCalendarDays(date, 1 - isoWeekday(date));
    for (let i = 0; i < 7; i++) {
      const d = addCalendarDays(monday, i);
      if (this.isWorkingDay(d)) return d;
    }
    return monday;
  }

  isFirstWorkingDayOfWeek(date: string): boolean {
    return this.isWorkingDay(date) && this.firstWorkingDayOfWeek(date) === date;
  }

  /**
   * n >= 1: the n-th working day strictly after date.
   * n = 0: date itself if it is a working day, otherwise the next working day.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working-day count must be a whole number >= 0: ${n}`);
    if (n === 0) return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
    let d = date;
    for (let i = 0; i < n; i++) d = this.nextWorkingDay(d);
    return d;
  }

  /** The latest working day strictly before date. */
  previousWorkingDay(date: string): string {
    return this.step(date, -1);
  }

  /** The earliest working day strictly after date. */
  nextWorkingDay(date: string): string {
    return this.step(date, 1);
  }

  // Terminates: overrides and official data cover finitely many dates, and every plain week has weekdays.
  private step(date: string, dir: 1 | -1): string {
    let n = dayNumber(date) + dir;
    while (!this.isWorkingDay(fromDayNumber(n))) n += dir;
    return fromDayNumber(n);
  }
}
