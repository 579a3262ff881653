// The production shape: `npm run build` compiles everything to dist/ and bundles the workflow code once;
// the compiled worker (with that bundle) and the compiled API run under plain `node`, with no TypeScript
// compiler loaded, and together take a prospect through to its callback task.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '@kaflow/persistence';
import { startTestEnv, type TestEnv } from '../support/env';
import { eventually } from '../support/eventually';
import { PASSWORD, createDealer } from '../support/fixtures';
import { TEMPORAL_ADDRESS } from '../support/settings';
import { scratchDatabase } from '../support/scratch-db';

const ROOT = join(__dirname, '..', '..');
let env: TestEnv;
let db: DataSource | undefined;
const children: ChildProcess[] = [];
// a database of its own, migrated by the compiled migration script (the worker reconciles every dealer it finds)
const scratch = scratchDatabase('prod');
const prodUrl = scratch.url;
const dropProdDatabase = scratch.drop;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function run(script: string, extra: Record<string, string>): ChildProcess {
  // a clean environment: no NODE_OPTIONS (jest's), so nothing registers a TypeScript loader
  const { NODE_OPTIONS: _drop, ...base } = process.env;
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: {
      ...base,
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-build-test-secret',
      KAFLOW_SECRET_KEY: 'a-production-build-test-secret-key-0123456789',
      LOG_LEVEL: 'warn',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  (child as any).output = () => out;
  children.push(child);
  return child;
}

beforeAll(async () => {
  env = await startTestEnv(); // an SMTP listener and a Temporal connection
  await dropProdDatabase();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  await db?.destroy();
  await env?.stop();
  await dropProdDatabase();
});

it('builds, then the compiled worker and API run under plain node and serve a prospect to its callback', async () => {
  execFileSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'scripts/build.ts')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const migrated = execFileSync(process.execPath, [join(ROOT, 'dist/libs/persistence/src/migrate.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: prodUrl },
    encoding: 'utf8',
  });
  expect(migrated).toMatch(/migrations applied/);
  db = await createDataSource(prodUrl, { poolSize: 2 }).initialize();
  const f = await createDealer(db, `prod${Date.now() % 100000}`);
  const port = await freePort();
  const taskQueue = `${env.taskQueue}-prod`;
  const common = { DATABASE_URL: prodUrl, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: env.smtpUrl };
  const worker = run('dist/apps/worker/src/main.js', {
    ...common,
    KAFLOW_WORKFLOW_BUNDLE: join(ROOT, 'dist/workflow-bundle.js'),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
  });
  const api = run('dist/apps/api/src/main.js', { ...common, PORT: String(port) });
  const base = `http://127.0.0.1:${port}/api`;
  await eventually(
    async () => {
      expect(api.exitCode).toBeNull();
      const res = await fetch(`${base}/health`);
      expect(await res.json()).toMatchObject({ status: 'ok', checks: { database: 'up', temporal: 'up' } });
    },
    90_000,
    500,
  ).catch((e) => {
    throw new Error(`${e.message}\napi: ${(api as any).output()}\nworker: ${(worker as any).output()}`);
  });
  // neither process loaded a TypeScript compiler
  for (const pid of [api.pid, worker.pid]) {
    const maps =
      execFileSync('cat', [`/proc/${pid}/maps`], { encoding: 'utf8' }) +
      execFileSync('cat', [`/proc/${pid}/cmdline`], { encoding: 'utf8' });
    expect(maps).not.toMatch(/swc-node|ts-node|typescript\/lib/);
  }
  const login = async (name: string) => {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: f.users[name].username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return { authorization: `Bearer ${((await res.json()) as any).accessToken}`, 'content-type': 'application/json' };
  };
  const created = await fetch(`${base}/prospects`, {
    method: 'POST',
    headers: await login('consultant'),
    body: JSON.stringify({
      account: { name: '成都市生产构建局', customerType: 'government' },
      contactName: '李主任',
      contactPhone: '13800138000',
      model: 'A6L',
      quantity: 2,
      grade: 'A',
      channel: 'business_event',
      developmentType: 'new',
    }),
  });
  expect(created.status).toBe(201);
  const prospect = (await created.json()) as any;
  const agent = await login('cs_agent');
  await eventually(
    async () => {
      const tasks = (await (await fetch(`${base}/tasks?status=open`, { headers: agent })).json()) as any;
      expect(tasks.items).toContainEqual(
        expect.objectContaining({ kind: 'callback', subject: { type: 'prospect', id: prospect.id } }),
      );
    },
    90_000,
    500,
  );
}, 300_000);
