// The statutory days off of a year for which no State Council notice is loaded, computed from the law
// (《全国年节及纪念日放假办法》, 2024 revision, in force since 2025): 元旦 1 Jan; 春节 除夕 and 正月初一–初三;
// 清明 (the solar-term day); 劳动节 1–2 May; 端午 (lunar 5/5); 中秋 (lunar 8/15); 国庆 1–3 Oct.
// Bridging days and makeup working days (调休) need the notice, so a provisional year has none.
//
// Lunar conversion and the solar term come from `chinese-days`. Its helpers mix UTC parsing with local
// getters, so string inputs shift by a day in some host time zones; only the forms that are exact in
// every zone are used here (a local Date in, and a check of the solar-term answer against its own
// rendering), which tests/unit/calendar/provisional.spec.ts runs under several zones.
import type * as ChineseDays from 'chinese-days';
import { addCalendarDays, pad } from './dates';

// The CommonJS build by path: the package's "module" build is an ES module inside a CommonJS package,
// which Temporal's workflow bundler (webpack) refuses to parse.
const { getSolarDateFromLunar, getSolarTermDate }: typeof ChineseDays = require('chinese-days/dist/index.min.js');

export interface StatutoryDay {
  /** 'YYYY-MM-DD' */
  date: string;
  /** official name as in the notices: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 */
  name: string;
}

/** The lunar calendar table behind chinese-days covers 1900–2099; business years are 2000–2099. */
export const PROVISIONAL_MIN_YEAR = 1901;
export const PROVISIONAL_MAX_YEAR = 2099;

/** Gregorian date of a day of a (non-leap) lunar month of lunar year `year`. */
function solarOfLunar(year: number, month: number, day: number): string {
  // A local Date: chinese-days reads its local year/month/day and steps local days, exact in any zone.
  return getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/** 清明: chinese-days builds Date.UTC(y, 3, d) and prints it with local getters; undo that printing. */
function qingming(year: number): string {
  const shown = getSolarTermDate(year, 4, 'pure_brightness');
  for (const candidate of [shown, addCalendarDays(shown, 1), addCalendarDays(shown, -1)]) {
    const [y, m, d] = candidate.split('-').map(Number);
    const t = new Date(Date.UTC(y, m - 1, d));
    const printed = `${pad(t.getFullYear(), 4)}-${pad(t.getMonth() + 1, 2)}-${pad(t.getDate(), 2)}`;
    if (printed === shown) return candidate;
  }
  return shown;
}

const cache = new Map<number, StatutoryDay[]>();

/**
 * The statutory days off of `year` by law, ascending by date; a date shared by two festivals (e.g.
 * 中秋 on 3 Oct 2028) is listed once, under the festival listed first in the law. Throws RangeError
 * outside PROVISIONAL_MIN_YEAR..PROVISIONAL_MAX_YEAR.
 */
export function statutoryHolidays(year: number): StatutoryDay[] {
  if (!Number.isInteger(year) || year < PROVISIONAL_MIN_YEAR || year > PROVISIONAL_MAX_YEAR) {
    throw new RangeError(`no lunar calendar for year ${String(year)}`);
  }
  const hit = cache.get(year);
  if (hit) return hit.map((d) => ({ ...d }));
  const y = pad(year, 4);
  const newYear = solarOfLunar(year, 1, 1); // 正月初一 of the lunar year that starts in this Gregorian year
  const days: StatutoryDay[] = [
    { date: `${y}-01-01`, name: '元旦' },
    { date: addCalendarDays(newYear, -1), name: '春节' }, // 除夕: the last day of lunar month 12 (29th or 30th)
    { date: newYear, name: '春节' },
    { date: addCalendarDays(newYear, 1), name: '春节' },
    { date: addCalendarDays(newYear, 2), name: '春节' },
    { date: qingming(year), name: '清明节' },
    { date: `${y}-05-01`, name: '劳动节' },
    { date: `${y}-05-02`, name: '劳动节' },
    { date: solarOfLunar(year, 5, 5), name: '端午节' },
    { date: solarOfLunar(year, 8, 15), name: '中秋节' },
    { date: `${y}-10-01`, name: '国庆节' },
    { date: `${y}-10-02`, name: '国庆节' },
    { date: `${y}-10-03`, name: '国庆节' },
  ];
  const seen = new Set<string>();
  const out = days
    .filter((d) => (seen.has(d.date) ? false : (seen.add(d.date), true)))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  cache.set(year, out);
  return out.map((d) => ({ ...d }));
}
