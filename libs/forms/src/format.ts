// Small helpers the form definitions share: dates in the dealer's zone, labels of the vocabularies,
// column shorthands.
import { wallClock } from '@kaflow/calendar';
import { LABELS_EN, LABELS_ZH, labelsOf, type Grade, type Labels } from '@kaflow/domain';
import {
  label,
  type ColumnType,
  type FormColumn,
  type FormRow,
  type Label,
  type Lang,
  type Signer,
} from './form.types';

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

/** Who did a step: the name, or "B 代 A" / "B on behalf of A" when B did it as A's substitute (代理). */
export function signedBy(s: Signer | null | undefined, lang: Lang): string | null {
  if (!s?.by) return null;
  if (!s.onBehalfOf) return s.by;
  return pick(label(`${s.by} 代 ${s.onBehalfOf}`, `${s.by} on behalf of ${s.onBehalfOf}`), lang);
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const gradeMeaning = (g: string, lang: Lang): string => labelsOf(lang).grade[g as Grade] ?? g;

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

/** One vocabulary's labels of the domain's tables as { zh, en } pairs. */
const pairs = <K extends string>(of: (l: Labels) => Record<K, string>): Record<K, Label> =>
  Object.fromEntries(
    Object.keys(of(LABELS_ZH)).map((k) => [k, { zh: of(LABELS_ZH)[k as K], en: of(LABELS_EN)[k as K] }]),
  ) as Record<K, Label>;

export const CHANNEL_LABELS = pairs((l) => l.channel);

/** Wraps a list as the async rows a definition returns. */
export async function* each<T>(list: T[] | Promise<T[]>, map: (x: T) => FormRow | FormRow[]): AsyncIterable<FormRow> {
  for (const x of await list) {
    const r = map(x);
    if (Array.isArray(r)) yield* r;
    else yield r;
  }
}

export const CUSTOMER_TYPE_LABELS: Record<string, Label> = pairs((l) => l.customerType);
export const DEVELOPMENT_LABELS: Record<string, Label> = pairs((l) => l.developmentType);
export const vocab = (map: Record<string, Label>, v: unknown, lang: Lang): string | null =>
  v === null || v === undefined ? null : map[String(v)] ? pick(map[String(v)], lang) : String(v);
