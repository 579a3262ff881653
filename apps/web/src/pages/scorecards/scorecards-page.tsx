// KPI scorecards (manual §3) for a month: every person's card for the managers (with a role filter), one's
// own card for everyone else; a KPI opens the records behind its numerator and denominator.
import { useState } from 'react';
import { Alert, Drawer, Empty, Select, Space, Spin, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/outputs';
import { useAuth } from '../../api/auth';
import { query } from '../../api/client';
import { useRead } from '../../api/hooks';
import { apiLang, type DrillDown, type ScoredKpi, type Scorecards } from '../../api/outputs';
import { dateTime } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { fits, PeriodPicker, thisMonth } from '../forms/period';
import { KpiValue, ScorecardCard } from './scorecard-card';

/** The roles manual §3 assesses, as the API names them. */
export const SCORECARD_ROLES = ['consultant', 'ka_manager', 'sales_director', 'gm', 'marketing_director', 'cs_manager'];
/** Who reads every card of the dealer (the API answers anyone else with their own card only). */
export const SEES_ALL = ['ka_manager', 'sales_director', 'gm'] as const;

/** A drill-down record's time: a date stays a date; an instant is shown in the dealer's zone. */
const when = (at: string | null) => (!at ? '–' : /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : dateTime(at.replace(' ', 'T')));

function DrillDownDrawer({
  month,
  target,
  onClose,
}: {
  month: string;
  target: { userId: string; kpi: ScoredKpi; name: string } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const path = target
    ? `/reports/scorecards/${target.userId}/${target.kpi.key}${query({ month, lang: apiLang(i18n.language) })}`
    : null;
  const q = useRead<DrillDown>(path);
  return (
    <Drawer
      open={!!target}
      onClose={onClose}
      size={760}
      title={target ? t('scorecards.drillTitle', { name: target.name, kpi: target.kpi.label, month }) : ''}
      destroyOnHidden
    >
      {!target ? null : q.isPending ? (
        <Spin />
      ) : q.isError ? (
        <Alert type="error" title={failureText(q.error, t)} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-drill={`${q.data.userId}:${q.data.key}`}>
          <KpiValue {...q.data} />
          {q.data.formula && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('scorecards.formula')}: {q.data.formula.numerator} ÷ {q.data.formula.denominator}
            </Typography.Paragraph>
          )}
          <Table
            size="small"
            rowKey={(r) => `${r.type}:${r.id}`}
            dataSource={q.data.records}
            pagination={q.data.records.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{ emptyText: t('scorecards.noRecords') }}
            onRow={(r) =>
              ({ 'data-drill-record': r.id, 'data-record-type': r.type }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                key: 'type',
                title: t('scorecards.type'),
                render: (_, r) => t(`scorecards.recordType.${r.type}`, { defaultValue: r.type }),
              },
              { key: 'at', title: t('scorecards.at'), render: (_, r) => when(r.at) },
              { key: 'description', title: t('scorecards.description'), dataIndex: 'description' },
              { key: 'num', title: t('scorecards.numerator'), dataIndex: 'numerator', align: 'right' },
              { key: 'den', title: t('scorecards.denominator'), dataIndex: 'denominator', align: 'right' },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

export default function ScorecardsPage() {
  const { t, i18n } = useTranslation();
  const { has } = useAuth();
  const [params, setParams] = useSearchParams();
  const month = fits('month', params.get('month')) ? params.get('month')! : thisMonth();
  const role = SCORECARD_ROLES.includes(params.get('role') ?? '') ? params.get('role')! : undefined;
  const userId = params.get('userId') ?? undefined;
  const all = has(...SEES_ALL);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const q = useRead<Scorecards>(
    `/reports/scorecards${query({ month, role: all ? role : undefined, userId: all ? userId : undefined, lang: apiLang(i18n.language) })}`,
  );
  const [drill, setDrill] = useState<{ userId: string; kpi: ScoredKpi; name: string } | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-scorecards-month={month}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('scorecards.title')}
      </Typography.Title>
      <Space wrap>
        <PeriodPicker kind="month" value={month} onChange={(v) => set('month', v)} />
        {all ? (
          <Select
            aria-label={t('scorecards.role')}
            style={{ width: 180 }}
            value={role ?? ''}
            data-filter="role"
            onChange={(v) => set('role', v || undefined)}
            options={[
              { value: '', label: t('scorecards.allRoles') },
              ...SCORECARD_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })),
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('scorecards.own')}</Typography.Text>
        )}
      </Space>
      {q.isPending ? (
        <Spin />
      ) : q.isError ? (
        <Alert type="error" title={failureText(q.error, t)} />
      ) : q.data.items.length === 0 ? (
        <Empty description={t('scorecards.empty')} />
      ) : (
        q.data.items.map((item) => (
          <ScorecardCard
            key={`${item.userId}:${item.role}`}
            item={item}
            onDrill={(kpi) => setDrill({ userId: item.userId, kpi, name: item.displayName })}
          />
        ))
      )}
      <DrillDownDrawer month={month} target={drill} onClose={() => setDrill(null)} />
    </Space>
  );
}
