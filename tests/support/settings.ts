import { join } from 'node:path';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_test';
export const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
// A second jest process at the same time (scripts/test.sh runs the faults beside the rest) writes its own.
export const BUNDLE_PATH =
  process.env.KAFLOW_TEST_BUNDLE ?? join(__dirname, '..', '..', '.run', 'test-workflow-bundle.js');
