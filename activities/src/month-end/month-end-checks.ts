// The inputs of the month-end plans' checks, pre-filled beside the plans they check: the customer base behind the
// decomposition (P3 support), the visit and event plans behind the lead plan (P4 capacity), and the last
// month's deviation beside the rolling plan's proposal. Formulas: @kaflow/planning support.ts, capacity.ts.
import type { DataSource } from 'typeorm';
import { addMonths } from '@kaflow/calendar';
import type { DealerPolicy } from '@kaflow/domain';
import type { CapacityInput, SupportInput } from '@kaflow/planning';
import { baseOnHand, capacityReading, closingCounts, monthAccuracy } from '@kaflow/records';
import { rate, sum } from '../common/prefill-common';

const positive = (x: number, fallback: number) => (x > 0 ? x : fallback);

/** The look-back window of `month`: the `rateLookbackMonths` closed months before it ('YYYY-MM-DD', exclusive end). */
export function lookback(month: string, policy: Pick<DealerPolicy, 'rateLookbackMonths'>) {
  return { from: `${addMonths(month, -policy.rateLookbackMonths)}-01`, until: `${month}-01` };
}

/** P3: the base on hand per consultant and model, and the lead plan's rates per model (the dealer's where a
 *  model has no history; 0.5 and 0.15 where the dealer has none either, as the lead plan does). */
export async function supportInput(
  db: DataSource,
  dealerId: string,
  month: string,
  policy: DealerPolicy,
  models: string[],
): Promise<{ support: SupportInput; basis: Record<string, unknown> }> {
  const w = lookback(month, policy);
  const [counts, onHand] = await Promise.all([
    closingCounts(db, dealerId, w.from, w.until, 'model'),
    baseOnHand(db, dealerId, w.until),
  ]);
  const all = (k: 'orders' | 'haInWindow' | 'bcStart' | 'bcUp') => sum(counts.map((c) => c[k]));
  const dealerHa = positive(rate(all('orders'), all('haInWindow'), 0), 0.5);
  const dealerBc = rate(all('bcUp'), all('bcStart'), 0.15);
  const codes = [...new Set([...models, ...onHand.map((o) => o.model)])];
  const rates = codes.map((model) => {
    const c = counts.find((x) => x.key === model);
    return {
      model,
      haCloseRate: c ? positive(rate(c.orders, c.haInWindow, 0), dealerHa) : dealerHa,
      bcToHaRate: c && c.bcStart > 0 ? rate(c.bcUp, c.bcStart, dealerBc) : dealerBc,
    };
  });
  return {
    support: { rates, onHand },
    basis: {
      window: `${w.from}..${w.until} (exclusive)`,
      counts,
      dealerRates: { haCloseRate: dealerHa, bcToHaRate: dealerBc },
      rule:
        'expected orders = H/A on hand × H/A closing rate + B/C on hand × B/C→H/A rate × H/A closing rate + ' +
        'remaining orders due for delivery',
    },
  };
}

/** P4: the month's visit and event plans and the look-back's leads per visit and per event. */
export async function capacityInput(
  db: DataSource,
  dealerId: string,
  month: string,
  policy: DealerPolicy,
  consultants: Array<{ consultantId: string; name?: string; orders: number }>,
): Promise<{ capacity: CapacityInput; basis: Record<string, unknown> }> {
  const w = lookback(month, policy);
  const r = await capacityReading(db, dealerId, month, w.from, w.until);
  const perVisit = r.visits.done > 0 ? Math.round((r.visits.leadsMet / r.visits.done) * 10000) / 10000 : 0;
  const perEvent = r.events.held > 0 ? Math.round((r.events.leads / r.events.held) * 10000) / 10000 : 0;
  return {
    capacity: {
      leadsPerVisit: perVisit,
      leadsPerEvent: perEvent,
      otherEvents: r.otherEvents,
      modelMix: r.modelMix,
      consultants: consultants.map((c) => {
        const p = r.planned.find((x) => x.consultantId === c.consultantId);
        return {
          consultantId: c.consultantId,
          ...(c.name !== undefined ? { name: c.name } : {}),
          plannedVisits: p?.visits ?? 0,
          plannedEvents: p?.events ?? 0,
          orderTarget: c.orders,
        };
      }),
    },
    basis: {
      window: `${w.from}..${w.until} (exclusive)`,
      visits: r.visits,
      events: r.events,
      rules: {
        leadsPerVisit: 'leads met on the visits done in the window ÷ those visits',
        leadsPerEvent: 'event leads of the events held in the window ÷ those events',
        planned: `visit plans and events planned in ${month}`,
        modelMix: 'new prospects per model in the window',
        supplementary: 'a shortfall is split over the consultants by their personal order targets (补充集客目标)',
      },
    },
  };
}

/** Beside the rolling plan's proposal: the previous month's approved targets against its actuals so far. */
export async function lastMonthDeviation(
  db: DataSource,
  dealerId: string,
  month: string,
): Promise<Record<string, unknown>> {
  const a = await monthAccuracy(db, dealerId, addMonths(month, -1));
  return {
    month: a.month,
    plan: a.plans.rolling,
    totals: a.totals,
    rates: { orderConversion: a.rates.orderConversion, licensing: a.rates.licensing },
  };
}
