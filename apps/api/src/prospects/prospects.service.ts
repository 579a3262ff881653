// Prospects (潜客): recording a lead against the grading entry standard (manual §4 process 5), and
// reading them back. Recording commits, then starts the one-week customer-service callback and the follow-up workflow.
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, MoreThanOrEqual, Or, type EntityManager, type FindOptionsWhere } from 'typeorm';
import {
  AccountEntity,
  CallbackCheckEntity,
  ContactEntity,
  EventLeadEntity,
  FollowUpEntity,
  GradeChangeEntity,
  ProspectEntity,
  VisitRecordEntity,
} from '@kaflow/persistence';
import { Clock, type FieldProblem } from '@kaflow/domain';
import { refreshFollowUpSchedule, writeAudit } from '@kaflow/records';
import { callbackWorkflow, callbackWorkflowId, followUpWorkflowId } from '@kaflow/workflows';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict, forbidden, notFound, unavailable } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';
import { FollowUpSignals } from '../conversion/follow-up-signals';
import type { CreateProspectDto, ListProspectsQuery } from './dto/prospect.dto';
import { assertCanRead, resolveOwner, seesOnlyOwn } from '../common/prospect-access';
import { prospectViews, toProspectView, type ProspectView } from '../common/prospect.view';

export interface ProspectDetail extends ProspectView {
  gradeHistory: Array<{ from: string | null; to: string; at: Date; by: string; reason: string | null }>;
  followUps: Array<{ id: string; channel: string; content: string; nextStep: string | null; at: Date; by: string }>;
  callback: {
    status: string;
    outcome: string | null;
    dueAt: Date;
    doneAt: Date | null;
    onTime: boolean | null;
    verificationOutcome: string | null;
  } | null;
}

const START_DEADLINE_MS = 5_000;

@Injectable()
export class ProspectsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly temporal: Temporal,
    private readonly followUps: FollowUpSignals,
  ) {}

  async create(user: AuthUser, dto: CreateProspectDto): Promise<ProspectView> {
    const dealerId = user.dealerId;
    const ownerId = await resolveOwner(this.db, user, dto.ownerId);
    const refs = await this.checkReferences(dealerId, dto);
    // The records commit first; only then do the workflows start, so a rolled-back create starts nothing.
    const created = await this.db.transaction(async (m) => {
      const { account, accountCreated } = refs.account
        ? { account: refs.account, accountCreated: false }
        : await this.findOrCreateAccount(m, dealerId, dto.account!.name, dto.account!.customerType);
      const contact = await m.getRepository(ContactEntity).save(
        m.create(ContactEntity, {
          dealerId,
          accountId: account.id,
          name: dto.contactName,
          phone: dto.contactPhone,
          title: null,
        }),
      );
      const prospect = await m.getRepository(ProspectEntity).save(
        m.create(ProspectEntity, {
          dealerId,
          accountId: account.id,
          contactId: contact.id,
          model: dto.model,
          quantity: dto.quantity,
          grade: dto.grade,
          hot: dto.hot ?? false,
          channel: dto.channel,
          developmentType: dto.developmentType,
          ownerId,
          note: dto.note || null,
          sourceVisitId: dto.sourceVisitId ?? null,
          sourceEventId: refs.eventLead?.eventId ?? null,
          nextFollowUpDue: null,
        }),
      );
      await m.getRepository(GradeChangeEntity).insert({
        dealerId,
        prospectId: prospect.id,
        fromGrade: null,
        toGrade: prospect.grade,
        at: prospect.createdAt,
        byUserId: user.id,
        reason: 'created',
      });
      if (refs.eventLead) {
        const linked = await m
          .createQueryBuilder()
          .update(EventLeadEntity)
          .set({ prospectId: prospect.id })
          .where('id = :id AND "dealerId" = :dealerId AND "prospectId" IS NULL', { id: refs.eventLead.id, dealerId })
          .execute();
        if (!linked.affected) throw conflict('this event lead has just been recorded as another prospect');
      }
      await writeAudit(m, {
        dealerId,
        actorUserId: user.id,
        action: 'prospect.created',
        entityType: 'prospect',
        entityId: prospect.id,
        detail: {
          accountId: account.id,
          accountCreated,
          grade: prospect.grade,
          ownerId,
          sourceVisitId: prospect.sourceVisitId,
          sourceEventLeadId: refs.eventLead?.id ?? null,
        },
      });
      // nextFollowUpDue from the grade's cadence (process 6)
      await refreshFollowUpSchedule(m, prospect, this.clock.now());
      return { view: toProspectView(prospect, account, contact), prospect, accountCreated };
    });
    await this.startWorkflows(created.prospect, created.accountCreated);
    return created.view;
  }

  /** Starts 客服回访 and the follow-up workflow; when Temporal cannot take them, the committed records are
   *  removed again and the answer is 503, so the request writes nothing half-way (docs/operations.md "Security").
   *  When a workflow that did start has already written its first rows for the prospect (the callback check: the
   *  engine lost a node between the two starts), the prospect stays recorded and whole, the answer is the
   *  created prospect, and the worker's reconcile starts the follow-up workflow if it is missing. */
  private async startWorkflows(p: ProspectEntity, accountCreated: boolean): Promise<void> {
    try {
      await this.startCallback(p.dealerId, p.id);
      await this.followUps.start(p.dealerId, p.id);
    } catch (err) {
      if (await this.undoCreate(p, accountCreated)) throw err;
    }
  }

  /** Removes the records of a prospect whose workflows did not start; false (and nothing removed, nothing
   *  terminated) when a started workflow has already written rows that point at it. */
  private async undoCreate(p: ProspectEntity, accountCreated: boolean): Promise<boolean> {
    try {
      await this.deleteCreated(p, accountCreated);
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23503') return false; // foreign key
      throw e;
    }
    const ids = [callbackWorkflowId(p.dealerId, p.id), followUpWorkflowId(p.dealerId, p.id)];
    await Promise.all(
      ids.map((id) =>
        this.temporal.client.workflow
          .getHandle(id)
          .terminate('the prospect was not recorded')
          .catch(() => undefined),
      ),
    );
    return true;
  }

  private async deleteCreated(p: ProspectEntity, accountCreated: boolean): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query('DELETE FROM audit_log WHERE "entityType" = $1 AND "entityId" = $2', ['prospect', p.id]);
      await m.query('DELETE FROM follow_up_due WHERE "prospectId" = $1', [p.id]);
      await m.query('DELETE FROM grade_change WHERE "prospectId" = $1', [p.id]);
      await m.query('UPDATE event_lead SET "prospectId" = NULL WHERE "prospectId" = $1', [p.id]);
      await m.query('DELETE FROM prospect WHERE id = $1', [p.id]);
      await m.query('DELETE FROM contact WHERE id = $1', [p.contactId]);
      if (accountCreated) {
        // unless a concurrent create has meanwhile recorded a prospect against the same account
        await m.query(
          'DELETE FROM account a WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM contact c WHERE c."accountId" = a.id)',
          [p.accountId],
        );
      }
    });
  }

  /** Ids the body names must exist in the caller's dealer; all problems are reported at once. */
  private async checkReferences(
    dealerId: string,
    dto: CreateProspectDto,
  ): Promise<{ account?: AccountEntity; eventLead?: EventLeadEntity }> {
    const problems: FieldProblem[] = [];
    const unknown = (field: string, what: string) =>
      problems.push({ field, problem: `no such ${what} in your dealer` });
    const account = dto.accountId
      ? await this.db.getRepository(AccountEntity).findOneBy({ id: dto.accountId, dealerId })
      : undefined;
    if (dto.accountId && !account) unknown('accountId', 'account');
    if (
      dto.sourceVisitId &&
      !(await this.db.getRepository(VisitRecordEntity).existsBy({ id: dto.sourceVisitId, dealerId }))
    )
      unknown('sourceVisitId', 'visit');
    const eventLead = dto.sourceEventLeadId
      ? await this.db.getRepository(EventLeadEntity).findOneBy({ id: dto.sourceEventLeadId, dealerId })
      : undefined;
    if (dto.sourceEventLeadId && !eventLead) unknown('sourceEventLeadId', 'event lead');
    if (problems.length) throw badRequest(problems, 'the prospect was not recorded');
    if (eventLead?.prospectId)
      throw conflict(`this event lead is already recorded as prospect ${eventLead.prospectId}`);
    return { account: account ?? undefined, eventLead: eventLead ?? undefined };
  }

  /** Reuses the dealer's account of that name (the name is unique per dealer), else creates it. */
  private async findOrCreateAccount(m: EntityManager, dealerId: string, name: string, customerType: string) {
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(AccountEntity)
      .values({ dealerId, name, customerType, address: null })
      .orIgnore()
      .returning('*')
      .execute();
    const created = inserted.raw?.[0] ? m.create(AccountEntity, inserted.raw[0] as object) : undefined;
    const account = created ?? (await m.getRepository(AccountEntity).findOneByOrFail({ dealerId, name }));
    return { account, accountCreated: !!created };
  }

  /** Starts 客服回访 once the records are committed; bounded, so a Temporal outage answers 503 in seconds. An API
   *  killed before this leaves the prospect without it: the worker's reconcile (apps/worker/src/reconcile.ts)
   *  starts it. */
  private async startCallback(dealerId: string, prospectId: string): Promise<void> {
    try {
      await this.temporal.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        this.temporal.client.workflow.start(callbackWorkflow, {
          workflowId: callbackWorkflowId(dealerId, prospectId),
          taskQueue: this.temporal.taskQueue,
          args: [{ dealerId, prospectId }],
        }),
      );
    } catch (err) {
      // the worker's reconcile started it already (this request stalled past its minimum age): it runs
      if ((err as Error)?.name === 'WorkflowExecutionAlreadyStartedError') return;
      throw unavailable(
        `the process engine (Temporal) is unavailable, so the callback could not be ` +
          `scheduled; nothing was recorded (${(err as Error)?.message ?? err})`,
      );
    }
  }

  /** The caller as a reader of phone numbers (PIPL). */
  private viewer(user: AuthUser) {
    return { userId: user.id, roles: user.roles, now: this.clock.now() };
  }

  async list(
    user: AuthUser,
    q: ListProspectsQuery,
  ): Promise<{ items: ProspectView[]; total: number; page: number; pageSize: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where: FindOptionsWhere<ProspectEntity> = { dealerId: user.dealerId };
    if (seesOnlyOwn(user)) {
      if (q.ownerId && q.ownerId !== user.id) throw forbidden('a consultant sees only their own prospects');
      where.ownerId = user.id;
    } else if (q.ownerId) where.ownerId = q.ownerId;
    if (q.grade) where.grade = q.grade;
    if (q.hot !== undefined) where.hot = q.hot;
    const now = this.clock.now();
    if (q.overdue !== undefined) where.nextFollowUpDue = q.overdue ? LessThan(now) : Or(IsNull(), MoreThanOrEqual(now));
    const [rows, total] = await this.db.getRepository(ProspectEntity).findAndCount({
      where,
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: await prospectViews(this.db, rows, this.viewer(user)), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<ProspectDetail> {
    const p = await this.db.getRepository(ProspectEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!p) throw notFound('prospect');
    assertCanRead(user, p);
    const [view] = await prospectViews(this.db, [p], this.viewer(user));
    const history = await this.db
      .getRepository(GradeChangeEntity)
      .find({ where: { prospectId: id, dealerId: user.dealerId }, order: { at: 'ASC', id: 'ASC' } });
    const followUps = await this.db
      .getRepository(FollowUpEntity)
      .find({ where: { prospectId: id, dealerId: user.dealerId }, order: { at: 'DESC', id: 'ASC' }, take: 20 });
    const check = await this.db
      .getRepository(CallbackCheckEntity)
      .findOneBy({ workflowId: callbackWorkflowId(user.dealerId, id), dealerId: user.dealerId });
    return {
      ...view,
      gradeHistory: history.map((g) => ({
        from: g.fromGrade,
        to: g.toGrade,
        at: g.at,
        by: g.byUserId,
        reason: g.reason,
      })),
      followUps: followUps.map((f) => ({
        id: f.id,
        channel: f.channel,
        content: f.content,
        nextStep: f.nextStep,
        at: f.at,
        by: f.byUserId,
      })),
      callback: check
        ? {
            status: check.status,
            outcome: check.outcome,
            dueAt: check.dueAt,
            doneAt: check.doneAt,
            onTime: check.onTime,
            verificationOutcome: check.verificationOutcome,
          }
        : null,
    };
  }
}
