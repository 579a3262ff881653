// Builds the Temporal worker: activities wired to their dependencies, workflow code bundled by
// Temporal's bundler from the one workflowsPath (or a prebuilt bundle).
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '@kaflow/activities';

import { dirname, join } from 'node:path';

/** The workflows package's index.ts, which exports workflow functions only (not its public entry). */
export const workflowsPath = join(dirname(require.resolve('@kaflow/workflows/package.json')), 'src', 'index.ts');

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as any,
  });
}

/** The worker's memory and concurrency bounds (typed config; unset: the defaults below). */
export interface WorkerLimits {
  /** The workflow cache bound (config WORKER_MAX_CACHED_WORKFLOWS; default 500). */
  maxCachedWorkflows?: number;
  /** Workflow tasks at once (config WORKER_MAX_CONCURRENT_WORKFLOW_TASKS; default the SDK's 40). */
  maxConcurrentWorkflowTasks?: number;
  /** Activities at once (config WORKER_MAX_CONCURRENT_ACTIVITIES; default the SDK's 100). */
  maxConcurrentActivities?: number;
}

export interface WorkerOptions extends WorkerLimits {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build one per run); without it the worker bundles at start. */
  workflowBundle?: { code: string } | { codePath: string };
}

/** The default workflow cache: about 0.5 MB a cached workflow, so 500 keep the worker well under 1 GiB. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

export function createWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: createActivities(o.deps),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath }),
    ...workerLimits(o),
  });
}

/** The limits as the SDK's worker options (also for the bench's bare worker, so both sides are bound alike). */
export function workerLimits(l: WorkerLimits) {
  return {
    maxCachedWorkflows: l.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    ...(l.maxConcurrentWorkflowTasks ? { maxConcurrentWorkflowTaskExecutions: l.maxConcurrentWorkflowTasks } : {}),
    ...(l.maxConcurrentActivities ? { maxConcurrentActivityTaskExecutions: l.maxConcurrentActivities } : {}),
  };
}
