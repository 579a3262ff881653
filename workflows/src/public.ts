// The package's entry (`@kaflow/workflows`): the contracts, and the workflow functions so that a client
// can start them by reference. The worker bundles index.ts, not this file.
export * from './contracts';
export * from './index';
