// Process 4's weekly progress review (周进度盘点): only on the first working day of an ISO week,
// once per dealer and week.
import { weeklyReviewDay } from '@kaflow/calendar';
import { WeeklyReviewEntity } from '@kaflow/persistence';
import { weeklyReviewWorkflow, weeklyReviewWorkflowId } from '@kaflow/workflows';
import { startOnce, type ProcessTrigger } from './trigger';

export const weeklyReviewTrigger: ProcessTrigger = async (ctx) => {
  const { dealerId, businessDate } = ctx;
  const day = weeklyReviewDay(ctx.calendar, businessDate);
  const workflowId = weeklyReviewWorkflowId(dealerId, day.week);
  if (!day.start) return { workflowId, started: false, businessDate, reason: day.reason };
  // The review row outlives Temporal's retention of closed workflows: a week reviewed once is never reviewed again.
  if (await ctx.db.getRepository(WeeklyReviewEntity).existsBy({ dealerId, week: day.week })) {
    return { workflowId, started: false, businessDate, reason: `already reviewed for week ${day.week}` };
  }
  return startOnce(ctx, weeklyReviewWorkflow, workflowId, [{ dealerId, businessDate }]);
};
