// A plan laid out as the paper form: months × orders / AAK / submissions, backlog, coverage.
import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../api/types';
import { percent } from '../../lib/format';
import { ProvisionalTag } from '../../lib/provisional';
import { PlanChecks } from './plan-checks';
import { ResponsiveTable } from '../../lib/responsive';

type Row = Record<string, any>;
const num = (v: unknown) =>
  typeof v === 'number' ? v.toLocaleString() : v === null || v === undefined ? '–' : String(v);

export function PlanSheet({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const r = plan.result ?? {};
  const m = (key: string, title: string) => ({ key, dataIndex: key, title, render: num, align: 'right' as const });
  const monthCols = [
    { key: 'month', dataIndex: 'month', title: t('task.month') },
    m('orders', t('task.orders')),
    m('aak', t('task.aak')),
    m('submissions', t('task.submissions')),
    m('backlog', t('plans.backlog')),
    m('pendingSubmissions', t('plans.pending')),
    m('orderDepth', t('plans.depth')),
  ];
  const lineCols = (first: string, title: string) => [
    { key: first, dataIndex: first, title },
    m('orders', t('task.orders')),
    m('aak', t('task.aak')),
    m('submissions', t('task.submissions')),
  ];
  return (
    <div data-plan-id={plan.id}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }} bordered>
        <Descriptions.Item label={t('plans.kind')}>{t(`plans.${plan.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('plans.period')}>
          {plan.period} <ProvisionalTag show={plan.provisional} />
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.version')}>
          v{plan.version} · r{plan.revision}
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.status')}>
          <Tag>{t(`plans.${plan.status}`, { defaultValue: plan.status })}</Tag>
        </Descriptions.Item>
      </Descriptions>
      {plan.reason && (
        <Alert style={{ marginTop: 8 }} type="info" message={`${t('plans.reason')}：${reasonText(plan.reason, t)}`} />
      )}
      {r.coverage && <Coverage coverage={r.coverage} />}
      <PlanChecks result={r} />
      {Array.isArray(r.closed) && r.closed.length > 0 && (
        <ResponsiveTable
          size="small"
          rowKey="month"
          pagination={false}
          dataSource={r.closed}
          columns={monthCols.slice(0, 4)}
          style={{ marginTop: 8 }}
        />
      )}
      {Array.isArray(r.months) && (
        <ResponsiveTable<Row>
          size="small"
          rowKey="month"
          pagination={false}
          dataSource={r.months}
          columns={monthCols}
          style={{ marginTop: 8 }}
          scrollLabel={t('plans.months')}
          summary={() =>
            r.totals ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>Σ</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {num(r.totals.orders)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {num(r.totals.aak)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {num(r.totals.submissions)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} colSpan={3} />
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
      {Array.isArray(r.byModel) && (
        <ResponsiveTable<Row>
          size="small"
          rowKey="model"
          pagination={false}
          dataSource={r.byModel}
          columns={lineCols('model', t('prospects.model'))}
          style={{ marginTop: 8 }}
        />
      )}
      {Array.isArray(r.byConsultant) && (
        <ResponsiveTable<Row>
          size="small"
          rowKey="consultantId"
          pagination={false}
          dataSource={r.byConsultant}
          columns={[
            ...lineCols('name', t('prospects.owner')),
            { key: 'weight', dataIndex: 'weight', title: 'w', render: (v: number) => percent(v) },
          ]}
          style={{ marginTop: 8 }}
        />
      )}
      {Array.isArray(r.models) && plan.kind === 'lead' && (
        <ResponsiveTable<Row>
          size="small"
          rowKey="model"
          pagination={false}
          dataSource={r.models}
          style={{ marginTop: 8 }}
          columns={[
            { key: 'model', dataIndex: 'model', title: t('prospects.model') },
            m('leadTarget', t('plans.leadTarget')),
            m('newHaTarget', t('plans.newHa')),
            m('bcToHaTarget', t('plans.bcToHa')),
          ]}
        />
      )}
      {plan.personalTargets && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('task.targets')}
          </Typography.Title>
          <ResponsiveTable<Row>
            size="small"
            rowKey="consultantId"
            pagination={false}
            dataSource={plan.personalTargets}
            columns={[
              { key: 'c', dataIndex: 'consultant', title: t('prospects.owner') },
              { key: 'o', title: t('task.orders'), render: (_: unknown, x) => x.targets?.orders },
              { key: 'a', title: t('task.aak'), render: (_: unknown, x) => x.targets?.aak },
              { key: 's', title: t('task.submissions'), render: (_: unknown, x) => x.targets?.submissions },
              { key: 'st', dataIndex: 'status', title: t('plans.status') },
              { key: 'cm', dataIndex: 'comment', title: t('task.comment') },
            ]}
          />
        </>
      )}
    </div>
  );
}

function Coverage({ coverage }: { coverage: Row }) {
  const { t } = useTranslation();
  const lines = ['aak', 'submissions'].filter((k) => coverage[k]);
  return (
    <div style={{ marginTop: 8 }} data-coverage-ok={String(!!coverage.ok)}>
      <Alert
        type={coverage.ok ? 'success' : 'warning'}
        showIcon
        message={coverage.ok ? t('task.coverageOk') : t('task.coverageShort')}
        description={lines.map((k) => (
          <div key={k}>
            {t(`task.${k}`)}：{num(coverage[k].planned)} / {num(coverage[k].target)}（{t('reports.gap')}{' '}
            {num(coverage[k].gap)}）
          </div>
        ))}
      />
    </div>
  );
}

/** The plan's reason in the reader's language (the pre-fill's is recorded in English). */
function reasonText(reason: string, t: TFunction): string {
  const m = reason.match(/^pre-filled from the records on (\d{4}-\d{2}-\d{2})$/);
  return m ? t('monthEnd.prefilled', { date: m[1] }) : reason;
}
