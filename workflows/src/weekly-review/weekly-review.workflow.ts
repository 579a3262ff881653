// 周进度盘点: on the first working day of each ISO week the key-account manager reviews the month's
// progress against the approved targets, pro-rated by working days, and writes corrective actions
// for the gaps; the sales directors get one summary.
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RecordKeepingActivities, WeeklyReviewActivities } from '@kaflow/activities';
import { finishHandlers, humanTask, startChildOnce } from '../common';
import { forecastWarningWorkflow } from './forecast-warning.workflow';
import {
  forecastWarningWorkflowId,
  weeklyReviewWorkflowId,
  type WeeklyReviewAction,
  type WeeklyReviewInput,
  type WeeklyReviewScheduleInput,
} from './weekly-review.contract';

const wr = proxyActivities<WeeklyReviewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const rk = proxyActivities<RecordKeepingActivities>({ startToCloseTimeout: '2 minutes' });

export interface WeeklyReviewResult {
  week: string;
  reviewed: boolean;
  gaps: number;
  actions: number;
}

export async function weeklyReviewWorkflow(input: WeeklyReviewInput): Promise<WeeklyReviewResult> {
  const { dealerId, businessDate } = input;
  const { week, claimed, progress } = await wr.prepareWeeklyReview(input);
  if (!claimed) return { week, reviewed: false, gaps: progress.gaps, actions: 0 };
  // 预警: the review also checks the month's forecast (a child of its own, once per dealer and week)
  if (patched('weekly-review-forecast-warning'))
    await startChildOnce(forecastWarningWorkflow, forecastWarningWorkflowId(dealerId, week), [
      { dealerId, businessDate, occasion: 'weekly_review', key: week },
    ]);

  const gaps = progress.lines.filter((l) => l.gap);
  const title = !progress.plan
    ? `周进度盘点 ${week}：本月无已批准目标`
    : gaps.length
      ? `周进度盘点 ${week}：${gaps.length} 项差距`
      : `周进度盘点 ${week}：无差距`;
  const review = humanTask({
    kind: 'weekly_review',
    dealerId,
    chain: 'default',
    due: 'weeklyReview',
    assignee: { role: 'ka_manager' },
    subject: { type: 'weekly_review', id: `${dealerId}:${week}` },
    title,
    payload: {
      week,
      businessDate,
      month: progress.month,
      share: progress.share,
      through: progress.through,
      plan: progress.plan,
      note: progress.note,
      gapCount: gaps.length,
      gaps,
      lines: progress.lines,
    },
  });
  await wr.linkWeeklyReviewTask({ dealerId, week, workflowId: workflowInfo().workflowId });
  const decision = await review;
  const actions = (decision.data?.actions ?? []) as WeeklyReviewAction[];
  await wr.recordWeeklyReviewActions({ dealerId, week, taskId: decision.taskId, actions });
  await wr.sendWeeklyReviewSummary({ dealerId, week });
  await finishHandlers();
  return { week, reviewed: true, gaps: gaps.length, actions: actions.length };
}

/**
 * Started by the dealer's daily 09:00 schedule: reviews once, on the first working day of the week only; and on the
 * 15th (or the next working day) starts the mid-month forecast warning.
 */
export async function weeklyReviewScheduledWorkflow(input: WeeklyReviewScheduleInput): Promise<string | null> {
  const { businessDate } = await rk.businessToday(input);
  const day = await wr.weeklyReviewToday({ dealerId: input.dealerId, businessDate });
  if (!day.start) {
    // on a weekly review's day the review's own warning covers the mid-month one
    if (patched('forecast-warning-mid-month')) {
      const mid = await wr.midMonthWarningToday({ dealerId: input.dealerId, businessDate });
      const key = `${mid.month}-15`;
      if (mid.start)
        return startChildOnce(forecastWarningWorkflow, forecastWarningWorkflowId(input.dealerId, key), [
          { dealerId: input.dealerId, businessDate, occasion: 'mid_month', key },
        ]);
    }
    return null;
  }
  return startChildOnce(weeklyReviewWorkflow, weeklyReviewWorkflowId(input.dealerId, day.week), [
    { dealerId: input.dealerId, businessDate },
  ]);
}
