// Process 1 on demand: from the policy's month (December) on, the plan is for next year; earlier in
// the year a late start plans the current year. Once per dealer and year.
import { ProcessRunEntity } from '@kaflow/persistence';
import { annualPlanWorkflow, annualPlanWorkflowId } from '@kaflow/workflows';
import { startOnce, type ProcessTrigger } from './trigger';

export const annualPlanTrigger: ProcessTrigger = async (ctx) => {
  const { dealerId, businessDate } = ctx;
  const y = Number(businessDate.slice(0, 4));
  const year = Number(businessDate.slice(5, 7)) >= ctx.policy.annualPlanMonth ? y + 1 : y;
  const workflowId = annualPlanWorkflowId(dealerId, year);
  if (
    await ctx.db.getRepository(ProcessRunEntity).existsBy({ dealerId, process: 'annual-plan', periodKey: String(year) })
  ) {
    return { workflowId, started: false, businessDate, reason: `already run for ${year}` };
  }
  return startOnce(ctx, annualPlanWorkflow, workflowId, [{ dealerId, year, businessDate }]);
};
