// 战败日报: every working day the key-account manager gets one e-mail listing the previous working
// day's lost deals, for the daily team review of lost cases (manual §4 process 6).
import { proxyActivities } from '@temporalio/workflow';
import type { ConversionActivities } from '@kaflow/activities';
import type { LossDigestInput } from './conversion.contract';

const conv = proxyActivities<ConversionActivities>({ startToCloseTimeout: '2 minutes' });

/** Started by the dealer's 08:30 schedule; acts on working days only, once per dealer and date. */
export async function lossDigestScheduledWorkflow(
  input: LossDigestInput,
): Promise<{ businessDate: string; losses: number } | null> {
  const { businessDate, working } = await conv.conversionToday(input);
  if (!working) return null;
  const losses = await conv.sendLossDigest({ dealerId: input.dealerId, businessDate });
  return { businessDate, losses };
}
