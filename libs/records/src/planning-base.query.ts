// The readings behind the month-end plans' checks: the customer base (P3), the visit and event plans (P4) and each
// consultant's own closing counts and losses (P6). Plain SQL over a DataSource or EntityManager; the
// arithmetic is in @kaflow/planning (support.ts, capacity.ts, capability.ts).
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths } from '@kaflow/calendar';
import type { ClosingCounts } from '@kaflow/kpi';

type Db = DataSource | EntityManager;
const n = (s: unknown) => Number(s ?? 0);

export interface OnHandRow {
  consultantId: string;
  model: string;
  haOnHand: number;
  bcOnHand: number;
  remainingOrders: number;
}

/** Per consultant (owner / order's consultant) × model: prospects now H/A and B/C, and the cars ordered before
 *  `date` (not cancelled by then) less those delivered before it: the remaining orders due for delivery. */
export async function baseOnHand(db: Db, dealerId: string, date: string): Promise<OnHandRow[]> {
  const rows: Array<Record<string, string>> = await db.query(
    `WITH p AS (
       SELECT "ownerId" AS c, model, COUNT(*) FILTER (WHERE grade IN ('H','A')) AS ha, COUNT(*)
         FILTER (WHERE grade IN ('B','C')) AS bc, 0 AS rem
         FROM prospect WHERE "dealerId" = $1 AND grade IN ('H','A','B','C') GROUP BY 1, 2
       UNION ALL
       SELECT "consultantId", model, 0, 0, SUM(quantity) FROM sales_order
        WHERE "dealerId" = $1 AND "orderDate" < $2 AND ("cancelledAt" IS NULL OR "cancelledAt" >= $2) GROUP BY 1, 2
       UNION ALL
       SELECT "consultantId", model, 0, 0, -SUM(quantity) FROM delivery WHERE "dealerId" = $1 AND "deliveryDate" < $2
         GROUP BY 1, 2)
     SELECT c, model, SUM(ha) AS ha, SUM(bc) AS bc, GREATEST(0, SUM(rem)) AS rem FROM p GROUP BY c, model
       ORDER BY c, model`,
    [dealerId, date],
  );
  return rows.map((r) => ({
    consultantId: r.c,
    model: r.model,
    haOnHand: n(r.ha),
    bcOnHand: n(r.bc),
    remainingOrders: n(r.rem),
  }));
}

/**
 * Closing counts of the window [from, until) (dates 'YYYY-MM-DD'), per model or per consultant, as the lead
 * plan reads them (month-end prefillLead): orders placed (not cancelled), prospects graded H or A in the window,
 * B/C at its start and those of them that reached H, A or O in it.
 * A consultant's prospects are those they own now; their orders those they took.
 */
export async function closingCounts(
  db: Db,
  dealerId: string,
  from: string,
  until: string,
  by: 'model' | 'consultant',
): Promise<Array<{ key: string } & ClosingCounts>> {
  const key = by === 'model' ? 'p.model' : 'p."ownerId"';
  const orderKey = by === 'model' ? 'model' : '"consultantId"';
  const rows: Array<Record<string, string>> = await db.query(
    `WITH g AS (SELECT gc."prospectId", gc."fromGrade", gc."toGrade", gc.at, ${key}::text AS k
                  FROM grade_change gc JOIN prospect p ON p.id = gc."prospectId" WHERE gc."dealerId" = $1),
          s AS (SELECT DISTINCT ON ("prospectId") "prospectId", k, "toGrade" FROM g WHERE at < $2
            ORDER BY "prospectId", at DESC),
          ha AS (SELECT k, COUNT(DISTINCT "prospectId") AS n FROM g WHERE "toGrade" IN ('H','A') AND at >= $2
            AND at < $3 GROUP BY k),
          bc AS (SELECT s.k, COUNT(*) AS start, COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM g
            WHERE g."prospectId" = s."prospectId"
                   AND g."toGrade" IN ('H','A','O') AND g.at >= $2 AND g.at < $3)) AS up FROM s
                     WHERE s."toGrade" IN ('B','C') GROUP BY s.k),
          o AS (SELECT ${orderKey}::text AS k, COUNT(*) AS n FROM sales_order
                 WHERE "dealerId" = $1 AND "orderDate" >= $2 AND "orderDate" < $3 AND status <> 'cancelled' GROUP BY 1),
          keys AS (SELECT k FROM ha UNION SELECT k FROM bc UNION SELECT k FROM o)
     SELECT keys.k, o.n AS orders, ha.n AS ha, bc.start AS bc_start, bc.up AS bc_up FROM keys
       LEFT JOIN o ON o.k = keys.k LEFT JOIN ha ON ha.k = keys.k LEFT JOIN bc ON bc.k = keys.k ORDER BY keys.k`,
    [dealerId, from, until],
  );
  return rows.map((r) => ({
    key: r.k,
    orders: n(r.orders),
    haInWindow: n(r.ha),
    bcStart: n(r.bc_start),
    bcUp: n(r.bc_up),
  }));
}

export interface CapacityReading {
  /** Leads met on visits done in the look-back ÷ those visits. */
  visits: { done: number; leadsMet: number };
  /** Event leads of events held in the look-back ÷ those events. */
  events: { held: number; leads: number };
  /** New prospects per model in the look-back (the lead mix). */
  modelMix: Record<string, number>;
  /** Planned in the month, per consultant; and events planned by others. */
  planned: Array<{ consultantId: string; visits: number; events: number }>;
  otherEvents: number;
}

/** The visit and event plans of `month` ('YYYY-MM') and the look-back [from, until) they are read against. */
export async function capacityReading(
  db: Db,
  dealerId: string,
  month: string,
  from: string,
  until: string,
): Promise<CapacityReading> {
  const [first, next] = [`${month}-01`, `${addMonths(month, 1)}-01`];
  const [[v], [e], mix, planned] = await Promise.all([
    db.query(
      `SELECT COUNT(*) AS done, COALESCE(SUM("leadsMet"), 0) AS leads FROM visit_record
               WHERE "dealerId" = $1 AND "visitedOn" >= $2 AND "visitedOn" < $3`,
      [dealerId, from, until],
    ),
    db.query(
      `SELECT COUNT(*) AS held, COALESCE(SUM((SELECT COUNT(*) FROM event_lead l WHERE l."eventId" = e.id)), 0) AS leads
                FROM sales_event e WHERE e."dealerId" = $1 AND e."heldOn" >= $2 AND e."heldOn" < $3`,
      [dealerId, from, until],
    ),
    db.query(
      `SELECT p.model, COUNT(*) AS n FROM grade_change gc JOIN prospect p ON p.id = gc."prospectId"
               WHERE gc."dealerId" = $1 AND gc."fromGrade" IS NULL AND gc.at >= $2 AND gc.at < $3 GROUP BY 1`,
      [dealerId, from, until],
    ),
    db.query(
      `WITH c AS (SELECT id FROM app_user WHERE "dealerId" = $1 AND active AND 'consultant' = ANY(roles))
              SELECT c.id AS "consultantId",
                (SELECT COUNT(*) FROM visit_plan v WHERE v."dealerId" = $1 AND v."consultantId" = c.id
                  AND v."plannedDate" >= $2 AND v."plannedDate" < $3) AS visits,
                (SELECT COUNT(*) FROM sales_event s WHERE s."dealerId" = $1 AND s."ownerId" = c.id
                  AND s."plannedDate" >= $2 AND s."plannedDate" < $3) AS events
                FROM c
              UNION ALL
              SELECT NULL, 0, COUNT(*) FROM sales_event s WHERE s."dealerId" = $1 AND s."plannedDate" >= $2
                AND s."plannedDate" < $3
                AND s."ownerId" NOT IN (SELECT id FROM c)`,
      [dealerId, first, next],
    ),
  ]);
  const others = planned.find((p: Record<string, string | null>) => p.consultantId === null);
  return {
    visits: { done: n(v.done), leadsMet: n(v.leads) },
    events: { held: n(e.held), leads: n(e.leads) },
    modelMix: Object.fromEntries(mix.map((r: Record<string, string>) => [r.model, n(r.n)])),
    planned: planned
      .filter((p: Record<string, string | null>) => p.consultantId !== null)
      .map((p: Record<string, string>) => ({ consultantId: p.consultantId, visits: n(p.visits), events: n(p.events) })),
    otherEvents: n(others?.events),
  };
}

/** New prospects (leads) recorded in [from, until), per model. */
export async function leadsRecorded(
  db: Db,
  dealerId: string,
  from: string,
  until: string,
): Promise<Record<string, number>> {
  const rows: Array<Record<string, string>> = await db.query(
    `SELECT p.model, COUNT(*) AS n FROM grade_change gc JOIN prospect p ON p.id = gc."prospectId"
      WHERE gc."dealerId" = $1 AND gc."fromGrade" IS NULL AND gc.at >= $2 AND gc.at < $3 GROUP BY 1`,
    [dealerId, from, until],
  );
  return Object.fromEntries(rows.map((r) => [r.model, n(r.n)]));
}

/** The reason categories of each consultant's losses in [from, until) (null: not analysed yet). */
export async function lossReasonsByConsultant(
  db: Db,
  dealerId: string,
  from: string,
  until: string,
): Promise<Map<string, Array<string | null>>> {
  const rows: Array<{ consultantId: string; reasonCategory: string | null }> = await db.query(
    `SELECT "consultantId", "reasonCategory" FROM lost_analysis WHERE "dealerId" = $1 AND "lostAt" >= $2
      AND "lostAt" < $3
      ORDER BY "lostAt"`,
    [dealerId, from, until],
  );
  const out = new Map<string, Array<string | null>>();
  for (const r of rows) out.set(r.consultantId, [...(out.get(r.consultantId) ?? []), r.reasonCategory]);
  return out;
}
