// Starts the follow-up workflows (process 6) of imported prospects after their commit, a few at a time,
// idempotently (the workflow id is the prospect's). When Temporal cannot take them the records stay:
// the worker starts every missing follow-up workflow at its next reconcile.
import { Injectable } from '@nestjs/common';
import { startFollowUp } from '@kaflow/workflows';
import { Temporal } from '../infra/infra.module';

const PARALLEL = 25;
const START_DEADLINE_MS = 5_000;

@Injectable()
export class FollowUpStarter {
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
            await startFollowUp(this.temporal.client, this.temporal.taskQueue, dealerId, prospectId, {
              deadlineMs: START_DEADLINE_MS,
            });
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
