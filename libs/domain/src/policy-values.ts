// The values a dealer's policy is made of, checked: ISO-8601 durations (or working days) and IANA time zones.
import type { FieldProblem } from './tasks';

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration made of weeks, days, hours, minutes and seconds; null if not one. */
export function isoDurationMs(text: string): number | null {
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0));
  const ms = ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
  return ms > 0 ? ms : null;
}

export function durationProblem(field: string, v: unknown): FieldProblem | null {
  if (typeof v === 'string') {
    return isoDurationMs(v) === null
      ? { field, problem: 'must be an ISO-8601 duration such as P7D or PT20S (weeks, days, hours, minutes, seconds)' }
      : null;
  }
  if (v && typeof v === 'object' && Object.keys(v).length === 1 && 'workingDays' in v) {
    const n = (v as { workingDays: unknown }).workingDays;
    return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 250
      ? null
      : { field: `${field}.workingDays`, problem: 'must be a whole number from 1 to 250' };
  }
  return { field, problem: 'must be an ISO-8601 duration or { "workingDays": n }' };
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
