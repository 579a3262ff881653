// One Temporal Schedule per dealer and scheduled process: the daily self-check at 09:00 dealer time.
// Created when missing, updated when the dealer's time zone changed; safe to run at every start.
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DealerEntity } from '@kaflow/persistence';
import { loadPolicy } from '@kaflow/activities';
import { dailyCheckScheduleId, dailyCheckScheduledWorkflow } from '@kaflow/workflows';

export async function syncSchedules(client: Client, db: DataSource, taskQueue: string, log: (s: string) => void = () => {}): Promise<number> {
  const dealers = await db.getRepository(DealerEntity).find({ order: { code: 'ASC' } });
  for (const dealer of dealers) {
    const policy = await loadPolicy(db, dealer.id);
    const scheduleId = dailyCheckScheduleId(dealer.id);
    const spec = { calendars: [{ hour: 9, minute: 0, dayOfWeek: '*' as const }], timezone: policy.timezone };
    const action = {
      type: 'startWorkflow' as const, workflowType: dailyCheckScheduledWorkflow, taskQueue,
      workflowId: `daily-check-schedule:${dealer.id}`, args: [{ dealerId: dealer.id }] as [{ dealerId: string }],
    };
    try {
      await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 hour' } });
      log(`schedule ${scheduleId} created (09:00 ${policy.timezone})`);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec, action }));
    }
  }
  return dealers.length;
}
