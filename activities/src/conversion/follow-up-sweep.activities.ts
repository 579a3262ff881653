// The sweep grain's side effects (ARCHITECTURE.md, the grain of the follow-ups): for a dealer on the 'sweep' grain,
// each round of the day's sweep runs the product's own tick (conversionTick: reminders, hot warnings, the ledger, the
// due date) for the prospects whose wake time has come, a batch at a time with a heartbeat after each, and says what
// the sweep owes (escalations, lost-deal analyses, kept on the rows until the run has started them) and when the
// next bucket ends. A prospect whose tick fails is tried again a bucket later; the others go on.
import { Context } from '@temporalio/activity';
import { In } from 'typeorm';
import { isoDurationMs } from '@kaflow/domain';
import { nextSweepBucket, sweepDayOf } from '@kaflow/calendar';
import { ProspectEntity } from '@kaflow/persistence';
import { followUpRules } from '@kaflow/records';
import type { SweepDayStart, SweepRound, SweepRoundInput, TickInput, TickResult } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';
import { prospectLabel } from './lost-analysis.activities';

/** Rows one round ticks at most (the run goes on at once when more are due), in batches of BATCH, PARALLEL at once. */
const ROUND_ROWS = 500;
const BATCH = 50;
const PARALLEL = 4;
/** Escalations and losses one round hands the run at most. */
const OWED_ROWS = 100;

export function createFollowUpSweepActivities(deps: ActivityDeps, tick: (input: TickInput) => Promise<TickResult>) {
  const { db, now } = deps;
  return {
    /** The dealer's grain and the sweep day now (the schedule starts the day's run only on the sweep grain). */
    async followUpSweepDay(input: { dealerId: string }): Promise<SweepDayStart> {
      const { policy } = await followUpRules(db, input.dealerId);
      const day = sweepDayOf(now(), policy.timezone);
      return { grain: policy.followUpGrain, date: day.date, until: day.until.toISOString() };
    },

    /** One round of the day's sweep: clear what the run started, tick what is due, say what is owed and when next. */
    async sweepFollowUps(input: SweepRoundInput): Promise<SweepRound> {
      const { dealerId } = input;
      const at = now();
      if (input.ack.escalations.length)
        await db.query(
          `UPDATE conversion_state c SET "escalateDue" = NULL FROM unnest($1::uuid[], $2::timestamptz[]) AS a(id, due)
            WHERE c."prospectId" = a.id AND c."escalateDue" = a.due`,
          [input.ack.escalations.map((e) => e.prospectId), input.ack.escalations.map((e) => e.dueAt)],
        );
      if (input.ack.losses.length)
        await db.query(
          `UPDATE conversion_state c SET "lossAt" = NULL FROM unnest($1::uuid[], $2::timestamptz[]) AS a(id, lost)
            WHERE c."prospectId" = a.id AND c."lossAt" = a.lost`,
          [input.ack.losses.map((l) => l.prospectId), input.ack.losses.map((l) => l.lostAt)],
        );
      const { policy } = await followUpRules(db, dealerId);
      const round: SweepRound = {
        grain: policy.followUpGrain,
        ticked: 0,
        failed: 0,
        more: false,
        escalations: [],
        losses: [],
        next: null,
      };
      if (policy.followUpGrain !== 'sweep') return round;
      const bucketMs = isoDurationMs(policy.followUpSweepBucket) ?? 15 * 60_000;

      const upTo = new Date(Math.max(at.getTime(), input.upTo ? Date.parse(input.upTo) : 0));
      const due: Array<{ prospectId: string; workflowId: string }> = await db.query(
        `SELECT "prospectId", "workflowId" FROM conversion_state
          WHERE "dealerId" = $1 AND grain = 'sweep' AND "wakeAt" <= $2 ORDER BY "wakeAt", "prospectId" LIMIT $3`,
        [dealerId, upTo, ROUND_ROWS],
      );
      for (let i = 0; i < due.length; i += BATCH) {
        const batch = due.slice(i, i + BATCH);
        for (let j = 0; j < batch.length; j += PARALLEL) {
          await Promise.all(
            batch.slice(j, j + PARALLEL).map(async (r) => {
              try {
                await tick({ dealerId, prospectId: r.prospectId, workflowId: r.workflowId, sweep: true });
                round.ticked++;
              } catch (err) {
                round.failed++;
                Context.current().log.warn(`sweep tick of ${r.prospectId} failed: ${(err as Error)?.message ?? err}`);
                await db.query(`UPDATE conversion_state SET "wakeAt" = $2 WHERE "prospectId" = $1`, [
                  r.prospectId,
                  new Date(at.getTime() + bucketMs),
                ]);
              }
            }),
          );
        }
        Context.current().heartbeat({ ticked: round.ticked, failed: round.failed });
      }
      round.more = due.length === ROUND_ROWS;
      round.escalations = await owedEscalations(dealerId);
      const losses: Array<{ prospectId: string; lossAt: Date }> = await db.query(
        `SELECT "prospectId", "lossAt" FROM conversion_state
          WHERE "dealerId" = $1 AND grain = 'sweep' AND "lossAt" IS NOT NULL ORDER BY "lossAt" LIMIT $2`,
        [dealerId, OWED_ROWS],
      );
      const end = nextSweepBucket(now().getTime(), bucketMs, Date.parse(input.until));
      return {
        ...round,
        losses: losses.map((l) => ({ prospectId: l.prospectId, lostAt: new Date(l.lossAt).toISOString() })),
        next: end === null ? null : { at: new Date(end).toISOString(), inMs: Math.max(1, end - now().getTime()) },
      };
    },
  };

  /** The escalations the sweep owes, as the follow-up workflow would start them (label, owner and grade now). */
  async function owedEscalations(dealerId: string): Promise<SweepRound['escalations']> {
    const rows: Array<{ prospectId: string; escalateDue: Date }> = await db.query(
      `SELECT "prospectId", "escalateDue" FROM conversion_state
        WHERE "dealerId" = $1 AND grain = 'sweep' AND "escalateDue" IS NOT NULL ORDER BY "escalateDue" LIMIT $2`,
      [dealerId, OWED_ROWS],
    );
    if (!rows.length) return [];
    const prospects = await db.getRepository(ProspectEntity).findBy({ id: In(rows.map((r) => r.prospectId)) });
    const byId = new Map(prospects.map((p) => [p.id, p]));
    const out: SweepRound['escalations'] = [];
    for (const r of rows) {
      const p = byId.get(r.prospectId);
      if (!p) continue;
      out.push({
        dealerId,
        prospectId: p.id,
        dueAt: new Date(r.escalateDue).toISOString(),
        label: await prospectLabel(p, db),
        ownerId: p.ownerId,
        grade: p.grade,
      });
    }
    return out;
  }
}

export type FollowUpSweepActivities = ReturnType<typeof createFollowUpSweepActivities>;
