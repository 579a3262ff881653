// The human steps: inbox reads from the task table; decisions go to the waiting workflow as an update.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { checkDecision, Clock, type DealerPolicy, type TaskKind } from '@kaflow/domain';
import { PlanEntity, TaskEntity, UserEntity } from '@kaflow/persistence';
import {
  loadPolicy,
  markDecisionDelivered,
  mergeInput,
  resendDecision,
  standingInFor,
  toTaskView,
  validatePlanInput,
} from '@kaflow/records';
import { decideUpdate, type TaskView } from '@kaflow/workflows';
import { hasRole, type AuthUser } from '../common/auth-user';
import { businessClock } from '../common/business-month';
import { calendarFlags, localYear, type CalendarFlag } from '../common/calendar-status';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';
import { MAX_TASK_PAGE, type ListTasksQuery } from './dto/list-tasks.dto';
import { taskHistory, type TaskEvent } from './task-history';
import { tasksForViewer } from './task-phones';
import { mapUpdateError, updateNotTaken } from './task-update-errors';

/** A task as the API answers it: with whether its due time falls in a provisional calendar year. */
export type TaskAnswer = TaskView & CalendarFlag & { onBehalfOf?: Person | null };

type Person = { id: string; displayName: string };
/** Whoever asks to decide: a signed-in user, or a person a WeCom click names. */
export type DecidingPerson = { id: string; roles: readonly string[]; dealerId: string };
/** Whether a person may decide a task, and for whom when as a substitute (代理). */
export type Decider = { may: true; onBehalfOf: Person | null } | { may: false; reason: string };

/** The task is theirs: assigned to them, or to a role they hold. */
const holds = (p: { id: string; roles: readonly string[] }, task: TaskEntity) =>
  task.assigneeUserId === p.id || (!!task.assigneeRole && p.roles.includes(task.assigneeRole));

/** Anyone of a role above the task's place on its escalation chain decides it too, and admins. */
function decidesFromAbove(p: { roles: readonly string[] }, task: TaskEntity, policy: DealerPolicy): boolean {
  if (p.roles.includes('admin')) return true;
  const chain: string[] = policy.escalationChains[task.chain] ?? policy.escalationChains.default;
  const taskPos = task.assigneeRole ? chain.indexOf(task.assigneeRole) : chain.indexOf('consultant');
  const userPos = Math.max(...p.roles.map((r) => chain.indexOf(r)));
  return taskPos >= 0 && userPos > taskPos;
}

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
    // a substitute (代理) sees the tasks of the people they stand in for today, marked so
    if (f.scope === 'dealer' && !hasRole(user, 'ka_manager', 'admin'))
      throw forbidden("only the key-account manager and the admin list the dealer's tasks");
    const everyone = hasRole(user, 'admin') || f.scope === 'dealer';
    const absent = everyone ? [] : await this.absentFor(user);
    if (!everyone)
      q.andWhere('(t.assigneeUserId = ANY(:uids) OR t.assigneeRole = ANY(:roles))', {
        uids: [user.id, ...absent.map((a) => a.id)],
        roles: [...new Set([...user.roles, ...absent.flatMap((a) => a.roles)])],
      });
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
    const forWhom = (t: TaskEntity): Person | null => {
      if (t.assigneeUserId === user.id || (t.assigneeRole && hasRole(user, t.assigneeRole as any))) return null;
      const a = absent.find((p) => p.id === t.assigneeUserId || (t.assigneeRole && p.roles.includes(t.assigneeRole)));
      return a ? { id: a.id, displayName: a.displayName } : null;
    };
    const items = await this.forViewer(
      user,
      rows.map((r) => ({ ...flag(r), onBehalfOf: forWhom(r) })),
    );
    return { items, total, page, pageSize };
  }

  /** The active people this user stands in for today at the dealer (never further: substitution does not chain). */
  private async absentFor(user: DecidingPerson): Promise<UserEntity[]> {
    const { today } = await businessClock(this.db, user.dealerId, this.clock.now());
    const subs = await standingInFor(this.db, user.dealerId, user.id, today);
    if (subs.length === 0) return [];
    const people = await this.db.getRepository(UserEntity).findBy({
      dealerId: user.dealerId,
      id: In(subs.map((x) => x.userId)),
      active: true,
    });
    return subs.flatMap((x) => people.filter((p) => p.id === x.userId));
  }

  async history(user: AuthUser, id: string): Promise<TaskEvent[]> {
    return taskHistory(this.db, await this.load(user, id));
  }

  async get(user: AuthUser, id: string): Promise<TaskAnswer> {
    const [task, flag] = await Promise.all([this.load(user, id), this.flagger(user.dealerId)]);
    return (await this.forViewer(user, [flag(task)]))[0];
  }

  /** PIPL: the customers' phones in the tasks' payloads and decision data as this user may see them. */
  /** Tasks as this person may read them (phones masked by the PIPL rules). */
  forViewer<T extends TaskView>(user: AuthUser, tasks: T[]): Promise<T[]> {
    const viewer = { userId: user.id, roles: user.roles, now: this.clock.now() };
    return tasksForViewer(this.db, viewer, user.dealerId, tasks);
  }

  /** The task view with `official` / `provisional` for the year its due time falls in at the dealer
   *  (two small reads per answer — the policy's time zone and the loaded notice years — never per row). */
  async flagger(dealerId: string): Promise<(t: TaskEntity) => TaskAnswer> {
    const [{ timezone }, of] = await Promise.all([loadPolicy(this.db, dealerId), calendarFlags(this.db)]);
    return (t) => ({ ...toTaskView(t), ...of([localYear(t.dueAt, timezone)]) });
  }

  /** `via`: where the decision came from when not the task page (a WeCom card), kept in the task's history. */
  async complete(user: AuthUser, id: string, body: CompleteTaskBody, via?: 'wecom'): Promise<TaskView> {
    const task = await this.load(user, id);
    const decider = await this.mayDecide(user, task);
    if (!decider.may) throw forbidden(decider.reason);
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
              ...(decider.onBehalfOf ? { onBehalfOfUserId: decider.onBehalfOf.id } : {}),
            },
          ],
        });
        // the workflow has it; not awaited, and a mark that fails only costs the reconcile a refused resend
        markDecisionDelivered(this.db, task.id).catch((e) =>
          log.warn(`task ${task.id}: marking its decision delivered failed (${(e as Error)?.message ?? e})`),
        );
        return (await this.forViewer(user, [view]))[0];
      } catch (err) {
        if (attempt < UPDATE_TRIES && updateNotTaken(err)) {
          await new Promise((r) => setTimeout(r, 1000 * attempt));
          continue;
        }
        throw mapUpdateError(err);
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

  /**
   * The one check of who may decide a task (the API's decisions and WeCom card clicks both ask it): the
   * assignee, anyone of a role above the task's place on its escalation chain, and admins decide directly;
   * a substitute (代理) of one of those, on a day their substitution runs at the dealer, decides on that
   * person's behalf (standing in for the assignee is named even when the substitute's own role is above).
   * Substitution does not chain: the person's own rights count, never their substitutions.
   */
  async mayDecide(person: DecidingPerson, task: TaskEntity): Promise<Decider> {
    if (person.dealerId !== task.dealerId) return { may: false, reason: 'this task belongs to another dealer' };
    if (holds(person, task)) return { may: true, onBehalfOf: null };
    const [policy, absent] = await Promise.all([loadPolicy(this.db, task.dealerId), this.absentFor(person)]);
    const via = (a: UserEntity) => ({ may: true as const, onBehalfOf: { id: a.id, displayName: a.displayName } });
    // standing in for the assignee comes first, so a manager substituting for their director decides "on behalf"
    for (const a of absent) if (holds(a, task)) return via(a);
    if (decidesFromAbove(person, task, policy)) return { may: true, onBehalfOf: null };
    for (const a of absent) if (decidesFromAbove(a, task, policy)) return via(a);
    return {
      may: false,
      reason:
        'only the assignee (or someone above them on the escalation chain, or their substitute today) ' +
        'may decide this task',
    };
  }
}
