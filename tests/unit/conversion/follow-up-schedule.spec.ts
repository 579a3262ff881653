// The follow-up schedule over working days (潜客判定和跟踪标准), worked out by hand on the 2026 official calendar.
import { WorkingCalendar, graceEnd, hotPlan, nextFollowUpDue, stepDue, walkInDeadline } from '@kaflow/calendar';
import { DEFAULT_POLICY } from '@kaflow/domain';

const cal = new WorkingCalendar();
const TZ = 'Asia/Shanghai';
const iso = (d: Date | null) => d?.toISOString() ?? null;
/** 10:00 Shanghai on a date. */
const morning = (date: string) => new Date(`${date}T02:00:00Z`);

describe('stepDue: the grade cadence from the last touch', () => {
  it('counts whole days of calendar time and is due by the end of that day', () => {
    // A every 7 days: Mon 2 Mar → Mon 9 Mar, due by 24:00 Shanghai = 16:00 UTC
    expect(iso(stepDue(morning('2026-03-02'), 'P7D', cal, TZ))).toBe('2026-03-09T16:00:00.000Z');
  });
  it('moves a due date on a day off to the next working day', () => {
    // H every 3 days: Wed 4 Mar → Sat 7 Mar (off) → Mon 9 Mar
    expect(iso(stepDue(morning('2026-03-04'), 'P3D', cal, TZ))).toBe('2026-03-09T16:00:00.000Z');
    // B every 14 days: Thu 17 Sep → Thu 1 Oct (National Day, 1–7 Oct off) → Thu 8 Oct
    expect(iso(stepDue(morning('2026-09-17'), 'P14D', cal, TZ))).toBe('2026-10-08T16:00:00.000Z');
  });
  it('counts working days, make-up weekend days included', () => {
    // Fri 18 Sep + 2 working days: Sun 20 Sep is a working day (调休), then Mon 21 Sep
    expect(iso(stepDue(morning('2026-09-18'), { workingDays: 2 }, cal, TZ))).toBe('2026-09-21T16:00:00.000Z');
  });
  it('keeps sub-day durations exact (policies of seconds in tests)', () => {
    expect(iso(stepDue(new Date('2026-03-07T03:00:00Z'), 'PT4S', cal, TZ))).toBe('2026-03-07T03:00:04.000Z');
    expect(iso(stepDue(new Date('2026-03-07T03:00:00Z'), 'PT36H', cal, TZ))).toBe('2026-03-08T15:00:00.000Z');
  });
});

describe('graceEnd and walkInDeadline', () => {
  it('gives an overdue follow-up its grace in working days after the due day', () => {
    // due by the end of Fri 6 Mar; one working day of grace → end of Mon 9 Mar
    expect(iso(graceEnd(new Date('2026-03-06T16:00:00Z'), { workingDays: 1 }, cal, TZ))).toBe(
      '2026-03-09T16:00:00.000Z',
    );
    expect(iso(graceEnd(new Date('2026-03-06T16:00:00Z'), 'PT4S', cal, TZ))).toBe('2026-03-06T16:00:04.000Z');
  });
  it('wants a walk-in graded by the end of its working day', () => {
    expect(iso(walkInDeadline(morning('2026-03-05'), cal, TZ))).toBe('2026-03-05T16:00:00.000Z');
    // taken on Sat 7 Mar (off): by the end of Mon 9 Mar; Sat 28 Feb is a working day (调休)
    expect(iso(walkInDeadline(morning('2026-03-07'), cal, TZ))).toBe('2026-03-09T16:00:00.000Z');
    expect(iso(walkInDeadline(morning('2026-02-28'), cal, TZ))).toBe('2026-02-28T16:00:00.000Z');
  });
});

describe('hotPlan: 4 follow-ups a month spaced over the working days', () => {
  // March 2026 has 22 working days: 2–6, 9–13, 16–20, 23–27, 30, 31
  it('spaces the missing follow-ups evenly and knows the last day that still reaches 4', () => {
    const p = hotPlan('2026-03-02', 0, false, 4, cal, TZ);
    // 22 days / 4 missing → every 5th working day: Fri 6 Mar; the 4th-last working day is Thu 26 Mar
    expect({ due: iso(p.dueAt), at: iso(p.unreachableAt), p: p.unreachable, m: p.missing }).toEqual({
      due: '2026-03-06T16:00:00.000Z',
      at: '2026-03-26T16:00:00.000Z',
      p: false,
      m: 4,
    });
  });
  it('sees when the month can no longer reach its count', () => {
    // Fri 27 Mar, 1 done: 27, 30, 31 left for 3 → still reachable, due today
    const p = hotPlan('2026-03-27', 1, false, 4, cal, TZ);
    expect([iso(p.dueAt), p.unreachable, iso(p.unreachableAt)]).toEqual([
      '2026-03-27T16:00:00.000Z',
      false,
      '2026-03-27T16:00:00.000Z',
    ]);
    // the same day after one follow-up today: 30 and 31 left for 3 → unreachable
    const q = hotPlan('2026-03-27', 1, true, 4, cal, TZ);
    expect([iso(q.dueAt), q.unreachable]).toEqual(['2026-03-30T16:00:00.000Z', true]);
  });
  it('once the month has its 4, looks to the first slot of next month', () => {
    // April 2026: 21 working days (Qingming 4–6 Apr off) → the 5th working day, Wed 8 Apr
    expect(iso(hotPlan('2026-03-10', 4, true, 4, cal, TZ).dueAt)).toBe('2026-04-08T16:00:00.000Z');
  });
});

describe('nextFollowUpDue', () => {
  const policy = { timezone: TZ, followUpCadence: DEFAULT_POLICY.followUpCadence, hotFollowUpsPerMonth: 4 };
  const facts = {
    grade: 'H',
    hot: false,
    createdAt: morning('2026-03-02'),
    lastTouchAt: morning('2026-03-02'),
    followUpsThisMonth: 0,
    touchedToday: true,
  };
  it('takes the earlier of the grade cadence and the hot spacing', () => {
    expect(iso(nextFollowUpDue({ ...facts, grade: 'C' }, policy, cal, morning('2026-03-02')).dueAt)).toBe(
      '2026-04-01T16:00:00.000Z',
    );
    // C + hot: 21 days left after today for 4 → every 5th: Mon 9 Mar
    expect(
      iso(
        nextFollowUpDue({ ...facts, grade: 'C', hot: true, followUpsThisMonth: 0 }, policy, cal, morning('2026-03-02'))
          .dueAt,
      ),
    ).toBe('2026-03-09T16:00:00.000Z');
    // H (3 days: Thu 5 Mar) beats the hot spacing
    expect(iso(nextFollowUpDue({ ...facts, hot: true }, policy, cal, morning('2026-03-02')).dueAt)).toBe(
      '2026-03-05T16:00:00.000Z',
    );
  });
  it('ends for F and gives W its same-day deadline', () => {
    expect(nextFollowUpDue({ ...facts, grade: 'F' }, policy, cal, morning('2026-03-02')).dueAt).toBeNull();
    expect(nextFollowUpDue({ ...facts, grade: 'W' }, policy, cal, morning('2026-03-02'))).toMatchObject({
      walkIn: true,
      dueAt: new Date('2026-03-02T16:00:00Z'),
    });
    // O weekly until delivery
    expect(iso(nextFollowUpDue({ ...facts, grade: 'O' }, policy, cal, morning('2026-03-02')).dueAt)).toBe(
      '2026-03-09T16:00:00.000Z',
    );
  });
});
