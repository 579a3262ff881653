// Process 5's daily self-check (每日自检): working days only, once per dealer and date.
import { DailyCheckRunEntity } from '@kaflow/persistence';
import { dailyCheckWorkflow, dailyCheckWorkflowId } from '@kaflow/workflows';
import { startOnce, type ProcessTrigger } from './trigger';

export const dailyCheckTrigger: ProcessTrigger = async (ctx) => {
  const { dealerId, businessDate } = ctx;
  const workflowId = dailyCheckWorkflowId(dealerId, businessDate);
  if (!ctx.calendar.isWorkingDay(businessDate))
    return { workflowId, started: false, businessDate, reason: `${businessDate} is not a working day` };
  // The run row outlives Temporal's retention of closed workflows: a date checked once is never checked again.
  if (await ctx.db.getRepository(DailyCheckRunEntity).existsBy({ dealerId, businessDate })) {
    return { workflowId, started: false, businessDate, reason: 'already run for this date' };
  }
  return startOnce(ctx, dailyCheckWorkflow, workflowId, [{ dealerId, businessDate }]);
};
