// The early warning's pure rules: the mid-month day (the 15th or the next working day) and the decision check.
import { checkDecision } from '@kaflow/domain';
import { WorkingCalendar, midMonthWarningDay } from '@kaflow/calendar';

it('runs the mid-month warning on the 15th, or on the first working day after it', () => {
  const cal = new WorkingCalendar();
  // Thu 15 Oct 2026 is a working day
  expect(midMonthWarningDay(cal, '2026-10-15')).toEqual({ month: '2026-10', day: '2026-10-15', start: true });
  expect(midMonthWarningDay(cal, '2026-10-16')).toMatchObject({ start: false, day: '2026-10-15' });
  expect(midMonthWarningDay(cal, '2026-10-14')).toMatchObject({ start: false, day: '2026-10-15' });
  // Sun 15 Nov 2026 → Mon 16 Nov
  expect(midMonthWarningDay(cal, '2026-11-15')).toMatchObject({ start: false, day: '2026-11-16' });
  expect(midMonthWarningDay(cal, '2026-11-16')).toMatchObject({ start: true, day: '2026-11-16' });
  // Spring Festival 2026: 15–23 Feb off → Tue 24 Feb
  expect(midMonthWarningDay(cal, '2026-02-24')).toMatchObject({ start: true, day: '2026-02-24' });
  // a month whose second half an override closes has no warning day
  const closed = new WorkingCalendar(
    Array.from({ length: 17 }, (_, i) => ({ date: `2026-12-${String(15 + i).padStart(2, '0')}`, working: false })),
  );
  expect(midMonthWarningDay(closed, '2026-12-15')).toMatchObject({ start: false, day: null });
});

it('checks a forecast_warning decision: noted, with the action taken as the comment', () => {
  expect(checkDecision('forecast_warning', { decision: 'noted', comment: '周三前拜访两家 H 级客户' })).toEqual([]);
  expect(checkDecision('forecast_warning', { decision: 'noted' }).map((p) => p.field)).toEqual(['comment']);
  expect(checkDecision('forecast_warning', { decision: 'noted', comment: '  ' }).map((p) => p.field)).toEqual([
    'comment',
  ]);
  expect(checkDecision('forecast_warning', { decision: 'done', comment: 'x' }).map((p) => p.field)).toEqual([
    'decision',
  ]);
});
