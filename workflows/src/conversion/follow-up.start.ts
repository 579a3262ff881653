// Starting a prospect's follow-up workflow: the one set of start options that every client uses (the
// API for a new prospect, its signals and its imports, the worker's reconcile, the bench, the tests).
// Client-side code: the package's entry (public.ts) exports it, the worker's bundle (index.ts) does not.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { followUpSweepWorkflowId, followUpWorkflowId, type FollowUpInput } from './conversion.contract';
import { followUpWorkflow } from './follow-up.workflow';
import { followUpSweepWorkflow } from './follow-up-sweep.workflow';

/** Id, task queue and input of a prospect's follow-up workflow, for a start and a signal-with-start alike. */
export function followUpStartOptions(taskQueue: string, dealerId: string, prospectId: string) {
  const input: FollowUpInput = { dealerId, prospectId };
  return { workflowId: followUpWorkflowId(dealerId, prospectId), taskQueue, args: [input] as [FollowUpInput] };
}

export interface FollowUpStart {
  /** False when a workflow with the prospect's id was already there (it is left alone). */
  started: boolean;
  handle: WorkflowHandle<typeof followUpWorkflow>;
}

/**
 * Starts a prospect's follow-up workflow once, by the workflow id that is the prospect's: a workflow already
 * running under it (of this type or of its first one, conversionWorkflow) is left alone, and so is one that
 * ended (delivered or lost: a revival restarts it with signal-with-start); only a failed run is started again, or
 * with `afterSweep` (the dealer went back to the 'prospect' grain) any run that ended.
 * `deadlineMs` bounds the call; any other failure (the engine away) is thrown.
 */
export async function startFollowUp(
  client: Client,
  taskQueue: string,
  dealerId: string,
  prospectId: string,
  o: { deadlineMs?: number; afterSweep?: boolean } = {},
): Promise<FollowUpStart> {
  const options = followUpStartOptions(taskQueue, dealerId, prospectId);
  const start = () =>
    client.workflow.start(followUpWorkflow, {
      ...options,
      // taking a prospect back from the sweep: its last run ended 'swept', and a new one starts
      workflowIdReusePolicy: o.afterSweep
        ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  try {
    const handle = await (o.deadlineMs ? client.withDeadline(Date.now() + o.deadlineMs, start) : start());
    return { started: true, handle };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { started: false, handle: client.workflow.getHandle<typeof followUpWorkflow>(options.workflowId) };
  }
}

/**
 * Starts the dealer's sweep run of a sweep day (followUpSweepDay's date and end) unless it runs: the worker's
 * reconcile and the policy change do this, so a dealer switched to the sweep grain, or a schedule missed while the
 * engine was away, is swept the same day. A run of the day that ended (the dealer was switched back and forth) starts
 * again. False when one runs.
 */
export async function startFollowUpSweep(
  client: Client,
  taskQueue: string,
  dealerId: string,
  day: { date: string; until: string },
): Promise<boolean> {
  try {
    await client.workflow.start(followUpSweepWorkflow, {
      workflowId: followUpSweepWorkflowId(dealerId, day.date),
      taskQueue,
      args: [{ dealerId, date: day.date, until: day.until }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    return true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return false;
  }
}
