// The weekly progress of a month as of a business date: targets from the newest approved plan,
// actuals month-to-date from the sales tables, pro-rated by working days elapsed (docs/user-guide.md
// "Planning arithmetic", Weekly progress). Shared by the weekly-review activity and the progress API.
import type { DataSource, EntityManager } from 'typeorm';
import { weeklyLineLabel } from '@kaflow/domain';
import { addCalendarDays, monthBounds, monthOf, type WorkingCalendar } from '@kaflow/calendar';
import { PlanEntity, UserEntity } from '@kaflow/persistence';
import type { ProgressPlanRef, WeeklyProgressReport } from '@kaflow/workflows';
import { weeklyProgress } from '@kaflow/planning';
import { byConsultantBetween, byModelBetween } from './sales-breakdown';
import { leadsRecorded } from './planning-base.query';

type Db = DataSource | EntityManager;
interface Targets {
  orders: number;
  aak: number;
  submissions: number;
}
interface PlanTargets extends Targets {
  plan: ProgressPlanRef;
  byModel: Array<{ model: string; orders: number }>;
  byConsultant: Array<{ consultantId: string; name?: string; orders: number }>;
}

/** A target as weeklyProgress takes it: a whole number, never negative. */
const num = (v: unknown) => (Number.isFinite(Number(v)) ? Math.max(0, Math.round(Number(v))) : 0);
const firstOf = (month: string) => monthBounds(month).first;
const lastOf = (month: string) => monthBounds(month).last;

/**
 * The month under review as of a business date: the date's month with the working days strictly
 * before it; when none has elapsed yet (the week starts a month), the previous month in full.
 */
export function reviewWindow(calendar: WorkingCalendar, businessDate: string) {
  let month = monthOf(businessDate);
  const dayBefore = addCalendarDays(businessDate, -1);
  let elapsed = calendar.workingDays(firstOf(month), dayBefore).length;
  let inMonth = calendar.workingDays(firstOf(month), lastOf(month)).length;
  let through = dayBefore;
  if (elapsed === 0) {
    month = monthOf(addCalendarDays(firstOf(month), -1));
    through = lastOf(month);
    inMonth = calendar.workingDays(firstOf(month), through).length;
    elapsed = inMonth;
  }
  return { month, from: firstOf(month), through, workingDaysInMonth: inMonth, workingDaysElapsed: elapsed };
}

/** Targets of the month from the newest approved decomposition, else rolling plan, else annual plan. */
export async function monthTargets(db: Db, dealerId: string, month: string): Promise<PlanTargets | null> {
  const plans = await db
    .getRepository(PlanEntity)
    .createQueryBuilder('p')
    .where('p.dealerId = :dealerId AND p.status = :approved', { dealerId, approved: 'approved' })
    .andWhere(
      `((p.kind IN ('decomposition', 'rolling') AND p.period = :month) OR (p.kind = 'annual' AND p.period = :year))`,
      { month, year: month.slice(0, 4) },
    )
    .orderBy('p.version', 'DESC')
    .addOrderBy('p.approvedAt', 'DESC', 'NULLS LAST')
    .getMany();
  const ref = (p: PlanEntity): ProgressPlanRef => ({
    id: p.id,
    kind: p.kind as ProgressPlanRef['kind'],
    period: p.period,
    version: p.version,
  });
  const totals = (t: any): Targets => ({ orders: num(t?.orders), aak: num(t?.aak), submissions: num(t?.submissions) });

  const decomposition = plans.find((p) => p.kind === 'decomposition');
  if (decomposition) {
    const byModel: any[] = Array.isArray(decomposition.result?.byModel) ? decomposition.result.byModel : [];
    const byConsultant: any[] = Array.isArray(decomposition.result?.byConsultant)
      ? decomposition.result.byConsultant
      : [];
    const sum = byModel.length
      ? byModel.reduce(
          (s: Targets, m) => ({
            orders: s.orders + num(m.orders),
            aak: s.aak + num(m.aak),
            submissions: s.submissions + num(m.submissions),
          }),
          { orders: 0, aak: 0, submissions: 0 },
        )
      : totals(decomposition.result);
    // One line per model and per consultant (a plan listing one twice gets their sum).
    const models = new Map<string, number>();
    for (const m of byModel) models.set(String(m.model), (models.get(String(m.model)) ?? 0) + num(m.orders));
    const people = new Map<string, { consultantId: string; name?: string; orders: number }>();
    for (const c of byConsultant) {
      const id = String(c.consultantId);
      const prev = people.get(id);
      people.set(id, {
        consultantId: id,
        name: prev?.name ?? (typeof c.name === 'string' && c.name ? c.name : undefined),
        orders: (prev?.orders ?? 0) + num(c.orders),
      });
    }
    return {
      ...sum,
      plan: ref(decomposition),
      byModel: [...models].map(([model, orders]) => ({ model, orders })),
      byConsultant: [...people.values()],
    };
  }
  const rolling = plans.find((p) => p.kind === 'rolling' && p.result?.next && (p.result.next.month ?? month) === month);
  if (rolling) return { ...totals(rolling.result.next), plan: ref(rolling), byModel: [], byConsultant: [] };
  const annual = plans.find(
    (p) => p.kind === 'annual' && Array.isArray(p.result?.months) && p.result.months[Number(month.slice(5, 7)) - 1],
  );
  if (annual)
    return {
      ...totals(annual.result.months[Number(month.slice(5, 7)) - 1]),
      plan: ref(annual),
      byModel: [],
      byConsultant: [],
    };
  return null;
}

/** Actuals from the 1st of the month through a date, from the sales records' shared readings. */
async function actuals(db: Db, dealerId: string, from: string, through: string) {
  const until = addCalendarDays(through, 1);
  const [models, people] = await Promise.all([
    byModelBetween(db, dealerId, from, until),
    byConsultantBetween(db, dealerId, from, until),
  ]);
  const total = (k: keyof Targets) => models.reduce((a, m) => a + m[k], 0);
  return {
    totals: { orders: total('orders'), aak: total('aak'), submissions: total('submissions') } as Targets,
    byModel: new Map(models.map((m) => [m.model, m.orders])),
    byConsultant: new Map(people.map((c) => [c.consultantId, c.orders])),
  };
}

/** The progress report of the dealer's month as of businessDate (actuals up to the day before). */
export async function computeWeeklyProgress(
  db: Db,
  input: { dealerId: string; businessDate: string; calendar: WorkingCalendar; threshold: number },
): Promise<WeeklyProgressReport> {
  const w = reviewWindow(input.calendar, input.businessDate);
  const [targets, actual] = await Promise.all([
    monthTargets(db, input.dealerId, w.month),
    actuals(db, input.dealerId, w.from, w.through),
  ]);
  // label: the line's Chinese name (mails, stored reviews); a reader's page or form names it by key and name
  const line = (key: string, target: number, actualValue: number, name?: string) => ({
    key,
    label: weeklyLineLabel({ key, name }, 'zh'),
    ...(name !== undefined ? { name } : {}),
    target,
    actual: actualValue,
  });
  const lines: Array<{ key: string; label: string; name?: string; target: number; actual: number }> = [
    line('total:orders', targets?.orders ?? 0, actual.totals.orders),
    line('total:aak', targets?.aak ?? 0, actual.totals.aak),
    line('total:submissions', targets?.submissions ?? 0, actual.totals.submissions),
  ];
  if (targets) {
    for (const m of targets.byModel)
      lines.push(line(`model:${m.model}:orders`, m.orders, actual.byModel.get(m.model) ?? 0, m.model));
    const unnamed = targets.byConsultant
      .filter((c) => !c.name)
      .map((c) => c.consultantId)
      .filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const users = unnamed.length
      ? await db
          .getRepository(UserEntity)
          .createQueryBuilder('u')
          .where('u.id IN (:...ids)', { ids: unnamed })
          .getMany()
      : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    for (const c of targets.byConsultant) {
      lines.push(
        line(
          `consultant:${c.consultantId}:orders`,
          c.orders,
          actual.byConsultant.get(c.consultantId) ?? 0,
          c.name ?? names.get(c.consultantId) ?? c.consultantId,
        ),
      );
    }
  }
  lines.push(...(await leadLines(db, input.dealerId, w.month, w.from, w.through)));
  const result = weeklyProgress({
    workingDaysInMonth: w.workingDaysInMonth,
    workingDaysElapsed: w.workingDaysElapsed,
    threshold: input.threshold,
    lines,
  });
  return {
    month: w.month,
    businessDate: input.businessDate,
    through: w.through,
    workingDaysInMonth: w.workingDaysInMonth,
    workingDaysElapsed: w.workingDaysElapsed,
    threshold: input.threshold,
    plan: targets?.plan ?? null,
    note: targets ? null : `${w.month} 无已批准的目标计划，仅列实际完成`,
    share: result.share,
    lines: result.lines.map((l) => ({ ...l })),
    gaps: result.gaps,
  };
}

/** P4 as the month goes on: the approved lead plan's leads (regular + supplementary 补充集客) against the
 *  new prospects recorded so far; no line without an approved lead plan. */
async function leadLines(db: Db, dealerId: string, month: string, from: string, through: string) {
  const lead = await db.getRepository(PlanEntity).findOne({
    where: { dealerId, kind: 'lead', period: month, status: 'approved' },
    order: { version: 'DESC' },
  });
  if (!lead) return [];
  const regular = ((lead.result?.models ?? []) as Array<{ leadTarget: number }>).reduce(
    (a, m) => a + num(m.leadTarget),
    0,
  );
  const recorded = await leadsRecorded(db, dealerId, from, addCalendarDays(through, 1));
  const actual = Object.values(recorded).reduce((a, b) => a + b, 0);
  return [
    {
      key: 'total:leads',
      label: weeklyLineLabel({ key: 'total:leads' }, 'zh'),
      target: regular + num(lead.result?.capacity?.gap),
      actual,
    },
  ];
}
