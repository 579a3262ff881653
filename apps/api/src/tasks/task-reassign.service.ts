// Reassignment (转办): open tasks moved to another person who may decide them, with a reason; the new assignee's
// message goes out through a small workflow of its own.
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { FieldProblem } from '@kaflow/domain';
import { TaskEntity, UserEntity } from '@kaflow/persistence';
import { loadPolicy, writeAudit } from '@kaflow/records';
import { taskReassignedWorkflow, taskReassignedWorkflowId, type TaskReassignedInput } from '@kaflow/workflows';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, conflict } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';
import { TasksService, type TaskPage } from './tasks.service';

const log = new Logger('Tasks');
/** The roles of a chain from a place up, for the reason a person may not take a task. */
const needs = (chain: string[], pos: number) => chain.slice(Math.max(pos, 0)).join(', ');

@Injectable()
export class TaskReassignService {
  constructor(
    private readonly db: DataSource,
    private readonly temporal: Temporal,
    private readonly tasks: TasksService,
  ) {}

  /**
   * Moves open tasks to another person who may decide them (转办), all or none: each task's row gets the new
   * assignee and an audit row naming both, in one transaction; then the new assignee gets the task's message.
   * The workflow that waits for the decision is not told: it keeps its timers, and the escalation reads the
   * assignee from the row. A key-account manager moves tasks no higher on their chain than their own place.
   */
  async reassign(user: AuthUser, dto: { taskIds: string[]; toUserId: string; reason: string }): Promise<TaskPage> {
    const [policy, target, tasks] = await Promise.all([
      loadPolicy(this.db, user.dealerId),
      this.db.getRepository(UserEntity).findOneBy({ id: dto.toUserId, dealerId: user.dealerId, active: true }),
      this.db.getRepository(TaskEntity).findBy({ id: In(dto.taskIds), dealerId: user.dealerId }),
    ]);
    const problems: FieldProblem[] = [];
    if (!target) problems.push({ field: 'toUserId', problem: 'no such active person in your dealer' });
    const current = await this.db.getRepository(UserEntity).findBy({
      dealerId: user.dealerId,
      id: In(tasks.flatMap((t) => (t.assigneeUserId ? [t.assigneeUserId] : []))),
    });
    dto.taskIds.forEach((id, i) => {
      const field = `taskIds[${i}]`;
      const t = tasks.find((x) => x.id === id);
      if (!t) return problems.push({ field, problem: 'no such task in your dealer' });
      if (t.status !== 'open') return problems.push({ field, problem: 'is no longer open' });
      if (t.kind === 'calendar_load')
        return problems.push({ field, problem: "is done by loading the year's holiday notice; it cannot move" });
      const chain: string[] = policy.escalationChains[t.chain] ?? policy.escalationChains.default;
      const holder = current.find((u) => u.id === t.assigneeUserId);
      const pos = t.assigneeRole
        ? chain.indexOf(t.assigneeRole)
        : Math.max(-1, ...(holder?.roles ?? []).map((r) => chain.indexOf(r)));
      const placeOf = (roles: readonly string[]) => Math.max(-1, ...roles.map((r) => chain.indexOf(r)));
      if (!hasRole(user, 'admin') && (pos < 0 || placeOf(user.roles) < pos))
        return problems.push({ field, problem: 'sits above your place on its escalation chain; ask the admin' });
      if (!target) return;
      if (t.assigneeUserId === target.id)
        return problems.push({ field, problem: `is already ${target.displayName}'s` });
      const fits = t.assigneeRole
        ? target.roles.includes(t.assigneeRole as any) || placeOf(target.roles) >= pos
        : placeOf(target.roles) >= pos;
      if (!fits || pos < 0)
        problems.push({
          field,
          problem: `${target.displayName} may not decide it: it needs one of ${needs(chain, pos)}`,
        });
    });
    if (problems.length) throw badRequest(problems, 'nothing was reassigned');
    const notices: TaskReassignedInput[] = [];
    await this.db.transaction(async (m) => {
      const locked = await m
        .getRepository(TaskEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id IN (:...ids) AND t.dealerId = :dealerId', { ids: dto.taskIds, dealerId: user.dealerId })
        .getMany();
      for (const t of locked) {
        if (t.status !== 'open') throw conflict(`task ${t.id} was decided meanwhile; nothing was reassigned`);
        const reassignment = randomUUID();
        await m.getRepository(TaskEntity).update({ id: t.id }, { assigneeUserId: target!.id, assigneeRole: null });
        await writeAudit(m, {
          dealerId: user.dealerId,
          actorUserId: user.id,
          action: 'task.reassigned',
          entityType: 'task',
          entityId: t.id,
          detail: {
            reassignment,
            from: { userId: t.assigneeUserId, role: t.assigneeRole },
            to: { userId: target!.id },
            reason: dto.reason,
            level: t.escalationLevel,
          },
        });
        notices.push({ taskId: t.id, reassignment });
      }
    });
    for (const n of notices) await this.startNotice(n);
    const rows = await this.db.getRepository(TaskEntity).findBy({ id: In(dto.taskIds), dealerId: user.dealerId });
    const flag = await this.tasks.flagger(user.dealerId);
    const items = await this.tasks.forViewer(
      user,
      dto.taskIds.map((id) => flag(rows.find((r) => r.id === id)!)),
    );
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  /** The new assignee's message, through a small workflow of its own; the move is committed already, so a
   *  Temporal outage costs the message (the task is in their inbox), never the move. */
  private async startNotice(input: TaskReassignedInput): Promise<void> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + 10_000, () =>
        this.temporal.client.workflow.start(taskReassignedWorkflow, {
          workflowId: taskReassignedWorkflowId(input),
          taskQueue: this.temporal.taskQueue,
          args: [input],
        }),
      );
    } catch (err) {
      log.warn(`task ${input.taskId}: the reassignment's message was not started (${(err as Error)?.message ?? err})`);
    }
  }
}
