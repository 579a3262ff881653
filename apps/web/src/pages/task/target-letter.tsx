// 个人目标确认书: a consultant's personal target of the month — orders / AAK / submissions in total,
// by model, by customer type, by development type (new / repeat) and the model × customer type ×
// channel cells, whose margins sum to the plan's totals.
import { Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { vocab, type Vocabulary } from '../prospects/vocab';
import { ResponsiveTable } from '../../lib/responsive';

type Row = Record<string, any>;

export function TargetLetter({ period, targets }: { period: string; targets: Row }) {
  const { t, i18n } = useTranslation();
  const figures = [
    { key: 'orders', dataIndex: 'orders', title: t('task.orders'), align: 'right' as const },
    { key: 'aak', dataIndex: 'aak', title: t('task.aak'), align: 'right' as const },
    { key: 'submissions', dataIndex: 'submissions', title: t('task.submissions'), align: 'right' as const },
  ];
  // the decomposition's `channel` is the development type (new, repeat)
  const label = (of: Vocabulary, v: string) => vocab(i18n.language, of, v);
  const part = (rows: Row[] | undefined, key: string, title: string, name: string, translate?: Vocabulary) =>
    Array.isArray(rows) && rows.length > 0 ? (
      <div data-letter-part={name}>
        <ResponsiveTable<Row>
          size="small"
          rowKey={key}
          pagination={false}
          style={{ marginTop: 8 }}
          title={() => title}
          dataSource={rows}
          columns={[
            {
              key,
              title: t(`monthEnd.letter.${key}`),
              render: (_: unknown, r) => (translate ? label(translate, r[key]) : r[key]),
            },
            ...figures,
          ]}
        />
      </div>
    ) : null;
  const cells = (targets.byModelTypeChannel ?? []) as Row[];
  return (
    <div data-target-letter={period}>
      <Descriptions size="small" bordered title={t('monthEnd.letter.title', { period })}>
        <Descriptions.Item label={t('task.orders')}>
          <span data-target="orders">{targets.orders}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('task.aak')}>
          <span data-target="aak">{targets.aak}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('task.submissions')}>
          <span data-target="submissions">{targets.submissions}</span>
        </Descriptions.Item>
      </Descriptions>
      {part(targets.byModel, 'model', t('monthEnd.letter.byModel'), 'model')}
      {part(
        (targets.byCustomerType ?? []).filter((r: Row) => r.orders || r.aak || r.submissions),
        'customerType',
        t('monthEnd.letter.byCustomerType'),
        'customerType',
        'customerType',
      )}
      {part(targets.byChannel, 'channel', t('monthEnd.letter.byChannel'), 'channel', 'developmentType')}
      {cells.length > 0 && (
        <div data-letter-part="cross">
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('monthEnd.letter.cross')}
          </Typography.Title>
          <ResponsiveTable<Row>
            size="small"
            rowKey={(r) => `${r.model}|${r.customerType}|${r.channel}`}
            pagination={false}
            scrollLabel={t('monthEnd.letter.cross')}
            dataSource={cells}
            columns={[
              { key: 'm', dataIndex: 'model', title: t('monthEnd.letter.model') },
              {
                key: 'ct',
                title: t('monthEnd.letter.customerType'),
                render: (_: unknown, r) => label('customerType', r.customerType),
              },
              {
                key: 'ch',
                title: t('monthEnd.letter.channel'),
                render: (_: unknown, r) => label('developmentType', r.channel),
              },
              ...figures,
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>
                  {t('monthEnd.letter.total')}
                </Table.Summary.Cell>
                {(['orders', 'aak', 'submissions'] as const).map((k, i) => (
                  <Table.Summary.Cell key={k} index={3 + i} align="right">
                    {cells.reduce((a, c) => a + (Number(c[k]) || 0), 0)}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
        </div>
      )}
    </div>
  );
}
