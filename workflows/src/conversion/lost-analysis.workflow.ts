// 战败分析: a lost deal (F) goes to the key-account manager, due the next working day (policy
// lostAnalysis): reason category, competitor, lessons; a training request becomes a task for the
// training manager (培训经理).
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ConversionActivities } from '@kaflow/activities';
import { finishHandlers, humanTask } from '../common';

const conv = proxyActivities<ConversionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function lostDealAnalysis(dealerId: string, prospectId: string, workflowId: string): Promise<void> {
  const lost = await conv.openLostAnalysis({ dealerId, prospectId, workflowId });
  if (lost.status !== 'open') return;
  const analysis = await humanTask({
    kind: 'lost_analysis',
    dealerId,
    chain: 'default',
    due: 'lostAnalysis',
    assignee: { role: 'ka_manager' },
    subject: { type: 'prospect', id: prospectId },
    title: `战败分析：${lost.label}`,
    payload: {
      lostAnalysisId: lost.lostAnalysisId,
      consultantId: lost.consultantId,
      model: lost.model,
      fromGrade: lost.fromGrade,
      lostAt: lost.lostAt,
      overdueAtLoss: lost.overdueAtLoss,
    },
  });
  await conv.recordLostAnalysis({
    lostAnalysisId: lost.lostAnalysisId,
    taskId: analysis.taskId,
    data: analysis.data ?? {},
    byUserId: analysis.byUserId,
  });
  const request = analysis.data?.trainingRequest;
  if (typeof request === 'string' && request.trim()) {
    const training = await humanTask({
      kind: 'training_request',
      dealerId,
      chain: 'default',
      due: 'trainingRequest',
      assignee: { role: 'training_manager' },
      subject: { type: 'lost_analysis', id: lost.lostAnalysisId },
      title: `培训申请（战败分析）：${lost.label}`,
      payload: {
        lostAnalysisId: lost.lostAnalysisId,
        prospectId,
        request,
        reasonCategory: analysis.data?.reasonCategory ?? null,
        requestedBy: analysis.byUserId,
      },
    });
    await conv.recordTrainingOutcome({
      lostAnalysisId: lost.lostAnalysisId,
      taskId: training.taskId,
      decision: training.decision,
      comment: training.comment ?? null,
    });
  }
  await finishHandlers();
}

/** The same analysis as a workflow of its own, for a loss the dealer's sweep finds (the follow-up workflow runs it
 *  inline); its id is the loss's (lostAnalysisWorkflowId), so a loss is analysed once. */
export async function lostDealAnalysisWorkflow(input: { dealerId: string; prospectId: string }): Promise<void> {
  await lostDealAnalysis(input.dealerId, input.prospectId, workflowInfo().workflowId);
}
