// The sweep grain of the follow-ups (ARCHITECTURE.md): for a dealer whose policy says followUpGrain 'sweep', one run
// per dealer and sweep day (05:00 to 05:00 dealer time) instead of one workflow per prospect. The due times live in
// SQL (conversion_state.wakeAt); each round runs the product's own tick for the prospects due by the end of the
// current bucket (policy followUpSweepBucket, 15 minutes by default), starts what the tick asks for (the same
// overdue-follow-up escalation, the same lost-deal analysis, each once by its workflow id), and sleeps until the end
// of the next bucket. A change recorded in the API marks its prospect due now, so the next bucket re-plans it.
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { ConversionActivities } from '@kaflow/activities';
import { startChildOnce } from '../common';
import { lostDealAnalysisWorkflow } from './lost-analysis.workflow';
import { overdueFollowupWorkflow } from './overdue-followup.workflow';
import {
  followUpSweepWorkflowId,
  lostAnalysisWorkflowId,
  overdueFollowupWorkflowId,
  type FollowUpSweepInput,
  type SweepAck,
  type SweepRound,
  type SweepTotals,
} from './conversion.contract';

const day = proxyActivities<ConversionActivities>({ startToCloseTimeout: '1 minute' });
// a round ticks up to 500 prospects with a heartbeat after each batch of 50
const rounds = proxyActivities<ConversionActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const HISTORY_LIMIT = 2_000;

/** Started by the dealer's 05:00 schedule: the day's sweep, once per dealer and date, on the sweep grain only. */
export async function followUpSweepScheduledWorkflow(input: { dealerId: string }): Promise<string | null> {
  const d = await day.followUpSweepDay(input);
  if (d.grain !== 'sweep') return null;
  return startChildOnce(followUpSweepWorkflow, followUpSweepWorkflowId(input.dealerId, d.date), [
    { dealerId: input.dealerId, date: d.date, until: d.until },
  ]);
}

export async function followUpSweepWorkflow(input: FollowUpSweepInput): Promise<SweepTotals> {
  const { dealerId } = input;
  const totals: SweepTotals = input.totals ?? { rounds: 0, ticked: 0, failed: 0, escalations: 0, losses: 0 };
  let ack: SweepAck = { escalations: [], losses: [] };
  let upTo: string | null = null;
  for (;;) {
    const r: SweepRound = await rounds.sweepFollowUps({ dealerId, upTo, until: input.until, ack });
    totals.rounds++;
    totals.ticked += r.ticked;
    totals.failed += r.failed;
    ack = { escalations: [], losses: [] };
    if (r.grain !== 'sweep') return totals; // switched back to one workflow per prospect
    // what the follow-up workflow would start, by the same workflow ids: each exactly once, whoever starts it
    await Promise.all([
      ...r.escalations.map(async (e) => {
        await startChildOnce(overdueFollowupWorkflow, overdueFollowupWorkflowId(dealerId, e.prospectId, e.dueAt), [e]);
        ack.escalations.push({ prospectId: e.prospectId, dueAt: e.dueAt });
      }),
      ...r.losses.map(async (l) => {
        await startChildOnce(lostDealAnalysisWorkflow, lostAnalysisWorkflowId(dealerId, l.prospectId, l.lostAt), [
          { dealerId, prospectId: l.prospectId },
        ]);
        ack.losses.push(l);
      }),
    ]);
    totals.escalations += r.escalations.length;
    totals.losses += r.losses.length;
    if (r.more || ack.escalations.length || ack.losses.length) continue; // the rest now, and clear what was started
    if (!r.next) return totals; // the next day's run takes over
    await sleep(r.next.inMs);
    upTo = r.next.at;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT)
      await continueAsNew<typeof followUpSweepWorkflow>({ ...input, totals });
  }
}
