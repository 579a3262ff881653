// 逾期跟进: a follow-up not done by its due date plus the policy's grace goes to the key-account
// manager (and further up the chain while it waits), through the one human-task primitive.
import { finishHandlers, humanTask } from '../shared';
import type { OverdueFollowupInput } from './conversion.contract';

export async function overdueFollowupWorkflow(input: OverdueFollowupInput): Promise<{ decision: string; comment?: string }> {
  const d = await humanTask({
    kind: 'overdue_followup', dealerId: input.dealerId, chain: 'default', due: 'overdueFollowup', assignee: { role: 'ka_manager' },
    subject: { type: 'prospect', id: input.prospectId },
    title: `逾期跟进：${input.label}`,
    payload: { dueAt: input.dueAt, consultantId: input.ownerId, grade: input.grade, label: input.label },
  });
  await finishHandlers();
  return { decision: d.decision, comment: d.comment };
}
