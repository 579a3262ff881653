// 载入下一年节假日安排: a human task for the sysadmin, reminded and escalated like any other, decided by
// loading the notice (PUT /api/calendar/official/:year sends the decision 'loaded').
import { proxyActivities } from '@temporalio/workflow';
import type { CalendarActivities } from '@kaflow/activities';
import { finishHandlers, humanTask, startChildOnce } from '../common';
import { calendarLoadWorkflowId, type CalendarLoadInput } from './calendar-load.contract';

const cal = proxyActivities<CalendarActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function calendarLoadWorkflow(input: CalendarLoadInput): Promise<string> {
  const d = await humanTask({
    kind: 'calendar_load',
    dealerId: input.dealerId,
    chain: 'calendar',
    due: 'calendarLoad',
    assignee: { role: 'sysadmin' },
    subject: { type: 'calendar_year', id: String(input.year) },
    title: `载入 ${input.year} 年节假日安排（国务院办公厅通知）`,
    payload: { year: input.year },
  });
  await finishHandlers();
  return d.decision;
}

/** Started every day by a schedule: asks for next year's notice from the first working day of November. */
export async function calendarWatchScheduledWorkflow(_input: { dealerId: string }): Promise<string | null> {
  const today = await cal.calendarWatchToday();
  if (today.year === null || today.dealerId === null) return null;
  return startChildOnce(calendarLoadWorkflow, calendarLoadWorkflowId(today.year), [
    { year: today.year, dealerId: today.dealerId },
  ]);
}
