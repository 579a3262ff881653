// The side effects of the human-task primitive: create, remind, escalate, record the decision.
// Each is idempotent on the task id, so Temporal may retry any of them safely.
import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import { dueAfter } from '@kaflow/calendar';
import { ErrorCode, type TaskDecisionInput } from '@kaflow/domain';
import { ProspectEntity, TaskEntity, UserEntity } from '@kaflow/persistence';
import type { CreateTaskInput, EscalationResult, TaskReassignedInput, TaskTimes, TaskView } from '@kaflow/workflows';
import { loadCalendar, loadPolicy, toTaskView, writeAudit } from '@kaflow/records';
import type { ActivityDeps } from '../deps';
import { outboxDeps } from '../notifications/outbox-deps';
import { notifyTask } from '../notifications/task-notify';
import type { TaskMailKind } from './task-mail';

const times = (t: TaskEntity): TaskTimes => ({
  taskId: t.id,
  dueAt: t.dueAt.toISOString(),
  remindAt: t.remindAt.toISOString(),
  escalationLevel: t.escalationLevel,
});

async function resolveAssignee(
  m: EntityManager,
  input: CreateTaskInput,
): Promise<{ userId: string | null; role: string | null }> {
  const a = input.assignee;
  if ('role' in a) return { userId: null, role: a.role };
  const userId =
    'userId' in a
      ? a.userId
      : (await m.getRepository(ProspectEntity).findOneByOrFail({ id: a.ownerOf, dealerId: input.dealerId })).ownerId;
  return { userId, role: null };
}

/** Position of the assignee on the chain: the role itself, or the highest chain role the user holds. */
async function chainPosition(m: EntityManager, t: TaskEntity, chain: string[]): Promise<number> {
  if (t.assigneeRole) return chain.indexOf(t.assigneeRole);
  const user = await m.getRepository(UserEntity).findOneBy({ id: t.assigneeUserId! });
  return Math.max(-1, ...(user?.roles ?? []).map((r) => chain.indexOf(r)));
}

export function createTaskActivities(deps: ActivityDeps) {
  const { db, now } = deps;

  const mail = (kind: TaskMailKind, t: TaskEntity, event: string) => notifyTask(outboxDeps(deps), kind, t, event, now);

  return {
    async createTask(input: CreateTaskInput): Promise<TaskTimes> {
      const repo = db.getRepository(TaskEntity);
      let task = await repo.findOneBy({ id: input.taskId });
      if (!task) {
        const [policy, calendar] = await Promise.all([
          loadPolicy(db, input.dealerId),
          loadCalendar(db, input.dealerId),
        ]);
        const created = now();
        const rule = policy.durations[input.due];
        const dueAt = dueAfter(created, rule, calendar, policy.timezone);
        const remindAt = new Date(created.getTime() + (dueAt.getTime() - created.getTime()) * policy.reminderAt);
        const assignee = await resolveAssignee(db.manager, input);
        await repo
          .createQueryBuilder()
          .insert()
          .into(TaskEntity)
          .values({
            id: input.taskId,
            dealerId: input.dealerId,
            kind: input.kind,
            title: input.title,
            status: 'open',
            assigneeUserId: assignee.userId,
            assigneeRole: assignee.role,
            chain: input.chain,
            escalationLevel: 0,
            dueAt,
            originalDueAt: dueAt,
            remindAt,
            dueRule: rule as any,
            subjectType: input.subject.type,
            subjectId: input.subject.id,
            payload: (input.payload ?? {}) as Record<string, any>,
            workflowId: input.workflowId,
            createdAt: created,
          })
          .orIgnore()
          .execute();
        task = await repo.findOneByOrFail({ id: input.taskId });
      }
      await mail('assigned', task, 'assigned');
      return times(task);
    },

    async remindTask(input: { taskId: string; escalationLevel: number }): Promise<void> {
      const task = await db.getRepository(TaskEntity).findOneByOrFail({ id: input.taskId });
      // A reminder for a level the task has left (a late retry) would reach the wrong people.
      if (task.status !== 'open' || task.escalationLevel !== input.escalationLevel) return;
      await mail('reminder', task, `reminder:${input.escalationLevel}`);
    },

    /** A manager moved the open task to another person (转办): the task's message goes to them, once. */
    async notifyReassigned(input: TaskReassignedInput): Promise<void> {
      const task = await db.getRepository(TaskEntity).findOneBy({ id: input.taskId });
      if (!task || task.status !== 'open') return;
      await mail('assigned', task, `reassigned:${input.reassignment}`);
    },

    /** The task's times as stored now (after a calendar change recomputed them). */
    async taskTimes(input: { taskId: string }): Promise<TaskTimes> {
      return times(await db.getRepository(TaskEntity).findOneByOrFail({ id: input.taskId }));
    },

    /**
     * Moves an overdue task one step up its chain (once per level, however often retried).
     * honourMovedDue: if a calendar change moved the due time past now, nothing escalates and the
     * answer carries the new due time (the workflow sleeps again).
     */
    async escalateTask(input: {
      taskId: string;
      toLevel: number;
      honourMovedDue?: boolean;
    }): Promise<EscalationResult> {
      const result = await db.transaction(async (m) => {
        const repo = m.getRepository(TaskEntity);
        const task = await repo
          .createQueryBuilder('t')
          .setLock('pessimistic_write')
          .where('t.id = :id', { id: input.taskId })
          .getOneOrFail();
        const policy = await loadPolicy(m, task.dealerId);
        const chain = policy.escalationChains[task.chain] ?? policy.escalationChains.default;
        if (task.status !== 'open') return { task, escalated: false, atTop: true };
        // a retry: done already
        if (task.escalationLevel >= input.toLevel) return { task, escalated: true, atTop: false };
        const moved = input.honourMovedDue && task.dueAt.getTime() > now().getTime() + 1000;
        if (moved) return { task, escalated: false, atTop: false };
        const pos = await chainPosition(m, task, chain);
        const next = chain[pos < 0 ? Math.min(1, chain.length - 1) : pos + 1];
        if (!next || next === task.assigneeRole) return { task, escalated: false, atTop: true };
        const calendar = await loadCalendar(m, task.dealerId);
        const from = { role: task.assigneeRole, userId: task.assigneeUserId };
        task.escalationLevel = input.toLevel;
        task.assigneeRole = next;
        task.assigneeUserId = null;
        task.dueAt = dueAfter(task.dueAt, task.dueRule, calendar, policy.timezone);
        await repo.save(task);
        await writeAudit(m, {
          dealerId: task.dealerId,
          actorUserId: null,
          action: 'task.escalated',
          entityType: 'task',
          entityId: task.id,
          detail: { from, to: next, level: task.escalationLevel, dueAt: task.dueAt.toISOString() },
        });
        return { task, escalated: true, atTop: false };
      });
      if (result.escalated && !result.atTop)
        await mail('escalated', result.task, `escalated:${result.task.escalationLevel}`);
      return {
        escalated: result.escalated,
        atTop: result.atTop,
        escalationLevel: result.task.escalationLevel,
        dueAt: result.task.dueAt.toISOString(),
      };
    },

    /**
     * Writes the decision once. A retry of the same decision returns the row; any other is a conflict.
     * One statement (the update, its audit row only when the update took, the row back), so the decision
     * holds a connection for one round trip: it runs inside the workflow task that took the update.
     */
    async recordDecision(input: TaskDecisionInput): Promise<TaskView> {
      const data = input.data === undefined || input.data === null ? null : JSON.stringify(input.data);
      const rows: TaskEntity[] = await db.query(
        `WITH u AS (
           UPDATE task SET status = 'done', decision = $2, comment = $3, "decisionData" = $4::jsonb,
                  "decidedBy" = $5, "decidedAt" = $6, "decidedOnBehalfOf" = $7::uuid
            WHERE id = $1 AND status = 'open' RETURNING *),
         a AS (
           INSERT INTO audit_log ("dealerId", "actorUserId", action, "entityType", "entityId", detail)
           SELECT "dealerId", $5, 'task.decided', 'task', id::text,
                  jsonb_build_object('kind', kind, 'decision', $2::text, 'comment', $3::text, 'data', $4::jsonb)
                  || CASE WHEN $7::uuid IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('onBehalfOf', $7::text) END
                  || CASE WHEN $8::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('via', $8::text) END
             FROM u)
         SELECT * FROM u`,
        [
          input.taskId,
          input.decision,
          input.comment ?? null,
          data,
          input.byUserId,
          now(),
          input.onBehalfOfUserId ?? null,
          input.via ?? null,
        ],
      );
      if (rows.length) return toTaskView(rows[0]);
      const task = await db.getRepository(TaskEntity).findOneByOrFail({ id: input.taskId });
      if (task.decision === input.decision && task.decidedBy === input.byUserId) return toTaskView(task);
      throw ApplicationFailure.create({
        message: 'this task is already decided',
        type: ErrorCode.Conflict,
        nonRetryable: true,
      });
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
