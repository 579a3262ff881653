// Process 4, the weekly progress review (周进度盘点): ids, inputs, the progress report's shape and
// the week it reviews. When a review runs (the first working day of each ISO week) is a calendar rule:
// weeklyReviewDay in @kaflow/calendar. No I/O, no clock.

export const weeklyReviewWorkflowId = (dealerId: string, week: string) => `weekly-review:${dealerId}:${week}`;
export const weeklyReviewScheduleId = (dealerId: string) => `weekly-review:${dealerId}`;
export const weeklyReviewStarterId = (dealerId: string) => `weekly-review-schedule:${dealerId}`;
/** Key of the one summary mail to the sales directors. */
export const weeklyReviewSummaryKey = (dealerId: string, week: string) => `weekly-review-summary:${dealerId}:${week}`;

export interface WeeklyReviewInput {
  dealerId: string;
  businessDate: string;
}
export interface WeeklyReviewScheduleInput {
  dealerId: string;
}

/** A corrective action the key-account manager writes for a gap. */
export interface WeeklyReviewAction {
  gap: string;
  action: string;
  owner: string;
}

/** One progress line: target of the month, actual month-to-date, pro-rated target and the verdict. */
export interface WeeklyProgressLine {
  key: string;
  label?: string;
  target: number;
  actual: number;
  proRated: number;
  achievement: number | null;
  gap: boolean;
  shortfall: number;
}

/** Where the month's targets came from: the newest approved plan of the month (or year). */
export interface ProgressPlanRef {
  id: string;
  kind: 'decomposition' | 'rolling' | 'annual';
  period: string;
  version: number;
}

export interface WeeklyProgressReport {
  /** The month under review and the business date the review is as of. */
  month: string;
  businessDate: string;
  /** Actuals count from the 1st of the month up to and including this date. */
  through: string;
  workingDaysInMonth: number;
  workingDaysElapsed: number;
  threshold: number;
  plan: ProgressPlanRef | null;
  /** Why there are no targets, when there is no approved plan. */
  note: string | null;
  share: number;
  lines: WeeklyProgressLine[];
  gaps: number;
}

/** What prepareWeeklyReview hands the workflow. */
export interface PreparedWeeklyReview {
  week: string;
  /** False when this week's review already has its task (started before, e.g. by hand). */
  claimed: boolean;
  progress: WeeklyProgressReport;
}

/**
 * The early warning (预警): once per dealer and occasion, `key` being the ISO week of a weekly review or
 * `YYYY-MM-15` for the mid-month run.
 */
export const forecastWarningWorkflowId = (dealerId: string, key: string) => `forecast-warning:${dealerId}:${key}`;
export const forecastWarningSubjectId = (dealerId: string, key: string) => `${dealerId}:${key}`;

export interface ForecastWarningInput {
  dealerId: string;
  businessDate: string;
  occasion: 'weekly_review' | 'mid_month';
  key: string;
}

/** What prepareForecastWarning hands the workflow: whether to warn, and the task's payload when it does. */
export interface PreparedForecastWarning {
  warn: boolean;
  reason: string | null;
  month: string;
  target: number | null;
  p50: number | null;
  gap: number | null;
  payload: Record<string, unknown>;
}
