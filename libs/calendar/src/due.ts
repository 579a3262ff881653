// Due-time arithmetic shared by every task deadline.
import { isoDurationMs, type PolicyDuration } from '@kaflow/domain';
import { pad } from './dates';
import type { WorkingCalendar } from './working-calendar';
import { localDate, wallClock, zonedInstant } from './zone';

/**
 * When a task started at `start` falls due.
 * - ISO-8601 duration ('P7D', 'PT9H', 'PT20S'): start + its milliseconds (calendar time, weekends included).
 * - { workingDays: n }: the same local wall-clock time in timeZone on cal.addWorkingDays(localDate(start), n).
 * Throws RangeError for an unreadable duration.
 */
export function dueAfter(start: Date, d: PolicyDuration, cal: WorkingCalendar, timeZone: string): Date {
  const startMs = start instanceof Date ? start.getTime() : NaN;
  if (!Number.isFinite(startMs)) throw new RangeError('dueAfter: start is not a valid instant');
  if (typeof d === 'string') {
    const ms = isoDurationMs(d);
    if (ms === null) throw new RangeError(`dueAfter: not an ISO-8601 duration: ${d}`);
    return new Date(startMs + ms);
  }
  const n = d?.workingDays;
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`dueAfter: workingDays must be a whole number >= 0: ${String(n)}`);
  const day = cal.addWorkingDays(localDate(start, timeZone), n);
  const w = wallClock(start, timeZone);
  const millis = ((startMs % 1000) + 1000) % 1000;
  return zonedInstant(day, `${pad(w.hour, 2)}:${pad(w.minute, 2)}:${pad(w.second, 2)}.${pad(millis, 3)}`, timeZone);
}
