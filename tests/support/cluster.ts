// The cluster `npm run cluster` started (scripts/cluster.sh), for the tests that run against it (the `cluster` jest
// project, on when KAFLOW_CLUSTER_URL is set: `eval "$(bash scripts/cluster.sh env)"` sets it and the rest). Its
// parts are processes the script started in process groups of their own, with pid files in .run/cluster/: the tests
// kill them by those pids and bring them back with the script (`up` starts what is missing).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@kaflow/persistence';
import type { CaughtMail } from './mail-catcher';

const ROOT = join(__dirname, '..', '..');
const need = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run eval "$(bash scripts/cluster.sh env)" after npm run cluster`);
  return v;
};

export const cluster = {
  /** the web address (haproxy in front of the two APIs) */
  url: () => need('KAFLOW_CLUSTER_URL'),
  /** the cluster's PostgreSQL server, without a database */
  pgUrl: () => need('KAFLOW_CLUSTER_PG_URL'),
  runDir: () => need('KAFLOW_CLUSTER_RUN_DIR'),
  /** haproxy in front of the two Temporal frontends */
  temporalAddress: () => need('TEMPORAL_ADDRESS'),
  /** the port offset scripts/cluster.sh counts from */
  base: () => Number(new URL(need('KAFLOW_CLUSTER_URL')).port),
};

export type Part =
  'pg' | 'temporal-1' | 'temporal-2' | 'api-1' | 'api-2' | 'worker-1' | 'worker-2' | 'haproxy' | 'mail' | 'wecom';

export function pidOf(part: Part): number | undefined {
  try {
    const pid = Number(readFileSync(join(cluster.runDir(), `${part}.pid`), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Sends `signal` to the part's process group (it was started with setsid) and waits until its leader is gone. */
export async function stopPart(part: Part, signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 60_000): Promise<void> {
  const pid = pidOf(part);
  if (!pid) throw new Error(`${part} is not running`);
  process.kill(-pid, signal);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`${part} (pid ${pid}) did not stop in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `bash scripts/cluster.sh up`: starts every part that is not running (and waits until the web answers). */
export async function clusterUp(): Promise<void> {
  await promisify(execFile)('bash', [join(ROOT, 'scripts', 'cluster.sh'), 'up'], {
    cwd: ROOT,
    env: { ...process.env, CLUSTER_PORT_BASE: String(cluster.base()) },
    maxBuffer: 16 << 20,
  });
}

/** The cluster's KA Flow database (the one its APIs and workers use). */
export function clusterDb(name = 'kaflow-cluster-test'): Promise<DataSource> {
  return createDataSource(`${cluster.pgUrl()}/kaflow_cluster`, { poolSize: 4, name }).initialize();
}

export async function clusterClient(): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: cluster.temporalAddress() });
  return { client: new Client({ connection }), close: () => connection.close() };
}

/** Every mail the cluster's mail catcher (maildev) holds, through its REST API, in the tests' shape. */
export async function clusterMails(): Promise<CaughtMail[]> {
  const res = await fetch(`http://127.0.0.1:${cluster.base() + 42}/api/email`);
  if (!res.ok) throw new Error(`maildev answered ${res.status}`);
  const list = (await res.json()) as Array<Record<string, any>>;
  return list.map((m) => ({
    id: m.id,
    subject: m.subject ?? '',
    from: m.from ?? [],
    to: m.to ?? [],
    cc: m.cc ?? [],
    text: m.text ?? '',
    html: m.html ?? '',
    date: new Date(m.date),
    time: new Date(m.time),
    envelope: m.envelope ?? { from: '', to: [] },
    attachments: m.attachments ?? [],
  }));
}
