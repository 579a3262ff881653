// The manual's decision diamonds beyond coverage: P3 "can the customer base carry the
// month's targets" (the decomposition's support check, by model and by consultant) and P4 "can the lead
// volume carry it" (the lead plan's capacity check, with the supplementary lead targets per consultant).
import { Alert, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ResponsiveTable } from '../../lib/responsive';

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

/** A right-aligned figure column: the row's `key`, or what `render` makes of the row. */
function numCol(key: string, title: string, render: (r: Row) => React.ReactNode = (r) => num(r[key])) {
  return { key, title, align: 'right' as const, render: (_: unknown, r: Row) => render(r) };
}

function gapColumns(t: (k: string) => string, first: { key: string; title: string; render?: (r: Row) => string }) {
  return [
    {
      key: first.key,
      title: first.title,
      render: (_: unknown, r: Row) => (first.render ? first.render(r) : r[first.key]),
    },
    numCol('needed', t('monthEnd.checks.needed')),
    numCol('expected', t('monthEnd.checks.expected')),
    numCol('gap', t('monthEnd.checks.gap')),
    { key: 'ok', title: t('monthEnd.checks.ok'), render: (_: unknown, r: Row) => <OkTag ok={!!r.ok} /> },
  ];
}

/** One breakdown of a check (by model, by consultant); `mark` names each row for the browser tests. */
function CheckTable(p: { title: string; rowKey: string; rows: Row[]; columns: object[]; mark?: string }) {
  return (
    <ResponsiveTable<Row>
      size="small"
      rowKey={p.rowKey}
      pagination={false}
      style={{ marginTop: 8 }}
      title={() => p.title}
      dataSource={p.rows}
      columns={p.columns}
      onRow={(r) => (p.mark ? { [p.mark]: r[p.rowKey] } : {}) as React.HTMLAttributes<HTMLElement>}
    />
  );
}

/** A check's heading and verdict; `name` is its data attribute (data-support-ok, data-capacity-ok). */
function CheckPanel(p: {
  name: string;
  ok: boolean;
  title: string;
  verdict: [string, string];
  description?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div style={{ marginTop: 8 }} {...{ [`data-${p.name}-ok`]: String(p.ok) }}>
      <Typography.Title level={5}>{p.title}</Typography.Title>
      <Alert
        type={p.ok ? 'success' : 'warning'}
        showIcon
        message={p.ok ? p.verdict[0] : p.verdict[1]}
        description={p.description}
      />
      {p.children}
    </div>
  );
}

export function SupportCheck({ support }: { support: Row }) {
  const { t } = useTranslation();
  const owner = { key: 'name', title: t('prospects.owner'), render: (r: Row) => r.name ?? r.consultantId };
  return (
    <CheckPanel
      name="support"
      ok={!!support.ok}
      title={t('monthEnd.checks.support')}
      verdict={[t('monthEnd.checks.supportOk'), t('monthEnd.checks.supportShort')]}
    >
      <CheckTable
        title={t('monthEnd.checks.byModel')}
        rowKey="model"
        rows={support.byModel ?? []}
        columns={gapColumns(t, { key: 'model', title: t('monthEnd.letter.model') })}
        mark="data-support-model"
      />
      <CheckTable
        title={t('monthEnd.checks.byConsultant')}
        rowKey="consultantId"
        rows={support.byConsultant ?? []}
        columns={gapColumns(t, owner)}
        mark="data-support-consultant"
      />
    </CheckPanel>
  );
}

export function CapacityCheck({ capacity }: { capacity: Row }) {
  const { t } = useTranslation();
  return (
    <CheckPanel
      name="capacity"
      ok={!!capacity.ok}
      title={t('monthEnd.checks.capacity')}
      verdict={[t('monthEnd.checks.capacityOk'), t('monthEnd.checks.capacityShort')]}
      description={
        <span data-capacity={`${capacity.needed}/${capacity.expected}/${capacity.gap}`}>
          {t('monthEnd.checks.needed')} {num(capacity.needed)} · {t('monthEnd.checks.expected')}{' '}
          {num(capacity.expected)} · {t('monthEnd.checks.gap')} {num(capacity.gap)}
        </span>
      }
    >
      {Array.isArray(capacity.byModel) && capacity.byModel.length > 0 && (
        <CheckTable
          title={t('monthEnd.checks.byModel')}
          rowKey="model"
          rows={capacity.byModel}
          columns={gapColumns(t, { key: 'model', title: t('monthEnd.letter.model') })}
        />
      )}
      <CheckTable
        title={t('monthEnd.checks.byConsultant')}
        rowKey="consultantId"
        rows={capacity.byConsultant ?? []}
        mark="data-capacity-consultant"
        columns={[
          { key: 'n', title: t('prospects.owner'), render: (_: unknown, r: Row) => r.name ?? r.consultantId },
          numCol('plannedVisits', t('monthEnd.checks.plannedVisits')),
          numCol('plannedEvents', t('monthEnd.checks.plannedEvents')),
          numCol('expected', t('monthEnd.checks.expected')),
          numCol('supplementaryLeadTarget', t('monthEnd.checks.supplementary'), (r) => (
            <span data-supplementary={r.supplementaryLeadTarget}>{num(r.supplementaryLeadTarget)}</span>
          )),
        ]}
      />
    </CheckPanel>
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
