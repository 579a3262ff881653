// The one workflowsPath: every workflow the worker runs, and the contracts the API and activities share.
export * from './shared';
export * from './record-keeping';
export * from './annual-plan';
export * from './month-end';
export * from './weekly-review';
export * from './conversion';
