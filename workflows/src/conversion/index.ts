export * from './conversion.contract';
export * from './cadence';
export * from './conversion.workflow';
export * from './overdue-followup.workflow';
export * from './loss-digest.workflow';
