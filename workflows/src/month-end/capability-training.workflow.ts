// One training request (培训申请) for a consultant whose selling ability does not carry the month's
// personal target; the training manager schedules the training or declines with a comment.
import { finishHandlers, humanTask } from '../common';
import type { CapabilityTrainingInput } from './capability-training.contract';

export async function capabilityTrainingWorkflow(input: CapabilityTrainingInput): Promise<string> {
  const f = input.figures as { expectedOrders?: { value?: number }; personalTarget?: number | null };
  const d = await humanTask({
    kind: 'training_request',
    dealerId: input.dealerId,
    chain: 'default',
    due: 'trainingRequest',
    assignee: { role: 'training_manager' },
    subject: { type: 'sales_capability', id: `${input.month}:${input.consultantId}` },
    title:
      `培训申请（销售能力评估）：${input.name} ${input.month} 预计订单 ${f.expectedOrders?.value ?? '-'} / ` +
      `个人目标 ${f.personalTarget ?? '-'}`,
    payload: {
      source: 'sales_capability',
      month: input.month,
      consultantId: input.consultantId,
      name: input.name,
      figures: input.figures,
      reasons: input.reasons,
      link: `/api/reports/sales-capability?month=${input.month}`,
    },
  });
  await finishHandlers();
  return d.decision;
}
