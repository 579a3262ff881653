// The readings behind the month's forecast (libs/planning/src/forecast.ts, forecast-line.ts) as of a date D, in SQL.
// Only records known at the start of D (the dealer's midnight) are read: grade changes before it, orders placed
// before D and not cancelled before D, deliveries and submissions before D. Nothing later can change a figure.
//
// - the measured months: the `lookbackMonths` months before D's month; in each, the observation point is the same
//   day of the month as D (the month's last day when it is shorter), at the dealer's midnight;
// - a prospect is open at a point when its last grade change before it is to O, H, A, B or C; it converted when an
//   order of it (sales_order.prospectId) was placed from the point's date to the month's end (next: in the month
//   after); its model and consultant are the prospect's (model, owner);
// - new business: cars of orders placed after the point that no prospect open at the point brought (the order's
//   model and consultant);
// - the pipeline: the prospects open at D, with their last follow-up before D;
// - booked: cars ordered in D's month before D (not cancelled before D), per model and consultant.
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths, monthBounds, zonedInstant } from '@kaflow/calendar';
import type { DealerPolicy } from '@kaflow/domain';
import {
  flowForecast,
  lineForecast,
  type ForecastGrade,
  type ForecastReading,
  type ForecastWhatIf,
  type LineFilter,
  type LineForecast,
  type OrdersForecast,
} from '@kaflow/planning';
import {
  backlogAt,
  checkDate,
  num,
  pendingSubmissionsAt,
  salesHistory,
  stockFor,
  type SalesFilter,
} from './sales-history';
import { monthTargets } from './weekly-progress.query';

type Db = DataSource | EntityManager;

export interface OpenProspectDetail {
  prospectId: string;
  model: string;
  consultantId: string;
  consultantName: string;
  accountName: string;
  grade: ForecastGrade;
  quantity: number;
  lastFollowUpAt: string | null;
}

/** The observation points of the measured months for an as-of date (pure; exported for tests). */
export function observationPoints(asOf: string, lookbackMonths: number, timezone: string) {
  const month = asOf.slice(0, 7);
  const day = Number(asOf.slice(8, 10));
  const out: Array<{ month: string; obsDate: string; obsAt: Date; monthEnd: string; nextEnd: string }> = [];
  for (let k = 1; k <= lookbackMonths; k++) {
    const m = addMonths(month, -k);
    const last = Number(monthBounds(m).last.slice(8, 10));
    const obsDate = `${m}-${String(Math.min(day, last)).padStart(2, '0')}`;
    out.push({
      month: m,
      obsDate,
      obsAt: zonedInstant(obsDate, '00:00', timezone),
      monthEnd: `${addMonths(m, 1)}-01`,
      nextEnd: `${addMonths(m, 2)}-01`,
    });
  }
  return out;
}

const OPEN = `('O','H','A','B','C')`;

/** Everything the forecast as of `asOf` ('YYYY-MM-DD') reads. */
export async function forecastReading(
  db: Db,
  dealerId: string,
  asOf: string,
  opts: { lookbackMonths: number; timezone: string },
): Promise<ForecastReading> {
  checkDate('asOf', asOf);
  const month = asOf.slice(0, 7);
  const pts = observationPoints(asOf, opts.lookbackMonths, opts.timezone);
  const monthStart = `${month}-01`;
  // A month's next month is closed at D when it ends on or before D's month's start.
  const nextClosed = pts.filter((p) => p.nextEnd <= monthStart).map((p) => p.month);
  const ptArgs = [
    pts.map((p) => p.month),
    pts.map((p) => p.obsDate),
    pts.map((p) => p.obsAt.toISOString()),
    pts.map((p) => p.monthEnd),
    pts.map((p) => p.nextEnd),
  ];
  const cte = `pts AS (SELECT * FROM unnest($2::text[], $3::date[], $4::timestamptz[], $5::date[], $6::date[])
                 AS t(month, obs_date, obs_at, month_end, next_end)),
      st AS (SELECT DISTINCT ON (pts.month, gc."prospectId") pts.month, pts.obs_date, pts.month_end, pts.next_end,
                    gc."prospectId", gc."toGrade" AS grade
               FROM pts JOIN grade_change gc ON gc."dealerId" = $1 AND gc.at < pts.obs_at
              ORDER BY pts.month, gc."prospectId", gc.at DESC, gc.id DESC),
      op AS (SELECT st.*, p.model, p."ownerId" AS consultant, p.quantity FROM st
               JOIN prospect p ON p.id = st."prospectId" WHERE st.grade IN ${OPEN}),
      ord AS (SELECT o."prospectId", o."orderDate", o.quantity, o.model, o."consultantId" FROM sales_order o
               WHERE o."dealerId" = $1 AND o."orderDate" < $7::date
                 AND (o."cancelledAt" IS NULL OR o."cancelledAt" >= $7::date))`;
  const args = [dealerId, ...ptArgs, asOf];
  const [observations, newBusiness, pipeline, booked] = await Promise.all([
    db.query(
      `WITH ${cte}
       SELECT op.month, op.model, op.consultant::text AS consultant, op.grade, op.quantity,
              (SELECT COALESCE(SUM(ord.quantity), 0) FROM ord WHERE ord."prospectId" = op."prospectId"
                  AND ord."orderDate" >= op.obs_date AND ord."orderDate" < op.month_end) AS conv,
              (SELECT COALESCE(SUM(ord.quantity), 0) FROM ord WHERE ord."prospectId" = op."prospectId"
                  AND ord."orderDate" >= op.month_end AND ord."orderDate" < op.next_end) AS conv_next
         FROM op ORDER BY op.month, op."prospectId"`,
      args,
    ),
    db.query(
      `WITH ${cte}
       SELECT pts.month, ord.model, ord."consultantId"::text AS consultant,
              COALESCE(SUM(ord.quantity) FILTER (WHERE ord."orderDate" < pts.month_end), 0) AS rest,
              COALESCE(SUM(ord.quantity) FILTER (WHERE ord."orderDate" >= pts.month_end), 0) AS next
         FROM pts JOIN ord ON ord."orderDate" >= pts.obs_date AND ord."orderDate" < pts.next_end
        WHERE NOT EXISTS (SELECT 1 FROM op WHERE op.month = pts.month AND op."prospectId" = ord."prospectId")
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      args,
    ),
    openProspects(db, dealerId, asOf, opts.timezone),
    db.query(
      `SELECT model, "consultantId"::text AS consultant, SUM(quantity) AS cars FROM sales_order
        WHERE "dealerId" = $1 AND "orderDate" >= $2::date AND "orderDate" < $3::date
          AND ("cancelledAt" IS NULL OR "cancelledAt" >= $3::date)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [dealerId, monthStart, asOf],
    ),
  ]);
  return {
    month,
    nextMonth: addMonths(month, 1),
    asOf,
    lookbackMonths: pts.map((p) => p.month),
    nextLookbackMonths: nextClosed,
    observations: observations.map((r: Record<string, unknown>) => ({
      month: String(r.month),
      model: String(r.model),
      consultantId: String(r.consultant),
      grade: r.grade as ForecastGrade,
      quantity: num(r.quantity),
      ordered: num(r.conv),
      orderedNext: nextClosed.includes(String(r.month)) ? num(r.conv_next) : null,
    })),
    newBusiness: newBusiness.map((r: Record<string, unknown>) => ({
      month: String(r.month),
      model: String(r.model),
      consultantId: String(r.consultant),
      rest: num(r.rest),
      next: nextClosed.includes(String(r.month)) ? num(r.next) : null,
    })),
    pipeline: pipeline.map((p) => ({
      prospectId: p.prospectId,
      model: p.model,
      consultantId: p.consultantId,
      grade: p.grade,
      quantity: p.quantity,
    })),
    booked: booked.map((r: Record<string, unknown>) => ({
      model: String(r.model),
      consultantId: String(r.consultant),
      cars: num(r.cars),
    })),
  };
}

/** The prospects open at the start of `asOf` (last grade before it in O H A B C), with their last follow-up. */
export async function openProspects(
  db: Db,
  dealerId: string,
  asOf: string,
  timezone: string,
): Promise<OpenProspectDetail[]> {
  const at = zonedInstant(asOf, '00:00', timezone);
  const rows: Array<Record<string, unknown>> = await db.query(
    `WITH st AS (SELECT DISTINCT ON (gc."prospectId") gc."prospectId", gc."toGrade" AS grade FROM grade_change gc
                  WHERE gc."dealerId" = $1 AND gc.at < $2 ORDER BY gc."prospectId", gc.at DESC, gc.id DESC)
     SELECT p.id, p.model, p."ownerId"::text AS consultant, u."displayName" AS consultant_name, a.name AS account,
            st.grade, p.quantity,
            (SELECT MAX(f.at) FROM follow_up f WHERE f."prospectId" = p.id AND f.at < $2) AS last_follow_up
       FROM st JOIN prospect p ON p.id = st."prospectId" AND p."dealerId" = $1
       LEFT JOIN app_user u ON u.id = p."ownerId" LEFT JOIN account a ON a.id = p."accountId"
      WHERE st.grade IN ${OPEN}
      ORDER BY st.grade, p.id`,
    [dealerId, at],
  );
  return rows.map((r) => ({
    prospectId: String(r.id),
    model: String(r.model),
    consultantId: String(r.consultant),
    consultantName: String(r.consultant_name ?? ''),
    accountName: String(r.account ?? ''),
    grade: r.grade as ForecastGrade,
    quantity: num(r.quantity),
    lastFollowUpAt: r.last_follow_up ? new Date(r.last_follow_up as string).toISOString() : null,
  }));
}

/** r and l: the month's approved rolling plan's, else the year's approved annual plan's, else measured. */
async function planRates(
  db: Db,
  dealerId: string,
  month: string,
  lookbackMonths: number,
): Promise<{
  orderConversionRate: number;
  licensingRates: number[] | number;
  source: 'rolling' | 'annual' | 'measured';
}> {
  const [plan] = await db.query(
    `SELECT kind, input FROM plan WHERE "dealerId" = $1 AND status = 'approved'
        AND ((kind = 'rolling' AND period = $2) OR (kind = 'annual' AND period = $3))
      ORDER BY (kind = 'rolling') DESC, version DESC LIMIT 1`,
    [dealerId, month, month.slice(0, 4)],
  );
  const r = Number(plan?.input?.orderConversionRate);
  const l = plan?.input?.licensingRates;
  if (plan && r >= 0 && r <= 1 && (typeof l === 'number' || (Array.isArray(l) && l.length === 12)))
    return { orderConversionRate: r, licensingRates: l, source: plan.kind };
  // measured over the closed months: AAK ÷ (backlog at the start + orders), submissions ÷ (pending + AAK)
  const hist = await salesHistory(db, dealerId, addMonths(month, -lookbackMonths), addMonths(month, -1));
  const sum = (f: (h: (typeof hist)[number]) => number) => hist.reduce((s, h) => s + f(h), 0);
  const den1 = sum((h) => h.backlogStart + h.orders);
  const den2 = sum((h) => h.pendingStart + h.aak);
  return {
    orderConversionRate: den1 > 0 ? Math.min(1, sum((h) => h.aak) / den1) : 1,
    licensingRates: den2 > 0 ? Math.min(1, sum((h) => h.submissions) / den2) : 1,
    source: 'measured',
  };
}

export interface ForecastFigure {
  expected: number;
  p10: number;
  p50: number;
  p90: number;
}
export interface ForecastMonth {
  month: string;
  target: { orders: number | null; aak: number | null; submissions: number | null };
  orders: ForecastFigure & { booked: number; pipelineExpected: number; newBusinessExpected: number };
  aak: ForecastFigure & { soFar: number };
  submissions: ForecastFigure & { soFar: number };
}
export interface ForecastAnswer {
  scope: 'dealer' | 'model' | 'consultant';
  id: string | null;
  asOf: string;
  month: ForecastMonth;
  next: ForecastMonth;
  pipeline: LineForecast['pipeline'];
  rates: LineForecast['rates'];
  nextRates: LineForecast['nextRates'];
  dealerRates: LineForecast['dealerRates'];
  method: {
    lookbackMonths: string[];
    minObservations: number;
    draws: number;
    flowRates: { orderConversionRate: number; licensingRate: number; nextLicensingRate: number; source: string };
    stock: number | null;
  };
  whatIf?: ForecastWhatIf;
}

export const FORECAST_DRAWS = 2000;
export const FORECAST_SEED = 20_231;

/**
 * The forecast of a line as of `asOf`: the month's and next month's orders, AAK and submissions with their range,
 * beside the targets of the newest approved plans. `reading` may be passed when several lines share one.
 */
export async function lineForecastAnswer(
  db: Db,
  dealerId: string,
  asOf: string,
  policy: Pick<DealerPolicy, 'timezone' | 'forecast'>,
  filter: LineFilter,
  whatIf?: ForecastWhatIf,
  reading?: ForecastReading,
): Promise<ForecastAnswer> {
  const lb = policy.forecast.lookbackMonths;
  const rd = reading ?? (await forecastReading(db, dealerId, asOf, { lookbackMonths: lb, timezone: policy.timezone }));
  const line = lineForecast(
    rd,
    filter,
    { minObservations: policy.forecast.minObservations, draws: FORECAST_DRAWS, seed: FORECAST_SEED },
    whatIf,
  );
  const month = rd.month;
  const start = `${month}-01`;
  const f: SalesFilter = {
    ...(filter.model !== undefined ? { model: filter.model } : {}),
    ...(filter.consultantId !== undefined ? { consultantId: filter.consultantId } : {}),
  };
  const [rates, backlogStart, pendingStart, stockRows, nextStockRows, targets, nextTargets] = await Promise.all([
    planRates(db, dealerId, month, lb),
    backlogAt(db, dealerId, start, f),
    pendingSubmissionsAt(db, dealerId, start, f),
    stockFor(db, dealerId, month),
    stockFor(db, dealerId, rd.nextMonth),
    monthTargets(db, dealerId, month),
    monthTargets(db, dealerId, rd.nextMonth),
  ]);
  // delivered and submitted in the month before D
  const [so] = await db.query(
    `SELECT (SELECT COALESCE(SUM(d.quantity), 0) FROM delivery d WHERE d."dealerId" = $1 AND d."deliveryDate" >= $2
               AND d."deliveryDate" < $3 AND ($4::text IS NULL OR d.model = $4)
               AND ($5::uuid IS NULL OR d."consultantId" = $5)) AS aak,
            (SELECT COALESCE(SUM(s.quantity), 0) FROM system_submission s JOIN delivery dl ON dl.id = s."deliveryId"
              WHERE s."dealerId" = $1 AND s."submittedDate" >= $2 AND s."submittedDate" < $3
                AND ($4::text IS NULL OR s.model = $4) AND ($5::uuid IS NULL OR dl."consultantId" = $5)) AS sub`,
    [dealerId, start, asOf, f.model ?? null, f.consultantId ?? null],
  );
  const lRate = (m: string) =>
    typeof rates.licensingRates === 'number' ? rates.licensingRates : rates.licensingRates[Number(m.slice(5)) - 1];
  const stockOf = (rows: Array<{ model: string; quantity: number }>) =>
    filter.consultantId !== undefined || rows.length === 0
      ? null
      : filter.model !== undefined
        ? (rows.find((r) => r.model === filter.model)?.quantity ?? null)
        : rows.reduce((s, r) => s + r.quantity, 0);
  const flowIn = {
    backlogStart: Math.max(0, backlogStart),
    pendingStart: Math.max(0, pendingStart),
    orderConversionRate: rates.orderConversionRate,
    licensingRate: lRate(month),
    stock: stockOf(stockRows),
    aakSoFar: num(so?.aak),
    submissionsSoFar: num(so?.sub),
  };
  const thisFlow = flowForecast(line.orders, flowIn);
  // next month starts from this month's P50 path: backlog + orders − AAK, pending + AAK − submissions
  const nextFlow = flowForecast(line.next, {
    backlogStart: Math.max(0, flowIn.backlogStart + line.orders.p50 - thisFlow.aak.p50),
    pendingStart: Math.max(0, flowIn.pendingStart + thisFlow.aak.p50 - thisFlow.submissions.p50),
    orderConversionRate: rates.orderConversionRate,
    licensingRate: lRate(rd.nextMonth),
    stock: stockOf(nextStockRows),
    aakSoFar: 0,
    submissionsSoFar: 0,
  });
  const target = (t: Awaited<ReturnType<typeof monthTargets>>) => {
    if (!t) return { orders: null, aak: null, submissions: null };
    if (filter.model !== undefined) {
      const m = t.byModel.find((x) => x.model === filter.model);
      return { orders: m ? m.orders : null, aak: null, submissions: null };
    }
    if (filter.consultantId !== undefined) {
      const c = t.byConsultant.find((x) => x.consultantId === filter.consultantId);
      return { orders: c ? c.orders : null, aak: null, submissions: null };
    }
    return { orders: t.orders, aak: t.aak, submissions: t.submissions };
  };
  const fig = (o: OrdersForecast) => ({
    expected: o.expected,
    p10: o.p10,
    p50: o.p50,
    p90: o.p90,
    booked: o.booked,
    pipelineExpected: o.pipelineExpected,
    newBusinessExpected: o.newBusinessExpected,
  });
  return {
    scope: filter.model !== undefined ? 'model' : filter.consultantId !== undefined ? 'consultant' : 'dealer',
    id: filter.model ?? filter.consultantId ?? null,
    asOf,
    month: {
      month,
      target: target(targets),
      orders: fig(line.orders),
      aak: { ...thisFlow.aak, soFar: flowIn.aakSoFar },
      submissions: { ...thisFlow.submissions, soFar: flowIn.submissionsSoFar },
    },
    next: {
      month: rd.nextMonth,
      target: target(nextTargets),
      orders: fig(line.next),
      aak: { ...nextFlow.aak, soFar: 0 },
      submissions: { ...nextFlow.submissions, soFar: 0 },
    },
    pipeline: line.pipeline,
    rates: line.rates,
    nextRates: line.nextRates,
    dealerRates: line.dealerRates,
    method: {
      lookbackMonths: rd.lookbackMonths,
      minObservations: policy.forecast.minObservations,
      draws: FORECAST_DRAWS,
      flowRates: {
        orderConversionRate: rates.orderConversionRate,
        licensingRate: lRate(month),
        nextLicensingRate: lRate(rd.nextMonth),
        source: rates.source,
      },
      stock: flowIn.stock,
    },
    ...(whatIf ? { whatIf } : {}),
  };
}
