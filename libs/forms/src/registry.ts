// The toolkit (manual §5): the 14 forms numbered as the manual's 附件 1–14, and the reading of a
// form's period parameter.
import { baseInventoryForm, eventLeadsForm, visitTrackingForm, weeklyProgressForm } from './definitions/field.forms';
import { callbackFeedbackForm, gradingEntryForm, gradingStandardForm } from './definitions/standard.forms';
import { hotCustomersForm, lostAnalysisForm } from './definitions/conversion.forms';
import {
  annualPlanForm,
  decompositionForm,
  leadPlanForm,
  personalTargetForm,
  rollingPlanForm,
} from './definitions/plan.forms';
import type { FormDefinition, FormPeriod, FormPeriodKind, Lang } from './form.types';
import { pick } from './format';

export const FORMS: readonly FormDefinition[] = [
  annualPlanForm,
  rollingPlanForm,
  decompositionForm,
  personalTargetForm,
  baseInventoryForm,
  leadPlanForm,
  weeklyProgressForm,
  visitTrackingForm,
  eventLeadsForm,
  gradingStandardForm,
  gradingEntryForm,
  callbackFeedbackForm,
  hotCustomersForm,
  lostAnalysisForm,
];

export const findForm = (no: number): FormDefinition | undefined => FORMS.find((f) => f.no === no);

/** `GET /api/forms`: the list as the contract gives it. */
export const formList = (lang: Lang = 'zh') =>
  FORMS.map((f) => ({ no: f.no, key: f.key, title: pick(f.title, lang), period: f.period }));

const PATTERNS: Record<Exclude<FormPeriodKind, 'none'>, { re: RegExp; problem: string }> = {
  year: { re: /^(20\d\d)$/, problem: 'must be a year YYYY (2000–2099)' },
  month: { re: /^(20\d\d)-(0[1-9]|1[0-2])$/, problem: 'must be a month YYYY-MM (2000–2099)' },
  week: { re: /^(20\d\d)-W(0[1-9]|[1-4]\d|5[0-3])$/, problem: "must be an ISO week 'YYYY-Www' such as 2026-W45" },
};

/** Weeks 53 exist only in years whose 1 Jan is a Thursday (or a Wednesday in a leap year). */
function hasWeek53(year: number): boolean {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3);
}

/**
 * The period of a form from the query: a problem text when it does not fit the form's kind. A weekly
 * form also takes a month (every review of the month, as the toolkit prints it).
 */
export function parsePeriod(kind: FormPeriodKind, raw: unknown): FormPeriod | { problem: string } {
  if (kind === 'none') return { kind, value: '' };
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (kind === 'week' && PATTERNS.month.re.test(value)) return { kind: 'month', value };
  const p = PATTERNS[kind];
  if (!value) return { problem: `is required: ${p.problem.replace(/^must be /, '')}` };
  const m = p.re.exec(value);
  if (!m) return { problem: p.problem };
  if (kind === 'week' && m[2] === '53' && !hasWeek53(Number(m[1]))) return { problem: `${m[1]} has no week 53` };
  return { kind, value };
}

/** The period a form takes inside the toolkit workbook of `month`. */
export function toolkitPeriod(kind: FormPeriodKind, month: string): FormPeriod {
  if (kind === 'none') return { kind, value: '' };
  if (kind === 'year') return { kind, value: month.slice(0, 4) };
  return { kind: 'month', value: month };
}
