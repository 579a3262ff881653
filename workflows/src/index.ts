// The one workflowsPath: the worker registers every function exported here as a workflow type, so this
// file exports workflow functions only. The API, activities and tests import the package's public entry
// (public.ts: these plus the contracts) as `@kaflow/workflows`.
export { callbackWorkflow } from './record-keeping/callback.workflow';
export { dailyCheckWorkflow, dailyCheckScheduledWorkflow } from './record-keeping/daily-check.workflow';
export { annualPlanWorkflow, annualPlanScheduledWorkflow } from './annual-plan/annual-plan.workflow';
export { monthEndWorkflow, monthEndScheduledWorkflow } from './month-end/month-end.workflow';
export { capabilityTrainingWorkflow } from './month-end/capability-training.workflow';
export { weeklyReviewWorkflow, weeklyReviewScheduledWorkflow } from './weekly-review/weekly-review.workflow';
export { forecastWarningWorkflow } from './weekly-review/forecast-warning.workflow';
// The follow-up workflow also under its first type name, for the ones started as conversionWorkflow before the
// rename (they continue-as-new under that type until they end); new starts use followUpWorkflow.
export { followUpWorkflow, followUpWorkflow as conversionWorkflow } from './conversion/follow-up.workflow';
export { overdueFollowupWorkflow } from './conversion/overdue-followup.workflow';
export { lossDigestScheduledWorkflow } from './conversion/loss-digest.workflow';
export { followUpSweepWorkflow, followUpSweepScheduledWorkflow } from './conversion/follow-up-sweep.workflow';
export { lostDealAnalysisWorkflow } from './conversion/lost-analysis.workflow';
export { calendarLoadWorkflow, calendarWatchScheduledWorkflow } from './calendar/calendar-load.workflow';
export { taskReassignedWorkflow } from './common/task-reassigned.workflow';
