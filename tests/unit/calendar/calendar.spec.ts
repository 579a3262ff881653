// @kaflow/calendar against the official 2026 schedule (国办发明电〔2025〕7号), expectations written by hand.
import {
  WorkingCalendar,
  addCalendarDays,
  dueAfter,
  isoDurationMs,
  localDate,
  monthOf,
  officialYears,
  zonedInstant,
} from '@kaflow/calendar';

const cal = new WorkingCalendar();
const SH = 'Asia/Shanghai';

describe('official 2026 schedule', () => {
  it('has official data for 2004–2026 and not for 2003 or 2099', () => {
    const years = officialYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(cal.isOfficialYear(2026)).toBe(true);
    expect(cal.isOfficialYear(2003)).toBe(false);
    expect(cal.isOfficialYear(2099)).toBe(false);
    expect(cal.yearSource(2026)).toBe('package');
    expect(cal.yearSource(2099)).toBe('provisional');
  });

  it('makes the design.md makeup weekend days working days', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, true]);
    }
  });

  it('takes Mid-Autumn and National Day off', () => {
    for (const d of ['2026-09-25', '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    }
    expect(cal.isWorkingDay('2026-10-08')).toBe(true); // Thursday after the Golden Week
  });

  it('takes the whole Spring Festival (Sun 15 – Mon 23 Feb) off', () => {
    expect(cal.workingDays('2026-02-13', '2026-02-25')).toEqual([
      '2026-02-13',
      '2026-02-14',
      '2026-02-24',
      '2026-02-25',
    ]);
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // a Monday
  });

  it('keeps plain weekends off and weekdays on', () => {
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // Sat
    expect(cal.isWorkingDay('2026-03-08')).toBe(false); // Sun
    expect(cal.isWorkingDay('2026-03-09')).toBe(true); // Mon
  });

  it('lists working days inclusive and ascending', () => {
    expect(cal.workingDays('2026-09-18', '2026-09-30')).toEqual([
      '2026-09-18',
      '2026-09-20',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
    ]);
    expect(cal.workingDays('2026-09-30', '2026-09-01')).toEqual([]);
  });
});

describe('month-end window (last 5 working days)', () => {
  it.each([
    ['2026-02', ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28']], // ends on makeup Sat 28
    ['2026-09', ['2026-09-23', '2026-09-24', '2026-09-28', '2026-09-29', '2026-09-30']], // skips Mid-Autumn 25–27
    ['2026-10', ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']], // Sat 31 off
    ['2026-12', ['2026-12-25', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']],
    ['2026-05', ['2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29']],
  ])('%s', (month, expected) => {
    expect(cal.monthEndWindow(month)).toEqual(expected);
  });
});

describe('first working day of the ISO week', () => {
  it('is Thursday 8 Oct in the week of Mon 5 Oct (National Day)', () => {
    expect(cal.firstWorkingDayOfWeek('2026-10-05')).toBe('2026-10-08');
    expect(cal.firstWorkingDayOfWeek('2026-10-11')).toBe('2026-10-08'); // Sunday belongs to the same ISO week
    expect(cal.isFirstWorkingDayOfWeek('2026-10-08')).toBe(true);
    expect(cal.isFirstWorkingDayOfWeek('2026-10-09')).toBe(false);
    expect(cal.isFirstWorkingDayOfWeek('2026-10-05')).toBe(false);
  });

  it('is Wednesday 6 May in the Labour Day week and Monday otherwise', () => {
    expect(cal.firstWorkingDayOfWeek('2026-05-09')).toBe('2026-05-06');
    expect(cal.firstWorkingDayOfWeek('2026-10-01')).toBe('2026-09-28');
    expect(cal.isFirstWorkingDayOfWeek('2026-03-09')).toBe(true);
  });

  it('is Tuesday 24 Feb after the Spring Festival, and the Monday for a week with no working day', () => {
    expect(cal.firstWorkingDayOfWeek('2026-02-23')).toBe('2026-02-24');
    expect(cal.firstWorkingDayOfWeek('2026-02-19')).toBe('2026-02-16'); // 16–22 Feb are all holidays
    expect(cal.isFirstWorkingDayOfWeek('2026-02-16')).toBe(false);
  });
});

describe('stepping over holidays', () => {
  it('adds working days across National Day and the makeup Saturday', () => {
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-09-24', 1)).toBe('2026-09-28');
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  it('n = 0 keeps a working day and moves a day off forward', () => {
    expect(cal.addWorkingDays('2026-10-10', 0)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-10-03', 0)).toBe('2026-10-08');
    expect(() => cal.addWorkingDays('2026-10-03', -1)).toThrow(RangeError);
  });

  it('finds previous and next working days strictly', () => {
    expect(cal.previousWorkingDay('2026-10-08')).toBe('2026-09-30');
    expect(cal.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
    expect(cal.previousWorkingDay('2026-02-24')).toBe('2026-02-14');
    expect(cal.nextWorkingDay('2026-03-09')).toBe('2026-03-10');
    expect(cal.previousWorkingDay('2026-03-09')).toBe('2026-03-06'); // Monday → Friday
  });
});

describe('year without official data', () => {
  it('is provisional: the fixed statutory holidays by law are off, no makeup days', () => {
    expect(cal.isWorkingDay('2099-01-01')).toBe(false); // Thursday, 元旦 by law
    expect(cal.isWorkingDay('2099-10-01')).toBe(false); // Thursday, 国庆 by law (1–3 Oct)
    expect(cal.isWorkingDay('2099-10-05')).toBe(true); // Monday: the notice's bridging days are unknown
    expect(cal.isWorkingDay('2099-01-03')).toBe(false); // Saturday
  });
});

describe('dealer closures', () => {
  const custom = new WorkingCalendar([
    { date: '2026-09-30', working: false, note: 'dealer closed' },
    { date: '2026-10-03', working: true, note: 'showroom event' },
    { date: '2099-01-01', working: false, note: '元旦' },
  ]);

  it('win over official data', () => {
    expect(custom.isWorkingDay('2026-09-30')).toBe(false);
    expect(custom.isWorkingDay('2026-10-03')).toBe(true);
    expect(custom.monthEndWindow('2026-09')).toEqual([
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      '2026-09-28',
      '2026-09-29',
    ]);
    expect(custom.addWorkingDays('2026-09-29', 1)).toBe('2026-10-03');
    expect(custom.firstWorkingDayOfWeek('2026-10-01')).toBe('2026-09-28');
  });

  it('never make a year official, and leave other calendars alone', () => {
    expect(custom.isWorkingDay('2099-01-01')).toBe(false);
    expect(custom.isOfficialYear(2099)).toBe(false);
    expect(custom.yearSource(2099)).toBe('provisional');
    expect(cal.isWorkingDay('2026-09-30')).toBe(true);
    expect(custom.listOverrides().map((o) => o.date)).toEqual(['2026-09-30', '2026-10-03', '2099-01-01']);
  });

  it('refuse malformed dates', () => {
    expect(() => new WorkingCalendar([{ date: '2026-02-30', working: true }])).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026/10/01')).toThrow(RangeError);
  });
});

describe('time-zone helpers', () => {
  it('localDate turns over at Shanghai midnight (16:00 UTC)', () => {
    expect(localDate(new Date('2026-03-01T15:59:59.999Z'), SH)).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00.000Z'), SH)).toBe('2026-03-02');
    expect(localDate(new Date('2025-12-31T16:00:00Z'), SH)).toBe('2026-01-01');
    expect(localDate(new Date('2026-03-01T16:00:00Z'), 'UTC')).toBe('2026-03-01');
  });

  it('zonedInstant gives the instant of a Shanghai wall-clock time', () => {
    expect(zonedInstant('2026-03-02', '00:00', SH).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(zonedInstant('2026-01-01', '07:30', SH).toISOString()).toBe('2025-12-31T23:30:00.000Z');
    expect(zonedInstant('2026-03-01', '23:59', SH).toISOString()).toBe('2026-03-01T15:59:00.000Z');
    expect(() => zonedInstant('2026-03-01', '24:00', SH)).toThrow(RangeError);
  });

  it('zonedInstant handles DST gaps and overlaps (compatible)', () => {
    const NY = 'America/New_York';
    expect(zonedInstant('2026-03-08', '02:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(zonedInstant('2026-11-01', '01:30', NY).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // first 01:30 (EDT)
    expect(zonedInstant('2026-07-01', '09:00', NY).toISOString()).toBe('2026-07-01T13:00:00.000Z');
  });

  it('calendar-day helpers', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(monthOf('2026-10-08')).toBe('2026-10');
  });
});

describe('dueAfter', () => {
  it('re-exports isoDurationMs from @kaflow/domain', () => {
    expect(isoDurationMs('P7D')).toBe(7 * 86_400_000);
    expect(isoDurationMs('nonsense')).toBeNull();
  });

  it('adds ISO durations as plain elapsed time, holidays included', () => {
    const start = new Date('2026-09-24T01:00:00Z');
    expect(dueAfter(start, 'P7D', cal, SH).toISOString()).toBe('2026-10-01T01:00:00.000Z');
    expect(dueAfter(start, 'PT20S', cal, SH).toISOString()).toBe('2026-09-24T01:00:20.000Z');
    expect(() => dueAfter(start, 'P1M', cal, SH)).toThrow(RangeError);
  });

  it('{ workingDays: 3 } skips the weekend and keeps the local wall-clock time', () => {
    // Fri 6 Mar 2026 09:30 Shanghai → Wed 11 Mar 09:30
    expect(dueAfter(new Date('2026-03-06T01:30:00Z'), { workingDays: 3 }, cal, SH).toISOString()).toBe(
      '2026-03-11T01:30:00.000Z',
    );
    // Sat 7 Mar 01:00 Shanghai (still Friday in UTC) counts from the local Saturday → Wed 11 Mar 01:00
    expect(dueAfter(new Date('2026-03-06T17:00:00Z'), { workingDays: 3 }, cal, SH).toISOString()).toBe(
      '2026-03-10T17:00:00.000Z',
    );
  });

  it('{ workingDays } steps over National Day', () => {
    // Wed 30 Sep 2026 18:15:30.250 Shanghai + 2 working days → Fri 9 Oct, same time
    expect(dueAfter(new Date('2026-09-30T10:15:30.250Z'), { workingDays: 2 }, cal, SH).toISOString()).toBe(
      '2026-10-09T10:15:30.250Z',
    );
  });
});

describe('dates in early years', () => {
  it('reads years below 100 as themselves, not as 19xx', () => {
    const cal = new WorkingCalendar();
    // Tue–Thu in the proleptic calendar
    expect(cal.workingDays('0050-03-01', '0050-03-03')).toEqual(['0050-03-01', '0050-03-02', '0050-03-03']);
    expect(cal.isWorkingDay('0001-01-01')).toBe(true); // a Monday
  });
});
