// Process 1 pre-fill (docs/user-guide.md "Planning arithmetic"): next year's plan starts from last year's
// actuals, with the basis it was computed from kept beside it.
import type { DataSource } from 'typeorm';
import { roundHalfUp } from '@kaflow/planning';
import { backlogAt, pendingSubmissionsAt, salesHistory } from '@kaflow/records';
import { rate, sum, type Prefill } from '../common/prefill-common';

/** P1: next year's plan from last year's actuals: seasonal index, conversion and licensing rates, targets +10%. */
export async function prefillAnnual(
  db: DataSource,
  dealerId: string,
  year: number,
  businessDate: string,
): Promise<Prefill> {
  const last = year - 1;
  const hist = await salesHistory(db, dealerId, `${last}-01`, `${last}-12`);
  const orders = hist.map((h) => h.orders);
  const onHand = sum(hist.map((h) => h.backlogStart + h.orders));
  const r = rate(sum(hist.map((h) => h.aak)), onHand, 0.5);
  const pendingBase = sum(hist.map((h) => h.pendingStart + h.aak));
  const avgL = rate(sum(hist.map((h) => h.submissions)), pendingBase, 0.8);
  const licensingRates = hist.map((h) => rate(h.submissions, h.pendingStart + h.aak, avgL));
  const growth = 0.1;
  const grow = (n: number) => roundHalfUp(n * (1 + growth));
  const asOf = businessDate < `${year}-01-01` ? businessDate : `${year}-01-01`;
  const input = {
    year,
    targets: {
      orders: grow(sum(orders)),
      aak: grow(sum(hist.map((h) => h.aak))),
      submissions: grow(sum(hist.map((h) => h.submissions))),
    },
    seasonalIndex: orders.some((o) => o > 0) ? orders : Array(12).fill(1),
    orderConversionRate: r,
    licensingRates,
    openingBacklog: Math.max(0, await backlogAt(db, dealerId, asOf)),
    openingPendingSubmissions: Math.max(0, await pendingSubmissionsAt(db, dealerId, asOf)),
  };
  return {
    input,
    basis: {
      source: `actuals ${last}-01..${last}-12 as recorded on ${businessDate}`,
      growth,
      rules: {
        seasonalIndex: "last year's monthly orders",
        orderConversionRate: 'Σ AAK ÷ Σ (backlog at month start + orders)',
        licensingRates: 'per month: submissions ÷ (pending at month start + AAK); average where a month had none',
        targets: `last year's totals × ${1 + growth}, rounded half-up`,
        opening: `backlog and pending submissions at the start of ${asOf}`,
      },
      history: hist,
    },
  };
}
