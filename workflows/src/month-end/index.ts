export * from './month-end.contract';
export * from './month-end.workflow';
