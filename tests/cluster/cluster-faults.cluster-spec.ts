// Faults on the cluster `npm run cluster` runs (two Temporal nodes on PostgreSQL, two APIs behind haproxy, two
// workers). Everything goes through the web address, as a browser's calls would.
// 1. One Temporal node, one API and one worker are killed with SIGKILL at the same moment while customer service
//    decides callback tasks, a consultant records prospects and reminders come due: every decision is taken exactly
//    once, every prospect is whole with one callback task, every task has its assignment and its reminder once (never
//    twice), and the survivors do all of it (the killed parts stay dead until the test brings them back).
// 2. The cluster's PostgreSQL is stopped and started again: while it is down the web address answers 503 naming the
//    database (never a 500 or a haproxy error page), and afterwards everything works again without a restart of
//    anything else.
// Counts: CLUSTER_FAULT_DECISIONS (prospects recorded and decided, default 30), CLUSTER_FAULT_PROSPECTS (recorded
// while the parts die, default 10).
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import {
  call,
  decisionProblems,
  envCount,
  histogram,
  incompleteProspects,
  mailsPerTask,
  prospectBody,
  sleep,
  type CallbackTask,
  type Reply,
} from '../support/fault-stack';
import { createDealer, PASSWORD, runId, type DealerFixture } from '../support/fixtures';
import {
  cluster,
  clusterClient,
  clusterDb,
  clusterMails,
  clusterUp,
  pidOf,
  stopPart,
  type Part,
} from '../support/cluster';

const DECISIONS = envCount('CLUSTER_FAULT_DECISIONS', 30);
const PROSPECTS = envCount('CLUSTER_FAULT_PROSPECTS', 10);
// A callback task's reminder 15 s after it opens (a quarter of its quarter of an hour): the reminders of the tasks
// still open come due while the parts are dead.
const POLICY = { reminderAt: 1 / 60, durations: { callback: 'PT15M' } };
const KILLED: Part[] = ['temporal-1', 'api-1', 'worker-1'];

let db: DataSource;
let temporal: { client: Client; close(): Promise<void> };
let dealer: DealerFixture;
const web = () => cluster.url();

beforeAll(async () => {
  db = await clusterDb();
  temporal = await clusterClient();
  dealer = await createDealer(db, `cl${runId()}`, POLICY);
}, 120_000);

afterAll(async () => {
  await temporal?.close();
  if (db?.isInitialized) await db.destroy();
});

/** A call repeated while the answer is none or a 503 (a part dying or coming back), as a client would. */
async function persist(method: string, path: string, body: unknown, token?: string, tries = 60): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    const res = await call(web(), method, path, body, token, 30_000);
    if ((res.status !== 0 && res.status !== 503) || attempt >= tries) return res;
    await sleep(500);
  }
}

async function login(user: string): Promise<string> {
  const res = await persist('POST', '/api/auth/login', { username: dealer.users[user].username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

const callbackTasks = (): Promise<CallbackTask[]> =>
  db.query(
    `SELECT id, "workflowId", status, decision, "decidedBy", title, "escalationLevel", "assigneeRole"
       FROM task WHERE "dealerId" = $1 AND kind = 'callback' ORDER BY title`,
    [dealer.dealer.id],
  );

async function record(token: string, name: string): Promise<number> {
  const res = await persist('POST', '/api/prospects', prospectBody(name), token);
  if (res.status !== 201) throw new Error(`prospect ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.status;
}

it('loses and doubles nothing when a Temporal node, an API and a worker die while work flows', async () => {
  const [consultant, agent] = [await login('consultant'), await login('cs_agent')];
  const first = Array.from({ length: DECISIONS }, (_, i) => `集群决定单位${String(i).padStart(3, '0')}`);
  for (let i = 0; i < first.length; i += 5) await Promise.all(first.slice(i, i + 5).map((n) => record(consultant, n)));
  const tasks = await eventually(
    async () => {
      const open = await callbackTasks();
      expect(open).toHaveLength(DECISIONS);
      return open;
    },
    180_000,
    500,
  );

  let answered = 0;
  let killedAt = 0;
  const statuses: number[] = [];
  const killer = (async () => {
    while (answered < Math.ceil(DECISIONS / 3)) await sleep(20);
    // the three at once, each with SIGKILL (no goodbye to the ring, no graceful shutdown)
    await Promise.all(KILLED.map((p) => stopPart(p, 'SIGKILL')));
    killedAt = Date.now();
  })();
  const queue = [...tasks];
  const deciders = Array.from({ length: 3 }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      for (;;) {
        const res = await call(web(), 'POST', `/api/tasks/${t.id}/complete`, { decision: 'verified' }, agent, 30_000);
        statuses.push(res.status);
        if (res.status === 200 || res.status === 409) break;
        // cut off with the dying API, or a 503 while the engine moves the workflow to the surviving node
        expect([0, 502, 503]).toContain(res.status);
        await sleep(500);
      }
      answered++;
    }
  });
  const late = Array.from({ length: PROSPECTS }, (_, i) => `集群新增单位${String(i).padStart(3, '0')}`);
  const recorder = (async () => {
    for (const name of late) {
      await record(consultant, name);
      await sleep(300);
    }
  })();
  await Promise.all([...deciders, recorder, killer]);

  // The killed parts stayed dead: the survivors did the rest.
  for (const p of KILLED) expect(pidOf(p)).toBeUndefined();
  const lateTasks = await eventually(
    async () => {
      const all = await callbackTasks();
      expect(all).toHaveLength(DECISIONS + PROSPECTS);
      return all.filter((t) => late.some((n) => t.title.includes(`：${n} `)));
    },
    240_000,
    1000,
  );
  await eventually(async () => expect(await incompleteProspects({ db, dealer })).toEqual([]), 120_000, 1000);
  const problems = await decisionProblems(
    { db, client: temporal.client },
    { decision: 'verified', by: dealer.users.cs_agent.id },
    tasks.map((t) => t.id),
  );
  // Each late task (still open) has its reminder once; each task its assignment once; nothing more.
  const rows = async () =>
    (await db.query(
      `SELECT "taskId", kind, count(*)::int AS n FROM notification WHERE "dealerId" = $1 GROUP BY "taskId", kind`,
      [dealer.dealer.id],
    )) as Array<{ taskId: string; kind: string; n: number }>;
  await eventually(
    async () => {
      const reminded = (await rows()).filter((r) => r.kind === 'task_reminder').map((r) => r.taskId);
      expect(lateTasks.filter((t) => !reminded.includes(t.id))).toEqual([]);
    },
    240_000,
    1000,
  );
  const counts = await rows();
  const doubled = counts.filter((r) => r.n !== 1);
  const assigned = new Set(counts.filter((r) => r.kind === 'task_assigned').map((r) => r.taskId));
  // and the mails the catcher got: every task's assignment and every late task's reminder arrived (alone or in a
  // digest), unless its row says the sender died mid-send ("outcome unknown"); never two of one kind for one task
  const unknown = new Set(
    (
      (await db.query(
        `SELECT "taskId" FROM notification WHERE "dealerId" = $1 AND "sentAt" IS NULL AND "failedAt" IS NOT NULL`,
        [dealer.dealer.id],
      )) as Array<{ taskId: string }>
    ).map((r) => r.taskId),
  );
  const emails = new Set(Object.values(dealer.users).map((u) => u.email));
  const mails = await eventually(
    async () => {
      const unsent = await db.query(
        `SELECT count(*)::int AS n FROM notification WHERE "dealerId" = $1 AND "sentAt" IS NULL AND "failedAt" IS NULL`,
        [dealer.dealer.id],
      );
      expect(unsent).toEqual([{ n: 0 }]);
      const got = (await clusterMails()).filter((m) => m.to.some((t) => emails.has(t.address)));
      const seen = mailsPerTask(got);
      expect(tasks.concat(lateTasks).filter((t) => !seen.get(t.id)?.assigned && !unknown.has(t.id))).toEqual([]);
      expect(lateTasks.filter((t) => !seen.get(t.id)?.reminder && !unknown.has(t.id))).toEqual([]);
      return got;
    },
    120_000,
    1000,
  );
  const perTask = mailsPerTask(mails);
  const twice = [...perTask].filter(([, c]) => c.assigned > 1 || c.reminder > 1 || c.escalated > 1);
  console.log(
    `cluster kill (${KILLED.join(', ')} with SIGKILL, at ${killedAt ? 'answer ' + Math.ceil(DECISIONS / 3) : '?'}): ` +
      `${DECISIONS} decisions, ${PROSPECTS} prospects recorded meanwhile; decision answers ` +
      `${JSON.stringify(histogram(statuses))}; decision problems ${problems.length}; notifications per task and kind ` +
      `${JSON.stringify(histogram(counts.map((r) => r.n)))}; mails ${mails.length}, tasks mailed twice ${twice.length}`,
  );
  expect(killedAt).toBeGreaterThan(0);
  expect(problems).toEqual([]);
  expect(doubled).toEqual([]);
  expect(tasks.concat(lateTasks).filter((t) => !assigned.has(t.id))).toEqual([]);
  expect(twice).toEqual([]);

  // The parts come back with the script, and the cluster is whole again.
  await clusterUp();
  for (const p of KILLED) expect(pidOf(p)).toBeDefined();
}, 1_200_000);

it('answers 503 naming the database while PostgreSQL restarts, then works again', async () => {
  const consultant = await login('consultant');
  await db.destroy();
  await stopPart('pg', 'SIGTERM');
  const during: Reply[] = [];
  const downAt = Date.now();
  // 10 s without PostgreSQL: health and a new prospect, through the web address
  while (Date.now() - downAt < 10_000) {
    during.push(await call(web(), 'GET', '/api/health', undefined, undefined, 10_000));
    during.push(await call(web(), 'POST', '/api/prospects', prospectBody('集群断库单位'), consultant, 10_000));
    await sleep(500);
  }
  await clusterUp(); // starts PostgreSQL again (and whatever else stopped with it)
  db = await clusterDb('kaflow-cluster-test-2');
  const healthy = await eventually(
    async () => {
      const h = await call(web(), 'GET', '/api/health');
      expect(h.status).toBe(200);
      return h;
    },
    180_000,
    1000,
  );
  // recovery: a prospect recorded now gets its callback task from a workflow
  expect(await record(consultant, '集群恢复后单位')).toBe(201);
  await eventually(
    async () => expect((await callbackTasks()).filter((t) => t.title.includes('：集群恢复后单位 '))).toHaveLength(1),
    180_000,
    1000,
  );
  console.log(
    `cluster PostgreSQL restart: answers while down ${JSON.stringify(histogram(during.map((r) => r.status)))}; ` +
      `health after ${JSON.stringify(healthy.body.info ?? {})}`,
  );
  expect(during.length).toBeGreaterThan(0);
  for (const r of during) {
    expect(r.status).toBe(503);
    expect(JSON.stringify(r.body)).toContain('database');
  }
  expect(
    await db.query(
      `SELECT count(*)::int AS n FROM prospect p JOIN account a ON a.id = p."accountId"
    WHERE p."dealerId" = $1 AND a.name = '集群断库单位'`,
      [dealer.dealer.id],
    ),
  ).toEqual([{ n: 0 }]);
}, 900_000);
