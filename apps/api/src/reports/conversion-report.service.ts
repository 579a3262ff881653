// Process 6 figures (C/B/A/H/O转化): conversion rates from the grade history, follow-ups done vs due
// from the follow-up due ledger, 拒单率 from orders, and the hot-customer (热点客户管理表) and lost-customer
// (战败客户分析表) tables. SQL reads the records; the formulas are @kaflow/kpi's.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { conversionRates, type ConversionRates, type ProspectHistory } from '@kaflow/kpi';
import { HOT_CUSTOMER_WHERE, loadPolicy } from '@kaflow/records';
import { UserEntity } from '@kaflow/persistence';
import type { AuthUser } from '../common/auth-user';
import { badRequest } from '../common/domain-error';
import { monthDates, monthInstants } from '../common/business-month';
import { consultantScope } from '../common/prospect-access';
import { phoneMasker } from '../common/prospect.view';

export interface ConversionReport extends ConversionRates {
  month: string;
  consultantId?: string;
  model?: string;
  counts: { followUpsRecorded: number; hotCustomers: number; ordersTableAvailable: boolean };
}

interface Scope {
  dealerId: string;
  month: string;
  consultantId: string | null;
  model: string | null;
  from: Date;
  to: Date;
  fromDate: string;
  toDate: string;
  timezone: string;
}

// $1 dealer, $2/$3 month bounds (instants), $4 consultant or null, $5 model or null
const P_FILTER = `($4::uuid IS NULL OR p."ownerId" = $4::uuid) AND ($5::text IS NULL OR p.model = $5::text)`;
const HISTORY_SQL = `
SELECT g."prospectId" AS id, g."fromGrade" AS "from", g."toGrade" AS "to", g.at, la."overdueAtLoss" AS overdue,
  s."deliveredAt"
  FROM grade_change g JOIN prospect p ON p.id = g."prospectId"
  LEFT JOIN lost_analysis la ON g."toGrade" = 'F' AND la."prospectId" = g."prospectId" AND la."lostAt" = g.at
  LEFT JOIN conversion_state s ON s."prospectId" = g."prospectId"
 WHERE p."dealerId" = $1 AND g.at < $3 AND ${P_FILTER} AND $2::timestamptz IS NOT NULL
 ORDER BY g."prospectId", g.at, g.id`;
const LEDGER_SQL = `
SELECT count(*) FILTER (WHERE d.outcome = 'met')::int AS met,
       count(*) FILTER (WHERE d.outcome IN ('met', 'missed') OR (d.outcome = 'open' AND d."dueAt" <= $6))::int AS due
  FROM follow_up_due d JOIN prospect p ON p.id = d."prospectId"
 WHERE d."dealerId" = $1 AND d."dueAt" >= $2 AND d."dueAt" < $3 AND ($4::uuid IS NULL OR d."consultantId" = $4::uuid)
   AND ($5::text IS NULL OR p.model = $5::text)`;
const HOT_WHERE = HOT_CUSTOMER_WHERE;

@Injectable()
export class ConversionReportService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private async scope(user: AuthUser, month: string, requested?: string, model?: string): Promise<Scope> {
    const consultantId = consultantScope(user, requested) ?? null;
    if (
      consultantId &&
      consultantId !== user.id &&
      !(await this.db.getRepository(UserEntity).existsBy({ id: consultantId, dealerId: user.dealerId }))
    ) {
      throw badRequest([{ field: 'consultantId', problem: 'no such user in your dealer' }]);
    }
    const { timezone } = await loadPolicy(this.db, user.dealerId);
    const i = monthInstants(month, timezone);
    const d = monthDates(month);
    return {
      dealerId: user.dealerId,
      month,
      consultantId,
      model: model ?? null,
      from: i.from,
      to: i.to,
      fromDate: d.from,
      toDate: d.to,
      timezone,
    };
  }

  private args(s: Scope): unknown[] {
    return [s.dealerId, s.from, s.to, s.consultantId, s.model];
  }

  async rates(user: AuthUser, month: string, consultantId?: string, model?: string): Promise<ConversionReport> {
    const s = await this.scope(user, month, consultantId, model);
    const rows: Array<{
      id: string;
      from: string | null;
      to: string;
      at: Date;
      overdue: boolean | null;
      deliveredAt: Date | null;
    }> = await this.db.query(HISTORY_SQL, this.args(s));
    const byId = new Map<string, ProspectHistory>();
    for (const r of rows) {
      let h = byId.get(r.id);
      if (!h) {
        h = { id: r.id, changes: [], deliveredAt: r.deliveredAt ? new Date(r.deliveredAt).getTime() : null };
        byId.set(r.id, h);
      }
      h.changes.push({
        from: r.from,
        to: r.to,
        at: new Date(r.at).getTime(),
        ...(r.overdue !== null ? { overdue: r.overdue } : {}),
      });
    }
    const [ledger] = await this.db.query(LEDGER_SQL, [...this.args(s), this.clock.now()]);
    const [hot] = await this.db.query(
      `SELECT count(*)::int AS customers, COALESCE(sum((SELECT count(*) FROM follow_up f WHERE f."prospectId" = p.id
        AND f.at >= $2 AND f.at < $3)), 0)::int AS "followUps"
         FROM prospect p WHERE ${HOT_WHERE}`,
      this.args(s),
    );
    const [fu] = await this.db.query(
      `SELECT count(*)::int AS n FROM follow_up f JOIN prospect p ON p.id = f."prospectId" WHERE f."dealerId" = $1
        AND f.at >= $2 AND f.at < $3 AND ${P_FILTER}`,
      this.args(s),
    );
    const orders = await this.orders(s);
    const rates = conversionRates(s.from.getTime(), s.to.getTime(), [...byId.values()], {
      followUps: { met: ledger.met, due: ledger.due },
      orders,
      hot: { customers: hot.customers, followUps: hot.followUps },
    });
    return {
      month,
      ...(s.consultantId ? { consultantId: s.consultantId } : {}),
      ...(s.model ? { model: s.model } : {}),
      ...rates,
      counts: { followUpsRecorded: fu.n, hotCustomers: hot.customers, ordersTableAvailable: orders !== null },
    };
  }

  /** 拒单率's counts: orders placed in the month and those since cancelled; null while there is no sales_order table. */
  private async orders(s: Scope): Promise<{ placed: number; cancelled: number } | null> {
    const [t] = await this.db.query(`SELECT to_regclass('public.sales_order') IS NOT NULL AS present`);
    if (!t.present) return null;
    const [o] = await this.db.query(
      `SELECT count(*)::int AS placed, count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled
        FROM sales_order o
        WHERE o."dealerId" = $1 AND o."orderDate" >= $2::date AND o."orderDate" < $3::date
          AND ($4::uuid IS NULL OR o."consultantId" = $4::uuid) AND ($5::text IS NULL OR o.model = $5::text)`,
      [s.dealerId, s.fromDate, s.toDate, s.consultantId, s.model],
    );
    return { placed: o.placed, cancelled: o.cancelled };
  }

  /** 热点客户管理表: each hot customer's follow-ups in the month against the monthly count. */
  async hotCustomers(user: AuthUser, month: string, consultantId?: string, model?: string) {
    const s = await this.scope(user, month, consultantId, model);
    const { hotFollowUpsPerMonth } = await loadPolicy(this.db, user.dealerId);
    const rows = await this.db.query(
      `SELECT p.id AS "prospectId", a.name AS account, c.name AS contact, c.phone, p.model, p.quantity, p.grade,
        p."ownerId" AS "consultantId",
              u."displayName" AS consultant, p."nextFollowUpDue",
              COALESCE((SELECT json_agg(f.at ORDER BY f.at) FROM follow_up f WHERE f."prospectId" = p.id AND f.at >= $2
                AND f.at < $3), '[]') AS "followUpDates"
         FROM prospect p JOIN account a ON a.id = p."accountId" JOIN contact c ON c.id = p."contactId" JOIN app_user u
           ON u.id = p."ownerId"
        WHERE ${HOT_WHERE} ORDER BY u."displayName", a.name, p.id`,
      this.args(s),
    );
    // PIPL: the contact's phone as this user may see it
    const mask = await phoneMasker(
      this.db,
      { userId: user.id, roles: user.roles, now: this.clock.now() },
      user.dealerId,
      rows.map((r: any) => r.prospectId),
    );
    const items = rows.map((r: any) => ({
      ...r,
      phone: mask(r.prospectId, r.consultantId, r.phone),
      followUps: r.followUpDates.length,
      target: hotFollowUpsPerMonth,
      reached: r.followUpDates.length >= hotFollowUpsPerMonth,
    }));
    return {
      month,
      target: hotFollowUpsPerMonth,
      ...(s.consultantId ? { consultantId: s.consultantId } : {}),
      items,
      total: items.length,
    };
  }

  /** 战败客户分析表: the month's lost deals with their analysis. */
  async lostAnalysis(user: AuthUser, month: string, consultantId?: string, model?: string) {
    const s = await this.scope(user, month, consultantId, model);
    const rows = await this.db.query(
      `SELECT la.id, la."prospectId", a.name AS account, c.name AS contact, la.model, p.quantity, la."consultantId",
        u."displayName" AS consultant,
              la."fromGrade", la."lostAt", la."overdueAtLoss", la.status, la."reasonCategory", la."competitorBrand",
                la."competitorModel",
              la.lessons, la."trainingRequest", la."trainingOutcome", la."analysedBy", la."analysedAt"
         FROM lost_analysis la JOIN prospect p ON p.id = la."prospectId" JOIN account a ON a.id = p."accountId"
         JOIN contact c ON c.id = p."contactId" JOIN app_user u ON u.id = la."consultantId"
        WHERE la."dealerId" = $1 AND la."lostAt" >= $2 AND la."lostAt" < $3
          AND ($4::uuid IS NULL OR la."consultantId" = $4::uuid) AND ($5::text IS NULL OR la.model = $5::text)
        ORDER BY la."lostAt", la.id`,
      this.args(s),
    );
    const items = rows.map(({ competitorBrand, competitorModel, ...r }: any) => ({
      ...r,
      competitor: competitorBrand ? { brand: competitorBrand, model: competitorModel } : null,
    }));
    const byReason: Record<string, number> = {};
    for (const i of items) if (i.reasonCategory) byReason[i.reasonCategory] = (byReason[i.reasonCategory] ?? 0) + 1;
    return { month, ...(s.consultantId ? { consultantId: s.consultantId } : {}), items, total: items.length, byReason };
  }
}
