// The sweep grain, measured (ARCHITECTURE.md, the grain of the follow-ups): the product's followUpSweepWorkflow and
// its scheduled starter on a KA Flow worker in this process (its CPU read around the run), for one dealer's
// prospects: one run that ticks all of them at once (as on a day when all are due; a round takes 500), runs of
// idle rounds (what each bucket of a day costs when nothing is due), and the 05:00 starter. Shared by
// `npm run bench:sweep` (the dev server) and `npm run bench:cost` (the cluster).
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { mergePolicy } from '@kaflow/domain';
import { DealerPolicyEntity } from '@kaflow/persistence';
import { dueForSweep, loadPolicy } from '@kaflow/records';
import { followUpSweepScheduledWorkflow, followUpSweepWorkflow, followUpWorkflowId } from '@kaflow/workflows';
import { createWorker } from '../../../apps/worker/src/worker';
import { history, scale, sub, type History } from './history';

export interface SweepFigures {
  ticked: number;
  /** A run that ticks every prospect of the dealer at once (500 a round). */
  tickRun: History;
  tickCpuSecs: number;
  /** One more round of a run (its timer and its activity) with nothing due, over `idleRounds` rounds. */
  perRound: History;
  idleRounds: number;
  /** The 05:00 scheduled starter's run (it starts the day's run). */
  starter: History;
}

/** Puts a dealer on the sweep grain with a bucket (the worker's policy cache takes up to 5 s to see it). */
export async function setSweepGrain(db: DataSource, dealerId: string, bucket = 'PT1S'): Promise<void> {
  const { policy, problems } = mergePolicy(await loadPolicy(db, dealerId), {
    followUpGrain: 'sweep',
    followUpSweepBucket: bucket,
  });
  if (problems.length) throw new Error(JSON.stringify(problems));
  await db.getRepository(DealerPolicyEntity).update({ dealerId }, { policy: policy as never });
}

export async function measureSweep(o: {
  client: Client;
  connection: NativeConnection;
  db: DataSource;
  dealerId: string;
  publicUrl: string;
  tag: string;
  idleSeconds?: number;
}): Promise<SweepFigures> {
  const { client, db, dealerId, tag } = o;
  const before = await db.getRepository(DealerPolicyEntity).findOneByOrFail({ dealerId });
  await setSweepGrain(db, dealerId);
  // every live prospect the sweep's and due now (a follow-up workflow still running takes its own back at its wake)
  await db.query(
    `UPDATE conversion_state SET grain = 'sweep', "wakeAt" = now() WHERE "dealerId" = $1 AND status = 'live'`,
    [dealerId],
  );
  const ids: Array<{ id: string }> = await db.query(
    `SELECT id FROM prospect p WHERE "dealerId" = $1 AND grade <> 'F'
        AND NOT EXISTS (SELECT 1 FROM conversion_state c WHERE c."prospectId" = p.id)`,
    [dealerId],
  );
  const rows = ids.map((r) => ({ prospectId: r.id, workflowId: followUpWorkflowId(dealerId, r.id) }));
  await new Promise((r) => setTimeout(r, 5_500)); // this process's policy cache (libs/records followUpRules)
  await dueForSweep(db, dealerId, rows, new Date());

  const taskQueue = `bench-sweep-${tag}`;
  const worker = await createWorker({
    connection: o.connection,
    namespace: 'default',
    taskQueue,
    deps: { db, mailer: { async send() {}, close() {} } as never, publicUrl: o.publicUrl, now: () => new Date() },
  });
  const running = worker.run();
  try {
    const run = (id: string, seconds: number) =>
      client.workflow.execute(followUpSweepWorkflow, {
        workflowId: id,
        taskQueue,
        args: [{ dealerId, date: 'bench', until: new Date(Date.now() + seconds * 1000).toISOString() }],
      });
    const cpu0 = process.cpuUsage();
    const ticking = await run(`bench-sweep-tick-${tag}`, 0.5); // its one round outlasts the run's end
    const cpu = process.cpuUsage(cpu0);
    const tickRun = await history(client, `bench-sweep-tick-${tag}`);
    // two runs of idle rounds (a round a second, nothing due), a short and a long: a round is their difference
    const short = await run(`bench-sweep-idle-short-${tag}`, 2);
    const long = await run(`bench-sweep-idle-${tag}`, o.idleSeconds ?? 7);
    const perRound = scale(
      sub(await history(client, `bench-sweep-idle-${tag}`), await history(client, `bench-sweep-idle-short-${tag}`)),
      1 / Math.max(1, long.rounds - short.rounds),
    );

    const dayRun = await client.workflow.execute(followUpSweepScheduledWorkflow, {
      workflowId: `bench-sweep-starter-${tag}`,
      taskQueue,
      args: [{ dealerId }],
    });
    if (dayRun) await client.workflow.getHandle(dayRun).terminate('bench: the starter is what is measured');
    return {
      ticked: ticking.ticked,
      tickRun,
      tickCpuSecs: (cpu.user + cpu.system) / 1e6,
      perRound,
      idleRounds: long.rounds - short.rounds,
      starter: await history(client, `bench-sweep-starter-${tag}`),
    };
  } finally {
    worker.shutdown();
    await running;
    // the dealer's policy as it was: a bench dealer left on a one-second sweep would have a running worker's
    // reconcile sweep it every second all day (on the cluster)
    await db.getRepository(DealerPolicyEntity).update({ dealerId }, { policy: before.policy });
  }
}

/**
 * A sweep dealer-month from the figures: 30 days, each a starter and a day's run of one round per bucket (with its
 * timer), plus a round without a timer for each further 500 prospects due in one bucket (assumed: a day's ticks in
 * one bucket, the worst case); CPU: each tick at the measured rate.
 */
export function sweepDealerMonth(f: SweepFigures, o: { prospects: number; wakesPerMonth: number; bucketSecs: number }) {
  const roundsPerDay = 86_400 / o.bucketSecs;
  const ticksPerDay = (o.prospects * o.wakesPerMonth) / 30;
  const extraRounds = Math.max(0, Math.ceil(ticksPerDay / 500) - 1);
  const day = {
    events: f.starter.events + f.tickRun.events + (roundsPerDay + extraRounds) * f.perRound.events,
    actions: f.starter.actions + f.tickRun.actions + (roundsPerDay + extraRounds) * f.perRound.actions,
    bytes: f.starter.bytes + f.tickRun.bytes + (roundsPerDay + extraRounds) * f.perRound.bytes,
  };
  return { ...scale(day, 30), cpuSecs: 30 * ticksPerDay * (f.tickCpuSecs / Math.max(1, f.ticked)), roundsPerDay };
}
