// One Temporal Schedule per dealer and scheduled process (e.g. the daily self-check at 09:00 dealer
// time). Each process adds one entry to SCHEDULED_PROCESSES. Schedules are created when missing and
// updated when the dealer's time zone changed; safe to run at every start.
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DealerEntity } from '@kaflow/persistence';
import { loadPolicy } from '@kaflow/records';
import {
  annualPlanScheduleId,
  annualPlanScheduledWorkflow,
  dailyCheckScheduleId,
  dailyCheckScheduledWorkflow,
  monthEndScheduleId,
  monthEndScheduledWorkflow,
} from '@kaflow/workflows';
import { weeklyReviewScheduleId, weeklyReviewScheduledWorkflow, weeklyReviewStarterId } from '@kaflow/workflows';
import { lossDigestScheduleId, lossDigestScheduledWorkflow } from '@kaflow/workflows';
import { calendarWatchScheduleId, calendarWatchScheduledWorkflow } from '@kaflow/workflows';
import { followUpSweepScheduleId, followUpSweepScheduledWorkflow } from '@kaflow/workflows';

/** A process a per-dealer schedule starts: at hour:minute dealer time, every day; the workflow
 *  itself decides whether the day is one it acts on (working day, month-end window, …). */
export interface ScheduledProcess {
  name: string;
  scheduleId: (dealerId: string) => string;
  /** The id of each scheduled starter run (Temporal appends the fire time). */
  starterId: (dealerId: string) => string;
  workflowType: (input: { dealerId: string }) => Promise<unknown>;
  hour: number;
  minute: number;
}

export const SCHEDULED_PROCESSES: ScheduledProcess[] = [
  {
    name: 'daily-check',
    scheduleId: dailyCheckScheduleId,
    starterId: (d) => `daily-check-schedule:${d}`,
    workflowType: dailyCheckScheduledWorkflow,
    hour: 9,
    minute: 0,
  },
  {
    // acts on the first working day of the policy's month (December): next year's annual plan
    name: 'annual-plan',
    scheduleId: annualPlanScheduleId,
    starterId: (d) => `annual-plan-schedule:${d}`,
    workflowType: annualPlanScheduledWorkflow,
    hour: 8,
    minute: 30,
  },
  {
    // acts on the first of the last 5 working days of each month: the month-end planning cycle
    name: 'month-end',
    scheduleId: monthEndScheduleId,
    starterId: (d) => `month-end-schedule:${d}`,
    workflowType: monthEndScheduledWorkflow,
    hour: 8,
    minute: 30,
  },
  {
    name: 'weekly-review',
    scheduleId: weeklyReviewScheduleId,
    starterId: weeklyReviewStarterId,
    workflowType: weeklyReviewScheduledWorkflow,
    hour: 9,
    minute: 0,
  },
  {
    // every working day: the previous working day's lost deals, mailed to the key-account manager (process 6)
    name: 'loss-digest',
    scheduleId: lossDigestScheduleId,
    starterId: (d) => `loss-digest-schedule:${d}`,
    workflowType: lossDigestScheduledWorkflow,
    hour: 8,
    minute: 30,
  },
  {
    // every day, for a dealer on the sweep grain only: the day's follow-up sweep, 05:00 to 05:00 (process 6)
    name: 'follow-up-sweep',
    scheduleId: followUpSweepScheduleId,
    starterId: (d) => `follow-up-sweep-schedule:${d}`,
    workflowType: followUpSweepScheduledWorkflow,
    hour: 5,
    minute: 0,
  },
];

/**
 * The one national schedule (not per dealer): every day at 09:00 Shanghai time it checks whether the
 * sysadmin must be asked for next year's holiday notice (from the first working day of November).
 */
export const CALENDAR_WATCH: ScheduledProcess = {
  name: 'calendar-watch',
  scheduleId: () => calendarWatchScheduleId(),
  starterId: () => 'calendar-watch-schedule',
  workflowType: calendarWatchScheduledWorkflow,
  hour: 9,
  minute: 0,
};

export async function syncSchedules(
  client: Client,
  db: DataSource,
  taskQueue: string,
  log: (s: string) => void = () => {},
  only?: string[],
): Promise<number> {
  const dealers = (await db.getRepository(DealerEntity).find({ order: { code: 'ASC' } })).filter(
    (d) => !only || only.includes(d.id),
  );
  for (const dealer of dealers) {
    const policy = await loadPolicy(db, dealer.id);
    for (const p of SCHEDULED_PROCESSES) await syncOne(client, p, dealer.id, policy.timezone, taskQueue, log);
  }
  if (!only) await syncOne(client, CALENDAR_WATCH, 'national', 'Asia/Shanghai', taskQueue, log); // a full sync only
  return dealers.length;
}

async function syncOne(
  client: Client,
  p: ScheduledProcess,
  dealerId: string,
  timezone: string,
  taskQueue: string,
  log: (s: string) => void,
) {
  const scheduleId = p.scheduleId(dealerId);
  const spec = { calendars: [{ hour: p.hour, minute: p.minute, dayOfWeek: '*' as const }], timezone };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: p.workflowType,
    taskQueue,
    workflowId: p.starterId(dealerId),
    args: [{ dealerId }] as [{ dealerId: string }],
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 hour' },
    });
    log(
      `schedule ${scheduleId} created ` +
        `(${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')} ${timezone})`,
    );
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action }));
  }
}
