// Starts the follow-up rhythms (process 6) of imported prospects after their commit, a few at a time,
// idempotently (the workflow id is the prospect's). When Temporal cannot take them the records stay:
// the worker starts every missing rhythm at its next start-up (conversion-reconcile).
import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { conversionWorkflow, conversionWorkflowId } from '@kaflow/workflows';
import { Temporal } from '../infra/infra.module';

const PARALLEL = 25;
const START_DEADLINE_MS = 5_000;

@Injectable()
export class RhythmStarter {
  constructor(private readonly temporal: Temporal) {}

  async start(
    dealerId: string,
    prospectIds: string[],
    progress: (started: number) => Promise<void>,
  ): Promise<{ started: number; failure?: string }> {
    let started = 0;
    try {
      for (let i = 0; i < prospectIds.length; i += PARALLEL) {
        await Promise.all(
          prospectIds.slice(i, i + PARALLEL).map(async (prospectId) => {
            try {
              await this.temporal.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
                this.temporal.client.workflow.start(conversionWorkflow, {
                  workflowId: conversionWorkflowId(dealerId, prospectId),
                  taskQueue: this.temporal.taskQueue,
                  args: [{ dealerId, prospectId }],
                  workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
                }),
              );
            } catch (err) {
              if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
            }
            started++;
          }),
        );
        if ((i / PARALLEL) % 8 === 0 || i + PARALLEL >= prospectIds.length) await progress(started);
      }
      return { started };
    } catch (err) {
      return { started, failure: (err as Error)?.message ?? String(err) };
    }
  }
}
