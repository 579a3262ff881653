// Official Mainland China holiday data (国务院办公厅 notices) as shipped by the npm package
// `chinese-days`. Only its static JSON table is read — not its date API — so this module stays pure
// and safe inside Temporal workflow code (no I/O, no clock, no Node-only modules).
import data from 'chinese-days/dist/chinese-days.json';

interface ChineseDaysTable {
  /** statutory days off, keyed 'YYYY-MM-DD' → "English name,中文名,n" */
  holidays: Record<string, string>;
  /** weekend days declared working days (调休上班), same shape */
  workdays: Record<string, string>;
}

const table = data as unknown as ChineseDaysTable;

/**
 * A year counts as official when the table holds at least this many statutory days off dated in it.
 * Every published year has 22+ (Spring Festival, Labour Day and National Day alone give 3+ each),
 * while a notice for year Y can spill at most a few New Year days into Y-1 (e.g. 2022-12-31 from the
 * 2023 notice), which must not make Y-1 look official on its own.
 */
const MIN_HOLIDAYS_FOR_OFFICIAL_YEAR = 10;

const HOLIDAYS = new Map<string, string>(Object.entries(table.holidays));
const MAKEUP_WORKDAYS = new Map<string, string>(Object.entries(table.workdays));

const OFFICIAL_YEARS: readonly number[] = (() => {
  const counts = new Map<number, number>();
  for (const date of HOLIDAYS.keys()) {
    const y = Number(date.slice(0, 4));
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, c]) => c >= MIN_HOLIDAYS_FOR_OFFICIAL_YEAR)
    .map(([y]) => y)
    .sort((a, b) => a - b);
})();
const OFFICIAL_YEAR_SET = new Set(OFFICIAL_YEARS);

/** Years for which `chinese-days` has the official schedule, ascending (2004–2026 with chinese-days 1.5.7). */
export function officialYears(): number[] {
  return [...OFFICIAL_YEARS];
}

export function hasOfficialData(year: number): boolean {
  return OFFICIAL_YEAR_SET.has(year);
}

/** true / false when the official table decides the date, undefined when it says nothing (plain weekday rules). */
export function officialWorking(date: string): boolean | undefined {
  if (HOLIDAYS.has(date)) return false;
  if (MAKEUP_WORKDAYS.has(date)) return true;
  return undefined;
}

/** The official name ("春节", "国庆节"…) of a holiday or makeup workday, if any. */
export function officialName(date: string): string | undefined {
  const raw = HOLIDAYS.get(date) ?? MAKEUP_WORKDAYS.get(date);
  return raw?.split(',')[1];
}
