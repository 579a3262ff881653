// Reading a holiday notice (holiday-cn JSON or iCalendar), its checks, and the preview of what it changes.
// Expected changes are worked out by hand from the invented notice against the provisional 2027 (law only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  WorkingCalendar,
  checkNotice,
  previewCalendarChange,
  zonedInstant,
  type HolidayNotice,
} from '@kaflow/calendar';
import { parseICalendarNotice } from '../../../libs/calendar/src/notice-ical';
import { INVENTED_2027 } from '../../fixtures/calendar/invented-2027';

const SH = 'Asia/Shanghai';
const clone = () => JSON.parse(JSON.stringify(INVENTED_2027));

describe('checkNotice', () => {
  it('accepts the invented 2027 notice and sorts its days', () => {
    const { notice, problems } = checkNotice(2027, clone());
    expect(problems).toEqual([]);
    expect(notice!.days).toHaveLength(INVENTED_2027.days.length);
    expect(notice!.days[0]).toEqual({ name: '元旦', date: '2027-01-01', isOffDay: true });
    expect(notice!.days.at(-1)).toEqual({ name: '国庆节', date: '2027-10-07', isOffDay: true });
  });

  it('accepts the real holiday-cn 2023 file shape, whose 元旦 starts on 2022-12-31', () => {
    const doc = {
      year: 2023,
      papers: ['http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm'],
      days: [
        { name: '元旦', date: '2022-12-31', isOffDay: true },
        { name: '元旦', date: '2023-01-01', isOffDay: true },
        { name: '元旦', date: '2023-01-02', isOffDay: true },
        ...['21', '22', '23', '24', '25', '26', '27'].map((d) => ({
          name: '春节',
          date: `2023-01-${d}`,
          isOffDay: true,
        })),
        { name: '春节', date: '2023-01-28', isOffDay: false },
        { name: '春节', date: '2023-01-29', isOffDay: false },
        { name: '清明节', date: '2023-04-05', isOffDay: true },
        ...['29', '30'].map((d) => ({ name: '劳动节', date: `2023-04-${d}`, isOffDay: true })),
        ...['01', '02', '03'].map((d) => ({ name: '劳动节', date: `2023-05-${d}`, isOffDay: true })),
        { name: '劳动节', date: '2023-04-23', isOffDay: false },
        { name: '劳动节', date: '2023-05-06', isOffDay: false },
        ...['22', '23', '24'].map((d) => ({ name: '端午节', date: `2023-06-${d}`, isOffDay: true })),
        { name: '端午节', date: '2023-06-25', isOffDay: false },
        { name: '中秋节、国庆节', date: '2023-09-29', isOffDay: true },
        { name: '中秋节、国庆节', date: '2023-09-30', isOffDay: true },
        ...['01', '02', '03', '04', '05', '06'].map((d) => ({
          name: '中秋节、国庆节',
          date: `2023-10-${d}`,
          isOffDay: true,
        })),
        { name: '中秋节、国庆节', date: '2023-10-07', isOffDay: false },
        { name: '中秋节、国庆节', date: '2023-10-08', isOffDay: false },
      ],
    };
    expect(checkNotice(2023, doc).problems).toEqual([]);
  });

  it('names the field at fault', () => {
    const fields = (year: number, body: unknown) => checkNotice(year, body).problems.map((p) => p.field);
    expect(fields(2027, null)).toEqual(['body']);
    expect(fields(2028, clone())).toContain('year');
    const outside = clone();
    outside.days.push({ name: '元旦', date: '2028-01-01', isOffDay: true });
    expect(fields(2027, outside)).toEqual([`days[${outside.days.length - 1}].date`]);
    const dup = clone();
    dup.days.push({ name: '春节', date: '2027-02-06', isOffDay: true });
    expect(checkNotice(2027, dup).problems).toEqual([
      { field: `days[${dup.days.length - 1}].date`, problem: '2027-02-06 is listed twice (also days[7])' },
    ]);
    const weekdayMakeup = clone();
    weekdayMakeup.days.push({ name: '春节', date: '2027-02-12', isOffDay: false });
    expect(fields(2027, weekdayMakeup)).toEqual([`days[${weekdayMakeup.days.length - 1}].isOffDay`]);
    const workedHoliday = clone();
    workedHoliday.days[0].isOffDay = false; // 1 Jan worked: not a weekend either
    expect(fields(2027, workedHoliday).sort()).toEqual(['days[0].isOffDay', 'days[0].isOffDay']);
    const missing = clone();
    missing.days = missing.days.filter((d: { date: string }) => d.date !== '2027-09-15');
    expect(checkNotice(2027, missing).problems).toEqual([
      { field: 'days', problem: '2027-09-15 (中秋节) is a statutory holiday and must be listed as a day off' },
    ]);
    expect(fields(2027, { ...clone(), days: [] })).toEqual(['days']);
    expect(fields(2027, { ...clone(), days: [{ name: '', date: '2027-13-01', isOffDay: 'yes' }] })).toEqual(
      expect.arrayContaining(['days[0].name', 'days[0].isOffDay', 'days[0].date']),
    );
    expect(fields(2027, { ...clone(), papers: 'gov.cn' })).toEqual(['papers']);
  });

  it('lets a statutory holiday on a weekend go unlisted (1–2 May 2027 are Sat/Sun)', () => {
    const doc = clone();
    doc.days = doc.days.filter((d: { date: string }) => d.date !== '2027-05-01' && d.date !== '2027-05-02');
    expect(checkNotice(2027, doc).problems).toEqual([]);
  });
});

describe('parseICalendarNotice', () => {
  it('reads the chinese-days 2026 calendar file into the same days as its JSON table', () => {
    const ics = readFileSync(join(require.resolve('chinese-days/package.json'), '../dist/years/2026.ics'), 'utf8');
    const parsed = parseICalendarNotice(2026, ics);
    expect(parsed.problems).toEqual([]);
    const { notice, problems } = checkNotice(2026, parsed.body);
    expect(problems).toEqual([]);
    const days = new Map(notice!.days.map((d) => [d.date, d]));
    // 国办发明电〔2025〕7号 as docs/user-guide.md quotes it: Sat 28 Feb, Sun 20 Sep and Sat 10 Oct worked; 1–7 Oct off.
    expect(days.get('2026-02-28')?.isOffDay).toBe(false);
    expect(days.get('2026-09-20')?.isOffDay).toBe(false);
    expect(days.get('2026-10-10')?.isOffDay).toBe(false);
    expect(['01', '02', '03', '04', '05', '06', '07'].map((d) => days.get(`2026-10-${d}`)?.isOffDay)).toEqual(
      Array(7).fill(true),
    );
    expect(days.get('2026-02-17')).toEqual({ name: '春节', date: '2026-02-17', isOffDay: true });
    expect(days.has('2026-02-24')).toBe(false); // DTEND is exclusive: 春节 ends on the 23rd
  });

  it('answers a problem for text that is not iCalendar, or has no events', () => {
    expect(parseICalendarNotice(2027, 'hello').problems[0].field).toBe('file');
    expect(parseICalendarNotice(2027, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n').problems).toEqual([
      { field: 'file', problem: 'holds no VEVENT (no holidays)' },
    ]);
  });
});

describe('previewCalendarChange: provisional 2027 → the invented notice', () => {
  const before = new WorkingCalendar();
  const notice = checkNotice(2027, clone()).notice as HolidayNotice;
  const after = new WorkingCalendar([], [notice]);

  it('makes 2027 official', () => {
    expect(after.yearSource(2027)).toBe('notice');
    expect(after.status([2027])).toEqual({ official: true, provisional: false });
  });

  it('lists the changed days, the month-end window of January and four first working days of weeks', () => {
    const p = previewCalendarChange(2027, before, after);
    const off = (date: string) => ({ date, working: { before: true, after: false } });
    const on = (date: string) => ({ date, working: { before: false, after: true } });
    expect(p.days).toEqual([
      off('2027-01-04'),
      on('2027-01-09'),
      on('2027-01-30'),
      off('2027-02-09'),
      off('2027-02-10'),
      off('2027-02-11'),
      off('2027-05-03'),
      off('2027-05-04'),
      off('2027-05-05'),
      off('2027-10-04'),
      off('2027-10-05'),
      off('2027-10-06'),
      off('2027-10-07'),
    ]);
    expect(p.monthEndWindows).toEqual([
      {
        month: '2027-01',
        before: ['2027-01-25', '2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29'],
        after: ['2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29', '2027-01-30'],
      },
    ]);
    expect(p.firstWorkingDaysOfWeeks).toEqual([
      { week: '2027-01-04', before: '2027-01-04', after: '2027-01-05' },
      { week: '2027-02-08', before: '2027-02-09', after: '2027-02-12' },
      { week: '2027-05-03', before: '2027-05-03', after: '2027-05-06' },
      { week: '2027-10-04', before: '2027-10-04', after: '2027-10-08' },
    ]);
  });

  it('moves an open one-working-day task from Thu 31 Dec 2026 from 4 to 5 Jan, and its escalated twin a day on', () => {
    const createdAt = zonedInstant('2026-12-31', '10:00', SH);
    const task = (taskId: string, level: number, dueAt: string) => ({
      taskId,
      createdAt,
      dueRule: { workingDays: 1 },
      escalationLevel: level,
      dueAt: new Date(dueAt),
      originalDueAt: new Date('2027-01-04T02:00:00.000Z'),
      remindAt: new Date('2027-01-03T02:00:00.000Z'), // 75% of the 96 h to Mon 10:00
      timeZone: SH,
    });
    const iso = {
      taskId: 'iso',
      createdAt,
      dueRule: 'P2D',
      escalationLevel: 0,
      dueAt: new Date('2027-01-02T02:00:00Z'),
      originalDueAt: new Date('2027-01-02T02:00:00Z'),
      remindAt: new Date('2027-01-01T14:00:00Z'),
      timeZone: SH,
    };
    const p = previewCalendarChange(2027, before, after, [
      task('t0', 0, '2027-01-04T02:00:00.000Z'),
      task('t1', 1, '2027-01-05T02:00:00.000Z'),
      iso,
    ]);
    expect(p.tasks).toEqual([
      {
        taskId: 't0',
        dueAt: { before: '2027-01-04T02:00:00.000Z', after: '2027-01-05T02:00:00.000Z' },
        originalDueAt: '2027-01-05T02:00:00.000Z',
        remindAt: { before: '2027-01-03T02:00:00.000Z', after: '2027-01-03T20:00:00.000Z' },
      }, // 75% of 120 h = 90 h
      {
        taskId: 't1',
        dueAt: { before: '2027-01-05T02:00:00.000Z', after: '2027-01-06T02:00:00.000Z' },
        originalDueAt: '2027-01-05T02:00:00.000Z',
        remindAt: { before: '2027-01-03T02:00:00.000Z', after: '2027-01-03T20:00:00.000Z' },
      },
    ]);
  });
});
