// Processes 1–3 plan life cycle (mirrors workflows/src/common/plan-approval.ts): claim a period's run, pre-fill a
// plan, move its versions along their sign-offs. Each is idempotent on its plan / run, and every state change
// writes its audit row in the same transaction, only when it moved the plan (a retry writes nothing twice).
import { ApplicationFailure } from '@temporalio/activity';
import { localDate } from '@kaflow/calendar';
import { DomainError, ErrorCode } from '@kaflow/domain';
import { PersonalTargetEntity, PlanEntity, ProcessRunEntity, type PlanKind } from '@kaflow/persistence';
import {
  approve,
  approvedPlan,
  createDraft,
  editDraft,
  loadCalendar,
  loadPolicy,
  movePlan,
  newestPlan,
  writeAudit,
} from '@kaflow/records';
import type { Decision, PlanBrief, ProcessRunClaim } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';
import { prefillAnnual } from '../annual-plan/annual-prefill';
import { prefillDecomposition, prefillLead, prefillRolling } from '../month-end/month-end-prefill';
import type { Prefill } from './prefill-common';
import { brief } from './plan-brief';
import { planningStartRule, type ScheduledStart } from './start-rule';

/** Business refusals are not outages: retrying would not help, and the failure's type is the error code. */
async function plainly<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof DomainError) {
      throw ApplicationFailure.create({
        message: e.message,
        type: e.code,
        nonRetryable: true,
        details: e.details ?? [],
      });
    }
    throw e;
  }
}

export function createPlanApprovalActivities(deps: ActivityDeps) {
  const { db, now } = deps;

  async function prefill(kind: PlanKind, dealerId: string, period: string, businessDate: string): Promise<Prefill> {
    const policy = await loadPolicy(db, dealerId);
    if (kind === 'annual') return prefillAnnual(db, dealerId, Number(period), businessDate);
    if (kind === 'rolling')
      return prefillRolling(
        db,
        dealerId,
        period,
        businessDate,
        await approvedPlan(db, { dealerId, kind: 'annual', period: period.slice(0, 4) }),
      );
    const source = await approvedPlan(db, {
      dealerId,
      kind: kind === 'decomposition' ? 'rolling' : 'decomposition',
      period,
    });
    if (!source)
      throw new DomainError(
        ErrorCode.Conflict,
        `no approved ${kind === 'decomposition' ? 'rolling plan' : 'decomposition'} for ${period}`,
      );
    return kind === 'decomposition'
      ? prefillDecomposition(db, dealerId, period, source, policy)
      : prefillLead(db, dealerId, period, source, policy);
  }

  return {
    /** Claims the dealer's run of a process for a period; false when another run holds it. */
    async claimProcessRun(c: ProcessRunClaim): Promise<boolean> {
      await db.createQueryBuilder().insert().into(ProcessRunEntity).values(c).orIgnore().execute();
      const row = await db
        .getRepository(ProcessRunEntity)
        .findOneByOrFail({ dealerId: c.dealerId, process: c.process, periodKey: c.periodKey });
      return row.workflowId === c.workflowId;
    },

    /** For the daily starters: today at the dealer, and whether the process starts today. */
    async planningToday(input: { dealerId: string; process: 'annual-plan' | 'month-end' }): Promise<ScheduledStart> {
      const [policy, calendar] = await Promise.all([loadPolicy(db, input.dealerId), loadCalendar(db, input.dealerId)]);
      const businessDate = localDate(now(), policy.timezone);
      return planningStartRule(input.process, businessDate, calendar, policy.annualPlanMonth);
    },

    /** The draft a cycle starts from, pre-filled from the records; a retry returns the same draft. */
    async prefillPlan(input: {
      dealerId: string;
      kind: PlanKind;
      period: string;
      businessDate: string;
      workflowId: string;
    }): Promise<PlanBrief> {
      return plainly(async () => {
        const ref = { dealerId: input.dealerId, kind: input.kind, period: input.period };
        const newest = await newestPlan(db, ref);
        if (newest && newest.workflowId === input.workflowId) return brief(newest);
        const p = await prefill(input.kind, input.dealerId, input.period, input.businessDate);
        const plan = await createDraft(db, ref, {
          ...p,
          reason: `pre-filled from the records on ${input.businessDate}`,
          workflowId: input.workflowId,
        });
        return brief(plan);
      });
    },

    async planBrief(planId: string): Promise<PlanBrief> {
      return brief(await db.getRepository(PlanEntity).findOneByOrFail({ id: planId }));
    },

    /** The manager submits the draft, with any last edits given in the decision's `data.input`. */
    async submitPlan(input: { planId: string; decision: Decision }): Promise<PlanBrief> {
      return plainly(() =>
        db.transaction(async (m) => {
          const d = input.decision;
          let plan = await m.getRepository(PlanEntity).findOneByOrFail({ id: input.planId });
          const patch = d.data?.input;
          if (plan.status === 'draft' && patch && typeof patch === 'object') {
            plan = await editDraft(m, plan.id, plan.revision, patch as Record<string, any>);
          }
          const move = await movePlan(m, plan.id, ['draft'], 'submitted', {
            submittedBy: d.byUserId,
            submittedAt: now(),
          });
          plan = move.plan;
          if (move.moved) {
            await writeAudit(m, {
              dealerId: plan.dealerId,
              actorUserId: d.byUserId,
              action: 'plan.submitted',
              entityType: 'plan',
              entityId: plan.id,
              detail: { kind: plan.kind, period: plan.period, version: plan.version },
            });
          }
          return brief(plan);
        }),
      );
    },

    /** The director's approval of a plan the GM still signs. */
    async reviewPlan(input: { planId: string; decision: Decision }): Promise<PlanBrief> {
      return plainly(() =>
        db.transaction(async (m) => {
          const d = input.decision;
          const note = typeof d.data?.overrideNote === 'string' ? d.data.overrideNote : null;
          const set = { reviewedBy: d.byUserId, reviewedAt: now(), ...(note ? { overrideNote: note } : {}) };
          const { plan, moved } = await movePlan(m, input.planId, ['submitted'], 'reviewed', set);
          if (moved) {
            await writeAudit(m, {
              dealerId: plan.dealerId,
              actorUserId: d.byUserId,
              action: 'plan.reviewed',
              entityType: 'plan',
              entityId: plan.id,
              detail: { version: plan.version, overrideNote: note },
            });
          }
          return brief(plan);
        }),
      );
    },

    /** The final approval (GM sign-off, or the director where no sign-off follows). */
    async approvePlan(input: { planId: string; decision: Decision }): Promise<PlanBrief> {
      return plainly(() =>
        db.transaction(async (m) => {
          const d = input.decision;
          const note = typeof d.data?.overrideNote === 'string' ? d.data.overrideNote : null;
          const { plan, moved } = await approve(m, input.planId, d.byUserId, now(), note);
          if (moved) {
            await writeAudit(m, {
              dealerId: plan.dealerId,
              actorUserId: d.byUserId,
              action: 'plan.approved',
              entityType: 'plan',
              entityId: plan.id,
              detail: { kind: plan.kind, period: plan.period, version: plan.version },
            });
          }
          if (plan.kind === 'decomposition') {
            await m
              .getRepository(PersonalTargetEntity)
              .update(
                { planId: plan.id, status: 'pending' },
                { status: 'confirmed', decidedAt: now(), comment: 'approved with the plan' },
              );
          }
          return brief(plan);
        }),
      );
    },

    /** A rejection (or disputed targets) sends the plan back: the version is closed and a new draft
     *  copies its input, with the reason kept. A retry returns the same new draft. */
    async revisePlan(input: { planId: string; decision: Decision; reason: string }): Promise<PlanBrief> {
      return plainly(() =>
        db.transaction(async (m) => {
          const { plan: closed } = await movePlan(m, input.planId, ['submitted', 'reviewed'], 'rejected');
          const later = await m.getRepository(PlanEntity).findOneBy({ supersedesId: closed.id });
          if (later) return brief(later);
          const plan = await createDraft(
            m,
            { dealerId: closed.dealerId, kind: closed.kind, period: closed.period },
            {
              input: closed.input,
              basis: closed.basis,
              reason: input.reason,
              workflowId: closed.workflowId,
              supersedesId: closed.id,
            },
          );
          await writeAudit(m, {
            dealerId: closed.dealerId,
            actorUserId: input.decision.byUserId,
            action: 'plan.sent_back',
            entityType: 'plan',
            entityId: closed.id,
            detail: { version: closed.version, newVersion: plan.version, reason: input.reason },
          });
          return brief(plan);
        }),
      );
    },
  };
}

export type PlanApprovalActivities = ReturnType<typeof createPlanApprovalActivities>;
