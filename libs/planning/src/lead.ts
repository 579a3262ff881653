// Process 4: the lead-generation plan per model (docs/user-guide.md "Planning arithmetic", Lead plan).
import type { FieldProblem } from '@kaflow/domain';
import { ceilClean } from './numbers';
import { leadCapacity, validateCapacityInput, type Capacity, type CapacityInput } from './capacity';
import { assertValid, checkNonNegInt, checkRate, isObj } from './validate';

export interface LeadPlanModelInput {
  model: string;
  orderTarget: number;
  leadCloseRate: number;
  haCloseRate: number;
  haOnHand: number;
  bcOnHand: number;
  bcConversionRate: number;
}
export interface LeadPlanInput {
  models: LeadPlanModelInput[];
  /** P4: the visit and event plans behind the lead targets (capacity.ts); without it no capacity check. */
  capacity?: CapacityInput;
}
export interface LeadPlanModel {
  model: string;
  leadTarget: number;
  newHaTarget: number;
  bcToHaTarget: number;
}
export interface LeadPlan {
  models: LeadPlanModel[];
  capacity?: Capacity;
}

export function validateLeadInput(x: unknown): FieldProblem[] {
  if (!isObj(x)) return [{ field: '', problem: 'must be an object' }];
  if (!Array.isArray(x.models)) return [{ field: 'models', problem: 'must be a list' }];
  const out: FieldProblem[] = [];
  x.models.forEach((m: unknown, i: number) => {
    const p = `models[${i}]`;
    if (!isObj(m)) {
      out.push({ field: p, problem: 'must be an object' });
      return;
    }
    if (typeof m.model !== 'string' || m.model.trim() === '')
      out.push({ field: `${p}.model`, problem: 'must be a non-empty string' });
    checkNonNegInt(out, `${p}.orderTarget`, m.orderTarget);
    checkRate(out, `${p}.leadCloseRate`, m.leadCloseRate, true);
    checkRate(out, `${p}.haCloseRate`, m.haCloseRate, true);
    checkNonNegInt(out, `${p}.haOnHand`, m.haOnHand);
    checkNonNegInt(out, `${p}.bcOnHand`, m.bcOnHand);
    checkRate(out, `${p}.bcConversionRate`, m.bcConversionRate);
  });
  if (x.capacity !== undefined) validateCapacityInput(out, 'capacity', x.capacity);
  return out;
}

/** Lead plan per model (docs/user-guide.md); throws PlanningInputError on invalid input. */
export function leadPlan(input: LeadPlanInput): LeadPlan {
  assertValid(validateLeadInput(input));
  const models = input.models.map((m) => ({
    model: m.model,
    leadTarget: ceilClean(m.orderTarget / m.leadCloseRate),
    newHaTarget: Math.max(0, ceilClean(m.orderTarget / m.haCloseRate) - m.haOnHand),
    bcToHaTarget: ceilClean(m.bcOnHand * m.bcConversionRate),
  }));
  return { models, ...(input.capacity ? { capacity: leadCapacity(models, input.capacity) } : {}) };
}
