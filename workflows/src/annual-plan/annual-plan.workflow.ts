// 年度规划: on the first working day of December (policy) the system pre-fills next year's plan from
// last year's actuals; the key-account manager edits and submits it, the director reviews (a plan
// that fails coverage needs an override note), the GM signs.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PlanningActivities } from '@kaflow/activities';
import { finishHandlers, planApprovalChain, startChildOnce, type PlanBrief } from '../common';
import { annualPlanWorkflowId, type AnnualPlanInput } from './annual-plan.contract';

const planning = proxyActivities<PlanningActivities>({ startToCloseTimeout: '2 minutes' });

export async function annualPlanWorkflow(input: AnnualPlanInput): Promise<PlanBrief | null> {
  const { dealerId, year, businessDate } = input;
  const workflowId = workflowInfo().workflowId;
  if (
    !(await planning.claimProcessRun({
      dealerId,
      process: 'annual-plan',
      periodKey: String(year),
      workflowId,
      businessDate,
    }))
  )
    return null;
  const draft = await planning.prefillPlan({
    dealerId,
    kind: 'annual',
    period: String(year),
    businessDate,
    workflowId,
  });
  const approved = await planApprovalChain(draft, { dealerId, reviewers: 'director+gm' });
  await finishHandlers();
  return approved;
}

/** Started every day by the dealer's schedule: acts on the first working day of the policy's month. */
export async function annualPlanScheduledWorkflow(input: { dealerId: string }): Promise<string | null> {
  const today = await planning.planningToday({ dealerId: input.dealerId, process: 'annual-plan' });
  if (!today.start) return null;
  return startChildOnce(annualPlanWorkflow, annualPlanWorkflowId(input.dealerId, today.periodKey), [
    { dealerId: input.dealerId, year: Number(today.periodKey), businessDate: today.businessDate },
  ]);
}
