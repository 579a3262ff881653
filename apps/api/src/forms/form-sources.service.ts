// The forms' row sources for one dealer, over the views that already exist (plans, weekly progress,
// field work, conversion reports) and the queries of form-queries.ts for the forms that had none. The
// caller is the dealer user, or a region user reading one dealer of its region as that dealer's reader.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CallbackSource, FormSources, PlanSource } from '@kaflow/forms';
import { addCalendarDays, isoWeekOf } from '@kaflow/calendar';
import { loadPolicy } from '@kaflow/records';
import { CALLBACK_PHONE_DAYS, phoneFor } from '@kaflow/domain';
import { DealerEntity, UserEntity, WeeklyReviewEntity } from '@kaflow/persistence';

import type { AuthUser } from '../common/auth-user';
import { DomainError, ErrorCode } from '../common/domain-error';
import { monthDates, monthInstants } from '../common/business-month';
import { EventsService } from '../field-work/events.service';
import { FieldWorkService } from '../field-work/field-work.service';
import { PlansService } from '../plans/plans.service';
import { WeeklyReviewService } from '../weekly-review/weekly-review.service';
import { seesOnlyOwn } from '../common/prospect-access';
import { ConversionReportService } from '../reports/conversion-report.service';
import { baseInventory, callbacks, gradeEntries, type FormScope } from './form-queries';

export interface DealerForms {
  dealer: DealerEntity;
  timezone: string;
  sources: FormSources;
}

@Injectable()
export class FormSourcesService {
  constructor(
    private readonly db: DataSource,
    private readonly plans: PlansService,
    private readonly progress: WeeklyReviewService,
    private readonly fieldWork: FieldWorkService,
    private readonly events: EventsService,
    private readonly conversion: ConversionReportService,
  ) {}

  async forUser(user: AuthUser): Promise<DealerForms> {
    const dealer = await this.db.getRepository(DealerEntity).findOneByOrFail({ id: user.dealerId });
    const policy = await loadPolicy(this.db, user.dealerId);
    const owner = seesOnlyOwn(user) ? user.id : null;
    const scope = (month: string): FormScope => ({
      dealerId: user.dealerId,
      ownerId: owner,
      ...monthInstants(month, policy.timezone),
    });
    const names = async () => {
      const users = await this.db
        .getRepository(UserEntity)
        .find({ where: { dealerId: user.dealerId }, select: { id: true, displayName: true } });
      return Object.fromEntries(users.map((u) => [u.id, u.displayName]));
    };
    const sources: FormSources = {
      plan: (kind, period) => this.plan(user, kind, period, owner),
      baseInventory: (month) => baseInventory(this.db, scope(month)),
      gradeEntries: (month) => gradeEntries(this.db, scope(month)),
      callbacks: (month) => maskCallbackPhones(user, owner, callbacks(this.db, scope(month))),
      weeklyProgress: (week) => this.progress.weekly(user, week),
      weeksOfMonth: (month) => this.weeksOfMonth(user.dealerId, month),
      visits: async (month) => ({
        plans: (await this.fieldWork.listPlans(user, { month })).items,
        visits: (await this.fieldWork.listVisits(user, { month })).items,
        consultants: await names(),
      }),
      events: async (month) => {
        const list = (await this.events.list(user, month)).items;
        return { items: owner ? list.filter((e) => e.ownerId === owner) : list, owners: await names() };
      },
      policy: async () => ({
        followUpCadence: policy.followUpCadence,
        hotFollowUpsPerMonth: policy.hotFollowUpsPerMonth,
      }),
      hotCustomers: async (month) => (await this.conversion.hotCustomers(user, month)).items,
      lostAnalysis: async (month) => (await this.conversion.lostAnalysis(user, month)).items,
    };
    return { dealer, timezone: policy.timezone, sources };
  }

  /** The approved version of a plan, or the newest while none is approved; null when there is none. */
  private async plan(
    user: AuthUser,
    kind: Parameters<FormSources['plan']>[0],
    period: string,
    owner: string | null,
  ): Promise<PlanSource | null> {
    try {
      let view: any = await this.plans.get(user, kind, period);
      const approved = view.versions?.find((v: any) => v.status === 'approved');
      if (view.status !== 'approved' && approved) view = await this.plans.get(user, kind, period, approved.version);
      if (owner && view.personalTargets) {
        view.personalTargets = view.personalTargets.filter((t: any) => t.consultantId === owner);
      }
      return view;
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.NotFound) return null;
      throw e;
    }
  }

  /** The weeks reviewed for the month; when none was, the ISO weeks whose Monday falls in it. */
  private async weeksOfMonth(dealerId: string, month: string): Promise<string[]> {
    const rows = await this.db
      .getRepository(WeeklyReviewEntity)
      .find({ where: { dealerId, month }, order: { week: 'ASC' }, select: { week: true } });
    if (rows.length) return rows.map((r) => r.week);
    const { from, to } = monthDates(month);
    const weeks: string[] = [];
    for (let d = from; d < to; d = addCalendarDays(d, 1)) {
      if (new Date(`${d}T00:00:00Z`).getUTCDay() === 1) weeks.push(isoWeekOf(d));
    }
    return weeks;
  }
}

/** PIPL: a callback row's phone as the user may see it; for customer service in full while the callback is open or
 *  closed within CALLBACK_PHONE_DAYS days (every row of a consultant's forms is their own prospect's). */
async function* maskCallbackPhones(
  user: AuthUser,
  owner: string | null,
  rows: AsyncIterable<CallbackSource>,
): AsyncIterable<CallbackSource> {
  const viewer = { userId: user.id, roles: user.roles };
  const since = Date.now() - CALLBACK_PHONE_DAYS * 86_400_000;
  for await (const r of rows) {
    const callback = r.doneAt === null || new Date(r.doneAt).getTime() >= since;
    yield { ...r, phone: phoneFor(viewer, { ownerId: owner, callback }, r.phone) };
  }
}
