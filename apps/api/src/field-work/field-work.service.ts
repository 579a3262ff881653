// Visits (走访): each consultant's monthly visit plan, made at month end for the next month
// (manual §4 process 5), and the record of each visit with the people met who could become leads.
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AccountEntity, VisitCheckInEntity, VisitPlanEntity, VisitRecordEntity } from '@kaflow/persistence';
import { Clock, type FieldProblem } from '@kaflow/domain';
import { writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict } from '../common/domain-error';
import { consultantScope } from '../common/prospect-access';
import { businessClock, monthDates, nextMonth } from '../common/business-month';
import type { CreateVisitDto, CreateVisitPlanDto, FieldWorkQuery } from './dto/field-work.dto';
import { toCheckInView, type CheckInView } from './check-in.service';

export interface VisitPlanItemView {
  id: string;
  consultantId: string;
  plannedDate: string;
  accountId: string | null;
  accountName: string | null;
  purpose: string | null;
  /** The visit record that fulfils this plan item, if any. */
  visitId: string | null;
  /** Added at check-in: the visit was not planned. */
  unplanned: boolean;
  /** The check-in (走访签到) on this visit, if any. */
  checkIn: CheckInView | null;
}
export interface VisitView {
  id: string;
  consultantId: string;
  planId: string | null;
  accountId: string | null;
  accountName: string | null;
  visitedOn: string;
  leadsMet: number;
  summary: string;
  /** Prospects recorded from this visit (their sourceVisitId). */
  recordedLeads: number;
  createdAt: Date;
}

@Injectable()
export class FieldWorkService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Adds items to the caller's visit plan for this month or next month (the month-end cycle plans next month). */
  async createPlan(
    user: AuthUser,
    dto: CreateVisitPlanDto,
  ): Promise<{ month: string; consultantId: string; items: VisitPlanItemView[] }> {
    const clock = await businessClock(this.db, user.dealerId, this.clock.now());
    const problems: FieldProblem[] = [];
    if (dto.month !== clock.month && dto.month !== nextMonth(clock.month)) {
      problems.push({
        field: 'month',
        problem: `plans are made for this month (${clock.month}) or next month (${nextMonth(clock.month)})`,
      });
    }
    const accounts = await this.accounts(
      user.dealerId,
      dto.items.map((i) => i.accountId),
    );
    dto.items.forEach((item, i) => {
      if (!item.plannedDate.startsWith(`${dto.month}-`))
        problems.push({ field: `items[${i}].plannedDate`, problem: `must lie in ${dto.month}` });
      if (item.accountId && !accounts.has(item.accountId))
        problems.push({ field: `items[${i}].accountId`, problem: 'no such account in your dealer' });
    });
    if (problems.length) throw badRequest(problems, 'the visit plan was not saved');
    await this.db.transaction(async (m) => {
      const rows = dto.items.map((item) =>
        m.create(VisitPlanEntity, {
          dealerId: user.dealerId,
          consultantId: user.id,
          month: dto.month,
          plannedDate: item.plannedDate,
          accountId: item.accountId ?? null,
          accountName: item.accountId ? accounts.get(item.accountId)!.name : item.accountName!,
          purpose: item.purpose || null,
        }),
      );
      await m.getRepository(VisitPlanEntity).insert(rows);
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'visit_plan.created',
        entityType: 'visit_plan',
        entityId: `${user.id}:${dto.month}`,
        detail: { month: dto.month, items: rows.map((r) => r.id) },
      });
    });
    return { month: dto.month, consultantId: user.id, items: await this.planItems(user.dealerId, dto.month, user.id) };
  }

  /** The month's plan items with their check-ins, and `today` at the dealer (the phone lists today's visits). */
  async listPlans(
    user: AuthUser,
    q: FieldWorkQuery,
  ): Promise<{ month: string; today: string; items: VisitPlanItemView[] }> {
    const consultantId = consultantScope(user, q.consultantId);
    const clock = await businessClock(this.db, user.dealerId, this.clock.now());
    const month = q.month ?? clock.month;
    return { month, today: clock.today, items: await this.planItems(user.dealerId, month, consultantId) };
  }

  async recordVisit(user: AuthUser, dto: CreateVisitDto): Promise<VisitView> {
    const clock = await businessClock(this.db, user.dealerId, this.clock.now());
    const problems: FieldProblem[] = [];
    if (dto.visitedOn > clock.today)
      problems.push({ field: 'visitedOn', problem: `must not be after today (${clock.today})` });
    const plan = dto.planId
      ? await this.db
          .getRepository(VisitPlanEntity)
          .findOneBy({ id: dto.planId, dealerId: user.dealerId, consultantId: user.id })
      : null;
    if (dto.planId && !plan) problems.push({ field: 'planId', problem: 'no such item in your visit plan' });
    const accounts = await this.accounts(user.dealerId, [dto.accountId]);
    if (dto.accountId && !accounts.has(dto.accountId))
      problems.push({ field: 'accountId', problem: 'no such account in your dealer' });
    if (problems.length) throw badRequest(problems, 'the visit was not recorded');
    if (plan && (await this.db.getRepository(VisitRecordEntity).existsBy({ planId: plan.id })))
      throw conflict('this planned visit is already recorded');

    const row = await this.db.transaction(async (m) => {
      const accountId = dto.accountId ?? (dto.accountName ? null : (plan?.accountId ?? null));
      const accountName = dto.accountId
        ? accounts.get(dto.accountId)!.name
        : (dto.accountName ?? plan?.accountName ?? null);
      const saved = await m.getRepository(VisitRecordEntity).save(
        m.create(VisitRecordEntity, {
          dealerId: user.dealerId,
          consultantId: user.id,
          planId: plan?.id ?? null,
          accountId,
          accountName,
          visitedOn: dto.visitedOn,
          leadsMet: dto.leadsMet,
          summary: dto.summary,
        }),
      );
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'visit.recorded',
        entityType: 'visit_record',
        entityId: saved.id,
        detail: { visitedOn: saved.visitedOn, planId: saved.planId, leadsMet: saved.leadsMet },
      });
      return saved;
    });
    return this.toVisitView(row, 0);
  }

  async listVisits(user: AuthUser, q: FieldWorkQuery): Promise<{ month: string; items: VisitView[] }> {
    const consultantId = consultantScope(user, q.consultantId);
    const month = q.month ?? (await businessClock(this.db, user.dealerId, this.clock.now())).month;
    const { from, to } = monthDates(month);
    const qb = this.db
      .getRepository(VisitRecordEntity)
      .createQueryBuilder('v')
      .where('v.dealerId = :dealerId AND v.visitedOn >= :from AND v.visitedOn < :to', {
        dealerId: user.dealerId,
        from,
        to,
      });
    if (consultantId) qb.andWhere('v.consultantId = :consultantId', { consultantId });
    const rows = await qb.orderBy('v.visitedOn', 'ASC').addOrderBy('v.createdAt', 'ASC').getMany();
    const counts: Array<{ id: string; n: number }> =
      rows.length === 0
        ? []
        : await this.db.query(
            `SELECT "sourceVisitId" AS id, count(*)::int AS n FROM prospect WHERE "dealerId" = $1
              AND "sourceVisitId" = ANY($2) GROUP BY "sourceVisitId"`,
            [user.dealerId, rows.map((r) => r.id)],
          );
    const recorded = new Map(counts.map((c) => [c.id, c.n]));
    return { month, items: rows.map((r) => this.toVisitView(r, recorded.get(r.id) ?? 0)) };
  }

  private async planItems(dealerId: string, month: string, consultantId?: string): Promise<VisitPlanItemView[]> {
    const qb = this.db
      .getRepository(VisitPlanEntity)
      .createQueryBuilder('p')
      .leftJoin(VisitRecordEntity, 'v', 'v.planId = p.id')
      .addSelect('v.id', 'visitId')
      .where('p.dealerId = :dealerId AND p.month = :month', { dealerId, month });
    if (consultantId) qb.andWhere('p.consultantId = :consultantId', { consultantId });
    const { entities, raw } = await qb
      .orderBy('p.plannedDate', 'ASC')
      .addOrderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getRawAndEntities();
    const visitOf = new Map(raw.map((r: any) => [r.p_id as string, (r.visitId as string | null) ?? null]));
    const checkIns =
      entities.length === 0
        ? []
        : await this.db.getRepository(VisitCheckInEntity).findBy({ dealerId, planId: In(entities.map((p) => p.id)) });
    const checkInOf = new Map(checkIns.map((c) => [c.planId, toCheckInView(c)]));
    return entities.map((p) => ({
      id: p.id,
      consultantId: p.consultantId,
      plannedDate: p.plannedDate,
      accountId: p.accountId,
      accountName: p.accountName,
      purpose: p.purpose,
      visitId: visitOf.get(p.id) ?? null,
      unplanned: p.unplanned,
      checkIn: checkInOf.get(p.id) ?? null,
    }));
  }

  private async accounts(dealerId: string, ids: Array<string | undefined>): Promise<Map<string, AccountEntity>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.getRepository(AccountEntity).findBy({ dealerId, id: In(wanted) });
    return new Map(rows.map((a) => [a.id, a]));
  }

  private toVisitView(v: VisitRecordEntity, recordedLeads: number): VisitView {
    return {
      id: v.id,
      consultantId: v.consultantId,
      planId: v.planId,
      accountId: v.accountId,
      accountName: v.accountName,
      visitedOn: v.visitedOn,
      leadsMet: v.leadsMet,
      summary: v.summary,
      recordedLeads,
      createdAt: v.createdAt,
    };
  }
}
