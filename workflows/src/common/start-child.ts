// Scheduled starters run a process as an abandoned child, once per id, whatever fired it first.
import { ParentClosePolicy, WorkflowIdReusePolicy, startChild, type Workflow } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';

export async function startChildOnce<W extends Workflow>(
  workflow: W,
  workflowId: string,
  args: Parameters<W>,
): Promise<string> {
  try {
    await startChild(workflow, {
      workflowId,
      args,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    } as any);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // triggered by hand already
  }
  return workflowId;
}
