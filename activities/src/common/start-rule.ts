// When the daily starters of the annual plan and the month-end cycle act (pure; exported for tests).
import { monthBounds } from '@kaflow/calendar';

export interface ScheduledStart {
  businessDate: string;
  start: boolean;
  periodKey: string;
  reason: string;
}

/** Whether a daily planning starter acts on a date (pure; exported for tests). */
export function planningStartRule(
  process: 'annual-plan' | 'month-end',
  businessDate: string,
  calendar: { monthEndWindow(m: string): string[]; workingDays(a: string, b: string): string[] },
  annualPlanMonth: number,
): ScheduledStart {
  const year = Number(businessDate.slice(0, 4));
  const month = businessDate.slice(0, 7);
  if (process === 'month-end') {
    const window = calendar.monthEndWindow(month);
    return {
      businessDate,
      periodKey: month,
      start: window[0] === businessDate,
      reason: `the month-end window of ${month} starts ${window[0]}`,
    };
  }
  const { first: from, last: to } = monthBounds(`${year}-${String(annualPlanMonth).padStart(2, '0')}`);
  const first = calendar.workingDays(from, to)[0];
  return {
    businessDate,
    periodKey: String(year + 1),
    start: first === businessDate,
    reason: `next year's annual plan starts on ${first}`,
  };
}
