// 每日自检: every working day the key-account manager checks the previous day's records; items
// marked not ok become rectification items for their consultants.
import { proxyActivities } from '@temporalio/workflow';
import type { RecordKeepingActivities } from '@kaflow/activities';
import { finishHandlers, humanTask, startChildOnce } from '../common';
import {
  dailyCheckWorkflowId,
  type DailyCheckInput,
  type DailyCheckItemDecision,
  type DailyCheckScheduleInput,
} from './record-keeping.contract';

const rk = proxyActivities<RecordKeepingActivities>({ startToCloseTimeout: '2 minutes' });

export async function dailyCheckWorkflow(input: DailyCheckInput): Promise<{ items: number; rectifications: number }> {
  const { dealerId, businessDate } = input;
  const run = await rk.prepareDailyCheck(input);
  if (!run.working || run.items.length === 0) return { items: run.items.length, rectifications: 0 };

  const check = await humanTask({
    kind: 'daily_check',
    dealerId,
    chain: 'default',
    due: 'dailyCheck',
    assignee: { role: 'ka_manager' },
    subject: { type: 'daily_check', id: `${dealerId}:${businessDate}` },
    title: `每日自检 ${businessDate}（${run.items.length} 条）`,
    payload: { businessDate, windowFrom: run.windowFrom, items: run.items },
  });
  const listed = new Map(run.items.map((i) => [i.prospectId, i]));
  const notOk = ((check.data?.items ?? []) as DailyCheckItemDecision[]).filter(
    (i) => i.ok === false && listed.has(i.prospectId),
  );
  await Promise.all(
    notOk.map((item) =>
      humanTask({
        kind: 'rectification',
        dealerId,
        chain: 'default',
        due: 'rectification',
        assignee: { ownerOf: item.prospectId },
        subject: { type: 'prospect', id: item.prospectId },
        title: `整改：${listed.get(item.prospectId)!.label}`,
        payload: { source: 'daily_check', businessDate, dailyCheckTaskId: check.taskId, note: item.note ?? null },
      }),
    ),
  );
  await finishHandlers();
  return { items: run.items.length, rectifications: notOk.length };
}

/** Started by the dealer's 09:00 schedule: runs the day's check once, on working days only. */
export async function dailyCheckScheduledWorkflow(input: DailyCheckScheduleInput): Promise<string | null> {
  const { businessDate, working } = await rk.businessToday(input);
  if (!working) return null;
  return startChildOnce(dailyCheckWorkflow, dailyCheckWorkflowId(input.dealerId, businessDate), [
    { dealerId: input.dealerId, businessDate },
  ]);
}
