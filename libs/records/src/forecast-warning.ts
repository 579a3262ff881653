// The early warning (预警) as of a date: the month's forecast (lineForecastAnswer) against the newest approved
// targets, by forecastShortfall. When the dealer's P50 falls short by more than the policy's margin, the gap per
// model and per consultant with a target, and the open H and A prospects that could close it, each with its last
// follow-up before the date. Reads only; the workflow makes the task.
import type { DataSource, EntityManager } from 'typeorm';
import type { DealerPolicy } from '@kaflow/domain';
import { forecastShortfall } from '@kaflow/planning';
import { forecastReading, lineForecastAnswer, openProspects, type OpenProspectDetail } from './forecast';
import { monthTargets } from './weekly-progress.query';

type Db = DataSource | EntityManager;

/** One line of the warning: the target, the forecast's P50 with its range, and the gap (target − P50, at least 0). */
export interface WarningLine {
  target: number;
  p10: number;
  p50: number;
  p90: number;
  booked: number;
  gap: number;
}

export interface ForecastWarning {
  month: string;
  asOf: string;
  margin: number;
  /** True when the dealer's P50 is below target × (1 − margin). */
  warn: boolean;
  /** Why there is no warning, when there is none. */
  reason: string | null;
  /** The dealer's line (null when the month has no approved orders target). */
  total: (WarningLine & { limit: number }) | null;
  models: Array<WarningLine & { model: string }>;
  consultants: Array<WarningLine & { consultantId: string; name: string }>;
  /** The open H and A prospects: H first, then by the oldest last follow-up. */
  prospects: OpenProspectDetail[];
}

export async function forecastWarning(
  db: Db,
  dealerId: string,
  asOf: string,
  policy: Pick<DealerPolicy, 'timezone' | 'forecast'>,
): Promise<ForecastWarning> {
  const margin = policy.forecast.warningMargin;
  const month = asOf.slice(0, 7);
  const none = (reason: string): ForecastWarning => ({
    month,
    asOf,
    margin,
    warn: false,
    reason,
    total: null,
    models: [],
    consultants: [],
    prospects: [],
  });
  const targets = await monthTargets(db, dealerId, month);
  if (!targets || !(targets.orders > 0)) return none(`no approved orders target for ${month}`);
  const reading = await forecastReading(db, dealerId, asOf, {
    lookbackMonths: policy.forecast.lookbackMonths,
    timezone: policy.timezone,
  });
  const lineOf = async (filter: { model?: string; consultantId?: string }, target: number): Promise<WarningLine> => {
    const a = await lineForecastAnswer(db, dealerId, asOf, policy, filter, undefined, reading);
    const o = a.month.orders;
    return { target, p10: o.p10, p50: o.p50, p90: o.p90, booked: o.booked, gap: Math.max(0, target - o.p50) };
  };
  const dealer = await lineOf({}, targets.orders);
  const s = forecastShortfall(dealer.p50, targets.orders, margin);
  const total = { ...dealer, gap: s.gap, limit: s.limit };
  if (!s.warn) return { ...none(`the forecast's P50 ${dealer.p50} is not below ${s.limit}`), total };

  const models = [];
  for (const m of targets.byModel) models.push({ model: m.model, ...(await lineOf({ model: m.model }, m.orders)) });
  const names: Array<{ id: string; name: string }> = targets.byConsultant.length
    ? // ids compared as text: a plan's id is never cast
      await db.query(`SELECT id::text AS id, "displayName" AS name FROM app_user WHERE id::text = ANY($1)`, [
        targets.byConsultant.map((c) => c.consultantId),
      ])
    : [];
  const consultants = [];
  // a plan naming a consultant by something other than an id has no forecast line for them
  for (const c of targets.byConsultant.filter((x) => /^[0-9a-f-]{36}$/i.test(x.consultantId))) {
    const name = names.find((n) => n.id === c.consultantId)?.name ?? c.name ?? '';
    consultants.push({
      consultantId: c.consultantId,
      name,
      ...(await lineOf({ consultantId: c.consultantId }, c.orders)),
    });
  }
  const prospects = (await openProspects(db, dealerId, asOf, policy.timezone))
    .filter((p) => p.grade === 'H' || p.grade === 'A')
    .sort(
      (a, b) =>
        (a.grade === b.grade ? 0 : a.grade === 'H' ? -1 : 1) ||
        (a.lastFollowUpAt ?? '').localeCompare(b.lastFollowUpAt ?? '') ||
        a.prospectId.localeCompare(b.prospectId),
    );
  return { month, asOf, margin, warn: true, reason: null, total, models, consultants, prospects };
}
