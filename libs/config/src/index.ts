// Typed configuration from environment variables, validated at start-up, with defaults that work
// on one machine (docs/operations.md "Configuration").

export interface AppConfig {
  port: number;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  smtpUrl: string;
  mailFrom: string;
  publicUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  demo: boolean;
  logLevel: string;
  /** Bearer token for GET /api/metrics; empty: the metrics answer callers on the loopback address only. */
  metricsToken: string;
  /** Workflows the worker keeps cached (memory bound; 10,000 follow-up workflows at 2,000 cached took 1.2 GB). */
  workerMaxCachedWorkflows: number;
  /** Workflow tasks the worker runs at once (the SDK's default, 40); at least 2 with a cache. */
  workerMaxConcurrentWorkflowTasks: number;
  /** Activities the worker runs at once (the SDK's default, 100); each holds its inputs and a DB call. */
  workerMaxConcurrentActivities: number;
  /** host:port of the worker's Prometheus endpoint (Temporal SDK metrics); empty (WORKER_METRICS_ADDRESS=off): none. */
  workerMetricsAddress: string;
  /** Seconds between the worker's reconciles (missing follow-up workflows and callbacks); 0: at start-up only. */
  workerReconcileSeconds: number;
  /** Seconds a prospect's records must have existed before the reconcile starts its missing workflows (a create
   *  younger than this is still starting its own); 60 by default. */
  workerReconcileMinAgeSeconds: number;
  /** Rows an import writes per batch inside its one transaction (its progress moves on after each). */
  importBatchRows: number;
  /** The follow-up grain of every dealer whose policy does not set its own (KAFLOW_FOLLOW_UP_GRAIN). */
  followUpGrain: 'prospect' | 'sweep';
}

export class ConfigError extends Error {}

function int(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function url(name: string, value: string, protocols: string[]): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${value}"`);
  }
  if (!protocols.includes(u.protocol))
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${u.protocol}"`);
  return value;
}

const DEV_SECRET = 'kaflow-dev-secret-change-me';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = (k: string, d: string) => (env[k] === undefined || env[k] === '' ? d : (env[k] as string));
  const demo = ['1', 'true', 'yes'].includes(e('KAFLOW_DEMO', '').toLowerCase());
  const production = e('NODE_ENV', '') === 'production';
  const jwtSecret = e('JWT_SECRET', DEV_SECRET);
  if (production && jwtSecret === DEV_SECRET) throw new ConfigError('JWT_SECRET must be set in production');
  const port = int('PORT', e('PORT', '3000'), 1, 65535);
  const temporalAddress = e('TEMPORAL_ADDRESS', '127.0.0.1:7233');
  if (!/^[\w.-]+:\d+$/.test(temporalAddress))
    throw new ConfigError(`TEMPORAL_ADDRESS must be host:port, got "${temporalAddress}"`);
  // `off`: no exporter; a taken address (a second worker on the host) leaves the worker running without one
  const workerMetrics = e('WORKER_METRICS_ADDRESS', '127.0.0.1:9464');
  return {
    port,
    databaseUrl: url('DATABASE_URL', e('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/kaflow'), [
      'postgres:',
      'postgresql:',
    ]),
    temporalAddress,
    temporalNamespace: e('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: e('TEMPORAL_TASK_QUEUE', 'kaflow'),
    smtpUrl: url('SMTP_URL', e('SMTP_URL', 'smtp://127.0.0.1:1025'), ['smtp:', 'smtps:']),
    mailFrom: e('MAIL_FROM', 'KA Flow <kaflow@localhost>'),
    publicUrl: e('PUBLIC_URL', `http://localhost:${port}`),
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', e('JWT_TTL_SECONDS', '43200'), 60, 2592000),
    demo,
    logLevel: e('LOG_LEVEL', 'info'),
    metricsToken: e('METRICS_TOKEN', ''),
    workerMaxCachedWorkflows: int('WORKER_MAX_CACHED_WORKFLOWS', e('WORKER_MAX_CACHED_WORKFLOWS', '500'), 0, 100_000),
    workerMaxConcurrentWorkflowTasks: int(
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      e('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '40'),
      2,
      1_000,
    ),
    workerMaxConcurrentActivities: int(
      'WORKER_MAX_CONCURRENT_ACTIVITIES',
      e('WORKER_MAX_CONCURRENT_ACTIVITIES', '100'),
      1,
      1_000,
    ),
    workerMetricsAddress: workerMetrics === 'off' ? '' : workerMetrics,
    workerReconcileSeconds: int('WORKER_RECONCILE_SECONDS', e('WORKER_RECONCILE_SECONDS', '300'), 0, 86_400),
    workerReconcileMinAgeSeconds: int(
      'WORKER_RECONCILE_MIN_AGE_SECONDS',
      e('WORKER_RECONCILE_MIN_AGE_SECONDS', '60'),
      0,
      86_400,
    ),
    importBatchRows: int('IMPORT_BATCH_ROWS', e('IMPORT_BATCH_ROWS', '500'), 1, 100_000),
    followUpGrain: deploymentFollowUpGrain(env),
  };
}

/**
 * The deployment's follow-up grain (KAFLOW_FOLLOW_UP_GRAIN: `prospect`, the default, or `sweep`): what a dealer
 * whose policy does not name its own runs on. Read by the policy store at every read, validated at start-up.
 */
export function deploymentFollowUpGrain(env: NodeJS.ProcessEnv = process.env): 'prospect' | 'sweep' {
  const v = env.KAFLOW_FOLLOW_UP_GRAIN || 'prospect';
  if (v !== 'prospect' && v !== 'sweep')
    throw new ConfigError(`KAFLOW_FOLLOW_UP_GRAIN must be prospect or sweep, got "${v}"`);
  return v;
}
export { loadNotifyConfig, type NotifyConfig } from './notify-config';
