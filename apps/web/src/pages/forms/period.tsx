// Periods as the API spells them ('2026', '2026-11', '2026-W45', '') and a picker fitted to each kind.
import { useEffect } from 'react';
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import isoWeek from 'dayjs/plugin/isoWeek';
import updateLocale from 'dayjs/plugin/updateLocale';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import type { PeriodKind } from '../../api/outputs';
import { dayKey } from '../../lib/format';

dayjs.extend(isoWeek);
dayjs.extend(updateLocale);
// The manual's weeks are ISO weeks (Monday first); dayjs's English starts them on Sunday, so the English
// week picker would show a week the forms do not mean.
dayjs.updateLocale('en', { weekStart: 1 });

export const thisMonth = () => dayKey(new Date()).slice(0, 7);

/** The ISO week 'YYYY-Www' of a day. */
export const isoWeekOf = (d: Dayjs) => `${d.isoWeekYear()}-W${String(d.isoWeek()).padStart(2, '0')}`;

/** The default period of a kind: the current year, month or ISO week in the dealer's zone. */
export function defaultPeriod(kind: PeriodKind): string {
  const today = dayjs(dayKey(new Date()));
  if (kind === 'year') return String(today.year());
  if (kind === 'month') return today.format('YYYY-MM');
  if (kind === 'week') return isoWeekOf(today);
  return '';
}

/** Whether a period string fits a kind (a week form also takes a month: the API answers the month's weeks). */
export function fits(kind: PeriodKind, v: string | null | undefined): v is string {
  if (kind === 'none') return true;
  if (!v) return false;
  if (kind === 'year') return /^20\d\d$/.test(v);
  if (kind === 'month') return /^20\d\d-(0[1-9]|1[0-2])$/.test(v);
  return /^20\d\d-W(0[1-9]|[1-4]\d|5[0-3])$/.test(v);
}

function toDay(kind: PeriodKind, v: string): Dayjs | null {
  if (kind === 'year') return dayjs(`${v}-01-01`);
  if (kind === 'month') return dayjs(`${v}-01`);
  if (kind === 'week') {
    const m = /^(\d{4})-W(\d{2})$/.exec(v);
    if (!m) return null;
    // ISO week 1 holds 4 January; its Monday plus (week − 1) weeks
    return dayjs(`${m[1]}-01-04`)
      .isoWeekday(1)
      .add(Number(m[2]) - 1, 'week');
  }
  return null;
}

/** A year, month or week picker (nothing for forms without a period). */
export function PeriodPicker({
  kind,
  value,
  onChange,
  label,
}: {
  kind: PeriodKind;
  value: string;
  onChange: (v: string) => void;
  label?: string;
}) {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
  }, [i18n.language]);
  if (kind === 'none') return null;
  const aria = label ?? t(`outputs.${kind === 'month' ? 'month' : kind === 'year' ? 'year' : 'week'}`);
  return (
    <DatePicker
      picker={kind}
      allowClear={false}
      aria-label={aria}
      data-period-picker={kind}
      value={toDay(kind, value)}
      format={kind === 'week' ? (d) => isoWeekOf(d) : kind === 'year' ? 'YYYY' : 'YYYY-MM'}
      onChange={(d) => {
        if (!d) return;
        onChange(kind === 'year' ? String(d.year()) : kind === 'month' ? d.format('YYYY-MM') : isoWeekOf(d));
      }}
    />
  );
}
