// The worker process: connects to PostgreSQL, SMTP and Temporal, keeps the schedules in place, runs.
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '@kaflow/config';
import { createDataSource } from '@kaflow/persistence';
import { systemClock } from '@kaflow/domain';
import { createSmtpMailer, outboxDeps, startFlusher, type ActivityDeps } from '@kaflow/activities';
import { createWorker } from './worker';
import { syncSchedules } from './schedules';
import { startReconciler } from './reconcile';

async function main() {
  const config = loadConfig();
  const log = pino({ name: 'kaflow-worker', level: config.logLevel });
  const metrics = installRuntime(config.workerMetricsAddress, config.logLevel === 'debug' ? 'DEBUG' : 'INFO');
  if (metrics.off)
    log.warn(
      { metrics: 'off', address: config.workerMetricsAddress, reason: metrics.error },
      `worker metrics off: cannot listen on ${config.workerMetricsAddress} (another worker on this host, or one ` +
        'still stopping?); running without them (WORKER_METRICS_ADDRESS: a free address, or off)',
    );
  const db = await createDataSource(config.databaseUrl, { poolSize: 10, name: 'kaflow-worker' }).initialize();
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const deps: ActivityDeps = { db, mailer, publicUrl: config.publicUrl, now: systemClock.now };
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    deps,
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
    maxConcurrentWorkflowTasks: config.workerMaxConcurrentWorkflowTasks,
    maxConcurrentActivities: config.workerMaxConcurrentActivities,
    // production (npm run build): the workflow code bundled once at build time
    ...(process.env.KAFLOW_WORKFLOW_BUNDLE ? { workflowBundle: { codePath: process.env.KAFLOW_WORKFLOW_BUNDLE } } : {}),
  });
  // Task messages wait a short debounce per person (one digest when many come at once); failed sends are tried again.
  const flusher = startFlusher(outboxDeps(deps), (e) => log.error({ err: e }, 'notification flush failed'));
  const clientConnection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection: clientConnection, namespace: config.temporalNamespace });
  const dealers = await syncSchedules(client, db, config.taskQueue, (s) => log.info(s));
  log.info({ taskQueue: config.taskQueue, dealers, metrics: metrics.url ?? 'off' }, 'worker running');
  const running = worker.run();
  // Any prospect without its follow-up workflow or its callback (seeded history, Temporal down at creation,
  // an API killed between the commit and the start) gets it, now and every WORKER_RECONCILE_SECONDS.
  const reconciler = startReconciler(
    client,
    db,
    config.taskQueue,
    config.workerReconcileSeconds,
    { info: (s) => log.info(s), error: (err, s) => log.error({ err }, s) },
    { minAgeMs: config.workerReconcileMinAgeSeconds * 1000 },
  );
  await running;
  await reconciler.stop();
  await flusher.stop();
  await clientConnection.close();
  await connection.close();
  mailer.close();
  await db.destroy();
}

/**
 * The SDK runtime, with its own metrics (task latencies, activity failures and retries, cache size) in
 * Prometheus text at http://WORKER_METRICS_ADDRESS/metrics (loopback by default) when that address is free.
 * A taken address (a second worker on the host, or one still shutting down) does not stop the worker:
 * it runs without metrics and says so (`off`).
 */
function installRuntime(address: string, level: 'DEBUG' | 'INFO'): { url?: string; off: boolean; error?: string } {
  const options = (withMetrics: boolean) => ({
    logger: new DefaultLogger(level),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(withMetrics ? { metrics: { prometheus: { bindAddress: address } } } : {}),
    },
  });
  if (!address) {
    Runtime.install(options(false));
    return { off: false };
  }
  try {
    Runtime.install(options(true));
    return { url: `http://${address}/metrics`, off: false };
  } catch (e) {
    // the bind failed before the runtime was kept, so it can be installed once more, without the exporter
    const error = e instanceof Error ? e.message : String(e);
    if (!/metrics/i.test(error)) throw e;
    Runtime.install(options(false));
    return { off: true, error };
  }
}

main().catch((e) => {
  console.error('worker failed:', e?.stack ?? e);
  process.exit(1);
});
