// Process 3's own side effects: the personal targets (个人目标确认书) of a decomposition version and the
// consultants a cycle asks for visit plans. The cycle's plans go through the shared plan-approval activities.
import { PersonalTargetEntity, PlanEntity } from '@kaflow/persistence';
import type { Decision } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';
import { consultantsOf } from './month-end-prefill';

export function createMonthEndActivities(deps: ActivityDeps) {
  const { db, now } = deps;
  return {
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
    }
  };
}

export type MonthEndActivities = ReturnType<typeof createMonthEndActivities>;
