// Processes 2–4: the month-end cycle starts on a business date inside the month's last 5 working
// days, once per dealer and month; outside the window nothing starts.
import { monthOf } from '@kaflow/calendar';
import { ProcessRunEntity } from '@kaflow/persistence';
import { monthEndWorkflow, monthEndWorkflowId } from '@kaflow/workflows';
import { startOnce, type ProcessTrigger } from './trigger';

export const monthEndTrigger: ProcessTrigger = async (ctx) => {
  const { dealerId, businessDate } = ctx;
  const month = monthOf(businessDate);
  const workflowId = monthEndWorkflowId(dealerId, month);
  const window = ctx.calendar.monthEndWindow(month);
  if (!window.includes(businessDate)) {
    return {
      workflowId,
      started: false,
      businessDate,
      reason: `${businessDate} is outside the month-end window of ${month} (${window.join(', ')})`,
    };
  }
  if (await ctx.db.getRepository(ProcessRunEntity).existsBy({ dealerId, process: 'month-end', periodKey: month })) {
    return { workflowId, started: false, businessDate, reason: `already run for ${month}` };
  }
  return startOnce(ctx, monthEndWorkflow, workflowId, [{ dealerId, month, businessDate }]);
};
