// The national calendar's own task: from the first working day of November the system-level admin
// has "load next year's calendar" until the State Council notice for next year is loaded.
export const calendarLoadWorkflowId = (year: number) => `calendar-load:${year}`;
export const calendarWatchScheduleId = () => 'calendar-watch';

export interface CalendarLoadInput {
  year: number;
  /** the home dealer of the sysadmin login: the task row's dealer */
  dealerId: string;
}

/** What the daily starter found: a year to ask for, or nothing today. */
export interface CalendarWatchToday {
  businessDate: string;
  /** next year, when it is still provisional and the first working day of November has come */
  year: number | null;
  dealerId: string | null;
}
