// One fault test's own stack: a fresh database, a Temporal server on free ports with its own
// SQLite file, an SMTP catcher in the test, and the worker and API processes (stack.ts) that the test
// kills by pid; optionally a TCP proxy between those processes and PostgreSQL. Plus the HTTP calls and
// the checks the fault tests share: exactly one decision per task (task row, audit row, callback row
// and workflow result agree), and how many e-mails each task caused, by kind.
import { rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { OUTCOME_UNKNOWN } from '@kaflow/activities';
import { createDataSource, ensureDatabase, migrate } from '@kaflow/persistence';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './mail-catcher';
import { freeDevServerPort } from '../../scripts/temporal/dev-server';
import { eventually } from './eventually';
import { createDealer, PASSWORD, runId, type DealerFixture } from './fixtures';
import { BUNDLE_PATH, TEST_DATABASE_URL } from './settings';
import { RUN_DIR, startApi, startTemporal, startWorker, type AppEnv, type Proc } from './stack';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A count from the environment (modest runs on a busy machine), the figure by default. */
export const envCount = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Reply {
  status: number;
  body: any;
}

/** One HTTP call; status 0 when no answer came (connection refused or reset, or the time ran out). */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  timeoutMs = 60_000,
): Promise<Reply> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  } catch {
    return { status: 0, body: {} };
  }
}

export const prospectBody = (name: string) => ({
  account: { name, customerType: 'enterprise' },
  contactName: '王经理',
  contactPhone: '13800138000',
  model: 'A6L',
  quantity: 2,
  grade: 'H',
  channel: 'cold_visit',
  developmentType: 'new',
});

export interface FaultStackOptions {
  /** names the database (`<test db>_<name>`), the Temporal file and the process logs */
  name: string;
  /** the test dealer's policy patch (e.g. durations of seconds) */
  policy?: Record<string, unknown>;
  /** more settings for the worker and API processes */
  env?: Record<string, string>;
  /** worker and API processes useFaultStack brings up (default one of each) */
  workers?: number;
  apis?: number;
  /** the app processes reach PostgreSQL through a TCP proxy the test controls */
  dbProxy?: boolean;
}

export interface FaultStack {
  name: string;
  db: DataSource;
  mail: MailCatcher;
  dealer: DealerFixture;
  env: AppEnv;
  proxy?: TcpProxy;
  temporalPort: number;
  temporal: Proc;
  client: Client;
  workers: Map<number, Proc>;
  apis: Map<number, Proc>;
  apiUrl(i?: number): string;
  startWorker(i?: number): Promise<Proc>;
  startApi(i?: number): Promise<Proc>;
  /** kill -9 the Temporal server (its SQLite file stays) */
  killTemporal(): Promise<void>;
  /** start it again on the same file and port */
  startTemporal(): Promise<void>;
  login(user: string, api?: number): Promise<string>;
  /** Records prospects through the API (`width` at a time, default 5) and waits for their open callback tasks. */
  createProspects(token: string, names: string[], api?: number, width?: number): Promise<CallbackTask[]>;
  callbackTasks(): Promise<CallbackTask[]>;
  /** Waits until the outbox has nothing left to send for the test dealer. */
  outboxDrained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A test file's stack: started before its tests with `o.workers` workers and `o.apis` APIs (one each by
 * default), handed to `set`, and stopped after them.
 */
export function useFaultStack(o: FaultStackOptions, set: (s: FaultStack) => void): void {
  let s: FaultStack | undefined;
  beforeAll(async () => {
    s = await startFaultStack(o);
    const n = (k: number | undefined) => Array.from({ length: k ?? 1 }, (_, i) => i);
    await Promise.all(n(o.workers).map((i) => s!.startWorker(i)));
    await Promise.all(n(o.apis).map((i) => s!.startApi(i)));
    set(s);
  }, 300_000);
  afterAll(async () => {
    await s?.stop();
  });
}

/** Whether a callback task is the one of the prospect recorded with this account name
 *  (its title is "回访：<account> <contact>（<model>×<quantity>，<grade>级）"). */
export const namesTask = (t: { title: string }, accountName: string) => t.title.includes(`：${accountName} `);

export interface CallbackTask {
  id: string;
  workflowId: string;
  status: string;
  decision: string | null;
  decidedBy: string | null;
  title: string;
  escalationLevel: number;
  assigneeRole: string | null;
}

export async function startFaultStack(o: FaultStackOptions): Promise<FaultStack> {
  const dbUrl = `${TEST_DATABASE_URL}_${o.name.replace(/\W/g, '_')}`;
  await ensureDatabase(dbUrl);
  const setup = await createDataSource(dbUrl, { poolSize: 1, name: 'faults-setup' }).initialize();
  await setup.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await setup.destroy();
  await migrate(dbUrl);
  const db = await createDataSource(dbUrl, { poolSize: 4, name: `faults-${o.name}` }).initialize();
  const mail = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  let proxy: TcpProxy | undefined;
  let appDbUrl = dbUrl;
  if (o.dbProxy) {
    const target = new URL(dbUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.port = String(proxy.port);
    appDbUrl = target.toString();
  }
  const temporalPort = await freeDevServerPort();
  const dbFile = join(RUN_DIR, `${o.name}-temporal.db`);
  for (const f of ['', '-journal', '-wal', '-shm']) rmSync(dbFile + f, { force: true });
  const temporalLog = `${o.name}-temporal`;
  let temporal = await startTemporal(temporalPort, dbFile, temporalLog);
  const env: AppEnv = {
    DATABASE_URL: appDbUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: `kaflow-${o.name}`,
    SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
    // task messages go out half a second after the last one (a digest when more wait), checked every 200 ms
    NOTIFY_DEBOUNCE_MS: '500',
    NOTIFY_FLUSH_EVERY_MS: '200',
    ...o.env,
  };
  const dealer = await createDealer(db, `${o.name.slice(0, 6)}${runId()}`, o.policy ?? {});
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  const workers = new Map<number, Proc>();
  const apis = new Map<number, Proc>();
  const apiPorts = new Map<number, number>();

  const stack: FaultStack = {
    name: o.name,
    db,
    mail,
    dealer,
    env,
    proxy,
    temporalPort,
    get temporal() {
      return temporal;
    },
    client,
    workers,
    apis,
    apiUrl: (i = 0) => `http://127.0.0.1:${apiPorts.get(i)}`,
    async startWorker(i = 0) {
      const p = await startWorker(`${o.name}-worker-${i}`, env, BUNDLE_PATH);
      workers.set(i, p);
      return p;
    },
    async startApi(i = 0) {
      if (!apiPorts.has(i)) apiPorts.set(i, await freePort());
      const p = await startApi(`${o.name}-api-${i}`, env, apiPorts.get(i)!);
      apis.set(i, p);
      return p;
    },
    async killTemporal() {
      await temporal.kill('SIGKILL');
    },
    async startTemporal() {
      temporal = await startTemporal(temporalPort, dbFile, temporalLog);
    },
    async login(user, api = 0) {
      const res = await call(stack.apiUrl(api), 'POST', '/api/auth/login', {
        username: dealer.users[user].username,
        password: PASSWORD,
      });
      if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken;
    },
    async createProspects(token, names, api = 0, width = 5) {
      for (let i = 0; i < names.length; i += width) {
        await Promise.all(
          names.slice(i, i + width).map(async (name) => {
            // a 503 recorded nothing (e.g. the engine slower than the API's start deadline on a busy
            // machine): send it again, as a client would
            for (let attempt = 1; ; attempt++) {
              const res = await call(stack.apiUrl(api), 'POST', '/api/prospects', prospectBody(name), token);
              if (res.status === 201) return;
              if (res.status !== 503 || attempt >= 5)
                throw new Error(`prospect ${name}: ${res.status} ${JSON.stringify(res.body)}`);
              await sleep(1000);
            }
          }),
        );
      }
      return eventually(
        async () => {
          const rows = await stack.callbackTasks();
          const open = rows.filter((r) => names.some((n) => namesTask(r, n)));
          expect(open).toHaveLength(names.length);
          return open;
        },
        240_000,
        250,
      );
    },
    async callbackTasks() {
      return db.query(
        `SELECT id, "workflowId", status, decision, "decidedBy", title, "escalationLevel", "assigneeRole"
           FROM task WHERE "dealerId" = $1 AND kind = 'callback' ORDER BY title`,
        [dealer.dealer.id],
      );
    },
    async outboxDrained(timeoutMs = 120_000) {
      await eventually(
        async () => {
          const [{ n }] = await db.query(
            `SELECT count(*)::int AS n FROM notification WHERE "dealerId" = $1 AND "sentAt" IS NULL
              AND "failedAt" IS NULL`,
            [dealer.dealer.id],
          );
          expect(n).toBe(0);
        },
        timeoutMs,
        500,
      );
    },
    async stop() {
      await connection.close().catch(() => undefined);
      for (const p of [...apis.values(), ...workers.values(), temporal]) await p.kill('SIGKILL').catch(() => undefined);
      await proxy?.close();
      await mail.close();
      await db.destroy();
    },
  };
  return stack;
}

/**
 * Every callback task decided exactly once: the task row done with the expected decision and decider,
 * one `task.decided` audit row, the callback check closed with that outcome, and the workflow
 * completed with that outcome. Returns the problems found (empty when all agree).
 */
export async function decisionProblems(
  s: Pick<FaultStack, 'db' | 'client'>,
  expected: { decision: string; by: string },
  taskIds: string[],
  settleMs = 180_000,
): Promise<string[]> {
  // the workflows finish a moment after their task rows (a restarted worker replays them first)
  let last: string[] = [];
  await eventually(
    async () => {
      last = await decisionProblemsNow(s, expected, taskIds);
      expect(last).toEqual([]);
    },
    settleMs,
    2000,
  ).catch(() => undefined);
  return last;
}

async function decisionProblemsNow(
  s: Pick<FaultStack, 'db' | 'client'>,
  expected: { decision: string; by: string },
  taskIds: string[],
): Promise<string[]> {
  const problems: string[] = [];
  const rows: Array<CallbackTask & { audits: number; outcome: string | null; checkStatus: string | null }> =
    await s.db.query(
      `SELECT t.id, t."workflowId", t.status, t.decision, t."decidedBy",
              (SELECT count(*)::int FROM audit_log a WHERE a.action = 'task.decided'
                AND a."entityId" = t.id::text) AS audits,
              c.outcome, c.status AS "checkStatus"
         FROM task t LEFT JOIN callback_check c ON c."workflowId" = t."workflowId"
        WHERE t.id = ANY($1)`,
      [taskIds],
    );
  if (rows.length !== taskIds.length) problems.push(`${taskIds.length - rows.length} task rows missing`);
  for (const r of rows) {
    if (r.status !== 'done' || r.decision !== expected.decision || r.decidedBy !== expected.by)
      problems.push(`task ${r.id}: ${r.status} ${r.decision} by ${r.decidedBy}`);
    if (r.audits !== 1) problems.push(`task ${r.id}: ${r.audits} decision audit rows`);
    if (r.outcome !== expected.decision || r.checkStatus !== 'closed')
      problems.push(`task ${r.id}: callback check ${r.checkStatus} ${r.outcome}`);
    const handle = s.client.workflow.getHandle(r.workflowId);
    const d = await handle.describe();
    if (d.status.name !== 'COMPLETED') problems.push(`workflow ${r.workflowId}: ${d.status.name}`);
    else {
      const result = await handle.result();
      if (result?.outcome !== expected.decision) problems.push(`workflow ${r.workflowId}: outcome ${result?.outcome}`);
    }
  }
  return problems;
}

/**
 * The test dealer's prospects that are not whole: each needs its account, contact, grade history, one
 * creation audit row, its callback check and one callback task.
 */
export async function incompleteProspects(
  s: Pick<FaultStack, 'db' | 'dealer'>,
): Promise<Array<{ id: string; problem: string }>> {
  const rows: Array<{ id: string; problem: string }> = await s.db.query(
    `SELECT p.id, concat_ws(', ',
              CASE WHEN a.id IS NULL THEN 'no account' END,
              CASE WHEN c.id IS NULL THEN 'no contact' END,
              CASE WHEN NOT EXISTS (SELECT 1 FROM grade_change g WHERE g."prospectId" = p.id) THEN 'no grade history'
                END,
              CASE WHEN (SELECT count(*) FROM audit_log l WHERE l.action = 'prospect.created'
                AND l."entityId" = p.id::text) <> 1
                   THEN 'not one creation audit' END,
              CASE WHEN NOT EXISTS (SELECT 1 FROM callback_check k WHERE k."prospectId" = p.id) THEN 'no callback check'
                END,
              CASE WHEN (SELECT count(*) FROM task t WHERE t.kind = 'callback' AND t."subjectId" = p.id::text) <> 1
                   THEN 'not one callback task' END) AS problem
       FROM prospect p LEFT JOIN account a ON a.id = p."accountId" LEFT JOIN contact c ON c.id = p."contactId"
      WHERE p."dealerId" = $1`,
    [s.dealer.dealer.id],
  );
  return rows.filter((r) => r.problem);
}

export type MailKind = 'assigned' | 'reminder' | 'escalated';

/**
 * How many e-mails mentioned each task, by kind. A single task message names its kind in the subject
 * (【待办】, 【提醒】, 【升级】); a digest (【待办汇总】) lists tasks as "n. [［提醒］]title / due / link".
 */
export function mailsPerTask(mails: CaughtMail[]): Map<string, Record<MailKind, number>> {
  const out = new Map<string, Record<MailKind, number>>();
  const add = (id: string, kind: MailKind) => {
    const c = out.get(id) ?? { assigned: 0, reminder: 0, escalated: 0 };
    c[kind]++;
    out.set(id, c);
  };
  for (const m of mails) {
    const lines = m.text.split('\n');
    lines.forEach((line, i) => {
      const id = /\/tasks\/([0-9a-f-]{36})/.exec(line)?.[1];
      if (!id) return;
      if (m.subject.startsWith('【待办汇总】')) add(id, /［提醒］/.test(lines[i - 2] ?? '') ? 'reminder' : 'assigned');
      else if (m.subject.startsWith('【提醒】')) add(id, 'reminder');
      else if (m.subject.startsWith('【升级】')) add(id, 'escalated');
      else if (m.subject.startsWith('【待办】')) add(id, 'assigned');
    });
  }
  return out;
}

/**
 * Each task's assignment mails as the outbox promises them under a killed sender: never twice; once,
 * unless the sender died between claiming that message and recording its delivery. Then its row says
 * so ("outcome unknown", given up, shown to the admin), it is not sent again, and it may have reached
 * the mail server (1) or not (0). Returns the tasks that break this, and how many were left unknown.
 */
export async function assignmentMailProblems(
  s: FaultStack,
  perTask: Map<string, Record<MailKind, number>>,
  taskIds: string[],
): Promise<{ problems: Array<{ id: string; mails: number }>; unknown: number }> {
  const rows: Array<{ taskId: string }> = await s.db.query(
    `SELECT "taskId" FROM notification WHERE "dealerId" = $1 AND kind = 'task_assigned'
        AND "sentAt" IS NULL AND "failedAt" IS NOT NULL AND "lastError" = $2`,
    [s.dealer.dealer.id, OUTCOME_UNKNOWN],
  );
  const unknown = new Set(rows.map((r) => r.taskId));
  const problems = taskIds
    .map((id) => ({ id, mails: perTask.get(id)?.assigned ?? 0 }))
    .filter(({ id, mails }) => mails > 1 || (mails === 0 && !unknown.has(id)));
  return { problems, unknown: unknown.size };
}

/** `{ "1": n, "2": m }`: how many tasks had each count (a compact figure to print). */
export function histogram(values: number[]): Record<string, number> {
  return values.reduce<Record<string, number>>((a, v) => ({ ...a, [v]: (a[v] ?? 0) + 1 }), {});
}
