// Process 3's own side effects: the personal targets (个人目标确认书) of a decomposition version and the
// consultants a cycle asks for visit plans. The cycle's plans go through the shared plan-approval activities.
import { PersonalTargetEntity, PlanEntity } from '@kaflow/persistence';
import { loadPolicy, salesCapabilityReport } from '@kaflow/records';
import type { CapabilityTrainingInput, Decision } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';
import { consultantsOf } from './month-end-prefill';

export function createMonthEndActivities(deps: ActivityDeps) {
  const { db, now } = deps;
  return {
    /** Opens every consultant's personal target of a decomposition version (个人目标确认书): totals, by model,
     *  by customer type, by channel and by model × customer type × channel. */
    async openPersonalTargets(input: {
      planId: string;
    }): Promise<Array<{ consultantId: string; name: string; targets: Record<string, any> }>> {
      const plan = await db.getRepository(PlanEntity).findOneByOrFail({ id: input.planId });
      const lines = (plan.result.byConsultant ?? []) as Array<
        Record<string, any> & { consultantId: string; name?: string }
      >;
      const targetsOf = (l: Record<string, any>) => ({
        orders: l.orders,
        aak: l.aak,
        submissions: l.submissions,
        byModel: l.byModel,
        ...(l.byModelTypeChannel
          ? { byCustomerType: l.byCustomerType, byChannel: l.byChannel, byModelTypeChannel: l.byModelTypeChannel }
          : {}),
      });
      const rows = lines.map((l) => ({
        dealerId: plan.dealerId,
        month: plan.period,
        planId: plan.id,
        consultantId: l.consultantId,
        status: 'pending' as const,
        targets: targetsOf(l) as Record<string, any>,
      }));
      if (rows.length)
        await db
          .createQueryBuilder()
          .insert()
          .into(PersonalTargetEntity)
          .values(rows as any[])
          .orIgnore()
          .execute();
      return lines.map((l) => ({
        consultantId: l.consultantId,
        name: l.name ?? l.consultantId,
        targets: targetsOf(l),
      }));
    },

    async recordTargetDecision(input: { planId: string; consultantId: string; decision: Decision }): Promise<void> {
      const d = input.decision;
      await db.getRepository(PersonalTargetEntity).update(
        { planId: input.planId, consultantId: input.consultantId },
        {
          status: d.decision === 'confirm' ? 'confirmed' : 'disputed',
          comment: d.comment ?? null,
          taskId: d.taskId,
          decidedAt: now(),
        },
      );
    },

    async planConsultants(input: { dealerId: string }): Promise<Array<{ id: string; displayName: string }>> {
      return consultantsOf(db, input.dealerId);
    },

    /** P6: the consultants whose expected orders fall short of their approved personal target by more than
     *  the policy's capabilityGapThreshold, with the figures behind it (GET /api/reports/sales-capability). */
    async capabilityShortfalls(input: { dealerId: string; month: string }): Promise<CapabilityTrainingInput[]> {
      const report = await salesCapabilityReport(db, input.dealerId, input.month, await loadPolicy(db, input.dealerId));
      return report.consultants
        .filter((c) => c.trainingNeeded)
        .map((c) => ({
          dealerId: input.dealerId,
          month: input.month,
          consultantId: c.consultantId,
          name: c.name ?? c.consultantId,
          figures: { ...c, threshold: report.threshold, lookback: report.lookback } as Record<string, unknown>,
          reasons: c.losses.byReason,
        }));
    },
  };
}

export type MonthEndActivities = ReturnType<typeof createMonthEndActivities>;
