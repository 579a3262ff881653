// The sweep grain's clock: the sweep day an instant falls in and the bucket the day's run wakes at, worked out by hand
// (Shanghai is UTC+8 all year: 05:00 there is 21:00 UTC the day before).
import { nextSweepBucket, sweepDayOf } from '@kaflow/calendar';

const TZ = 'Asia/Shanghai';
const ms = (iso: string) => new Date(iso).getTime();
const MIN = 60_000;

describe('sweepDayOf: from 05:00 dealer time to 05:00 the next day', () => {
  it('puts 04:00 in the day that began at 05:00 the day before', () => {
    const d = sweepDayOf(new Date('2026-03-09T20:00:00Z'), TZ); // Tue 10 Mar 04:00 Shanghai
    expect(d.date).toBe('2026-03-09');
    expect(d.from.toISOString()).toBe('2026-03-08T21:00:00.000Z');
    expect(d.until.toISOString()).toBe('2026-03-09T21:00:00.000Z');
  });
  it('starts a new day at 05:00 sharp', () => {
    const d = sweepDayOf(new Date('2026-03-09T21:00:00Z'), TZ); // Tue 10 Mar 05:00 Shanghai
    expect(d).toEqual({
      date: '2026-03-10',
      from: new Date('2026-03-09T21:00:00Z'),
      until: new Date('2026-03-10T21:00:00Z'),
    });
  });
  it('follows the dealer zone (Urumqi, UTC+6)', () => {
    const d = sweepDayOf(new Date('2026-03-10T00:30:00Z'), 'Asia/Urumqi'); // 06:30 there
    expect(d.date).toBe('2026-03-10');
    expect(d.from.toISOString()).toBe('2026-03-09T23:00:00.000Z');
  });
  it('crosses a month and a year end', () => {
    expect(sweepDayOf(new Date('2026-12-31T20:59:59Z'), TZ).date).toBe('2026-12-31'); // 1 Jan 04:59:59
    expect(sweepDayOf(new Date('2026-12-31T21:00:00Z'), TZ).date).toBe('2027-01-01');
  });
});

describe('nextSweepBucket: the end of the bucket the instant is in', () => {
  const until = ms('2026-03-10T21:00:00Z');
  it('rounds up to the quarter-hour of the clock, strictly after now', () => {
    expect(nextSweepBucket(ms('2026-03-10T02:07:30Z'), 15 * MIN, until)).toBe(ms('2026-03-10T02:15:00Z'));
    expect(nextSweepBucket(ms('2026-03-10T02:15:00Z'), 15 * MIN, until)).toBe(ms('2026-03-10T02:30:00Z'));
    expect(nextSweepBucket(ms('2026-03-10T02:14:59.999Z'), 15 * MIN, until)).toBe(ms('2026-03-10T02:15:00Z'));
  });
  it('keeps quarter-hours in a half-hour zone (Kolkata, UTC+5:30: 10:00 there is 04:30 UTC)', () => {
    expect(nextSweepBucket(ms('2026-03-10T04:20:00Z'), 15 * MIN, until)).toBe(ms('2026-03-10T04:30:00Z'));
  });
  it("leaves the day's last bucket to the next day's run", () => {
    expect(nextSweepBucket(ms('2026-03-10T20:44:59Z'), 15 * MIN, until)).toBe(ms('2026-03-10T20:45:00Z'));
    expect(nextSweepBucket(ms('2026-03-10T20:45:00Z'), 15 * MIN, until)).toBeNull(); // would end at 21:00
  });
  it('takes buckets of seconds (tests) and refuses an empty one', () => {
    expect(nextSweepBucket(ms('2026-03-10T02:07:31Z'), 2_000, until)).toBe(ms('2026-03-10T02:07:32Z'));
    expect(() => nextSweepBucket(until, 0, until)).toThrow(RangeError);
  });
});
