// The package's entry (`@kaflow/workflows`): the contracts, and the workflow functions so that a client
// can start them by reference, plus the one start of the follow-up workflow that every client shares.
// The worker bundles index.ts, not this file.
export * from './contracts';
export * from './index';
export * from './conversion/follow-up.start';
