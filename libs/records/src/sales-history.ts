// Monthly sales actuals (订单 / AAK / 系统提报) computed from the records, for the plans (manual §4
// processes 1–3), the weekly review and the actuals report. Quantities are cars, never order counts.
//
// Definitions (D is a date 'YYYY-MM-DD'; "before D" = strictly earlier than D, i.e. at the start of D):
// - orders of a month      = Σ quantity of orders placed (orderDate) in the month that are not cancelled
//                            (an order cancelled later no longer counts as an order of its month)
// - cancelled of a month   = Σ quantity of orders cancelled in the month (by cancelledAt), whenever placed
// - aak of a month         = Σ delivered quantity by deliveryDate
// - submissions of a month = Σ submitted quantity by submittedDate
// - backlog at D           = Σ quantity of orders placed before D and not cancelled before D − Σ deliveries before D
//                            (orders on hand, 剩余订单); backlogStart of a month = backlog at its 1st day,
//                            backlogEnd = backlog at the 1st of the next month
// - pending at D           = Σ deliveries before D − Σ submissions before D (delivered, not yet submitted)
// Month by month: backlogEnd = backlogStart + (placed in the month and not cancelled by its end)
//   − (placed earlier and cancelled in the month) − aak, and pendingEnd = pendingStart + aak − submissions.
// Filters: `model` is the car model code the rows carry; `consultantId` is the order's consultant
// (deliveries carry it, submissions are matched through their delivery).
// A few aggregate queries per call (never one query per month); works on a DataSource or inside a
// transaction (EntityManager).
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths } from '@kaflow/calendar';

export interface SalesFilter {
  model?: string;
  consultantId?: string;
}
export interface MonthHistory {
  month: string;
  orders: number;
  aak: number;
  submissions: number;
  cancelled: number;
  backlogStart: number;
  backlogEnd: number;
  pendingStart: number;
  pendingEnd: number;
}

export type Db = DataSource | EntityManager;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function checkMonth(name: string, v: string): void {
  if (typeof v !== 'string' || !MONTH_RE.test(v)) throw new RangeError(`${name} must be a month YYYY-MM, got ${v}`);
}
export function checkDate(name: string, v: string): void {
  if (typeof v !== 'string' || !DATE_RE.test(v) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${v}`);
  }
}

export const nextMonth = (month: string): string => addMonths(month, 1);

/** Every month from..to inclusive. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * SQL conditions for a filter on a table alias; `$1` is always the dealer. For submissions the
 * consultant is matched through the delivery (alias `dl`, joined by the caller).
 */
function filterSql(alias: string, filter: SalesFilter | undefined, params: unknown[], consultantAlias = alias): string {
  let sql = '';
  if (filter?.model !== undefined) {
    params.push(filter.model);
    sql += ` AND ${alias}."model" = $${params.length}`;
  }
  if (filter?.consultantId !== undefined) {
    params.push(filter.consultantId);
    sql += ` AND ${consultantAlias}."consultantId" = $${params.length}`;
  }
  return sql;
}

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Orders on hand (ordered − delivered − cancelled) at the start of `date` ('YYYY-MM-DD'). */
export async function backlogAt(db: Db, dealerId: string, date: string, filter?: SalesFilter): Promise<number> {
  checkDate('date', date);
  const p: unknown[] = [dealerId, date];
  const fo = filterSql('o', filter, p);
  const fd = filterSql('d', filter, p);
  const [row] = await db.query(
    `SELECT (SELECT COALESCE(SUM(o."quantity"), 0) FROM "sales_order" o
              WHERE o."dealerId" = $1 AND o."orderDate" < $2 AND (o."cancelledAt" IS NULL
                OR o."cancelledAt" >= $2)${fo})
          - (SELECT COALESCE(SUM(d."quantity"), 0) FROM "delivery" d
              WHERE d."dealerId" = $1 AND d."deliveryDate" < $2${fd}) AS n`,
    p,
  );
  return num(row?.n);
}

/** Delivered-not-submitted cars at the start of `date` ('YYYY-MM-DD'). */
export async function pendingSubmissionsAt(
  db: Db,
  dealerId: string,
  date: string,
  filter?: SalesFilter,
): Promise<number> {
  checkDate('date', date);
  const p: unknown[] = [dealerId, date];
  const fd = filterSql('d', filter, p);
  const fs = filterSql('s', filter, p, 'dl');
  const [row] = await db.query(
    `SELECT (SELECT COALESCE(SUM(d."quantity"), 0) FROM "delivery" d
              WHERE d."dealerId" = $1 AND d."deliveryDate" < $2${fd})
          - (SELECT COALESCE(SUM(s."quantity"), 0) FROM "system_submission" s JOIN "delivery" dl
            ON dl."id" = s."deliveryId"
              WHERE s."dealerId" = $1 AND s."submittedDate" < $2${fs}) AS n`,
    p,
  );
  return num(row?.n);
}

/** Every month from..to inclusive ('YYYY-MM'), zeros included; quantities are cars. */
export async function salesHistory(
  db: Db,
  dealerId: string,
  from: string,
  to: string,
  filter?: SalesFilter,
): Promise<MonthHistory[]> {
  checkMonth('from', from);
  checkMonth('to', to);
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  const months = monthsBetween(from, to);
  const start = `${from}-01`;
  const end = `${nextMonth(to)}-01`;

  const po: unknown[] = [dealerId, start, end];
  const orderRows: Array<{ month: string; orders: string; added: string }> = await db.query(
    `SELECT to_char(o."orderDate", 'YYYY-MM') AS month,
            COALESCE(SUM(o."quantity") FILTER (WHERE o."cancelledAt" IS NULL), 0) AS orders,
            COALESCE(SUM(o."quantity") FILTER (WHERE o."cancelledAt" IS NULL
              OR o."cancelledAt" >= (date_trunc('month', o."orderDate") + interval '1 month')::date), 0) AS added
       FROM "sales_order" o
      WHERE o."dealerId" = $1 AND o."orderDate" >= $2 AND o."orderDate" < $3${filterSql('o', filter, po)}
      GROUP BY 1`,
    po,
  );
  const pc: unknown[] = [dealerId, start, end];
  const cancelRows: Array<{ month: string; cancelled: string; earlier: string }> = await db.query(
    `SELECT to_char(o."cancelledAt", 'YYYY-MM') AS month, SUM(o."quantity") AS cancelled,
            COALESCE(SUM(o."quantity") FILTER (WHERE o."orderDate" < date_trunc('month', o."cancelledAt")::date), 0) AS
              earlier
       FROM "sales_order" o
      WHERE o."dealerId" = $1 AND o."cancelledAt" >= $2 AND o."cancelledAt" < $3${filterSql('o', filter, pc)}
      GROUP BY 1`,
    pc,
  );
  const pd: unknown[] = [dealerId, start, end];
  const aakRows: Array<{ month: string; n: string }> = await db.query(
    `SELECT to_char(d."deliveryDate", 'YYYY-MM') AS month, SUM(d."quantity") AS n
       FROM "delivery" d
      WHERE d."dealerId" = $1 AND d."deliveryDate" >= $2 AND d."deliveryDate" < $3${filterSql('d', filter, pd)}
      GROUP BY 1`,
    pd,
  );
  const ps: unknown[] = [dealerId, start, end];
  const subRows: Array<{ month: string; n: string }> = await db.query(
    `SELECT to_char(s."submittedDate", 'YYYY-MM') AS month, SUM(s."quantity") AS n
       FROM "system_submission" s JOIN "delivery" dl ON dl."id" = s."deliveryId"
      WHERE s."dealerId" = $1 AND s."submittedDate" >= $2 AND s."submittedDate" < $3${filterSql('s', filter, ps, 'dl')}
      GROUP BY 1`,
    ps,
  );

  const byMonth = <T extends { month: string }>(rows: T[]) => new Map(rows.map((r) => [r.month, r]));
  const ord = byMonth(orderRows);
  const can = byMonth(cancelRows);
  const aak = byMonth(aakRows);
  const sub = byMonth(subRows);

  let backlog = await backlogAt(db, dealerId, start, filter);
  let pending = await pendingSubmissionsAt(db, dealerId, start, filter);
  return months.map((month) => {
    const o = ord.get(month);
    const c = can.get(month);
    const row: MonthHistory = {
      month,
      orders: num(o?.orders),
      aak: num(aak.get(month)?.n),
      submissions: num(sub.get(month)?.n),
      cancelled: num(c?.cancelled),
      backlogStart: backlog,
      backlogEnd: 0,
      pendingStart: pending,
      pendingEnd: 0,
    };
    backlog = backlog + num(o?.added) - num(c?.earlier) - row.aak;
    pending = pending + row.aak - row.submissions;
    row.backlogEnd = backlog;
    row.pendingEnd = pending;
    return row;
  });
}

/** The month's deliverable stock per model, in catalogue order (models without a stock row are left out). */
export async function stockFor(
  db: Db,
  dealerId: string,
  month: string,
): Promise<Array<{ model: string; quantity: number }>> {
  checkMonth('month', month);
  const rows: Array<{ model: string; quantity: number }> = await db.query(
    `SELECT s."model", s."quantity" FROM "stock" s
       LEFT JOIN "car_model" cm ON cm."dealerId" = s."dealerId" AND cm."code" = s."model"
      WHERE s."dealerId" = $1 AND s."month" = $2
      ORDER BY cm."sortOrder" ASC NULLS LAST, s."model" ASC`,
    [dealerId, month],
  );
  return rows.map((r) => ({ model: r.model, quantity: num(r.quantity) }));
}
