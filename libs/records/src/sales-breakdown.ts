// Sales actuals broken down per model and per consultant (the decomposition's pre-fill, the weekly review,
// the forms): the same definitions as sales-history.ts, whose helpers they share.
import { type Db, checkMonth, checkDate, nextMonth, num } from './sales-history';

/**
 * Orders / AAK / submissions of one month per model: every active catalogue model (zeros included)
 * plus any other model with figures, in catalogue order.
 */
export async function monthByModel(
  db: Db,
  dealerId: string,
  month: string,
): Promise<Array<{ model: string; orders: number; aak: number; submissions: number }>> {
  checkMonth('month', month);
  return byModelBetween(db, dealerId, `${month}-01`, `${nextMonth(month)}-01`);
}

/** The same per model for any dates from `from` up to (not including) `until`, e.g. a month to date. */
export async function byModelBetween(
  db: Db,
  dealerId: string,
  from: string,
  until: string,
): Promise<Array<{ model: string; orders: number; aak: number; submissions: number }>> {
  checkDate('from', from);
  checkDate('until', until);
  const rows: Array<{ model: string; orders: string; aak: string; submissions: string; sort: number | null }> =
    await db.query(
      `WITH f AS (
       SELECT o."model", SUM(o."quantity") FILTER (WHERE o."cancelledAt" IS NULL) AS orders, 0 AS aak, 0 AS submissions
         FROM "sales_order" o WHERE o."dealerId" = $1 AND o."orderDate" >= $2 AND o."orderDate" < $3 GROUP BY o."model"
       UNION ALL
       SELECT d."model", 0, SUM(d."quantity"), 0
         FROM "delivery" d WHERE d."dealerId" = $1 AND d."deliveryDate" >= $2 AND d."deliveryDate" < $3
           GROUP BY d."model"
       UNION ALL
       SELECT s."model", 0, 0, SUM(s."quantity")
         FROM "system_submission" s WHERE s."dealerId" = $1 AND s."submittedDate" >= $2 AND s."submittedDate" < $3
           GROUP BY s."model"
       UNION ALL
       SELECT cm."code", 0, 0, 0 FROM "car_model" cm WHERE cm."dealerId" = $1 AND cm."active"
     )
     SELECT f."model", COALESCE(SUM(f.orders), 0) AS orders, COALESCE(SUM(f.aak), 0) AS aak,
       COALESCE(SUM(f.submissions), 0) AS submissions,
            MIN(cm."sortOrder") AS sort
       FROM f LEFT JOIN "car_model" cm ON cm."dealerId" = $1 AND cm."code" = f."model"
      GROUP BY f."model"
      ORDER BY sort ASC NULLS LAST, f."model" ASC`,
      [dealerId, from, until],
    );
  return rows.map((r) => ({ model: r.model, orders: num(r.orders), aak: num(r.aak), submissions: num(r.submissions) }));
}

/** The dealer's active consultants plus anyone else with figures: the rows a per-person table needs. */
const CONSULTANTS_SQL = `SELECT u."id" AS "consultantId" FROM "app_user" u WHERE u."dealerId" = $1 AND u."active"
  AND 'consultant' = ANY(u."roles")`;

/**
 * Orders / AAK / submissions of one month per consultant (the order's consultant): every active
 * consultant of the dealer (zeros included) plus anyone else with figures, by id.
 */
export async function monthByConsultant(
  db: Db,
  dealerId: string,
  month: string,
): Promise<Array<{ consultantId: string; orders: number; aak: number; submissions: number }>> {
  checkMonth('month', month);
  return byConsultantBetween(db, dealerId, `${month}-01`, `${nextMonth(month)}-01`);
}

/** The same per consultant for any dates from `from` up to (not including) `until`. */
export async function byConsultantBetween(
  db: Db,
  dealerId: string,
  from: string,
  until: string,
): Promise<Array<{ consultantId: string; orders: number; aak: number; submissions: number }>> {
  checkDate('from', from);
  checkDate('until', until);
  const rows: Array<{ consultantId: string; orders: string; aak: string; submissions: string }> = await db.query(
    `WITH f AS (
       SELECT o."consultantId", SUM(o."quantity") FILTER (WHERE o."cancelledAt" IS NULL) AS orders, 0 AS aak, 0 AS
         submissions
         FROM "sales_order" o WHERE o."dealerId" = $1 AND o."orderDate" >= $2 AND o."orderDate" < $3
           GROUP BY o."consultantId"
       UNION ALL
       SELECT d."consultantId", 0, SUM(d."quantity"), 0
         FROM "delivery" d WHERE d."dealerId" = $1 AND d."deliveryDate" >= $2 AND d."deliveryDate" < $3
           GROUP BY d."consultantId"
       UNION ALL
       SELECT dl."consultantId", 0, 0, SUM(s."quantity")
         FROM "system_submission" s JOIN "delivery" dl ON dl."id" = s."deliveryId"
        WHERE s."dealerId" = $1 AND s."submittedDate" >= $2 AND s."submittedDate" < $3 GROUP BY dl."consultantId"
       UNION ALL
       SELECT c."consultantId", 0, 0, 0 FROM (${CONSULTANTS_SQL}) c
     )
     SELECT f."consultantId", COALESCE(SUM(f.orders), 0) AS orders, COALESCE(SUM(f.aak), 0) AS aak,
       COALESCE(SUM(f.submissions), 0) AS submissions
       FROM f GROUP BY f."consultantId" ORDER BY f."consultantId"`,
    [dealerId, from, until],
  );
  return rows.map((r) => ({
    consultantId: r.consultantId,
    orders: num(r.orders),
    aak: num(r.aak),
    submissions: num(r.submissions),
  }));
}

/**
 * Orders on hand per consultant at the start of `date` (same rule as backlogAt); active consultants with none get 0.
 */
export async function remainingOrdersByConsultant(
  db: Db,
  dealerId: string,
  date: string,
): Promise<Array<{ consultantId: string; remaining: number }>> {
  checkDate('date', date);
  const rows: Array<{ consultantId: string; remaining: string }> = await db.query(
    `WITH f AS (
       SELECT o."consultantId", SUM(o."quantity") AS n FROM "sales_order" o
        WHERE o."dealerId" = $1 AND o."orderDate" < $2 AND (o."cancelledAt" IS NULL OR o."cancelledAt" >= $2)
          GROUP BY o."consultantId"
       UNION ALL
       SELECT d."consultantId", -SUM(d."quantity") FROM "delivery" d
        WHERE d."dealerId" = $1 AND d."deliveryDate" < $2 GROUP BY d."consultantId"
       UNION ALL
       SELECT c."consultantId", 0 FROM (${CONSULTANTS_SQL}) c
     )
     SELECT f."consultantId", COALESCE(SUM(f.n), 0) AS remaining FROM f GROUP BY f."consultantId"
       ORDER BY f."consultantId"`,
    [dealerId, date],
  );
  return rows.map((r) => ({ consultantId: r.consultantId, remaining: num(r.remaining) }));
}
