// How the API reaches a prospect's follow-up workflow. Creating a prospect starts it once the records
// are committed (no Temporal: the records are removed again, 503). Every later change is committed first and then
// signalled
// with signal-with-start (which also restarts a follow-up workflow that had ended, e.g. a lost prospect revived):
// when Temporal is down the change stays committed, prospect.nextFollowUpDue is already right (the API
// computed it in the transaction), and the workflow catches up from the records at its next wake-up.
// A dealer on the sweep grain (policy followUpGrain) has no workflow per prospect: a new or changed prospect is
// marked due now on its conversion_state row instead, and the next bucket of the dealer's sweep re-plans it.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { dueForSweep, keptBySweep } from '@kaflow/records';
import {
  deliveredSignal,
  followUpStartOptions,
  followUpWorkflow,
  followUpWorkflowId,
  prospectChangedSignal,
  startFollowUp,
} from '@kaflow/workflows';
import { unavailable } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';

const START_DEADLINE_MS = 5_000;
const SIGNAL_DEADLINE_MS = 3_000;

@Injectable()
export class FollowUpSignals {
  private readonly log = new Logger('FollowUpSignals');
  constructor(
    private readonly temporal: Temporal,
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A dealer on the sweep grain: the prospect is marked due now, and the next bucket of its sweep re-plans it. */
  private async swept(dealerId: string, prospectId: string): Promise<boolean> {
    const p = { prospectId, workflowId: followUpWorkflowId(dealerId, prospectId) };
    return (await dueForSweep(this.db, dealerId, [p], this.clock.now())).size > 0;
  }

  /**
   * After the create commits: idempotent on the workflow id; a Temporal failure is a 503 (the caller undoes the
   * create).
   */
  async start(dealerId: string, prospectId: string): Promise<void> {
    if (await this.swept(dealerId, prospectId)) return;
    try {
      await startFollowUp(this.temporal.client, this.temporal.taskQueue, dealerId, prospectId, {
        deadlineMs: START_DEADLINE_MS,
      });
    } catch (err) {
      throw unavailable(
        'the process engine (Temporal) is unavailable, so the follow-up workflow could not be started; ' +
          `nothing was recorded (${(err as Error)?.message ?? err})`,
      );
    }
  }

  /** After the commit: tells the follow-up workflow the records changed. Never fails the request. */
  async changed(dealerId: string, prospectId: string, reason: string): Promise<boolean> {
    if (await this.swept(dealerId, prospectId)) return true;
    return this.signal(dealerId, prospectId, { signal: prospectChangedSignal, signalArgs: [{ reason }] });
  }

  /** After the commit: the delivery is recorded; the follow-up workflow ends. */
  async delivered(dealerId: string, prospectId: string, at: Date): Promise<boolean> {
    if (await keptBySweep(this.db, prospectId)) return true; // the delivered row is all the sweep needs
    return this.signal(dealerId, prospectId, { signal: deliveredSignal, signalArgs: [{ at: at.toISOString() }] });
  }

  private async signal(dealerId: string, prospectId: string, s: { signal: any; signalArgs: any[] }): Promise<boolean> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () =>
        this.temporal.client.workflow.signalWithStart(followUpWorkflow, {
          ...followUpStartOptions(this.temporal.taskQueue, dealerId, prospectId),
          ...s,
        }),
      );
      return true;
    } catch (err) {
      this.log.warn(
        `follow-up ${prospectId}: signal not delivered (${(err as Error)?.message ?? err}); ` +
          'the workflow catches up at its next wake-up',
      );
      return false;
    }
  }
}
