// The plan kinds' arithmetic behind one door: validate an input, compute its plan, read its coverage.
import {
  annualPlan,
  leadPlan,
  validateAnnualInput,
  validateLeadInput,
  rollingPlan,
  validateRollingInput,
  decomposePlan,
  validateDecompositionInput,
} from '@kaflow/planning';
import type { FieldProblem } from '@kaflow/domain';
import type { PlanKind } from '@kaflow/persistence';

export interface Computed {
  result: Record<string, any>;
  coverageOk: boolean | null;
}

const KINDS: Record<PlanKind, { validate: (x: unknown) => FieldProblem[]; compute: (x: any) => any }> = {
  annual: { validate: validateAnnualInput, compute: annualPlan },
  rolling: { validate: validateRollingInput, compute: rollingPlan },
  decomposition: { validate: validateDecompositionInput, compute: decomposePlan },
  lead: { validate: validateLeadInput, compute: leadPlan },
};

export function validatePlanInput(kind: PlanKind, input: unknown): FieldProblem[] {
  return KINDS[kind].validate(input);
}

/** Computes a plan from a valid input. `coverageOk` is the plan's gate for the director: the coverage check of
 *  annual and rolling plans, the support check (P3) of a decomposition whose input carries the base. */
export function computePlan(kind: PlanKind, input: Record<string, any>): Computed {
  const result = KINDS[kind].compute(input);
  const check = result.coverage ?? result.support;
  const coverageOk = check ? Boolean(check.ok) : null;
  return { result, coverageOk };
}
