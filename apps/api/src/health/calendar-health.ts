// The calendar's part of /api/health: from 1 December (Asia/Shanghai), next year still provisional (no
// State Council notice loaded or shipped) makes the calendar 'degraded'. Degraded is not down: the API
// answers, with provisional dates, so the status stays 200 and `checks.calendar` and `warnings` say why.
import { localDate, type WorkingCalendar } from '@kaflow/calendar';

export interface CalendarHealth {
  check: 'up' | 'degraded';
  warning?: string;
}

export function calendarHealth(now: Date, cal: Pick<WorkingCalendar, 'isProvisionalYear'>): CalendarHealth {
  const today = localDate(now, 'Asia/Shanghai');
  const next = Number(today.slice(0, 4)) + 1;
  if (today.slice(5) >= '12-01' && cal.isProvisionalYear(next)) {
    return {
      check: 'degraded',
      warning:
        `calendar: no State Council holiday notice is loaded for ${next}; its dates are provisional ` +
        `(statutory holidays only)`,
    };
  }
  return { check: 'up' };
}
