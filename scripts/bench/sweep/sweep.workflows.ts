// The alternative grain `npm run bench:cost` measures beside the follow-up workflow (one per prospect): follow-up due
// dates kept in SQL only, and one short workflow per dealer and day that sweeps them. The workflow is one activity
// (sweep.activities.ts) that runs the product's own tick (conversionTick: re-read, keep the due date and ledger,
// remind) for each of the dealer's open prospects, in batches; it returns what it did. A prototype to measure,
// not wired into the product: the decision and its figures are in ARCHITECTURE.md.
import { proxyActivities } from '@temporalio/workflow';
import type { SweepActivities } from './sweep.activities';

const acts = proxyActivities<SweepActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '1 minute' });

export async function followUpSweepWorkflow(dealerId: string): Promise<{ ticked: number; escalations: number }> {
  return acts.sweepDealer(dealerId);
}
