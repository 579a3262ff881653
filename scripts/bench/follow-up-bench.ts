// `npm run bench:follow-up -- --count 100000`: how cheap are 100,000 live follow-up workflows?
// Writes N prospects for a throwaway dealer into a bench database (default kaflow_bench), runs the
// product's worker (createWorker, bounded by the typed config: WORKER_MAX_CACHED_WORKFLOWS,
// WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, WORKER_MAX_CONCURRENT_ACTIVITIES) in a process of its own on a
// task queue of its own, starts one follow-up workflow per prospect from this process and prints the
// start rate, the time until every follow-up workflow has computed its first due date, and the worker process's
// resident memory over time (VmRSS, and VmHWM: the kernel's peak) beside this client process's own.
// Then terminates what it started (unless --keep).
//   --count N          prospects / workflows (default 1000)
//   --concurrency C    client starts in flight (default 100)
//   --settle S         seconds to keep sampling after the last first tick (default 30)
//   --keep             leave the workflows running
//   --terminate-dealer ID   only terminate the workflows of an earlier run's dealer, then exit
//   --anchor           the bare Temporal figure instead: as many anchorEntityWorkflow (one activity
//                      writing one row, then waiting; scripts/bench/anchor) on a bare worker with the
//                      same cache bound, counted by their rows (`npm run bench -- e` runs both)
//   --max-cached N     the worker's workflow cache bound (default: WORKER_MAX_CACHED_WORKFLOWS, 500)
//   --worker           (internal) be the worker process: --task-queue Q [--anchor] [--max-cached N]
// The last line printed is the result as JSON.
// Env: BENCH_DATABASE_URL, TEMPORAL_ADDRESS (127.0.0.1:7233), TEMPORAL_NAMESPACE (default).
import 'reflect-metadata';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createDataSource, migrate } from '@kaflow/persistence';
import { followUpWorkflowId, startFollowUp } from '@kaflow/workflows';
import type { DataSource } from 'typeorm';
import { join } from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { loadConfig } from '@kaflow/config';
import { bundleWorkflows, createWorker, workerLimits } from '../../apps/worker/src/worker';
import { anchorActivities, ANCHOR_TABLE, ensureAnchorTable } from './anchor/anchor.activities';
import { anchorEntityWorkflow } from './anchor/anchor.workflows';
import { createDealer, runId } from '../../tests/support/fixtures';

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const COUNT = Number(arg('count', '1000'));
const CONCURRENCY = Number(arg('concurrency', '100'));
const SETTLE_S = Number(arg('settle', '30'));
const ANCHOR = flag('anchor');
const LIMITS = loadConfig();
const MAX_CACHED = Number(arg('max-cached', String(LIMITS.workerMaxCachedWorkflows)));
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kaflow_bench';
const ADDRESS = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(7);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const log = (s: string) => console.log(`[${secs()} s] ${s}`);
const QUIET = { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any;

/**
 * N prospects in a few set-based statements: accounts by the thousand, one contact each, a creation grade change
 * each.
 */
async function writeProspects(db: DataSource, dealerId: string, ownerId: string, n: number): Promise<void> {
  await db.query(
    `INSERT INTO account ("dealerId", name, "customerType") SELECT $1, 'bench-' || $2 || '-' || i, 'enterprise'
      FROM generate_series(1, $3) i`,
    [dealerId, dealerId.slice(0, 8), Math.ceil(n / 1000)],
  );
  await db.query(
    `INSERT INTO contact ("accountId", "dealerId", name, phone) SELECT a.id, $1, '联系人', '13800138000' FROM account a
      WHERE a."dealerId" = $1`,
    [dealerId],
  );
  // grades as a dealer has them: mostly B/C/A, some H, D, O; created over the last 20 days
  await db.query(
    `WITH c AS (SELECT c.id AS "contactId", c."accountId", row_number() OVER (ORDER BY c.id) AS k FROM contact c
      WHERE c."dealerId" = $1)
     INSERT INTO prospect ("dealerId", "accountId", "contactId", model, quantity, grade, hot, channel,
       "developmentType", "ownerId", "createdAt", "updatedAt", version)
     SELECT $1, c."accountId", c."contactId", 'A6L', 1 + i % 5, (ARRAY['H','A','A','B','B','B','C','C','D','O'])[1 + i %
       10], i % 20 = 0,
            'cold_visit', 'new', $2, now() - make_interval(secs => (i % 1728000)), now() - make_interval(secs => (i %
              1728000)), 1
       FROM generate_series(1, $3) i JOIN c ON c.k = 1 + (i - 1) / 1000`,
    [dealerId, ownerId, n],
  );
  await db.query(
    `INSERT INTO grade_change ("dealerId", "prospectId", "fromGrade", "toGrade", at, "byUserId", reason)
     SELECT p."dealerId", p.id, NULL, p.grade, p."createdAt", p."ownerId", 'created' FROM prospect p
       WHERE p."dealerId" = $1`,
    [dealerId],
  );
}

async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function terminateAll(client: Client, dealerId: string, ids: string[]): Promise<number> {
  let done = 0;
  await pool(ids, 50, async (id) => {
    try {
      await client.workflow
        .getHandle(ANCHOR ? id : followUpWorkflowId(dealerId, id))
        .terminate('follow-up benchmark clean-up');
      done++;
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError) && !/already completed|not found/i.test(String((e as Error).message)))
        throw e;
    }
  });
  return done;
}

async function main() {
  await migrate(DB_URL);
  const db = await createDataSource(DB_URL, { poolSize: 20, name: 'kaflow-bench' }).initialize();
  const client = new Client({ connection: await Connection.connect({ address: ADDRESS }), namespace: NAMESPACE });

  const only = arg('terminate-dealer');
  if (only) {
    const rows: Array<{ id: string }> = await db.query(`SELECT id FROM prospect WHERE "dealerId" = $1`, [only]);
    log(`terminating ${rows.length} follow-up workflows of dealer ${only} …`);
    log(
      `terminated ${await terminateAll(
        client,
        only,
        rows.map((r) => r.id),
      )}`,
    );
    await db.destroy();
    process.exit(0);
  }

  const tag = `bench${runId()}`;
  const taskQueue = `${ANCHOR ? 'anchor' : 'follow-up'}-bench-${tag}`;
  let dealerId = '';
  let ids: string[];
  if (ANCHOR) {
    await ensureAnchorTable(db);
    ids = Array.from({ length: COUNT }, (_, i) => `anchor-follow-up-${tag}-${i}`);
    log(`bare anchor: ${COUNT} entity workflows, task queue ${taskQueue}`);
  } else {
    const f = await createDealer(db, tag);
    dealerId = f.dealer.id;
    log(`dealer ${dealerId} (${tag}), task queue ${taskQueue}, database ${DB_URL.replace(/\/\/[^@]*@/, '//')}`);
    await writeProspects(db, dealerId, f.users.consultant.id, COUNT);
    ids = (await db.query(`SELECT id FROM prospect WHERE "dealerId" = $1 ORDER BY id`, [dealerId])).map(
      (r: { id: string }) => r.id,
    );
    log(`${ids.length} prospects written`);
  }
  const worker = await spawnWorker(taskQueue);
  log(
    `worker process ${worker.pid} running (cache bound ${MAX_CACHED}, ` +
      `${LIMITS.workerMaxConcurrentWorkflowTasks} workflow tasks and ${LIMITS.workerMaxConcurrentActivities} ` +
      `activities at once): rss ${mb(memOf(worker.pid).rss)} before any workflow`,
  );

  let started = 0;
  let ticked = 0;
  let peakClient = 0;
  const sample = async () => {
    const m = memOf(worker.pid);
    const own = process.memoryUsage().rss;
    peakClient = Math.max(peakClient, own);
    [{ n: ticked }] = ANCHOR
      ? await db.query(`SELECT count(*)::int AS n FROM ${ANCHOR_TABLE} WHERE id LIKE $1`, [`anchor-follow-up-${tag}-%`])
      : await db.query(`SELECT count(*)::int AS n FROM conversion_state WHERE "dealerId" = $1`, [dealerId]);
    log(
      `started ${String(started).padStart(7)}  first-ticked ${String(ticked).padStart(7)}  worker ` +
        `rss ${mb(m.rss).padStart(8)}  ` +
        `peak ${mb(m.peak).padStart(8)}  (client rss ${mb(own)})`,
    );
  };
  const sampler = setInterval(() => {
    void sample().catch(() => undefined);
  }, 5_000);

  const startAt = Date.now();
  await pool(ids, CONCURRENCY, async (id) => {
    if (ANCHOR) await client.workflow.start(anchorEntityWorkflow, { workflowId: id, taskQueue, args: [id] });
    else await startFollowUp(client, taskQueue, dealerId, id);
    started++;
  });
  const startSecs = (Date.now() - startAt) / 1000;
  log(`STARTED ${started} workflows in ${startSecs.toFixed(1)} s = ${(started / startSecs).toFixed(0)} starts/s`);
  while (ticked < COUNT) {
    await new Promise((r) => setTimeout(r, 2_000));
    await sample();
  }
  const tickSecs = (Date.now() - startAt) / 1000;
  log(
    `ALL ${COUNT} follow-up workflows computed their first due date ${tickSecs.toFixed(1)} s ` +
      `after the first start (${(COUNT / tickSecs).toFixed(0)}/s)`,
  );
  await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
  clearInterval(sampler);
  await sample();
  const end = memOf(worker.pid);
  const [h] = ANCHOR
    ? [{ due: ticked }]
    : await db.query(
        `SELECT count(*) FILTER (WHERE "nextFollowUpDue" IS NOT NULL)::int AS due FROM prospect WHERE "dealerId" = $1`,
        [dealerId],
      );
  console.log(
    JSON.stringify({
      kind: ANCHOR ? 'bare' : 'kaflow',
      maxCachedWorkflows: MAX_CACHED,
      count: COUNT,
      startSeconds: +startSecs.toFixed(1),
      startsPerSecond: Math.round(started / startSecs),
      allFirstTickSeconds: +tickSecs.toFixed(1),
      withDueDate: h.due,
      maxConcurrentWorkflowTasks: LIMITS.workerMaxConcurrentWorkflowTasks,
      maxConcurrentActivities: LIMITS.workerMaxConcurrentActivities,
      rssMB: Math.round(end.rss / 1048576),
      peakRssMB: Math.round(end.peak / 1048576),
      clientPeakRssMB: Math.round(peakClient / 1048576),
      dealerId,
      taskQueue,
    }),
  );

  if (!flag('keep')) {
    log("terminating the benchmark's workflows …");
    log(`terminated ${await terminateAll(client, dealerId, ids)}`);
  } else log(`kept running; clean up later: npm run bench:follow-up -- --terminate-dealer ${dealerId}`);
  await stopWorker(worker);
  await db.destroy();
  process.exit(0);
}

/** Resident memory of a process now and at its peak (the kernel's high-water mark), in bytes. */
function memOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * This script again as the worker process; resolves once it polls. The workflow code is bundled here
 * first, as production bundles it at build time (KAFLOW_WORKFLOW_BUNDLE), so the bundler's memory is
 * not the worker's.
 */
async function spawnWorker(taskQueue: string): Promise<ChildProcess & { pid: number }> {
  const bundle = ANCHOR
    ? await bundleWorkflowCode({ workflowsPath: join(__dirname, 'anchor', 'anchor.workflows.ts'), logger: QUIET })
    : await bundleWorkflows();
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'kaflow-bench-')), 'workflows.js');
  writeFileSync(bundlePath, bundle.code);
  const args = ['-r', '@swc-node/register', __filename, '--worker', '--task-queue', taskQueue, '--bundle', bundlePath];
  const child = spawn(
    process.execPath,
    [...args, '--max-cached', String(MAX_CACHED), ...(ANCHOR ? ['--anchor'] : [])],
    {
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the worker process exited with ${code} before it ran`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'READY') resolve();
      else console.log(`  worker: ${line}`);
    });
  });
  child.removeAllListeners('exit');
  return child as ChildProcess & { pid: number };
}

async function stopWorker(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The worker process: the product's worker (or the bare one) with the typed config's bounds. */
async function runWorker(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
  const db = await createDataSource(DB_URL, { poolSize: 10, name: 'kaflow-bench-worker' }).initialize();
  const connection = await NativeConnection.connect({ address: ADDRESS });
  const taskQueue = arg('task-queue')!;
  const limits = {
    maxCachedWorkflows: MAX_CACHED,
    maxConcurrentWorkflowTasks: LIMITS.workerMaxConcurrentWorkflowTasks,
    maxConcurrentActivities: LIMITS.workerMaxConcurrentActivities,
  };
  const workflowBundle = { codePath: arg('bundle')! };
  const worker = ANCHOR
    ? await Worker.create({
        connection,
        namespace: NAMESPACE,
        taskQueue,
        activities: anchorActivities(db),
        workflowBundle,
        ...workerLimits(limits),
      })
    : await createWorker({
        connection,
        namespace: NAMESPACE,
        taskQueue,
        deps: {
          db,
          mailer: { async send() {}, close() {} },
          publicUrl: 'http://localhost:3000',
          now: () => new Date(),
        },
        workflowBundle,
        ...limits,
      });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  console.log('READY');
  await running;
  await connection.close();
  await db.destroy();
  process.exit(0);
}

(flag('worker') ? runWorker() : main()).catch((e) => {
  console.error('bench failed:', e?.stack ?? e);
  process.exit(1);
});
