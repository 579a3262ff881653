// The human steps of every workflow: which decisions each kind of task takes (docs/user-guide.md).
import type { Role } from './enums';

export const TASK_DECISIONS = {
  callback: ['verified', 'incorrect', 'unreachable', 'denied'],
  rectification: ['fixed'],
  daily_check: ['done'],
  plan_draft: ['submit'],
  plan_review: ['approve', 'reject'],
  plan_signoff: ['approve', 'reject'],
  target_confirmation: ['confirm', 'dispute'],
  visit_plan: ['submit'],
  weekly_review: ['done'],
  // the early warning (预警): the manager notes it with the action taken (the comment)
  forecast_warning: ['noted'],
  lost_analysis: ['done'],
  overdue_followup: ['done'],
  training_request: ['scheduled', 'declined'],
  // done by loading the notice (PUT /api/calendar/official/:year), never by a button
  calendar_load: ['loaded'],
} as const;

export type TaskKind = keyof typeof TASK_DECISIONS;
export type TaskDecision = (typeof TASK_DECISIONS)[TaskKind][number];
export const TASK_KINDS = Object.keys(TASK_DECISIONS) as TaskKind[];
export type TaskStatus = 'open' | 'done' | 'cancelled';

export const TASK_KIND_LABELS_ZH: Record<TaskKind, string> = {
  callback: '客服回访',
  rectification: '整改项',
  daily_check: '每日自检',
  plan_draft: '计划编制',
  plan_review: '计划审核',
  plan_signoff: '计划签批',
  target_confirmation: '个人目标确认书',
  visit_plan: '下月走访及活动计划',
  weekly_review: '周进度盘点',
  forecast_warning: '预警',
  lost_analysis: '战败分析',
  overdue_followup: '逾期跟进',
  training_request: '培训申请',
  calendar_load: '载入下一年节假日安排',
};

/** Who a task is for: one user, or every user holding a role in the dealer. */
export type Assignee = { userId: string } | { role: Role };

/** A decision as it arrives from the API (and travels into the workflow as an update). */
export interface TaskDecisionInput {
  taskId: string;
  decision: string;
  comment?: string;
  data?: Record<string, unknown>;
  byUserId: string;
  /** Where the decision was made when not on the task page: a WeCom card's button. */
  via?: 'wecom';
  /** A substitute (代理) decided: the person whose task it is (recorded beside `byUserId`). */
  onBehalfOfUserId?: string;
}

export interface FieldProblem {
  field: string;
  problem: string;
}

/** Why a deal was lost (战败原因), the lost-deal analysis's reason category. */
export const LOST_REASON_CATEGORIES = [
  'price',
  'competitor',
  'product',
  'delivery_time',
  'financing',
  'policy',
  'relationship',
  'other',
] as const;
export type LostReasonCategory = (typeof LOST_REASON_CATEGORIES)[number];

/** data of a lost_analysis decision: reasonCategory, lessons, competitor? { brand, model }, trainingRequest? */
function lostAnalysisProblems(data: Record<string, unknown> | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const d = data ?? {};
  const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
  if (!(LOST_REASON_CATEGORIES as readonly string[]).includes(d.reasonCategory as string)) {
    problems.push({ field: 'data.reasonCategory', problem: `must be one of ${LOST_REASON_CATEGORIES.join(', ')}` });
  }
  if (!text(d.lessons, 4000))
    problems.push({ field: 'data.lessons', problem: 'the lessons learnt are required (text up to 4000 characters)' });
  if (d.competitor !== undefined && d.competitor !== null) {
    const c = d.competitor as Record<string, unknown>;
    if (typeof c !== 'object' || Array.isArray(c))
      problems.push({ field: 'data.competitor', problem: 'must be { brand, model? }' });
    else {
      if (!text(c.brand, 100))
        problems.push({ field: 'data.competitor.brand', problem: 'must name the competing brand' });
      if (c.model !== undefined && c.model !== null && !text(c.model, 100))
        problems.push({ field: 'data.competitor.model', problem: 'must be a model name (text up to 100 characters)' });
    }
  }
  const t = d.trainingRequest;
  if (t !== undefined && t !== null && t !== false && !text(t, 2000)) {
    problems.push({
      field: 'data.trainingRequest',
      problem: 'must describe the training wanted (text up to 2000 characters), or be left out',
    });
  }
  return problems;
}

/** Checks a decision's shape for its kind; returns the problems (empty when it is acceptable). */
export function checkDecision(
  kind: TaskKind,
  d: Pick<TaskDecisionInput, 'decision' | 'comment' | 'data'>,
  payload?: Record<string, unknown> | null,
): FieldProblem[] {
  const allowed = TASK_DECISIONS[kind] as readonly string[];
  if (!allowed.includes(d.decision)) {
    return [{ field: 'decision', problem: `must be one of ${allowed.join(', ')} for a ${kind} task` }];
  }
  const problems: FieldProblem[] = [];
  const needsComment =
    d.decision === 'reject' ||
    d.decision === 'dispute' ||
    d.decision === 'declined' ||
    kind === 'overdue_followup' ||
    kind === 'forecast_warning';
  if (needsComment && !(typeof d.comment === 'string' && d.comment.trim().length > 0)) {
    problems.push({ field: 'comment', problem: `a comment is required with ${d.decision}` });
  }
  if (kind === 'callback' && d.decision === 'incorrect') {
    const corrections = d.data?.corrections;
    if (!Array.isArray(corrections) || corrections.length === 0) {
      problems.push({ field: 'data.corrections', problem: 'incorrect needs at least one { field, value } correction' });
    } else {
      corrections.forEach((c, i) => {
        if (!c || typeof c !== 'object' || typeof (c as any).field !== 'string' || !(c as any).field) {
          problems.push({ field: `data.corrections[${i}].field`, problem: 'must name the field that is wrong' });
        }
        if (c && typeof c === 'object' && !('value' in c)) {
          problems.push({ field: `data.corrections[${i}].value`, problem: 'must give the correct value' });
        }
      });
    }
  }
  if (kind === 'plan_review' && d.decision === 'approve' && payload?.coverageOk === false) {
    const note = d.data?.overrideNote;
    if (!(typeof note === 'string' && note.trim().length > 0)) {
      const check =
        (payload.plan as { kind?: string } | undefined)?.kind === 'decomposition'
          ? 'support check (the customer base does not carry the targets)'
          : 'coverage check';
      problems.push({
        field: 'data.overrideNote',
        problem: `the plan fails the ${check}: the director approves it only with an explicit override note`,
      });
    }
  }
  if (
    kind === 'plan_draft' &&
    d.data?.input !== undefined &&
    (typeof d.data.input !== 'object' || d.data.input === null || Array.isArray(d.data.input))
  ) {
    problems.push({ field: 'data.input', problem: 'must be an object of plan input fields to change' });
  }
  if (kind === 'lost_analysis') problems.push(...lostAnalysisProblems(d.data));
  if (kind === 'daily_check') {
    const items = d.data?.items;
    if (items !== undefined) {
      if (!Array.isArray(items))
        problems.push({ field: 'data.items', problem: 'must be a list of { prospectId, ok, note? }' });
      else
        items.forEach((it, i) => {
          if (!it || typeof (it as any).prospectId !== 'string')
            problems.push({ field: `data.items[${i}].prospectId`, problem: 'required' });
          if (!it || typeof (it as any).ok !== 'boolean')
            problems.push({ field: `data.items[${i}].ok`, problem: 'must be true or false' });
        });
    }
  }
  if (kind === 'weekly_review')
    problems.push(...checkWeeklyReviewActions(d.data?.actions, Number(payload?.gapCount ?? 0)));
  return problems;
}

/**
 * weekly_review: `data.actions` is a list of { gap, action, owner } (non-empty strings); at least one when the review
 * has gaps.
 */
function checkWeeklyReviewActions(actions: unknown, gapCount: number): FieldProblem[] {
  if (actions === undefined && !(gapCount > 0)) return [];
  if (!Array.isArray(actions)) return [{ field: 'data.actions', problem: 'must be a list of { gap, action, owner }' }];
  if (gapCount > 0 && actions.length === 0)
    return [
      { field: 'data.actions', problem: `the review has ${gapCount} gap(s): give at least one corrective action` },
    ];
  const problems: FieldProblem[] = [];
  actions.forEach((a, i) => {
    for (const key of ['gap', 'action', 'owner'] as const) {
      const v = a && typeof a === 'object' ? (a as Record<string, unknown>)[key] : undefined;
      if (typeof v !== 'string' || v.trim() === '')
        problems.push({ field: `data.actions[${i}].${key}`, problem: 'must be a non-empty text' });
    }
  });
  return problems;
}

/**
 * Decisions that need nothing but the click (no comment, no data), so a WeCom card can carry them as buttons: a
 * plan review or sign-off approved (unless the plan fails its check and the approval needs the override note), a
 * personal target confirmed, a rectification fixed, a daily check with nothing wrong. Everything else opens the
 * task page.
 */
const CARD_DECISIONS: Partial<Record<TaskKind, readonly string[]>> = {
  plan_review: ['approve'],
  plan_signoff: ['approve'],
  target_confirmation: ['confirm'],
  rectification: ['fixed'],
  daily_check: ['done'],
};

export function cardDecisions(kind: string, payload?: Record<string, unknown> | null): string[] {
  const candidates = CARD_DECISIONS[kind as TaskKind] ?? [];
  return candidates.filter((decision) => checkDecision(kind as TaskKind, { decision }, payload).length === 0);
}
