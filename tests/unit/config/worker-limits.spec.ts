// The worker's memory and concurrency bounds come from typed config, with the documented defaults.
import { ConfigError, loadConfig } from '@kaflow/config';

it('defaults to a cache of 500, 40 workflow tasks and 100 activities at once', () => {
  const c = loadConfig({});
  expect([c.workerMaxCachedWorkflows, c.workerMaxConcurrentWorkflowTasks, c.workerMaxConcurrentActivities]).toEqual([
    500, 40, 100,
  ]);
});

it('takes the bounds from the environment', () => {
  const c = loadConfig({
    WORKER_MAX_CACHED_WORKFLOWS: '200',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '20',
  });
  expect([c.workerMaxCachedWorkflows, c.workerMaxConcurrentWorkflowTasks, c.workerMaxConcurrentActivities]).toEqual([
    200, 8, 20,
  ]);
});

it.each([
  ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1'],
  ['WORKER_MAX_CONCURRENT_ACTIVITIES', '0'],
  ['WORKER_MAX_CONCURRENT_ACTIVITIES', 'many'],
])('refuses %s=%s, naming it', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`));
});

it("takes the reconcile's minimum age of a prospect from the environment, a minute by default", () => {
  expect(loadConfig({}).workerReconcileMinAgeSeconds).toBe(60);
  expect(loadConfig({ WORKER_RECONCILE_MIN_AGE_SECONDS: '5' }).workerReconcileMinAgeSeconds).toBe(5);
  expect(() => loadConfig({ WORKER_RECONCILE_MIN_AGE_SECONDS: '-1' })).toThrow(
    /^WORKER_RECONCILE_MIN_AGE_SECONDS must be a whole number/,
  );
});
