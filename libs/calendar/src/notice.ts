// A State Council holiday notice in the format of open Chinese holiday data (NateScarlet/holiday-cn):
// { "year": 2027, "papers": ["https://www.gov.cn/…"],
//   "days": [{ "name": "元旦", "date": "2027-01-01", "isOffDay": true }] }
// Every day it lists is either a day off (isOffDay: true) or a makeup working day (调休上班, false);
// every date it does not list follows the weekday rule. Pure: no I/O.
import { addCalendarDays, dayNumber, isWeekend, pad } from './dates';
import { statutoryHolidays } from './provisional';

export interface NoticeDay {
  name: string;
  /** 'YYYY-MM-DD' */
  date: string;
  isOffDay: boolean;
}

export interface HolidayNotice {
  year: number;
  papers: string[];
  days: NoticeDay[];
}

export interface NoticeProblem {
  field: string;
  problem: string;
}

const MAX_DAYS = 200;
const MAX_PAPERS = 20;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE_RE.test(v)) return false;
  try {
    dayNumber(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and checks a notice for `year`. Answers the notice (days sorted by date) or the problems, each
 * naming the field at fault. Rules: the year matches; every date is a real date inside the year (a
 * 元旦 day off may start in the last days of the year before, as holiday-cn lists 2022-12-31 in 2023);
 * no date twice; a makeup working day falls on a Saturday or Sunday; every statutory holiday of the
 * year by law is a day off (listed off, or a weekend day not listed as a working day).
 */
export function checkNotice(year: number, body: unknown): { notice?: HolidayNotice; problems: NoticeProblem[] } {
  const problems: NoticeProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { problems: [{ field: 'body', problem: 'must be a holiday notice object { year, papers, days }' }] };
  }
  const b = body as Record<string, unknown>;
  if (b.year !== year) add('year', `must be ${year}, the year in the address`);
  let papers: string[] = [];
  if (b.papers !== undefined) {
    if (!Array.isArray(b.papers) || b.papers.length > MAX_PAPERS) {
      add('papers', `must be a list of at most ${MAX_PAPERS} texts (the notice's links)`);
    } else {
      b.papers.forEach((p, i) => {
        if (typeof p !== 'string' || !p.trim() || p.length > 500) add(`papers[${i}]`, 'must be a non-empty text');
      });
      papers = b.papers.filter((p): p is string => typeof p === 'string');
    }
  }
  if (!Array.isArray(b.days) || b.days.length === 0 || b.days.length > MAX_DAYS) {
    add('days', `must be a list of 1 to ${MAX_DAYS} days`);
    return { problems };
  }
  const first = `${pad(year, 4)}-01-01`;
  const last = `${pad(year, 4)}-12-31`;
  const spillFrom = addCalendarDays(first, -7);
  const days: NoticeDay[] = [];
  const seen = new Map<string, number>();
  b.days.forEach((raw, i) => {
    const f = `days[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return add(f, 'must be { name, date, isOffDay }');
    const d = raw as Record<string, unknown>;
    const okName = typeof d.name === 'string' && d.name.trim() !== '' && d.name.length <= 50;
    if (!okName) add(`${f}.name`, 'must be a non-empty text of at most 50 characters');
    const okOff = typeof d.isOffDay === 'boolean';
    if (!okOff) add(`${f}.isOffDay`, 'must be true (a day off) or false (a makeup working day)');
    if (!isCalendarDate(d.date)) return add(`${f}.date`, 'must be a calendar date YYYY-MM-DD');
    const date = d.date;
    const spill = date >= spillFrom && date < first && d.name === '元旦' && d.isOffDay === true;
    if ((date < first || date > last) && !spill) return add(`${f}.date`, `must be a date in ${year}`);
    const dup = seen.get(date);
    if (dup !== undefined) return add(`${f}.date`, `${date} is listed twice (also days[${dup}])`);
    seen.set(date, i);
    if (okOff && d.isOffDay === false && !isWeekend(date)) {
      add(`${f}.isOffDay`, `a makeup working day must fall on a Saturday or Sunday; ${date} is a weekday`);
    }
    if (okName && okOff) days.push({ name: (d.name as string).trim(), date, isOffDay: d.isOffDay as boolean });
  });
  for (const h of statutoryHolidays(year)) {
    const i = seen.get(h.date);
    const listed = i === undefined ? undefined : (b.days as Array<Record<string, unknown>>)[i];
    if (listed && listed.isOffDay === false) {
      add(`days[${i}].isOffDay`, `${h.date} is ${h.name}, a statutory holiday: it must be a day off`);
    } else if (!listed && !isWeekend(h.date)) {
      add('days', `${h.date} (${h.name}) is a statutory holiday and must be listed as a day off`);
    }
  }
  if (problems.length) return { problems };
  days.sort((a, b2) => (a.date < b2.date ? -1 : a.date > b2.date ? 1 : 0));
  return { notice: { year, papers, days }, problems };
}
