// Once per jest run, before the integration and e2e projects: a freshly migrated test database,
// a Temporal dev server that answers, and the workflow code bundled once for every test worker.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ensureDatabase, migrate } from '@kaflow/persistence';
import { bundleWorkflows } from '../../apps/worker/src/worker';
import { BUNDLE_PATH, TEMPORAL_ADDRESS, TEST_DATABASE_URL } from './settings';

export default async function globalSetup(): Promise<void> {
  if ((globalThis as any).__kaflowSetupDone) return; // both projects name this setup; run it once
  (globalThis as any).__kaflowSetupDone = true;

  await ensureDatabase(TEST_DATABASE_URL);
  const ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
  await ds.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await ds.destroy();
  await migrate(TEST_DATABASE_URL);

  try {
    const c = await Connection.connect({ address: TEMPORAL_ADDRESS, connectTimeout: '5s' });
    await c.workflowService.getSystemInfo({});
    await c.close();
  } catch (e) {
    throw new Error(
      `No Temporal server at ${TEMPORAL_ADDRESS} (${(e as Error).message}). Run the tests with \`npm ` +
        `test\`, which starts one.`,
      { cause: e },
    );
  }

  const bundle = await bundleWorkflows();
  mkdirSync(join(BUNDLE_PATH, '..'), { recursive: true });
  writeFileSync(BUNDLE_PATH, bundle.code);
}
