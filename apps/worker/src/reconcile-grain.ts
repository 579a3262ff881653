// The follow-up grain's reconcile (ARCHITECTURE.md, the grain of the follow-ups), part of every worker's round:
//  - every dealer on the sweep grain has its sweep day's run (started when missing: a dealer switched to the sweep
//    during the day, a 05:00 schedule missed while the engine was away; a run of the day running is left alone);
//  - every live prospect the sweep keeps, of a dealer now on the 'prospect' grain, gets its follow-up workflow again
//    (the run that handed it over ended 'swept'; the new run's first tick takes the row back).
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { sweepDayOf } from '@kaflow/calendar';
import { DealerEntity } from '@kaflow/persistence';
import { loadPolicy } from '@kaflow/records';
import { startFollowUp, startFollowUpSweep } from '@kaflow/workflows';
import type { ReconcileOptions, Reconciled } from './reconcile';

const PARALLEL = 25;

export async function reconcileGrains(
  client: Client,
  db: DataSource,
  taskQueue: string,
  log: (s: string) => void = () => {},
  o: ReconcileOptions = {},
): Promise<Reconciled> {
  const n: Reconciled = { started: 0, running: 0 };
  const dealers = (await db.getRepository(DealerEntity).find({ select: { id: true } })).filter(
    (d) => !o.dealerIds || o.dealerIds.includes(d.id),
  );
  let sweeps = 0;
  let handedBack = 0;
  for (const { id: dealerId } of dealers) {
    const policy = await loadPolicy(db, dealerId);
    if (policy.followUpGrain === 'sweep') {
      const day = sweepDayOf(new Date(), policy.timezone);
      const started = await startFollowUpSweep(client, taskQueue, dealerId, {
        date: day.date,
        until: day.until.toISOString(),
      });
      if (started) sweeps++;
      n[started ? 'started' : 'running']++;
      continue;
    }
    const rows: Array<{ prospectId: string }> = await db.query(
      `SELECT "prospectId" FROM conversion_state WHERE "dealerId" = $1 AND grain = 'sweep' AND status = 'live'
        ORDER BY "prospectId"`,
      [dealerId],
    );
    for (let i = 0; i < rows.length; i += PARALLEL) {
      await Promise.all(
        rows.slice(i, i + PARALLEL).map(async (r) => {
          const { started } = await startFollowUp(client, taskQueue, dealerId, r.prospectId, { afterSweep: true });
          if (started) handedBack++;
          n[started ? 'started' : 'running']++;
        }),
      );
    }
  }
  if (sweeps || handedBack)
    log(`follow-up grain: ${sweeps} sweep runs started, ${handedBack} follow-up workflows started again`);
  return n;
}
