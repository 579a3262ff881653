// lost_analysis (战败分析), overdue_followup, training_request, weekly_review: their fields and data.
import { Button, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KindForm } from './decision-form';

const REASONS = ['price', 'competitor', 'product', 'delivery_time', 'financing', 'policy', 'relationship', 'other'];
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function LostFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={['data', 'reasonCategory']} label={t('task.reasonCategory')}>
        <Select style={{ maxWidth: 240 }} options={REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name={['data', 'competitor', 'brand']} label={t('task.competitorBrand')}>
          <Input />
        </Form.Item>
        <Form.Item name={['data', 'competitor', 'model']} label={t('task.competitorModel')}>
          <Input />
        </Form.Item>
      </Space>
      <Form.Item name={['data', 'lessons']} label={t('task.lessons')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name={['data', 'trainingRequest']} label={t('task.trainingRequest')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

export const lostAnalysisForm: KindForm = {
  initial: () => ({
    data: { reasonCategory: undefined, competitor: { brand: '', model: '' }, lessons: '', trainingRequest: '' },
  }),
  fields: () => <LostFields />,
  data: (_d, v) => {
    const d = v.data ?? {};
    const brand = text(d.competitor?.brand);
    return {
      reasonCategory: d.reasonCategory,
      lessons: text(d.lessons) ?? '',
      ...(brand
        ? { competitor: { brand, ...(text(d.competitor?.model) ? { model: text(d.competitor?.model) } : {}) } }
        : {}),
      ...(text(d.trainingRequest) ? { trainingRequest: text(d.trainingRequest) } : {}),
    };
  },
};

export const overdueFollowupForm: KindForm = {};
export const trainingRequestForm: KindForm = { danger: ['declined'] };

function Actions({ gaps }: { gaps: { key: string; label?: string }[] }) {
  const { t } = useTranslation();
  return (
    <Form.List name={['data', 'actions']}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('task.action')}>
          <div>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'gap']} label={t('task.gap')}>
                  <Select
                    style={{ width: 180 }}
                    options={gaps.map((g) => ({ value: g.label ?? g.key, label: g.label ?? g.key }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'action']} label={t('task.action')}>
                  <Input style={{ width: 260 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'owner']} label={t('task.owner')}>
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Button onClick={() => remove(f.name)} aria-label="remove">
                  ×
                </Button>
              </Space>
            ))}
            <Button onClick={() => add({ gap: gaps[0]?.label ?? gaps[0]?.key ?? '', action: '', owner: '' })}>
              {t('task.addAction')}
            </Button>
            <Form.ErrorList errors={errors} />
          </div>
        </Form.Item>
      )}
    </Form.List>
  );
}

export const weeklyReviewForm: KindForm = {
  initial: (task) => ({
    data: {
      actions: ((task.payload.gaps ?? []) as { key: string; label?: string }[]).map((g) => ({
        gap: g.label ?? g.key,
        action: '',
        owner: '',
      })),
    },
  }),
  fields: (task) => <Actions gaps={task.payload.gaps ?? []} />,
  data: (_d, v) => ({
    actions: (v.data?.actions ?? []).map((a: Record<string, string>) => ({
      gap: a.gap ?? '',
      action: a.action ?? '',
      owner: a.owner ?? '',
    })),
  }),
};
