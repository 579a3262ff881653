// Worker SIGKILL: 100 callback decisions go through the API (a child process) while the worker
// process is killed with SIGKILL and restarted at random points. Every decision is taken exactly
// once, every task row matches its workflow, no e-mail is sent twice and no task is lost.
// Its own Temporal dev server (port 7400-7499, own SQLite file), database `<test db>_faults`,
// worker and API processes; the mail catcher runs in the test.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, migrate, TaskEntity } from '@kaflow/persistence';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { eventually } from '../support/eventually';
import { createDealer, PASSWORD, runId, type DealerFixture } from '../support/fixtures';
import { BUNDLE_PATH, TEST_DATABASE_URL } from '../support/settings';
import { RUN_DIR, startApi, startTemporal, startWorker, type AppEnv, type Proc } from '../support/stack';

const COUNT = Number(process.env.FAULT_DECISIONS ?? 100);
const TEMPORAL_PORT = 7400 + (process.pid % 45) * 2;
const API_PORT = 4150 + (process.pid % 40);
const DB_URL = `${TEST_DATABASE_URL}_faults`;
const base = `http://127.0.0.1:${API_PORT}`;

let db: DataSource;
let mail: MailCatcher;
let temporal: Proc;
let worker: Proc;
let api: Proc;
let env: AppEnv;
let dealer: DealerFixture;
let connection: Connection;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as any };
}

beforeAll(async () => {
  await ensureDatabase(DB_URL);
  const setup = await createDataSource(DB_URL, { poolSize: 1, name: 'faults-setup' }).initialize();
  await setup.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await setup.destroy();
  await migrate(DB_URL);
  db = await createDataSource(DB_URL, { poolSize: 4, name: `faults-${runId()}` }).initialize();
  mail = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  const dbFile = join(RUN_DIR, `temporal-${TEMPORAL_PORT}.db`);
  rmSync(dbFile, { force: true });
  temporal = await startTemporal(TEMPORAL_PORT, dbFile);
  env = {
    DATABASE_URL: DB_URL,
    TEMPORAL_ADDRESS: `127.0.0.1:${TEMPORAL_PORT}`,
    TEMPORAL_TASK_QUEUE: 'kaflow-faults',
    SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
  };
  dealer = await createDealer(db, `f${runId()}`);
  worker = await startWorker('worker', env, BUNDLE_PATH);
  api = await startApi('api', env, API_PORT);
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
}, 240_000);

afterAll(async () => {
  await connection?.close();
  for (const p of [api, worker, temporal]) await p?.kill('SIGTERM').catch(() => undefined);
  await mail?.close();
  await db?.destroy();
});

it(`takes ${COUNT} decisions exactly once while the worker is killed with SIGKILL and restarted`, async () => {
  const consultant = (await post('/api/auth/login', { username: dealer.users.consultant.username, password: PASSWORD }))
    .body.accessToken;
  const agent = (await post('/api/auth/login', { username: dealer.users.cs_agent.username, password: PASSWORD })).body
    .accessToken;
  const names = Array.from({ length: COUNT }, (_, i) => `故障测试单位${String(i).padStart(3, '0')}`);
  for (let i = 0; i < COUNT; i += 5) {
    await Promise.all(
      names.slice(i, i + 5).map(async (name) => {
        const res = await post(
          '/api/prospects',
          {
            account: { name, customerType: 'enterprise' },
            contactName: '王经理',
            contactPhone: '13800138000',
            model: 'A6L',
            quantity: 2,
            grade: 'H',
            channel: 'cold_visit',
            developmentType: 'new',
          },
          consultant,
        );
        expect(res.status).toBe(201);
      }),
    );
  }
  const repo = db.getRepository(TaskEntity);
  const tasks = await eventually(
    async () => {
      const open = await repo.findBy({ dealerId: dealer.dealer.id, kind: 'callback', status: 'open' });
      expect(open).toHaveLength(COUNT);
      return open;
    },
    180_000,
    1000,
  );

  let kills = 0;
  let deciding = true;
  const killer = (async () => {
    while (deciding) {
      await sleep(2000 + Math.random() * 4000); // the worker runs 2-6 s, then dies mid-work
      if (!deciding) break;
      await worker.kill('SIGKILL');
      kills++;
      await sleep(300 + Math.random() * 1200);
      worker = await startWorker('worker', env, BUNDLE_PATH);
    }
  })();
  const outcome = { ok: 0, conflict: 0, retried: 0 };
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        for (;;) {
          const res = await post(`/api/tasks/${t.id}/complete`, { decision: 'verified' }, agent).catch(() => ({
            status: 0,
            body: {},
          }));
          if (res.status === 200) {
            outcome.ok++;
            break;
          }
          if (res.status === 409) {
            outcome.conflict++;
            break;
          }
          expect([0, 503]).toContain(res.status); // the engine away: retry the same decision
          outcome.retried++;
          await sleep(500);
        }
      }
    }),
  );
  deciding = false;
  await killer;

  const done = await eventually(
    async () => {
      const rows = await repo.findBy({ dealerId: dealer.dealer.id, kind: 'callback' });
      expect(rows.filter((r) => r.status === 'done')).toHaveLength(COUNT);
      return rows;
    },
    120_000,
    1000,
  );
  expect(done).toHaveLength(COUNT); // no task lost, none created twice
  for (const r of done) expect(r).toMatchObject({ decision: 'verified', decidedBy: dealer.users.cs_agent.id });
  const client = new Client({ connection });
  const statuses = await Promise.all(
    done.map(async (r) => (await client.workflow.getHandle(r.workflowId).describe()).status.name),
  );
  const mails = mail.messages().filter((m) => m.to.some((t) => t.address === dealer.users.cs_agent.email));
  const perName = names.map((n) => mails.filter((m) => m.subject.includes(n) || m.text?.includes(n)).length);
  console.log(
    `worker SIGKILL: ${COUNT} decisions, ${kills} kills; 200: ${outcome.ok}, 409 on retry: ${outcome.conflict}, ` +
      `retries after 503/no answer: ${outcome.retried}; tasks done ${done.length}; mails to customer service ${mails.length}; ` +
      `workflows ${JSON.stringify(statuses.reduce((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {} as Record<string, number>))}`,
  );
  expect(kills).toBeGreaterThan(0);
  expect(outcome.ok + outcome.conflict).toBe(COUNT);
  expect(perName.filter((n) => n !== 1)).toEqual([]); // each task's e-mail exactly once
  expect(statuses.filter((s) => s === 'FAILED' || s === 'TERMINATED')).toEqual([]);
}, 900_000);
