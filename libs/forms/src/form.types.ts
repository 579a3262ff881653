// The shape every form of the toolkit (manual §5, 附件 1–14) shares: columns with Chinese and English
// labels, optional grouped headers, a period kind and a rows function over the row sources. The rows
// are plain JSON (numbers, strings, null); dates are already strings in the dealer's time zone.

export type Lang = 'zh' | 'en';
export type FormPeriodKind = 'year' | 'month' | 'week' | 'none';
/** How a cell is written to Excel: text, integer, decimal, a 0–1 fraction shown as %, a date or a date-time. */
export type ColumnType = 'text' | 'int' | 'number' | 'percent' | 'date' | 'datetime';

export interface Label {
  zh: string;
  en: string;
}

export interface FormColumn {
  key: string;
  label: Label;
  type: ColumnType;
  /** Grouped header (merged above the columns that share it). */
  group?: Label;
}

export type FormCell = string | number | boolean | null;
export type FormRow = Record<string, FormCell>;

/** A form's period as asked: '2026', '2026-11', '2026-W45' or '' (none). */
export interface FormPeriod {
  kind: FormPeriodKind;
  value: string;
}

export interface FormContext {
  period: FormPeriod;
  timezone: string;
  lang: Lang;
}

/** A plan version as the plans view gives it (processes 1–4). */
export interface PlanSource {
  version: number;
  status: string;
  input: Record<string, any>;
  result: Record<string, any>;
  personalTargets?: PersonalTargetSource[];
  /** The steps of its sign-off chain done so far, oldest first. */
  signOffs?: PlanSignOffSource[];
}

/** Who did a step, and the person it was theirs when that was a substitute (代理) on their behalf. */
export interface Signer {
  by: string | null;
  onBehalfOf: string | null;
}

/** One done step of a plan version's sign-off chain: drafted (编制, submitted), reviewed (审核), signed (签批). */
export interface PlanSignOffSource extends Signer {
  step: 'drafted' | 'reviewed' | 'signed';
  at: Date | string | null;
}

export interface PersonalTargetSource {
  consultant: string | null;
  targets: Record<string, any>;
  status: string;
  comment: string | null;
  decidedAt: Date | string | null;
  /** Who confirmed it, and the consultant's name when that was a substitute (代理) on their behalf. */
  confirmedBy?: string | null;
  onBehalfOf?: string | null;
}

export type GradeCounts = Record<'O' | 'H' | 'A' | 'B' | 'C' | 'D', number>;

/** 月度基盘客户盘点表: one model's live base at the month's start and end and what moved in between. */
export interface BaseInventorySource {
  model: string;
  start: GradeCounts;
  end: GradeCounts;
  created: number;
  upgrades: number;
  downgrades: number;
  lost: number;
  ordered: number;
  delivered: number;
}

/** 基盘客户分级录入: per grade, prospects in it at the month's start and end and graded into it in the month. */
export interface GradeEntrySource {
  grade: string;
  start: number;
  entered: number;
  end: number;
}

/** 客服部检核反馈表: one callback check with its rectification. */
export interface CallbackSource {
  account: string;
  contact: string;
  phone: string;
  model: string;
  grade: string;
  consultant: string;
  recordedAt: Date | string;
  dueAt: Date | string;
  doneAt: Date | string | null;
  onTime: boolean | null;
  outcome: string | null;
  corrections: Array<{ field: string; value: unknown }> | null;
  rectificationStatus: string | null;
  rectificationDueAt: Date | string | null;
  verificationOutcome: string | null;
  status: string;
  /** Who made the call, marked the rectification fixed, and made the verification call (null: not done). */
  calledBy?: Signer | null;
  fixedBy?: Signer | null;
  verifiedBy?: Signer | null;
}

/**
 * Where the rows come from: the API implements this over its existing JSON views (plans, field work,
 * weekly progress, conversion reports) and a few queries for the forms that had no view. Every method
 * answers for one dealer (the caller's) and never sees another.
 */
export interface FormSources {
  plan(kind: 'annual' | 'rolling' | 'decomposition' | 'lead', period: string): Promise<PlanSource | null>;
  baseInventory(month: string): Promise<BaseInventorySource[]>;
  weeklyProgress(week: string): Promise<{ week: string; status: string; lines: Array<Record<string, any>> }>;
  weeksOfMonth(month: string): Promise<string[]>;
  visits(month: string): Promise<{
    plans: Array<Record<string, any>>;
    visits: Array<Record<string, any>>;
    consultants: Record<string, string>;
  }>;
  events(month: string): Promise<{ items: Array<Record<string, any>>; owners: Record<string, string> }>;
  policy(): Promise<{ followUpCadence: Record<string, unknown>; hotFollowUpsPerMonth: number }>;
  gradeEntries(month: string): Promise<GradeEntrySource[]>;
  callbacks(month: string): AsyncIterable<CallbackSource>;
  hotCustomers(month: string): Promise<Array<Record<string, any>>>;
  lostAnalysis(month: string): Promise<Array<Record<string, any>>>;
}

export interface FormDefinition {
  no: number;
  key: string;
  title: Label;
  period: FormPeriodKind;
  columns: FormColumn[];
  /** Streamed forms may be long (one row per prospect or callback). */
  large?: boolean;
  rows(src: FormSources, ctx: FormContext): AsyncIterable<FormRow>;
  /** The lines under the table, as the paper form's signature lines (a plan's 编制 / 审核 / 签批). */
  signatures?(src: FormSources, ctx: FormContext): Promise<FormSignature[]>;
}

/** A signature line: the step, who did it ("B 代 A" when a substitute did it for A) and when, at the dealer. */
export interface FormSignature {
  key: string;
  label: string;
  name: string | null;
  at: string | null;
}

export const label = (zh: string, en: string): Label => ({ zh, en });
