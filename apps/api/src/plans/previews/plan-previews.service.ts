// The stateless planning previews: the pure arithmetic of libs/planning behind the HTTP contract.
// Bodies are raw JSON: unknown fields are refused (like the global whitelist pipe does for DTOs),
// then the validate* function of each part names every field at fault; nothing is written.
import { Injectable } from '@nestjs/common';
import type { FieldProblem } from '@kaflow/domain';
import {
  annualPlan,
  decomposePlan,
  leadPlan,
  PlanningInputError,
  rollingPlan,
  validateAnnualInput,
  validateDecompositionInput,
  validateLeadInput,
  validateRollingInput,
  validateWeeklyInput,
  weeklyProgress,
  type AnnualPlan,
  type AnnualPlanInput,
  type Decomposition,
  type DecompositionInput,
  type LeadPlan,
  type LeadPlanInput,
  type RollingPlan,
  type RollingPlanInput,
  type WeeklyProgress,
  type WeeklyProgressInput,
} from '@kaflow/planning';
import { badRequest } from '../../common/domain-error';

/**
 * The allowed fields of a body: `true` = any value, `'record'` = an object with free keys, `[shape]` = a list of
 * shape.
 */
type Shape = true | 'record' | { [key: string]: Shape } | [Shape];

const TARGETS: Shape = { orders: true, aak: true, submissions: true };
const SHAPES = {
  annual: {
    year: true,
    targets: TARGETS,
    seasonalIndex: true,
    orderConversionRate: true,
    licensingRates: true,
    openingBacklog: true,
    openingPendingSubmissions: true,
  },
  rolling: {
    year: true,
    month: true,
    annualTargets: TARGETS,
    seasonalIndex: true,
    orderConversionRate: true,
    licensingRates: true,
    actuals: [{ month: true, orders: true, aak: true, submissions: true }],
    backlog: true,
    pendingSubmissions: true,
    nextMonthStock: true,
  },
  decomposition: {
    month: true,
    targets: TARGETS,
    models: [{ model: true, haOnHand: true, stock: true }],
    modelWeights: { haOnHand: true, stock: true },
    customerTypeShares: 'record',
    channelShares: { new: true, repeat: true },
    consultants: [{ consultantId: true, name: true, achievement: true, haOnHand: true, remainingOrders: true }],
    consultantWeights: { achievement: true, haOnHand: true, remainingOrders: true },
  },
  lead: {
    models: [
      {
        model: true,
        orderTarget: true,
        leadCloseRate: true,
        haCloseRate: true,
        haOnHand: true,
        bcOnHand: true,
        bcConversionRate: true,
      },
    ],
  },
  weekly: {
    workingDaysInMonth: true,
    workingDaysElapsed: true,
    threshold: true,
    lines: [{ key: true, label: true, target: true, actual: true }],
  },
} satisfies Record<string, Shape>;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Fields of `value` that `shape` does not allow, by JSON path; values of the wrong type are left to the validators. */
export function unknownFields(value: unknown, shape: Shape, path = ''): FieldProblem[] {
  if (shape === true || shape === 'record') return [];
  if (Array.isArray(shape)) {
    return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, shape[0], `${path}[${i}]`)) : [];
  }
  if (!isObj(value)) return [];
  return Object.keys(value).flatMap((k) => {
    const p = path ? `${path}.${k}` : k;
    return Object.prototype.hasOwnProperty.call(shape, k)
      ? unknownFields(value[k], shape[k], p)
      : [{ field: p, problem: 'is not an allowed field' }];
  });
}

@Injectable()
export class PlanPreviewsService {
  private run<I, O>(
    what: string,
    body: unknown,
    shape: Shape,
    validate: (x: unknown) => FieldProblem[],
    compute: (x: I) => O,
  ): O {
    const problems = [...validate(body), ...unknownFields(body, shape)].map((p) =>
      p.field === '' ? { ...p, field: '(body)' } : p,
    );
    if (problems.length) throw badRequest(problems, `invalid ${what} input`);
    try {
      return compute(body as I);
    } catch (e) {
      if (e instanceof PlanningInputError)
        throw badRequest([{ field: e.field, problem: e.problem }], `invalid ${what} input`);
      throw e;
    }
  }

  annual(body: unknown): AnnualPlan {
    return this.run<AnnualPlanInput, AnnualPlan>('annual plan', body, SHAPES.annual, validateAnnualInput, annualPlan);
  }
  rolling(body: unknown): RollingPlan {
    return this.run<RollingPlanInput, RollingPlan>(
      'rolling plan',
      body,
      SHAPES.rolling,
      validateRollingInput,
      rollingPlan,
    );
  }
  decomposition(body: unknown): Decomposition {
    return this.run<DecompositionInput, Decomposition>(
      'decomposition',
      body,
      SHAPES.decomposition,
      validateDecompositionInput,
      decomposePlan,
    );
  }
  lead(body: unknown): LeadPlan {
    return this.run<LeadPlanInput, LeadPlan>('lead plan', body, SHAPES.lead, validateLeadInput, leadPlan);
  }
  weekly(body: unknown): WeeklyProgress {
    return this.run<WeeklyProgressInput, WeeklyProgress>(
      'weekly progress',
      body,
      SHAPES.weekly,
      validateWeeklyInput,
      weeklyProgress,
    );
  }
}
