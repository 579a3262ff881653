// 月末: on the first of the last 5 working days the cycle pre-fills next month's X+Y roll for the
// manager, director and GM (P2); once signed, the decomposition goes to every consultant for their
// personal target (P3: confirm, or dispute back to the manager) and then to the director; the lead
// plan goes to the manager (P4). Meanwhile every consultant submits next month's visit plan.
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PlanningActivities } from '@kaflow/activities';
import { finishHandlers, humanTask, planApprovalChain, startChildOnce, type PlanBrief } from '../common';
import { addMonths } from '@kaflow/calendar/src/dates';
import { monthEndWorkflowId, type MonthEndInput, type MonthEndResult } from './month-end.contract';
import { capabilityTrainingWorkflowId } from './capability-training.contract';
import { capabilityTrainingWorkflow } from './capability-training.workflow';

const planning = proxyActivities<PlanningActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function monthEndWorkflow(input: MonthEndInput): Promise<MonthEndResult | null> {
  const { dealerId, month, businessDate } = input;
  const workflowId = workflowInfo().workflowId;
  if (!(await planning.claimProcessRun({ dealerId, process: 'month-end', periodKey: month, workflowId, businessDate })))
    return null;
  const next = addMonths(month, 1);
  const visitPlans = visitPlanTasks(dealerId, next);

  const prefill = (kind: 'rolling' | 'decomposition' | 'lead') =>
    planning.prefillPlan({ dealerId, kind, period: next, businessDate, workflowId });
  const rolling = await planApprovalChain(await prefill('rolling'), { dealerId, reviewers: 'director+gm' });
  const decomposition = await planApprovalChain(await prefill('decomposition'), {
    dealerId,
    reviewers: 'director',
    afterSubmit: (plan) => confirmPersonalTargets(dealerId, plan),
  });
  // P6: once the personal targets stand, a consultant whose base does not carry theirs gets a training request
  if (patched('capability-training')) await requestTraining(dealerId, next);
  const lead = await planApprovalChain(await prefill('lead'), { dealerId, reviewers: 'none' });

  const submitted = await visitPlans;
  await finishHandlers();
  const ref = (p: PlanBrief) => ({ planId: p.planId, version: p.version });
  return { rolling: ref(rolling), decomposition: ref(decomposition), lead: ref(lead), visitPlans: submitted };
}

/** 销售能力评估 → 培训申请: one abandoned child per consultant and month (a second start is a no-op). */
async function requestTraining(dealerId: string, month: string): Promise<void> {
  const short = await planning.capabilityShortfalls({ dealerId, month });
  for (const s of short) {
    await startChildOnce(capabilityTrainingWorkflow, capabilityTrainingWorkflowId(dealerId, month, s.consultantId), [
      s,
    ]);
  }
}

/** 下月走访及活动计划: one task per consultant, running beside the plans. */
async function visitPlanTasks(dealerId: string, month: string): Promise<number> {
  const consultants = await planning.planConsultants({ dealerId });
  await Promise.all(
    consultants.map((c) =>
      humanTask({
        kind: 'visit_plan',
        dealerId,
        chain: 'default',
        due: 'visitPlan',
        assignee: { userId: c.id },
        subject: { type: 'visit_plan', id: `${month}:${c.id}` },
        title: `提交 ${month} 走访及活动计划`,
        payload: { month, consultantId: c.id, link: `/api/visit-plans?month=${month}` },
      }),
    ),
  );
  return consultants.length;
}

/** 个人目标确认书: every consultant confirms or disputes; disputes go back to the manager. */
async function confirmPersonalTargets(dealerId: string, plan: PlanBrief): Promise<string | undefined> {
  const targets = await planning.openPersonalTargets({ planId: plan.planId });
  const answers = await Promise.all(
    targets.map(async (t) => {
      const d = await humanTask({
        kind: 'target_confirmation',
        dealerId,
        chain: 'default',
        due: 'targetConfirmation',
        assignee: { userId: t.consultantId },
        subject: { type: 'personal_target', id: `${plan.planId}:${t.consultantId}` },
        title: `个人目标确认书 ${plan.period}：订单 ${t.targets.orders} · AAK ${t.targets.aak} · 提报 ${t.targets.submissions}`,
        payload: { plan: { id: plan.planId, period: plan.period, version: plan.version }, targets: t.targets },
      });
      await planning.recordTargetDecision({ planId: plan.planId, consultantId: t.consultantId, decision: d });
      return { name: t.name, d };
    }),
  );
  const disputes = answers.filter((a) => a.d.decision === 'dispute');
  return disputes.length ? `个人目标有异议：${disputes.map((a) => `${a.name}：${a.d.comment}`).join('；')}` : undefined;
}

/** Started every day by the dealer's schedule: acts on the first of the month's last 5 working days. */
export async function monthEndScheduledWorkflow(input: { dealerId: string }): Promise<string | null> {
  const today = await planning.planningToday({ dealerId: input.dealerId, process: 'month-end' });
  if (!today.start) return null;
  return startChildOnce(monthEndWorkflow, monthEndWorkflowId(input.dealerId, today.periodKey), [
    { dealerId: input.dealerId, month: today.periodKey, businessDate: today.businessDate },
  ]);
}
