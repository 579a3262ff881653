// What loading (or correcting) a year's notice would change, worked out by comparing the calendar in
// force with the calendar that would be in force. Pure: the caller loads both calendars and the tasks.
import type { PolicyDuration } from '@kaflow/domain';
import { addCalendarDays, dayNumber, fromDayNumber, isoWeekday, pad } from './dates';
import { dueAfter } from './due';
import type { WorkingCalendar } from './working-calendar';

export interface DayChange {
  date: string;
  working: { before: boolean; after: boolean };
}

export interface WindowChange {
  month: string;
  before: string[];
  after: string[];
}

export interface WeekChange {
  /** the Monday of the ISO week */
  week: string;
  before: string;
  after: string;
}

/** An open task as its deadlines were computed: from createdAt, one rule per escalation period. */
export interface OpenTaskTimes {
  taskId: string;
  createdAt: Date;
  dueRule: PolicyDuration;
  escalationLevel: number;
  dueAt: Date;
  originalDueAt: Date;
  remindAt: Date;
  timeZone: string;
}

export interface TaskTimesChange {
  taskId: string;
  dueAt: { before: string; after: string };
  originalDueAt: string;
  remindAt: { before: string; after: string };
}

/**
 * The deadlines of an open task under cal: the first due time counted from createdAt, each further
 * escalation period counted from the previous due time (as escalation does), the reminder at the same
 * share of the first period as before. An ISO-duration rule does not depend on the calendar.
 */
export function recomputeTaskTimes(
  t: OpenTaskTimes,
  cal: WorkingCalendar,
): { dueAt: Date; originalDueAt: Date; remindAt: Date } {
  if (typeof t.dueRule === 'string') return { dueAt: t.dueAt, originalDueAt: t.originalDueAt, remindAt: t.remindAt };
  const created = t.createdAt.getTime();
  const firstSpan = t.originalDueAt.getTime() - created;
  const share = firstSpan > 0 ? (t.remindAt.getTime() - created) / firstSpan : 0;
  const originalDueAt = dueAfter(t.createdAt, t.dueRule, cal, t.timeZone);
  let dueAt = originalDueAt;
  for (let level = 0; level < t.escalationLevel; level++) dueAt = dueAfter(dueAt, t.dueRule, cal, t.timeZone);
  const remindAt = new Date(created + Math.round((originalDueAt.getTime() - created) * share));
  return { dueAt, originalDueAt, remindAt };
}

export interface NoticePreview {
  year: number;
  days: DayChange[];
  monthEndWindows: WindowChange[];
  firstWorkingDaysOfWeeks: WeekChange[];
  tasks: TaskTimesChange[];
}

/** Everything in `year` (and the days a notice spills into the year before) that differs. */
export function previewCalendarChange(
  year: number,
  before: WorkingCalendar,
  after: WorkingCalendar,
  tasks: OpenTaskTimes[] = [],
): NoticePreview {
  const from = dayNumber(`${pad(year - 1, 4)}-12-25`);
  const to = dayNumber(`${pad(year, 4)}-12-31`);
  const days: DayChange[] = [];
  const months = new Set<string>();
  const weeks = new Set<string>();
  for (let n = from; n <= to; n++) {
    const date = fromDayNumber(n);
    const b = before.isWorkingDay(date);
    const a = after.isWorkingDay(date);
    if (a === b) continue;
    days.push({ date, working: { before: b, after: a } });
    months.add(date.slice(0, 7));
    weeks.add(addCalendarDays(date, 1 - isoWeekday(date)));
  }
  const monthEndWindows: WindowChange[] = [];
  for (const month of [...months].sort()) {
    const b = before.monthEndWindow(month);
    const a = after.monthEndWindow(month);
    if (b.join() !== a.join()) monthEndWindows.push({ month, before: b, after: a });
  }
  const firstWorkingDaysOfWeeks: WeekChange[] = [];
  for (const week of [...weeks].sort()) {
    const b = before.firstWorkingDayOfWeek(week);
    const a = after.firstWorkingDayOfWeek(week);
    if (a !== b) firstWorkingDaysOfWeeks.push({ week, before: b, after: a });
  }
  const moved: TaskTimesChange[] = [];
  for (const t of tasks) {
    const next = recomputeTaskTimes(t, after);
    if (next.dueAt.getTime() === t.dueAt.getTime() && next.remindAt.getTime() === t.remindAt.getTime()) continue;
    moved.push({
      taskId: t.taskId,
      dueAt: { before: t.dueAt.toISOString(), after: next.dueAt.toISOString() },
      originalDueAt: next.originalDueAt.toISOString(),
      remindAt: { before: t.remindAt.toISOString(), after: next.remindAt.toISOString() },
    });
  }
  return { year, days, monthEndWindows, firstWorkingDaysOfWeeks, tasks: moved };
}
