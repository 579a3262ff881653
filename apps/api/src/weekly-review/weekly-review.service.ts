// The weekly progress of a dealer: the stored review of a week, or the figures computed live for a
// week not reviewed (yet). Tenant-scoped: always the caller's dealer.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { localDate, isoWeekOf, mondayOfIsoWeek, weeklyReviewDay } from '@kaflow/calendar';
import { TaskEntity, WeeklyReviewEntity } from '@kaflow/persistence';
import { computeWeeklyProgress, loadCalendar, loadPolicy } from '@kaflow/records';
import { type WeeklyProgressReport, type WeeklyReviewAction } from '@kaflow/workflows';
import type { AuthUser } from '../common/auth-user';
import { requireWeekYear } from '../common/dates';
import { badRequest } from '../common/domain-error';

export interface WeeklyProgressView {
  week: string;
  month: string | null;
  businessDate: string | null;
  status: 'open' | 'done' | 'not_run';
  share: number | null;
  lines: WeeklyProgressReport['lines'];
  gaps: number;
  actions: WeeklyReviewAction[] | null;
  summarySentAt: string | null;
  taskId: string | null;
  plan: WeeklyProgressReport['plan'];
  note: string | null;
  through: string | null;
  workingDaysInMonth: number | null;
  workingDaysElapsed: number | null;
}

@Injectable()
export class WeeklyReviewService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async weekly(user: AuthUser, weekParam: unknown): Promise<WeeklyProgressView> {
    const [policy, calendar] = await Promise.all([
      loadPolicy(this.db, user.dealerId),
      loadCalendar(this.db, user.dealerId),
    ]);
    const week =
      weekParam === undefined || weekParam === '' ? isoWeekOf(localDate(this.clock.now(), policy.timezone)) : weekParam;
    const monday = typeof week === 'string' ? mondayOfIsoWeek(week) : null;
    if (!monday) throw badRequest([{ field: 'week', problem: "must be an ISO week 'YYYY-Www' such as 2026-W41" }]);
    requireWeekYear('week', week as string);
    const row = await this.db
      .getRepository(WeeklyReviewEntity)
      .findOneBy({ dealerId: user.dealerId, week: week as string });
    if (row) return this.stored(row);

    const day = weeklyReviewDay(calendar, monday);
    const empty: WeeklyProgressView = {
      week: week as string,
      month: monday.slice(0, 7),
      businessDate: null,
      status: 'not_run',
      share: null,
      lines: [],
      gaps: 0,
      actions: null,
      summarySentAt: null,
      taskId: null,
      plan: null,
      note: day.reason ?? null,
      through: null,
      workingDaysInMonth: null,
      workingDaysElapsed: null,
    };
    if (!day.firstWorkingDay) return empty;
    const p = await computeWeeklyProgress(this.db, {
      dealerId: user.dealerId,
      businessDate: day.firstWorkingDay,
      calendar,
      threshold: policy.weeklyGapThreshold,
    });
    return { ...empty, ...this.figures(p), businessDate: day.firstWorkingDay };
  }

  private async stored(row: WeeklyReviewEntity): Promise<WeeklyProgressView> {
    const task = row.taskId ? await this.db.getRepository(TaskEntity).findOneBy({ id: row.taskId }) : null;
    const done = row.actions !== null || task?.status === 'done';
    return {
      week: row.week,
      businessDate: row.businessDate,
      status: done ? 'done' : 'open',
      ...this.figures(row.progress as WeeklyProgressReport),
      month: row.month,
      actions: row.actions,
      summarySentAt: row.summarySentAt?.toISOString() ?? null,
      taskId: row.taskId,
    };
  }

  private figures(p: WeeklyProgressReport) {
    return {
      month: p.month,
      share: p.share,
      lines: p.lines,
      gaps: p.gaps,
      plan: p.plan,
      note: p.note,
      through: p.through,
      workingDaysInMonth: p.workingDaysInMonth,
      workingDaysElapsed: p.workingDaysElapsed,
    };
  }
}
