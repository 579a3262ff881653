// Open work follows the calendar: when a year's national calendar (or a dealer's closures) changes, the
// open tasks whose working-day deadlines touch that year are recomputed in the task table, and after the
// commit their workflows are told to re-read them (their timers re-armed); the follow-up workflows due in
// that year re-read their records. Nothing else is touched.
import { Logger } from '@nestjs/common';
import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { previewCalendarChange, type NoticePreview, type OpenTaskTimes, type WorkingCalendar } from '@kaflow/calendar';
import { ProspectEntity, TaskEntity } from '@kaflow/persistence';
import { loadPolicy } from '@kaflow/records';
import { followUpWorkflowId, prospectChangedSignal, taskTimesChangedSignal } from '@kaflow/workflows';
import type { Temporal } from '../infra/infra.module';

/** Before and after calendars of one dealer (its closures included). */
export type DealerCalendars = (dealerId: string) => Promise<{ before: WorkingCalendar; after: WorkingCalendar }>;

export interface Recomputed {
  preview: NoticePreview;
  /** per task, for the update and the signal */
  moved: Array<{ taskId: string; workflowId: string; dueAt: Date; originalDueAt: Date; remindAt: Date }>;
}

const span = (year: number) => ({
  from: new Date(`${year - 1}-12-20T00:00:00Z`),
  to: new Date(`${year + 1}-01-10T00:00:00Z`),
});

/** The open tasks that could move: a working-day rule, created before the year ends, due from its start. */
async function candidates(db: DataSource | EntityManager, year: number, dealerId?: string): Promise<TaskEntity[]> {
  const { from, to } = span(year);
  const q = db
    .getRepository(TaskEntity)
    .createQueryBuilder('t')
    .where('t.status = :open', { open: 'open' })
    .andWhere(`jsonb_typeof(t."dueRule") = 'object'`)
    .andWhere('t.createdAt < :to', { to })
    .andWhere(new Brackets((w) => w.where('t.dueAt >= :from', { from }).orWhere('t.remindAt >= :from', { from })));
  if (dealerId) q.andWhere('t.dealerId = :dealerId', { dealerId });
  return q.orderBy('t.dueAt', 'ASC').getMany();
}

/** What would move, per dealer calendar; `national` gives the days, month-end windows and weeks. */
export async function planRecompute(
  db: DataSource | EntityManager,
  year: number,
  national: { before: WorkingCalendar; after: WorkingCalendar },
  calendars: DealerCalendars,
  dealerId?: string,
): Promise<Recomputed> {
  const preview = previewCalendarChange(year, national.before, national.after);
  const tasks = await candidates(db, year, dealerId);
  const byDealer = new Map<string, TaskEntity[]>();
  for (const t of tasks) byDealer.set(t.dealerId, [...(byDealer.get(t.dealerId) ?? []), t]);
  const moved: Recomputed['moved'] = [];
  for (const [dealer, rows] of byDealer) {
    const [{ before, after }, policy] = await Promise.all([calendars(dealer), loadPolicy(db, dealer)]);
    const input: OpenTaskTimes[] = rows.map((t) => ({
      taskId: t.id,
      createdAt: t.createdAt,
      dueRule: t.dueRule,
      escalationLevel: t.escalationLevel,
      dueAt: t.dueAt,
      originalDueAt: t.originalDueAt,
      remindAt: t.remindAt,
      timeZone: policy.timezone,
    }));
    const changes = previewCalendarChange(year, before, after, input).tasks;
    preview.tasks.push(...changes);
    const wf = new Map(rows.map((t) => [t.id, t.workflowId]));
    for (const c of changes) {
      moved.push({
        taskId: c.taskId,
        workflowId: wf.get(c.taskId)!,
        dueAt: new Date(c.dueAt.after),
        originalDueAt: new Date(c.originalDueAt),
        remindAt: new Date(c.remindAt.after),
      });
    }
  }
  return { preview, moved };
}

/** Inside the saving transaction: the new times, only where the task is still open. */
export async function applyRecompute(m: EntityManager, r: Recomputed): Promise<void> {
  for (const t of r.moved) {
    await m
      .getRepository(TaskEntity)
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ dueAt: t.dueAt, originalDueAt: t.originalDueAt, remindAt: t.remindAt })
      .where('id = :id AND status = :open', { id: t.taskId, open: 'open' })
      .execute();
  }
}

export interface SignalReport {
  workflows: number;
  rhythms: number;
  failed: number;
}

/**
 * After the commit: tells the waiting workflows and the follow-up workflows due in the year. Never throws.
 * The report's `rhythms` (the API's first name) counts the follow-up workflows told.
 */
export async function signalRecompute(
  db: DataSource,
  temporal: Temporal,
  year: number,
  r: Recomputed,
  log: Logger,
  dealerId?: string,
): Promise<SignalReport> {
  const report: SignalReport = { workflows: 0, rhythms: 0, failed: 0 };
  const byWorkflow = new Map<string, string[]>();
  for (const t of r.moved) byWorkflow.set(t.workflowId, [...(byWorkflow.get(t.workflowId) ?? []), t.taskId]);
  const send = async (fn: () => Promise<void>, what: string) => {
    try {
      await temporal.connection.withDeadline(Date.now() + 3000, fn);
      return true;
    } catch (err) {
      report.failed++;
      log.warn(`calendar ${year}: could not signal ${what}: ${(err as Error).message}`);
      return false;
    }
  };
  for (const [workflowId, taskIds] of byWorkflow) {
    const h = temporal.client.workflow.getHandle(workflowId);
    if (await send(() => h.signal(taskTimesChangedSignal, { taskIds }), workflowId)) report.workflows++;
  }
  const { from, to } = span(year);
  const q = db
    .getRepository(ProspectEntity)
    .createQueryBuilder('p')
    .select(['p.id', 'p.dealerId'])
    .where('p.nextFollowUpDue >= :from AND p.nextFollowUpDue < :to', { from, to });
  if (dealerId) q.andWhere('p.dealerId = :dealerId', { dealerId });
  for (const p of await q.getMany()) {
    const h = temporal.client.workflow.getHandle(followUpWorkflowId(p.dealerId, p.id));
    const ok = await send(
      () => h.signal(prospectChangedSignal, { reason: `calendar ${year} changed` }),
      `follow-up ${p.id}`,
    );
    if (ok) report.rhythms++;
  }
  return report;
}
