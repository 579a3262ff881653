// 潜客跟进, the follow-up workflow: one long-lived, small workflow per prospect. It sleeps until the
// next thing to check (due date, grace, hot-month deadline), or until a signal says the records
// changed; the records in PostgreSQL are the truth it re-reads through one activity (conversionTick,
// the process's activity name, kept for the histories of running workflows). Few events per cycle,
// one timer at a time, continue-as-new on long histories: cheap at 100,000 prospects. A dealer on the sweep grain
// takes its prospects from their workflows one by one: each run ends ('swept') at its next wake.
import { condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ConversionActivities } from '@kaflow/activities';
import { startChildOnce } from '../common';
import { lostDealAnalysis } from './lost-analysis.workflow';
import { overdueFollowupWorkflow } from './overdue-followup.workflow';
import {
  deliveredSignal,
  overdueFollowupWorkflowId,
  prospectChangedSignal,
  followUpQuery,
  type FollowUpInput,
  type FollowUpOutcome,
  type DeliveredSignalInput,
  type TickResult,
} from './conversion.contract';

const conv = proxyActivities<ConversionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// The prospect is committed before the workflow starts; a first read that still fails is retried for ~4 minutes.
const opening = proxyActivities<ConversionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 8 },
});

/** Longest sleep without anything due: a self-check that heals a signal lost while Temporal was down. */
const MAX_SLEEP_MS = 7 * 86_400_000;
const HISTORY_LIMIT = 1_000;

export async function followUpWorkflow(input: FollowUpInput): Promise<FollowUpOutcome> {
  const { dealerId, prospectId } = input;
  const { workflowId } = workflowInfo();
  let changed = false;
  let delivered: DeliveredSignalInput | undefined = input.delivered;
  let escalatedDue = input.escalatedDue;
  let last: TickResult | null = null;
  setHandler(prospectChangedSignal, () => {
    changed = true;
  });
  setHandler(deliveredSignal, (d) => {
    delivered = d ?? {};
    changed = true;
  });
  setHandler(followUpQuery, () => last);

  let activities = input.continued ? conv : opening;
  for (;;) {
    changed = false;
    // handOver: this run can hand the prospect to the dealer's sweep (an activity input; histories are unaffected)
    let tick = await activities.conversionTick({ dealerId, prospectId, workflowId, delivered, handOver: true });
    activities = conv;
    if (tick.status === 'lost') {
      await lostDealAnalysis(dealerId, prospectId, workflowId);
      tick = await conv.conversionTick({ dealerId, prospectId, workflowId, delivered, handOver: true });
      // still lost after the analysis; a revival starts a new run
      if (tick.status === 'lost') return { outcome: 'lost' };
    }
    last = tick;
    if (tick.status === 'delivered') return { outcome: 'delivered' };
    if (tick.escalate && tick.escalate.dueAt !== escalatedDue) {
      escalatedDue = tick.escalate.dueAt;
      await escalate({
        dealerId,
        prospectId,
        dueAt: escalatedDue,
        label: tick.label,
        ownerId: tick.ownerId,
        grade: tick.grade,
      });
    }
    // The dealer is on the sweep grain: the tick handed the prospect to the sweep (its row keeps the wake time), and
    // this run ends here; a change signalled during that tick is ticked first, so the wake time counts it. Older
    // histories have no `grain` in their ticks and never reach the patch marker.
    if (tick.grain === 'sweep' && patched('follow-up-sweep-grain')) {
      if (!changed) return { outcome: 'swept' };
      continue;
    }
    const sleep = Math.max(1, Math.min(tick.wakeInMs ?? MAX_SLEEP_MS, MAX_SLEEP_MS));
    await condition(() => changed, sleep);
    const info = workflowInfo();
    if (!changed && (info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT)) {
      await continueAsNew<typeof followUpWorkflow>({
        dealerId,
        prospectId,
        escalatedDue,
        delivered,
        continued: true,
      });
    }
  }
}

/** A missed follow-up goes to the key-account manager as its own small workflow (it outlives continue-as-new). */
async function escalate(input: Parameters<typeof overdueFollowupWorkflow>[0]): Promise<void> {
  await startChildOnce(
    overdueFollowupWorkflow,
    overdueFollowupWorkflowId(input.dealerId, input.prospectId, input.dueAt),
    [input],
  );
}
