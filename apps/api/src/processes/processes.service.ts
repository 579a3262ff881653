// Runs a scheduled process now, for a business date, exactly as its schedule would; once per dealer
// and period. Each process has its trigger in triggers/<process>.trigger.ts.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { localDate } from '@kaflow/calendar';
import { loadCalendar, loadPolicy } from '@kaflow/records';
import { hasRole, type AuthUser } from '../common/auth-user';
import { forbidden, notFound, unprocessable } from '../common/domain-error';
import { Temporal } from '../infra/infra.module';
import { annualPlanTrigger } from './triggers/annual-plan.trigger';
import { dailyCheckTrigger } from './triggers/daily-check.trigger';
import { monthEndTrigger } from './triggers/month-end.trigger';
import { weeklyReviewTrigger } from './triggers/weekly-review.trigger';
import type { ProcessTrigger, TriggerResult } from './triggers/trigger';

export const PROCESSES = ['annual-plan', 'month-end', 'daily-check', 'weekly-review'] as const;
export type ProcessName = (typeof PROCESSES)[number];
export type { TriggerResult };

export const TRIGGERS: Partial<Record<ProcessName, ProcessTrigger>> = {
  'daily-check': dailyCheckTrigger,
  'annual-plan': annualPlanTrigger,
  'month-end': monthEndTrigger,
  'weekly-review': weeklyReviewTrigger,
};

@Injectable()
export class ProcessesService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly temporal: Temporal,
  ) {}

  async trigger(user: AuthUser, process: string, businessDate?: string): Promise<TriggerResult> {
    if (!(PROCESSES as readonly string[]).includes(process)) throw notFound(`process "${process}"`);
    if (!hasRole(user, 'admin', 'ka_manager'))
      throw forbidden('only an admin or the key-account manager may run a process by hand');
    const trigger = TRIGGERS[process as ProcessName];
    if (!trigger) throw unprocessable(`the ${process} process is not available in this release yet`);
    const policy = await loadPolicy(this.db, user.dealerId);
    const calendar = await loadCalendar(this.db, user.dealerId);
    const date = businessDate ?? localDate(this.clock.now(), policy.timezone);
    return trigger({
      db: this.db,
      temporal: this.temporal,
      dealerId: user.dealerId,
      businessDate: date,
      policy,
      calendar,
    });
  }
}
