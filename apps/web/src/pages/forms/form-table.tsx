// One form's columns and rows as a table laid out like the paper form: grouped headers above the columns
// that share them, numbers and percentages formatted as in the Excel file; its signature lines below.
import { Descriptions, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormCell, FormColumn, FormSignature } from '../../api/outputs';
import { ScrollBox } from '../../lib/scroll-box';
import { ResponsiveTable } from '../../lib/responsive';

type Row = Record<string, FormCell>;

/** A cell as the page prints it (the same text a test works out from the API's row). */
export function formCell(v: FormCell | undefined, type: FormColumn['type'] = 'text'): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'number') {
    if (type === 'percent') return `${(v * 100).toFixed(1)}%`;
    if (Number.isInteger(v)) return String(v);
    return String(Math.round(v * 100) / 100);
  }
  return v;
}

export function FormTable({
  columns,
  rows,
  id,
  label,
}: {
  columns: FormColumn[];
  rows: Row[];
  id?: string;
  label: string;
}) {
  const { t } = useTranslation();
  const leaf = (c: FormColumn) => ({
    key: c.key,
    dataIndex: c.key,
    title: c.label,
    align: (c.type === 'int' || c.type === 'number' || c.type === 'percent' ? 'right' : 'left') as 'right' | 'left',
    render: (v: FormCell) => <span data-col={c.key}>{formCell(v, c.type)}</span>,
  });
  // consecutive columns of one group go under one merged header
  const cols: TableColumnsType<Row> = [];
  for (let i = 0; i < columns.length;) {
    const g = columns[i].group;
    if (!g) {
      cols.push(leaf(columns[i++]));
      continue;
    }
    const children = [];
    while (i < columns.length && columns[i].group === g) children.push(leaf(columns[i++]));
    cols.push({ key: `group:${g}:${i}`, title: g, children });
  }
  return (
    <ScrollBox label={label}>
      <ResponsiveTable<Row>
        size="small"
        bordered
        data-form-table={id}
        columns={cols}
        dataSource={rows.map((r, i) => ({ ...r, __i: i }))}
        rowKey={(r) => String(r.__i)}
        onRow={(r) => ({ 'data-form-row': String(r.__i) }) as React.HTMLAttributes<HTMLElement>}
        pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        locale={{ emptyText: t('forms.noRows') }}
      />
    </ScrollBox>
  );
}

/** The signature lines under a form (a plan's 编制 / 审核 / 签批): who, "B 代 A" when a substitute did it, and when. */
export function FormSignatures({ signatures, id }: { signatures?: FormSignature[]; id?: string }) {
  const { t } = useTranslation();
  if (!signatures?.length) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      title={t('forms.signatures')}
      data-form-signatures={id}
      items={signatures.map((s) => ({
        key: s.key,
        label: s.label,
        children: (
          <span data-signature={s.key}>
            {s.name ?? '–'}
            {s.at ? `  ${s.at}` : ''}
          </span>
        ),
      }))}
    />
  );
}
