// Processes 1–4 side effects: claim a period's run, pre-fill plans, move plan versions along their
// sign-offs, and keep the personal targets (个人目标确认书). Each is idempotent on its plan / run.
import { ApplicationFailure } from '@temporalio/activity';
import { localDate, monthBounds } from '@kaflow/calendar';
import { PersonalTargetEntity, PlanEntity, ProcessRunEntity, type PlanKind } from '@kaflow/persistence';
import type { Decision, PlanBrief, ProcessRunClaim } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';
import { writeAudit } from '../audit/audit';
import { loadCalendar, loadPolicy } from '../policy/policy.store';
import { approve, approvedPlan, createDraft, editDraft, movePlan, newestPlan, PlanError } from './plan-store';
import { consultantsOf, prefillAnnual, prefillDecomposition, prefillLead, prefillRolling, type Prefill } from './prefill';

export function planSummary(p: PlanEntity): string {
  const r = p.result;
  const line = (x: { orders: number; aak: number; submissions: number }) => `订单 ${x.orders} · AAK ${x.aak} · 提报 ${x.submissions}`;
  if (p.kind === 'annual') return `${line(r.totals)}${p.coverageOk === false ? '（覆盖不足）' : ''}`;
  if (p.kind === 'rolling') return `${p.period}：${line(r.next)}${p.coverageOk === false ? '（年度覆盖不足）' : ''}`;
  if (p.kind === 'decomposition') return `${p.period}：${(r.byConsultant ?? []).length} 位顾问，${(r.byModel ?? []).length} 个车型`;
  return `${p.period}：集客 ${(r.models ?? []).reduce((a: number, m: any) => a + m.leadTarget, 0)}`;
}

export const brief = (p: PlanEntity): PlanBrief => ({
  planId: p.id, kind: p.kind, period: p.period, version: p.version, status: p.status, coverageOk: p.coverageOk, summary: planSummary(p),
});

/** Plan-store errors are business facts, not outages: retrying would not help. */
async function plainly<T>(f: () => Promise<T>): Promise<T> {
  try { return await f(); } catch (e) {
    if (e instanceof PlanError) throw ApplicationFailure.create({ message: e.message, type: e.code, nonRetryable: true, details: e.details });
    throw e;
  }
}

export interface ScheduledStart { businessDate: string; start: boolean; periodKey: string; reason: string }

export function createPlanningActivities(deps: ActivityDeps) {
  const { db, now } = deps;

  async function prefill(kind: PlanKind, dealerId: string, period: string, businessDate: string): Promise<Prefill> {
    const policy = await loadPolicy(db, dealerId);
    if (kind === 'annual') return prefillAnnual(db, dealerId, Number(period), businessDate);
    if (kind === 'rolling') return prefillRolling(db, dealerId, period, businessDate, await approvedPlan(db, { dealerId, kind: 'annual', period: period.slice(0, 4) }));
    const source = await approvedPlan(db, { dealerId, kind: kind === 'decomposition' ? 'rolling' : 'decomposition', period });
    if (!source) throw new PlanError('Conflict', `no approved ${kind === 'decomposition' ? 'rolling plan' : 'decomposition'} for ${period}`);
    return kind === 'decomposition' ? prefillDecomposition(db, dealerId, period, source, policy) : prefillLead(db, dealerId, period, source, policy);
  }

  return {
    /** Claims the dealer's run of a process for a period; false when another run holds it. */
    async claimProcessRun(c: ProcessRunClaim): Promise<boolean> {
      await db.createQueryBuilder().insert().into(ProcessRunEntity).values(c).orIgnore().execute();
      const row = await db.getRepository(ProcessRunEntity).findOneByOrFail({ dealerId: c.dealerId, process: c.process, periodKey: c.periodKey });
      return row.workflowId === c.workflowId;
    },

    /** For the daily starters: today at the dealer, and whether the process starts today. */
    async planningToday(input: { dealerId: string; process: 'annual-plan' | 'month-end' }): Promise<ScheduledStart> {
      const [policy, calendar] = await Promise.all([loadPolicy(db, input.dealerId), loadCalendar(db)]);
      const businessDate = localDate(now(), policy.timezone);
      return planningStartRule(input.process, businessDate, calendar, policy.annualPlanMonth);
    },

    /** The draft a cycle starts from, pre-filled from the records; a retry returns the same draft. */
    async prefillPlan(input: { dealerId: string; kind: PlanKind; period: string; businessDate: string; workflowId: string }): Promise<PlanBrief> {
      return plainly(async () => {
        const ref = { dealerId: input.dealerId, kind: input.kind, period: input.period };
        const newest = await newestPlan(db, ref);
        if (newest && newest.workflowId === input.workflowId) return brief(newest);
        const p = await prefill(input.kind, input.dealerId, input.period, input.businessDate);
        const plan = await createDraft(db, ref, { ...p, reason: `pre-filled from the records on ${input.businessDate}`, workflowId: input.workflowId });
        return brief(plan);
      });
    },

    async planBrief(planId: string): Promise<PlanBrief> {
      return brief(await db.getRepository(PlanEntity).findOneByOrFail({ id: planId }));
    },

    /** The manager submits the draft, with any last edits given in the decision's `data.input`. */
    async submitPlan(input: { planId: string; decision: Decision }): Promise<PlanBrief> {
      return plainly(async () => {
        const d = input.decision;
        let plan = await db.getRepository(PlanEntity).findOneByOrFail({ id: input.planId });
        const patch = d.data?.input;
        if (plan.status === 'draft' && patch && typeof patch === 'object') plan = await editDraft(db, plan.id, plan.revision, patch as Record<string, any>);
        plan = await movePlan(db, plan.id, ['draft'], 'submitted', { submittedBy: d.byUserId, submittedAt: now() });
        await writeAudit(db, { dealerId: plan.dealerId, actorUserId: d.byUserId, action: 'plan.submitted', entityType: 'plan', entityId: plan.id, detail: { kind: plan.kind, period: plan.period, version: plan.version } });
        return brief(plan);
      });
    },

    /** The director's approval of a plan the GM still signs. */
    async reviewPlan(input: { planId: string; decision: Decision }): Promise<PlanBrief> {
      return plainly(async () => {
        const d = input.decision;
        const note = typeof d.data?.overrideNote === 'string' ? d.data.overrideNote : null;
        const plan = await movePlan(db, input.planId, ['submitted'], 'reviewed', { reviewedBy: d.byUserId, reviewedAt: now(), ...(note ? { overrideNote: note } : {}) });
        await writeAudit(db, { dealerId: plan.dealerId, actorUserId: d.byUserId, action: 'plan.reviewed', entityType: 'plan', entityId: plan.id, detail: { version: plan.version, overrideNote: note } });
        return brief(plan);
      });
    },

    /** The final approval (GM sign-off, or the director where no sign-off follows). */
    async approvePlan(input: { planId: string; decision: Decision }): Promise<PlanBrief> {
      return plainly(async () => {
        const d = input.decision;
        const note = typeof d.data?.overrideNote === 'string' ? d.data.overrideNote : null;
        const plan = await approve(db, input.planId, d.byUserId, now(), note);
        await writeAudit(db, { dealerId: plan.dealerId, actorUserId: d.byUserId, action: 'plan.approved', entityType: 'plan', entityId: plan.id, detail: { kind: plan.kind, period: plan.period, version: plan.version } });
        if (plan.kind === 'decomposition') {
          await db.getRepository(PersonalTargetEntity).update({ planId: plan.id, status: 'pending' }, { status: 'confirmed', decidedAt: now(), comment: 'approved with the plan' });
        }
        return brief(plan);
      });
    },

    /** A rejection (or disputed targets) sends the plan back: the version is closed and a new draft
     *  copies its input, with the reason kept. A retry returns the same new draft. */
    async revisePlan(input: { planId: string; decision: Decision; reason: string }): Promise<PlanBrief> {
      return plainly(async () => {
        const closed = await movePlan(db, input.planId, ['submitted', 'reviewed'], 'rejected');
        const later = await db.getRepository(PlanEntity).findOneBy({ supersedesId: closed.id });
        if (later) return brief(later);
        const plan = await createDraft(db, { dealerId: closed.dealerId, kind: closed.kind, period: closed.period }, {
          input: closed.input, basis: closed.basis, reason: input.reason, workflowId: closed.workflowId, supersedesId: closed.id,
        });
        await writeAudit(db, { dealerId: closed.dealerId, actorUserId: input.decision.byUserId, action: 'plan.sent_back', entityType: 'plan', entityId: closed.id, detail: { version: closed.version, newVersion: plan.version, reason: input.reason } });
        return brief(plan);
      });
    },

    /** Opens every consultant's personal target of a decomposition version (个人目标确认书). */
    async openPersonalTargets(input: { planId: string }): Promise<Array<{ consultantId: string; name: string; targets: Record<string, any> }>> {
      const plan = await db.getRepository(PlanEntity).findOneByOrFail({ id: input.planId });
      const lines = (plan.result.byConsultant ?? []) as Array<{ consultantId: string; name?: string; orders: number; aak: number; submissions: number; byModel: unknown[] }>;
      const rows = lines.map((l) => ({
        dealerId: plan.dealerId, month: plan.period, planId: plan.id, consultantId: l.consultantId, status: 'pending' as const,
        targets: { orders: l.orders, aak: l.aak, submissions: l.submissions, byModel: l.byModel } as Record<string, any>,
      }));
      if (rows.length) await db.createQueryBuilder().insert().into(PersonalTargetEntity).values(rows as any[]).orIgnore().execute();
      return lines.map((l) => ({ consultantId: l.consultantId, name: l.name ?? l.consultantId, targets: { orders: l.orders, aak: l.aak, submissions: l.submissions, byModel: l.byModel } }));
    },

    async recordTargetDecision(input: { planId: string; consultantId: string; decision: Decision }): Promise<void> {
      const d = input.decision;
      await db.getRepository(PersonalTargetEntity).update(
        { planId: input.planId, consultantId: input.consultantId },
        { status: d.decision === 'confirm' ? 'confirmed' : 'disputed', comment: d.comment ?? null, taskId: d.taskId, decidedAt: now() },
      );
    },

    async planConsultants(input: { dealerId: string }): Promise<Array<{ id: string; displayName: string }>> {
      return consultantsOf(db, input.dealerId);
    },
  };
}

/** Whether a daily planning starter acts on a date (pure; exported for tests). */
export function planningStartRule(
  process: 'annual-plan' | 'month-end', businessDate: string, calendar: { monthEndWindow(m: string): string[]; workingDays(a: string, b: string): string[] }, annualPlanMonth: number,
): ScheduledStart {
  const year = Number(businessDate.slice(0, 4));
  const month = businessDate.slice(0, 7);
  if (process === 'month-end') {
    const window = calendar.monthEndWindow(month);
    return { businessDate, periodKey: month, start: window[0] === businessDate, reason: `the month-end window of ${month} starts ${window[0]}` };
  }
  const { first: from, last: to } = monthBounds(`${year}-${String(annualPlanMonth).padStart(2, '0')}`);
  const first = calendar.workingDays(from, to)[0];
  return { businessDate, periodKey: String(year + 1), start: first === businessDate, reason: `next year's annual plan starts on ${first}` };
}

