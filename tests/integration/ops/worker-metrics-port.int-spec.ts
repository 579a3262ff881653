// Two workers on one host: the worker serves its SDK metrics on WORKER_METRICS_ADDRESS when that address is free,
// and when something else holds it (a second worker, or one still shutting down) it runs all the same, without
// metrics, and says so in its log. Real worker processes (stack.ts) on a Temporal server and database of their own.
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { eventually } from '../../support/eventually';
import { freePort, startFaultStack, type FaultStack } from '../../support/fault-stack';
import { BUNDLE_PATH } from '../../support/settings';
import { RUN_DIR, startWorker, type Proc } from '../../support/stack';

let s: FaultStack | undefined;
const procs: Proc[] = [];
let holder: net.Server | undefined;

afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  await s?.stop();
}, 60_000);

/** The worker processes that poll the stack's task queue for workflow tasks, by pid. */
async function pollingPids(stack: FaultStack): Promise<number[]> {
  const res = await stack.client.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: stack.env.TEMPORAL_TASK_QUEUE },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (res.pollers ?? []).map((p) => Number((p.identity ?? '').split('@')[0]));
}

interface Worker {
  proc: Proc;
  log: () => string;
  /** the worker's own JSON log lines (pino), parsed */
  entries: () => Record<string, unknown>[];
}

/** A worker process whose log starts empty (the log file is appended to across runs). */
async function worker(name: string, metricsAddress: string): Promise<Worker> {
  const file = join(RUN_DIR, `${name}.log`);
  rmSync(file, { force: true });
  const proc = await startWorker(name, s!.env, BUNDLE_PATH, {
    WORKER_METRICS_ADDRESS: metricsAddress,
    LOG_LEVEL: 'info',
  });
  procs.push(proc);
  const log = () => readFileSync(file, 'utf8');
  const entries = () =>
    log()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { proc, log, entries };
}

it('serves metrics on a free address, and runs without them (saying so) when the address is taken', async () => {
  s = await startFaultStack({ name: 'worker-metrics' });

  // a free address: the worker's metrics are there
  const freeAddress = `127.0.0.1:${await freePort()}`;
  const a = await worker('worker-metrics-a', freeAddress);
  await eventually(async () => {
    const res = await fetch(`http://${freeAddress}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^temporal_/m);
  }, 60_000);
  expect(a.log()).not.toContain('worker metrics off');
  expect(a.entries().find((e) => e.msg === 'worker running')).toMatchObject({
    metrics: `http://${freeAddress}/metrics`,
  });

  // an address a plain listener holds: the worker still comes up and polls, with metrics off
  holder = net.createServer((socket) => socket.end('held by the test\n'));
  await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
  const takenAddress = `127.0.0.1:${(holder.address() as net.AddressInfo).port}`;
  const b = await worker('worker-metrics-b', takenAddress);
  await eventually(async () => {
    expect(await pollingPids(s!)).toEqual(expect.arrayContaining([a.proc.pid, b.proc.pid]));
  }, 60_000);
  const warning = b.entries().find((e) => e.level === 40 && e.metrics === 'off');
  expect(warning).toMatchObject({ address: takenAddress });
  expect(String(warning?.msg)).toContain(`worker metrics off: cannot listen on ${takenAddress}`);
  expect(b.entries().find((e) => e.msg === 'worker running')).toMatchObject({ metrics: 'off' });
  // the address still answers with the listener's own reply, not the worker's metrics
  const reply = await new Promise<string>((resolve, reject) => {
    const c = net.connect(Number(takenAddress.split(':')[1]), '127.0.0.1');
    let text = '';
    c.on('data', (d) => (text += d.toString()));
    c.on('end', () => resolve(text));
    c.on('error', reject);
  });
  expect(reply).toBe('held by the test\n');
  // and both keep running
  expect(a.proc.alive() && b.proc.alive()).toBe(true);
}, 420_000);
