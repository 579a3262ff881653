// KPI scorecards (manual §3) for a month: every person's card for the managers (with a role filter), one's
// own card for everyone else; a KPI opens the records behind its numerator and denominator.
import { useState } from 'react';
import { Drawer, Empty, Select, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { SCORECARD_ROLES } from '@kaflow/domain/src/scorecards';
import { Loaded } from '../../lib/loaded';
import '../../i18n/outputs';
import { useAuth } from '../../api/auth';
import { query } from '../../api/client';
import { useRead } from '../../api/hooks';
import { apiLang, type DrillDown, type ScoredKpi, type Scorecards } from '../../api/outputs';
import { dateTime } from '../../lib/format';
import { fits, PeriodPicker, thisMonth } from '../forms/period';
import { KpiValue, ScorecardCard } from './scorecard-card';
import { ResponsiveTable } from '../../lib/responsive';

/** Who reads every card of the dealer (the API answers anyone else with their own card only). */
export const SEES_ALL = ['ka_manager', 'sales_director', 'gm'] as const;

/** A drill-down record's time: a date stays a date; an instant is shown in the dealer's zone. */
const when = (at: string | null) => (!at ? '–' : /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : dateTime(at.replace(' ', 'T')));

export function DrillDownDrawer({
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
      {!target ? null : (
        <Loaded q={q}>
          {(d) => (
            <Space orientation="vertical" style={{ width: '100%' }} data-drill={`${d.userId}:${d.key}`}>
              <KpiValue {...d} />
              {d.formula && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t('scorecards.formula')}: {d.formula.numerator} ÷ {d.formula.denominator}
                </Typography.Paragraph>
              )}
              <ResponsiveTable
                size="small"
                rowKey={(r) => `${r.type}:${r.id}`}
                dataSource={d.records}
                pagination={d.records.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
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
        </Loaded>
      )}
    </Drawer>
  );
}

export default function ScorecardsPage() {
  const { t, i18n } = useTranslation();
  const { has } = useAuth();
  const [params, setParams] = useSearchParams();
  const month = fits('month', params.get('month')) ? params.get('month')! : thisMonth();
  const role = (SCORECARD_ROLES as readonly string[]).includes(params.get('role') ?? '')
    ? params.get('role')!
    : undefined;
  const userId = params.get('userId') ?? undefined;
  const all = has(...SEES_ALL);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const filter = { month, role: all ? role : undefined, userId: all ? userId : undefined };
  const q = useRead<Scorecards>(`/reports/scorecards${query({ ...filter, lang: apiLang(i18n.language) })}`);
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
      <Loaded q={q}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty description={t('scorecards.empty')} />
          ) : (
            d.items.map((item) => (
              <ScorecardCard
                key={`${item.userId}:${item.role}`}
                item={item}
                onDrill={(kpi) => setDrill({ userId: item.userId, kpi, name: item.displayName })}
              />
            ))
          )
        }
      </Loaded>
      <DrillDownDrawer month={month} target={drill} onClose={() => setDrill(null)} />
    </Space>
  );
}
