// 客服回访: customer service phones the customer within a week of the record (manual §4 process 5).
// An incorrect record becomes a rectification item for its consultant, then is verified by a second call.
import { patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { RecordKeepingActivities } from '@kaflow/activities';
import { DECIDE_LOCAL_PATCH, finishHandlers, humanTask, type Decision } from '../common';
import type { CallbackInput } from './record-keeping.contract';

const rk = proxyActivities<RecordKeepingActivities>({ startToCloseTimeout: '1 minute' });
// After DECIDE_LOCAL_PATCH the outcome that follows a decision is written by a local activity too (one
// workflow task instead of three, so decided callbacks take less from the worker the next decisions need).
const rkLocal = proxyLocalActivities<RecordKeepingActivities>({ startToCloseTimeout: '1 minute' });
const outcomeWriter = () => (patched(DECIDE_LOCAL_PATCH) ? rkLocal : rk);
// The prospect is committed before the workflow starts; a read that still fails is retried for ~4 minutes.
const opening = proxyActivities<RecordKeepingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 8 },
});

export async function callbackWorkflow(input: CallbackInput): Promise<{ outcome: string; rounds: number }> {
  const { dealerId, prospectId } = input;
  const { workflowId } = workflowInfo();
  const subject = { type: 'prospect', id: prospectId };
  const prospect = await opening.openCallbackCheck({ ...input, workflowId });

  const call = (verification: boolean, corrections?: unknown) =>
    humanTask({
      kind: 'callback',
      dealerId,
      subject,
      chain: 'customer_service',
      due: 'callback',
      assignee: { role: 'cs_agent' },
      title: `${verification ? '回访核实' : '回访'}：${prospect.label}`,
      payload: { ...prospect, verification, ...(corrections ? { corrections } : {}) },
    });

  let check: Decision = await call(false);
  await outcomeWriter().recordCallbackOutcome({
    workflowId,
    phase: 'check',
    taskId: check.taskId,
    decision: check.decision,
    data: check.data,
  });
  let rounds = 0;
  while (check.decision === 'incorrect') {
    rounds += 1;
    const corrections = check.data?.corrections;
    await humanTask({
      kind: 'rectification',
      dealerId,
      subject,
      chain: 'default',
      due: 'rectification',
      assignee: { ownerOf: prospectId },
      title: `整改：${prospect.label}`,
      payload: { source: 'callback', callbackTaskId: check.taskId, corrections, comment: check.comment ?? null },
    });
    check = await call(true, corrections);
    await outcomeWriter().recordCallbackOutcome({
      workflowId,
      phase: 'verification',
      taskId: check.taskId,
      decision: check.decision,
      data: check.data,
    });
  }
  await finishHandlers();
  return { outcome: check.decision, rounds };
}
