// Business dates at the dealer (its policy's time zone) and month arithmetic on 'YYYY-MM'.
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths, localDate, zonedInstant } from '@kaflow/calendar';
import { loadPolicy } from '@kaflow/records';

export interface BusinessClock {
  today: string;
  month: string;
  timezone: string;
}

export async function businessClock(
  db: DataSource | EntityManager,
  dealerId: string,
  now: Date,
): Promise<BusinessClock> {
  const { timezone } = await loadPolicy(db, dealerId);
  const today = localDate(now, timezone);
  return { today, month: today.slice(0, 7), timezone };
}

/** The month after 'YYYY-MM'. */
export const nextMonth = (month: string): string => addMonths(month, 1);

/** First day of the month and first day of the next one, for `>= from AND < to` on date columns. */
export function monthDates(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${nextMonth(month)}-01` };
}

/** The month as instants at the dealer: `>= from AND < to` on timestamp columns. */
export function monthInstants(month: string, timezone: string): { from: Date; to: Date } {
  const d = monthDates(month);
  return { from: zonedInstant(d.from, '00:00', timezone), to: zonedInstant(d.to, '00:00', timezone) };
}
