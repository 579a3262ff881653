// Runs a scheduled process now, for a business date, exactly as its schedule would; once per dealer and date.
import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { localDate } from '@kaflow/calendar';
import { DailyCheckRunEntity } from '@kaflow/persistence';
import { loadCalendar, loadPolicy } from '@kaflow/activities';
import { dailyCheckWorkflow, dailyCheckWorkflowId } from '@kaflow/workflows';
import { hasRole, type AuthUser } from '../common/auth-user';
import { forbidden, notFound, unavailable, unprocessable } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';

export const PROCESSES = ['annual-plan', 'month-end', 'daily-check', 'weekly-review'] as const;
export type ProcessName = (typeof PROCESSES)[number];

export type TriggerResult = { workflowId: string; started: boolean; businessDate: string; reason?: string };

@Injectable()
export class ProcessesService {
  constructor(private readonly db: DataSource, private readonly temporal: Temporal) {}

  async trigger(user: AuthUser, process: string, businessDate?: string): Promise<TriggerResult> {
    if (!(PROCESSES as readonly string[]).includes(process)) throw notFound(`process "${process}"`);
    if (!hasRole(user, 'admin', 'ka_manager')) throw forbidden('only an admin or the key-account manager may run a process by hand');
    const policy = await loadPolicy(this.db, user.dealerId);
    const date = businessDate ?? localDate(new Date(), policy.timezone);
    if (process !== 'daily-check') throw unprocessable(`the ${process} process is not available in this release yet`);
    return this.dailyCheck(user.dealerId, date);
  }

  private async dailyCheck(dealerId: string, businessDate: string): Promise<TriggerResult> {
    const workflowId = dailyCheckWorkflowId(dealerId, businessDate);
    const calendar = await loadCalendar(this.db);
    if (!calendar.isWorkingDay(businessDate)) return { workflowId, started: false, businessDate, reason: `${businessDate} is not a working day` };
    // The run row outlives Temporal's retention of closed workflows: a date checked once is never checked again.
    if (await this.db.getRepository(DailyCheckRunEntity).existsBy({ dealerId, businessDate })) {
      return { workflowId, started: false, businessDate, reason: 'already run for this date' };
    }
    try {
      await this.temporal.client.workflow.start(dailyCheckWorkflow, {
        workflowId, taskQueue: this.temporal.taskQueue, args: [{ dealerId, businessDate }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      return { workflowId, started: true, businessDate };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false, businessDate, reason: 'already started for this date' };
      throw unavailable(`the process engine (Temporal) is unavailable: ${(err as Error).message}`);
    }
  }
}
