// P4 "can the lead volume carry the month's targets?" (集客量能否支撑月度目标达成). PURE.
//
//   needed   = Σ lead targets of the lead plan (per model: ⌈order target ÷ lead→order closing rate⌉)
//   expected = Σ consultants (planned visits × leads per visit + planned events × leads per event)
//              + other planned events (owned by people who are not consultants) × leads per event
//   gap = max(0, ⌈needed − expected⌉) leads, ok = (gap = 0) ⇔ expected ≥ needed
//
// Leads per visit and per event are the historical ones (look-back months: leads met ÷ visits done,
// event leads ÷ events held). Per model the expected leads follow the look-back's lead mix by model
// where it is known (`modelMix`), otherwise the models' share of the lead targets. A shortfall becomes
// the supplementary lead target (补充集客目标), split over the consultants by their personal order
// targets (largest remainder; equally when no one has one): each consultant's lead target is then
// their regular one (expected from their own plans) plus their supplementary one.
import type { FieldProblem } from '@kaflow/domain';
import { roundHalfUpTo } from './numbers';
import { splitLargestRemainder } from './split';
import { gapCheck, type GapCheck } from './support';
import { checkNonEmptyString, checkNonNeg, checkNonNegInt, isObj } from './validate';

export interface CapacityConsultantInput {
  consultantId: string;
  name?: string;
  plannedVisits: number;
  plannedEvents: number;
  /** The consultant's order target of the month (decomposition). */
  orderTarget: number;
}
export interface CapacityInput {
  leadsPerVisit: number;
  leadsPerEvent: number;
  consultants: CapacityConsultantInput[];
  /** Planned events of people who are not consultants (marketing). */
  otherEvents: number;
  /** Look-back leads per model (weights, normalised); absent or all zero: the lead targets' mix. */
  modelMix?: Record<string, number>;
}
export interface CapacityConsultant {
  consultantId: string;
  name?: string;
  plannedVisits: number;
  plannedEvents: number;
  /** Leads the consultant's own plans are expected to give (2 decimals). */
  expected: number;
  supplementaryLeadTarget: number;
}
export interface Capacity extends GapCheck {
  byModel: Array<{ model: string } & GapCheck>;
  byConsultant: CapacityConsultant[];
}

export function validateCapacityInput(out: FieldProblem[], field: string, x: unknown): void {
  if (!isObj(x)) {
    out.push({ field, problem: 'must be an object { leadsPerVisit, leadsPerEvent, consultants, otherEvents }' });
    return;
  }
  checkNonNeg(out, `${field}.leadsPerVisit`, x.leadsPerVisit);
  checkNonNeg(out, `${field}.leadsPerEvent`, x.leadsPerEvent);
  checkNonNegInt(out, `${field}.otherEvents`, x.otherEvents);
  if (!Array.isArray(x.consultants)) out.push({ field: `${field}.consultants`, problem: 'must be a list' });
  else
    x.consultants.forEach((c: unknown, i: number) => {
      const p = `${field}.consultants[${i}]`;
      if (!isObj(c)) {
        out.push({ field: p, problem: 'must be an object' });
        return;
      }
      checkNonEmptyString(out, `${p}.consultantId`, c.consultantId);
      for (const k of ['plannedVisits', 'plannedEvents', 'orderTarget']) checkNonNegInt(out, `${p}.${k}`, c[k]);
    });
  if (x.modelMix !== undefined) {
    if (!isObj(x.modelMix)) out.push({ field: `${field}.modelMix`, problem: 'must be an object of weights per model' });
    else for (const [k, v] of Object.entries(x.modelMix)) checkNonNeg(out, `${field}.modelMix.${k}`, v);
  }
}

/** The capacity check of a lead plan's targets (input already validated). */
export function leadCapacity(targets: Array<{ model: string; leadTarget: number }>, input: CapacityInput): Capacity {
  const own = input.consultants.map(
    (c) => c.plannedVisits * input.leadsPerVisit + c.plannedEvents * input.leadsPerEvent,
  );
  const expected = own.reduce((a, b) => a + b, 0) + input.otherEvents * input.leadsPerEvent;
  const needed = targets.reduce((a, t) => a + t.leadTarget, 0);
  const total = gapCheck(needed, expected);

  const mix = targets.map((t) => input.modelMix?.[t.model] ?? 0);
  const weights = mix.some((w) => w > 0) ? mix : targets.map((t) => t.leadTarget);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const byModel = targets.map((t, i) => ({
    model: t.model,
    ...gapCheck(t.leadTarget, wsum > 0 ? (expected * weights[i]) / wsum : expected / targets.length),
  }));

  const orderWeights = input.consultants.map((c) => c.orderTarget);
  const supplementary =
    input.consultants.length === 0
      ? []
      : splitLargestRemainder(total.gap, orderWeights.some((w) => w > 0) ? orderWeights : orderWeights.map(() => 1));
  const byConsultant = input.consultants.map((c, i) => ({
    consultantId: c.consultantId,
    ...(c.name !== undefined ? { name: c.name } : {}),
    plannedVisits: c.plannedVisits,
    plannedEvents: c.plannedEvents,
    expected: roundHalfUpTo(own[i], 2),
    supplementaryLeadTarget: supplementary[i],
  }));
  return { ...total, byModel, byConsultant };
}
