// Process 6, the lost-deal analysis (战败分析) side: the loss record the manager's task shows, the analysis
// and the training request's outcome. Part of the conversion activities (same names, same worker).
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '@kaflow/domain';
import { LostAnalysisEntity, ProspectEntity, TaskEntity } from '@kaflow/persistence';
import { openLostAnalysisRow } from '@kaflow/records';
import type { LostAnalysisBrief } from '@kaflow/workflows';
import type { ActivityDeps } from '../deps';

/**
 * The prospect's label; inside a transaction pass its manager (a second pool connection there can deadlock the
 * pool).
 */
export async function prospectLabel(p: ProspectEntity, q: Pick<DataSource, 'query'>): Promise<string> {
  const [r] = await q.query(
    'SELECT a.name AS account, c.name AS contact FROM account a, contact c WHERE a.id = $1 AND c.id = $2',
    [p.accountId, p.contactId],
  );
  return `${r?.account ?? '?'} ${r?.contact ?? ''}（${p.model}×${p.quantity}，${p.grade}级）`;
}

/** To the owner and/or the key-account managers, on their channels and in their languages (through the outbox). */

export function createLostAnalysisActivities(deps: ActivityDeps) {
  const { db, now } = deps;
  return {
    /** The lost-deal record of the prospect's latest loss (made once) and what the analysis task shows. */
    async openLostAnalysis(input: {
      dealerId: string;
      prospectId: string;
      workflowId: string;
    }): Promise<LostAnalysisBrief> {
      const p = await db
        .getRepository(ProspectEntity)
        .findOneByOrFail({ id: input.prospectId, dealerId: input.dealerId });
      const row = await openLostAnalysisRow(db, p, now());
      if (!row)
        throw ApplicationFailure.create({
          message: `prospect ${p.id} has no loss on record`,
          type: ErrorCode.NotFound,
          nonRetryable: true,
        });
      return {
        lostAnalysisId: row.id,
        status: row.status,
        label: await prospectLabel(p, db),
        consultantId: row.consultantId,
        model: row.model,
        fromGrade: row.fromGrade,
        lostAt: row.lostAt.toISOString(),
        overdueAtLoss: row.overdueAtLoss,
      };
    },

    async recordLostAnalysis(input: {
      lostAnalysisId: string;
      taskId: string;
      data: Record<string, unknown>;
      byUserId: string;
    }): Promise<void> {
      const task = await db.getRepository(TaskEntity).findOneBy({ id: input.taskId });
      const d = input.data as {
        reasonCategory?: string;
        lessons?: string;
        competitor?: { brand?: string; model?: string } | null;
        trainingRequest?: string | false | null;
      };
      await db.getRepository(LostAnalysisEntity).update(
        { id: input.lostAnalysisId },
        {
          status: 'done',
          taskId: input.taskId,
          reasonCategory: d.reasonCategory ?? null,
          lessons: d.lessons ?? null,
          competitorBrand: d.competitor?.brand ?? null,
          competitorModel: d.competitor?.model ?? null,
          trainingRequest: typeof d.trainingRequest === 'string' && d.trainingRequest.trim() ? d.trainingRequest : null,
          analysedBy: input.byUserId,
          analysedAt: task?.decidedAt ?? now(),
        },
      );
    },

    async recordTrainingOutcome(input: {
      lostAnalysisId: string;
      taskId: string;
      decision: string;
      comment: string | null;
    }): Promise<void> {
      await db
        .getRepository(LostAnalysisEntity)
        .update({ id: input.lostAnalysisId }, { trainingTaskId: input.taskId, trainingOutcome: input.decision });
    },
  };
}
