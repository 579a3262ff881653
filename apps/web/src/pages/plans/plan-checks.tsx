// The manual's decision diamonds beyond coverage (issue 13): P3 "can the customer base carry the
// month's targets" (the decomposition's support check, by model and by consultant) and P4 "can the lead
// volume carry it" (the lead plan's capacity check, with the supplementary lead targets per consultant).
import { Alert, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Row = Record<string, any>;
const num = (v: unknown) => (typeof v === 'number' ? v.toLocaleString() : v == null ? '–' : String(v));

function OkTag({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return ok ? (
    <Tag color="green">{t('monthEnd.checks.yes')}</Tag>
  ) : (
    <Tag style={{ color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' }}>{t('monthEnd.checks.no')}</Tag>
  );
}

function gapColumns(t: (k: string) => string, first: { key: string; title: string; render?: (r: Row) => string }) {
  return [
    {
      key: first.key,
      title: first.title,
      render: (_: unknown, r: Row) => (first.render ? first.render(r) : r[first.key]),
    },
    {
      key: 'needed',
      title: t('monthEnd.checks.needed'),
      align: 'right' as const,
      render: (_: unknown, r: Row) => num(r.needed),
    },
    {
      key: 'expected',
      title: t('monthEnd.checks.expected'),
      align: 'right' as const,
      render: (_: unknown, r: Row) => num(r.expected),
    },
    {
      key: 'gap',
      title: t('monthEnd.checks.gap'),
      align: 'right' as const,
      render: (_: unknown, r: Row) => num(r.gap),
    },
    { key: 'ok', title: t('monthEnd.checks.ok'), render: (_: unknown, r: Row) => <OkTag ok={!!r.ok} /> },
  ];
}

export function SupportCheck({ support }: { support: Row }) {
  const { t } = useTranslation();
  return (
    <div style={{ marginTop: 8 }} data-support-ok={String(!!support.ok)}>
      <Typography.Title level={5}>{t('monthEnd.checks.support')}</Typography.Title>
      <Alert
        type={support.ok ? 'success' : 'warning'}
        showIcon
        message={support.ok ? t('monthEnd.checks.supportOk') : t('monthEnd.checks.supportShort')}
      />
      <Table<Row>
        size="small"
        rowKey="model"
        pagination={false}
        style={{ marginTop: 8 }}
        title={() => t('monthEnd.checks.byModel')}
        dataSource={support.byModel ?? []}
        columns={gapColumns(t, { key: 'model', title: t('monthEnd.letter.model') })}
        onRow={(r) => ({ 'data-support-model': r.model }) as React.HTMLAttributes<HTMLElement>}
      />
      <Table<Row>
        size="small"
        rowKey="consultantId"
        pagination={false}
        style={{ marginTop: 8 }}
        title={() => t('monthEnd.checks.byConsultant')}
        dataSource={support.byConsultant ?? []}
        columns={gapColumns(t, {
          key: 'name',
          title: t('prospects.owner'),
          render: (r) => r.name ?? r.consultantId,
        })}
        onRow={(r) => ({ 'data-support-consultant': r.consultantId }) as React.HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

export function CapacityCheck({ capacity }: { capacity: Row }) {
  const { t } = useTranslation();
  return (
    <div style={{ marginTop: 8 }} data-capacity-ok={String(!!capacity.ok)}>
      <Typography.Title level={5}>{t('monthEnd.checks.capacity')}</Typography.Title>
      <Alert
        type={capacity.ok ? 'success' : 'warning'}
        showIcon
        message={capacity.ok ? t('monthEnd.checks.capacityOk') : t('monthEnd.checks.capacityShort')}
        description={
          <span data-capacity={`${capacity.needed}/${capacity.expected}/${capacity.gap}`}>
            {t('monthEnd.checks.needed')} {num(capacity.needed)} · {t('monthEnd.checks.expected')}{' '}
            {num(capacity.expected)} · {t('monthEnd.checks.gap')} {num(capacity.gap)}
          </span>
        }
      />
      {Array.isArray(capacity.byModel) && capacity.byModel.length > 0 && (
        <Table<Row>
          size="small"
          rowKey="model"
          pagination={false}
          style={{ marginTop: 8 }}
          title={() => t('monthEnd.checks.byModel')}
          dataSource={capacity.byModel}
          columns={gapColumns(t, { key: 'model', title: t('monthEnd.letter.model') })}
        />
      )}
      <Table<Row>
        size="small"
        rowKey="consultantId"
        pagination={false}
        style={{ marginTop: 8 }}
        title={() => t('monthEnd.checks.byConsultant')}
        dataSource={capacity.byConsultant ?? []}
        onRow={(r) => ({ 'data-capacity-consultant': r.consultantId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'n', title: t('prospects.owner'), render: (_: unknown, r: Row) => r.name ?? r.consultantId },
          {
            key: 'v',
            title: t('monthEnd.checks.plannedVisits'),
            align: 'right',
            render: (_: unknown, r: Row) => num(r.plannedVisits),
          },
          {
            key: 'e',
            title: t('monthEnd.checks.plannedEvents'),
            align: 'right',
            render: (_: unknown, r: Row) => num(r.plannedEvents),
          },
          {
            key: 'x',
            title: t('monthEnd.checks.expected'),
            align: 'right',
            render: (_: unknown, r: Row) => num(r.expected),
          },
          {
            key: 's',
            title: t('monthEnd.checks.supplementary'),
            align: 'right',
            render: (_: unknown, r: Row) => (
              <span data-supplementary={r.supplementaryLeadTarget}>{num(r.supplementaryLeadTarget)}</span>
            ),
          },
        ]}
      />
    </div>
  );
}

/** The checks a plan's result carries (none for annual and rolling plans: their gate is coverage). */
export function PlanChecks({ result }: { result: Row }) {
  return (
    <>
      {result.support && <SupportCheck support={result.support} />}
      {result.capacity && <CapacityCheck capacity={result.capacity} />}
    </>
  );
}
