// The weekly review's pure rules: ISO weeks, the first-working-day rule, and the decision check.
import { checkDecision } from '@kaflow/domain';
import { WorkingCalendar, isoWeekOf, mondayOfIsoWeek, weeklyReviewDay } from '@kaflow/calendar';

it('names ISO weeks and finds their Mondays', () => {
  expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
  expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
  expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
  expect(isoWeekOf('2026-10-08')).toBe('2026-W41');
  expect(mondayOfIsoWeek('2026-W41')).toBe('2026-10-05');
  expect(mondayOfIsoWeek('2026-W53')).toBe('2026-12-28');
  expect(mondayOfIsoWeek('2026-W01')).toBe('2025-12-29');
  for (const bad of ['2025-W53', '2026-W00', '2026-W54', '2026-53x', '2026-w41', ''])
    expect(mondayOfIsoWeek(bad)).toBeNull();
});

it('runs the review on the first working day of the week only', () => {
  const cal = new WorkingCalendar();
  expect(weeklyReviewDay(cal, '2026-10-08')).toEqual({ week: '2026-W41', firstWorkingDay: '2026-10-08', start: true });
  expect(weeklyReviewDay(cal, '2026-10-05')).toMatchObject({ start: false, firstWorkingDay: '2026-10-08' });
  expect(weeklyReviewDay(cal, '2026-02-18')).toMatchObject({ week: '2026-W08', start: false, firstWorkingDay: null });
  // an admin override that makes Monday a day off moves the review to Tuesday
  const moved = new WorkingCalendar([{ date: '2026-11-16', working: false }]);
  expect(weeklyReviewDay(moved, '2026-11-17')).toMatchObject({ start: true });
});

it('checks a weekly_review decision: actions of { gap, action, owner }, at least one when there are gaps', () => {
  const ok = { gap: '订单', action: '加大走访', owner: '张三' };
  expect(checkDecision('weekly_review', { decision: 'done' }, { gapCount: 0 })).toEqual([]);
  expect(checkDecision('weekly_review', { decision: 'done', data: { actions: [ok] } }, { gapCount: 2 })).toEqual([]);
  expect(checkDecision('weekly_review', { decision: 'done', data: { actions: [] } }, { gapCount: 2 })[0].field).toBe(
    'data.actions',
  );
  expect(checkDecision('weekly_review', { decision: 'done' }, { gapCount: 1 })[0].field).toBe('data.actions');
  expect(checkDecision('weekly_review', { decision: 'done', data: { actions: 'x' } })[0].field).toBe('data.actions');
  expect(
    checkDecision('weekly_review', { decision: 'done', data: { actions: [{ ...ok, owner: ' ' }] } }).map(
      (p) => p.field,
    ),
  ).toEqual(['data.actions[0].owner']);
  expect(checkDecision('weekly_review', { decision: 'approve' })[0].field).toBe('decision');
});
