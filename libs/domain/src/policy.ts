// A dealer's SLA policy (docs/user-guide.md, deadlines): every duration, reminder point and escalation chain.
// Tests run the same workflows with a policy of seconds.
import { CUSTOMER_TYPES, GRADES, ROLES, type Grade, type Role } from './enums';
import type { FieldProblem } from './tasks';
import { DEFAULT_SCORECARDS, mergeScorecards, type ScorecardPolicy } from './scorecards';
import { durationProblem, isoDurationMs, isPlainObject, validTimezone } from './policy-values';

export { isoDurationMs };

/** An ISO-8601 duration (`P7D`, `PT20S`) or a count of working days. */
export type PolicyDuration = string | { workingDays: number };

export const DURATION_KEYS = [
  'callback',
  'rectification',
  'dailyCheck',
  'planReview',
  'planSignoff',
  'targetConfirmation',
  'weeklyReview',
  'lostAnalysis',
  'followUpGrace',
  'planDraft',
  'visitPlan',
  'overdueFollowup',
  'trainingRequest',
  'calendarLoad',
] as const;
export type DurationKey = (typeof DURATION_KEYS)[number];

/** Who keeps a prospect's follow-up schedule (ARCHITECTURE.md, the grain of the follow-ups): one follow-up workflow
 *  per prospect, or the dealer's daily sweep over the due times kept in SQL. */
export const FOLLOW_UP_GRAINS = ['prospect', 'sweep'] as const;
export type FollowUpGrain = (typeof FOLLOW_UP_GRAINS)[number];

export interface DealerPolicy {
  timezone: string;
  reminderAt: number;
  escalationChains: Record<string, Role[]>;
  durations: Record<DurationKey, PolicyDuration> & Record<string, PolicyDuration>;
  followUpCadence: Record<Exclude<Grade, 'W' | 'F'>, PolicyDuration>;
  hotFollowUpsPerMonth: number;
  /** Planning: month of the year whose first working day starts next year's annual plan. */
  annualPlanMonth: number;
  /** A weekly-progress line is a gap when actual < this share of the pro-rated target. */
  weeklyGapThreshold: number;
  /** Closed months the historical rates (lead plan, decomposition weights) are computed from. */
  rateLookbackMonths: number;
  /** Shares of next month's targets per customer type (decomposition); normalised when applied. */
  customerTypeShares: Record<string, number>;
  /** Weights of the consultant split: last months' achievement, own H/A count, own remaining orders. */
  consultantWeights: { achievement: number; haOnHand: number; remainingOrders: number };
  /** KPI scorecards per role (manual §3): lines of { key, weight %, goal } and the attainment cap. */
  scorecards: ScorecardPolicy;
  /** P6: a consultant whose expected orders fall short of the personal target by more than this share
   *  of it gets a training request (销售能力评估). */
  capabilityGapThreshold: number;
  /** The month's forecast (docs/user-guide.md "Forecast"): closed months its grade-to-order rates are measured on,
   *  the observations of a grade a model needs for its own rate (else the dealer's), and the early warning's margin:
   *  a share of the target the forecast's P50 may fall short by before the key-account manager is warned. */
  forecast: ForecastPolicy;
  /** P6: one follow-up workflow per prospect ('prospect'), or the dealer's per-day sweep ('sweep'). */
  followUpGrain: FollowUpGrain;
  /** P6, sweep grain: the day's sweep wakes at most once per bucket (ISO duration, 1 second to 1 hour; PT15M). */
  followUpSweepBucket: string;
}

export interface ForecastPolicy {
  lookbackMonths: number;
  minObservations: number;
  warningMargin: number;
}

export const DEFAULT_POLICY: DealerPolicy = {
  timezone: 'Asia/Shanghai',
  reminderAt: 0.75,
  escalationChains: {
    default: ['consultant', 'ka_manager', 'sales_director', 'gm'],
    customer_service: ['cs_agent', 'cs_manager', 'sales_director', 'gm'],
    calendar: ['sysadmin', 'admin'], // next year's holiday notice: the platform admin, then the home dealer's admin
  },
  durations: {
    callback: 'P7D',
    rectification: { workingDays: 3 },
    dailyCheck: 'PT9H',
    planReview: { workingDays: 2 },
    planSignoff: { workingDays: 1 },
    targetConfirmation: { workingDays: 2 },
    weeklyReview: { workingDays: 1 },
    lostAnalysis: { workingDays: 1 },
    followUpGrace: { workingDays: 1 },
    planDraft: { workingDays: 1 },
    visitPlan: { workingDays: 3 },
    overdueFollowup: { workingDays: 1 },
    trainingRequest: { workingDays: 5 },
    calendarLoad: { workingDays: 15 }, // from the first working day of November: before December
  },
  followUpCadence: { H: 'P3D', A: 'P7D', B: 'P14D', C: 'P30D', D: 'P60D', O: 'P7D' },
  hotFollowUpsPerMonth: 4,
  annualPlanMonth: 12,
  weeklyGapThreshold: 0.9,
  rateLookbackMonths: 3,
  customerTypeShares: {
    general: 0.2,
    government: 0.15,
    hotel_airline: 0.1,
    enterprise: 0.3,
    leasing: 0.15,
    historical: 0.05,
    employee: 0.05,
  },
  consultantWeights: { achievement: 0.4, haOnHand: 0.4, remainingOrders: 0.2 },
  scorecards: DEFAULT_SCORECARDS,
  capabilityGapThreshold: 0.2,
  forecast: { lookbackMonths: 6, minObservations: 30, warningMargin: 0.1 },
  followUpGrain: 'prospect',
  followUpSweepBucket: 'PT15M',
};

/**
 * Merges a partial policy over the current one, field by field, and validates the result.
 * Unknown fields are refused so a typo never silently does nothing.
 */
export function mergePolicy(current: DealerPolicy, patch: unknown): { policy: DealerPolicy; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const policy: DealerPolicy = JSON.parse(JSON.stringify(current));
  if (!isPlainObject(patch)) return { policy, problems: [{ field: '(body)', problem: 'must be a JSON object' }] };
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case 'timezone':
        if (typeof value !== 'string' || !validTimezone(value))
          problems.push({ field: 'timezone', problem: 'must be an IANA time zone such as Asia/Shanghai' });
        else policy.timezone = value;
        break;
      case 'reminderAt':
        if (typeof value !== 'number' || !(value > 0 && value < 1))
          problems.push({ field: 'reminderAt', problem: 'must be a number between 0 and 1 (exclusive)' });
        else policy.reminderAt = value;
        break;
      case 'hotFollowUpsPerMonth':
        if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 31)
          problems.push({ field: 'hotFollowUpsPerMonth', problem: 'must be a whole number from 1 to 31' });
        else policy.hotFollowUpsPerMonth = value as number;
        break;
      case 'escalationChains':
        if (!isPlainObject(value)) {
          problems.push({ field: key, problem: 'must be an object of role lists' });
          break;
        }
        for (const [name, chain] of Object.entries(value)) {
          const field = `escalationChains.${name}`;
          if (!Array.isArray(chain) || chain.length === 0)
            problems.push({ field, problem: 'must be a non-empty list of roles' });
          else if (chain.some((r) => !(ROLES as readonly string[]).includes(r)))
            problems.push({ field, problem: `roles must be among ${ROLES.join(', ')}` });
          else if (new Set(chain).size !== chain.length) problems.push({ field, problem: 'must not repeat a role' });
          else policy.escalationChains[name] = chain as Role[];
        }
        break;
      case 'durations':
        if (!isPlainObject(value)) {
          problems.push({ field: key, problem: 'must be an object of durations' });
          break;
        }
        for (const [name, d] of Object.entries(value)) {
          const field = `durations.${name}`;
          if (!(DURATION_KEYS as readonly string[]).includes(name)) {
            problems.push({ field, problem: `unknown duration; known: ${DURATION_KEYS.join(', ')}` });
            continue;
          }
          const p = durationProblem(field, d);
          if (p) problems.push(p);
          else policy.durations[name] = d as PolicyDuration;
        }
        break;
      case 'followUpCadence':
        if (!isPlainObject(value)) {
          problems.push({ field: key, problem: 'must be an object of durations per grade' });
          break;
        }
        for (const [grade, d] of Object.entries(value)) {
          const field = `followUpCadence.${grade}`;
          if (!(GRADES as readonly string[]).includes(grade) || grade === 'W' || grade === 'F') {
            problems.push({ field, problem: 'grade must be one of O H A B C D' });
            continue;
          }
          const p = durationProblem(field, d);
          if (p) problems.push(p);
          else (policy.followUpCadence as Record<string, PolicyDuration>)[grade] = d as PolicyDuration;
        }
        break;
      case 'annualPlanMonth':
        if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 12)
          problems.push({ field: key, problem: 'must be a month number from 1 to 12' });
        else policy.annualPlanMonth = value as number;
        break;
      case 'weeklyGapThreshold':
        if (typeof value !== 'number' || !(value > 0 && value <= 1))
          problems.push({ field: key, problem: 'must be a number above 0 and at most 1' });
        else policy.weeklyGapThreshold = value;
        break;
      case 'capabilityGapThreshold':
        if (typeof value !== 'number' || !(value >= 0 && value < 1))
          problems.push({ field: key, problem: 'must be a number from 0 up to (not including) 1' });
        else policy.capabilityGapThreshold = value;
        break;
      case 'rateLookbackMonths':
        if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 24)
          problems.push({ field: key, problem: 'must be a whole number from 1 to 24' });
        else policy.rateLookbackMonths = value as number;
        break;
      case 'customerTypeShares': {
        if (!isPlainObject(value)) {
          problems.push({ field: key, problem: 'must be an object of shares per customer type' });
          break;
        }
        const next: Record<string, number> = {};
        for (const [type, share] of Object.entries(value)) {
          const field = `customerTypeShares.${type}`;
          if (!(CUSTOMER_TYPES as readonly string[]).includes(type))
            problems.push({ field, problem: `customer type must be one of ${CUSTOMER_TYPES.join(', ')}` });
          else if (typeof share !== 'number' || !Number.isFinite(share) || share < 0)
            problems.push({ field, problem: 'must be a non-negative number' });
          else next[type] = share;
        }
        if (Object.values(next).length > 0 && !Object.values(next).some((v) => v > 0))
          problems.push({ field: key, problem: 'must not be all zero' });
        else if (Object.keys(next).length > 0) policy.customerTypeShares = next;
        break;
      }
      case 'consultantWeights': {
        if (!isPlainObject(value)) {
          problems.push({ field: key, problem: 'must be { achievement, haOnHand, remainingOrders }' });
          break;
        }
        const next = { ...policy.consultantWeights };
        for (const [name, w] of Object.entries(value)) {
          const field = `consultantWeights.${name}`;
          if (!['achievement', 'haOnHand', 'remainingOrders'].includes(name))
            problems.push({ field, problem: 'must be achievement, haOnHand or remainingOrders' });
          else if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
            problems.push({ field, problem: 'must be a non-negative number' });
          else (next as Record<string, number>)[name] = w;
        }
        if (next.achievement + next.haOnHand + next.remainingOrders <= 0)
          problems.push({ field: key, problem: 'must not be all zero' });
        else policy.consultantWeights = next;
        break;
      }
      case 'forecast': {
        if (!isPlainObject(value)) {
          problems.push({ field: key, problem: 'must be { lookbackMonths, minObservations, warningMargin }' });
          break;
        }
        const next = { ...policy.forecast };
        for (const [name, v] of Object.entries(value)) {
          const field = `forecast.${name}`;
          if (name === 'lookbackMonths' || name === 'minObservations') {
            const [lo, hi] = name === 'lookbackMonths' ? [1, 24] : [0, 1000];
            if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi)
              problems.push({ field, problem: `must be a whole number from ${lo} to ${hi}` });
            else next[name] = v as number;
          } else if (name === 'warningMargin') {
            if (typeof v !== 'number' || !(v >= 0 && v < 1))
              problems.push({ field, problem: 'must be a number from 0 up to (not including) 1' });
            else next.warningMargin = v;
          } else problems.push({ field, problem: 'must be lookbackMonths, minObservations or warningMargin' });
        }
        policy.forecast = next;
        break;
      }
      case 'followUpGrain':
        if (!(FOLLOW_UP_GRAINS as readonly unknown[]).includes(value))
          problems.push({ field: key, problem: `must be one of ${FOLLOW_UP_GRAINS.join(', ')}` });
        else policy.followUpGrain = value as FollowUpGrain;
        break;
      case 'followUpSweepBucket': {
        const ms = typeof value === 'string' ? isoDurationMs(value) : null;
        if (ms === null || ms < 1000 || ms > 3_600_000)
          problems.push({ field: key, problem: 'must be an ISO-8601 duration from PT1S to PT1H, such as PT15M' });
        else policy.followUpSweepBucket = value as string;
        break;
      }
      case 'scorecards': {
        const r = mergeScorecards(policy.scorecards, value);
        problems.push(...r.problems);
        if (r.problems.length === 0) policy.scorecards = r.scorecards;
        break;
      }
      default:
        problems.push({ field: key, problem: 'unknown policy field' });
    }
  }
  for (const required of ['default', 'customer_service']) {
    if (!policy.escalationChains[required])
      problems.push({ field: `escalationChains.${required}`, problem: 'this chain must exist' });
  }
  return { policy, problems };
}
