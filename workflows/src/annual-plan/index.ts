export * from './annual-plan.contract';
export * from './annual-plan.workflow';
