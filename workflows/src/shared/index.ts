export * from './human-task.contract';
export * from './human-task';
