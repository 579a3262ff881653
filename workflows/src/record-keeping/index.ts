export * from './record-keeping.contract';
export * from './callback.workflow';
export * from './daily-check.workflow';
