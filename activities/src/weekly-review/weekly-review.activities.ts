// Process 4's weekly review side effects: when it runs, the review row with its progress, the
// manager's actions, and the one summary mail to the sales directors. Each is idempotent on
// (dealer, week).
import {
  isoWeekOf,
  midMonthWarningDay,
  weeklyReviewDay,
  type MidMonthDay,
  type WeeklyReviewDay,
} from '@kaflow/calendar';
import { ApplicationFailure } from '@temporalio/activity';
import { ErrorCode } from '@kaflow/domain';
import { TaskEntity, UserEntity, WeeklyReviewEntity } from '@kaflow/persistence';
import {
  forecastWarningSubjectId,
  weeklyReviewSummaryKey,
  type ForecastWarningInput,
  type PreparedForecastWarning,
  type PreparedWeeklyReview,
  type WeeklyProgressReport,
  type WeeklyReviewAction,
  type WeeklyReviewInput,
} from '@kaflow/workflows';
import { computeWeeklyProgress, forecastWarning, loadCalendar, loadPolicy } from '@kaflow/records';
import type { ActivityDeps } from '../deps';
import { notifyOnce } from '../notifications/mailer';
import { weeklyReviewSummaryMail } from './weekly-review.mail';

export function createWeeklyReviewActivities(deps: ActivityDeps) {
  const { db, mailer, now } = deps;
  const reviews = () => db.getRepository(WeeklyReviewEntity);

  return {
    /** Whether the mid-month forecast warning runs on this date (the 15th, or the next working day). */
    async midMonthWarningToday(input: { dealerId: string; businessDate: string }): Promise<MidMonthDay> {
      return midMonthWarningDay(await loadCalendar(db, input.dealerId), input.businessDate);
    },

    /**
     * The early warning as of the business date (libs/records forecastWarning): warn when the month's forecast P50
     * is short of the target by more than the policy's margin, and the occasion has no warning task yet.
     */
    async prepareForecastWarning(input: ForecastWarningInput): Promise<PreparedForecastWarning> {
      const policy = await loadPolicy(db, input.dealerId);
      const w = await forecastWarning(db, input.dealerId, input.businessDate, policy);
      const base = { month: w.month, target: w.total?.target ?? null, p50: w.total?.p50 ?? null };
      const warned = await db.getRepository(TaskEntity).existsBy({
        dealerId: input.dealerId,
        kind: 'forecast_warning',
        subjectType: 'forecast_warning',
        subjectId: forecastWarningSubjectId(input.dealerId, input.key),
      });
      if (warned) return { ...base, warn: false, reason: `already warned for ${input.key}`, gap: null, payload: {} };
      if (!w.warn) return { ...base, warn: false, reason: w.reason, gap: w.total?.gap ?? null, payload: {} };
      return {
        ...base,
        warn: true,
        reason: null,
        gap: w.total!.gap,
        payload: { occasion: input.occasion, key: input.key, businessDate: input.businessDate, ...w },
      };
    },

    /** Whether the review runs on this date (the first working day of its ISO week), per the dealer's calendar. */
    async weeklyReviewToday(input: { dealerId: string; businessDate: string }): Promise<WeeklyReviewDay> {
      return weeklyReviewDay(await loadCalendar(db, input.dealerId), input.businessDate);
    },

    /**
     * Claims the week's review row (once per dealer and week) and stores the progress computed now.
     * A week whose review already has its task is not reviewed a second time.
     */
    async prepareWeeklyReview(input: WeeklyReviewInput): Promise<PreparedWeeklyReview> {
      const week = isoWeekOf(input.businessDate);
      const [policy, calendar] = await Promise.all([loadPolicy(db, input.dealerId), loadCalendar(db, input.dealerId)]);
      const progress = await computeWeeklyProgress(db, {
        dealerId: input.dealerId,
        businessDate: input.businessDate,
        calendar,
        threshold: policy.weeklyGapThreshold,
      });
      await reviews()
        .createQueryBuilder()
        .insert()
        .into(WeeklyReviewEntity)
        .values({
          dealerId: input.dealerId,
          week,
          businessDate: input.businessDate,
          month: progress.month,
          progress: progress as any,
          gapCount: progress.gaps,
          taskId: null,
          actions: null,
          summarySentAt: null,
          createdAt: now(),
        })
        .orIgnore()
        .execute();
      const row = await reviews().findOneByOrFail({ dealerId: input.dealerId, week });
      const tasked =
        row.taskId !== null ||
        (await db.getRepository(TaskEntity).existsBy({
          dealerId: input.dealerId,
          kind: 'weekly_review',
          subjectType: 'weekly_review',
          subjectId: `${input.dealerId}:${week}`,
        }));
      if (tasked) return { week, claimed: false, progress: row.progress as WeeklyProgressReport };
      // Not yet tasked (first attempt, or a retry before the task): the figures as of now.
      await reviews().update(
        { dealerId: input.dealerId, week },
        { businessDate: input.businessDate, month: progress.month, progress: progress as any, gapCount: progress.gaps },
      );
      return { week, claimed: true, progress };
    },

    /** Puts the task's id on the review row as soon as the task exists. */
    async linkWeeklyReviewTask(input: { dealerId: string; week: string; workflowId: string }): Promise<string> {
      const find = () =>
        db.getRepository(TaskEntity).findOne({
          where: { dealerId: input.dealerId, workflowId: input.workflowId, kind: 'weekly_review' },
          order: { createdAt: 'DESC' },
        });
      // The task row is written by createTask, which runs alongside: wait briefly, then let Temporal retry.
      let task = await find();
      for (let i = 0; !task && i < 25; i++) task = await new Promise((r) => setTimeout(r, 200)).then(find);
      if (!task)
        throw ApplicationFailure.create({
          message: `weekly_review task of ${input.workflowId} not written yet`,
          type: ErrorCode.NotFound,
        });
      await reviews().update({ dealerId: input.dealerId, week: input.week }, { taskId: task.id });
      return task.id;
    },

    /** Records the manager's corrective actions on the review row. */
    async recordWeeklyReviewActions(input: {
      dealerId: string;
      week: string;
      taskId: string;
      actions: WeeklyReviewAction[];
    }): Promise<void> {
      const actions = input.actions.map((a) => ({
        gap: String(a.gap),
        action: String(a.action),
        owner: String(a.owner),
      }));
      await reviews().update({ dealerId: input.dealerId, week: input.week }, { taskId: input.taskId, actions });
    },

    /** One summary mail to every sales director of the dealer (progress, gaps, actions); once per week. */
    async sendWeeklyReviewSummary(input: { dealerId: string; week: string }): Promise<boolean> {
      const row = await reviews().findOneByOrFail({ dealerId: input.dealerId, week: input.week });
      const directors = await db
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .select('u.email', 'email')
        .where('u.dealerId = :dealerId AND u.active AND :role = ANY(u.roles)', {
          dealerId: input.dealerId,
          role: 'sales_director',
        })
        .getRawMany<{ email: string }>();
      const { subject, text } = weeklyReviewSummaryMail(
        row.week,
        row.progress as WeeklyProgressReport,
        row.actions ?? [],
      );
      const sent = await notifyOnce(db, mailer, {
        key: weeklyReviewSummaryKey(input.dealerId, input.week),
        dealerId: input.dealerId,
        taskId: row.taskId,
        kind: 'weekly_review_summary',
        to: [...new Set(directors.map((d) => d.email))].sort(),
        subject,
        text,
      });
      if (!row.summarySentAt)
        await reviews().update({ dealerId: input.dealerId, week: input.week }, { summarySentAt: now() });
      return sent;
    },
  };
}

export type WeeklyReviewActivities = ReturnType<typeof createWeeklyReviewActivities>;
