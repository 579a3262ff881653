// How a decision sent to a workflow as an update can fail, and what the API answers for each.
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { conflict, fromFailure, unavailable } from '../common/domain-error';
import { DEPENDENCY_NAME, dependencyOf } from '../common/outage';

/** The server refused or aborted the update before the workflow accepted it: the workflow task that carried
 *  it failed or timed out (gRPC 9 "Unable to perform workflow execution update due to unexpected workflow
 *  task failure"), the workflow's task is failing now, e.g. its worker died ("… due to Workflow Task in
 *  failed state"), or the update registry was cleared (14 "…aborted"). */
export function updateNotTaken(err: unknown): boolean {
  for (let e: any = err, i = 0; e && i < 5; e = e.cause, i++) {
    if (!isGrpcServiceError(e)) continue;
    if (e.code === 9 && /unable to perform workflow execution update/i.test(e.details)) return true;
    if (e.code === 14 && /update was aborted/i.test(e.details)) return true;
  }
  return false;
}

/** A failed decide update as the API answers it: the workflow's own coded failure, a 409, or a 503 naming what
 *  is away. */
export function mapUpdateError(err: unknown): Error {
  const coded = fromFailure(err instanceof WorkflowUpdateFailedError ? err.cause : undefined);
  if (coded) return coded;
  if (
    err instanceof WorkflowNotFoundError ||
    /workflow execution already completed/i.test(String((err as Error)?.message))
  ) {
    return conflict('this task is no longer waiting for a decision');
  }
  if (err instanceof WorkflowUpdateFailedError) return conflict(err.cause?.message ?? err.message);
  // The engine took the update but did not answer within the call's deadline (a loaded server): the
  // decision may still be taken, once; the client's retry gets the decided task or a 409.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return unavailable(
      'the process engine (Temporal) did not answer in time; reload the task to see whether it was decided',
      'temporal',
    );
  if (updateNotTaken(err))
    return unavailable(
      'the process engine (Temporal) was interrupted before it took the decision; nothing was decided, try again',
    );
  const dependency = dependencyOf(err);
  if (dependency) return unavailable(`${DEPENDENCY_NAME[dependency]} is unavailable; nothing was decided`, dependency);
  return err as Error;
}
