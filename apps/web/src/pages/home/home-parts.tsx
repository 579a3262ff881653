// Pieces both homes use: a figure that opens the records behind it, a card of rows (a list, never a table:
// it reads on a phone), the page's heading, and the scorecard drill-down of one KPI.
import { useState, type ReactNode } from 'react';
import { Card, Empty, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { SCORECARD_KPIS, type ScorecardKpiKey } from '@kaflow/domain/src/scorecards';
import type { ScoredKpi } from '../../api/outputs';
import { DrillDownDrawer } from '../scorecards/scorecards-page';

/** A number with its label; it opens `to` (a list with a filter, a task) or calls `onOpen` (a drill-down). */
export function Figure(props: {
  label: string;
  value: ReactNode;
  to?: string;
  onOpen?: () => void;
  tone?: 'danger' | 'normal';
  name: string;
}) {
  const value = typeof props.value === 'string' || typeof props.value === 'number' ? props.value : undefined;
  const body = (
    <span style={{ display: 'flex', flexDirection: 'column', minHeight: 44, justifyContent: 'center' }}>
      <span style={{ fontSize: 24, fontWeight: 600, color: props.tone === 'danger' ? '#c4141c' : undefined }}>
        {props.value}
      </span>
      <span style={{ color: 'rgba(0, 0, 0, 0.7)' }}>{props.label}</span>
    </span>
  );
  const style = { display: 'block', padding: '8px 12px', borderRadius: 8, background: '#f5f7fa', minWidth: 0 };
  if (props.to)
    return (
      <Link to={props.to} style={{ ...style, color: 'inherit' }} data-figure={props.name} data-value={value}>
        {body}
      </Link>
    );
  return (
    <button
      type="button"
      onClick={props.onOpen}
      style={{ ...style, border: 0, width: '100%', textAlign: 'left', cursor: 'pointer', font: 'inherit' }}
      data-figure={props.name}
      data-value={value}
    >
      {body}
    </button>
  );
}

/** Figures side by side on a PC, two a row on a phone. */
export function Figures({ children }: { children: ReactNode }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))', gap: 8 }}>
      {children}
    </div>
  );
}

export function Section<T>(props: {
  title: ReactNode;
  extra?: ReactNode;
  items: T[];
  empty: string;
  name: string;
  render: (item: T) => ReactNode;
  rowKey: (item: T) => string;
}) {
  return (
    <Card size="small" title={props.title} extra={props.extra} data-home-section={props.name}>
      {props.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} />
      ) : (
        <List
          dataSource={props.items}
          rowKey={props.rowKey}
          renderItem={(item) => <List.Item style={{ paddingInline: 0 }}>{props.render(item)}</List.Item>}
        />
      )}
    </Card>
  );
}

export function HomeHeading({ title, sub }: { title: string; sub: ReactNode }) {
  return (
    <Space direction="vertical" size={0}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Text type="secondary">{sub}</Typography.Text>
    </Space>
  );
}

/** One KPI's records for one person and month, as the scorecards page shows them. */
export function useDrillDown(month: string) {
  const { i18n } = useTranslation();
  const [target, setTarget] = useState<{ userId: string; kpi: ScoredKpi; name: string } | null>(null);
  const open = (userId: string, name: string, key: ScorecardKpiKey) => {
    const label = SCORECARD_KPIS[key][i18n.language === 'en' ? 'en' : 'zh'];
    const kpi: ScoredKpi = { key, label, weight: 0, value: null, numerator: 0, denominator: 0, score: null };
    setTarget({ userId, name, kpi });
  };
  const drawer = <DrillDownDrawer month={month} target={target} onClose={() => setTarget(null)} />;
  return { open, drawer };
}
