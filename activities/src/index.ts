// Every activity the worker registers, built once from its dependencies.
import type { ActivityDeps } from './deps';
import { createTaskActivities } from './tasks/tasks.activities';
import { createRecordKeepingActivities } from './record-keeping/record-keeping.activities';
import { createPlanningActivities } from './planning/planning.activities';
import { createWeeklyReviewActivities } from './weekly-review/weekly-review.activities';
import { createConversionActivities } from './conversion/conversion.activities';

export * from './deps';
export * from './notifications/mailer';
export * from './audit/audit';
export * from './policy/policy.store';
export * from './tasks/task-view';
export * from './sales/sales-history';
export type { TaskActivities } from './tasks/tasks.activities';
export type { RecordKeepingActivities } from './record-keeping/record-keeping.activities';
export type { ConversionActivities } from './conversion/conversion.activities';
export { openLostAnalysisRow, refreshRhythm } from './conversion/rhythm';
export type PlanningActivities = ReturnType<typeof createPlanningActivities>;
export { planningStartRule, brief as planBriefOf, type ScheduledStart } from './planning/planning.activities';
export * from './planning/plan-store';
export * from './planning/plan-compute';
export type { WeeklyReviewActivities } from './weekly-review/weekly-review.activities';
export { computeWeeklyProgress } from './weekly-review/weekly-progress.query';

export function createActivities(deps: ActivityDeps) {
  return { ...createTaskActivities(deps), ...createRecordKeepingActivities(deps), ...createPlanningActivities(deps), ...createWeeklyReviewActivities(deps), ...createConversionActivities(deps) };
}
export * from './sales/sales-history';
