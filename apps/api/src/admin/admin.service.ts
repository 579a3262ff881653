import { Injectable, Logger } from '@nestjs/common';
import { WorkingCalendar, sweepDayOf } from '@kaflow/calendar';
import { startFollowUpSweep } from '@kaflow/workflows';
import { DataSource, Between } from 'typeorm';
import { Clock, mergePolicy, type DealerPolicy, type FieldProblem } from '@kaflow/domain';
import { DealerClosureEntity, DealerPolicyEntity, OfficialCalendarYearEntity } from '@kaflow/persistence';
import { loadCalendar, loadPolicy, writeAudit } from '@kaflow/records';
import type { AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { requireDate } from '../common/dates';
import { Temporal } from '../infra/infra.module';
import { applyRecompute, planRecompute, signalRecompute } from '../calendar/calendar-recompute';

@Injectable()
export class AdminService {
  private readonly log = new Logger('Closures');
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly temporal: Temporal,
  ) {}

  policy(dealerId: string): Promise<DealerPolicy> {
    return loadPolicy(this.db, dealerId);
  }

  async updatePolicy(user: AuthUser, patch: unknown): Promise<DealerPolicy> {
    const current = await loadPolicy(this.db, user.dealerId);
    const { policy, problems } = mergePolicy(current, patch);
    if (problems.length) throw badRequest(problems, 'the policy was not changed');
    const row = await this.db.getRepository(DealerPolicyEntity).findOneBy({ dealerId: user.dealerId });
    // the follow-up grain stays the deployment's (KAFLOW_FOLLOW_UP_GRAIN) until the dealer names its own
    const named = (p: unknown) => !!p && typeof p === 'object' && 'followUpGrain' in p;
    const { followUpGrain: _deployment, ...rest } = policy;
    const stored = named(patch) || named(row?.policy) ? policy : rest;
    await this.db.transaction(async (m) => {
      await m
        .getRepository(DealerPolicyEntity)
        .save({ dealerId: user.dealerId, policy: stored as any, updatedAt: this.clock.now(), updatedBy: user.id });
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'policy.updated',
        entityType: 'dealer_policy',
        entityId: user.dealerId,
        detail: { patch },
      });
    });
    if (policy.followUpGrain === 'sweep' && current.followUpGrain !== 'sweep')
      await this.sweepToday(user.dealerId, policy);
    return policy;
  }

  /** A dealer switched to the sweep grain is swept from today (the worker's reconcile does it too, a little later). */
  private async sweepToday(dealerId: string, policy: DealerPolicy): Promise<void> {
    const day = sweepDayOf(this.clock.now(), policy.timezone);
    try {
      await startFollowUpSweep(this.temporal.client, this.temporal.taskQueue, dealerId, {
        date: day.date,
        until: day.until.toISOString(),
      });
    } catch (err) {
      const why = (err as Error)?.message ?? err;
      this.log.warn(`follow-up sweep of ${dealerId} not started now (${why}); the worker's reconcile starts it`);
    }
  }

  private year(v: string): number {
    const y = Number(v);
    if (!/^\d{4}$/.test(v) || y < 2000 || y > 2100)
      throw badRequest([{ field: 'year', problem: 'must be a year from 2000 to 2100' }]);
    return y;
  }

  /** The dealer's own closures of a year (its layer over the national calendar), and the year's status. */
  async closures(user: AuthUser, yearText: string) {
    const year = this.year(yearText);
    const rows = await this.db.getRepository(DealerClosureEntity).find({
      where: { dealerId: user.dealerId, date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
    const cal = await loadCalendar(this.db, user.dealerId);
    const days = rows.map((r) => ({ date: r.date, working: r.working, note: r.note }));
    return { year, ...cal.status([year]), source: cal.yearSource(year), days };
  }

  async setClosures(user: AuthUser, yearText: string, body: unknown) {
    const year = this.year(yearText);
    const list = (body as any)?.days;
    const problems: FieldProblem[] = [];
    if (!Array.isArray(list)) problems.push({ field: 'days', problem: 'must be a list of { date, working, note? }' });
    const rows = (Array.isArray(list) ? list : []).map((d: any, i: number) => {
      let date = '';
      try {
        date = requireDate(`days[${i}].date`, d?.date);
      } catch {
        problems.push({ field: `days[${i}].date`, problem: 'must be a date YYYY-MM-DD' });
      }
      if (date && !date.startsWith(`${year}-`))
        problems.push({ field: `days[${i}].date`, problem: `must fall in ${year}` });
      if (typeof d?.working !== 'boolean')
        problems.push({ field: `days[${i}].working`, problem: 'must be true or false' });
      if (d?.note !== undefined && (typeof d.note !== 'string' || d.note.length > 200))
        problems.push({ field: `days[${i}].note`, problem: 'must be text up to 200 characters' });
      return { date, working: d?.working, note: d?.note ?? null };
    });
    if (new Set(rows.map((r) => r.date)).size !== rows.length)
      problems.push({ field: 'days', problem: 'a date appears twice' });
    if (problems.length) throw badRequest(problems, 'the closures were not changed');
    // this dealer's open work in the year follows its closures, as it follows a national notice
    const notices = (await this.db.getRepository(OfficialCalendarYearEntity).find()).map((n) => ({
      year: n.year,
      papers: n.papers,
      days: n.days,
    }));
    const closures = await this.db.getRepository(DealerClosureEntity).findBy({ dealerId: user.dealerId });
    const kept = closures.filter((c) => !c.date.startsWith(`${year}-`));
    const mine = (xs: Array<{ date: string; working: boolean }>) =>
      xs.map((c) => ({ date: c.date, working: c.working }));
    const before = await loadCalendar(this.db, user.dealerId);
    const after = new WorkingCalendar([...mine(kept), ...mine(rows)], notices);
    const plan = await planRecompute(this.db, year, { before, after }, async () => ({ before, after }), user.dealerId);
    await this.db.transaction(async (m) => {
      await applyRecompute(m, plan);
      const repo = m.getRepository(DealerClosureEntity);
      await repo.delete({ dealerId: user.dealerId, date: Between(`${year}-01-01`, `${year}-12-31`) });
      if (rows.length) await repo.insert(rows.map((r) => ({ ...r, dealerId: user.dealerId })));
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: 'calendar.closures.set',
        entityType: 'dealer_closure',
        entityId: String(year),
        detail: { days: rows },
      });
    });
    await signalRecompute(this.db, this.temporal, year, plan, this.log, user.dealerId);
    return this.closures(user, yearText);
  }
}
