// Time-zone helpers built on Intl.DateTimeFormat only (works in Node and in the Temporal workflow
// sandbox; no tz library, no clock reads).
import { dayNumber, pad } from './dates';

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function checkInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError('not a valid instant');
  return ms;
}

/** The wall clock in timeZone at the instant (whole seconds). */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal' && p.type !== 'era') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour % 24,
    minute: parts.minute,
    second: parts.second,
  };
}

/** 'YYYY-MM-DD' of the instant as seen on a wall calendar in timeZone. */
export function localDate(instant: Date, timeZone: string): string {
  checkInstant(instant);
  const w = wallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)}`;
}

/** Offset of timeZone from UTC at the instant, in ms (Asia/Shanghai: +8 h). */
function offsetMs(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/;

/**
 * The instant at which the wall clock in timeZone shows date + time ('HH:mm', also 'HH:mm:ss' or
 * 'HH:mm:ss.SSS'). Around DST changes (none in China) it behaves like Temporal's 'compatible':
 * a repeated wall time gives the earlier instant, a skipped one is pushed forward by the gap.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const days = dayNumber(date);
  const m = typeof time === 'string' ? TIME_RE.exec(time) : null;
  const [h, min, s, ms] = m ? [1, 2, 3, 4].map((i) => Number(m[i] ?? 0)) : [NaN, 0, 0, 0];
  if (!m || h > 23 || min > 59 || s > 59) throw new RangeError(`not a time of day (HH:mm): ${String(time)}`);
  const wall = days * 86_400_000 + ((h * 60 + min) * 60 + s) * 1000 + ms; // the wall time read as if it were UTC
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter((c) => offsetMs(c, timeZone) === wall - c);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wall - before); // skipped wall time: same reading under the earlier offset lands after the gap
}
