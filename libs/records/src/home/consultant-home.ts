// The consultant's home (今日工作), read in one go: follow-ups due today and overdue (prospect.nextFollowUpDue,
// the follow-up schedule's due date), hot customers with the month's follow-ups, W records still to grade,
// open tasks (as the inbox lists them), visits planned for today, and the month: personal target and orders
// (the scorecards' TARGETS_SQL / ORDERS_SQL) and the H/A/B/C/O pipeline behind them.
import { HOT_CUSTOMER_WHERE, HOT_FOLLOW_UPS_IN_MONTH } from './hot-customers';
import { ORDERS_SQL, TARGETS_SQL, monthArgs, typed, type Queryable } from '../scorecards/scorecards.query';

/** A home's day at the dealer: now, today and this month, as dates and as instants (both homes read them). */
export interface HomeDay {
  dealerId: string;
  now: Date;
  /** Today at the dealer ('YYYY-MM-DD') and its bounds as instants. */
  today: string;
  dayStart: Date;
  /** The end of today (the start of tomorrow): a follow-up due by the end of today is stored as this instant. */
  dayEnd: Date;
  month: string;
  monthFrom: Date;
  monthTo: Date;
  monthFromDate: string;
  monthToDate: string;
}

export interface ConsultantHomeParams extends HomeDay {
  consultantId: string;
  /** The consultant's roles: the open tasks are those assigned to them or to one of their roles (the inbox). */
  roles: string[];
  /** The policy's follow-ups a month for a hot customer. */
  hotTarget: number;
}

export const PIPELINE_GRADES = ['H', 'A', 'B', 'C', 'O'] as const;
/** How many rows each list carries at most (the counts are always complete). */
export const HOME_LIST_LIMIT = 50;

export interface AgendaRow {
  prospectId: string;
  account: string;
  contact: string;
  phone: string;
  model: string;
  quantity: number;
  grade: string;
  hot: boolean;
  dueAt: Date;
  overdue: boolean;
}

export interface ConsultantHome {
  today: string;
  month: string;
  followUps: { dueToday: number; overdue: number; items: AgendaRow[] };
  hot: {
    target: number;
    customers: number;
    behind: number;
    items: Array<{
      prospectId: string;
      account: string;
      grade: string;
      followUps: number;
      nextFollowUpDue: Date | null;
    }>;
  };
  toGrade: { count: number; items: Array<{ prospectId: string; account: string; model: string; createdAt: Date }> };
  tasks: {
    open: number;
    overdue: number;
    items: Array<{ id: string; kind: string; title: string; dueAt: Date; overdue: boolean }>;
  };
  visitsToday: {
    count: number;
    items: Array<{ id: string; accountName: string | null; purpose: string | null; done: boolean }>;
  };
  myMonth: {
    orderTarget: number | null;
    ordersSoFar: number;
    pipeline: Record<(typeof PIPELINE_GRADES)[number], number>;
  };
}

// $1 dealer, $2 consultant, $3 now, $4 end of today (instant), $5 limit
const AGENDA_SQL = `
SELECT p.id AS "prospectId", a.name AS account, c.name AS contact, c.phone, p.model, p.quantity, p.grade, p.hot,
       p."nextFollowUpDue" AS "dueAt", p."nextFollowUpDue" < $3 AS overdue
  FROM prospect p JOIN account a ON a.id = p."accountId" JOIN contact c ON c.id = p."contactId"
 WHERE p."dealerId" = $1 AND p."ownerId" = $2 AND p."nextFollowUpDue" <= $4
 ORDER BY p."nextFollowUpDue", p.id LIMIT $5`;
const AGENDA_COUNTS_SQL = `
SELECT count(*) FILTER (WHERE p."nextFollowUpDue" < $3)::int AS overdue,
       count(*) FILTER (WHERE p."nextFollowUpDue" >= $3)::int AS "dueToday"
  FROM prospect p WHERE p."dealerId" = $1 AND p."ownerId" = $2 AND p."nextFollowUpDue" <= $4`;

// $1 dealer, $2/$3 month instants, $4 consultant, $5 model (null)
const HOT_SQL = `
SELECT p.id AS "prospectId", a.name AS account, p.grade, ${HOT_FOLLOW_UPS_IN_MONTH}::int AS "followUps",
       p."nextFollowUpDue"
  FROM prospect p JOIN account a ON a.id = p."accountId"
 WHERE ${HOT_CUSTOMER_WHERE} ORDER BY a.name, p.id`;

// $1 dealer, $2 consultant, $3 limit
const TO_GRADE_SQL = `
SELECT p.id AS "prospectId", a.name AS account, p.model, p."createdAt", count(*) OVER ()::int AS n
  FROM prospect p JOIN account a ON a.id = p."accountId"
 WHERE p."dealerId" = $1 AND p."ownerId" = $2 AND p.grade = 'W' ORDER BY p."createdAt", p.id LIMIT $3`;

// $1 dealer, $2 user, $3 roles, $4 now, $5 limit: the inbox's open tasks of the person
const TASKS_SQL = `
SELECT t.id, t.kind, t.title, t."dueAt", t."dueAt" < $4 AS overdue, count(*) OVER ()::int AS n,
       count(*) FILTER (WHERE t."dueAt" < $4) OVER ()::int AS late
  FROM task t WHERE t."dealerId" = $1 AND t.status = 'open' AND (t."assigneeUserId" = $2 OR t."assigneeRole" = ANY($3))
 ORDER BY t."dueAt", t.id LIMIT $5`;

// $1 dealer, $2 consultant, $3 today
const VISITS_SQL = `
SELECT vp.id, COALESCE(vp."accountName", a.name) AS "accountName", vp.purpose,
       EXISTS (SELECT 1 FROM visit_record v WHERE v."planId" = vp.id) AS done
  FROM visit_plan vp LEFT JOIN account a ON a.id = vp."accountId"
 WHERE vp."dealerId" = $1 AND vp."consultantId" = $2 AND vp."plannedDate" = $3::date ORDER BY vp."createdAt", vp.id`;

// $1 dealer, $2 consultant: live prospects (not delivered, not lost) by current grade
const PIPELINE_SQL = `
SELECT p.grade, count(*)::int AS n FROM prospect p
 WHERE p."dealerId" = $1 AND p."ownerId" = $2 AND p.grade IN ('H', 'A', 'B', 'C', 'O')
   AND NOT EXISTS (SELECT 1 FROM conversion_state s WHERE s."prospectId" = p.id AND s.status <> 'live')
 GROUP BY p.grade`;

export async function readConsultantHome(db: Queryable, p: ConsultantHomeParams): Promise<ConsultantHome> {
  const month = monthArgs({
    dealerId: p.dealerId,
    from: p.monthFrom,
    to: p.monthTo,
    fromDate: p.monthFromDate,
    toDate: p.monthToDate,
    month: p.month,
  });
  const [agenda, [counts], hot, toGrade, tasks, visits, pipeline, orders, targets] = await Promise.all([
    db.query(AGENDA_SQL, [p.dealerId, p.consultantId, p.now, p.dayEnd, HOME_LIST_LIMIT]),
    db.query(AGENDA_COUNTS_SQL, [p.dealerId, p.consultantId, p.now, p.dayEnd]),
    db.query(HOT_SQL, [p.dealerId, p.monthFrom, p.monthTo, p.consultantId, null]),
    db.query(TO_GRADE_SQL, [p.dealerId, p.consultantId, HOME_LIST_LIMIT]),
    db.query(TASKS_SQL, [p.dealerId, p.consultantId, p.roles, p.now, HOME_LIST_LIMIT]),
    db.query(VISITS_SQL, [p.dealerId, p.consultantId, p.today]),
    db.query(PIPELINE_SQL, [p.dealerId, p.consultantId]),
    db.query(typed(ORDERS_SQL), month),
    db.query(typed(TARGETS_SQL), month),
  ]);
  const mine = <T>(rows: Array<T & { uid: string | null }>): T[] => rows.filter((r) => r.uid === p.consultantId);
  const target = mine<{ orderTarget: number }>(targets);
  const ordered = mine<{ carsOrdered: number }>(orders);
  const byGrade = new Map<string, number>(pipeline.map((r: { grade: string; n: number }) => [r.grade, r.n]));
  return {
    today: p.today,
    month: p.month,
    followUps: {
      dueToday: counts.dueToday,
      overdue: counts.overdue,
      items: agenda as AgendaRow[],
    },
    hot: {
      target: p.hotTarget,
      customers: hot.length,
      behind: hot.filter((h: { followUps: number }) => h.followUps < p.hotTarget).length,
      items: hot,
    },
    toGrade: {
      count: toGrade[0]?.n ?? 0,
      items: toGrade.map(
        ({ n: _n, ...r }: { n: number; prospectId: string; account: string; model: string; createdAt: Date }) => r,
      ),
    },
    tasks: {
      open: tasks[0]?.n ?? 0,
      overdue: tasks[0]?.late ?? 0,
      items: tasks.map(({ n: _n, late: _l, ...r }: any) => r),
    },
    visitsToday: { count: visits.length, items: visits },
    myMonth: {
      orderTarget: target.length ? target.reduce((s, r) => s + Number(r.orderTarget), 0) : null,
      ordersSoFar: ordered.reduce((s, r) => s + Number(r.carsOrdered), 0),
      pipeline: Object.fromEntries(
        PIPELINE_GRADES.map((g) => [g, byGrade.get(g) ?? 0]),
      ) as ConsultantHome['myMonth']['pipeline'],
    },
  };
}
