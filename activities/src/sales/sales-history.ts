// Monthly actuals derived from the sales records (never typed in). Definitions:
// orders of a month = quantity of orders placed that month and not cancelled; cancelled = quantity
// cancelled that month; aak = delivered quantity by delivery date; submissions = submitted quantity
// by submission date; backlog at D = orders placed before D and not cancelled before D − deliveries
// before D; pending at D = deliveries before D − submissions before D.
import type { DataSource, EntityManager } from 'typeorm';

export interface SalesFilter { model?: string; consultantId?: string }
export interface MonthHistory {
  month: string; orders: number; aak: number; submissions: number; cancelled: number;
  backlogStart: number; backlogEnd: number; pendingStart: number; pendingEnd: number;
}
type Db = DataSource | EntityManager;

const monthStart = (month: string) => `${month}-01`;
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${String(Math.floor(t / 12)).padStart(4, '0')}-${String((t % 12) + 1).padStart(2, '0')}`;
}
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
function filterSql(f: SalesFilter | undefined, alias: string, params: unknown[]): string {
  let sql = '';
  if (f?.model) { params.push(f.model); sql += ` AND ${alias}.model = $${params.length}`; }
  if (f?.consultantId) { params.push(f.consultantId); sql += ` AND ${alias}."consultantId" = $${params.length}`; }
  return sql;
}

async function monthly(db: Db, sql: string, params: unknown[]): Promise<Map<string, number>> {
  const rows: Array<{ month: string; qty: string }> = await db.query(sql, params);
  return new Map(rows.map((r) => [r.month, Number(r.qty)]));
}

export async function salesHistory(db: Db, dealerId: string, from: string, to: string, filter?: SalesFilter): Promise<MonthHistory[]> {
  const end = monthStart(addMonths(to, 1));
  const q = (table: string, dateCol: string, extra = '') => {
    const params: unknown[] = [dealerId, monthStart(from), end];
    const f = filterSql(filter, 't', params);
    return monthly(db, `SELECT to_char(t."${dateCol}", 'YYYY-MM') AS month, SUM(t.quantity) AS qty FROM ${table} t
      WHERE t."dealerId" = $1 AND t."${dateCol}" >= $2 AND t."${dateCol}" < $3 ${extra} ${f} GROUP BY 1`, params);
  };
  const [orders, cancelled, aak, subs, backlog0, pending0] = await Promise.all([
    q('sales_order', 'orderDate', `AND t.status <> 'cancelled'`),
    q('sales_order', 'cancelledAt', `AND t.status = 'cancelled'`),
    q('delivery', 'deliveryDate'),
    q('system_submission', 'submittedDate'),
    backlogAt(db, dealerId, monthStart(from), filter),
    pendingSubmissionsAt(db, dealerId, monthStart(from), filter),
  ]);
  // Orders placed in a month and cancelled later still leave the backlog when cancelled.
  const placedIncl = await q('sales_order', 'orderDate');
  let backlog = backlog0;
  let pending = pending0;
  return monthsBetween(from, to).map((month) => {
    const o = orders.get(month) ?? 0; const d = aak.get(month) ?? 0; const s = subs.get(month) ?? 0; const c = cancelled.get(month) ?? 0;
    const row: MonthHistory = {
      month, orders: o, aak: d, submissions: s, cancelled: c,
      backlogStart: backlog, backlogEnd: backlog + (placedIncl.get(month) ?? 0) - c - d,
      pendingStart: pending, pendingEnd: pending + d - s,
    };
    backlog = row.backlogEnd; pending = row.pendingEnd;
    return row;
  });
}

export async function backlogAt(db: Db, dealerId: string, date: string, filter?: SalesFilter): Promise<number> {
  const params: unknown[] = [dealerId, date];
  const fo = filterSql(filter, 'o', params);
  const fd = filterSql(filter, 'd', params);
  const [r] = await db.query(
    `SELECT (SELECT COALESCE(SUM(o.quantity), 0) FROM sales_order o WHERE o."dealerId" = $1 AND o."orderDate" < $2
              AND NOT (o.status = 'cancelled' AND o."cancelledAt" < $2) ${fo})
          - (SELECT COALESCE(SUM(d.quantity), 0) FROM delivery d WHERE d."dealerId" = $1 AND d."deliveryDate" < $2 ${fd}) AS n`, params);
  return Number(r.n);
}

export async function pendingSubmissionsAt(db: Db, dealerId: string, date: string, filter?: SalesFilter): Promise<number> {
  const params: unknown[] = [dealerId, date];
  const fd = filterSql(filter, 'd', params);
  const fs = filterSql(filter, 's', params);
  const [r] = await db.query(
    `SELECT (SELECT COALESCE(SUM(d.quantity), 0) FROM delivery d WHERE d."dealerId" = $1 AND d."deliveryDate" < $2 ${fd})
          - (SELECT COALESCE(SUM(s.quantity), 0) FROM system_submission s WHERE s."dealerId" = $1 AND s."submittedDate" < $2 ${fs.replace(/"consultantId"/g, '"consultantId"')}) AS n`, params);
  return Number(r.n);
}

export async function stockFor(db: Db, dealerId: string, month: string): Promise<Array<{ model: string; quantity: number }>> {
  const rows: Array<{ model: string; quantity: number }> = await db.query(
    `SELECT model, quantity FROM stock WHERE "dealerId" = $1 AND month = $2 ORDER BY model`, [dealerId, month]);
  return rows.map((r) => ({ model: r.model, quantity: Number(r.quantity) }));
}

export async function monthByModel(db: Db, dealerId: string, month: string): Promise<Array<{ model: string; orders: number; aak: number; submissions: number }>> {
  return byDimension(db, dealerId, month, 'model') as any;
}
export async function monthByConsultant(db: Db, dealerId: string, month: string): Promise<Array<{ consultantId: string; orders: number; aak: number; submissions: number }>> {
  return byDimension(db, dealerId, month, 'consultantId') as any;
}

async function byDimension(db: Db, dealerId: string, month: string, dim: 'model' | 'consultantId') {
  const params = [dealerId, monthStart(month), monthStart(addMonths(month, 1))];
  const rows: Array<{ key: string; orders: string; aak: string; submissions: string }> = await db.query(
    `SELECT key, SUM(o) AS orders, SUM(d) AS aak, SUM(s) AS submissions FROM (
       SELECT "${dim}" AS key, quantity AS o, 0 AS d, 0 AS s FROM sales_order WHERE "dealerId" = $1 AND "orderDate" >= $2 AND "orderDate" < $3 AND status <> 'cancelled'
       UNION ALL SELECT "${dim}", 0, quantity, 0 FROM delivery WHERE "dealerId" = $1 AND "deliveryDate" >= $2 AND "deliveryDate" < $3
       UNION ALL SELECT ${dim === 'model' ? 's.model' : 'd."consultantId"'}, 0, 0, s.quantity FROM system_submission s JOIN delivery d ON d.id = s."deliveryId"
        WHERE s."dealerId" = $1 AND s."submittedDate" >= $2 AND s."submittedDate" < $3
     ) x GROUP BY key ORDER BY key`, params);
  return rows.map((r) => ({ [dim]: r.key, orders: Number(r.orders), aak: Number(r.aak), submissions: Number(r.submissions) }));
}

export async function remainingOrdersByConsultant(db: Db, dealerId: string, date: string): Promise<Array<{ consultantId: string; remaining: number }>> {
  const rows: Array<{ consultantId: string; remaining: string }> = await db.query(
    `SELECT o."consultantId", SUM(o.quantity - COALESCE((SELECT SUM(d.quantity) FROM delivery d WHERE d."orderId" = o.id AND d."deliveryDate" < $2), 0)) AS remaining
       FROM sales_order o WHERE o."dealerId" = $1 AND o."orderDate" < $2 AND NOT (o.status = 'cancelled' AND o."cancelledAt" < $2)
      GROUP BY o."consultantId"`, [dealerId, date]);
  return rows.map((r) => ({ consultantId: r.consultantId, remaining: Number(r.remaining) }));
}
