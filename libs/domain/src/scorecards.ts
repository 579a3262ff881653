// The KPI scorecards of manual §3 as policy data: which KPIs each role is assessed on, with which
// weight (percent, summing to 100) and which goal. The arithmetic (score, total) is @kaflow/kpi's;
// this file holds only the catalogue, the manual's defaults and their validation. Pure, no I/O.
import type { FieldProblem } from './tasks';

/**
 * Every KPI a scorecard can name. `direction` tells whether a higher value is better; `scope` whether
 * the figure is the person's own records (a consultant's prospects, orders, visits, callbacks) or the
 * whole dealer's (the managers are assessed on the dealer's figures).
 */
export const SCORECARD_KPIS = {
  orderAchievement: { zh: '订单目标达成率', en: 'Order target achievement', direction: 'higher', scope: 'person' },
  newHaRatio: { zh: '新增线索/新增H/A比例', en: 'New H/A among new leads', direction: 'higher', scope: 'person' },
  recordRate: { zh: '留档率', en: 'Record rate', direction: 'higher', scope: 'person' },
  informationAccuracy: {
    zh: '客户信息准确率',
    en: 'Customer information accuracy',
    direction: 'higher',
    scope: 'person',
  },
  visitPlanCompletion: { zh: '走访计划完成率', en: 'Visit plan completion', direction: 'higher', scope: 'person' },
  lostUncontrolledRatio: { zh: '战败失控比例', en: 'Lost while overdue', direction: 'lower', scope: 'person' },
  downgradeRate: { zh: '降级率', en: 'Downgrade rate', direction: 'lower', scope: 'person' },
  kaTargetAchievement: {
    zh: '大用户目标达成率',
    en: 'Key-account target achievement',
    direction: 'higher',
    scope: 'dealer',
  },
  haConversion: { zh: 'H/A转化率', en: 'H/A conversion', direction: 'higher', scope: 'dealer' },
  bcConversion: { zh: 'B/C转化率', en: 'B/C conversion', direction: 'higher', scope: 'dealer' },
  haShare: { zh: '新增H/A占比', en: 'H/A share of new prospects', direction: 'higher', scope: 'dealer' },
  orderRejectionRate: { zh: '拒单率', en: 'Order rejection rate', direction: 'lower', scope: 'dealer' },
  newLeadAchievement: {
    zh: '新增线索目标达成率',
    en: 'New lead target achievement',
    direction: 'higher',
    scope: 'dealer',
  },
  newHaAchievement: {
    zh: '新增H/A线索目标达成率',
    en: 'New H/A target achievement',
    direction: 'higher',
    scope: 'dealer',
  },
  submissionAchievement: {
    zh: '系统提报目标达成率',
    en: 'System submission achievement',
    direction: 'higher',
    scope: 'dealer',
  },
  churnRate: { zh: '客户流失率', en: 'Customer churn rate', direction: 'lower', scope: 'dealer' },
  dealerRecordRate: { zh: '留档率（全店）', en: 'Record rate (dealer)', direction: 'higher', scope: 'dealer' },
  dealerInformationAccuracy: {
    zh: '信息准确率（全店）',
    en: 'Information accuracy (dealer)',
    direction: 'higher',
    scope: 'dealer',
  },
  informationValidity: { zh: '信息有效率', en: 'Information validity', direction: 'higher', scope: 'dealer' },
} as const;

export type ScorecardKpiKey = keyof typeof SCORECARD_KPIS;
export const SCORECARD_KPI_KEYS = Object.keys(SCORECARD_KPIS) as ScorecardKpiKey[];

/** The roles manual §3 assesses (the GM's and the sales director's card are the same slide). */
export const SCORECARD_ROLES = [
  'consultant',
  'ka_manager',
  'sales_director',
  'gm',
  'marketing_director',
  'cs_manager',
] as const;
export type ScorecardRole = (typeof SCORECARD_ROLES)[number];

/** One line of a role's card: weight in percent (0 = watched, 关注: shown, not scored); goal = the value worth 100%. */
export interface ScorecardLine {
  key: ScorecardKpiKey;
  weight: number;
  goal: number;
}

export interface ScorecardPolicy {
  /** Attainment (value ÷ goal) is capped here before it is weighted: 1.2 = at most 120% of a line's weight. */
  cap: number;
  roles: Record<ScorecardRole, ScorecardLine[]>;
}

const gmCard = (): ScorecardLine[] => [
  { key: 'newLeadAchievement', weight: 20, goal: 1 },
  { key: 'newHaAchievement', weight: 10, goal: 1 },
  { key: 'submissionAchievement', weight: 20, goal: 1 },
  { key: 'churnRate', weight: 10, goal: 0.1 },
  { key: 'haConversion', weight: 10, goal: 0.3 },
  { key: 'bcConversion', weight: 10, goal: 0.15 },
  { key: 'dealerRecordRate', weight: 20, goal: 1 },
];

/**
 * The manual's slide, read as follows (the readings libs/kpi documents):
 * - consultant: the five weighted lines as printed (30/30/10/10/20); 战败失控比例 and 降级率 watched (0).
 * - key-account manager: the slide's second block (4 × 10%) plus the key-account target achievement,
 *   which the slide names without a weight: it takes the remaining 60%.
 * - GM / sales director: the printed 20/10/20/10 = 60%; the remaining 40% goes to what the slide lists
 *   as watched (conversion rates: H/A 10, B/C 10; record rate 20).
 * - marketing director: new leads and new H/A, 50/50; H/A share of new prospects watched.
 * - customer-service manager: information accuracy and information validity, 50/50.
 */
export const DEFAULT_SCORECARDS: ScorecardPolicy = {
  cap: 1.2,
  roles: {
    consultant: [
      { key: 'orderAchievement', weight: 30, goal: 1 },
      { key: 'newHaRatio', weight: 30, goal: 0.3 },
      { key: 'recordRate', weight: 10, goal: 1 },
      { key: 'informationAccuracy', weight: 10, goal: 1 },
      { key: 'visitPlanCompletion', weight: 20, goal: 1 },
      { key: 'lostUncontrolledRatio', weight: 0, goal: 0.1 },
      { key: 'downgradeRate', weight: 0, goal: 0.1 },
    ],
    ka_manager: [
      { key: 'kaTargetAchievement', weight: 60, goal: 1 },
      { key: 'haConversion', weight: 10, goal: 0.3 },
      { key: 'bcConversion', weight: 10, goal: 0.15 },
      { key: 'haShare', weight: 10, goal: 0.3 },
      { key: 'orderRejectionRate', weight: 10, goal: 0.05 },
    ],
    sales_director: gmCard(),
    gm: gmCard(),
    marketing_director: [
      { key: 'newLeadAchievement', weight: 50, goal: 1 },
      { key: 'newHaAchievement', weight: 50, goal: 1 },
      { key: 'haShare', weight: 0, goal: 0.3 },
    ],
    cs_manager: [
      { key: 'dealerInformationAccuracy', weight: 50, goal: 1 },
      { key: 'informationValidity', weight: 50, goal: 1 },
    ],
  },
};

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Validates one role's card: known KPI keys, no repeats, weights 0–100 summing to 100, goals in (0, 1]
 * (a lower-is-better goal below 1).
 */
export function validateScorecardLines(
  field: string,
  lines: unknown,
): { lines: ScorecardLine[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(lines) || lines.length === 0) {
    return { lines: [], problems: [{ field, problem: 'must be a non-empty list of { key, weight, goal? }' }] };
  }
  const out: ScorecardLine[] = [];
  const seen = new Set<string>();
  lines.forEach((l: unknown, i: number) => {
    const f = `${field}[${i}]`;
    if (!isObj(l)) return problems.push({ field: f, problem: 'must be an object { key, weight, goal? }' });
    const unknownFields = Object.keys(l).filter((k) => !['key', 'weight', 'goal'].includes(k));
    if (unknownFields.length)
      problems.push({ field: `${f}.${unknownFields[0]}`, problem: 'unknown field; a line has key, weight, goal' });
    const key = l.key;
    if (typeof key !== 'string' || !(key in SCORECARD_KPIS)) {
      return problems.push({ field: `${f}.key`, problem: `unknown KPI; known: ${SCORECARD_KPI_KEYS.join(', ')}` });
    }
    if (seen.has(key)) problems.push({ field: `${f}.key`, problem: 'this KPI is already on the card' });
    seen.add(key);
    const weight = l.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 100) {
      problems.push({ field: `${f}.weight`, problem: 'must be a number of percent from 0 to 100' });
    }
    const lower = SCORECARD_KPIS[key as ScorecardKpiKey].direction === 'lower';
    const fallback = DEFAULT_GOALS[key as ScorecardKpiKey];
    const goal = l.goal === undefined ? fallback : l.goal;
    if (typeof goal !== 'number' || !Number.isFinite(goal) || goal <= 0 || goal > 1 || (lower && goal >= 1)) {
      problems.push({
        field: `${f}.goal`,
        problem: lower ? 'must be a rate above 0 and below 1' : 'must be a rate above 0 and at most 1',
      });
    }
    out.push({ key: key as ScorecardKpiKey, weight: weight as number, goal: goal as number });
  });
  if (problems.length === 0) {
    const sum = out.reduce((s, l) => s + l.weight, 0);
    if (Math.abs(sum - 100) > 1e-9)
      problems.push({ field, problem: `weights must sum to 100 (percent); they sum to ${sum}` });
  }
  return { lines: out, problems };
}

/** Merges a `scorecards` patch (`{ cap?, roles?: { <role>: lines } }`; a role's list replaces its card). */
export function mergeScorecards(
  current: ScorecardPolicy,
  patch: unknown,
): { scorecards: ScorecardPolicy; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const next: ScorecardPolicy = JSON.parse(JSON.stringify(current));
  if (!isObj(patch))
    return { scorecards: next, problems: [{ field: 'scorecards', problem: 'must be an object { cap?, roles? }' }] };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'cap') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 1 || v > 3)
        problems.push({ field: 'scorecards.cap', problem: 'must be a number from 1 to 3' });
      else next.cap = v;
    } else if (k === 'roles') {
      if (!isObj(v)) {
        problems.push({ field: 'scorecards.roles', problem: 'must be an object of KPI lists per role' });
        continue;
      }
      for (const [role, lines] of Object.entries(v)) {
        const field = `scorecards.roles.${role}`;
        if (!(SCORECARD_ROLES as readonly string[]).includes(role)) {
          problems.push({ field, problem: `roles with a scorecard: ${SCORECARD_ROLES.join(', ')}` });
          continue;
        }
        const r = validateScorecardLines(field, lines);
        problems.push(...r.problems);
        if (r.problems.length === 0) next.roles[role as ScorecardRole] = r.lines;
      }
    } else problems.push({ field: `scorecards.${k}`, problem: 'unknown field; scorecards has cap and roles' });
  }
  return { scorecards: next, problems };
}

/** The goal a line gets when a policy names a KPI without one. */
export const DEFAULT_GOALS: Record<ScorecardKpiKey, number> = Object.fromEntries(
  SCORECARD_KPI_KEYS.map((k) => {
    const found = Object.values(DEFAULT_SCORECARDS.roles)
      .flat()
      .find((l) => l.key === k);
    return [k, found?.goal ?? (SCORECARD_KPIS[k].direction === 'lower' ? 0.1 : 1)];
  }),
) as Record<ScorecardKpiKey, number>;
