// P6 "does the team's selling ability carry the order target?" (销售能力是否支撑订单目标). PURE.
//
// Per consultant, with their OWN closing rates over the look-back (kpi closingRates; the dealer's rate
// where they have no denominator; a rate above 1 counts as 1):
//   expected = H/A on hand × H/A closing rate + B/C on hand × B/C→H/A rate × H/A closing rate
//              + remaining orders due for delivery                      (the P3 formula, support.ts)
//   shortfall = max(0, personal target − expected); shortfall share = shortfall ÷ personal target
//   training needed ⇔ shortfall > threshold × personal target (strictly; never without a target)
import { closingRates, ratio, type ClosingCounts, type Ratio } from '@kaflow/kpi';
import { roundHalfUpTo, roundTo } from './numbers';
import { expectedOrders } from './support';

export interface CapabilityInput {
  consultantId: string;
  name?: string;
  haOnHand: number;
  bcOnHand: number;
  remainingOrders: number;
  own: ClosingCounts;
  dealer: { haCloseRate: number; bcToHaRate: number };
  /** The approved personal order target of the month; null when none was set. */
  personalTarget: number | null;
  /** Policy capabilityGapThreshold, 0–1. */
  threshold: number;
  /** Reason categories of the consultant's losses in the period (null: not analysed yet). */
  lossReasons: Array<string | null>;
}

export type UsedRate = Ratio & { used: number; source: 'own' | 'dealer' };

export interface Capability {
  consultantId: string;
  name?: string;
  pipeline: { haOnHand: number; bcOnHand: number; remainingOrders: number };
  haCloseRate: UsedRate;
  bcToHaRate: UsedRate;
  expectedOrders: { value: number; fromHa: number; fromBc: number; remainingOrders: number };
  personalTarget: number | null;
  /** Orders missing to the target (2 decimals, not below 0); null without a target. */
  gap: number | null;
  /** shortfall ÷ personal target. */
  shortfallShare: Ratio | null;
  trainingNeeded: boolean;
  losses: { total: number; byReason: Array<{ reason: string; count: number }> };
}

const use = (r: Ratio, fallback: number): UsedRate =>
  r.value === null ? { ...r, used: fallback, source: 'dealer' } : { ...r, used: Math.min(1, r.value), source: 'own' };

export function salesCapability(x: CapabilityInput): Capability {
  const own = closingRates(x.own);
  const ha = use(own.haCloseRate, x.dealer.haCloseRate);
  const bc = use(own.bcToHaRate, x.dealer.bcToHaRate);
  const rates = { haCloseRate: ha.used, bcToHaRate: bc.used };
  const base = { haOnHand: x.haOnHand, bcOnHand: x.bcOnHand, remainingOrders: x.remainingOrders };
  const expected = expectedOrders(base, rates);
  const target = x.personalTarget;
  const shortfall = target === null ? null : Math.max(0, roundTo(target - expected, 9));
  const counts = new Map<string, number>();
  for (const r of x.lossReasons) counts.set(r ?? 'unanalysed', (counts.get(r ?? 'unanalysed') ?? 0) + 1);
  return {
    consultantId: x.consultantId,
    ...(x.name !== undefined ? { name: x.name } : {}),
    pipeline: base,
    haCloseRate: ha,
    bcToHaRate: bc,
    expectedOrders: {
      value: roundHalfUpTo(expected, 2),
      fromHa: roundHalfUpTo(x.haOnHand * ha.used, 2),
      fromBc: roundHalfUpTo(x.bcOnHand * bc.used * ha.used, 2),
      remainingOrders: x.remainingOrders,
    },
    personalTarget: target,
    gap: shortfall === null ? null : roundHalfUpTo(shortfall, 2),
    shortfallShare: target === null || shortfall === null ? null : ratio(roundHalfUpTo(shortfall, 2), target),
    trainingNeeded: target !== null && target > 0 && shortfall! > roundTo(x.threshold * target, 9),
    losses: {
      total: x.lossReasons.length,
      byReason: [...counts]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    },
  };
}
