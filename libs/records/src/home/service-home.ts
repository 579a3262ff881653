// Customer service's home (cs_manager, cs_agent): the dealer's callbacks due (客服回访 tasks), the rectifications
// still open (整改项, counted as the record-keeping report counts them) and the month's information accuracy
// (the scorecards' CALLBACKS_SQL: verified / done, the figure of the record-keeping report and the scorecard).
import { CALLBACKS_SQL, monthArgs, typed, type Queryable } from '../scorecards/scorecards.query';
import { HOME_LIST_LIMIT, type HomeDay } from './consultant-home';

export type ServiceHomeParams = HomeDay;

export interface ServiceHome {
  today: string;
  month: string;
  callbacks: {
    open: number;
    dueToday: number;
    overdue: number;
    items: Array<{ id: string; title: string; dueAt: Date; overdue: boolean; prospectId: string }>;
  };
  rectifications: {
    open: number;
    overdue: number;
    items: Array<{
      id: string;
      title: string;
      dueAt: Date;
      overdue: boolean;
      prospectId: string | null;
      assignee: string | null;
    }>;
  };
  accuracy: { numerator: number; denominator: number; value: number | null };
}

// $1 dealer, $2 now, $3/$4 today's bounds, $5 limit
const CALLBACKS_DUE_SQL = `
SELECT t.id, t.title, t."dueAt", t."dueAt" < $2 AS overdue, t."subjectId" AS "prospectId",
       count(*) OVER ()::int AS n, count(*) FILTER (WHERE t."dueAt" < $2) OVER ()::int AS late,
       count(*) FILTER (WHERE t."dueAt" >= $2 AND t."dueAt" < $4) OVER ()::int AS today
  FROM task t WHERE t."dealerId" = $1 AND t.kind = 'callback' AND t.status = 'open' AND $3::timestamptz IS NOT NULL
 ORDER BY t."dueAt", t.id LIMIT $5`;

// $1 dealer, $2 now, $3 limit. Overdue as the record-keeping report says: past the first due time.
const RECTIFICATIONS_SQL = `
SELECT t.id, t.title, t."dueAt", t."originalDueAt" < $2 AS overdue,
       CASE WHEN t."subjectType" = 'prospect' THEN t."subjectId" END AS "prospectId", u."displayName" AS assignee,
       count(*) OVER ()::int AS n, count(*) FILTER (WHERE t."originalDueAt" < $2) OVER ()::int AS late
  FROM task t LEFT JOIN app_user u ON u.id = t."assigneeUserId"
 WHERE t."dealerId" = $1 AND t.kind = 'rectification' AND t.status = 'open'
 ORDER BY t."originalDueAt", t.id LIMIT $3`;

export async function readServiceHome(db: Queryable, p: ServiceHomeParams): Promise<ServiceHome> {
  const month = monthArgs({
    dealerId: p.dealerId,
    from: p.monthFrom,
    to: p.monthTo,
    fromDate: p.monthFromDate,
    toDate: p.monthToDate,
    month: p.month,
  });
  const [callbacks, rectifications, checks] = await Promise.all([
    db.query(CALLBACKS_DUE_SQL, [p.dealerId, p.now, p.dayStart, p.dayEnd, HOME_LIST_LIMIT]),
    db.query(RECTIFICATIONS_SQL, [p.dealerId, p.now, HOME_LIST_LIMIT]),
    db.query(typed(CALLBACKS_SQL), month),
  ]);
  const dealer = checks.find((r: { uid: string | null }) => r.uid === null) ?? { verified: 0, done: 0 };
  const numerator = Number(dealer.verified);
  const denominator = Number(dealer.done);
  return {
    today: p.today,
    month: p.month,
    callbacks: {
      open: callbacks[0]?.n ?? 0,
      dueToday: callbacks[0]?.today ?? 0,
      overdue: callbacks[0]?.late ?? 0,
      items: callbacks.map(({ n: _n, late: _l, today: _t, ...r }: any) => r),
    },
    rectifications: {
      open: rectifications[0]?.n ?? 0,
      overdue: rectifications[0]?.late ?? 0,
      items: rectifications.map(({ n: _n, late: _l, ...r }: any) => r),
    },
    accuracy: {
      numerator,
      denominator,
      value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
    },
  };
}
