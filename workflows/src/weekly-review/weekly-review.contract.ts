// Process 4, the weekly progress review (周进度盘点): ids, inputs, the progress report's shape and
// the pure rules of when a review runs (the first working day of each ISO week). No I/O, no clock.
import { addCalendarDays, type WorkingCalendar } from '@kaflow/calendar';

export const weeklyReviewWorkflowId = (dealerId: string, week: string) => `weekly-review:${dealerId}:${week}`;
export const weeklyReviewScheduleId = (dealerId: string) => `weekly-review:${dealerId}`;
export const weeklyReviewStarterId = (dealerId: string) => `weekly-review-schedule:${dealerId}`;
/** Key of the one summary mail to the sales directors. */
export const weeklyReviewSummaryKey = (dealerId: string, week: string) => `weekly-review-summary:${dealerId}:${week}`;

export interface WeeklyReviewInput { dealerId: string; businessDate: string }
export interface WeeklyReviewScheduleInput { dealerId: string }

/** A corrective action the key-account manager writes for a gap. */
export interface WeeklyReviewAction { gap: string; action: string; owner: string }

/** One progress line: target of the month, actual month-to-date, pro-rated target and the verdict. */
export interface WeeklyProgressLine {
  key: string; label?: string; target: number; actual: number;
  proRated: number; achievement: number | null; gap: boolean; shortfall: number;
}

/** Where the month's targets came from: the newest approved plan of the month (or year). */
export interface ProgressPlanRef { id: string; kind: 'decomposition' | 'rolling' | 'annual'; period: string; version: number }

export interface WeeklyProgressReport {
  /** The month under review and the business date the review is as of. */
  month: string;
  businessDate: string;
  /** Actuals count from the 1st of the month up to and including this date. */
  through: string;
  workingDaysInMonth: number;
  workingDaysElapsed: number;
  threshold: number;
  plan: ProgressPlanRef | null;
  /** Why there are no targets, when there is no approved plan. */
  note: string | null;
  share: number;
  lines: WeeklyProgressLine[];
  gaps: number;
}

/** What prepareWeeklyReview hands the workflow. */
export interface PreparedWeeklyReview {
  week: string;
  /** False when this week's review already has its task (started before, e.g. by hand). */
  claimed: boolean;
  progress: WeeklyProgressReport;
}

const DAY_MS = 86_400_000;
const dayNo = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO week 'YYYY-Www' of a 'YYYY-MM-DD' date (the week's Thursday decides its year). */
export function isoWeekOf(date: string): string {
  const n = dayNo(date);
  const weekday = ((new Date(n * DAY_MS).getUTCDay() + 6) % 7) + 1; // 1 = Monday … 7 = Sunday
  const thursday = new Date((n + 4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((n + 4 - weekday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

/** The Monday of an ISO week 'YYYY-Www'; null when the text is not an existing ISO week. */
export function mondayOfIsoWeek(week: string): string | null {
  const m = typeof week === 'string' ? /^(\d{4})-W(\d{2})$/.exec(week) : null;
  if (!m || +m[2] < 1 || +m[2] > 53) return null;
  const jan4 = Date.UTC(+m[1], 0, 4) / DAY_MS;
  const jan4Weekday = ((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7) + 1;
  const d = new Date((jan4 - (jan4Weekday - 1) + (+m[2] - 1) * 7) * DAY_MS);
  const monday = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
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

/** Whether the weekly review runs on this date: only on the first working day of its ISO week. */
export function weeklyReviewDay(calendar: Pick<WorkingCalendar, 'workingDays'>, date: string): WeeklyReviewDay {
  const week = isoWeekOf(date);
  const monday = mondayOfIsoWeek(week)!;
  const [first] = calendar.workingDays(monday, addCalendarDays(monday, 6));
  if (!first) return { week, firstWorkingDay: null, start: false, reason: `week ${week} has no working day: no weekly review` };
  if (first !== date) {
    return { week, firstWorkingDay: first, start: false, reason: `${date} is not the first working day of week ${week}; the review runs on ${first}` };
  }
  return { week, firstWorkingDay: first, start: true };
}
