import { join } from 'node:path';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_test';
export const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
export const BUNDLE_PATH = join(__dirname, '..', '..', '.run', 'test-workflow-bundle.js');
