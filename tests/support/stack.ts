// The stack as separate processes, for fault tests that kill them by pid: a Temporal server on a
// port of its own with its own SQLite file, the worker and the API (each `node -r @swc-node/register`).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { devServerArgs, devServerEnv, ensureNamespace } from '../../scripts/temporal/dev-server';

const ROOT = join(__dirname, '..', '..');
export const RUN_DIR = join(ROOT, '.run', 'faults');

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  /** SIGKILL, and wait until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  alive(): boolean;
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A check's failure that waiting longer cannot mend (the process exited). */
class Gone extends Error {}

// 3 minutes: on a busy 2-core machine a worker or API process can take over a minute and a half to start.
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await check().catch((e) => {
      if (e instanceof Gone) throw e;
      return false;
    }))
  ) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Children die with the test process, even when jest is stopped half-way.
const children = new Set<ChildProcess>();
const killAll = () => {
  for (const c of children) c.kill('SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAll();
    process.exit(1);
  });

const logPath = (name: string) => join(RUN_DIR, `${name}.log`);
const logSize = (name: string) => (existsSync(logPath(name)) ? statSync(logPath(name)).size : 0);

function start(name: string, cmd: string, args: string[], env: Record<string, string>): Proc {
  mkdirSync(RUN_DIR, { recursive: true });
  const log = openSync(join(RUN_DIR, `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  let exited = false;
  children.add(child);
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      children.delete(child);
      resolve();
    }),
  );
  return {
    name,
    child,
    pid: child.pid!,
    alive: () => !exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (!exited) child.kill(signal);
      await gone;
    },
  };
}

let serverBin: string | undefined;
/** The Temporal server binary: scripts/temporal.sh installs it when missing (and says where it is). */
export function temporalServerBin(): string {
  serverBin ??= execFileSync('bash', [join(ROOT, 'scripts', 'temporal.sh'), 'install'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop()!;
  return serverBin;
}

/**
 * A Temporal server (scripts/temporal/server.yaml) on `port` and the 7 ports after it, keeping its
 * state in `dbFile` (restart it on the same file to resume); resolves once namespace `default` exists.
 */
export async function startTemporal(port: number, dbFile: string, name = `temporal-${port}`): Promise<Proc> {
  const p = start(name, temporalServerBin(), devServerArgs(), devServerEnv({ port, dbFile, logLevel: 'error' }));
  await waitFor(`temporal on ${port}`, async () => {
    if (!p.alive()) throw new Gone(`${name} exited; see ${logPath(name)}`);
    return portOpen(port);
  });
  await ensureNamespace(`127.0.0.1:${port}`, 'default', 120_000);
  return p;
}

const NODE_ARGS = ['-r', '@swc-node/register'];

export interface AppEnv {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TASK_QUEUE: string;
  SMTP_URL: string;
  [more: string]: string;
}

/** The worker process (`apps/worker/src/main.ts`) with a prebuilt workflow bundle; resolves once it polls.
 *  `settings` override the defaults below (e.g. a WORKER_METRICS_ADDRESS). */
export async function startWorker(
  name: string,
  env: AppEnv,
  bundlePath: string,
  settings: Record<string, string> = {},
): Promise<Proc> {
  const from = logSize(name);
  const p = start(name, process.execPath, [...NODE_ARGS, 'apps/worker/src/main.ts'], {
    ...env,
    KAFLOW_WORKFLOW_BUNDLE: bundlePath,
    WORKER_METRICS_ADDRESS: 'off', // several workers on one host
    LOG_LEVEL: 'warn',
    ...settings,
  });
  await waitFor(`${name} running`, async () => {
    if (!p.alive()) throw new Gone(`${name} exited; see ${logPath(name)}`);
    const log = readFileSync(logPath(name)).subarray(from).toString();
    if (log.includes('worker failed:')) throw new Gone(`${name} failed; see ${logPath(name)}`);
    return log.includes("state: 'RUNNING'");
  });
  return p;
}

/** The API process on 127.0.0.1:`port`; resolves once it answers. */
export async function startApi(name: string, env: AppEnv, port: number): Promise<Proc> {
  const p = start(name, process.execPath, [...NODE_ARGS, 'apps/api/src/main.ts'], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  await waitFor(`api on ${port}`, async () => {
    if (!p.alive()) throw new Gone(`${name} exited; see ${logPath(name)}`);
    return portOpen(port);
  });
  return p;
}
