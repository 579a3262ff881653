// Starting a prospect's follow-up rhythm directly, for tests that write the prospect themselves.
import { conversionWorkflow, conversionWorkflowId } from '@kaflow/workflows';
import type { TestEnv } from './env';

export const startRhythm = (env: TestEnv, dealerId: string, prospectId: string) =>
  env.client.workflow.start(conversionWorkflow, {
    workflowId: conversionWorkflowId(dealerId, prospectId),
    taskQueue: env.taskQueue,
    args: [{ dealerId, prospectId }],
  });
