// How one form cell becomes an Excel cell: numbers with their formats, dates as Excel dates holding
// the dealer's wall-clock time, and text always as text (a value starting with = + - @ is never a
// formula: it is written as a string cell with the text format '@').
import type { ColumnType, FormCell } from '../form.types';

export const NUM_FMT: Record<ColumnType, string | undefined> = {
  text: undefined,
  int: '#,##0',
  number: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** True for text a spreadsheet would read as a formula if it were typed in. */
export const looksLikeFormula = (s: string): boolean => FORMULA_START.test(s);

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm' (wall clock) as a Date whose UTC fields are that wall clock. */
export function wallClockDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(s);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0)));
}

export interface XlsxCell {
  value: string | number | Date | null;
  numFmt?: string;
}

export function toXlsxCell(type: ColumnType, v: FormCell): XlsxCell {
  if (v === null || v === undefined || v === '') return { value: null };
  if (typeof v === 'boolean') return { value: v ? 'TRUE' : 'FALSE' };
  if (typeof v === 'number') return { value: v, numFmt: NUM_FMT[type] };
  if (type === 'date' || type === 'datetime') {
    const d = wallClockDate(v);
    if (d) return { value: d, numFmt: NUM_FMT[type] };
  }
  return looksLikeFormula(v) ? { value: v, numFmt: '@' } : { value: v };
}

/** Display width of a text: CJK and full-width characters count two. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

/** What a cell shows, for measuring its column's width. */
export function shownText(type: ColumnType, v: FormCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (type === 'percent') return `${(v * 100).toFixed(1)}%`;
    if (type === 'int') return Math.round(v).toLocaleString('en-US');
    if (type === 'number') return v.toFixed(2);
  }
  return String(v);
}

/** A worksheet name Excel accepts: no []:*?/\ and at most 31 characters. */
export const sheetName = (s: string): string =>
  s
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31);
