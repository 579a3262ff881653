// The human steps: inbox reads from the task table; decisions go to the waiting workflow as an update.
import { Injectable, Logger } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { DataSource } from 'typeorm';
import { checkDecision, Clock, type TaskKind } from '@kaflow/domain';
import { PlanEntity, TaskEntity } from '@kaflow/persistence';
import {
  loadPolicy,
  markDecisionDelivered,
  mergeInput,
  resendDecision,
  toTaskView,
  validatePlanInput,
} from '@kaflow/records';
import { decideUpdate, type TaskView } from '@kaflow/workflows';
import { hasRole, type AuthUser } from '../common/auth-user';
import { calendarFlags, localYear, type CalendarFlag } from '../common/calendar-status';
import {
  badRequest,
  conflict,
  forbidden,
  fromFailure,
  notFound,
  unavailable,
  unprocessable,
} from '../common/domain-error';
import { DEPENDENCY_NAME, dependencyOf } from '../common/outage';
import { Temporal } from '../infra/infra.module';
import { MAX_TASK_PAGE, type ListTasksQuery } from './dto/list-tasks.dto';
import { taskHistory, type TaskEvent } from './task-history';

/** A task as the API answers it: with whether its due time falls in a provisional calendar year. */
export type TaskAnswer = TaskView & CalendarFlag;

export interface TaskPage {
  items: TaskAnswer[];
  total: number;
  page: number;
  pageSize: number;
}
export interface CompleteTaskBody {
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
}

const UPDATE_TRIES = 3;
const log = new Logger('Tasks');

/** The server refused or aborted the update before the workflow accepted it: the workflow task that carried
 *  it failed or timed out (gRPC 9 "Unable to perform workflow execution update due to unexpected workflow
 *  task failure"), the workflow's task is failing now, e.g. its worker died ("… due to Workflow Task in
 *  failed state"), or the update registry was cleared (14 "…aborted"). */
function updateNotTaken(err: unknown): boolean {
  for (let e: any = err, i = 0; e && i < 5; e = e.cause, i++) {
    if (!isGrpcServiceError(e)) continue;
    if (e.code === 9 && /unable to perform workflow execution update/i.test(e.details)) return true;
    if (e.code === 14 && /update was aborted/i.test(e.details)) return true;
  }
  return false;
}

@Injectable()
export class TasksService {
  constructor(
    private readonly db: DataSource,
    private readonly temporal: Temporal,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, f: ListTasksQuery): Promise<TaskPage> {
    const status = f.status ?? 'open';
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? MAX_TASK_PAGE;
    const q = this.db
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .where('t.dealerId = :dealerId', { dealerId: user.dealerId });
    if (!hasRole(user, 'admin'))
      q.andWhere('(t.assigneeUserId = :uid OR t.assigneeRole = ANY(:roles))', { uid: user.id, roles: user.roles });
    if (status !== 'all') q.andWhere('t.status = :status', { status: status === 'open' ? 'open' : 'done' });
    if (f.kind) q.andWhere('t.kind = ANY(:kinds)', { kinds: f.kind });
    const now = this.clock.now();
    const late = "t.status = 'open' AND t.dueAt < :now";
    if (f.overdue !== undefined) q.andWhere(f.overdue ? late : `NOT (${late})`, { now });
    if (f.dueToday) {
      const { timezone } = await loadPolicy(this.db, user.dealerId);
      q.andWhere('(t.dueAt AT TIME ZONE :tz)::date = (CAST(:now AS timestamptz) AT TIME ZONE :tz)::date', {
        tz: timezone,
        now,
      });
    }
    if (f.q) q.andWhere("t.title ILIKE :q ESCAPE '\\'", { q: `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const order = f.order === 'desc' ? 'DESC' : 'ASC';
    const [rows, total] = await q
      .orderBy('t.dueAt', order)
      .addOrderBy('t.id')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const flag = await this.flagger(user.dealerId);
    return { items: rows.map((r) => flag(r)), total, page, pageSize };
  }

  async history(user: AuthUser, id: string): Promise<TaskEvent[]> {
    return taskHistory(this.db, await this.load(user, id));
  }

  async get(user: AuthUser, id: string): Promise<TaskAnswer> {
    const [task, flag] = await Promise.all([this.load(user, id), this.flagger(user.dealerId)]);
    return flag(task);
  }

  /** The task view with `official` / `provisional` for the year its due time falls in at the dealer
   *  (two small reads per answer — the policy's time zone and the loaded notice years — never per row). */
  private async flagger(dealerId: string): Promise<(t: TaskEntity) => TaskAnswer> {
    const [{ timezone }, of] = await Promise.all([loadPolicy(this.db, dealerId), calendarFlags(this.db)]);
    return (t) => ({ ...toTaskView(t), ...of([localYear(t.dueAt, timezone)]) });
  }

  /** `via`: where the decision came from when not the task page (a WeCom card), kept in the task's history. */
  async complete(user: AuthUser, id: string, body: CompleteTaskBody, via?: 'wecom'): Promise<TaskView> {
    const task = await this.load(user, id);
    await this.authorize(user, task);
    if (task.status === 'done') await this.redeliver(task);
    if (task.status !== 'open')
      throw conflict(`this task is already ${task.status === 'done' ? `decided (${task.decision})` : task.status}`);
    if (task.kind === 'calendar_load') {
      throw unprocessable("this task is done by loading the year's holiday notice, not by a decision");
    }
    const problems = checkDecision(task.kind as TaskKind, body, task.payload);
    if (problems.length) throw badRequest(problems);
    if (task.kind === 'plan_draft' && body.data?.input)
      await this.checkPlanEdit(task, body.data.input as Record<string, unknown>);
    const handle = this.temporal.client.workflow.getHandle(task.workflowId);
    // An update the engine gave up before the workflow took it (its worker died holding it) decided
    // nothing, so it is sent again, a few times, before the caller is told to try later.
    for (let attempt = 1; ; attempt++) {
      try {
        const view = await handle.executeUpdate(decideUpdate, {
          args: [
            {
              taskId: task.id,
              decision: body.decision,
              comment: body.comment,
              data: body.data,
              byUserId: user.id,
              ...(via ? { via } : {}),
            },
          ],
        });
        // the workflow has it; not awaited, and a mark that fails only costs the reconcile a refused resend
        markDecisionDelivered(this.db, task.id).catch((e) =>
          log.warn(`task ${task.id}: marking its decision delivered failed (${(e as Error)?.message ?? e})`),
        );
        return view;
      } catch (err) {
        if (attempt < UPDATE_TRIES && updateNotTaken(err)) {
          await new Promise((r) => setTimeout(r, 1000 * attempt));
          continue;
        }
        throw this.mapUpdateError(err);
      }
    }
  }

  /**
   * A decision on record whose workflow may not know it: a worker that died after the decision's write
   * but before its workflow task completed takes the update with it, and the client's retry then finds
   * the row decided. Unless the row says the workflow has it, the stored decision is sent again (its write
   * returns the row as it is), so the workflow carries on; a workflow that had it already refuses it or is
   * over, and the row is marked. The worker's reconcile does the same for a retry that never comes.
   */
  private async redeliver(task: TaskEntity): Promise<void> {
    if (task.deliveredAt) return;
    const handle = this.temporal.client.workflow.getHandle(task.workflowId);
    // the engine away or the worker dying again leaves the row for the reconcile; the answer is the 409 anyway
    await resendDecision(this.db, task, (input) => handle.executeUpdate(decideUpdate, { args: [input] })).catch(
      () => undefined,
    );
  }

  /** Edits sent with a plan draft's submission are checked against the draft now, so a bad figure is a
   *  400 naming the field instead of a submission the plan cannot take. */
  private async checkPlanEdit(task: TaskEntity, patch: Record<string, unknown>): Promise<void> {
    const plan = await this.db.getRepository(PlanEntity).findOneBy({ id: task.subjectId, dealerId: task.dealerId });
    if (!plan) throw notFound('plan');
    if (plan.status !== 'draft') throw conflict(`version ${plan.version} is ${plan.status}; only a draft takes edits`);
    const found = validatePlanInput(plan.kind, mergeInput(plan.input, patch));
    if (found.length)
      throw badRequest(
        found.map((p) => ({ field: `data.input.${p.field}`, problem: p.problem })),
        'the plan edits are not valid',
      );
  }

  private async load(user: AuthUser, id: string): Promise<TaskEntity> {
    const task = await this.db.getRepository(TaskEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!task) throw notFound('task');
    return task;
  }

  /** The assignee decides; so may anyone of a role above the task's place on its escalation chain, and admins. */
  private async authorize(user: AuthUser, task: TaskEntity): Promise<void> {
    if (
      task.assigneeUserId === user.id ||
      (task.assigneeRole && hasRole(user, task.assigneeRole as any)) ||
      hasRole(user, 'admin')
    )
      return;
    const policy = await loadPolicy(this.db, task.dealerId);
    const chain: string[] = policy.escalationChains[task.chain] ?? policy.escalationChains.default;
    const taskPos = task.assigneeRole ? chain.indexOf(task.assigneeRole) : chain.indexOf('consultant');
    const userPos = Math.max(...user.roles.map((r) => chain.indexOf(r)));
    if (taskPos >= 0 && userPos > taskPos) return;
    throw forbidden('only the assignee (or someone above them on the escalation chain) may decide this task');
  }

  private mapUpdateError(err: unknown): Error {
    const coded = fromFailure(err instanceof WorkflowUpdateFailedError ? err.cause : undefined);
    if (coded) return coded;
    if (
      err instanceof WorkflowNotFoundError ||
      /workflow execution already completed/i.test(String((err as Error)?.message))
    ) {
      return conflict('this task is no longer waiting for a decision');
    }
    if (err instanceof WorkflowUpdateFailedError) return conflict(err.cause?.message ?? err.message);
    // The engine took the update but did not answer within the call's deadline (a loaded server): the
    // decision may still be taken, once; the client's retry gets the decided task or a 409.
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
      return unavailable(
        'the process engine (Temporal) did not answer in time; reload the task to see whether it was decided',
        'temporal',
      );
    if (updateNotTaken(err))
      return unavailable(
        'the process engine (Temporal) was interrupted before it took the decision; nothing was decided, try again',
      );
    const dependency = dependencyOf(err);
    if (dependency)
      return unavailable(`${DEPENDENCY_NAME[dependency]} is unavailable; nothing was decided`, dependency);
    return err as Error;
  }
}
