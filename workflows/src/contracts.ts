// What the API, the activities and the tests share with the workflows: ids, inputs, results, updates,
// signals and queries of every process. Types and tiny id builders only; no workflow code.
export * from './common/human-task.contract';
export * from './common/plan-approval.contract';
export * from './record-keeping/record-keeping.contract';
export * from './annual-plan/annual-plan.contract';
export * from './month-end/month-end.contract';
export * from './month-end/capability-training.contract';
export * from './weekly-review/weekly-review.contract';
export * from './conversion/conversion.contract';
export * from './calendar/calendar-load.contract';
