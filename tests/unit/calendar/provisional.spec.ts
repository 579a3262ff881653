// Provisional years: the statutory holidays by law, computed from the lunar calendar and the solar term.
// Expected dates are worked out by hand, apart from the code: 春节 / 端午 / 中秋 from published lunar
// tables (Hong Kong Observatory conversion tables as collected in public festival tables), 除夕 as the day
// before 正月初一, 清明 by the 21st-century formula [Y·0.2422 + 4.81] − [Y/4] (e.g. 2027: [6.539 + 4.81]
// − 6 = 5), weekdays counted from Thu 1 Jan 2026.
import { WorkingCalendar, dueAfter, statutoryHolidays, zonedInstant } from '@kaflow/calendar';

const SH = 'Asia/Shanghai';

const byName = (year: number) => {
  const out: Record<string, string[]> = {};
  for (const d of statutoryHolidays(year)) (out[d.name] ??= []).push(d.date);
  return out;
};

describe('statutory holidays by law', () => {
  it('2027: 春节 Fri 5 – Mon 8 Feb (除夕 is 腊月廿九), 清明 5 Apr, 端午 9 Jun, 中秋 15 Sep', () => {
    expect(byName(2027)).toEqual({
      元旦: ['2027-01-01'],
      春节: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
      清明节: ['2027-04-05'],
      劳动节: ['2027-05-01', '2027-05-02'],
      端午节: ['2027-06-09'],
      中秋节: ['2027-09-15'],
      国庆节: ['2027-10-01', '2027-10-02', '2027-10-03'],
    });
  });

  it('2028: 中秋 falls on 3 Oct, inside 国庆, so the year has 12 days off by law, not 13', () => {
    const days = statutoryHolidays(2028).map((d) => d.date);
    expect(days).toEqual([
      '2028-01-01',
      '2028-01-25',
      '2028-01-26',
      '2028-01-27',
      '2028-01-28',
      '2028-04-04',
      '2028-05-01',
      '2028-05-02',
      '2028-05-28',
      '2028-10-01',
      '2028-10-02',
      '2028-10-03',
    ]);
    expect(statutoryHolidays(2028).find((d) => d.date === '2028-10-03')?.name).toBe('中秋节');
  });

  it.each([
    [2029, ['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15'], '2029-04-04', '2029-06-16', '2029-09-22'],
    [2030, ['2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05'], '2030-04-05', '2030-06-05', '2030-09-12'],
    [2031, ['2031-01-22', '2031-01-23', '2031-01-24', '2031-01-25'], '2031-04-05', '2031-06-24', '2031-10-01'],
  ])('%i: 春节 %j, 清明 %s, 端午 %s, 中秋 %s', (year, spring, qingming, duanwu, zhongqiu) => {
    const n = byName(year);
    expect(n['春节']).toEqual(spring);
    expect(n['清明节']).toEqual([qingming]);
    expect(n['端午节']).toEqual([duanwu]);
    expect(n['中秋节'] ?? n['国庆节'].filter((d) => d === zhongqiu)).toContain(zhongqiu);
  });

  it('gives the same dates whatever the host time zone (chinese-days mixes UTC and local time)', () => {
    const saved = process.env.TZ;
    const seen: string[] = [];
    try {
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz;
        jest.isolateModules(() => {
          const { statutoryHolidays: fresh } = require('../../../libs/calendar/src/provisional');
          seen.push(JSON.stringify(fresh(2027).map((d: { date: string }) => d.date)));
        });
      }
    } finally {
      process.env.TZ = saved;
    }
    expect(new Set(seen).size).toBe(1);
    expect(JSON.parse(seen[0])).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it('refuses a year outside the lunar table', () => {
    expect(() => statutoryHolidays(2100)).toThrow(RangeError);
    expect(() => statutoryHolidays(1900.5)).toThrow(RangeError);
  });
});

describe('a provisional year in the working calendar', () => {
  const cal = new WorkingCalendar();

  it('says 2027 is provisional and 2026 is not', () => {
    expect(cal.yearSource(2027)).toBe('provisional');
    expect(cal.isProvisionalYear(2027)).toBe(true);
    expect(cal.yearSource(2026)).toBe('package');
    expect(cal.status([2026, 2027])).toEqual({ official: false, provisional: true });
    expect(cal.status([2026])).toEqual({ official: true, provisional: false });
  });

  it('takes the statutory weekdays off, and nothing else (no bridging, no makeup days)', () => {
    for (const d of [
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-04-05',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
    ]) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    }
    for (const d of ['2027-02-04', '2027-02-09', '2027-05-03', '2027-10-04', '2027-10-08']) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, true]);
    }
    expect(cal.isWorkingDay('2027-01-09')).toBe(false); // a plain Saturday
  });

  it("a one-working-day task from Thu 31 Dec 2026 falls due Mon 4 Jan 2027, not on New Year's Day", () => {
    const created = zonedInstant('2026-12-31', '10:00', SH);
    expect(dueAfter(created, { workingDays: 1 }, cal, SH).toISOString()).toBe('2027-01-04T02:00:00.000Z');
  });

  it('the Spring Festival weekdays are not working days: 8 working days in 1–12 Feb 2027', () => {
    // Mon 1 – Fri 5 minus 除夕 (5th) = 4; Mon 8 (初三) off; Tue 9 – Fri 12 = 4.
    expect(cal.workingDays('2027-02-01', '2027-02-12')).toEqual([
      '2027-02-01',
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
    ]);
  });
});
