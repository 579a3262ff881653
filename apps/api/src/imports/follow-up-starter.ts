// Starts the follow-up workflows (process 6) of imported prospects after their commit, a few at a time,
// idempotently (the workflow id is the prospect's). When Temporal cannot take them the records stay:
// the worker starts every missing follow-up workflow at its next reconcile. A dealer on the sweep grain gets no
// workflows: the prospects' rows, due now, go to its sweep.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { dueForSweep } from '@kaflow/records';
import { followUpWorkflowId, startFollowUp } from '@kaflow/workflows';
import { Temporal } from '../infra/infra.module';

const PARALLEL = 25;
const START_DEADLINE_MS = 5_000;

@Injectable()
export class FollowUpStarter {
  constructor(
    private readonly temporal: Temporal,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async start(
    dealerId: string,
    prospectIds: string[],
    progress: (started: number) => Promise<void>,
  ): Promise<{ started: number; failure?: string }> {
    let started = 0;
    try {
      // a dealer on the sweep grain: the rows, due now, for its sweep; no workflows
      const swept = await dueForSweep(
        this.db,
        dealerId,
        prospectIds.map((prospectId) => ({ prospectId, workflowId: followUpWorkflowId(dealerId, prospectId) })),
        this.clock.now(),
      );
      started += swept.size;
      const rest = prospectIds.filter((id) => !swept.has(id));
      for (let i = 0; i < rest.length; i += PARALLEL) {
        await Promise.all(
          rest.slice(i, i + PARALLEL).map(async (prospectId) => {
            await startFollowUp(this.temporal.client, this.temporal.taskQueue, dealerId, prospectId, {
              deadlineMs: START_DEADLINE_MS,
            });
            started++;
          }),
        );
        if ((i / PARALLEL) % 8 === 0 || i + PARALLEL >= rest.length) await progress(started);
      }
      if (!rest.length) await progress(started);
      return { started };
    } catch (err) {
      return { started, failure: (err as Error)?.message ?? String(err) };
    }
  }
}
