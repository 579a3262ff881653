// Mainland China working days (docs/user-guide.md "The working-day calendar"): weekends off, statutory holidays
// off, 调休 makeup weekend days on. Three layers, the first that speaks wins:
//   1. the dealer's own closures (local holiday, inventory day), edited by the dealer's admin;
//   2. the State Council notice of the date's year: one loaded by the system-level role, else the one
//      shipped by chinese-days;
//   3. a provisional year (no notice): the statutory holidays by law (provisional.ts), no 调休.
import { addCalendarDays, dayNumber, fromDayNumber, isWeekend, isoWeekday, monthBounds, yearOf } from './dates';
import type { HolidayNotice, NoticeDay } from './notice';
import { hasOfficialData, officialWorking } from './official';
import { PROVISIONAL_MAX_YEAR, PROVISIONAL_MIN_YEAR, statutoryHolidays } from './provisional';

export interface CalendarOverride {
  /** 'YYYY-MM-DD' */
  date: string;
  working: boolean;
  note?: string;
}

/**
 * Where a year's national working days come from: 'notice' (loaded by the system-level role),
 * 'package' (the notice shipped by chinese-days) or 'provisional' (the law only, no notice yet).
 */
export type YearSource = 'notice' | 'package' | 'provisional';

export class WorkingCalendar {
  private readonly overrides = new Map<string, CalendarOverride>();
  private readonly noticeDays = new Map<string, NoticeDay>();
  private readonly noticeYears = new Set<number>();
  private readonly provisional = new Map<number, Set<string>>();

  /**
   * closures: the dealer's own layer (later entries for a date replace earlier ones); notices: loaded
   * State Council notices (checked with checkNotice), which replace the shipped data of their year.
   * Throws RangeError on a malformed date.
   */
  constructor(closures: CalendarOverride[] = [], notices: HolidayNotice[] = []) {
    for (const o of closures) {
      dayNumber(o.date);
      if (typeof o.working !== 'boolean') throw new RangeError(`closure ${o.date}: working must be true or false`);
      this.overrides.set(o.date, { ...o });
    }
    for (const n of notices) {
      this.noticeYears.add(n.year);
      for (const d of n.days) {
        dayNumber(d.date);
        this.noticeDays.set(d.date, { ...d });
      }
    }
  }

  /** The dealer's closures in force, ascending by date. */
  listOverrides(): CalendarOverride[] {
    return [...this.overrides.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  isWorkingDay(date: string): boolean {
    const override = this.overrides.get(date);
    if (override) return override.working;
    return this.isNationalWorkingDay(date);
  }

  /** The national calendar alone (no dealer closures). */
  isNationalWorkingDay(date: string): boolean {
    dayNumber(date);
    const listed = this.noticeDays.get(date);
    if (listed) return !listed.isOffDay;
    const year = yearOf(date);
    if (this.noticeYears.has(year)) return !isWeekend(date);
    if (hasOfficialData(year)) return officialWorking(date) ?? !isWeekend(date);
    // A provisional year can still hold days an adjacent year's package notice spills into it.
    const spilled = officialWorking(date);
    if (spilled !== undefined) return spilled;
    return !this.provisionalDaysOff(year).has(date) && !isWeekend(date);
  }

  /** A State Council notice decides the year (loaded, or shipped with chinese-days). */
  isOfficialYear(year: number): boolean {
    return this.noticeYears.has(year) || hasOfficialData(year);
  }

  /** No notice for the year: its holidays are the law's, without bridging or makeup days. */
  isProvisionalYear(year: number): boolean {
    return !this.isOfficialYear(year);
  }

  /** What an answer about dates in these years says: official only if every year has a notice. */
  status(years: number[]): { official: boolean; provisional: boolean } {
    const official = years.every((y) => this.isOfficialYear(y));
    return { official, provisional: !official };
  }

  yearSource(year: number): YearSource {
    if (this.noticeYears.has(year)) return 'notice';
    return hasOfficialData(year) ? 'package' : 'provisional';
  }

  private provisionalDaysOff(year: number): Set<string> {
    let days = this.provisional.get(year);
    if (!days) {
      const inRange = year >= PROVISIONAL_MIN_YEAR && year <= PROVISIONAL_MAX_YEAR;
      days = new Set(inRange ? statutoryHolidays(year).map((d) => d.date) : []);
      this.provisional.set(year, days);
    }
    return days;
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

  // Terminates: closures and notices cover finitely many dates, and every plain week has weekdays.
  private step(date: string, dir: 1 | -1): string {
    let n = dayNumber(date) + dir;
    while (!this.isWorkingDay(fromDayNumber(n))) n += dir;
    return fromDayNumber(n);
  }
}
