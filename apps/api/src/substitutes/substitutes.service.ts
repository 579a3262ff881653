// Substitutes (代理): a person names someone who decides their tasks for a date range at the dealer
// (self-service on the profile page, or the dealer admin for them). The substitute must hold a role that
// decides what the person decides (libs/records substituteGaps); the tasks' inbox, decision check and
// messages read the running substitutions (TasksService.mayDecide, the worker's task messages).
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { addCalendarDays } from '@kaflow/calendar';
import { Clock, type FieldProblem } from '@kaflow/domain';
import { SubstituteEntity, UserEntity } from '@kaflow/persistence';
import { currentSubstitutions, loadPolicy, substituteGaps, writeAudit } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { businessClock } from '../common/business-month';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import type { CreateSubstituteDto } from './dto/substitutes.dto';

/** The longest substitution one entry sets (a new one follows it). */
export const MAX_SUBSTITUTE_DAYS = 92;

type Person = { id: string; displayName: string };
export interface SubstituteView {
  id: string;
  user: Person;
  substitute: Person;
  fromDate: string;
  toDate: string;
  reason: string | null;
  /** Running today at the dealer. */
  active: boolean;
  createdBy: string;
  createdAt: Date;
}

@Injectable()
export class SubstitutesService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Substitutions that have not ended: the caller's (as the person away or the substitute); the admin's: all. */
  async list(user: AuthUser): Promise<{ today: string; items: SubstituteView[] }> {
    const { today } = await businessClock(this.db, user.dealerId, this.clock.now());
    const rows = await currentSubstitutions(
      this.db,
      user.dealerId,
      today,
      hasRole(user, 'admin') ? undefined : [user.id],
    );
    return { today, items: await this.views(user.dealerId, rows, today) };
  }

  async create(user: AuthUser, dto: CreateSubstituteDto): Promise<SubstituteView> {
    const userId = dto.userId ?? user.id;
    if (userId !== user.id && !hasRole(user, 'admin'))
      throw forbidden('only the dealer admin names a substitute for someone else');
    const [{ today }, policy] = await Promise.all([
      businessClock(this.db, user.dealerId, this.clock.now()),
      loadPolicy(this.db, user.dealerId),
    ]);
    const people = await this.db.getRepository(UserEntity).findBy({
      dealerId: user.dealerId,
      id: In([userId, dto.substituteUserId]),
      active: true,
    });
    const away = people.find((p) => p.id === userId);
    const sub = people.find((p) => p.id === dto.substituteUserId);
    const problems: FieldProblem[] = [];
    if (!away) problems.push({ field: 'userId', problem: 'no such active person in your dealer' });
    if (!sub) problems.push({ field: 'substituteUserId', problem: 'no such active person in your dealer' });
    else if (sub.id === userId) problems.push({ field: 'substituteUserId', problem: 'must be someone else' });
    else if (away) {
      const gaps = substituteGaps(policy, away.roles, sub.roles);
      if (gaps.length)
        problems.push({
          field: 'substituteUserId',
          problem:
            `${sub.displayName} may not decide ${away.displayName}'s tasks: ` +
            gaps.map((g) => `on the ${g.chain} chain that needs one of ${g.needs.join(', ')}`).join('; '),
        });
    }
    if (dto.toDate < dto.fromDate) problems.push({ field: 'toDate', problem: 'must not be before fromDate' });
    else if (dto.toDate < today) problems.push({ field: 'toDate', problem: `must not be before today (${today})` });
    else if (addCalendarDays(dto.fromDate, MAX_SUBSTITUTE_DAYS - 1) < dto.toDate)
      problems.push({ field: 'toDate', problem: `may be at most ${MAX_SUBSTITUTE_DAYS} days after fromDate` });
    if (problems.length === 0) {
      const overlap = (await currentSubstitutions(this.db, user.dealerId, today, [userId])).find(
        (s) => s.userId === userId && s.fromDate <= dto.toDate && s.toDate >= dto.fromDate,
      );
      if (overlap)
        problems.push({
          field: 'fromDate',
          problem: `overlaps the substitution from ${overlap.fromDate} to ${overlap.toDate}; end that one first`,
        });
    }
    if (problems.length) throw badRequest(problems, 'the substitute was not set');
    const row = await this.db.transaction(async (m) => {
      const saved = await m.getRepository(SubstituteEntity).save(
        m.create(SubstituteEntity, {
          dealerId: user.dealerId,
          userId,
          substituteUserId: dto.substituteUserId,
          fromDate: dto.fromDate,
          toDate: dto.toDate,
          reason: dto.reason || null,
          createdBy: user.id,
          endedAt: null,
        }),
      );
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'substitute.set',
        entityType: 'substitute',
        entityId: saved.id,
        detail: { userId, substituteUserId: dto.substituteUserId, fromDate: dto.fromDate, toDate: dto.toDate },
      });
      return saved;
    });
    return (await this.views(user.dealerId, [row], today))[0];
  }

  /** Ends a substitution now (the person it is for, or the admin). */
  async end(user: AuthUser, id: string): Promise<SubstituteView> {
    const row = await this.db.getRepository(SubstituteEntity).findOneBy({ id, dealerId: user.dealerId });
    if (!row || (row.userId !== user.id && row.substituteUserId !== user.id && !hasRole(user, 'admin')))
      throw notFound('substitute');
    if (row.userId !== user.id && !hasRole(user, 'admin'))
      throw forbidden('only the person it stands in for, or the admin, ends a substitution');
    const { today } = await businessClock(this.db, user.dealerId, this.clock.now());
    if (!row.endedAt) {
      row.endedAt = this.clock.now();
      await this.db.transaction(async (m) => {
        await m.getRepository(SubstituteEntity).update({ id, endedAt: IsNull() }, { endedAt: row.endedAt! });
        await writeAudit(m, {
          dealerId: user.dealerId,
          actorUserId: user.id,
          action: 'substitute.ended',
          entityType: 'substitute',
          entityId: id,
          detail: { userId: row.userId, substituteUserId: row.substituteUserId },
        });
      });
    }
    return (await this.views(user.dealerId, [row], today))[0];
  }

  private async views(dealerId: string, rows: SubstituteEntity[], today: string): Promise<SubstituteView[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.userId, r.substituteUserId]))];
    const users = ids.length ? await this.db.getRepository(UserEntity).findBy({ dealerId, id: In(ids) }) : [];
    const person = (id: string): Person => {
      const u = users.find((x) => x.id === id);
      return { id, displayName: u?.displayName ?? '' };
    };
    return rows.map((r) => ({
      id: r.id,
      user: person(r.userId),
      substitute: person(r.substituteUserId),
      fromDate: r.fromDate,
      toDate: r.toDate,
      reason: r.reason,
      active: !r.endedAt && r.fromDate <= today && r.toDate >= today,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
    }));
  }
}
