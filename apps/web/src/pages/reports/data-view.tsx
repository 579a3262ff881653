// Shows a report answer as it comes: scalar fields as a description list, each list of rows as a
// table (rows with a gap highlighted; rates shown beside their numerator and denominator).
import { Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ResponsiveTable } from '../../lib/responsive';

type Obj = Record<string, unknown>;
const isRow = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function cell(v: unknown): React.ReactNode {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'boolean') return v ? '✓' : '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString() : v.toFixed(4).replace(/0+$/, '');
  if (Array.isArray(v)) return v.map((x) => (isRow(x) ? Object.values(x).join(' ') : String(x))).join('，');
  if (isRow(v)) {
    if ('numerator' in v && 'denominator' in v) {
      const r = typeof v.value === 'number' ? v.value : v.rate;
      const rate = typeof r === 'number' ? ` = ${(r * 100).toFixed(1)}%` : '';
      return `${v.numerator} / ${v.denominator}${rate}`;
    }
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
      .join('，');
  }
  return String(v);
}

export function DataView({ data }: { data: unknown }) {
  const { t } = useTranslation();
  const labels = new Proxy({} as Record<string, string>, {
    get: (_, k: string) => t(`field.${k}`, { defaultValue: k }),
  });
  if (Array.isArray(data)) return <RowsTable rows={data.filter(isRow)} labels={labels} />;
  if (!isRow(data)) return <Typography.Text>{cell(data)}</Typography.Text>;
  const scalars = Object.entries(data).filter(([, v]) => !Array.isArray(v) || !v.every(isRow) || v.length === 0);
  const lists = Object.entries(data).filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every(isRow)) as [
    string,
    Obj[],
  ][];
  return (
    <>
      {scalars.length > 0 && (
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }}>
          {scalars.map(([k, v]) => (
            <Descriptions.Item key={k} label={labels[k]}>
              {cell(v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {lists.map(([k, rows]) => (
        <div key={k} style={{ marginTop: 12 }}>
          <Typography.Title level={5}>{labels[k]}</Typography.Title>
          <RowsTable rows={rows} labels={labels} />
        </div>
      ))}
    </>
  );
}

function RowsTable({ rows, labels }: { rows: Obj[]; labels: Record<string, string> }) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !/id$/i.test(k) || k === 'id');
  return (
    <ResponsiveTable
      size="small"
      pagination={rows.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: true }}
      rowKey={(r) => JSON.stringify(r).slice(0, 200)}
      dataSource={rows}
      rowClassName={(r) => (r.gap === true ? 'row-gap' : '')}
      columns={keys
        .filter((k) => k !== 'id')
        .map((k) => ({
          key: k,
          title: labels[k],
          render: (_: unknown, r: Obj) => (k === 'gap' && r.gap === true ? <Tag color="red">gap</Tag> : cell(r[k])),
        }))}
    />
  );
}
