// The key-account manager's and the director's / GM's home (`GET /api/home/dealer`): one answer with the month at
// a glance, read by libs/records/src/home/dealer-home.ts from the same SQL as the reports and scorecards.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addCalendarDays, addMonths } from '@kaflow/calendar';
import { Clock } from '@kaflow/domain';
import {
  escalationsDue,
  gradeFunnels,
  loadCalendar,
  monthAccuracy,
  myOpenTasks,
  openTasksByKind,
  teamTable,
  yearByMonth,
} from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { businessClock, monthInstants } from '../common/business-month';
import { ScorecardsService } from '../scorecards/scorecards.service';

/** How many past months the director's plan-accuracy line covers, and how far ahead "about to fire" looks. */
export const ACCURACY_MONTHS = 6;
export const ESCALATION_HORIZON_MS = 48 * 3600_000;
const LIST_LIMIT = 10;

@Injectable()
export class DealerHomeService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly scorecards: ScorecardsService,
  ) {}

  async home(user: AuthUser, month?: string) {
    const now = this.clock.now();
    const dealerId = user.dealerId;
    const bc = await businessClock(this.db, dealerId, now);
    const shown = month ?? bc.month;
    const director = hasRole(user, 'sales_director', 'gm', 'admin');
    const scope = { userId: user.id, roles: user.roles as string[] };
    const span = monthInstants(shown, bc.timezone);
    const [year, funnels, team, tasksByKind, pending, escalations, calendar] = await Promise.all([
      yearByMonth(this.db, dealerId, Number(shown.slice(0, 4)), bc.month),
      gradeFunnels(this.db, [dealerId], span.from, span.to),
      teamTable(this.db, dealerId, shown, now),
      openTasksByKind(this.db, dealerId, scope, now),
      myOpenTasks(this.db, dealerId, scope, LIST_LIMIT),
      escalationsDue(this.db, dealerId, now, new Date(now.getTime() + ESCALATION_HORIZON_MS), LIST_LIMIT),
      loadCalendar(this.db, dealerId),
    ]);
    // the next weekly review: the first working day of this ISO week if still ahead, else of the next week's
    const thisWeek = calendar.firstWorkingDayOfWeek(bc.today);
    const weeklyReview = thisWeek >= bc.today ? thisWeek : calendar.firstWorkingDayOfWeek(addCalendarDays(bc.today, 7));
    return {
      view: director ? ('director' as const) : ('manager' as const),
      month: shown,
      today: bc.today,
      timezone: bc.timezone,
      year,
      current: year.find((m) => m.month === shown)!,
      funnel: funnels.get(dealerId)!,
      team,
      tasksByKind,
      deadlines: { monthEndWindow: calendar.monthEndWindow(bc.month), weeklyReview, escalations },
      pending,
      accuracy: director ? await this.accuracy(dealerId, shown) : null,
      scorecards: director ? await this.cards(dealerId, shown) : null,
    };
  }

  /** The approved rolling plan's totals against the actuals, for the months before `month` (the KPI's reading). */
  private async accuracy(dealerId: string, month: string) {
    const out = [];
    for (let i = ACCURACY_MONTHS; i >= 1; i--) {
      const m = addMonths(month, -i);
      out.push({ month: m, totals: (await monthAccuracy(this.db, dealerId, m)).totals });
    }
    return out;
  }

  /** Each person's scorecard total for the month (the scorecards' own scoring). */
  private async cards(dealerId: string, month: string) {
    const { items } = await this.scorecards.cards(dealerId, month);
    return items.map((c) => ({ userId: c.userId, displayName: c.displayName, role: c.role, total: c.total }));
  }
}
