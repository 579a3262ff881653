import { DEFAULT_POLICY, isoDurationMs, mergePolicy } from '@kaflow/domain';

describe('isoDurationMs', () => {
  it.each([
    ['P7D', 7 * 86_400_000],
    ['PT20S', 20_000],
    ['PT9H', 9 * 3_600_000],
    ['P1W', 7 * 86_400_000],
    ['P1DT2H30M', 86_400_000 + 2.5 * 3_600_000],
    ['PT0.5S', 500],
  ])('%s is %d ms', (text, ms) => expect(isoDurationMs(text)).toBe(ms));

  it.each(['P', 'PT', '7D', 'P1M', 'P1Y', 'PT0S', 'P-1D', 'p7d', ''])('refuses %p', (text) =>
    expect(isoDurationMs(text)).toBeNull(),
  );
});

describe('mergePolicy', () => {
  it('merges given fields over the current policy and leaves the rest', () => {
    const { policy, problems } = mergePolicy(DEFAULT_POLICY, {
      reminderAt: 0.5,
      durations: { callback: 'PT6S' },
      followUpCadence: { H: { workingDays: 2 } },
    });
    expect(problems).toEqual([]);
    expect(policy.reminderAt).toBe(0.5);
    expect(policy.durations.callback).toBe('PT6S');
    expect(policy.durations.rectification).toEqual({ workingDays: 3 });
    expect(policy.followUpCadence).toMatchObject({ H: { workingDays: 2 }, A: 'P7D' });
    expect(DEFAULT_POLICY.durations.callback).toBe('P7D'); // the defaults are not mutated
  });

  it('names every field at fault', () => {
    const { problems } = mergePolicy(DEFAULT_POLICY, {
      timezone: 'Mars/Olympus',
      reminderAt: 1,
      hotFollowUpsPerMonth: 0,
      escalationChains: { default: [], customer_service: ['cs_agent', 'cs_agent'] },
      durations: { callback: 'P1M', nap: 'PT1H' },
      followUpCadence: { W: 'P1D', H: { workingDays: 1.5 } },
      extra: true,
    });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'durations.callback',
      'durations.nap',
      'escalationChains.customer_service',
      'escalationChains.default',
      'extra',
      'followUpCadence.H.workingDays',
      'followUpCadence.W',
      'hotFollowUpsPerMonth',
      'reminderAt',
      'timezone',
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(mergePolicy(DEFAULT_POLICY, [1, 2]).problems).toEqual([
      { field: '(body)', problem: 'must be a JSON object' },
    ]);
  });

  it('capabilityGapThreshold: 0 up to (not including) 1', () => {
    expect(DEFAULT_POLICY.capabilityGapThreshold).toBe(0.2);
    expect(mergePolicy(DEFAULT_POLICY, { capabilityGapThreshold: 0 }).policy.capabilityGapThreshold).toBe(0);
    expect(mergePolicy(DEFAULT_POLICY, { capabilityGapThreshold: 0.35 }).policy.capabilityGapThreshold).toBe(0.35);
    for (const bad of [1, -0.1, '0.2']) {
      expect(mergePolicy(DEFAULT_POLICY, { capabilityGapThreshold: bad }).problems.map((p) => p.field)).toEqual([
        'capabilityGapThreshold',
      ]);
    }
  });

  it('forecast: lookback 1–24 months, observations 0–1000, margin 0 up to 1; a stored field kept when another changes', () => {
    expect(DEFAULT_POLICY.forecast).toEqual({ lookbackMonths: 6, minObservations: 30, warningMargin: 0.1 });
    const ok = mergePolicy(DEFAULT_POLICY, { forecast: { lookbackMonths: 24, warningMargin: 0 } });
    expect(ok.problems).toEqual([]);
    expect(ok.policy.forecast).toEqual({ lookbackMonths: 24, minObservations: 30, warningMargin: 0 });
    const bad = mergePolicy(DEFAULT_POLICY, {
      forecast: { lookbackMonths: 25, minObservations: -1, warningMargin: 1, other: 1 },
    });
    expect(bad.problems.map((p) => p.field)).toEqual([
      'forecast.lookbackMonths',
      'forecast.minObservations',
      'forecast.warningMargin',
      'forecast.other',
    ]);
    expect(mergePolicy(DEFAULT_POLICY, { forecast: 3 }).problems.map((p) => p.field)).toEqual(['forecast']);
  });

  it('followUpGrain: prospect (default) or sweep; the sweep bucket PT1S to PT1H', () => {
    expect(DEFAULT_POLICY.followUpGrain).toBe('prospect');
    expect(DEFAULT_POLICY.followUpSweepBucket).toBe('PT15M');
    const ok = mergePolicy(DEFAULT_POLICY, { followUpGrain: 'sweep', followUpSweepBucket: 'PT2S' });
    expect(ok.problems).toEqual([]);
    expect(ok.policy).toMatchObject({ followUpGrain: 'sweep', followUpSweepBucket: 'PT2S' });
    expect(mergePolicy(ok.policy, { followUpGrain: 'prospect' }).policy.followUpGrain).toBe('prospect');
    for (const bad of ['Sweep', 'day', '', null, 1])
      expect(mergePolicy(DEFAULT_POLICY, { followUpGrain: bad }).problems).toEqual([
        { field: 'followUpGrain', problem: 'must be one of prospect, sweep' },
      ]);
    for (const bad of ['PT0.5S', 'PT61M', 'P1D', { workingDays: 1 }, 900])
      expect(mergePolicy(DEFAULT_POLICY, { followUpSweepBucket: bad }).problems.map((p) => p.field)).toEqual([
        'followUpSweepBucket',
      ]);
  });
});
