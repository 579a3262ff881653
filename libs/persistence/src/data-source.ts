// One place that knows how to reach PostgreSQL; the API, the worker, scripts and tests all use it.
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function createDataSource(url: string, opts: { poolSize?: number; name?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsTransactionMode: 'each',
    extra: { max: opts.poolSize ?? 10, application_name: opts.name ?? 'kaflow' },
  });
}

/** Creates the database named in the URL when it is missing (the demo and tests start from nothing). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[\w-]+$/.test(dbName)) throw new Error(`refusing odd database name "${dbName}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  try {
    const rows = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (rows.length === 0) {
      try {
        await ds.query(`CREATE DATABASE "${dbName}"`);
      } catch (e: any) {
        if (e?.code !== '42P04') throw e;
      }
    }
  } finally {
    await ds.destroy();
  }
}

export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const ds = createDataSource(url, { poolSize: 2, name: 'kaflow-migrate' });
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
