// 预警, the early warning: on each weekly review and mid-month (the 15th or the next working day), when the month's
// forecast P50 falls short of the target by more than the policy's margin, the key-account manager gets a task with
// the gap per model and consultant and the open H and A prospects that could close it. The manager notes it with
// the action taken; not acted on, it escalates along the default chain (the sales director) on the weekly review's
// timing. No task when the target is met or the shortfall is within the margin.
import { proxyActivities } from '@temporalio/workflow';
import type { WeeklyReviewActivities } from '@kaflow/activities';
import { finishHandlers, humanTask } from '../common';
import { forecastWarningSubjectId, type ForecastWarningInput } from './weekly-review.contract';

const wr = proxyActivities<WeeklyReviewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface ForecastWarningResult {
  warned: boolean;
  reason: string | null;
  target: number | null;
  p50: number | null;
  gap: number | null;
  decision?: string;
}

export async function forecastWarningWorkflow(input: ForecastWarningInput): Promise<ForecastWarningResult> {
  const { dealerId, key } = input;
  const w = await wr.prepareForecastWarning(input);
  const result = { reason: w.reason, target: w.target, p50: w.p50, gap: w.gap };
  if (!w.warn) return { warned: false, ...result };
  const decision = await humanTask({
    kind: 'forecast_warning',
    dealerId,
    chain: 'default',
    due: 'weeklyReview',
    assignee: { role: 'ka_manager' },
    subject: { type: 'forecast_warning', id: forecastWarningSubjectId(dealerId, key) },
    // numbers only after the kind: the English title swaps the kind for its English label
    title: `预警：${w.month} P50 ${w.p50} / ${w.target}`,
    payload: w.payload,
  });
  await finishHandlers();
  return { warned: true, ...result, decision: decision.decision };
}
