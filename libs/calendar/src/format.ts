// Times as a person reads them: the wall clock in the dealer's time zone, named in the reader's
// language (北京时间 / Beijing time), never UTC. Intl only, so it runs anywhere the calendar runs.
import { pad } from './dates';
import { wallClock } from './zone';

export type MessageLang = 'zh-CN' | 'en';

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Zones that keep China Standard Time: their readers call it Beijing time. */
const BEIJING_ZONES = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Chungking', 'Asia/Harbin', 'PRC']);

/** How a reader names the zone: 北京时间 / Beijing time, else the zone's long name in that language. */
export function zoneName(instant: Date, timeZone: string, lang: MessageLang): string {
  if (BEIJING_ZONES.has(timeZone)) return lang === 'en' ? 'Beijing time' : '北京时间';
  const part = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'long' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * A date and time of day in timeZone for a reader of lang:
 * zh-CN '2026-12-03（周四）18:00 北京时间', en 'Thu 3 Dec 2026, 18:00 Beijing time'.
 */
export function formatLocalTime(instant: Date, timeZone: string, lang: MessageLang): string {
  const w = wallClock(instant, timeZone);
  const wd = dayOfWeek(w.year, w.month, w.day);
  const hm = `${pad(w.hour, 2)}:${pad(w.minute, 2)}`;
  const zone = zoneName(instant, timeZone, lang);
  if (lang === 'en') return `${WEEKDAYS_EN[wd]} ${w.day} ${MONTHS_EN[w.month - 1]} ${w.year}, ${hm} ${zone}`;
  return `${pad(w.year, 4)}-${pad(w.month, 2)}-${pad(w.day, 2)}（${WEEKDAYS_ZH[wd]}）${hm} ${zone}`;
}

/** A calendar date ('YYYY-MM-DD') for a reader: zh-CN '2026-12-03（周四）', en 'Thu 3 Dec 2026'. */
export function formatLocalDate(date: string, lang: MessageLang): string {
  const [y, m, d] = date.split('-').map(Number);
  const wd = dayOfWeek(y, m, d);
  if (lang === 'en') return `${WEEKDAYS_EN[wd]} ${d} ${MONTHS_EN[m - 1]} ${y}`;
  return `${date}（${WEEKDAYS_ZH[wd]}）`;
}

function dayOfWeek(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay();
}
