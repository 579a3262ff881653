// Creates the PostgreSQL database named in a connection URL when it does not exist yet.
// Usage: node -r @swc-node/register scripts/ensure-database.ts [url]   (default: DATABASE_URL)
// Connects to the server's `postgres` maintenance database with the same credentials, so psql
// is not needed. Exit code 0 when the database exists afterwards.

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
  end(): Promise<void>;
}
// `pg` ships no types of its own and @types/pg is not a dependency: type the little we use.
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient };

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/kaflow';

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export async function ensureDatabase(url: string): Promise<'exists' | 'created'> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!dbName) throw new Error(`no database name in ${url}`);
  const admin = new URL(url);
  admin.pathname = dbName === 'postgres' ? '/template1' : '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount) return 'exists';
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(dbName)} ENCODING 'UTF8' TEMPLATE template0`);
    } catch (err) {
      // 42P04 duplicate_database: someone else created it concurrently; fine.
      if ((err as { code?: string }).code !== '42P04') throw err;
      return 'exists';
    }
    return 'created';
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

if (require.main === module) {
  const url = process.argv[2] || process.env.DATABASE_URL || DEFAULT_URL;
  ensureDatabase(url).then(
    (result) => {
      console.log(`database ${redact(url)}: ${result}`);
    },
    (err: unknown) => {
      console.error(`ensure-database failed for ${redact(url)}: ${(err as Error).message ?? err}`);
      process.exit(1);
    },
  );
}
