// Times as people read them: in the dealer's time zone (北京时间 by default), in the chosen language.
import i18n from '../i18n';

let zone = 'Asia/Shanghai';
export const setTimeZone = (tz: string | undefined) => {
  if (tz) zone = tz;
};
export const timeZone = () => zone;

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'zh-CN');

export function dateTime(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

export function date(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** YYYY-MM-DD of an instant in the dealer's zone. */
export function dayKey(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    d,
  );
}

export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`;
