// The State Council notice of a year, loaded by the system-level role: checked, previewed (dryRun), saved,
// and then the open work that falls in the year follows it (calendar-recompute.ts).
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkingCalendar, checkNotice, type HolidayNotice } from '@kaflow/calendar';
import { parseICalendarNotice } from '@kaflow/calendar/src/notice-ical';
import { DealerClosureEntity, OfficialCalendarYearEntity, TaskEntity } from '@kaflow/persistence';
import { writeAudit } from '@kaflow/records';
import { decideUpdate } from '@kaflow/workflows';
import type { AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';
import { applyRecompute, planRecompute, signalRecompute } from './calendar-recompute';

export function requireYear(text: string): number {
  const y = Number(text);
  if (!/^\d{4}$/.test(text) || y < 2000 || y > 2099)
    throw badRequest([{ field: 'year', problem: 'must be a year from 2000 to 2099' }]);
  return y;
}

const toNotice = (r: OfficialCalendarYearEntity): HolidayNotice => ({ year: r.year, papers: r.papers, days: r.days });
const closuresOf = (rows: DealerClosureEntity[]) => rows.map((c) => ({ date: c.date, working: c.working }));

@Injectable()
export class OfficialCalendarService {
  private readonly log = new Logger('OfficialCalendar');
  constructor(
    private readonly db: DataSource,
    private readonly temporal: Temporal,
  ) {}

  /** The loaded notice of a year (if any) and where the year's working days come from. */
  async get(yearText: string) {
    const year = requireYear(yearText);
    const row = await this.db.getRepository(OfficialCalendarYearEntity).findOneBy({ year });
    const notices = (await this.db.getRepository(OfficialCalendarYearEntity).find()).map(toNotice);
    const cal = new WorkingCalendar([], notices);
    return {
      year,
      ...cal.status([year]),
      source: cal.yearSource(year),
      notice: row
        ? { ...toNotice(row), source: row.source, loadedAt: row.loadedAt.toISOString(), loadedBy: row.loadedBy }
        : null,
    };
  }

  async load(user: AuthUser, yearText: string, body: unknown, contentType: string | undefined, dryRun: boolean) {
    const year = requireYear(yearText);
    const ical = /^text\/(calendar|plain)\b/i.test(contentType ?? '');
    let doc = body;
    if (ical) {
      const parsed = parseICalendarNotice(year, typeof body === 'string' ? body : '');
      if (parsed.problems.length) throw badRequest(parsed.problems, 'the calendar was not loaded');
      doc = parsed.body;
    }
    const { notice, problems } = checkNotice(year, doc);
    if (!notice) throw badRequest(problems, 'the calendar was not loaded');

    const others = (await this.db.getRepository(OfficialCalendarYearEntity).find())
      .filter((r) => r.year !== year)
      .map(toNotice);
    const current = await this.db.getRepository(OfficialCalendarYearEntity).findOneBy({ year });
    const beforeNotices = current ? [...others, toNotice(current)] : others;
    const national = {
      before: new WorkingCalendar([], beforeNotices),
      after: new WorkingCalendar([], [...others, notice]),
    };
    const calendars = async (dealerId: string) => {
      const c = closuresOf(await this.db.getRepository(DealerClosureEntity).findBy({ dealerId }));
      return { before: new WorkingCalendar(c, beforeNotices), after: new WorkingCalendar(c, [...others, notice]) };
    };
    const plan = await planRecompute(this.db, year, national, calendars);
    const answer = {
      year,
      official: true,
      provisional: false,
      source: 'notice' as const,
      previousSource: national.before.yearSource(year),
      format: ical ? 'ical' : 'json',
      days: notice.days.length,
      preview: plan.preview,
    };
    if (dryRun) return { ...answer, dryRun: true, saved: false };

    await this.db.transaction(async (m) => {
      await m.getRepository(OfficialCalendarYearEntity).save({
        year,
        papers: notice.papers,
        days: notice.days,
        source: ical ? 'ical' : 'json',
        loadedBy: user.id,
        loadedAt: new Date(),
      });
      await applyRecompute(m, plan);
      await writeAudit(m, {
        dealerId: user.dealerId,
        actorUserId: user.id,
        action: current ? 'calendar.official.corrected' : 'calendar.official.loaded',
        entityType: 'official_calendar_year',
        entityId: String(year),
        detail: {
          papers: notice.papers,
          days: notice.days.length,
          tasksMoved: plan.moved.length,
          changedDays: plan.preview.days.length,
        },
      });
    });
    const signalled = await signalRecompute(this.db, this.temporal, year, plan, this.log);
    const loadTask = await this.closeLoadTask(user, year);
    return { ...answer, dryRun: false, saved: true, recompute: { tasks: plan.moved.length, ...signalled }, loadTask };
  }

  /** The sysadmin's "load the calendar" task of that year is decided by the load itself. */
  private async closeLoadTask(user: AuthUser, year: number): Promise<string | null> {
    const task = await this.db
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .where('t.kind = :kind AND t.status = :open AND t.subjectId = :year', {
        kind: 'calendar_load',
        open: 'open',
        year: String(year),
      })
      .getOne();
    if (!task) return null;
    try {
      await this.temporal.connection.withDeadline(Date.now() + 5000, () =>
        this.temporal.client.workflow
          .getHandle(task.workflowId)
          .executeUpdate(decideUpdate, { args: [{ taskId: task.id, decision: 'loaded', byUserId: user.id }] }),
      );
      return task.id;
    } catch (err) {
      this.log.warn(`calendar ${year}: the load task ${task.id} stays open: ${(err as Error).message}`);
      return null;
    }
  }
}
