// 开始月末计划循环: the key-account manager (or an admin) starts this month's month-end cycle by hand,
// exactly as its schedule would, on a business date of the month-end window (default: today when it
// is in the window, else the window's first day). The answer is said in plain words.
import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { useRead } from '../../api/hooks';
import { dayKey } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { ProvisionalTag } from '../../lib/provisional';

interface Window {
  month: string;
  days: string[];
  provisional?: boolean;
}
interface TriggerResult {
  workflowId: string;
  started: boolean;
  businessDate: string;
  reason?: string;
}
type Outcome = { kind: 'started' | 'already' | 'outside' | 'other'; text: string };

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

export function MonthEndStart() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const today = dayKey(new Date());
  const month = today.slice(0, 7);
  const win = useRead<Window>(`/calendar/month-end-window?month=${month}`);
  const days = win.data?.days ?? [];
  const [picked, setPicked] = useState<string>();
  const date = picked ?? (days.includes(today) ? today : days[0]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const say = (r: TriggerResult): Outcome => {
    const m = r.businessDate.slice(0, 7);
    if (r.started) return { kind: 'started', text: t('monthEnd.start.started', { month: m, next: nextMonth(m) }) };
    const reason = r.reason ?? '';
    if (reason.startsWith('already')) return { kind: 'already', text: t('monthEnd.start.already', { month: m }) };
    if (reason.includes('outside the month-end window')) {
      const listed = reason.match(/\(([^)]*)\)/)?.[1] ?? '';
      return { kind: 'outside', text: t('monthEnd.start.outside', { date: r.businessDate, month: m, days: listed }) };
    }
    return { kind: 'other', text: t('monthEnd.start.notStarted', { reason }) };
  };
  const start = async () => {
    if (!date) return;
    setBusy(true);
    setOutcome(undefined);
    try {
      const r = await post<TriggerResult>('/processes/month-end/trigger', { businessDate: date });
      setOutcome(say(r));
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['read', '/plans'] });
    } catch (e) {
      setOutcome({ kind: 'other', text: failureText(e, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('monthEnd.start.title')} data-month-end-start={month}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('monthEnd.start.hint')}</Typography.Paragraph>
      <Space wrap>
        <span>
          {t('monthEnd.start.window', { month })}：{days.join('、') || '–'}{' '}
          <ProvisionalTag show={win.data?.provisional} />
        </span>
        <Select
          aria-label={t('monthEnd.start.date')}
          style={{ width: 160 }}
          value={date}
          onChange={setPicked}
          options={days.map((d) => ({ value: d, label: d }))}
          data-field="business-date"
        />
        <Button
          type="primary"
          loading={busy}
          disabled={!date}
          onClick={() => void start()}
          data-action="start-month-end"
        >
          {t('monthEnd.start.button')}
        </Button>
      </Space>
      {outcome && (
        <Alert
          style={{ marginTop: 8 }}
          role="status"
          showIcon
          type={outcome.kind === 'started' ? 'success' : outcome.kind === 'other' ? 'error' : 'info'}
          data-trigger-result={outcome.kind}
          message={outcome.text}
          action={
            outcome.kind === 'started' || outcome.kind === 'already' ? (
              <Link to="/inbox">{t('monthEnd.start.openInbox')}</Link>
            ) : undefined
          }
        />
      )}
      {win.isError && <Alert style={{ marginTop: 8 }} type="error" message={failureText(win.error, t)} />}
    </Card>
  );
}
