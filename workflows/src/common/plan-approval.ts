// The sign-off chain every plan goes through (processes 1–4): the key-account manager submits the
// pre-filled draft, the director reviews, the GM signs where the manual asks for it. A rejection —
// or anything `afterSubmit` finds, such as disputed personal targets — sends a new draft version
// back to the manager with the reason kept.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { ErrorCode } from '@kaflow/domain';
import type { PlanningActivities } from '@kaflow/activities';
import { humanTask } from './human-task';
import { PLAN_KIND_ZH, type PlanBrief } from './plan-approval.contract';

const planning = proxyActivities<PlanningActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export type Reviewers = 'none' | 'director' | 'director+gm';

export interface PlanChainOptions {
  dealerId: string;
  reviewers: Reviewers;
  /** Runs after each submission; a returned reason sends the plan back to the manager. */
  afterSubmit?: (plan: PlanBrief) => Promise<string | undefined>;
}

const label = (p: PlanBrief) => `${PLAN_KIND_ZH[p.kind]} ${p.period} v${p.version}`;
const payload = (p: PlanBrief, extra: Record<string, unknown> = {}) => ({
  plan: { id: p.planId, kind: p.kind, period: p.period, version: p.version },
  summary: p.summary,
  coverageOk: p.coverageOk,
  ...(p.gaps?.length ? { gaps: p.gaps } : {}),
  link: `/api/plans/${p.kind}/${p.period}`,
  ...extra,
});

export async function planApprovalChain(first: PlanBrief, o: PlanChainOptions): Promise<PlanBrief> {
  let plan = first;
  let sentBack: string | undefined;
  for (;;) {
    const draft = await humanTask({
      kind: 'plan_draft',
      dealerId: o.dealerId,
      chain: 'default',
      due: 'planDraft',
      assignee: { role: 'ka_manager' },
      subject: { type: 'plan', id: plan.planId },
      title: `编制${label(plan)}${sentBack ? '（退回修改）' : ''}`,
      payload: payload(plan, sentBack ? { sentBack } : {}),
    });
    try {
      plan = await planning.submitPlan({ planId: plan.planId, decision: draft });
    } catch (err) {
      // edits the plan cannot take (the API checks them first; this is the last guard): ask again
      const cause = err instanceof ActivityFailure ? err.cause : undefined;
      if (
        !(cause instanceof ApplicationFailure) ||
        !([ErrorCode.BadRequest, ErrorCode.Conflict] as string[]).includes(cause.type ?? '')
      )
        throw err;
      sentBack = `提交未成功：${cause.message}`;
      continue;
    }
    sentBack = o.afterSubmit ? await o.afterSubmit(plan) : undefined;
    if (sentBack) {
      plan = await planning.revisePlan({ planId: plan.planId, decision: draft, reason: sentBack });
      continue;
    }
    if (o.reviewers === 'none') return planning.approvePlan({ planId: plan.planId, decision: draft });

    const review = await humanTask({
      kind: 'plan_review',
      dealerId: o.dealerId,
      chain: 'default',
      due: 'planReview',
      assignee: { role: 'sales_director' },
      subject: { type: 'plan', id: plan.planId },
      title: `审核${label(plan)}：${plan.summary}`,
      payload: payload(plan),
    });
    if (review.decision === 'reject') {
      sentBack = `销售总监退回：${review.comment}`;
      plan = await planning.revisePlan({ planId: plan.planId, decision: review, reason: sentBack });
      continue;
    }
    if (o.reviewers === 'director') return planning.approvePlan({ planId: plan.planId, decision: review });
    plan = await planning.reviewPlan({ planId: plan.planId, decision: review });

    const signoff = await humanTask({
      kind: 'plan_signoff',
      dealerId: o.dealerId,
      chain: 'default',
      due: 'planSignoff',
      assignee: { role: 'gm' },
      subject: { type: 'plan', id: plan.planId },
      title: `签批${label(plan)}：${plan.summary}`,
      payload: payload(plan),
    });
    if (signoff.decision === 'reject') {
      sentBack = `总经理退回：${signoff.comment}`;
      plan = await planning.revisePlan({ planId: plan.planId, decision: signoff, reason: sentBack });
      continue;
    }
    return planning.approvePlan({ planId: plan.planId, decision: signoff });
  }
}
