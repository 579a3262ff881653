// The queries behind the forms that had no view before (附件 5, 11, 12): the live base per model at the
// month's start and end from the grade history, the grading entry counts, and every callback of the
// month with its rectification, read in pages (keyset) so a long month never sits in memory.
import type { DataSource } from 'typeorm';
import type { BaseInventorySource, CallbackSource, GradeCounts, GradeEntrySource } from '@kaflow/forms';

export interface FormScope {
  dealerId: string;
  /** A consultant's forms cover only their own prospects. */
  ownerId: string | null;
  from: Date;
  to: Date;
}

const LADDER = ['O', 'H', 'A', 'B', 'C', 'D'];
const RANK = `CASE %s WHEN 'O' THEN 6 WHEN 'H' THEN 5 WHEN 'A' THEN 4 WHEN 'B' THEN 3
  WHEN 'C' THEN 2 WHEN 'D' THEN 1 END`;
const rank = (x: string) => RANK.replace('%s', x);

// $1 dealer, $2 month start, $3 month end (instants), $4 owner or null
const BASE = `
WITH p AS (SELECT id, model FROM prospect WHERE "dealerId" = $1 AND ($4::uuid IS NULL OR "ownerId" = $4::uuid)),
at_start AS (SELECT DISTINCT ON (g."prospectId") g."prospectId" AS id, g."toGrade" AS grade FROM grade_change g
              WHERE g."dealerId" = $1 AND g.at < $2 ORDER BY g."prospectId", g.at DESC, g.id DESC),
at_end AS (SELECT DISTINCT ON (g."prospectId") g."prospectId" AS id, g."toGrade" AS grade FROM grade_change g
            WHERE g."dealerId" = $1 AND g.at < $3 ORDER BY g."prospectId", g.at DESC, g.id DESC),
moves AS (SELECT g."prospectId" AS id, g."fromGrade" AS f, g."toGrade" AS t FROM grade_change g
           WHERE g."dealerId" = $1 AND g.at >= $2 AND g.at < $3),
delivered AS (SELECT "prospectId" AS id, "deliveredAt" AS at FROM conversion_state WHERE "dealerId" = $1
  AND "deliveredAt" IS NOT NULL)`;

const INVENTORY_SQL = `${BASE}
SELECT p.model, 'start' AS k, s.grade AS g, count(*)::int AS n FROM p JOIN at_start s ON s.id = p.id
  LEFT JOIN delivered d ON d.id = p.id WHERE (d.at IS NULL OR d.at >= $2) GROUP BY p.model, s.grade
UNION ALL
SELECT p.model, 'end', e.grade, count(*)::int FROM p JOIN at_end e ON e.id = p.id
  LEFT JOIN delivered d ON d.id = p.id WHERE (d.at IS NULL OR d.at >= $3) GROUP BY p.model, e.grade
UNION ALL
SELECT p.model, CASE WHEN m.f IS NULL THEN 'created' WHEN ${rank('m.t')} > ${rank('m.f')} THEN 'upgrades'
                     WHEN ${rank('m.t')} < ${rank('m.f')} THEN 'downgrades' END, '', count(*)::int
  FROM p JOIN moves m ON m.id = p.id GROUP BY 1, 2
UNION ALL
SELECT p.model, CASE m.t WHEN 'F' THEN 'lost' ELSE 'ordered' END, '', count(*)::int FROM p JOIN moves m ON m.id = p.id
 WHERE m.t = 'F' OR (m.t = 'O' AND m.f IS DISTINCT FROM 'O') GROUP BY 1, 2
UNION ALL
SELECT p.model, 'delivered', '', count(*)::int FROM p JOIN delivered d ON d.id = p.id WHERE d.at >= $2 AND d.at < $3
  GROUP BY 1`;

const ENTRY_SQL = `${BASE}
SELECT s.grade AS g, 'start' AS k, count(*)::int AS n FROM p JOIN at_start s ON s.id = p.id GROUP BY 1
UNION ALL SELECT e.grade, 'end', count(*)::int FROM p JOIN at_end e ON e.id = p.id GROUP BY 1
UNION ALL SELECT m.t, 'entered', count(*)::int FROM p JOIN moves m ON m.id = p.id WHERE m.f IS DISTINCT FROM m.t
  GROUP BY 1`;

const zero = (): GradeCounts => ({ O: 0, H: 0, A: 0, B: 0, C: 0, D: 0 });
const args = (s: FormScope) => [s.dealerId, s.from, s.to, s.ownerId];

export async function baseInventory(db: DataSource, s: FormScope): Promise<BaseInventorySource[]> {
  const rows: Array<{ model: string; k: string; g: string; n: number }> = await db.query(INVENTORY_SQL, args(s));
  const byModel = new Map<string, BaseInventorySource>();
  for (const r of rows) {
    let m = byModel.get(r.model);
    if (!m) {
      m = {
        model: r.model,
        start: zero(),
        end: zero(),
        created: 0,
        upgrades: 0,
        downgrades: 0,
        lost: 0,
        ordered: 0,
        delivered: 0,
      };
      byModel.set(r.model, m);
    }
    if (r.k === 'start' || r.k === 'end') {
      if (LADDER.includes(r.g)) m[r.k][r.g as keyof GradeCounts] += r.n;
    } else if (r.k) (m as any)[r.k] += r.n;
  }
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

export async function gradeEntries(db: DataSource, s: FormScope): Promise<GradeEntrySource[]> {
  const rows: Array<{ g: string; k: 'start' | 'end' | 'entered'; n: number }> = await db.query(ENTRY_SQL, args(s));
  const out = new Map<string, GradeEntrySource>();
  for (const g of [...LADDER, 'F']) out.set(g, { grade: g, start: 0, entered: 0, end: 0 });
  for (const r of rows) {
    const e = out.get(r.g);
    if (e) e[r.k] += r.n;
  }
  return [...out.values()];
}

const CALLBACK_PAGE = 1000;
/** Who decided the check's task of one kind (the call, the rectification, the verification call), and for whom when a
 *  substitute (代理) did: the newest such decision of the check's workflow. */
const decider = (alias: string, which: string) => `
  LEFT JOIN LATERAL (SELECT b."displayName" AS "by", o."displayName" AS "onBehalfOf" FROM task t
                      JOIN app_user b ON b.id = t."decidedBy" LEFT JOIN app_user o ON o.id = t."decidedOnBehalfOf"
                      WHERE t."workflowId" = c."workflowId" AND t.status = 'done' AND ${which}
                      ORDER BY t."decidedAt" DESC LIMIT 1) ${alias} ON true`;
const VERIFICATION = `COALESCE(t.payload->>'verification', 'false') = 'true'`;
const CALLBACK_SQL = `
SELECT c."workflowId", c."createdAt", c."createdAt"::text AS "cursorAt", a.name AS account, ct.name AS contact,
  ct.phone, p.model, p.grade, u."displayName" AS consultant,
       c."dueAt", c."doneAt", c."onTime", c.outcome, c.corrections, c.status, c."verificationOutcome",
       r.status AS "rectificationStatus", r."originalDueAt" AS "rectificationDueAt",
       to_jsonb(cb) AS "calledBy", to_jsonb(fx) AS "fixedBy", to_jsonb(vf) AS "verifiedBy"
  FROM callback_check c JOIN prospect p ON p.id = c."prospectId" JOIN account a ON a.id = p."accountId"
  JOIN contact ct ON ct.id = p."contactId" JOIN app_user u ON u.id = c."ownerId"
  LEFT JOIN LATERAL (SELECT t.status, t."originalDueAt" FROM task t
                      WHERE t."dealerId" = c."dealerId" AND t.kind = 'rectification'
                        AND t."subjectId" = c."prospectId"::text
                      ORDER BY t."createdAt" DESC LIMIT 1) r ON true
  ${decider('cb', `t.kind = 'callback' AND NOT ${VERIFICATION}`)}
  ${decider('fx', `t.kind = 'rectification'`)}
  ${decider('vf', `t.kind = 'callback' AND ${VERIFICATION}`)}
 WHERE c."dealerId" = $1 AND c."createdAt" >= $2 AND c."createdAt" < $3 AND ($4::uuid IS NULL OR c."ownerId" = $4::uuid)
   AND (c."createdAt", c."workflowId") > ($5::timestamptz, $6::text)
 ORDER BY c."createdAt", c."workflowId" LIMIT ${CALLBACK_PAGE}`;

/** Every callback check recorded in the month, oldest first, a page at a time. */
export async function* callbacks(db: DataSource, s: FormScope): AsyncIterable<CallbackSource> {
  let after: [string, string] = ['1970-01-01T00:00:00Z', ''];
  for (;;) {
    const rows: any[] = await db.query(CALLBACK_SQL, [...args(s), after[0], after[1]]);
    for (const r of rows) {
      yield {
        account: r.account,
        contact: r.contact,
        phone: r.phone,
        model: r.model,
        grade: r.grade,
        consultant: r.consultant,
        recordedAt: r.createdAt,
        dueAt: r.dueAt,
        doneAt: r.doneAt,
        onTime: r.onTime,
        outcome: r.outcome,
        corrections: r.corrections,
        rectificationStatus: r.rectificationStatus,
        rectificationDueAt: r.rectificationDueAt,
        verificationOutcome: r.verificationOutcome,
        status: r.status,
        calledBy: r.calledBy,
        fixedBy: r.fixedBy,
        verifiedBy: r.verifiedBy,
      };
    }
    if (rows.length < CALLBACK_PAGE) return;
    const last = rows[rows.length - 1];
    after = [last.cursorAt, last.workflowId];
  }
}
