// When the daily planning starters act: the month-end cycle on the first of the month's last 5
// working days, the annual plan on the first working day of the policy's month (December).
import { WorkingCalendar } from '@kaflow/calendar';
import { planningStartRule } from '@kaflow/activities';

const cal = new WorkingCalendar();

describe('planningStartRule', () => {
  it('starts the month-end cycle on the first day of the window only', () => {
    // November 2026: 24, 25, 26, 27 and 30 (28–29 weekend)
    expect(planningStartRule('month-end', '2026-11-24', cal, 12)).toEqual({
      businessDate: '2026-11-24',
      periodKey: '2026-11',
      start: true,
      reason: 'the month-end window of 2026-11 starts 2026-11-24',
    });
    for (const d of ['2026-11-23', '2026-11-25', '2026-11-30'])
      expect(planningStartRule('month-end', d, cal, 12).start).toBe(false);
    // September 2026: Fri 25 Sep is a holiday (Mid-Autumn), so the window starts on Wed 23 Sep
    expect(cal.monthEndWindow('2026-09')).toEqual([
      '2026-09-23',
      '2026-09-24',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
    ]);
    expect(planningStartRule('month-end', '2026-09-23', cal, 12).start).toBe(true);
    expect(planningStartRule('month-end', '2026-09-22', cal, 12).start).toBe(false);
  });

  it("starts next year's annual plan on the first working day of the policy month", () => {
    expect(planningStartRule('annual-plan', '2026-12-01', cal, 12)).toMatchObject({ periodKey: '2027', start: true });
    expect(planningStartRule('annual-plan', '2026-12-02', cal, 12).start).toBe(false);
    // a dealer whose policy starts planning in November: 2 Nov 2026 is a Monday and a working day
    expect(planningStartRule('annual-plan', '2026-11-02', cal, 11)).toMatchObject({ periodKey: '2027', start: true });
    // 1–7 Oct 2026 is the National Day holiday: the October start moves to Thu 8 Oct
    expect(planningStartRule('annual-plan', '2026-10-08', cal, 10).start).toBe(true);
    expect(planningStartRule('annual-plan', '2026-10-01', cal, 10).start).toBe(false);
  });
});
