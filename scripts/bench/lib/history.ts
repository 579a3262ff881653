// A workflow history's cost, read from the engine: its events, its bytes (the History protobuf) and what Temporal
// bills as actions. Shared by `npm run bench:cost` (on the cluster) and `npm run bench:sweep` (on the dev server).
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const E = temporal.api.enums.v1.EventType;
// What Temporal bills as an action, read off a history: a start, a signal, an update, each activity and timer, a
// child start, a continue-as-new, a marker (side effect, local activity, patch), a search attribute upsert.
const ACTIONS = new Set<number>([
  E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  E.EVENT_TYPE_TIMER_STARTED,
  E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  E.EVENT_TYPE_MARKER_RECORDED,
  E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
]);

export interface History {
  events: number;
  bytes: number;
  actions: number;
}
export const ZERO: History = { events: 0, bytes: 0, actions: 0 };
export const add = (a: History, b: History): History => ({
  events: a.events + b.events,
  bytes: a.bytes + b.bytes,
  actions: a.actions + b.actions,
});
export const sub = (a: History, b: History): History => ({
  events: a.events - b.events,
  bytes: a.bytes - b.bytes,
  actions: a.actions - b.actions,
});
export const scale = (a: History, k: number): History => ({
  events: a.events * k,
  bytes: a.bytes * k,
  actions: a.actions * k,
});

/** One run's history (the latest run of the id unless runId is given). */
export async function history(client: Client, workflowId: string, runId?: string, namespace = 'default') {
  let token: Uint8Array | undefined;
  const out = { ...ZERO };
  do {
    const res = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId, runId },
      nextPageToken: token,
    });
    const events = res.history?.events ?? [];
    out.events += events.length;
    out.bytes += temporal.api.history.v1.History.encode({ events }).finish().length;
    out.actions += events.filter((e) => ACTIONS.has(Number(e.eventType))).length;
    token = res.nextPageToken?.length ? res.nextPageToken : undefined;
  } while (token);
  return out;
}

/** The sum over several workflows' latest runs. */
export async function histories(client: Client, workflowIds: string[]): Promise<History> {
  let h = { ...ZERO };
  for (const w of workflowIds) h = add(h, await history(client, w));
  return h;
}

/** Is the workflow asleep on its timer (its last event a timer started), after a signal when `signalled`? */
export async function sleeping(client: Client, workflowId: string, signalled: boolean): Promise<boolean> {
  const res = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: 'default',
    execution: { workflowId },
    maximumPageSize: 50,
  });
  const events = res.history?.events ?? [];
  if (Number(events[0]?.eventType) !== E.EVENT_TYPE_TIMER_STARTED) return false;
  return !signalled || events.some((e) => Number(e.eventType) === E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
}
