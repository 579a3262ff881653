// 潜客判定和跟踪标准, the follow-up schedule's rules: when a prospect's next follow-up falls due. Pure (no
// I/O, no clock reads), shared by the API (which keeps prospect.nextFollowUpDue in step in the same
// transaction as the change) and the conversion activities (which re-read the records when the
// follow-up workflow wakes). It lives beside the working calendar because every rule here is a due
// date on working days (libs/domain cannot hold it: the calendar already depends on the domain's
// policy types). A cadence is the policy's interval of a grade (followUpCadence).
//
// Reading chosen:
// - A cadence of whole days (P3D, P7D …) counts calendar days from the date of the last touch (the
//   last follow-up, or the last grade change, or the record's creation); a due date on a non-working
//   day moves to the next working day; the follow-up is due by the end of that day (local midnight).
// - { workingDays: n } counts working days, also due by the end of the day.
// - A cadence shorter than a day or not whole days (PT4S in tests, PT36H) is exact: last touch + duration.
// - Hot customers (热点客户) need policy.hotFollowUpsPerMonth follow-ups in each calendar month: the
//   ones still missing are spaced evenly over the month's remaining working days, and the due date is
//   the earlier of that and the grade's cadence. The month can no longer reach its count once fewer
//   working days remain than follow-ups are missing.
// - W (到店未留档) must become a graded record by the end of the working day it was taken on.
import { isoDurationMs, type PolicyDuration } from '@kaflow/domain';
import { addCalendarDays, addMonths, monthBounds } from './dates';
import type { WorkingCalendar } from './working-calendar';
import { localDate, zonedInstant } from './zone';

const DAY_MS = 86_400_000;

/** The instant a local date ends (midnight at its start of the next day) in timeZone. */
export const endOfDay = (date: string, timeZone: string): Date =>
  zonedInstant(addCalendarDays(date, 1), '00:00', timeZone);

/** When a step of duration d counted from `from` is due (see the reading above). */
export function stepDue(from: Date, d: PolicyDuration, cal: WorkingCalendar, timeZone: string): Date {
  if (typeof d === 'string') {
    const ms = isoDurationMs(d);
    if (ms === null) throw new RangeError(`not an ISO-8601 duration: ${d}`);
    if (ms % DAY_MS !== 0) return new Date(from.getTime() + ms);
    let date = addCalendarDays(localDate(from, timeZone), ms / DAY_MS);
    if (!cal.isWorkingDay(date)) date = cal.nextWorkingDay(date);
    return endOfDay(date, timeZone);
  }
  return endOfDay(cal.addWorkingDays(localDate(from, timeZone), d.workingDays), timeZone);
}

/** When an overdue follow-up is escalated: the grace counted from the due day (exact for sub-day graces). */
export function graceEnd(dueAt: Date, grace: PolicyDuration, cal: WorkingCalendar, timeZone: string): Date {
  const ms = typeof grace === 'string' ? isoDurationMs(grace) : null;
  if (ms !== null && ms % DAY_MS !== 0) return new Date(dueAt.getTime() + ms);
  return stepDue(new Date(dueAt.getTime() - 1), grace, cal, timeZone); // counted from the day it was due by
}

/** End of the working day a W record was taken on (or of the next working day, when taken on a day off). */
export function walkInDeadline(createdAt: Date, cal: WorkingCalendar, timeZone: string): Date {
  return endOfDay(cal.addWorkingDays(localDate(createdAt, timeZone), 0), timeZone);
}

export interface HotPlan {
  /** When the next hot follow-up is due. */
  dueAt: Date;
  /** Follow-ups still missing this month (0 when reached). */
  missing: number;
  /** True when the month can no longer reach its count. */
  unreachable: boolean;
  /** While reachable: the instant after which it no longer is (end of the last day that still works). */
  unreachableAt: Date | null;
  /** The month of `today`, 'YYYY-MM'. */
  month: string;
}

/**
 * Spacing of a hot customer's follow-ups. `doneThisMonth` follow-ups are on record in the month of
 * `today`; `touchedToday` says whether one was done today (then the next one is not due today).
 */
export function hotPlan(
  today: string,
  doneThisMonth: number,
  touchedToday: boolean,
  perMonth: number,
  cal: WorkingCalendar,
  timeZone: string,
): HotPlan {
  const month = today.slice(0, 7);
  const { last } = monthBounds(month);
  const missing = Math.max(0, perMonth - doneThisMonth);
  const firstNextMonthSlot = () => {
    const nm = monthBounds(addMonths(month, 1));
    const days = cal.workingDays(nm.first, nm.last);
    return endOfDay(days[Math.max(0, Math.floor(days.length / perMonth) - 1)] ?? nm.last, timeZone);
  };
  if (missing === 0) return { dueAt: firstNextMonthSlot(), missing, unreachable: false, unreachableAt: null, month };
  const from = touchedToday ? addCalendarDays(today, 1) : today;
  const avail = from > last ? [] : cal.workingDays(from, last);
  // Today counts while it is not over (unless a follow-up was done today); the last day that still works is the
  // missing-th last.
  const unreachable = avail.length < missing;
  const unreachableAt = unreachable ? null : endOfDay(avail[avail.length - missing], timeZone);
  if (avail.length === 0) return { dueAt: firstNextMonthSlot(), missing, unreachable, unreachableAt, month };
  const spacing = Math.max(1, Math.floor(avail.length / missing));
  return {
    dueAt: endOfDay(avail[Math.min(spacing, avail.length) - 1], timeZone),
    missing,
    unreachable,
    unreachableAt,
    month,
  };
}

export interface FollowUpFacts {
  grade: string;
  hot: boolean;
  createdAt: Date;
  /** The last follow-up, grade change or creation. */
  lastTouchAt: Date;
  /** Follow-ups on record in the current month, and whether one was today. */
  followUpsThisMonth: number;
  touchedToday: boolean;
}

export interface FollowUpPolicy {
  timezone: string;
  followUpCadence: Record<string, PolicyDuration>;
  hotFollowUpsPerMonth: number;
}

export interface NextFollowUp {
  dueAt: Date | null;
  hot: HotPlan | null;
  walkIn: boolean;
}

/** The next follow-up due date of a live prospect; null for F (its follow-up has ended). */
export function nextFollowUpDue(
  f: FollowUpFacts,
  policy: FollowUpPolicy,
  cal: WorkingCalendar,
  now: Date,
): NextFollowUp {
  if (f.grade === 'F') return { dueAt: null, hot: null, walkIn: false };
  if (f.grade === 'W') return { dueAt: walkInDeadline(f.createdAt, cal, policy.timezone), hot: null, walkIn: true };
  const cadence = policy.followUpCadence[f.grade];
  const gradeDue = cadence ? stepDue(f.lastTouchAt, cadence, cal, policy.timezone) : null;
  if (!f.hot) return { dueAt: gradeDue, hot: null, walkIn: false };
  const hot = hotPlan(
    localDate(now, policy.timezone),
    f.followUpsThisMonth,
    f.touchedToday,
    policy.hotFollowUpsPerMonth,
    cal,
    policy.timezone,
  );
  const dueAt = gradeDue && gradeDue.getTime() < hot.dueAt.getTime() ? gradeDue : hot.dueAt;
  return { dueAt, hot, walkIn: false };
}
