// callback (回访), rectification (整改), daily_check (每日自检): their fields and data.
import { Button, Checkbox, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KindForm } from './decision-form';
import { ResponsiveTable } from '../../lib/responsive';

const CORRECTABLE = ['contactName', 'contactPhone', 'model', 'quantity', 'grade', 'channel', 'account'];

function Corrections() {
  const { t } = useTranslation();
  return (
    <Form.List name={['data', 'corrections']}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('task.corrections')} style={{ marginBottom: 8 }}>
          <div>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'field']} label={t('task.correctionField')}>
                  <Select
                    style={{ width: 160 }}
                    options={CORRECTABLE.map((c) => ({ value: c, label: t(`prospects.${c}`) }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'value']} label={t('task.correctionValue')}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
                <Button onClick={() => remove(f.name)} aria-label="remove">
                  ×
                </Button>
              </Space>
            ))}
            <Button onClick={() => add({ field: 'contactPhone', value: '' })} data-action="add-correction">
              {t('task.addCorrection')}
            </Button>
            <Form.ErrorList errors={errors} />
          </div>
        </Form.Item>
      )}
    </Form.List>
  );
}

export const callbackForm: KindForm = {
  initial: () => ({ data: { corrections: [] } }),
  fields: () => <Corrections />,
  data: (decision, v) =>
    decision === 'incorrect'
      ? {
          corrections: ((v.data?.corrections ?? []) as { field?: string; value?: string }[]).filter(
            (c) => c && c.field,
          ),
        }
      : undefined,
};

export const rectificationForm: KindForm = {};

function DailyItems({ items }: { items: { prospectId: string; label: string; change: string }[] }) {
  const { t } = useTranslation();
  return (
    <ResponsiveTable
      size="small"
      rowKey="prospectId"
      pagination={false}
      dataSource={items.map((it, i) => ({ ...it, i }))}
      columns={[
        { key: 'label', dataIndex: 'label', title: t('task.items') },
        {
          key: 'ok',
          title: t('task.itemOk'),
          width: 80,
          render: (_: unknown, r: { i: number }) => (
            <Form.Item name={['data', 'items', r.i, 'ok']} valuePropName="checked" noStyle>
              <Checkbox aria-label={t('task.itemOk')} />
            </Form.Item>
          ),
        },
        {
          key: 'note',
          title: t('task.itemNote'),
          render: (_: unknown, r: { i: number }) => (
            <Form.Item name={['data', 'items', r.i, 'note']} noStyle>
              <Input aria-label={t('task.itemNote')} />
            </Form.Item>
          ),
        },
      ]}
    />
  );
}

export const dailyCheckForm: KindForm = {
  initial: (task) => ({
    data: {
      items: ((task.payload.items ?? []) as { prospectId: string }[]).map((i) => ({
        prospectId: i.prospectId,
        ok: true,
        note: '',
      })),
    },
  }),
  fields: (task) => <DailyItems items={task.payload.items ?? []} />,
  data: (_d, v) => ({
    items: ((v.data?.items ?? []) as { prospectId: string; ok: boolean; note?: string }[]).map((i) => ({
      prospectId: i.prospectId,
      ok: !!i.ok,
      ...(i.note?.trim() ? { note: i.note.trim() } : {}),
    })),
  }),
};
