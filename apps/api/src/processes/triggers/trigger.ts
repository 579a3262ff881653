// What every process trigger shares: its result, its context, and starting a workflow once.
import { WorkflowExecutionAlreadyStartedError, type Workflow } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { DealerPolicy } from '@kaflow/domain';
import type { WorkingCalendar } from '@kaflow/calendar';
import { unavailable } from '../../common/domain-error';
import type { Temporal } from '../../infra/infra.module';

export type TriggerResult = { workflowId: string; started: boolean; businessDate: string; reason?: string };

export interface TriggerContext {
  db: DataSource;
  temporal: Temporal;
  dealerId: string;
  businessDate: string;
  policy: DealerPolicy;
  calendar: WorkingCalendar;
}

/** Runs one process for a dealer and business date exactly as its schedule would. */
export type ProcessTrigger = (ctx: TriggerContext) => Promise<TriggerResult>;

/** Starts the workflow unless one with that id ran already; 503 when Temporal is unreachable. */
export async function startOnce<W extends Workflow>(
  ctx: TriggerContext,
  workflow: W,
  workflowId: string,
  args: Parameters<W>,
): Promise<TriggerResult> {
  const { businessDate } = ctx;
  try {
    await ctx.temporal.client.workflow.start(workflow, {
      workflowId,
      taskQueue: ctx.temporal.taskQueue,
      args,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    } as any);
    return { workflowId, started: true, businessDate };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      return { workflowId, started: false, businessDate, reason: 'already started for this period' };
    throw unavailable(`the process engine (Temporal) is unavailable: ${(err as Error).message}`);
  }
}
