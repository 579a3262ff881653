// The readings behind the key-account manager's, the director's / GM's and the region's homes, counted by
// PostgreSQL from the same definitions as the reports and scorecards:
// - targets: the approved rolling plan of a month (its `next`, as the plan-accuracy KPI reads it), the annual
//   plan's month (the seasonal line), the approved decomposition's personal lines;
// - actuals: salesHistory / byConsultantBetween (sales-history.ts, sales-breakdown.ts);
// - prospects: current grade and owner as the prospects list filters them (grade, ownerId, hot, overdue =
//   next follow-up due before now); moves: the grade history's changes within the month;
// - tasks: open rows of the task table; "overdue" = due before now, "escalated" = moved up the chain at least once.
import { addMonths } from '@kaflow/calendar';
import { salesHistory, checkMonth, num, type Db } from '../sales-history';
import { byConsultantBetween } from '../sales-breakdown';

export interface Measures {
  orders: number;
  aak: number;
  submissions: number;
}
export interface MonthFigures {
  month: string;
  /** The approved rolling plan's figures for the month; null without one. */
  target: Measures | null;
  /** The sales records; null for a month that has not begun. */
  actual: Measures | null;
  /** The approved annual plan's month (its seasonal split); null without one. */
  seasonal: Measures | null;
}

const pick = (x: any): Measures => ({ orders: num(x?.orders), aak: num(x?.aak), submissions: num(x?.submissions) });

/** The approved rolling plans' month targets for months from..to ('YYYY-MM'), latest approved version each. */
export async function rollingTargets(db: Db, dealerIds: string[], from: string, to: string) {
  const rows: Array<{ dealerId: string; period: string; next: any }> = await db.query(
    `SELECT DISTINCT ON ("dealerId", period) "dealerId", period, result->'next' AS next FROM plan
      WHERE "dealerId" = ANY($1::uuid[]) AND kind = 'rolling' AND status = 'approved' AND period >= $2 AND period <= $3
      ORDER BY "dealerId", period, version DESC`,
    [dealerIds, from, to],
  );
  return new Map(rows.map((r) => [`${r.dealerId}:${r.period}`, pick(r.next)]));
}

/** Every month of the year: target, actual (through `current`), and the annual plan's seasonal line. */
export async function yearByMonth(db: Db, dealerId: string, year: number, current: string): Promise<MonthFigures[]> {
  const from = `${year}-01`;
  const to = `${year}-12`;
  const [history, targets, [annual]] = await Promise.all([
    salesHistory(db, dealerId, from, to),
    rollingTargets(db, [dealerId], from, to),
    db.query(
      `SELECT result FROM plan WHERE "dealerId" = $1 AND kind = 'annual' AND period = $2 AND status = 'approved'
        ORDER BY version DESC LIMIT 1`,
      [dealerId, String(year)],
    ),
  ]);
  const seasonal = new Map<string, Measures>(
    ((annual?.result?.months ?? []) as Array<{ month: string }>).map((m) => [m.month, pick(m)]),
  );
  return history.map((h) => ({
    month: h.month,
    target: targets.get(`${dealerId}:${h.month}`) ?? null,
    actual: h.month <= current ? pick(h) : null,
    seasonal: seasonal.get(h.month) ?? null,
  }));
}

/** One month's target (approved rolling plan) and actual per dealer, for the region's side-by-side view. */
export async function dealersMonth(
  db: Db,
  dealerIds: string[],
  month: string,
): Promise<Array<{ dealerId: string; target: Measures | null; actual: Measures }>> {
  checkMonth('month', month);
  const targets = await rollingTargets(db, dealerIds, month, month);
  const out = [];
  for (const id of dealerIds) {
    const [h] = await salesHistory(db, id, month, month);
    out.push({ dealerId: id, target: targets.get(`${id}:${month}`) ?? null, actual: pick(h) });
  }
  return out;
}

export interface Funnel {
  /** Prospects by current grade (every grade, zeros included, in the vocabulary's order). */
  byGrade: Array<{ grade: string; count: number }>;
  /** Changes between grades within [from, to), creations (from null) left out. */
  moves: Array<{ from: string; to: string; count: number }>;
}

const GRADE_ORDER = ['O', 'H', 'A', 'B', 'C', 'W', 'D', 'F'];

/** The prospects by grade per dealer, and the month's moves between grades. */
export async function gradeFunnels(db: Db, dealerIds: string[], from: Date, to: Date): Promise<Map<string, Funnel>> {
  const [grades, moves]: [Array<{ dealerId: string; grade: string; n: number }>, any[]] = await Promise.all([
    db.query(
      `SELECT "dealerId", grade, count(*)::int AS n FROM prospect WHERE "dealerId" = ANY($1::uuid[]) GROUP BY 1, 2`,
      [dealerIds],
    ),
    db.query(
      `SELECT "dealerId", "fromGrade" AS "from", "toGrade" AS "to", count(*)::int AS n FROM grade_change
        WHERE "dealerId" = ANY($1::uuid[]) AND at >= $2 AND at < $3 AND "fromGrade" IS NOT NULL
          AND "fromGrade" <> "toGrade"
        GROUP BY 1, 2, 3`,
      [dealerIds, from, to],
    ),
  ]);
  const out = new Map<string, Funnel>();
  for (const id of dealerIds) {
    const mine = grades.filter((g) => g.dealerId === id);
    out.set(id, {
      byGrade: GRADE_ORDER.map((grade) => ({ grade, count: mine.find((g) => g.grade === grade)?.n ?? 0 })),
      moves: moves
        .filter((m) => m.dealerId === id)
        .map((m) => ({ from: m.from as string, to: m.to as string, count: Number(m.n) }))
        .sort(
          (a, b) =>
            GRADE_ORDER.indexOf(a.from) - GRADE_ORDER.indexOf(b.from) ||
            GRADE_ORDER.indexOf(a.to) - GRADE_ORDER.indexOf(b.to),
        ),
    });
  }
  return out;
}

export interface TeamRow {
  userId: string;
  displayName: string;
  /** The approved decomposition's personal line for the month; null without one. */
  target: Measures | null;
  actual: Measures;
  overdueFollowUps: number;
  hotCustomers: number;
  openTasks: number;
}

/** Each active consultant: personal target and actual of the month, overdue follow-ups, hot customers, open tasks. */
export async function teamTable(db: Db, dealerId: string, month: string, now: Date): Promise<TeamRow[]> {
  checkMonth('month', month);
  const [people, actuals, [decomposition], counts] = await Promise.all([
    db.query(
      `SELECT id, "displayName" FROM app_user WHERE "dealerId" = $1 AND active AND 'consultant' = ANY(roles)
        ORDER BY "displayName", id`,
      [dealerId],
    ) as Promise<Array<{ id: string; displayName: string }>>,
    byConsultantBetween(db, dealerId, `${month}-01`, `${addMonths(month, 1)}-01`),
    db.query(
      `SELECT result FROM plan WHERE "dealerId" = $1 AND kind = 'decomposition' AND period = $2 AND status = 'approved'
        ORDER BY version DESC LIMIT 1`,
      [dealerId, month],
    ),
    db.query(
      `SELECT u.id,
              (SELECT count(*)::int FROM prospect p WHERE p."dealerId" = $1 AND p."ownerId" = u.id
                AND p."nextFollowUpDue" < $2) AS overdue,
              (SELECT count(*)::int FROM prospect p WHERE p."dealerId" = $1 AND p."ownerId" = u.id AND p.hot) AS hot,
              (SELECT count(*)::int FROM task t WHERE t."dealerId" = $1 AND t."assigneeUserId" = u.id
                AND t.status = 'open') AS tasks
         FROM app_user u WHERE u."dealerId" = $1 AND u.active AND 'consultant' = ANY(u.roles)`,
      [dealerId, now],
    ) as Promise<Array<{ id: string; overdue: number; hot: number; tasks: number }>>,
  ]);
  const lines = (decomposition?.result?.byConsultant ?? []) as Array<{ consultantId: string } & Measures>;
  return people.map((p) => {
    const c = counts.find((x) => x.id === p.id);
    const line = lines.find((l) => l.consultantId === p.id);
    return {
      userId: p.id,
      displayName: p.displayName,
      target: line ? pick(line) : null,
      actual: pick(actuals.find((a) => a.consultantId === p.id)),
      overdueFollowUps: c?.overdue ?? 0,
      hotCustomers: c?.hot ?? 0,
      openTasks: c?.tasks ?? 0,
    };
  });
}

/** Whose tasks a reading covers: one person's inbox (assigned to them or to one of their roles). */
export interface TaskScope {
  userId: string;
  roles: string[];
}

/** Open tasks of the scope by kind: how many, how many overdue, how many escalated at least once. */
export async function openTasksByKind(
  db: Db,
  dealerId: string,
  scope: TaskScope,
  now: Date,
): Promise<Array<{ kind: string; open: number; overdue: number; escalated: number }>> {
  const rows: Array<{ kind: string; open: number; overdue: number; escalated: number }> = await db.query(
    `SELECT kind, count(*)::int AS open, (count(*) FILTER (WHERE "dueAt" < $4))::int AS overdue,
            (count(*) FILTER (WHERE "escalationLevel" > 0))::int AS escalated
       FROM task WHERE "dealerId" = $1 AND status = 'open' AND ("assigneeUserId" = $2 OR "assigneeRole" = ANY($3))
      GROUP BY kind ORDER BY kind`,
    [dealerId, scope.userId, scope.roles, now],
  );
  return rows;
}

export interface TaskLine {
  id: string;
  kind: string;
  title: string;
  dueAt: Date;
  escalationLevel: number;
  assignee: string | null;
}

/** The scope's open tasks, soonest due first (the "waits for my decision" list). */
export async function myOpenTasks(db: Db, dealerId: string, scope: TaskScope, limit: number): Promise<TaskLine[]> {
  return db.query(
    `SELECT t.id, t.kind, t.title, t."dueAt", t."escalationLevel", COALESCE(u."displayName", t."assigneeRole") AS
       assignee
       FROM task t LEFT JOIN app_user u ON u.id = t."assigneeUserId"
      WHERE t."dealerId" = $1 AND t.status = 'open' AND (t."assigneeUserId" = $2 OR t."assigneeRole" = ANY($3))
      ORDER BY t."dueAt", t.id LIMIT $4`,
    [dealerId, scope.userId, scope.roles, limit],
  );
}

/** The dealer's open tasks falling due in [now, until): each escalates one step up its chain when missed. */
export async function escalationsDue(db: Db, dealerId: string, now: Date, until: Date, limit: number) {
  return db.query(
    `SELECT t.id, t.kind, t.title, t."dueAt", t."escalationLevel", COALESCE(u."displayName", t."assigneeRole") AS
       assignee
       FROM task t LEFT JOIN app_user u ON u.id = t."assigneeUserId"
      WHERE t."dealerId" = $1 AND t.status = 'open' AND t."dueAt" >= $2 AND t."dueAt" < $3
      ORDER BY t."dueAt", t.id LIMIT $4`,
    [dealerId, now, until, limit],
  ) as Promise<TaskLine[]>;
}
