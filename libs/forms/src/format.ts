// Small helpers the form definitions share: dates in the dealer's zone, labels of the vocabularies,
// column shorthands.
import { wallClock } from '@kaflow/calendar';
import { CHANNELS, GRADE_LABELS_ZH, type Grade } from '@kaflow/domain';
import type { ColumnType, FormColumn, FormRow, Label, Lang } from './form.types';

const toDate = (v: Date | string | null | undefined): Date | null => {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isFinite(d.getTime()) ? d : null;
};

/** 'YYYY-MM-DD HH:mm' at the dealer, or null. */
export function localDateTime(v: Date | string | null | undefined, timeZone: string): string | null {
  const d = toDate(v);
  if (!d) return null;
  const w = wallClock(d, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** 'YYYY-MM-DD' at the dealer; a plain 'YYYY-MM-DD' string stays as it is. */
export function localDay(v: Date | string | null | undefined, timeZone: string): string | null {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return localDateTime(v, timeZone)?.slice(0, 10) ?? null;
}

export const col = (key: string, zh: string, en: string, type: ColumnType = 'text', group?: Label): FormColumn => ({
  key,
  label: { zh, en },
  type,
  ...(group ? { group } : {}),
});

export const pick = (l: Label, lang: Lang): string => (lang === 'en' ? l.en : l.zh);

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const GRADE_EN: Record<Grade, string> = {
  O: 'signed, not delivered',
  H: 'within 1 month',
  A: 'in 1–3 months',
  B: 'over 3 months',
  C: 'within a year',
  W: 'walk-in, not recorded',
  D: 'purchase postponed',
  F: 'lost',
};
export const gradeMeaning = (g: string, lang: Lang): string =>
  (lang === 'en' ? GRADE_EN : GRADE_LABELS_ZH)[g as Grade] ?? g;

const WORDS: Record<string, Label> = {
  pending: { zh: '待确认', en: 'pending' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  disputed: { zh: '有异议', en: 'disputed' },
  approved: { zh: '已批准', en: 'approved' },
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已提交', en: 'submitted' },
  reviewed: { zh: '已审核', en: 'reviewed' },
  open: { zh: '进行中', en: 'open' },
  done: { zh: '已完成', en: 'done' },
  not_run: { zh: '未盘点', en: 'not reviewed' },
  rectifying: { zh: '整改中', en: 'rectifying' },
  verifying: { zh: '待复核', en: 'verifying' },
  closed: { zh: '已关闭', en: 'closed' },
  verified: { zh: '属实', en: 'verified' },
  incorrect: { zh: '信息有误', en: 'incorrect' },
  unreachable: { zh: '无法联系', en: 'unreachable' },
  denied: { zh: '客户否认', en: 'denied' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  analysed: { zh: '已分析', en: 'analysed' },
  outreach: { zh: '外展活动', en: 'outreach' },
  showroom: { zh: '展厅活动', en: 'showroom' },
  actual: { zh: '实际', en: 'actual' },
  plan: { zh: '计划', en: 'plan' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
};
/** A status or outcome word in the reader's language (unknown words as they are). */
export const word = (w: unknown, lang: Lang): string | null => {
  if (w === null || w === undefined || w === '') return null;
  const l = WORDS[String(w)];
  return l ? pick(l, lang) : String(w);
};
export const yesNo = (b: boolean | null | undefined, lang: Lang): string | null =>
  b === null || b === undefined ? null : word(b ? 'yes' : 'no', lang);

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], Label> = {
  business_event: { zh: '商业活动/企业论坛', en: 'business event / forum' },
  showroom: { zh: '展厅转化', en: 'showroom conversion' },
  circle_club: { zh: '圈层营销/俱乐部', en: 'circle marketing / club' },
  cold_visit: { zh: '陌生拜访', en: 'cold visit' },
  repeat_purchase: { zh: '重复购买', en: 'repeat purchase' },
  referral: { zh: '转介绍', en: 'referral' },
  trade_in: { zh: '二手车置换', en: 'used-car trade-in' },
};

/** Wraps a list as the async rows a definition returns. */
export async function* each<T>(list: T[] | Promise<T[]>, map: (x: T) => FormRow | FormRow[]): AsyncIterable<FormRow> {
  for (const x of await list) {
    const r = map(x);
    if (Array.isArray(r)) yield* r;
    else yield r;
  }
}

export const CUSTOMER_TYPE_LABELS: Record<string, Label> = {
  general: { zh: '一般大用户', en: 'general key account' },
  government: { zh: '政府', en: 'government' },
  hotel_airline: { zh: '酒店/航空', en: 'hotels & airlines' },
  enterprise: { zh: '知名企业', en: 'well-known enterprise' },
  leasing: { zh: '租赁', en: 'leasing' },
  historical: { zh: '历史大用户', en: 'historical key account' },
  employee: { zh: '员工购车', en: 'employee purchase' },
};
export const DEVELOPMENT_LABELS: Record<string, Label> = {
  new: { zh: '新客户开发', en: 'new customer' },
  repeat: { zh: '老客户重购', en: 'repeat purchase' },
};
export const vocab = (map: Record<string, Label>, v: unknown, lang: Lang): string | null =>
  v === null || v === undefined ? null : map[String(v)] ? pick(map[String(v)], lang) : String(v);
