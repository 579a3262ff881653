// What the parts of `npm run bench` share: the machine line, latency percentiles, a bounded pool,
// the bench database, and a stack in this process — KA Flow's worker and API (the real Nest app on
// an HTTP port) on a task queue of their own, and a bare anchor worker (scripts/bench/anchor) on
// another, both against the same Temporal dev server and the same PostgreSQL.
import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  makeTelemetryFilterString,
} from '@temporalio/worker';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@kaflow/config';
import { createDataSource, migrate } from '@kaflow/persistence';
import { createApp } from '../../../apps/api/src/app.factory';
import { bundleWorkflows, createWorker } from '../../../apps/worker/src/worker';
import { createDealer, PASSWORD, runId, type DealerFixture } from '../../../tests/support/fixtures';
import { ensureDatabase } from '../../ensure-database';
import { anchorActivities, ensureAnchorTable } from '../anchor/anchor.activities';

export const BENCH_DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_bench';
export const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
export const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';

/** The Temporal server's SQLite pragmas when the bench started its own (bench.sh); otherwise unknown. */
const serverNote = () =>
  process.env.BENCH_OWN_TEMPORAL === '1'
    ? `, Temporal dev server SQLite ${process.env.BENCH_TEMPORAL_PRAGMAS?.trim() || 'defaults'}`
    : process.env.KAFLOW_CLUSTER_URL
      ? `, the Temporal cluster of npm run cluster (2 nodes on PostgreSQL) through ${TEMPORAL_ADDRESS}`
      : ', a Temporal server already running';

/** When and on what: printed beside every figure. */
export function machine(): string {
  const [l1, l5, l15] = loadavg().map((x) => x.toFixed(2));
  return `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${l1} ${l5} ${l15}, node ${process.version}${serverNote()}`;
}
export const load1 = () => loadavg()[0];

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export function latency(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? 0 };
}
export const fmtMs = (l: Latency) =>
  `p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms (n ${l.n})`;

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/** Measures each call of fn over items at a concurrency: the latencies and the rate over the wall time. */
export async function measure<T>(items: T[], concurrency: number, fn: (t: T) => Promise<void>) {
  const ms: number[] = [];
  const errors: Record<string, number> = {};
  const t0 = performance.now();
  await pool(items, concurrency, async (t) => {
    const a = performance.now();
    try {
      await fn(t);
      ms.push(performance.now() - a);
    } catch (e) {
      const key = String((e as Error)?.message ?? e).slice(0, 160);
      errors[key] = (errors[key] ?? 0) + 1;
    }
  });
  const secs = (performance.now() - t0) / 1000;
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  if (failed) console.log(`  ${failed} of ${items.length} failed: ${JSON.stringify(errors)}`);
  return { latency: latency(ms), perSecond: ms.length / secs, seconds: secs, failed, errors };
}

export async function benchDb(poolSize = 20): Promise<DataSource> {
  await ensureDatabase(BENCH_DB_URL);
  await migrate(BENCH_DB_URL);
  return createDataSource(BENCH_DB_URL, { poolSize, name: `kaflow-bench-${runId()}` }).initialize();
}

let runtimeInstalled = false;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
}

export interface Stack {
  tag: string;
  db: DataSource;
  client: Client;
  kaflowQueue: string;
  anchorQueue: string;
  dealer: DealerFixture;
  /** The API's base URL (http://127.0.0.1:port). */
  url: string;
  token(user: string): Promise<string>;
  /** Terminates the given workflow ids (a run's own), quietly. */
  terminate(ids: string[]): Promise<number>;
  stop(): Promise<void>;
}

const NOOP_MAILER = { async send() {}, close() {} };

/** KA Flow (API + worker, as deployed: worker DB pool 10, the API's own pool) and the anchor worker. */
export async function startStack(opts: { maxCachedWorkflows?: number } = {}): Promise<Stack> {
  quietRuntime();
  const tag = `bench${runId()}`;
  const kaflowQueue = `bench-kaflow-${tag}`;
  const anchorQueue = `bench-anchor-${tag}`;
  const db = await benchDb(10);
  await ensureAnchorTable(db);
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: NAMESPACE });
  const dealer = await createDealer(db, tag);
  const [bundle, anchorBundle] = await Promise.all([
    bundleWorkflows(),
    bundleWorkflowCode({
      workflowsPath: join(__dirname, '..', 'anchor', 'anchor.workflows.ts'),
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any,
    }),
  ]);
  const kaflowWorker = await createWorker({
    connection: await NativeConnection.connect({ address: TEMPORAL_ADDRESS }),
    namespace: NAMESPACE,
    taskQueue: kaflowQueue,
    deps: { db, mailer: NOOP_MAILER, publicUrl: 'http://localhost:3000', now: () => new Date() },
    workflowBundle: { code: bundle.code },
    maxCachedWorkflows: opts.maxCachedWorkflows,
  });
  const anchorDb = await createDataSource(BENCH_DB_URL, {
    poolSize: 10,
    name: `kaflow-bench-anchor-${tag}`,
  }).initialize();
  const anchorWorker = await Worker.create({
    connection: await NativeConnection.connect({ address: TEMPORAL_ADDRESS }),
    namespace: NAMESPACE,
    taskQueue: anchorQueue,
    activities: anchorActivities(anchorDb),
    workflowBundle: { code: anchorBundle.code },
    maxCachedWorkflows: opts.maxCachedWorkflows ?? 500,
  });
  const running = [kaflowWorker.run(), anchorWorker.run()];
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: BENCH_DB_URL, TEMPORAL_ADDRESS, LOG_LEVEL: 'warn' }),
    taskQueue: kaflowQueue,
  };
  const app: NestExpressApplication = await createApp(config, { logs: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens = new Map<string, string>();
  return {
    tag,
    db,
    client,
    kaflowQueue,
    anchorQueue,
    dealer,
    url,
    async token(user) {
      const have = tokens.get(user);
      if (have) return have;
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: dealer.users[user].username, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${user}: ${res.status}`);
      const t = ((await res.json()) as { accessToken: string }).accessToken;
      tokens.set(user, t);
      return t;
    },
    async terminate(ids) {
      let done = 0;
      await pool(ids, 50, async (id) => {
        try {
          await client.workflow.getHandle(id).terminate('benchmark clean-up');
          done++;
        } catch (e) {
          if (
            !(e instanceof WorkflowNotFoundError) &&
            !/already completed|not found/i.test(String((e as Error).message))
          )
            throw e;
        }
      });
      return done;
    },
    async stop() {
      await app.close();
      kaflowWorker.shutdown();
      anchorWorker.shutdown();
      await Promise.all(running);
      await connection.close();
      await anchorDb.destroy();
      await db.destroy();
    },
  };
}

/** A JSON request with a bearer token; throws on a status it does not expect. */
export async function call(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  expect = [200, 201],
): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
