// The records behind one KPI's numerator and denominator (drill-down): each row says what it adds to each
// (`num`, `den`), so Σ num and Σ den are the scorecard's figures. Parameters as scorecards.query.ts, plus
// $7 the person (null for a dealer-scoped KPI).
import type { ScorecardKpiKey } from '@kaflow/domain';
import { START_AND_DURING } from './scorecards.query';

const WHO = (col: string) => `($7::uuid IS NULL OR ${col} = $7::uuid)`;

export type DrilldownLang = 'zh' | 'en';
/** The words of the records' descriptions (constants of ours, written into the statement as SQL literals). */
const WORDS = {
  zh: {
    cancelled: '（已取消）',
    open: '（',
    close: '）',
    start: '月初 ',
    recordedFromVisit: '走访留档：',
    leadPlan: '集客计划 v',
    leadTarget: '集客目标',
    newHaTarget: '新增H/A目标',
    personalTarget: (v: string) => `'个人目标（分解计划 v' || ${v} || '）'`,
    decomposition: (v: string, what: 'orders' | 'submissions') =>
      `'分解计划 v' || ${v} || '${what === 'orders' ? ' 订单目标' : ' 提报目标'}'`,
    outcomes: { verified: '属实', incorrect: '信息有误', unreachable: '无法联系', denied: '客户否认' },
  },
  en: {
    cancelled: ' (cancelled)',
    open: ' (',
    close: ')',
    start: 'start ',
    recordedFromVisit: 'recorded from visit: ',
    leadPlan: 'lead plan v',
    leadTarget: 'lead target',
    newHaTarget: 'new H/A target',
    personalTarget: (v: string) => `'personal target (decomposition v' || ${v} || ')'`,
    decomposition: (v: string, what: 'orders' | 'submissions') => `'decomposition v' || ${v} || ' ${what}'`,
    outcomes: { verified: 'verified', incorrect: 'incorrect', unreachable: 'unreachable', denied: 'denied' },
  },
};
type Words = (typeof WORDS)[DrilldownLang];
const outcomeLabel = (w: Words, col: string) =>
  `CASE ${col} ${Object.entries(w.outcomes)
    .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
    .join(' ')} ELSE COALESCE(${col}, '') END`;

const DECOMPOSITION = `(SELECT pl.id, pl.input, pl.version FROM plan pl WHERE pl."dealerId" = $1
  AND pl.kind = 'decomposition'
  AND pl.period = $6 AND pl.status = 'approved' ORDER BY pl.version DESC LIMIT 1)`;
const LEAD = `(SELECT pl.id, pl.result, pl.version FROM plan pl WHERE pl."dealerId" = $1 AND pl.kind = 'lead'
  AND pl.period = $6 AND pl.status = 'approved' ORDER BY pl.version DESC LIMIT 1)`;

const orders = (w: Words, num: string, den: string) => `
SELECT 'order' AS type, o.id::text AS id, o."orderDate"::text AS at,
       o."orderNo" || ' ' || o.model || ' ×' || o.quantity || CASE WHEN o.status = 'cancelled' THEN '${w.cancelled}'
         ELSE '' END AS description,
       ${num} AS num, ${den} AS den
  FROM sales_order o WHERE o."dealerId" = $1 AND o."orderDate" >= $4::date AND o."orderDate" < $5::date
    AND ${WHO('o."consultantId"')}`;

const ORDERED = `CASE WHEN o.status <> 'cancelled' THEN o.quantity ELSE 0 END`;

const created = (w: Words, num: string, den: string) => `
SELECT 'prospect' AS type, p.id::text AS id, g.at::text AS at, a.name || ' ' || p.model || '${w.open}' || g."toGrade" ||
  '${w.close}' AS description,
       ${num} AS num, ${den} AS den
  FROM grade_change g JOIN prospect p ON p.id = g."prospectId" JOIN account a ON a.id = p."accountId"
 WHERE g."dealerId" = $1 AND g.at >= $2 AND g.at < $3 AND g."fromGrade" IS NULL AND ${WHO('p."ownerId"')}`;
const CREATED_HA = `(g."toGrade" IN ('H', 'A'))::int`;

const leadTarget = (w: Words, field: 'leadTarget' | 'newHaTarget') => `
SELECT 'lead_plan' AS type, l.id::text AS id, NULL AS at, '${w.leadPlan}' || l.version || ' ${w[field]}' AS description,
  0 AS num,
       (SELECT COALESCE(sum((m->>'${field}')::int), 0) FROM jsonb_array_elements(l.result->'models') m)::int AS den
  FROM ${LEAD} l`;

/** Prospects with their grade at the month's start and what happened in it. */
const startGrades = (w: Words, num: string, den: string) => `
WITH ${START_AND_DURING}, changes AS (
  SELECT "prospectId", string_agg(COALESCE("fromGrade", '') || '→' || "toGrade", ', ' ORDER BY at) AS changes
    FROM since WHERE at < $3 GROUP BY "prospectId"
), x AS (
  SELECT p.id, a.name, p.model, s.grade, COALESCE(d.to_o, false) AS to_o, COALESCE(d.to_hao, false) AS to_hao,
         COALESCE(d.to_f, false) AS to_f, COALESCE(d.down, false) AS down, ch.changes,
         s.grade IN ('O', 'H', 'A', 'B', 'C', 'D') AND NOT COALESCE(cs."deliveredAt" < $2, false) AS live
    FROM start s JOIN prospect p ON p.id = s."prospectId" JOIN account a ON a.id = p."accountId"
    LEFT JOIN during d ON d."prospectId" = s."prospectId" LEFT JOIN conversion_state cs
      ON cs."prospectId" = s."prospectId"
    LEFT JOIN changes ch ON ch."prospectId" = s."prospectId"
   WHERE s.grade IS NOT NULL AND ${WHO('p."ownerId"')}
)
SELECT 'prospect' AS type, x.id::text AS id, NULL AS at,
       x.name || ' ' || x.model || '${w.open}${w.start}' || x.grade || COALESCE('; ' || x.changes, '') || '${w.close}'
         AS description,
       (${num})::int AS num, (${den})::int AS den
  FROM x WHERE ${den}`;

const fieldWork = (w: Words, visitNum: string, visitDen: string, planDen: boolean, events: boolean) => `
SELECT 'visit' AS type, v.id::text AS id, v."visitedOn"::text AS at, COALESCE(v."accountName", '') || ' ' || v.summary
  AS description,
       ${visitNum} AS num, ${visitDen} AS den
  FROM visit_record v WHERE v."dealerId" = $1 AND v."visitedOn" >= $4::date AND v."visitedOn" < $5::date
    AND ${WHO('v."consultantId"')}
${
  events
    ? `UNION ALL
SELECT 'visit_lead' AS type, p.id::text, v."visitedOn"::text, '${w.recordedFromVisit}' || a.name, 1, 0
  FROM prospect p JOIN visit_record v ON v.id = p."sourceVisitId" JOIN account a ON a.id = p."accountId"
 WHERE p."dealerId" = $1 AND v."dealerId" = $1 AND v."visitedOn" >= $4::date AND v."visitedOn" < $5::date
   AND ${WHO('v."consultantId"')}
UNION ALL
SELECT 'event_lead' AS type, l.id::text, COALESCE(e."heldOn", e."plannedDate")::text, e.name || ': ' || l.name,
       (l."prospectId" IS NOT NULL)::int, 1
  FROM event_lead l JOIN sales_event e ON e.id = l."eventId"
 WHERE e."dealerId" = $1 AND COALESCE(e."heldOn", e."plannedDate") >= $4::date
   AND COALESCE(e."heldOn", e."plannedDate") < $5::date AND ${WHO('e."ownerId"')}`
    : ''
}
${
  planDen
    ? `UNION ALL
SELECT 'visit_plan' AS type, vp.id::text, vp."plannedDate"::text, COALESCE(vp."accountName", '') || ' ' ||
  COALESCE(vp.purpose, ''), (c.id IS NOT NULL)::int, 1
  FROM visit_plan vp LEFT JOIN visit_check_in c ON c."planId" = vp.id AND c."localDate" = vp."plannedDate"
 WHERE vp."dealerId" = $1 AND vp.month = $6 AND ${WHO('vp."consultantId"')}`
    : ''
}`;

const callbacks = (w: Words, num: string) => `
SELECT 'callback' AS type, c."workflowId" AS id, c."doneAt"::text AS at, a.name || ' ' ||
  ${outcomeLabel(w, 'c.outcome')} AS description,
       ${num} AS num, 1 AS den
  FROM callback_check c JOIN prospect p ON p.id = c."prospectId" JOIN account a ON a.id = p."accountId"
 WHERE c."dealerId" = $1 AND c."doneAt" >= $2 AND c."doneAt" < $3 AND ${WHO('c."ownerId"')}`;

const drilldown = (w: Words): Record<ScorecardKpiKey, string> => ({
  orderAchievement: `${orders(w, ORDERED, '0')} UNION ALL
SELECT 'personal_target', pt.id::text, NULL, ${w.personalTarget('d.version')}, 0,
  COALESCE((pt.targets->>'orders')::int, 0)
  FROM personal_target pt JOIN ${DECOMPOSITION} d ON d.id = pt."planId" WHERE pt."consultantId" = $7::uuid`,
  newHaRatio: created(w, CREATED_HA, '1'),
  recordRate: fieldWork(w, '0', 'v."leadsMet"', false, true),
  informationAccuracy: callbacks(w, `(c.outcome = 'verified')::int`),
  visitPlanCompletion: fieldWork(w, '0', '0', true, false),
  lostUncontrolledRatio: `
SELECT 'lost_analysis' AS type, la.id::text AS id, la."lostAt"::text AS at, a.name || ' ' || la.model AS description,
       la."overdueAtLoss"::int AS num, 1 AS den
  FROM lost_analysis la JOIN prospect p ON p.id = la."prospectId" JOIN account a ON a.id = p."accountId"
 WHERE la."dealerId" = $1 AND la."lostAt" >= $2 AND la."lostAt" < $3 AND ${WHO('la."consultantId"')}`,
  downgradeRate: startGrades(w, 'live AND down', 'live'),
  kaTargetAchievement: `${orders(w, ORDERED, '0')} UNION ALL
SELECT 'decomposition_plan', d.id::text, NULL, ${w.decomposition('d.version', 'orders')}, 0,
  COALESCE((d.input->'targets'->>'orders')::int, 0)
  FROM ${DECOMPOSITION} d`,
  haConversion: startGrades(w, `grade IN ('H', 'A') AND to_o`, `grade IN ('H', 'A')`),
  bcConversion: startGrades(w, `grade IN ('B', 'C') AND to_hao`, `grade IN ('B', 'C')`),
  haShare: created(w, CREATED_HA, '1'),
  orderRejectionRate: orders(w, `(o.status = 'cancelled')::int`, '1'),
  newLeadAchievement: `${created(w, '1', '0')} UNION ALL ${leadTarget(w, 'leadTarget')}`,
  newHaAchievement: `${created(w, CREATED_HA, '0')} UNION ALL ${leadTarget(w, 'newHaTarget')}`,
  submissionAchievement: `
SELECT 'submission' AS type, s.id::text AS id, s."submittedDate"::text AS at, s.model || ' ×' || s.quantity AS
  description,
       s.quantity AS num, 0 AS den
  FROM system_submission s WHERE s."dealerId" = $1 AND s."submittedDate" >= $4::date AND s."submittedDate" < $5::date
   AND $7::uuid IS NULL
UNION ALL
SELECT 'decomposition_plan', d.id::text, NULL, ${w.decomposition('d.version', 'submissions')}, 0,
       COALESCE((d.input->'targets'->>'submissions')::int, 0) FROM ${DECOMPOSITION} d`,
  churnRate: startGrades(w, 'live AND to_f', 'live'),
  dealerRecordRate: fieldWork(w, '0', 'v."leadsMet"', false, true),
  dealerInformationAccuracy: callbacks(w, `(c.outcome = 'verified')::int`),
  informationValidity: callbacks(w, `(c.outcome IN ('verified', 'incorrect'))::int`),
});

/** Each KPI's drill-down statement, in each language of its descriptions. */
export const DRILLDOWN_SQL: Record<DrilldownLang, Record<ScorecardKpiKey, string>> = {
  zh: drilldown(WORDS.zh),
  en: drilldown(WORDS.en),
};
