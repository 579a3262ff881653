// KPI scorecards per person and month (manual §3): the dealer's policy cards scored (libs/kpi) on the figures
// PostgreSQL counts (scorecards.query.ts), and the records behind any figure (drill-down).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SCORECARD_KPIS, SCORECARD_ROLES, type ScorecardKpiKey, type ScorecardRole } from '@kaflow/domain';
import { SCORECARD_FORMULAS, scoreCard, type ScoredKpi } from '@kaflow/kpi';
import { UserEntity } from '@kaflow/persistence';
import {
  DRILLDOWN_SQL,
  figuresFor,
  loadMonthIngredients,
  loadPolicy,
  monthArgs,
  typed,
  type MonthParams,
} from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import { monthDates, monthInstants } from '../common/business-month';

export type Lang = 'zh' | 'en';
export interface ScorecardItem {
  userId: string;
  displayName: string;
  role: ScorecardRole;
  kpis: ScoredKpi[];
  total: number;
  scoredWeight: number;
}
export interface ScorecardFilter {
  role?: ScorecardRole;
  userId?: string;
}

/** Who reads every scorecard of the dealer; everyone else reads their own. */
const SEES_ALL = ['ka_manager', 'sales_director', 'gm', 'admin'] as const;

@Injectable()
export class ScorecardsService {
  constructor(private readonly db: DataSource) {}

  private async params(
    dealerId: string,
    month: string,
  ): Promise<MonthParams & { policy: Awaited<ReturnType<typeof loadPolicy>> }> {
    const policy = await loadPolicy(this.db, dealerId);
    const i = monthInstants(month, policy.timezone);
    const d = monthDates(month);
    return { dealerId, month, from: i.from, to: i.to, fromDate: d.from, toDate: d.to, policy };
  }

  /** Every card of a dealer's month, narrowed by role and person. */
  async dealerMonth(
    dealerId: string,
    month: string,
    filter: ScorecardFilter = {},
    lang: Lang = 'zh',
  ): Promise<ScorecardItem[]> {
    return (await this.cards(dealerId, month, filter, lang)).items;
  }

  /** The cards and the dealer-wide figures (the region compares these) from one counting of the month. */
  async cards(dealerId: string, month: string, filter: ScorecardFilter = {}, lang: Lang = 'zh') {
    const p = await this.params(dealerId, month);
    const users = await this.db.query(
      `SELECT id, "displayName", roles FROM app_user WHERE "dealerId" = $1 AND active AND roles && $2::text[]
        AND ($3::uuid IS NULL OR id = $3::uuid) ORDER BY "displayName", id`,
      [dealerId, SCORECARD_ROLES, filter.userId ?? null],
    );
    const ingredients = await loadMonthIngredients(this.db, p);
    const items: ScorecardItem[] = [];
    for (const role of SCORECARD_ROLES) {
      if (filter.role && filter.role !== role) continue;
      for (const u of users.filter((x: { roles: string[] }) => x.roles.includes(role))) {
        const card = scoreCard(
          p.policy.scorecards.roles[role],
          figuresFor(ingredients, u.id),
          p.policy.scorecards.cap,
          lang,
        );
        items.push({ userId: u.id, displayName: u.displayName, role, ...card });
      }
    }
    // Dealer-scoped figures do not depend on the person: an id of nobody reads the dealer's counts.
    return { items, dealerFigures: figuresFor(ingredients, '') };
  }

  /** `GET /api/reports/scorecards`: managers read every card, anyone else only their own (another person is a 403). */
  async list(user: AuthUser, month: string, filter: ScorecardFilter, lang: Lang) {
    // Another dealer's person is a 404 for everyone; a person of the dealer other than oneself a 403 for non-managers.
    if (
      filter.userId &&
      !(await this.db.getRepository(UserEntity).existsBy({ id: filter.userId, dealerId: user.dealerId }))
    ) {
      throw notFound('user');
    }
    const own = !hasRole(user, ...SEES_ALL);
    if (own && filter.userId && filter.userId !== user.id) throw forbidden('you can read your own scorecard only');
    const userId = own ? user.id : filter.userId;
    return { month, items: await this.dealerMonth(user.dealerId, month, { ...filter, userId }, lang) };
  }

  /** The records behind one KPI of one person's card in the month. */
  async drillDown(user: AuthUser, userId: string, kpiKey: string, month: string, lang: Lang) {
    if (!(kpiKey in SCORECARD_KPIS)) {
      throw badRequest([{ field: 'kpiKey', problem: `unknown KPI; known: ${Object.keys(SCORECARD_KPIS).join(', ')}` }]);
    }
    const person = await this.db.getRepository(UserEntity).findOneBy({ id: userId, dealerId: user.dealerId });
    if (!person) throw notFound('user');
    if (!hasRole(user, ...SEES_ALL) && userId !== user.id) throw forbidden('you can read your own scorecard only');
    const key = kpiKey as ScorecardKpiKey;
    const def = SCORECARD_KPIS[key];
    const p = await this.params(user.dealerId, month);
    const rows: Array<{ type: string; id: string; at: string | null; description: string; num: number; den: number }> =
      await this.db.query(
        typed(`SELECT * FROM (${DRILLDOWN_SQL[lang][key]}) r ORDER BY r.type, r.at NULLS FIRST, r.id`, ', $7::uuid'),
        [...monthArgs(p), def.scope === 'person' ? userId : null],
      );
    const records = rows
      .map((r) => ({
        type: r.type,
        id: r.id,
        at: r.at,
        description: r.description,
        numerator: Number(r.num),
        denominator: Number(r.den),
      }))
      .filter((r) => r.numerator !== 0 || r.denominator !== 0);
    const numerator = records.reduce((s, r) => s + r.numerator, 0);
    const denominator = records.reduce((s, r) => s + r.denominator, 0);
    const f = SCORECARD_FORMULAS[key];
    return {
      month,
      userId,
      displayName: person.displayName,
      key,
      label: def[lang],
      scope: def.scope,
      numerator,
      denominator,
      value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
      ...(denominator === 0 ? { reason: lang === 'zh' ? f.zeroZh : f.zeroEn } : {}),
      formula:
        lang === 'zh'
          ? { numerator: f.numeratorZh, denominator: f.denominatorZh }
          : { numerator: f.numerator, denominator: f.denominator },
      records,
    };
  }
}
