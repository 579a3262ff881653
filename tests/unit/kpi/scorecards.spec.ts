// The scorecard rule on hand-worked figures (every expected number written out by hand below).
import {
  DEFAULT_SCORECARDS,
  SCORECARD_ROLES,
  mergePolicy,
  DEFAULT_POLICY,
  validateScorecardLines,
} from '@kaflow/domain';
import { scoreCard, scoreLine } from '@kaflow/kpi';

describe('default scorecards (manual §3)', () => {
  it('every role card sums to 100%', () => {
    for (const role of SCORECARD_ROLES) {
      expect(DEFAULT_SCORECARDS.roles[role].reduce((s, l) => s + l.weight, 0)).toBe(100);
    }
  });

  it('the consultant card carries the slide weights 30/30/10/10/20 and two watched lines', () => {
    expect(DEFAULT_SCORECARDS.roles.consultant.map((l) => [l.key, l.weight])).toEqual([
      ['orderAchievement', 30],
      ['newHaRatio', 30],
      ['recordRate', 10],
      ['informationAccuracy', 10],
      ['visitPlanCompletion', 20],
      ['lostUncontrolledRatio', 0],
      ['downgradeRate', 0],
    ]);
  });

  it('the GM card starts with the printed 20/10/20/10', () => {
    expect(DEFAULT_SCORECARDS.roles.gm.slice(0, 4).map((l) => l.weight)).toEqual([20, 10, 20, 10]);
  });
});

describe('scoreCard', () => {
  const figures = {
    orderAchievement: { numerator: 9, denominator: 10 }, // 0.9 → 30 × 0.9 = 27
    newHaRatio: { numerator: 2, denominator: 5 }, // 0.4 ÷ goal 0.3 = 1.333 → capped 1.2 → 36
    recordRate: { numerator: 3, denominator: 4 }, // 0.75 → 7.5
    informationAccuracy: { numerator: 0, denominator: 0 }, // no callbacks: null
    visitPlanCompletion: { numerator: 5, denominator: 8 }, // 0.625 → 12.5
    lostUncontrolledRatio: { numerator: 1, denominator: 2 }, // watched: 0
    downgradeRate: { numerator: 0, denominator: 10 }, // watched: 0
  };

  it('scores the consultant card by hand: total 83 of the 90% that had figures', () => {
    const card = scoreCard(DEFAULT_SCORECARDS.roles.consultant, figures, 1.2);
    expect(card.kpis.map((k) => [k.key, k.value, k.score])).toEqual([
      ['orderAchievement', 0.9, 27],
      ['newHaRatio', 0.4, 36],
      ['recordRate', 0.75, 7.5],
      ['informationAccuracy', null, null],
      ['visitPlanCompletion', 0.625, 12.5],
      ['lostUncontrolledRatio', 0.5, 0],
      ['downgradeRate', 0, 0],
    ]);
    expect(card.total).toBe(83);
    expect(card.scoredWeight).toBe(90);
  });

  it('a zero denominator says why instead of 0%', () => {
    const k = scoreCard(DEFAULT_SCORECARDS.roles.consultant, figures, 1.2).kpis[3];
    expect(k).toMatchObject({ value: null, score: null, numerator: 0, denominator: 0, reason: '本月无回访' });
    expect(scoreCard(DEFAULT_SCORECARDS.roles.consultant, figures, 1.2, 'en').kpis[3].reason).toBe(
      'no callbacks in the month',
    );
  });

  it('a missing figure counts as no denominator', () => {
    const card = scoreCard(DEFAULT_SCORECARDS.roles.cs_manager, {}, 1.2);
    expect(card.total).toBe(0);
    expect(card.kpis.every((k) => k.value === null)).toBe(true);
  });

  it('lower-is-better lines: meeting the goal is 100%, worse falls linearly to 0 at 100%', () => {
    const line = { key: 'orderRejectionRate' as const, weight: 10, goal: 0.05 };
    expect(scoreLine(line, { numerator: 1, denominator: 20 }, 1.2).score).toBe(10); // 0.05 = goal
    expect(scoreLine(line, { numerator: 3, denominator: 20 }, 1.2).score).toBe(8.95); // 0.85 / 0.95 = 0.8947
    expect(scoreLine(line, { numerator: 0, denominator: 20 }, 1.2).score).toBe(10.53); // 1 / 0.95 = 1.0526
    expect(scoreLine(line, { numerator: 20, denominator: 20 }, 1.2).score).toBe(0);
  });

  it('the cap is the policy value', () => {
    const line = { key: 'kaTargetAchievement' as const, weight: 60, goal: 1 };
    expect(scoreLine(line, { numerator: 30, denominator: 10 }, 1.2).score).toBe(72); // 300% capped at 120%
    expect(scoreLine(line, { numerator: 30, denominator: 10 }, 1.5).score).toBe(90);
  });
});

describe('scorecard policy validation', () => {
  it('accepts a card summing to 100 and fills a missing goal from the default', () => {
    const r = validateScorecardLines('x', [
      { key: 'orderAchievement', weight: 70 },
      { key: 'recordRate', weight: 30, goal: 0.9 },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([
      { key: 'orderAchievement', weight: 70, goal: 1 },
      { key: 'recordRate', weight: 30, goal: 0.9 },
    ]);
  });

  it('names the field: unknown key, repeated key, weight sum, goal range, unknown role', () => {
    const { problems } = mergePolicy(DEFAULT_POLICY, {
      scorecards: {
        roles: {
          consultant: [
            { key: 'orderAchievement', weight: 60 },
            { key: 'nope', weight: 40 },
          ],
          ka_manager: [
            { key: 'haConversion', weight: 50 },
            { key: 'haConversion', weight: 50 },
          ],
          gm: [{ key: 'churnRate', weight: 100, goal: 1 }],
          marketing_director: [
            { key: 'haShare', weight: 60 },
            { key: 'newLeadAchievement', weight: 30 },
          ],
          cs_agent: [{ key: 'haShare', weight: 100 }],
        },
        cap: 0.5,
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'scorecards.roles.consultant[1].key' }),
        expect.objectContaining({ field: 'scorecards.roles.ka_manager[1].key' }),
        expect.objectContaining({ field: 'scorecards.roles.gm[0].goal' }),
        { field: 'scorecards.roles.marketing_director', problem: 'weights must sum to 100 (percent); they sum to 90' },
        expect.objectContaining({ field: 'scorecards.roles.cs_agent' }),
        expect.objectContaining({ field: 'scorecards.cap' }),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('a valid patch replaces only that role card', () => {
    const { policy, problems } = mergePolicy(DEFAULT_POLICY, {
      scorecards: { roles: { cs_manager: [{ key: 'dealerInformationAccuracy', weight: 100 }] } },
    });
    expect(problems).toEqual([]);
    expect(policy.scorecards.roles.cs_manager).toEqual([{ key: 'dealerInformationAccuracy', weight: 100, goal: 1 }]);
    expect(policy.scorecards.roles.consultant).toEqual(DEFAULT_SCORECARDS.roles.consultant);
  });
});
