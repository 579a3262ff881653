// The contract of the one human-task primitive: what a workflow asks for, what the API sends back.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { ErrorCode, type DurationKey, type Role, type TaskDecisionInput, type TaskKind } from '@kaflow/domain';

/** Who gets the task: a user, every user of a role in the dealer, or whoever owns a prospect now. */
export type TaskAssignee = { userId: string } | { role: Role } | { ownerOf: string };

export interface TaskSpec {
  kind: TaskKind;
  dealerId: string;
  title: string;
  assignee: TaskAssignee;
  /** Name of the policy's escalation chain (`default`, `customer_service`). */
  chain: string;
  /** A policy duration name, resolved against the dealer's policy when the task is created. */
  due: DurationKey;
  subject: { type: string; id: string };
  payload?: Record<string, unknown>;
}

export interface CreateTaskInput extends TaskSpec {
  taskId: string;
  workflowId: string;
}

/** The deadlines the workflow sleeps on, as the activity computed them from policy and calendar. */
export interface TaskTimes {
  taskId: string;
  dueAt: string;
  remindAt: string;
  escalationLevel: number;
}

export interface EscalationResult {
  escalated: boolean;
  atTop: boolean;
  escalationLevel: number;
  dueAt: string;
}

/** The task as the API returns it (GET /api/tasks). */
export interface TaskView {
  id: string;
  kind: string;
  title: string;
  status: string;
  assigneeUserId?: string | null;
  assigneeRole?: string | null;
  dueAt: string;
  escalationLevel: number;
  subject: { type: string; id: string };
  payload: Record<string, unknown>;
  decision?: string | null;
  comment?: string | null;
  data?: Record<string, unknown> | null;
  decidedBy?: string | null;
  /** Set when a substitute decided: whom `decidedBy` acted for. */
  decidedOnBehalfOf?: string | null;
  decidedAt?: string | null;
  workflowId: string;
  createdAt: string;
}

export interface Decision {
  taskId: string;
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
  byUserId: string;
}

/** Failure types the update validator uses (codes of the one vocabulary; the API maps them to 409 and 400). */
export const CONFLICT = ErrorCode.Conflict;
export const BAD_REQUEST = ErrorCode.BadRequest;

/** The decision on one task, sent by `POST /api/tasks/:id/complete`. */
export const decideUpdate = defineUpdate<TaskView, [TaskDecisionInput]>('decide');

/**
 * The calendar under some open tasks changed (a notice loaded or corrected, a dealer closure): their
 * due and reminder times were recomputed in the task table; the workflow re-reads them and re-arms its
 * timers. No taskIds: every open task of the workflow.
 */
export const taskTimesChangedSignal = defineSignal<[{ taskIds?: string[] }]>('taskTimesChanged');

/** The deadlines the workflow is sleeping on right now, one per open task. */
export const openTaskTimesQuery = defineQuery<TaskTimes[]>('openTaskTimes');

/** The patch id guarding the re-armable wait (workflows started before it keep their fixed timers). */
export const RETIME_PATCH = 'human-task-retime';

/**
 * The patch id guarding the decision's write as a local activity (in the update handler, and the
 * outcome write that follows a callback decision): one workflow task carries the update from accepted to
 * replied, instead of a workflow task, an activity task and a second workflow task. Workflows that
 * decided before it replay their scheduled activities.
 */
export const DECIDE_LOCAL_PATCH = 'decision-local-activity';

/** A task moved to another person (转办): the notice workflow's input. */
export interface TaskReassignedInput {
  taskId: string;
  /** The reassignment's audit row id: the message's key, so a second start or a retry sends nothing twice. */
  reassignment: string;
}

/** Workflow id of one reassignment's notice. */
export const taskReassignedWorkflowId = (i: TaskReassignedInput) => `task-reassigned:${i.taskId}:${i.reassignment}`;
