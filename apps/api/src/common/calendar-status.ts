// Whether dates in a year rest on a State Council notice (official) or on the law alone (provisional),
// for answers that carry dates (tasks, plans): one query for the loaded notice years per answer, never
// one per row; the shipped chinese-days data counts as official, exactly as the calendar endpoints say.
import type { DataSource, EntityManager } from 'typeorm';
import { localDate, WorkingCalendar } from '@kaflow/calendar';
import { OfficialCalendarYearEntity } from '@kaflow/persistence';

export interface CalendarFlag {
  /** Every year the answer's dates fall in has a State Council notice (loaded or shipped). */
  official: boolean;
  /** Some year has none: its working days are the statutory holidays by law, without 调休. */
  provisional: boolean;
}

export type CalendarFlagOf = (years: number[]) => CalendarFlag;

/** The flag of a set of years, from the notices loaded now (one query). */
export async function calendarFlags(db: DataSource | EntityManager): Promise<CalendarFlagOf> {
  const rows = await db.getRepository(OfficialCalendarYearEntity).find({ select: { year: true } });
  const cal = new WorkingCalendar(
    [],
    rows.map((r) => ({ year: r.year, papers: [], days: [] })),
  );
  return (years) => cal.status(years);
}

/** The year of an instant at the dealer (a task due 00:30 on 1 January in Beijing is due in the new year). */
export const localYear = (at: Date, timeZone: string): number => Number(localDate(at, timeZone).slice(0, 4));

/** The years a plan's figures cover: its period's, and for a monthly plan the months its result lists. */
export function planYears(period: string, result: Record<string, any> | null | undefined): number[] {
  const years = new Set<number>([Number(period.slice(0, 4))]);
  for (const m of Array.isArray(result?.months) ? result!.months : []) {
    const y = typeof m?.month === 'string' ? Number(m.month.slice(0, 4)) : NaN;
    if (Number.isInteger(y) && y > 1900) years.add(y);
  }
  return [...years].sort();
}
