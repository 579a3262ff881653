// forecast_warning (预警): the month's forecast against target, the gap per model and per consultant, and the open
// H and A prospects that could close it (cards with a link each, so a phone never scrolls sideways). The manager
// notes it with the action taken (the comment, required).
import { Card, List, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../api/types';
import { date, percent } from '../../lib/format';
import type { KindForm } from './decision-form';

export const forecastWarningForm: KindForm = { danger: ['noted'] };

interface Line {
  target: number;
  p50: number;
  booked: number;
  gap: number;
}

function GapTable({
  rows,
  name,
  title,
}: {
  rows: Array<Line & { key: string; name: string }>;
  name: string;
  title: string;
}) {
  const { t } = useTranslation();
  if (!rows.length) return null;
  return (
    <>
      <Typography.Title level={5}>{title}</Typography.Title>
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          rowClassName={(r) => (r.gap > 0 ? 'row-gap' : '')}
          columns={[
            { key: 'n', dataIndex: 'name', title: name },
            { key: 't', dataIndex: 'target', title: t('forecastWarning.target'), align: 'right' },
            { key: 'b', dataIndex: 'booked', title: t('forecastWarning.booked'), align: 'right' },
            { key: 'p', dataIndex: 'p50', title: t('forecastWarning.p50'), align: 'right' },
            {
              key: 'g',
              title: t('forecastWarning.gap'),
              align: 'right',
              render: (_: unknown, r) => (r.gap > 0 ? <Tag color="red">−{r.gap}</Tag> : '0'),
            },
          ]}
        />
      </div>
    </>
  );
}

export function ForecastWarningBrief({ task }: { task: Task }) {
  const { t } = useTranslation();
  const p = task.payload ?? {};
  const total = (p.total ?? {}) as Line & { p10: number; p90: number; limit: number };
  const models = ((p.models ?? []) as Array<Line & { model: string }>).map((m) => ({
    ...m,
    key: m.model,
    name: m.model,
  }));
  const people = ((p.consultants ?? []) as Array<Line & { consultantId: string; name: string }>).map((c) => ({
    ...c,
    key: c.consultantId,
    name: c.name || c.consultantId,
  }));
  const prospects = (p.prospects ?? []) as Array<{
    prospectId: string;
    accountName: string;
    model: string;
    consultantName: string;
    grade: string;
    quantity: number;
    lastFollowUpAt: string | null;
  }>;
  return (
    <div data-forecast-warning>
      <Typography.Paragraph strong data-warning-total={total.gap}>
        {t('forecastWarning.summary', { ...total, month: p.month })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('forecastWarning.limit', { margin: percent(p.margin), limit: total.limit, asOf: p.asOf })}
      </Typography.Paragraph>
      <GapTable rows={models} name={t('forecastWarning.model')} title={t('forecastWarning.byModel')} />
      <GapTable rows={people} name={t('forecastWarning.consultant')} title={t('forecastWarning.byConsultant')} />
      <Typography.Title level={5}>{t('forecastWarning.prospects')}</Typography.Title>
      <List
        size="small"
        locale={{ emptyText: t('forecastWarning.noProspects') }}
        dataSource={prospects}
        grid={{ gutter: 8, xs: 1, sm: 2, md: 3 }}
        renderItem={(x) => (
          <List.Item>
            <Card size="small" data-warning-prospect={x.prospectId}>
              <div style={{ overflowWrap: 'anywhere' }}>
                <Tag color={x.grade === 'H' ? 'volcano' : 'gold'}>{x.grade}</Tag>
                <Link to={`/prospects/${x.prospectId}`}>{x.accountName || x.prospectId}</Link>
              </div>
              <div>
                {x.model} · {t('forecastWarning.cars', { n: x.quantity })} · {x.consultantName}
              </div>
              <Typography.Text type="secondary">
                {t('forecastWarning.lastFollowUp')}:{' '}
                {x.lastFollowUpAt ? date(x.lastFollowUpAt) : t('forecastWarning.never')}
              </Typography.Text>
            </Card>
          </List.Item>
        )}
      />
    </div>
  );
}
