// @kaflow/calendar — pure Mainland China working-day calendar, time-zone helpers and due-time
// arithmetic. No I/O and no clock reads. Workflow code imports `@kaflow/calendar/src/dates`,
// not this index, whose holiday tables every cached workflow would evaluate again.
export { WorkingCalendar, type CalendarOverride, type YearSource } from './working-calendar';
export { officialYears, officialName } from './official';
export { statutoryHolidays, type StatutoryDay } from './provisional';
export { checkNotice, type HolidayNotice, type NoticeDay, type NoticeProblem } from './notice';
export {
  previewCalendarChange,
  recomputeTaskTimes,
  type NoticePreview,
  type OpenTaskTimes,
  type TaskTimesChange,
} from './preview';
export { localDate, wallClock, zonedInstant } from './zone';
export { addCalendarDays, addMonths, monthOf, monthBounds } from './dates';
export { dueAfter } from './due';
export {
  isoWeekOf,
  midMonthWarningDay,
  mondayOfIsoWeek,
  weeklyReviewDay,
  type MidMonthDay,
  type WeeklyReviewDay,
} from './iso-week';
export * from './follow-up-schedule';
export * from './follow-up-sweep';
export { isoDurationMs, type PolicyDuration } from '@kaflow/domain';
export { formatLocalTime, formatLocalDate, zoneName, type MessageLang } from './format';
