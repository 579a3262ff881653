// A decision's delivery to its workflow. The decision's row is written inside the workflow task that
// takes the update; a worker that dies before that task completes leaves the row decided and the
// workflow still waiting, its update lost. `deliveredAt` says the workflow is known to have the
// decision (the update answered, or a redelivery refused as decided); a decided row without it is sent
// again, by the client's retry (TasksService) and by every worker's reconcile.
import type { DataSource } from 'typeorm';
import type { TaskDecisionInput } from '@kaflow/domain';
import { ErrorCode } from '@kaflow/domain';
import { TaskEntity } from '@kaflow/persistence';

/** The decision on record, as the update that takes it; none for a row that holds no person's decision. */
export function storedDecision(t: TaskEntity): TaskDecisionInput | undefined {
  if (t.status !== 'done' || !t.decision || !t.decidedBy) return undefined;
  return {
    taskId: t.id,
    decision: t.decision,
    comment: t.comment ?? undefined,
    data: t.decisionData ?? undefined,
    byUserId: t.decidedBy,
    ...(t.decidedOnBehalfOf ? { onBehalfOfUserId: t.decidedOnBehalfOf } : {}),
  };
}

/** The workflow has the decision (or waits for none): the row is marked, once. */
export async function markDecisionDelivered(db: DataSource, taskId: string): Promise<void> {
  await db.query(`UPDATE task SET "deliveredAt" = now() WHERE id = $1 AND "deliveredAt" IS NULL`, [taskId]);
}

/**
 * Whether a redelivery's failure says there is nothing to deliver: the workflow refused it as decided
 * (it has the decision), or is over or gone. Any other failure (the engine away, a timeout, a worker
 * dying again) leaves the row for the next try.
 */
export function redeliveryNeedless(err: unknown): boolean {
  for (let e: any = err, i = 0; e && i < 6; e = e.cause, i++) {
    if (e.name === 'WorkflowNotFoundError') return true;
    if (e.name === 'ApplicationFailure' && e.type === ErrorCode.Conflict) return true;
    if (/workflow execution already completed/i.test(String(e.details ?? e.message ?? ''))) return true;
  }
  return false;
}

/** What one resend came to: taken by the workflow, not needed (it had the decision or is over), or failed now. */
export type Resent = 'delivered' | 'alreadyThere' | 'failed';

/**
 * Sends a decided row's stored decision through `send` (the workflow's decide update) and marks the row
 * unless the send failed for a reason that may pass; the one resend the API's retry and the reconcile share.
 */
export async function resendDecision(
  db: DataSource,
  task: TaskEntity,
  send: (input: TaskDecisionInput) => Promise<unknown>,
): Promise<Resent> {
  const stored = storedDecision(task);
  if (!stored) return 'alreadyThere';
  let outcome: Resent = 'delivered';
  try {
    await send(stored);
  } catch (err) {
    if (!redeliveryNeedless(err)) return 'failed';
    outcome = 'alreadyThere';
  }
  await markDecisionDelivered(db, task.id);
  return outcome;
}

export interface UndeliveredOptions {
  /** only these dealers (tests share one database); default all */
  dealerIds?: string[];
  /** decisions younger than this are still on their way (default 2 minutes) */
  minAgeMs?: number;
  /** decisions older than this many days are left alone (default 7) */
  days?: number;
}

/** Decided rows whose workflow is not known to have the decision, oldest first (at most `limit`). */
export function undeliveredDecisions(db: DataSource, o: UndeliveredOptions = {}, limit = 500): Promise<TaskEntity[]> {
  const q = db
    .getRepository(TaskEntity)
    .createQueryBuilder('t')
    .where(`t.status = 'done' AND t."deliveredAt" IS NULL AND t.decision IS NOT NULL AND t."decidedBy" IS NOT NULL`)
    .andWhere(`t."decidedAt" < now() - make_interval(secs => :minAge)`, { minAge: (o.minAgeMs ?? 120_000) / 1000 })
    .andWhere(`t."decidedAt" > now() - make_interval(days => :days)`, { days: o.days ?? 7 });
  if (o.dealerIds) q.andWhere('t.dealerId IN (:...dealerIds)', { dealerIds: o.dealerIds });
  return q.orderBy('t.decidedAt').addOrderBy('t.id').take(limit).getMany();
}
