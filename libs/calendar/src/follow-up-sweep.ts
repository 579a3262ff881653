// The sweep grain's clock (ARCHITECTURE.md, the grain of the follow-ups): a dealer on the 'sweep' grain has one
// sweep run per sweep day, from 05:00 dealer time to 05:00 the next day. Inside its day the run sleeps until the end
// of the current bucket (the policy's followUpSweepBucket, 15 minutes by default, counted from the epoch: the
// quarter-hours of the clock in every whole- or half-hour zone) and ticks what is due by then. Pure: no I/O, no clock.
import { addCalendarDays } from './dates';
import { localDate, zonedInstant } from './zone';

/** The dealer's hour at which a sweep day begins (the per-dealer schedule starts the day's run then). */
export const SWEEP_DAY_START = '05:00';

export interface SweepDay {
  /** The dealer's date the sweep day begins on (the run's id carries it). */
  date: string;
  /** 05:00 of that date, dealer time. */
  from: Date;
  /** 05:00 of the next date: the next day's run takes over. */
  until: Date;
}

/** The sweep day an instant falls in: the one that began at the last 05:00 (dealer time) at or before it. */
export function sweepDayOf(at: Date, timeZone: string): SweepDay {
  let date = localDate(at, timeZone);
  let from = zonedInstant(date, SWEEP_DAY_START, timeZone);
  if (at.getTime() < from.getTime()) {
    date = addCalendarDays(date, -1);
    from = zonedInstant(date, SWEEP_DAY_START, timeZone);
  }
  return { date, from, until: zonedInstant(addCalendarDays(date, 1), SWEEP_DAY_START, timeZone) };
}

/**
 * When the day's run next ticks, as an epoch ms: the end of the bucket the instant is in (strictly after it). Null
 * when that is at or after the day's end: the next day's run ticks first thing.
 */
export function nextSweepBucket(nowMs: number, bucketMs: number, untilMs: number): number | null {
  if (!(bucketMs > 0)) throw new RangeError(`bucket must be positive: ${bucketMs}`);
  const end = (Math.floor(nowMs / bucketMs) + 1) * bucketMs;
  return end < untilMs ? end : null;
}
