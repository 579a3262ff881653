// Every activity the worker registers, built once from its dependencies. Shared data access (policy, audit,
// plan store, sales history, task views, follow-up schedule) lives in @kaflow/records, not here.
import type { ActivityDeps } from './deps';
import { createTaskActivities } from './tasks/tasks.activities';
import { createRecordKeepingActivities } from './record-keeping/record-keeping.activities';
import { createPlanApprovalActivities, type PlanApprovalActivities } from './common/plan-approval.activities';
import { createMonthEndActivities, type MonthEndActivities } from './month-end/month-end.activities';
import { createWeeklyReviewActivities } from './weekly-review/weekly-review.activities';
import { createConversionActivities } from './conversion/conversion.activities';
import { createCalendarActivities } from './calendar/calendar.activities';

export * from './deps';
export * from './notifications/mailer';
export type { TaskActivities } from './tasks/tasks.activities';
export type { RecordKeepingActivities } from './record-keeping/record-keeping.activities';
export type { ConversionActivities } from './conversion/conversion.activities';
export { askFrom, NATIONAL_TIME_ZONE, type CalendarActivities } from './calendar/calendar.activities';
export type { WeeklyReviewActivities } from './weekly-review/weekly-review.activities';
export type { PlanApprovalActivities, MonthEndActivities };
/** What the annual-plan and month-end workflows call: the shared plan life cycle and the month-end's own steps. */
export type PlanningActivities = PlanApprovalActivities & MonthEndActivities;
export { planningStartRule, type ScheduledStart } from './common/start-rule';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createRecordKeepingActivities(deps),
    ...createPlanApprovalActivities(deps),
    ...createMonthEndActivities(deps),
    ...createWeeklyReviewActivities(deps),
    ...createConversionActivities(deps),
    ...createCalendarActivities(deps),
  };
}
export { flushDue, OUTCOME_UNKNOWN, type OutboxDeps } from './notifications/outbox';
export { startFlusher } from './notifications/outbox-flusher';
export { outboxDeps } from './notifications/outbox-deps';
