// Pure calendar-date arithmetic on 'YYYY-MM-DD' strings. Every computation runs on Date.UTC values,
// so the host time zone never matters.

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError for anything else (e.g. 2026-02-30). */
export function dayNumber(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const back = new Date(0);
    back.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0–99 as 1900–1999
    const ms = back.getTime();
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return ms / DAY_MS;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${String(date)}`);
}

/** The 'YYYY-MM-DD' date of a day number (days since 1970-01-01). */
export function fromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const wd = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

/** The date n calendar days after (n < 0: before) date. */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`day count must be a whole number: ${n}`);
  return fromDayNumber(dayNumber(date) + n);
}

/** 'YYYY-MM' of a 'YYYY-MM-DD' date. */
export function monthOf(date: string): string {
  dayNumber(date);
  return date.slice(0, 7);
}

/** First and last date of a 'YYYY-MM' month. */
export function monthBounds(month: string): { first: string; last: string } {
  const m = typeof month === 'string' ? MONTH_RE.exec(month) : null;
  const mo = m ? Number(m[2]) : 0;
  if (!m || mo < 1 || mo > 12) throw new RangeError(`not a month (YYYY-MM): ${String(month)}`);
  const y = Number(m[1]);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate(); // day 0 of the next month
  return { first: `${m[1]}-${m[2]}-01`, last: `${m[1]}-${m[2]}-${pad(last, 2)}` };
}

export function yearOf(date: string): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** 'YYYY-MM' moved by n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${pad(Math.floor(t / 12), 4)}-${pad((t % 12) + 1, 2)}`;
}
