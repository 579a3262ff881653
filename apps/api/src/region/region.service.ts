// The region view (区域经理): the region's dealers, and their scorecards side by side on the same KPIs.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { dealersMonth, gradeFunnels, loadPolicy } from '@kaflow/records';
import { localDate } from '@kaflow/calendar';
import { SCORECARD_KPIS, SCORECARD_KPI_KEYS } from '@kaflow/domain';
import { SCORECARD_FORMULAS } from '@kaflow/kpi';
import { regionDealers, userRegion, type RegionUser } from '../common/region-access';
import { monthInstants } from '../common/business-month';
import { ScorecardsService, type Lang } from '../scorecards/scorecards.service';

/** The KPIs every dealer is compared on: those counted over the whole dealer. */
const DEALER_KPIS = SCORECARD_KPI_KEYS.filter((k) => SCORECARD_KPIS[k].scope === 'dealer');

@Injectable()
export class RegionService {
  constructor(
    private readonly db: DataSource,
    private readonly cardsService: ScorecardsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Each dealer's month side by side: the approved rolling plan's targets against the sales records, and the
   * grade funnel (prospects by grade now, the month's moves counted in each dealer's own time zone).
   */
  async home(user: RegionUser, month?: string) {
    const region = await userRegion(this.db, user);
    const dealers = await regionDealers(this.db, user);
    const ids = dealers.map((d) => d.id);
    const policies = await Promise.all(ids.map((id) => loadPolicy(this.db, id)));
    // without a month: the current month at the region's first dealer (the region's dealers share a country)
    const shown = month ?? localDate(this.clock.now(), policies[0]?.timezone ?? 'Asia/Shanghai').slice(0, 7);
    const months = await dealersMonth(this.db, ids, shown);
    const funnels = await Promise.all(
      ids.map(async (id, i) => {
        const span = monthInstants(shown, policies[i].timezone);
        return (await gradeFunnels(this.db, [id], span.from, span.to)).get(id)!;
      }),
    );
    return {
      month: shown,
      region: { id: region.id, code: region.code, name: region.name },
      dealers: dealers.map((d, i) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        target: months[i].target,
        actual: months[i].actual,
        funnel: funnels[i],
      })),
    };
  }

  async dealers(user: RegionUser) {
    const region = await userRegion(this.db, user);
    const dealers = await regionDealers(this.db, user);
    const counts: Array<{ dealerId: string; users: number; active: number }> = await this.db.query(
      `SELECT "dealerId", count(*)::int AS users, count(*) FILTER (WHERE active)::int AS active FROM app_user
        WHERE "dealerId" = ANY($1::uuid[]) GROUP BY "dealerId"`,
      [dealers.map((d) => d.id)],
    );
    const by = new Map(counts.map((c) => [c.dealerId, c]));
    return {
      region: { id: region.id, code: region.code, name: region.name },
      items: dealers.map((d) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        createdAt: d.createdAt,
        users: by.get(d.id)?.users ?? 0,
        activeUsers: by.get(d.id)?.active ?? 0,
      })),
    };
  }

  /** Each dealer's dealer-wide KPI figures side by side, and every person's card per dealer. */
  async scorecards(user: RegionUser, month: string, lang: Lang) {
    const region = await userRegion(this.db, user);
    const dealers = await regionDealers(this.db, user);
    const perDealer = await Promise.all(
      dealers.map(async (d) => {
        const { items, dealerFigures } = await this.cardsService.cards(d.id, month, {}, lang);
        return { dealer: d, figures: dealerFigures, items };
      }),
    );
    return {
      month,
      region: { id: region.id, code: region.code, name: region.name },
      dealers: perDealer.map(({ dealer: d, items }) => ({ id: d.id, code: d.code, name: d.name, items })),
      comparison: DEALER_KPIS.map((key) => ({
        key,
        label: SCORECARD_KPIS[key][lang],
        direction: SCORECARD_KPIS[key].direction,
        values: perDealer.map(({ dealer, figures }) => {
          const fig = figures[key];
          const value = fig.denominator === 0 ? null : Math.round((fig.numerator / fig.denominator) * 10_000) / 10_000;
          const f = SCORECARD_FORMULAS[key];
          return {
            dealerId: dealer.id,
            value,
            numerator: fig.numerator,
            denominator: fig.denominator,
            ...(value === null ? { reason: lang === 'zh' ? f.zeroZh : f.zeroEn } : {}),
          };
        }),
      })),
    };
  }
}
