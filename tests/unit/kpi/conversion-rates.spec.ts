// The conversion rates on a hand-built history: March 2026, expected figures written out.
import { conversionRates, gradeAt, isDowngrade, ratio, type ProspectHistory } from '@kaflow/kpi';

const t = (s: string) => Date.parse(`${s}T04:00:00Z`);
const FROM = Date.parse('2026-02-28T16:00:00Z'); // 1 Mar 00:00 Shanghai
const TO = Date.parse('2026-03-31T16:00:00Z');
const h = (id: string, ...changes: Array<[string | null, string, string, boolean?]>): ProspectHistory => ({
  id,
  changes: changes.map(([from, to, at, overdue]) => ({
    from,
    to,
    at: t(at),
    ...(overdue !== undefined ? { overdue } : {}),
  })),
});

const history: ProspectHistory[] = [
  h('p1', [null, 'H', '2026-02-10'], ['H', 'O', '2026-03-05']), // H at start → O: H/A won
  h('p2', [null, 'A', '2026-02-11']), // A at start, nothing
  h('p3', [null, 'A', '2026-02-12'], ['A', 'C', '2026-03-08']), // A → C: downgrade
  h('p4', [null, 'B', '2026-01-05'], ['B', 'H', '2026-03-09']), // B → H: B/C won
  h('p5', [null, 'C', '2026-01-06'], ['C', 'F', '2026-03-10', true]), // C → F: churn, lost while overdue
  h('p6', [null, 'B', '2026-01-07'], ['B', 'D', '2026-03-11'], ['D', 'B', '2026-03-20']), // downgrade then back
  h('p7', [null, 'H', '2026-03-02']), // new H
  h('p8', [null, 'B', '2026-03-03'], ['B', 'F', '2026-03-25', false]), // new B, lost (not live at start)
  h('p9', [null, 'W', '2026-03-04']), // new W
  h('p10', [null, 'H', '2026-01-01'], ['H', 'F', '2026-02-20', true]), // lost before the month: not live
  { ...h('p11', [null, 'O', '2026-01-02']), deliveredAt: t('2026-02-25') }, // delivered before: not live
  h('p12', [null, 'D', '2026-01-03']), // D at start, nothing
];

describe('conversionRates', () => {
  const r = conversionRates(FROM, TO, history, {
    followUps: { met: 7, due: 10 },
    orders: { placed: 8, cancelled: 1 },
    hot: { customers: 3, followUps: 10 },
  });

  it('reads grades at the month start', () => {
    expect(
      ['p1', 'p4', 'p7', 'p10'].map((id) =>
        gradeAt(
          history.find((x) => x.id === id)!,
          FROM,
        ),
      ),
    ).toEqual(['H', 'B', null, 'F']);
    expect(isDowngrade({ from: 'A', to: 'C' })).toBe(true);
    expect(isDowngrade({ from: 'C', to: 'F' })).toBe(false);
  });

  it('computes each rate with its numerator and denominator', () => {
    // H/A at start: p1 p2 p3 → p1 reached O
    expect(r.haConversion).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    // B/C at start: p4 p5 p6 → p4 reached H
    expect(r.bcConversion).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    // new in March: p7 (H), p8 (B), p9 (W) → 1 of 3 H/A
    expect(r.haShareOfNew).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    // live at start: p1 p2 p3 p4 p5 p6 p12 = 7; downgraded: p3 (A→C), p6 (B→D)
    expect(r.downgradeRate).toEqual({ value: 0.2857, numerator: 2, denominator: 7 });
    // churn: of the 7, p5 became F
    expect(r.churnRate).toEqual({ value: 0.1429, numerator: 1, denominator: 7 });
    // losses in March: p5 (overdue), p8 (not) → 1 of 2
    expect(r.lostUncontrolledRatio).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(r.orderRejectionRate).toEqual({ value: 0.125, numerator: 1, denominator: 8 });
    expect(r.followUpsDoneVsDue).toEqual({ value: 0.7, numerator: 7, denominator: 10 });
    expect(r.hotFollowUpsPerCustomer).toEqual({ value: 3.3333, numerator: 10, denominator: 3 });
  });

  it('has no value where there is nothing to divide by, and no 拒单率 without orders', () => {
    const empty = conversionRates(FROM, TO, [], {
      followUps: { met: 0, due: 0 },
      orders: null,
      hot: { customers: 0, followUps: 0 },
    });
    expect(empty.haConversion).toEqual(ratio(0, 0));
    expect(empty.haConversion.value).toBeNull();
    expect(empty.orderRejectionRate).toBeNull();
  });
});
