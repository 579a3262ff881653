// `npm run bench:cost`: what KA Flow costs the engine and the database, measured on the cluster (`npm run cluster`,
// then `eval "$(bash scripts/cluster.sh env)"`), and projected to a region (50 dealers) and the country (500).
//
// Follow-ups, measured live: a dealer of its own records COST_PROSPECTS prospects (default 100) through the web
// address, then one follow-up on each. Around each step: the history of every prospect's workflows (events, bytes,
// billable actions), rows and bytes added to the Temporal store, Temporal visibility and KA Flow's database
// (count(*) and pg_total_relation_size per table), and the CPU-seconds of both worker processes (/proc, their idle
// rate measured first and taken off).
// Planning, from the completed runs on the cluster (the e2e part leaves them: month-end with its sign-offs, weekly
// review, daily check, annual plan): each run's whole tree (RootWorkflowId) of events, bytes and actions.
// A follow-up workflow wakes once per follow-up cadence of its grade (a follow-up recorded, or the due date passing
// and its grace: one wake each) and at least every 7 days; a wake costs what a recorded follow-up costs (the signal
// is replaced by the timer firing). A prospect-month is the mix of grades the demo dealers hold.
// The sweep grain, on the same dealer afterwards: the product's sweep run (scripts/bench/lib/sweep-measure.ts, shared
// with `npm run bench:sweep`, which compares both grains on the dev server).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY, isoDurationMs } from '@kaflow/domain';
import { createDataSource } from '@kaflow/persistence';
import { createDealer, PASSWORD, runId } from '../../tests/support/fixtures';
import { machine, pool, quietRuntime } from './lib/bench-stack';
import { add, history, sleeping, ZERO, type History } from './lib/history';
import { measureSweep, sweepDealerMonth } from './lib/sweep-measure';

const need = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run eval "$(bash scripts/cluster.sh env)" after npm run cluster`);
  return v;
};
const PROSPECTS = Number(process.env.COST_PROSPECTS ?? 100);
const WEB = need('KAFLOW_CLUSTER_URL');
const PG = need('KAFLOW_CLUSTER_PG_URL');
const RUN = need('KAFLOW_CLUSTER_RUN_DIR');
const DBS = ['temporal_cluster', 'temporal_cluster_visibility', 'kaflow_cluster'] as const;
const PROSPECTS_PER_DEALER = 10_000; // the figure: 500 dealers x 10,000 = 5 million open follow-ups
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Sizes = Record<string, { rows: number; bytes: number }>;
async function sizes(): Promise<Sizes> {
  const out: Sizes = {};
  for (const name of DBS) {
    const ds = await new DataSource({ type: 'postgres', url: `${PG}/${name}` }).initialize();
    try {
      const tables: Array<{ t: string; bytes: string }> = await ds.query(
        `SELECT relname AS t, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables`,
      );
      let rows = 0;
      let bytes = 0;
      for (const { t, bytes: b } of tables) {
        rows += Number((await ds.query(`SELECT count(*) AS n FROM "${t}"`))[0].n);
        bytes += Number(b);
      }
      out[name] = { rows, bytes };
    } finally {
      await ds.destroy();
    }
  }
  return out;
}
const delta = (a: Sizes, b: Sizes): Sizes =>
  Object.fromEntries(DBS.map((d) => [d, { rows: b[d].rows - a[d].rows, bytes: b[d].bytes - a[d].bytes }])) as Sizes;

/** CPU-seconds both cluster workers have used so far (utime + stime of each process, /proc/<pid>/stat). */
function workerCpu(): number {
  let ticks = 0;
  for (const w of ['worker-1', 'worker-2']) {
    const pid = readFileSync(join(RUN, `${w}.pid`), 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]); // fields 14 and 15 of the file
  }
  return ticks / 100; // USER_HZ
}

async function web(method: string, path: string, body: unknown, token?: string): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${WEB}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.ok) return res.json();
    if (res.status !== 503 || attempt >= 5) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    await sleep(1000);
  }
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const mbOf = (b: number) => `${fmt(b / 2 ** 20)} MB`;
const gb = (b: number) => `${fmt(b / 2 ** 30)} GB`;

async function main() {
  console.log(`KA Flow cost — ${machine()}, Temporal cluster at ${need('TEMPORAL_ADDRESS')}`);
  const connection = await Connection.connect({ address: need('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  const db = await createDataSource(`${PG}/kaflow_cluster`, { poolSize: 4, name: 'cost' }).initialize();

  // --- follow-ups, live ---------------------------------------------------------------------------------------
  const tag = `cost${runId()}`;
  const dealer = await createDealer(db, tag);
  const token = (
    await web('POST', '/api/auth/login', { username: dealer.users.consultant.username, password: PASSWORD })
  ).accessToken as string;
  const idleFrom = workerCpu();
  await sleep(10_000);
  const idleRate = (workerCpu() - idleFrom) / 10; // CPU-seconds per second with nothing to do
  const settle = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 600_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within 10 minutes`);
      await sleep(1000);
    }
    await sleep(5000); // the last activities and workflow tasks after the rows
  };

  const s0 = await sizes();
  let t = Date.now();
  let cpu = workerCpu();
  const ids: string[] = [];
  await pool(
    Array.from({ length: PROSPECTS }, (_, i) => i),
    10,
    async (i) => {
      const body = {
        account: { name: `成本单位${tag}${i}`, customerType: 'enterprise' },
        contactName: '王经理',
        contactPhone: '13800138000',
        model: 'A6L',
        quantity: 2,
        grade: (['H', 'A', 'B', 'C'] as const)[i % 4],
        channel: 'cold_visit',
        developmentType: 'new',
      };
      ids.push((await web('POST', '/api/prospects', body, token)).id);
    },
  );
  const states = () =>
    db.query(
      `SELECT c."workflowId" FROM conversion_state c JOIN prospect p ON p.id = c."prospectId" WHERE p."dealerId" = $1`,
      [dealer.dealer.id],
    ) as Promise<Array<{ workflowId: string }>>;
  const callbacks = () =>
    db.query(`SELECT DISTINCT "workflowId" FROM task WHERE "dealerId" = $1 AND kind = 'callback'`, [
      dealer.dealer.id,
    ]) as Promise<Array<{ workflowId: string }>>;
  await settle('follow-up workflows and callback tasks', async () => {
    const st = await states();
    if (st.length !== PROSPECTS || (await callbacks()).length !== PROSPECTS) return false;
    for (const r of st) if (!(await sleeping(client, r.workflowId, false))) return false;
    return true;
  });
  const createSecs = (Date.now() - t) / 1000;
  const createCpu = workerCpu() - cpu - idleRate * createSecs;
  const s1 = await sizes();
  const followIds = (await states()).map((r) => r.workflowId);
  const callbackIds = (await callbacks()).map((r) => r.workflowId);
  const sum = async (wids: string[]) => {
    let h = { ...ZERO };
    for (const w of wids) h = add(h, await history(client, w));
    return h;
  };
  const followAtStart = await sum(followIds);
  const callbackAtStart = await sum(callbackIds);

  t = Date.now();
  cpu = workerCpu();
  await pool(ids, 10, async (id) => {
    await web(
      'POST',
      `/api/prospects/${id}/follow-ups`,
      { channel: 'phone', content: '电话回访，客户在比较车型' },
      token,
    );
  });
  // each follow-up workflow took the change (the signal, a tick) and sleeps again (its last event a new timer)
  await settle('the follow-up workflows', async () => {
    for (const w of followIds) if (!(await sleeping(client, w, true))) return false;
    return true;
  });
  await sleep(10_000);
  const changeSecs = (Date.now() - t) / 1000;
  const changeCpu = workerCpu() - cpu - idleRate * changeSecs;
  const s2 = await sizes();
  const followAfter = await sum(followIds);
  const callbackAfter = await sum(callbackIds);
  const perChange: History = {
    events: (followAfter.events - followAtStart.events + callbackAfter.events - callbackAtStart.events) / PROSPECTS,
    bytes: (followAfter.bytes - followAtStart.bytes + callbackAfter.bytes - callbackAtStart.bytes) / PROSPECTS,
    actions:
      (followAfter.actions - followAtStart.actions + callbackAfter.actions - callbackAtStart.actions) / PROSPECTS,
  };
  const perStart: History = {
    events: (followAtStart.events + callbackAtStart.events) / PROSPECTS,
    bytes: (followAtStart.bytes + callbackAtStart.bytes) / PROSPECTS,
    actions: (followAtStart.actions + callbackAtStart.actions) / PROSPECTS,
  };
  const dCreate = delta(s0, s1);
  const dChange = delta(s1, s2);

  // wakes per prospect-month: the demo dealers' mix of open grades, each at its cadence, at least every 7 days
  const mix: Array<{ grade: string; n: string }> = await db.query(
    `SELECT p.grade, count(*) AS n FROM prospect p JOIN dealer d ON d.id = p."dealerId"
      WHERE d.code NOT LIKE 't-%' AND p.grade NOT IN ('W', 'F') GROUP BY p.grade`,
  );
  const cadenceDays = (g: string) => {
    const d = (DEFAULT_POLICY.followUpCadence as Record<string, string>)[g] ?? 'P7D';
    return Number(/P(\d+)D/.exec(d)?.[1] ?? 7);
  };
  const total = mix.reduce((a, m) => a + Number(m.n), 0) || 1;
  const wakesPerMonth = mix.length
    ? mix.reduce((a, m) => a + (Number(m.n) / total) * Math.max(30 / cadenceDays(m.grade), 30 / 7), 0)
    : 30 / 7;

  const pm = {
    events: perChange.events * wakesPerMonth,
    bytes: perChange.bytes * wakesPerMonth,
    actions: perChange.actions * wakesPerMonth,
    cpu: (changeCpu / PROSPECTS) * wakesPerMonth,
    temporalBytes:
      ((dChange.temporal_cluster.bytes + dChange.temporal_cluster_visibility.bytes) / PROSPECTS) * wakesPerMonth,
    temporalRows:
      ((dChange.temporal_cluster.rows + dChange.temporal_cluster_visibility.rows) / PROSPECTS) * wakesPerMonth,
    kaflowBytes: (dChange.kaflow_cluster.bytes / PROSPECTS) * wakesPerMonth,
    kaflowRows: (dChange.kaflow_cluster.rows / PROSPECTS) * wakesPerMonth,
  };

  const tRows = (d: Sizes) => d.temporal_cluster.rows + d.temporal_cluster_visibility.rows;
  const tBytes = (d: Sizes) => d.temporal_cluster.bytes + d.temporal_cluster_visibility.bytes;
  /** one line of figures: a history and what it added to the databases and the workers, per `per` */
  const line = (h: History, d: Sizes, cpuSecs: number, per: number) =>
    `${fmt(h.events)} events, ${fmt(h.actions)} actions, ${fmt(h.bytes, 0)} history bytes; ` +
    `Temporal db +${fmt(tRows(d) / per)} rows +${fmt(tBytes(d) / per / 1024)} KiB; ` +
    `KA Flow db +${fmt(d.kaflow_cluster.rows / per)} rows +${fmt(d.kaflow_cluster.bytes / per / 1024)} KiB; ` +
    `worker ${fmt((cpuSecs / per) * 1000)} CPU-ms`;
  console.log(
    `\nFollow-ups: ${PROSPECTS} prospects recorded, then one follow-up each ` +
      `(the workers' idle ${fmt(idleRate, 4)} CPU-s/s taken off)`,
  );
  console.log(`  per new prospect (callback + follow-up workflow): ${line(perStart, dCreate, createCpu, PROSPECTS)}`);
  console.log(`  per wake (a follow-up recorded): ${line(perChange, dChange, changeCpu, PROSPECTS)}`);
  const grades = mix.map((m) => `${m.grade} ${m.n}`).join(' ') || 'none: the 7-day self-check only';
  console.log(
    `  per prospect-month (${fmt(wakesPerMonth, 2)} wakes; the demo dealers' grades ${grades}): ` +
      `${fmt(pm.events)} events, ${fmt(pm.actions)} actions, ${fmt(pm.bytes / 1024)} KiB history; ` +
      `Temporal db +${fmt(pm.temporalRows)} rows +${fmt(pm.temporalBytes / 1024)} KiB; ` +
      `KA Flow db +${fmt(pm.kaflowRows)} rows +${fmt(pm.kaflowBytes / 1024)} KiB; worker ${fmt(pm.cpu * 1000)} CPU-ms`,
  );

  // --- the other grain: due dates in SQL, one sweep run per dealer-day (scripts/bench/lib/sweep-measure.ts) ------
  // the product's followUpSweepWorkflow on a KA Flow worker in this process (its CPU read around the run): one run
  // ticking all PROSPECTS of the dealer at once (as on a day when all are due), idle rounds, the 05:00 starter
  quietRuntime();
  const s3 = await sizes();
  const sweep = await measureSweep({
    client,
    connection: await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') }),
    db,
    dealerId: dealer.dealer.id,
    publicUrl: WEB,
    tag,
  });
  await sleep(2000);
  const dSweep = delta(s3, await sizes());
  const ticked = sweep.ticked || 1;
  console.log(
    `\nSweep grain (one run per dealer-day, a round per bucket): a run ticking ${ticked} prospects ` +
      `${fmt(sweep.tickRun.events)} events, ${fmt(sweep.tickRun.actions)} actions, ` +
      `${fmt(sweep.tickRun.bytes, 0)} history bytes; a further round with nothing due ${fmt(sweep.perRound.events)} ` +
      `events, ${fmt(sweep.perRound.actions)} actions; the 05:00 starter ${fmt(sweep.starter.events)} events; ` +
      `per prospect ticked: Temporal db +${fmt(tRows(dSweep) / ticked)} rows ` +
      `+${fmt(tBytes(dSweep) / ticked / 1024)} KiB, KA Flow db +${fmt(dSweep.kaflow_cluster.rows / ticked)} rows ` +
      `+${fmt(dSweep.kaflow_cluster.bytes / ticked / 1024)} KiB, worker ${fmt((sweep.tickCpuSecs / ticked) * 1000)} ` +
      'CPU-ms',
  );
  // a dealer-month of follow-ups, both grains: 10,000 open prospects, each woken (or ticked) wakesPerMonth times
  const month = sweepDealerMonth(sweep, {
    prospects: PROSPECTS_PER_DEALER,
    wakesPerMonth,
    bucketSecs: (isoDurationMs(DEFAULT_POLICY.followUpSweepBucket) ?? 900_000) / 1000,
  });
  const grain = {
    perProspect: {
      actions: PROSPECTS_PER_DEALER * pm.actions,
      events: PROSPECTS_PER_DEALER * pm.events,
      temporalBytes: PROSPECTS_PER_DEALER * pm.temporalBytes,
      cpu: PROSPECTS_PER_DEALER * pm.cpu,
    },
    sweep: { actions: month.actions, events: month.events, temporalBytes: month.bytes, cpu: month.cpuSecs },
  };
  console.log(
    `(the per-prospect grain also holds ${mbOf((PROSPECTS_PER_DEALER * tBytes(dCreate)) / PROSPECTS)} in the ` +
      'Temporal store per dealer for its 10,000 open workflows; the sweep holds none between runs)',
  );
  console.log(
    '| a dealer-month of follow-ups (10,000 open prospects) | actions | events | Temporal db + | worker CPU |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const grainName = (name: string) =>
    name === 'sweep'
      ? `sweep per dealer-day (30 runs, ${month.roundsPerDay} rounds each)`
      : 'one follow-up workflow per prospect';
  for (const [name, g] of Object.entries(grain))
    console.log(
      `| ${grainName(name)} | ` +
        `${fmt(g.actions, 0)} | ${fmt(g.events, 0)} | ${mbOf(g.temporalBytes)} | ${fmt(g.cpu, 1)} CPU-s |`,
    );

  // --- planning, from completed runs --------------------------------------------------------------------------
  const perMonth: Record<string, number> = {
    dailyCheckWorkflow: 22, // business days
    weeklyReviewWorkflow: 52 / 12,
    monthEndWorkflow: 1,
    annualPlanWorkflow: 1 / 12,
  };
  let dealerMonth = { ...ZERO };
  console.log('\nPlanning, per completed run (its whole tree of child workflows), from the runs on the cluster:');
  for (const [type, times] of Object.entries(perMonth)) {
    // completed runs; a type the e2e part leaves waiting (the month-end after its sign-offs waits for the next
    // period's roll) is counted as it stands, which says so
    const runs: Array<{ workflowId: string; runId: string; status: string }> = [];
    for (const query of [`WorkflowType = '${type}' AND ExecutionStatus = 'Completed'`, `WorkflowType = '${type}'`]) {
      for await (const w of client.workflow.list({ query })) {
        runs.push({ workflowId: w.workflowId, runId: w.runId, status: w.status.name });
        if (runs.length >= 5) break;
      }
      if (runs.length) break;
    }
    if (!runs.length) {
      console.log(`  ${type}: no run on the cluster (run the e2e part on it first)`);
      continue;
    }
    let tree = { ...ZERO };
    for (const r of runs) {
      tree = add(tree, await history(client, r.workflowId, r.runId));
      for await (const c of client.workflow.list({ query: `RootWorkflowId = '${r.workflowId}'` })) {
        if (c.workflowId !== r.workflowId) tree = add(tree, await history(client, c.workflowId, c.runId));
      }
    }
    const one = {
      events: tree.events / runs.length,
      bytes: tree.bytes / runs.length,
      actions: tree.actions / runs.length,
    };
    dealerMonth = add(dealerMonth, {
      events: one.events * times,
      bytes: one.bytes * times,
      actions: one.actions * times,
    });
    console.log(
      `  ${type} (${runs.length} runs, ${[...new Set(runs.map((r) => r.status))].join('/')}): ` +
        `${fmt(one.events)} events, ${fmt(one.actions)} actions, ` +
        `${fmt(one.bytes, 0)} bytes ` +
        `per run; ${fmt(times, 2)} runs a dealer-month`,
    );
  }
  // the planning's CPU and rows, by its events at the follow-ups' measured rates (its runs are the e2e part's)
  const cpuPerEvent = changeCpu / PROSPECTS / perChange.events;
  const tBytesPerEvent =
    (dChange.temporal_cluster.bytes + dChange.temporal_cluster_visibility.bytes) / PROSPECTS / perChange.events;
  console.log(
    `  per dealer-month: ${fmt(dealerMonth.events)} events, ${fmt(dealerMonth.actions)} actions, ` +
      `${fmt(dealerMonth.bytes / 1024)} KiB history; ` +
      `worker ~${fmt(dealerMonth.events * cpuPerEvent * 1000)} CPU-ms and ` +
      `Temporal db ~${fmt((dealerMonth.events * tBytesPerEvent) / 1024)} KiB (at the follow-ups' rates per event)`,
  );

  // --- projection ---------------------------------------------------------------------------------------------
  console.log(`\nProjection (${fmt(PROSPECTS_PER_DEALER, 0)} open prospects a dealer; planning as above):`);
  console.log(
    '| dealers | open follow-ups | actions/month | history events/s (avg) | KA Flow db +/year | ' +
      'Temporal db +/year (before retention) | worker CPU (avg cores) | workers | history shards |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const dealers of [50, 500]) {
    const prospects = dealers * PROSPECTS_PER_DEALER;
    const actions = prospects * pm.actions + dealers * dealerMonth.actions;
    const events = prospects * pm.events + dealers * dealerMonth.events;
    const perSec = events / (30 * 86_400);
    const kaflowYear = prospects * pm.kaflowBytes * 12;
    const temporalYear = (prospects * pm.temporalBytes + dealers * dealerMonth.events * tBytesPerEvent) * 12;
    const cores = (prospects * pm.cpu + dealers * dealerMonth.events * cpuPerEvent) / (30 * 86_400);
    // workers: at most half a core each on average (room for the morning and month-end peaks), two at least
    const workers = Math.max(2, Math.ceil(cores / 0.5));
    // shards: a history shard is one lock and one queue; about 10 events/s per shard at the peak (10x the
    // average) keeps each well below what one shard takes on PostgreSQL, rounded up to a power of two, 512 at least
    const shards = Math.max(512, 2 ** Math.ceil(Math.log2((perSec * 10) / 10)));
    console.log(
      `| ${dealers} | ${fmt(prospects, 0)} | ${fmt(actions / 1e6)} M | ${fmt(perSec)} | ${gb(kaflowYear)} | ` +
        `${gb(temporalYear)} | ` +
        `${fmt(cores, 2)} | ${workers} | ${shards} |`,
    );
  }
  console.log(
    `\n(rows and bytes: count(*) and pg_total_relation_size deltas of ${DBS.join(', ')}; Temporal deletes a closed ` +
      `run's history after the namespace's retention, and a follow-up workflow continues as new past 1,000 events)`,
  );
  await db.destroy();
  await connection.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
