export * from './human-task.contract';
export * from './human-task';
export * from './plan-approval.contract';
export * from './plan-approval';
export * from './start-child';
