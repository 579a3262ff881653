// Data access both sides need (the API's services and the worker's activities): policy and calendar
// loading, the audit log, the plan store, sales history, task views, the follow-up schedule and the weekly
// progress query. No Temporal and no HTTP here: plain functions over a DataSource or an EntityManager.
export * from './audit';
export * from './policy.store';
export * from './task-view';
export * from './sales-history';
export * from './sales-breakdown';
export * from './follow-up-schedule';
export * from './follow-up-grain';
export * from './weekly-progress.query';
export * from './plans/plan-store';
export * from './plans/plan-compute';
export * from './scorecards/scorecards.query';
export * from './scorecards/scorecard-drilldown.query';
export * from './scorecards/scorecard-figures';
export * from './planning-base.query';
export * from './sales-capability.query';
export * from './plan-accuracy.query';
export * from './decision-delivery';
export * from './home/dealer-home';
export * from './forecast';
export * from './substitutes';
export * from './home/hot-customers';
export * from './home/consultant-home';
export * from './home/service-home';
export * from './forecast-warning';
