// Weekly progress control (docs/user-guide.md "Planning arithmetic", Weekly progress).
import fc from 'fast-check';
import { PlanningInputError, validateWeeklyInput, weeklyProgress, type WeeklyProgressInput } from '@kaflow/planning';

describe('weeklyProgress', () => {
  // Hand computation: 21 working days, 10 elapsed → share 10/21 = .47619 → .4762; threshold .9.
  // leads   target 21, actual 9: pro-rated 21·10/21 = 10.00; .9·10 = 9; 9 < 9? no → NOT a gap (exactly on
  //         the boundary: the naive float test 9·21 < .9·21·10 = 189.00000000000003 would say gap);
  //         achievement 9/10 = .9; shortfall 0.
  // newHa   target 21, actual 8: pro-rated 10; 8 < 9 → gap; shortfall ⌈9−8⌉ = 1; achievement .8.
  // bcToHa  target 50, actual 20: pro-rated 500/21 = 23.8095 → 23.81; .9·23.8095 = 21.4286; 20 < 21.43 → gap;
  //         shortfall ⌈1.4286⌉ = 2; achievement 20·21/500 = .84.
  // visits  target 0, actual 3: pro-rated 0, achievement null, no gap, shortfall 0.
  const input: WeeklyProgressInput = {
    workingDaysInMonth: 21,
    workingDaysElapsed: 10,
    threshold: 0.9,
    lines: [
      { key: 'leads', label: '集客', target: 21, actual: 9 },
      { key: 'newHa', target: 21, actual: 8 },
      { key: 'bcToHa', label: 'B/C→H/A', target: 50, actual: 20 },
      { key: 'visits', target: 0, actual: 3 },
    ],
  };

  it('matches the hand-computed table (a line exactly on the threshold is not a gap)', () => {
    expect(weeklyProgress(input)).toEqual({
      share: 0.4762,
      lines: [
        {
          key: 'leads',
          label: '集客',
          target: 21,
          actual: 9,
          proRated: 10,
          achievement: 0.9,
          gap: false,
          shortfall: 0,
        },
        { key: 'newHa', target: 21, actual: 8, proRated: 10, achievement: 0.8, gap: true, shortfall: 1 },
        {
          key: 'bcToHa',
          label: 'B/C→H/A',
          target: 50,
          actual: 20,
          proRated: 23.81,
          achievement: 0.84,
          gap: true,
          shortfall: 2,
        },
        { key: 'visits', target: 0, actual: 3, proRated: 0, achievement: null, gap: false, shortfall: 0 },
      ],
      gaps: 2,
    });
  });

  it('other boundary: 7 of 21 days, target 50 → pro-rated 16.67, .9 of it is exactly 15', () => {
    // The naive float test 15 < .9·(50·7/21) = 15.000000000000002 would call 15 a gap.
    const p = weeklyProgress({
      workingDaysInMonth: 21,
      workingDaysElapsed: 7,
      threshold: 0.9,
      lines: [
        { key: 'on', target: 50, actual: 15 },
        { key: 'below', target: 50, actual: 14 },
      ],
    });
    expect(p.share).toBe(0.3333);
    expect(p.lines.map((l) => [l.proRated, l.achievement, l.gap, l.shortfall])).toEqual([
      [16.67, 0.9, false, 0],
      [16.67, 0.84, true, 1],
    ]);
  });

  it('start of the month (nothing elapsed) has no gaps; end of the month compares with the full target', () => {
    const start = weeklyProgress({ ...input, workingDaysElapsed: 0 });
    expect(start.share).toBe(0);
    expect(start.gaps).toBe(0);
    expect(start.lines.every((l) => l.proRated === 0 && l.achievement === null && l.shortfall === 0)).toBe(true);
    const end = weeklyProgress({ ...input, workingDaysElapsed: 21, lines: [{ key: 'x', target: 10, actual: 8 }] });
    // .9·10 = 9 > 8 → gap of 1
    expect(end).toEqual({
      share: 1,
      lines: [{ key: 'x', target: 10, actual: 8, proRated: 10, achievement: 0.8, gap: true, shortfall: 1 }],
      gaps: 1,
    });
  });

  it('throws PlanningInputError on invalid input', () => {
    expect(() => weeklyProgress({ ...input, workingDaysElapsed: 22 })).toThrow(PlanningInputError);
  });
});

describe('validateWeeklyInput', () => {
  const ok: WeeklyProgressInput = {
    workingDaysInMonth: 20,
    workingDaysElapsed: 5,
    threshold: 0.9,
    lines: [{ key: 'a', target: 1, actual: 0 }],
  };
  const fields = (x: unknown) => validateWeeklyInput(x).map((p) => p.field);
  it('accepts a valid input', () => {
    expect(validateWeeklyInput(ok)).toEqual([]);
    expect(validateWeeklyInput({ ...ok, lines: [] })).toEqual([]);
  });
  it('reports each problem by field', () => {
    expect(fields('x')).toEqual(['']);
    expect(fields({ ...ok, workingDaysInMonth: 0 })).toEqual(['workingDaysInMonth']);
    expect(fields({ ...ok, workingDaysElapsed: 21 })).toEqual(['workingDaysElapsed']);
    expect(fields({ ...ok, workingDaysElapsed: -1 })).toEqual(['workingDaysElapsed']);
    expect(fields({ ...ok, workingDaysElapsed: 2.5 })).toEqual(['workingDaysElapsed']);
    expect(fields({ ...ok, threshold: 1.1 })).toEqual(['threshold']);
    expect(fields({ ...ok, lines: {} })).toEqual(['lines']);
    expect(fields({ ...ok, lines: [{ key: '', label: 5, target: -1, actual: 0.5 }] })).toEqual([
      'lines[0].key',
      'lines[0].label',
      'lines[0].target',
      'lines[0].actual',
    ]);
    expect(fields({ ...ok, lines: [ok.lines[0], { key: 'b', target: 1, actual: 1 }, ok.lines[0]] })).toEqual([
      'lines[2].key',
    ]);
  });
});

describe('weeklyProgress properties', () => {
  const arb = fc.integer({ min: 1, max: 31 }).chain((days) =>
    fc.record({
      days: fc.constant(days),
      elapsed: fc.integer({ min: 0, max: days }),
      pct: fc.integer({ min: 0, max: 100 }), // threshold = pct/100, so the exact test is in integers
      lines: fc.array(
        fc.record({ target: fc.integer({ min: 0, max: 2000 }), actual: fc.integer({ min: 0, max: 2000 }) }),
        { maxLength: 8 },
      ),
    }),
  );

  it('gap iff actual < threshold·pro-rated (exact), shortfall is the least that closes it, nothing negative', () => {
    fc.assert(
      fc.property(arb, (a) => {
        const p = weeklyProgress({
          workingDaysInMonth: a.days,
          workingDaysElapsed: a.elapsed,
          threshold: a.pct / 100,
          lines: a.lines.map((l, i) => ({ key: `k${i}`, ...l })),
        });
        expect(Math.abs(p.share - a.elapsed / a.days)).toBeLessThanOrEqual(0.00005 + 1e-12);
        p.lines.forEach((l, i) => {
          const { target, actual } = a.lines[i];
          const need = a.pct * target * a.elapsed; // threshold·target·elapsed, ×100
          const has = (x: number) => x * a.days * 100; // actual·days, ×100
          expect(l.gap).toBe(has(actual) < need);
          expect(l.shortfall).toBeGreaterThanOrEqual(0);
          expect(l.shortfall > 0).toBe(l.gap);
          if (l.gap) {
            expect(has(actual + l.shortfall)).toBeGreaterThanOrEqual(need);
            expect(has(actual + l.shortfall - 1)).toBeLessThan(need);
          }
          expect(Math.abs(l.proRated - (target * a.elapsed) / a.days)).toBeLessThanOrEqual(0.005 + 1e-9);
          expect(l.proRated).toBeGreaterThanOrEqual(0);
          if (target * a.elapsed === 0) expect(l.achievement).toBeNull();
          else
            expect(Math.abs((l.achievement as number) - (actual * a.days) / (target * a.elapsed))).toBeLessThanOrEqual(
              0.00005 + 1e-9,
            );
        });
        expect(p.gaps).toBe(p.lines.filter((l) => l.gap).length);
      }),
      { numRuns: 1000 },
    );
  });
});
