// The month's scorecard ingredients for one dealer, counted by PostgreSQL (never by loading rows):
// each statement answers one row per person (`uid`) and one dealer row (`uid` null) through GROUPING SETS.
// A prospect's figures count for its current owner; a loss for the owner when it was lost; visits, plans
// and callbacks for their consultant; event leads for the event's owner (the formulas: libs/kpi).
// Parameters: $1 dealer, $2/$3 the month's bounds as instants at the dealer, $4/$5 first day of the month
// and of the next (dates), $6 the month 'YYYY-MM'.
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}

interface QueryRunnerLike {
  connect(): Promise<unknown>;
  startTransaction(): Promise<void>;
  commitTransaction(): Promise<void>;
  rollbackTransaction(): Promise<void>;
  release(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * Runs one statement with PostgreSQL's JIT off: these are short aggregations whose cost estimate can pass
 * jit_above_cost on a big dealer, and compiling them would cost more than running them (seen in the bench).
 */
async function runStatement(db: Queryable, sql: string, args: unknown[]): Promise<any[]> {
  const source = db as Queryable & { createQueryRunner?: () => QueryRunnerLike };
  if (!source.createQueryRunner) return db.query(sql, args);
  const qr = source.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    await qr.query('SET LOCAL jit = off');
    const rows = await qr.query(sql, args);
    await qr.commitTransaction();
    return rows;
  } catch (e) {
    await qr.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
}

/** Rank on the O>H>A>B>C>D ladder (null for W and F): a downgrade is a change to a lower rank. */
const rank = (col: string) => `array_position(ARRAY['D','C','B','A','H','O']::varchar[], ${col})`;

/**
 * Grade at the month's start per prospect, read backwards from the changes since the month began: the grade
 * history is a chain (each change's fromGrade is the grade before it, the prospect's grade the last toGrade),
 * so the grade at the start is the fromGrade of the first change since then, or the current grade when the
 * prospect has not changed since; a creation since then (fromGrade null) means it did not exist yet. This
 * reads the recent changes only, not the whole history. `during`: what happened within the month.
 */
export const START_AND_DURING = `
since AS (
  SELECT g."prospectId", g.at, g."fromGrade", g."toGrade" FROM grade_change g WHERE g."dealerId" = $1 AND g.at >= $2
), first_since AS (
  SELECT DISTINCT ON ("prospectId") "prospectId", "fromGrade" AS grade FROM since ORDER BY "prospectId", at
), start AS (
  SELECT p.id AS "prospectId", CASE WHEN f."prospectId" IS NULL THEN p.grade ELSE f.grade END AS grade
    FROM prospect p LEFT JOIN first_since f ON f."prospectId" = p.id WHERE p."dealerId" = $1
), during AS (
  SELECT "prospectId", bool_or("toGrade" = 'O') AS to_o, bool_or("toGrade" IN ('H', 'A', 'O')) AS to_hao,
         bool_or("toGrade" = 'F') AS to_f, bool_or(${rank('"toGrade"')} < ${rank('"fromGrade"')}) AS down
    FROM since WHERE at < $3 GROUP BY "prospectId"
)`;

const LIVE = `('O', 'H', 'A', 'B', 'C', 'D')`;

/**
 * The grade-based counts without visiting every prospect's history: a prospect that has not changed since the
 * month began and was not delivered before it starts the month in its current grade, live unless F or W. So the
 * counts are those of every prospect by owner and current grade (an index-only scan), corrected for the few
 * `special` ones (changed since the month began, or delivered before it), whose start grade and month are read
 * from their recent changes (START_AND_DURING's reading). Also the month's new prospects (creation rows in it).
 */
export const PROSPECT_SQL = `
WITH since AS (
  SELECT g."prospectId", g.at, g."fromGrade", g."toGrade" FROM grade_change g WHERE g."dealerId" = $1 AND g.at >= $2
), changed AS (
  SELECT "prospectId", (array_agg("fromGrade" ORDER BY at))[1] AS grade,
         bool_or(at < $3 AND "toGrade" = 'O') AS to_o, bool_or(at < $3 AND "toGrade" IN ('H', 'A', 'O')) AS to_hao,
         bool_or(at < $3 AND "toGrade" = 'F') AS to_f,
         bool_or(at < $3 AND ${rank('"toGrade"')} < ${rank('"fromGrade"')}) AS down,
         bool_or(at < $3 AND "fromGrade" IS NULL) AS created,
         bool_or(at < $3 AND "fromGrade" IS NULL AND "toGrade" IN ('H', 'A')) AS created_ha
    FROM since GROUP BY "prospectId"
), delivered AS (
  SELECT cs."prospectId" FROM conversion_state cs WHERE cs."dealerId" = $1 AND cs."deliveredAt" < $2
), special AS (
  SELECT p."ownerId" AS uid, p.grade AS current, CASE WHEN c."prospectId" IS NULL THEN p.grade ELSE c.grade
    END AS grade,
         COALESCE(c.to_o, false) AS to_o, COALESCE(c.to_hao, false) AS to_hao, COALESCE(c.to_f, false) AS to_f,
         COALESCE(c.down, false) AS down, COALESCE(c.created, false) AS created,
           COALESCE(c.created_ha, false) AS created_ha,
         d."prospectId" IS NOT NULL AS delivered
    FROM changed c FULL JOIN delivered d ON d."prospectId" = c."prospectId"
    -- one primary-key lookup per special prospect (a few percent of the base), not a hash of every prospect:
    -- OFFSET 0 keeps the planner from flattening the lateral read into a join over the whole table
    CROSS JOIN LATERAL (SELECT q."ownerId", q.grade FROM prospect q
                         WHERE q.id = COALESCE(c."prospectId", d."prospectId") AND q."dealerId" = $1 OFFSET 0) p
), base AS (
  SELECT p."ownerId" AS uid, p.grade, count(*)::int AS n FROM prospect p WHERE p."dealerId" = $1 GROUP BY 1, 2
), signed AS (
  SELECT uid, n * (grade IN ('H', 'A'))::int AS ha, n * (grade IN ('B', 'C'))::int AS bc, n * (grade IN ${LIVE})::int AS
    live,
         0 AS ha_won, 0 AS bc_won, 0 AS downgraded, 0 AS churned, 0 AS created, 0 AS created_ha
    FROM base
  UNION ALL
  SELECT uid, -(current IN ('H', 'A'))::int, -(current IN ('B', 'C'))::int, -(current IN ${LIVE})::int, 0, 0, 0, 0, 0, 0
    FROM special
  UNION ALL
  SELECT uid, COALESCE(grade IN ('H', 'A'), false)::int, COALESCE(grade IN ('B', 'C'), false)::int,
         COALESCE(grade IN ${LIVE} AND NOT delivered, false)::int,
         COALESCE(grade IN ('H', 'A') AND to_o, false)::int, COALESCE(grade IN ('B', 'C') AND to_hao, false)::int,
         COALESCE(grade IN ${LIVE} AND NOT delivered AND down, false)::int,
         COALESCE(grade IN ${LIVE} AND NOT delivered AND to_f, false)::int, created::int, created_ha::int
    FROM special
)
SELECT uid, sum(ha)::int AS "haStart", sum(ha_won)::int AS "haWon", sum(bc)::int AS "bcStart", sum(bc_won)::int AS
  "bcWon",
       sum(live)::int AS "liveStart", sum(downgraded)::int AS downgraded, sum(churned)::int AS churned,
       sum(created)::int AS created, sum(created_ha)::int AS "createdHa"
  FROM signed GROUP BY GROUPING SETS ((uid), ())`;

export const LOSSES_SQL = `
SELECT la."consultantId" AS uid, count(*)::int AS losses, count(*)
  FILTER (WHERE la."overdueAtLoss")::int AS "lossesOverdue"
  FROM lost_analysis la WHERE la."dealerId" = $1 AND la."lostAt" >= $2 AND la."lostAt" < $3
 GROUP BY GROUPING SETS ((la."consultantId"), ())`;

/** Orders placed in the month: cars not cancelled (achievement), orders placed and cancelled (拒单率). */
export const ORDERS_SQL = `
SELECT o."consultantId" AS uid, COALESCE(sum(o.quantity) FILTER (WHERE o.status <> 'cancelled'), 0)::int AS
  "carsOrdered",
       count(*)::int AS placed, count(*) FILTER (WHERE o.status = 'cancelled')::int AS cancelled
  FROM sales_order o WHERE o."dealerId" = $1 AND o."orderDate" >= $4::date AND o."orderDate" < $5::date
 GROUP BY GROUPING SETS ((o."consultantId"), ())`;

/**
 * Record rate and visit-plan ingredients, per consultant (an event's leads count for the event's owner). A planned
 * visit is done when it was checked in (走访签到) on its planned date at the dealer (issue #22 §4).
 */
export const FIELD_WORK_SQL = `
WITH parts AS (
  SELECT v."consultantId" AS uid, v."leadsMet" AS met, 0 AS recorded, 0 AS visits, 0 AS planned
    FROM visit_record v WHERE v."dealerId" = $1 AND v."visitedOn" >= $4::date AND v."visitedOn" < $5::date
  UNION ALL
  SELECT v."consultantId", 0, 1, 0, 0 FROM prospect p JOIN visit_record v ON v.id = p."sourceVisitId"
   WHERE p."dealerId" = $1 AND v."dealerId" = $1 AND v."visitedOn" >= $4::date AND v."visitedOn" < $5::date
  UNION ALL
  SELECT e."ownerId", 1, (l."prospectId" IS NOT NULL)::int, 0, 0 FROM event_lead l JOIN sales_event e
    ON e.id = l."eventId"
   WHERE e."dealerId" = $1 AND COALESCE(e."heldOn", e."plannedDate") >= $4::date AND
     COALESCE(e."heldOn", e."plannedDate") < $5::date
  UNION ALL
  SELECT vp."consultantId", 0, 0, (c.id IS NOT NULL)::int, 1 FROM visit_plan vp
    LEFT JOIN visit_check_in c ON c."planId" = vp.id AND c."localDate" = vp."plannedDate"
   WHERE vp."dealerId" = $1 AND vp.month = $6
)
SELECT uid, sum(met)::int AS "leadsMet", sum(recorded)::int AS "leadsRecorded", sum(visits)::int AS "visitsCheckedIn",
       sum(planned)::int AS "visitsPlanned"
  FROM parts GROUP BY GROUPING SETS ((uid), ())`;

/** Callbacks done in the month: verified (accuracy) and reaching the customer, verified or incorrect (validity). */
export const CALLBACKS_SQL = `
SELECT c."ownerId" AS uid, count(*)::int AS done, count(*) FILTER (WHERE c.outcome = 'verified')::int AS verified,
       count(*) FILTER (WHERE c.outcome IN ('verified', 'incorrect'))::int AS reached
  FROM callback_check c WHERE c."dealerId" = $1 AND c."doneAt" >= $2 AND c."doneAt" < $3
 GROUP BY GROUPING SETS ((c."ownerId"), ())`;

/** The month's approved targets (decomposition, personal targets, lead plan) and the cars submitted. */
export const TARGETS_SQL = `
WITH decomposition AS (
  SELECT pl.id, pl.input FROM plan pl
   WHERE pl."dealerId" = $1 AND pl.kind = 'decomposition' AND pl.period = $6 AND pl.status = 'approved'
   ORDER BY pl.version DESC LIMIT 1
), lead AS (
  SELECT pl.result FROM plan pl
   WHERE pl."dealerId" = $1 AND pl.kind = 'lead' AND pl.period = $6 AND pl.status = 'approved'
   ORDER BY pl.version DESC LIMIT 1
)
SELECT NULL::uuid AS uid,
       COALESCE((SELECT (input->'targets'->>'orders')::int FROM decomposition), 0) AS "orderTarget",
       COALESCE((SELECT (input->'targets'->>'submissions')::int FROM decomposition), 0) AS "submissionTarget",
       COALESCE((SELECT sum((m->>'leadTarget')::int) FROM lead, jsonb_array_elements(lead.result->'models') m), 0)::int
         AS "leadTarget",
       COALESCE((SELECT sum((m->>'newHaTarget')::int) FROM lead, jsonb_array_elements(lead.result->'models') m), 0)::int
         AS "newHaTarget",
       (SELECT COALESCE(sum(s.quantity), 0) FROM system_submission s
         WHERE s."dealerId" = $1 AND s."submittedDate" >= $4::date
           AND s."submittedDate" < $5::date)::int AS "carsSubmitted"
UNION ALL
SELECT pt."consultantId", COALESCE((pt.targets->>'orders')::int, 0), 0, 0, 0, 0
  FROM personal_target pt JOIN decomposition d ON d.id = pt."planId"`;

export const SCORECARD_STATEMENTS = {
  prospects: PROSPECT_SQL,
  losses: LOSSES_SQL,
  orders: ORDERS_SQL,
  fieldWork: FIELD_WORK_SQL,
  callbacks: CALLBACKS_SQL,
  targets: TARGETS_SQL,
} as const;

/** Counts per person id, and under `dealer` the dealer's totals. */
export interface MonthIngredients {
  dealer: Record<string, number>;
  byUser: Map<string, Record<string, number>>;
}

export interface MonthParams {
  dealerId: string;
  from: Date;
  to: Date;
  fromDate: string;
  toDate: string;
  month: string;
}

export const monthArgs = (p: MonthParams) => [p.dealerId, p.from, p.to, p.fromDate, p.toDate, p.month];

/**
 * Declares the parameters' types in an unused CTE, so that a statement may leave some of them out
 * (PostgreSQL must know every parameter's type) and always takes the same argument list.
 */
export function typed(sql: string, extra = ''): string {
  const params = `_params AS (SELECT $1::uuid, $2::timestamptz, $3::timestamptz, $4::date, $5::date, $6::text${extra})`;
  const body = sql.trim();
  return /^WITH\s/i.test(body) ? `WITH ${params},${body.slice(4)}` : `WITH ${params} ${body}`;
}

/** Runs every statement (in parallel on the pool) and folds the rows into per-person and dealer counts. */
export async function loadMonthIngredients(db: Queryable, p: MonthParams): Promise<MonthIngredients> {
  const args = monthArgs(p);
  const results = await Promise.all(
    Object.values(SCORECARD_STATEMENTS).map((sql) => runStatement(db, typed(sql), args)),
  );
  const out: MonthIngredients = { dealer: {}, byUser: new Map() };
  for (const rows of results) {
    for (const { uid, ...counts } of rows) {
      if (uid === null) {
        // TARGETS_SQL's dealer row has uid null; the personal-target rows only carry orderTarget.
        for (const [k, v] of Object.entries(counts)) out.dealer[k] = (out.dealer[k] ?? 0) + Number(v);
      } else {
        const rec = out.byUser.get(uid) ?? {};
        for (const [k, v] of Object.entries(counts)) rec[k] = (rec[k] ?? 0) + Number(v);
        out.byUser.set(uid, rec);
      }
    }
  }
  return out;
}
