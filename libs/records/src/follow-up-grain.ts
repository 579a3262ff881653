// The follow-up grain on the records (ARCHITECTURE.md, the grain of the follow-ups): who keeps a prospect's follow-up
// schedule, its own follow-up workflow or the dealer's daily sweep, is its conversion_state row's `grain`. The sweep
// keeps the prospect's next wake time there (`wakeAt`) and what it owes (`escalateDue`, `lossAt`). Shared by the
// conversion tick (worker) and the API's and reconcile's start and change paths, so both sides agree on the row.
import type { DataSource, EntityManager } from 'typeorm';
import type { TickInput, TickResult } from '@kaflow/workflows';
import { loadPolicy } from './policy.store';

type Db = DataSource | EntityManager;

/** Longest wait without anything due: the follow-up workflow's self-check, and the sweep's. */
export const FOLLOW_UP_MAX_SLEEP_MS = 7 * 86_400_000;

/**
 * After a tick, in its transaction: the sweep's bookkeeping on the row, the hand-over of a follow-up workflow's
 * prospect to the sweep (its tick says `grain: 'sweep'` and the workflow ends), or the row taken back by a
 * follow-up workflow (the dealer was switched back to 'prospect', or a workflow of older code still runs).
 */
export async function keepGrain(
  m: EntityManager,
  input: Pick<TickInput, 'prospectId' | 'sweep' | 'handOver'>,
  dealerGrain: 'prospect' | 'sweep',
  rowGrain: string,
  result: TickResult,
  at: Date,
): Promise<TickResult> {
  const wakeAt = result.status === 'live' ? new Date(at.getTime() + (result.wakeInMs ?? FOLLOW_UP_MAX_SLEEP_MS)) : null;
  if (input.sweep) {
    if (rowGrain !== 'sweep') return result; // a follow-up workflow took it back meanwhile: its own now
    await m.query(
      `UPDATE conversion_state SET "wakeAt" = $2, "escalateDue" = COALESCE($3, "escalateDue"),
         "lossAt" = CASE WHEN $4 THEN (SELECT max(at) FROM grade_change WHERE "prospectId" = $1 AND "toGrade" = 'F')
                         ELSE "lossAt" END
       WHERE "prospectId" = $1`,
      [input.prospectId, wakeAt, result.escalate?.dueAt ?? null, result.status === 'lost'],
    );
    return result;
  }
  if (input.handOver && dealerGrain === 'sweep' && result.status === 'live') {
    // the workflow escalates what this tick found before it ends, so the sweep owes nothing yet
    await m.query(
      `UPDATE conversion_state SET grain = 'sweep', "wakeAt" = $2, "escalateDue" = NULL, "lossAt" = NULL,
         "updatedAt" = $3 WHERE "prospectId" = $1`,
      [input.prospectId, wakeAt, at],
    );
    return { ...result, grain: 'sweep' };
  }
  if (rowGrain !== 'prospect')
    await m.query(
      `UPDATE conversion_state SET grain = 'prospect', "wakeAt" = NULL, "escalateDue" = NULL, "lossAt" = NULL,
         "updatedAt" = $2 WHERE "prospectId" = $1`,
      [input.prospectId, at],
    );
  return result;
}

/**
 * Prospects of a dealer on the sweep grain need their schedule looked at (new, changed, revived, imported): their
 * rows become the sweep's and due now, and the next bucket of the day's sweep re-plans them. Returns the ids so
 * handled; the caller starts or signals the follow-up workflow of the others, as before: all of them when the dealer
 * is on the 'prospect' grain, and a prospect whose own workflow still keeps it (it hands over at its next wake; the
 * signal wakes it now).
 */
export async function dueForSweep(
  db: Db,
  dealerId: string,
  prospects: Array<{ prospectId: string; workflowId: string }>,
  now: Date,
): Promise<Set<string>> {
  if (!prospects.length || (await loadPolicy(db, dealerId)).followUpGrain !== 'sweep') return new Set();
  const rows: Array<{ prospectId: string }> = await db.query(
    `INSERT INTO conversion_state ("prospectId", "dealerId", "workflowId", status, "startedAt", "updatedAt", grain,
       "wakeAt")
     SELECT a.id, $2, a.wf, 'live', $4, $4, 'sweep', $4 FROM unnest($1::uuid[], $3::text[]) AS a(id, wf)
     ON CONFLICT ("prospectId") DO UPDATE SET grain = 'sweep', "wakeAt" = $4, "updatedAt" = $4
       WHERE conversion_state.grain = 'sweep' OR conversion_state.status <> 'live'
     RETURNING "prospectId"`,
    [prospects.map((p) => p.prospectId), dealerId, prospects.map((p) => p.workflowId), now],
  );
  return new Set(rows.map((r) => r.prospectId));
}

/** Whether the prospect's schedule is the sweep's (a delivery then needs no signal: the row says it all). */
export async function keptBySweep(db: Db, prospectId: string): Promise<boolean> {
  const [row] = await db.query('SELECT 1 FROM conversion_state WHERE "prospectId" = $1 AND grain = $2', [
    prospectId,
    'sweep',
  ]);
  return !!row;
}
