// 逾期跟进: a follow-up not done by its due date plus the policy's grace goes to the key-account
// manager (and further up the chain while it waits), through the one human-task primitive.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { ConversionActivities } from '@kaflow/activities';
import { finishHandlers, humanTask } from '../common';
import type { OverdueFollowupInput } from './conversion.contract';

const conv = proxyActivities<ConversionActivities>({ startToCloseTimeout: '1 minute' });

export async function overdueFollowupWorkflow(
  input: OverdueFollowupInput,
): Promise<{ decision: string; comment?: string }> {
  // A change made while escalations were running, guarded so their histories replay unchanged (see docs/operations.md,
  // "Upgrades that never break running workflows"): a follow-up recorded between the escalation and this
  // workflow's start means there is nothing to ask the manager. Runs started before the change skip the check.
  if (
    patched('overdue-followup-skips-done') &&
    (await conv.followUpDoneSince({ prospectId: input.prospectId, since: input.dueAt }))
  ) {
    return { decision: 'followed_up' };
  }
  const d = await humanTask({
    kind: 'overdue_followup',
    dealerId: input.dealerId,
    chain: 'default',
    due: 'overdueFollowup',
    assignee: { role: 'ka_manager' },
    subject: { type: 'prospect', id: input.prospectId },
    title: `逾期跟进：${input.label}`,
    payload: { dueAt: input.dueAt, consultantId: input.ownerId, grade: input.grade, label: input.label },
  });
  await finishHandlers();
  return { decision: d.decision, comment: d.comment };
}
