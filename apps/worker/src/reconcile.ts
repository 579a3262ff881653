// Starts the workflows a committed record should have and does not, idempotently (the workflow id is
// the prospect's, so a workflow already there is left alone). Run by every worker at start-up and then
// every WORKER_RECONCILE_SECONDS; safe to run again and from several workers at once.
//  - follow-up workflows (process 6): every live prospect without one (seeded, imported while Temporal
//    was down, recorded before process 6 existed), and recently lost ones whose loss has no analysis yet;
//  - customer-service callbacks (process 5): every prospect recorded by hand in the last CALLBACK_DAYS
//    without its callback: the API commits the records first and starts the callback after, so an API
//    killed between the two leaves one behind. Only records older than the minimum age are taken
//    (WORKER_RECONCILE_MIN_AGE_SECONDS, default 60), so a create still in flight starts its own.
//    Imported prospects are the dealer's existing base: no callback.
//  - the follow-up grain (reconcile-grain.ts): the day's sweep of every dealer on the sweep grain, and a follow-up
//    workflow again for each prospect the sweep kept of a dealer switched back to one workflow per prospect;
//  - decisions (every process's human steps): a task decided on record whose workflow is not known to
//    have the decision (its worker died inside the workflow task that took the update, and no client
//    retried) gets the stored decision sent again; a workflow that has it refuses it, and either way
//    the row is marked (libs/records decision-delivery).
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { dueForSweep, resendDecision, undeliveredDecisions, type UndeliveredOptions } from '@kaflow/records';
import {
  callbackWorkflow,
  callbackWorkflowId,
  decideUpdate,
  followUpWorkflowId,
  startFollowUp,
} from '@kaflow/workflows';
import { reconcileGrains } from './reconcile-grain';

const RECENT_LOSS_DAYS = 7;
const CALLBACK_DAYS = 14;
const MIN_AGE_MS = 60_000;
const PARALLEL = 25;

export interface ReconcileOptions {
  /** only these dealers (tests share one database); default all */
  dealerIds?: string[];
  /** records younger than this are left to the request that created them (default MIN_AGE_MS, 60 s) */
  minAgeMs?: number;
}

export interface Reconciled {
  started: number;
  running: number;
}

type Row = { id: string; dealerId: string };

/** What each reconcile looks for ($1: its days, $2: the minimum age in seconds) and how it starts it. */
const KINDS = {
  followUp: {
    label: 'follow-up workflows',
    days: RECENT_LOSS_DAYS,
    where: `NOT EXISTS (SELECT 1 FROM conversion_state s WHERE s."prospectId" = p.id)
        AND (p.grade <> 'F' OR EXISTS (
          SELECT 1 FROM grade_change g
          WHERE g."prospectId" = p.id AND g."toGrade" = 'F' AND g.at > now() - make_interval(days => $1)
            AND NOT EXISTS (
              SELECT 1 FROM lost_analysis la
              WHERE la."prospectId" = p.id AND la."lostAt" = g.at AND la.status = 'done')))`,
    // the one start of the follow-up workflow (its id, input and reuse policy: a failed run may start again); a
    // dealer on the sweep grain gets the row instead, due now: its sweep takes the prospect at the next bucket
    start: async (client: Client, taskQueue: string, r: Row, db: DataSource) => {
      const p = { prospectId: r.id, workflowId: followUpWorkflowId(r.dealerId, r.id) };
      if ((await dueForSweep(db, r.dealerId, [p], new Date())).size) return true;
      return (await startFollowUp(client, taskQueue, r.dealerId, r.id)).started;
    },
  },
  callback: {
    label: 'callbacks',
    days: CALLBACK_DAYS,
    where: `p."importJobId" IS NULL AND p."createdAt" > now() - make_interval(days => $1)
        AND NOT EXISTS (SELECT 1 FROM callback_check c WHERE c."prospectId" = p.id)`,
    // a callback that ran (its row somehow gone) never runs twice
    start: async (client: Client, taskQueue: string, r: Row) => {
      try {
        await client.workflow.start(callbackWorkflow, {
          workflowId: callbackWorkflowId(r.dealerId, r.id),
          taskQueue,
          args: [{ dealerId: r.dealerId, prospectId: r.id }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return true;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw err;
      }
    },
  },
} as const;

async function reconcile(
  kind: keyof typeof KINDS,
  client: Client,
  db: DataSource,
  taskQueue: string,
  log: (s: string) => void = () => {},
  o: ReconcileOptions = {},
): Promise<Reconciled> {
  const k = KINDS[kind];
  const rows: Row[] = await db.query(
    `SELECT p.id, p."dealerId" FROM prospect p
      WHERE ${k.where}
        AND p."createdAt" < now() - make_interval(secs => $2)
        ${o.dealerIds ? `AND p."dealerId" = ANY($3::uuid[])` : ''}
      ORDER BY p."createdAt", p.id`,
    [k.days, (o.minAgeMs ?? MIN_AGE_MS) / 1000, ...(o.dealerIds ? [o.dealerIds] : [])],
  );
  const n = { started: 0, running: 0 };
  for (let i = 0; i < rows.length; i += PARALLEL) {
    await Promise.all(
      rows.slice(i, i + PARALLEL).map(async (r) => {
        if (await k.start(client, taskQueue, r, db)) n.started++;
        else n.running++;
      }),
    );
  }
  if (rows.length) log(`${k.label}: ${n.started} started, ${n.running} already there`);
  return n;
}

type Reconcile = (
  client: Client,
  db: DataSource,
  taskQueue: string,
  log?: (s: string) => void,
  o?: ReconcileOptions,
) => Promise<Reconciled>;
export const reconcileFollowUps: Reconcile = (...a) => reconcile('followUp', ...a);
export const reconcileCallbacks: Reconcile = (...a) => reconcile('callback', ...a);

export interface Redelivered {
  /** sent again and taken by the workflow */
  delivered: number;
  /** the workflow had it already, or is over */
  alreadyThere: number;
  /** could not be sent now (the engine away): left for the next round */
  failed: number;
}

/** Sends each decided-but-undelivered task's stored decision to its workflow again (see the head of this file). */
export async function reconcileDecisions(
  client: Client,
  db: DataSource,
  log: (s: string) => void = () => {},
  o: UndeliveredOptions = {},
): Promise<Redelivered> {
  const n: Redelivered = { delivered: 0, alreadyThere: 0, failed: 0 };
  const rows = await undeliveredDecisions(db, o);
  for (let i = 0; i < rows.length; i += PARALLEL) {
    await Promise.all(
      rows.slice(i, i + PARALLEL).map(async (task) => {
        const handle = client.workflow.getHandle(task.workflowId);
        n[await resendDecision(db, task, (input) => handle.executeUpdate(decideUpdate, { args: [input] }))]++;
      }),
    );
  }
  if (rows.length)
    log(`decisions: ${n.delivered} sent again, ${n.alreadyThere} already there, ${n.failed} left for later`);
  return n;
}

/** The reconciles now, then every `everySeconds` (0: only now; a round still running skips a tick);
 *  `o.minAgeMs` is the prospects' minimum age (the decisions keep theirs). */
export function startReconciler(
  client: Client,
  db: DataSource,
  taskQueue: string,
  everySeconds: number,
  log: { info: (s: string) => void; error: (err: unknown, s: string) => void },
  o: Pick<ReconcileOptions, 'minAgeMs'> = {},
): { stop: () => Promise<void> } {
  let busy: Promise<void> | undefined;
  const round = async () => {
    for (const [what, run] of [
      ['follow-up', reconcileFollowUps],
      ['callback', reconcileCallbacks],
      ['follow-up grain', reconcileGrains],
    ] as const) {
      await run(client, db, taskQueue, log.info, o).catch((e) => log.error(e, `${what} reconcile failed`));
    }
    await reconcileDecisions(client, db, log.info).catch((e) => log.error(e, 'decision reconcile failed'));
  };
  const tick = () => {
    busy ??= round().finally(() => (busy = undefined));
  };
  tick();
  const timer = everySeconds > 0 ? setInterval(tick, everySeconds * 1000) : undefined;
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await busy;
    },
  };
}
