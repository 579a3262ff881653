// An iCalendar file (RFC 5545) of a year's holidays read into the holiday-cn notice shape, so that it is
// checked by the same rules (checkNotice). Every all-day VEVENT covers DTSTART up to, not including,
// DTEND (one day without DTEND). A summary or description with 班 (补班, 上班) marks makeup working
// days; anything else is days off. The name is the summary without its "(休)" / "（班）" / " 假期…" tail,
// as chinese-days and holiday-cn write them ("春节(休)", "春节 补班 第1天/共2天").
// Not exported from the package index: ical.js stays out of the Temporal workflow bundle.
import ICAL from 'ical.js';
import { addCalendarDays, pad } from './dates';
import type { NoticeProblem } from './notice';

const MAX_EVENT_DAYS = 31;

function dateOf(t: { year: number; month: number; day: number }): string {
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
}

function nameOf(summary: string): string {
  const cut = summary.split(/[(（\s]/)[0].trim();
  return cut.replace(/(假期|放假|补班|上班|调休|休息?|班)$/u, '') || summary.trim();
}

/**
 * Parses the text (events outside the year are skipped). Answers { year, papers: [], days } for
 * checkNotice, or problems naming the event (field 'file' for an unreadable file, 'events[i]' for an
 * event it cannot use).
 */
export function parseICalendarNotice(year: number, text: string): { body?: unknown; problems: NoticeProblem[] } {
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    return { problems: [{ field: 'file', problem: `not an iCalendar file: ${(err as Error).message}` }] };
  }
  // A multi-year file (chinese-days' holidays.ics) is fine: only the year's days (and a 元旦 spill) are read.
  const from = addCalendarDays(`${pad(year, 4)}-01-01`, -7);
  const to = `${pad(year, 4)}-12-31`;
  const problems: NoticeProblem[] = [];
  const days: Array<{ name: string; date: string; isOffDay: boolean }> = [];
  const events = root.name === 'vcalendar' ? root.getAllSubcomponents('vevent') : [];
  if (events.length === 0) return { problems: [{ field: 'file', problem: 'holds no VEVENT (no holidays)' }] };
  events.forEach((component, i) => {
    const field = `events[${i}]`;
    const event = new ICAL.Event(component);
    const start = event.startDate;
    if (!start || !start.isDate)
      return problems.push({ field, problem: 'DTSTART must be an all-day date (VALUE=DATE)' });
    const summary = String(event.summary ?? '').trim();
    if (!summary) return problems.push({ field, problem: 'has no SUMMARY (the holiday name)' });
    const first = dateOf(start);
    const end = event.endDate && event.endDate.isDate ? dateOf(event.endDate) : addCalendarDays(first, 1);
    const working = /班/u.test(summary) || /班/u.test(String(event.description ?? ''));
    let date = first;
    for (let n = 0; date < end; n++, date = addCalendarDays(date, 1)) {
      if (n >= MAX_EVENT_DAYS) return problems.push({ field, problem: `covers more than ${MAX_EVENT_DAYS} days` });
      if (date >= from && date <= to) days.push({ name: nameOf(summary), date, isOffDay: !working });
    }
  });
  if (problems.length) return { problems };
  return { body: { year, papers: [], days }, problems };
}
