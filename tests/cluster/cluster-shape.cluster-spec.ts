// The shape `npm run cluster` promises, checked on the running cluster: the demo logins work at the one web address;
// haproxy spreads the calls over both API instances; the two Temporal nodes form one ring on PostgreSQL (each of the
// four services twice) and either frontend serves the same namespace and workflows; both workers poll the task queue
// and say where their metrics are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { call } from '../support/fault-stack';
import { cluster, clusterClient, pidOf } from '../support/cluster';

const DEMO_PASSWORD = 'kaflow-demo';

/** haproxy's per-server request totals (its statistics page as CSV). */
async function servedBy(): Promise<Record<string, number>> {
  const csv = await (await fetch(`http://127.0.0.1:${cluster.base() + 6}/;csv`)).text();
  const [head, ...rows] = csv.replace(/^# /, '').trim().split('\n');
  const col = head.split(',');
  const out: Record<string, number> = {};
  for (const r of rows.map((l) => l.split(',')))
    if (r[col.indexOf('pxname')] === 'apis' && r[col.indexOf('svname')].startsWith('api-'))
      out[r[col.indexOf('svname')]] = Number(r[col.indexOf('stot')]);
  return out;
}

it('logs the demo users in at the web address, and haproxy sends calls to both API instances', async () => {
  const before = await servedBy();
  for (const user of ['ka_manager', 'consultant', 'gm', 'ka_manager2']) {
    const res = await call(cluster.url(), 'POST', '/api/auth/login', { username: user, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(typeof res.body.accessToken).toBe('string');
  }
  const page = await fetch(`${cluster.url()}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  for (let i = 0; i < 6; i++) expect((await call(cluster.url(), 'GET', '/api/health')).status).toBe(200);
  const after = await servedBy();
  expect(after['api-1'] - (before['api-1'] ?? 0)).toBeGreaterThan(0);
  expect(after['api-2'] - (before['api-2'] ?? 0)).toBeGreaterThan(0);
  // and each instance on its own port
  for (const port of [cluster.base() + 1, cluster.base() + 2])
    expect((await call(`http://127.0.0.1:${port}`, 'GET', '/api/health')).status).toBe(200);
});

it('runs two Temporal nodes in one ring on PostgreSQL, each serving the same namespace', async () => {
  const pg = await new DataSource({ type: 'postgres', url: `${cluster.pgUrl()}/temporal_cluster` }).initialize();
  try {
    // roles: 1 frontend, 2 history, 3 matching, 4 worker; each node heartbeats its row
    const ring: Array<{ role: number; nodes: number }> = await pg.query(
      `SELECT role, count(DISTINCT rpc_port)::int AS nodes FROM cluster_membership
        WHERE record_expiry > now() AT TIME ZONE 'UTC' GROUP BY role ORDER BY role`,
    );
    expect(ring).toEqual([1, 2, 3, 4].map((role) => ({ role, nodes: 2 })));
    const shards: Array<{ n: number }> = await pg.query('SELECT count(*)::int AS n FROM shards');
    expect(shards[0].n).toBe(Number(readFileSync(join(cluster.runDir(), 'history-shards'), 'utf8')));
  } finally {
    await pg.destroy();
  }
  // the running workflows (the demo's follow-ups) are seen through either node's own frontend
  const { client, close } = await clusterClient();
  try {
    const list = await eventually(async () => {
      const found = [];
      for await (const w of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
        found.push(w.workflowId);
        if (found.length >= 5) break;
      }
      expect(found.length).toBeGreaterThan(0);
      return found;
    }, 60_000);
    for (const port of [cluster.base() + 10, cluster.base() + 20]) {
      const c = await Connection.connect({ address: `127.0.0.1:${port}` });
      try {
        const d = await c.workflowService.describeWorkflowExecution({
          namespace: 'default',
          execution: { workflowId: list[0] },
        });
        expect(d.workflowExecutionInfo?.execution?.workflowId).toBe(list[0]);
      } finally {
        await c.close();
      }
    }
  } finally {
    await close();
  }
});

it('has both workers polling the task queue, each saying where its metrics are', async () => {
  const { client, close } = await clusterClient();
  try {
    const pids = [pidOf('worker-1'), pidOf('worker-2')];
    expect(pids.every(Boolean)).toBe(true);
    await eventually(async () => {
      const res = await client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: 'kaflow' },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      const polling = new Set((res.pollers ?? []).map((p) => Number((p.identity ?? '').split('@')[0])));
      // the worker process is node, a child of the pid file's process group leader (or that leader itself)
      expect(polling.size).toBeGreaterThanOrEqual(2);
    }, 60_000);
  } finally {
    await close();
  }
  for (const [i, name] of ['worker-1', 'worker-2'].entries()) {
    const log = readFileSync(join(cluster.runDir(), `${name}.log`), 'utf8');
    const running = log
      .split('\n')
      .filter((l) => l.includes('"worker running"'))
      .pop();
    expect(running).toBeDefined();
    expect(JSON.parse(running!).metrics).toBe(`http://127.0.0.1:${cluster.base() + 31 + i}/metrics`);
  }
});
