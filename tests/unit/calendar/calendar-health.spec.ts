// The calendar's health and the day the sysadmin is first asked for next year's notice.
import { WorkingCalendar, checkNotice, type HolidayNotice } from '@kaflow/calendar';
import { askFrom } from '../../../activities/src/calendar/calendar.activities';
import { calendarHealth } from '../../../apps/api/src/health/calendar-health';
import { INVENTED_2027 } from '../../fixtures/calendar/invented-2027';

const provisional = new WorkingCalendar();
const loaded = new WorkingCalendar([], [checkNotice(2027, INVENTED_2027).notice as HolidayNotice]);

describe('calendarHealth', () => {
  it('is up on 30 November even with next year provisional', () => {
    // 23:59:59 in Shanghai
    expect(calendarHealth(new Date('2026-11-30T15:59:59Z'), provisional)).toEqual({ check: 'up' });
  });

  it('is degraded from 1 December (Shanghai) while next year is provisional, and says which year', () => {
    const h = calendarHealth(new Date('2026-11-30T16:00:00Z'), provisional); // 00:00 on 1 Dec in Shanghai
    expect(h.check).toBe('degraded');
    expect(h.warning).toContain('2027');
    expect(calendarHealth(new Date('2026-12-31T12:00:00Z'), provisional).check).toBe('degraded');
  });

  it('is up again once next year is loaded', () => {
    expect(calendarHealth(new Date('2026-12-01T02:00:00Z'), loaded)).toEqual({ check: 'up' });
  });
});

describe('askFrom: the first working day of November', () => {
  const cal = new WorkingCalendar();
  it('is Mon 2 Nov 2026 (Sun 1 Nov is a weekend) and Mon 1 Nov 2027', () => {
    expect(askFrom(2026, (d) => cal.isWorkingDay(d))).toBe('2026-11-02');
    expect(askFrom(2027, (d) => cal.isWorkingDay(d))).toBe('2027-11-01');
  });
});
