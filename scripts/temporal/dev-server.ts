// KA Flow's dev/test Temporal server: Temporal server v1.32.0 on one SQLite file, started from
// scripts/temporal/server.yaml (a template the server renders from the environment built here).
// scripts/temporal.sh installs the binary and starts it for the scripts; tests/support/stack.ts starts
// it for the fault tests with these helpers. Neither has a namespace until `ensureNamespace` registers
// `default` over gRPC (the server only creates its own system namespace).
//
// Usage: node -r @swc-node/register scripts/temporal/dev-server.ts ensure-namespace HOST:PORT [SECONDS]
//          waits (default 60 s) until the server answers, registers `default` when missing; prints
//          "registered" or "exists"
//        node -r @swc-node/register scripts/temporal/dev-server.ts check HOST:PORT
//          exit 0 when the server answers and knows `default`
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import net from 'node:net';
import { join } from 'node:path';

const HERE = __dirname;
export const SERVER_CONFIG = join(HERE, 'server.yaml');
export const DYNAMIC_CONFIG = join(HERE, 'dynamic-config.yaml');

/** A server on port P also binds P+1 .. P+7 (server.yaml): the span two servers must keep apart. */
export const PORT_SPAN = 8;

/** gRPC status codes (@grpc/grpc-js `status`) */
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

export interface DevServerOptions {
  port: number;
  /** the SQLite file; created with its schema when missing, resumed when present */
  dbFile: string;
  /** debug, info, warn or error (default warn) */
  logLevel?: string;
  /** more SQLite pragmas, e.g. ['journal_mode=wal'] */
  pragmas?: string[];
  ip?: string;
}

/** The environment server.yaml is rendered from. */
export function devServerEnv(o: DevServerOptions): Record<string, string> {
  return {
    KAFLOW_TEMPORAL_PORT: String(o.port),
    KAFLOW_TEMPORAL_IP: o.ip ?? '127.0.0.1',
    KAFLOW_TEMPORAL_DB: o.dbFile,
    KAFLOW_TEMPORAL_DYNAMIC_CONFIG: DYNAMIC_CONFIG,
    KAFLOW_TEMPORAL_LOG_LEVEL: o.logLevel ?? 'warn',
    KAFLOW_TEMPORAL_SQLITE_PRAGMAS: (o.pragmas ?? []).join(' '),
  };
}

/** The server binary's arguments (after the binary). */
export function devServerArgs(): string[] {
  return ['--config-file', SERVER_CONFIG, '--allow-no-auth', 'start'];
}

/** Can every port P .. P+PORT_SPAN-1 be bound on `host` right now? */
export async function portsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  for (let p = port; p < port + PORT_SPAN; p++) {
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(p, host, () => s.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

/**
 * A frontend port whose whole span is free, below Linux's ephemeral range (32768 and up) so an
 * outgoing connection's local port cannot take one of the derived ports before the server binds it.
 */
export async function freeDevServerPort(from = 20_000, to = 32_000): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + PORT_SPAN * Math.floor((Math.random() * (to - from)) / PORT_SPAN);
    if (await portsFree(port)) return port;
  }
  throw new Error(`no free span of ${PORT_SPAN} ports between ${from} and ${to}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One TCP probe of host:port. */
function listening(address: string): Promise<boolean> {
  const i = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const s = net.connect(Number(address.slice(i + 1)), address.slice(0, i));
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function withConnection<T>(address: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/** Does the server on `address` answer and know `namespace`? One try. */
export async function namespaceExists(address: string, namespace = 'default'): Promise<boolean> {
  try {
    await withConnection(address, (c) => c.workflowService.describeNamespace({ namespace }));
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the server on `address` answers, then registers `namespace` (retention one day, as the
 * CLI's dev server did) unless it exists. Resolves with what it found.
 */
export async function ensureNamespace(
  address: string,
  namespace = 'default',
  timeoutMs = 60_000,
): Promise<'exists' | 'registered'> {
  const deadline = Date.now() + timeoutMs;
  let registered = false;
  let last: unknown;
  while (Date.now() < deadline) {
    // a gRPC connection to a closed port waits out its back-off; a TCP probe answers at once
    if (!(await listening(address))) {
      await sleep(100);
      continue;
    }
    try {
      const done = await withConnection(address, async (c) => {
        try {
          // a call through the namespace registry, not only the store: after a miss the registry
          // answers "not found" for a second, so a namespace just registered is not usable at once
          await c.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
          return true;
        } catch (e) {
          if (!(isGrpcServiceError(e) && e.code === NOT_FOUND)) throw e;
        }
        try {
          await c.workflowService.registerNamespace({
            namespace,
            workflowExecutionRetentionPeriod: msToTs('1 day'),
          });
          registered = true;
        } catch (e) {
          if (!(isGrpcServiceError(e) && e.code === ALREADY_EXISTS)) throw e;
        }
        return false;
      });
      if (done) return registered ? 'registered' : 'exists';
      last = `namespace ${namespace} registered, not found through the registry yet`;
      await sleep(250);
    } catch (e) {
      // not listening yet, or listening before its services have joined: try again
      last = e;
      await sleep(250);
    }
  }
  throw new Error(
    `the Temporal server on ${address} did not take namespace '${namespace}' in ${timeoutMs} ms: ${String(last)}`,
  );
}

async function main(argv: string[]): Promise<number> {
  const [cmd, address, secs] = argv;
  if (cmd === 'ensure-namespace' && address) {
    console.log(await ensureNamespace(address, 'default', Number(secs ?? 60) * 1000));
    return 0;
  }
  if (cmd === 'check' && address) return (await namespaceExists(address)) ? 0 : 1;
  console.error('usage: dev-server.ts ensure-namespace HOST:PORT [SECONDS] | check HOST:PORT');
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
