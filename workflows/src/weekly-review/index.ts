export * from './weekly-review.contract';
export * from './weekly-review.workflow';
