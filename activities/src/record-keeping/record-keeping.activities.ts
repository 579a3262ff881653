// Process 5 side effects: the callback check record and the daily self-check's list of records.
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorCode } from '@kaflow/domain';
import { dueAfter, localDate, zonedInstant } from '@kaflow/calendar';
import {
  AccountEntity,
  CallbackCheckEntity,
  ContactEntity,
  DailyCheckRunEntity,
  ProspectEntity,
  TaskEntity,
} from '@kaflow/persistence';
import type { DailyCheckInput, DailyCheckRun, DailyCheckScheduleInput, ProspectBrief } from '@kaflow/workflows';
import { loadCalendar, loadPolicy } from '@kaflow/records';
import type { ActivityDeps } from '../deps';

export interface CallbackProspect {
  label: string;
  ownerId: string;
  accountName: string;
  contactName: string;
  contactPhone: string;
  model: string;
  quantity: number;
  grade: string;
}

export function createRecordKeepingActivities(deps: ActivityDeps) {
  const { db, now } = deps;

  return {
    /** Opens the prospect's callback check (once) and returns what the agent needs for the call. */
    async openCallbackCheck(input: {
      dealerId: string;
      prospectId: string;
      workflowId: string;
    }): Promise<CallbackProspect> {
      const p = await db.getRepository(ProspectEntity).findOneBy({ id: input.prospectId, dealerId: input.dealerId });
      // Retryable: the API starts this workflow inside the transaction that writes the prospect,
      // so the first attempt may run before the commit. The workflow bounds the retries.
      if (!p)
        throw ApplicationFailure.create({
          message: `prospect ${input.prospectId} not found (yet)`,
          type: ErrorCode.NotFound,
        });
      const [account, contact] = await Promise.all([
        db.getRepository(AccountEntity).findOneByOrFail({ id: p.accountId }),
        db.getRepository(ContactEntity).findOneByOrFail({ id: p.contactId }),
      ]);
      const [policy, calendar] = await Promise.all([loadPolicy(db, input.dealerId), loadCalendar(db, input.dealerId)]);
      await db
        .createQueryBuilder()
        .insert()
        .into(CallbackCheckEntity)
        .values({
          workflowId: input.workflowId,
          dealerId: input.dealerId,
          prospectId: p.id,
          ownerId: p.ownerId,
          status: 'open',
          dueAt: dueAfter(p.createdAt, policy.durations.callback, calendar, policy.timezone),
          createdAt: now(),
        })
        .orIgnore()
        .execute();
      return {
        label: `${account.name} ${contact.name}（${p.model}×${p.quantity}，${p.grade}级）`,
        ownerId: p.ownerId,
        accountName: account.name,
        contactName: contact.name,
        contactPhone: contact.phone,
        model: p.model,
        quantity: p.quantity,
        grade: p.grade,
      };
    },

    /** Records a call's outcome on the check: the first call sets done / on time; a verification call closes it. */
    async recordCallbackOutcome(input: {
      workflowId: string;
      phase: 'check' | 'verification';
      taskId: string;
      decision: string;
      data?: Record<string, unknown>;
    }): Promise<void> {
      const repo = db.getRepository(CallbackCheckEntity);
      const [check, task] = await Promise.all([
        repo.findOneByOrFail({ workflowId: input.workflowId }),
        db.getRepository(TaskEntity).findOneByOrFail({ id: input.taskId }),
      ]);
      const decidedAt = task.decidedAt ?? now();
      const closing = input.decision !== 'incorrect';
      const patch: Partial<CallbackCheckEntity> = {
        status: closing ? 'closed' : 'rectifying',
        closedAt: closing ? decidedAt : null,
      };
      if (input.phase === 'check') {
        Object.assign(patch, {
          outcome: input.decision,
          doneAt: decidedAt,
          onTime: decidedAt.getTime() <= check.dueAt.getTime(),
          corrections: (input.data?.corrections as CallbackCheckEntity['corrections']) ?? null,
        });
      } else {
        patch.verificationOutcome = input.decision;
      }
      await repo.update({ workflowId: input.workflowId }, patch);
    },

    /** The business date at the dealer now, and whether it is a working day. */
    async businessToday(input: DailyCheckScheduleInput): Promise<{ businessDate: string; working: boolean }> {
      const [policy, calendar] = await Promise.all([loadPolicy(db, input.dealerId), loadCalendar(db, input.dealerId)]);
      const businessDate = localDate(now(), policy.timezone);
      return { businessDate, working: calendar.isWorkingDay(businessDate) };
    },

    /**
     * Lists every prospect created or changed since the previous working day (so Monday covers the
     * weekend), up to the start of the business date, and records the run once per dealer and date.
     * A prospect brought in by an import is the dealer's existing base, not a new record: it is listed
     * only once it has been changed after the import.
     */
    async prepareDailyCheck(input: DailyCheckInput): Promise<DailyCheckRun> {
      const [policy, calendar] = await Promise.all([loadPolicy(db, input.dealerId), loadCalendar(db, input.dealerId)]);
      if (!calendar.isWorkingDay(input.businessDate))
        return { working: false, windowFrom: input.businessDate, items: [] };
      const windowFrom = calendar.previousWorkingDay(input.businessDate);
      const from = zonedInstant(windowFrom, '00:00', policy.timezone);
      const to = zonedInstant(input.businessDate, '00:00', policy.timezone);
      const rows: Array<{
        id: string;
        ownerId: string;
        grade: string;
        model: string;
        quantity: number;
        createdAt: Date;
        account: string;
        contact: string;
        imported: boolean;
      }> = await db.query(
        `SELECT p.id, p."ownerId", p.grade, p.model, p.quantity, p."createdAt", a.name AS account, c.name AS contact,
                  (p."importJobId" IS NOT NULL) AS imported
             FROM prospect p JOIN account a ON a.id = p."accountId" JOIN contact c ON c.id = p."contactId"
            WHERE p."dealerId" = $1 AND p."updatedAt" >= $2 AND p."updatedAt" < $3
              AND NOT (p."importJobId" IS NOT NULL AND p."updatedAt" = p."createdAt")
            ORDER BY p."createdAt", p.id`,
        [input.dealerId, from, to],
      );
      const items: ProspectBrief[] = rows.map((r) => ({
        prospectId: r.id,
        ownerId: r.ownerId,
        grade: r.grade,
        label: `${r.account} ${r.contact}（${r.model}×${r.quantity}，${r.grade}级）`,
        change: r.createdAt >= from && !r.imported ? 'created' : 'updated',
      }));
      await db
        .createQueryBuilder()
        .insert()
        .into(DailyCheckRunEntity)
        .values({
          dealerId: input.dealerId,
          businessDate: input.businessDate,
          windowFrom,
          itemCount: items.length,
          createdAt: now(),
        })
        .orIgnore()
        .execute();
      return { working: true, windowFrom, items };
    },
  };
}

export type RecordKeepingActivities = ReturnType<typeof createRecordKeepingActivities>;
