// `npm run bench:sweep [-- --prospects 200]`: the two grains of the follow-ups side by side on one Temporal server
// (the dev server by default: TEMPORAL_ADDRESS) and the bench database (BENCH_DATABASE_URL), with KA Flow's worker in
// this process on a task queue of its own. A throwaway dealer gets N prospects (grades H, A, B, C in turn), then:
//   1. one follow-up workflow per prospect: started, then woken once each (a follow-up recorded: the signal);
//   2. the dealer switched to the sweep grain: each running workflow hands its prospect over at its next wake (here
//      a signal wakes it) and ends 'swept';
//   3. the sweep (scripts/bench/lib/sweep-measure.ts): a run ticking all N at once, runs of idle rounds, the
//      05:00 starter.
// Histories are read from the engine (events, billable actions, bytes); CPU is this process's (worker and client).
// Printed: the figures per step and a dealer-month of follow-ups for 10,000 open prospects on each grain.
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DEFAULT_POLICY, isoDurationMs } from '@kaflow/domain';
import { followUpWorkflowId, prospectChangedSignal, startFollowUp } from '@kaflow/workflows';
import { createWorker } from '../../apps/worker/src/worker';
import { createDealer, insertProspect, runId } from '../../tests/support/fixtures';
import { benchDb, machine, pool, quietRuntime, TEMPORAL_ADDRESS } from './lib/bench-stack';
import { histories, sleeping, sub, scale, type History } from './lib/history';
import { measureSweep, setSweepGrain, sweepDealerMonth } from './lib/sweep-measure';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('prospects', '200'));
const PER_DEALER = 10_000;
const GRADES = ['H', 'A', 'B', 'C'] as const;
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
const line = (h: History) => `${fmt(h.events)} events, ${fmt(h.actions)} actions, ${fmt(h.bytes, 0)} bytes`;
const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 600_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 10 minutes`);
    await sleepMs(500);
  }
}
const cpuSecs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

async function main() {
  console.log(`KA Flow follow-up grains — ${machine()}, Temporal at ${TEMPORAL_ADDRESS}, ${N} prospects`);
  quietRuntime();
  const db = await benchDb(12);
  const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection });
  const tag = `grain${runId()}`;
  const f = await createDealer(db, tag);
  const dealerId = f.dealer.id;
  const prospects = [];
  for (let i = 0; i < N; i++) prospects.push(await insertProspect(db, f, { grade: GRADES[i % GRADES.length] }));
  const wids = prospects.map((p) => followUpWorkflowId(dealerId, p.id));

  // --- 1. one follow-up workflow per prospect -------------------------------------------------------------------
  const taskQueue = `bench-grain-${tag}`;
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: { db, mailer: { async send() {}, close() {} } as never, publicUrl: 'http://bench', now: () => new Date() },
  });
  const running = worker.run();
  let cpu = process.cpuUsage();
  await pool(prospects, 20, async (p) => void (await startFollowUp(client, taskQueue, dealerId, p.id)));
  await until('first ticks', async () =>
    (await Promise.all(wids.map((w) => sleeping(client, w, false)))).every(Boolean),
  );
  const startCpu = cpuSecs(cpu);
  const atStart = await histories(client, wids);
  cpu = process.cpuUsage();
  await pool(wids, 20, (w) => client.workflow.getHandle(w).signal(prospectChangedSignal, { reason: 'follow_up' }));
  await until('wakes', async () => (await Promise.all(wids.map((w) => sleeping(client, w, true)))).every(Boolean));
  const wakeCpu = cpuSecs(cpu);
  const afterWake = await histories(client, wids);
  const perWake = scale(sub(afterWake, atStart), 1 / N);

  // --- 2. the hand-over ---------------------------------------------------------------------------------------
  await setSweepGrain(db, dealerId, 'PT15M');
  await sleepMs(5_500); // the worker's policy cache
  await pool(wids, 20, (w) => client.workflow.getHandle(w).signal(prospectChangedSignal, { reason: 'grain' }));
  await until('hand-overs', async () =>
    (await Promise.all(wids.map(async (w) => (await client.workflow.getHandle(w).describe()).status.name))).every(
      (s) => s === 'COMPLETED',
    ),
  );
  const perHandOver = scale(sub(await histories(client, wids), afterWake), 1 / N);
  worker.shutdown();
  await running;

  // --- 3. the sweep -------------------------------------------------------------------------------------------
  const sweep = await measureSweep({ client, connection, db, dealerId, publicUrl: 'http://bench', tag });

  // --- a dealer-month of follow-ups, 10,000 open prospects ------------------------------------------------------
  const cadenceDays = (g: string) =>
    (isoDurationMs((DEFAULT_POLICY.followUpCadence as Record<string, string>)[g]) ?? 7 * 86_400_000) / 86_400_000;
  const wakesPerMonth = GRADES.reduce((a, g) => a + Math.max(30 / cadenceDays(g), 30 / 7), 0) / GRADES.length;
  const perProspect = {
    ...scale(perWake, PER_DEALER * wakesPerMonth),
    cpuSecs: (wakeCpu / N) * PER_DEALER * wakesPerMonth,
  };
  const bucketSecs = (isoDurationMs(DEFAULT_POLICY.followUpSweepBucket) ?? 900_000) / 1000;
  const swept = sweepDealerMonth(sweep, { prospects: PER_DEALER, wakesPerMonth, bucketSecs });

  console.log(`\nOne follow-up workflow per prospect (${N}):`);
  console.log(`  per start (to its first sleep): ${line(scale(atStart, 1 / N))}, ${fmt((startCpu / N) * 1000)} CPU-ms`);
  console.log(
    `  per wake (a follow-up recorded: signal, tick, sleep): ${line(perWake)}, ${fmt((wakeCpu / N) * 1000)} CPU-ms`,
  );
  console.log(`  per hand-over to the sweep (the next wake ends the run 'swept'): ${line(perHandOver)}`);
  console.log(`\nThe sweep (one run per dealer and day; a round per ${bucketSecs / 60}-minute bucket):`);
  console.log(
    `  a run ticking ${sweep.ticked} at once (500 a round): ${line(sweep.tickRun)}, ` +
      `${fmt((sweep.tickCpuSecs / Math.max(1, sweep.ticked)) * 1000)} CPU-ms per prospect ticked`,
  );
  console.log(
    `  each further round (timer + activity), nothing due (over ${sweep.idleRounds} rounds): ` + line(sweep.perRound),
  );
  console.log(`  the 05:00 starter: ${line(sweep.starter)}`);
  console.log(
    `\nA dealer-month of follow-ups, ${fmt(PER_DEALER, 0)} open prospects, ${fmt(wakesPerMonth, 2)} wakes a ` +
      `prospect-month (grades ${GRADES.join(', ')} at the default cadences, at least weekly):`,
  );
  console.log('| grain | actions | history events | history bytes | worker CPU |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(
    `| one follow-up workflow per prospect | ${fmt(perProspect.actions, 0)} | ${fmt(perProspect.events, 0)} | ` +
      `${fmt(perProspect.bytes / 2 ** 20)} MB | ${fmt(perProspect.cpuSecs, 0)} s |`,
  );
  console.log(
    `| sweep per dealer-day (${swept.roundsPerDay} rounds a day) | ${fmt(swept.actions, 0)} | ` +
      `${fmt(swept.events, 0)} | ${fmt(swept.bytes / 2 ** 20)} MB | ${fmt(swept.cpuSecs, 0)} s |`,
  );
  console.log(
    `(ratio: ${fmt(perProspect.actions / swept.actions, 0)}x the actions, ` +
      `${fmt(perProspect.events / swept.events, 0)}x the events on one workflow per prospect)`,
  );
  await db.destroy();
  await clientConnection.close();
  await connection.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
