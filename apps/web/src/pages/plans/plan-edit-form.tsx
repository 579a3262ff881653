// The manager's edits of a draft plan, through the plan's PUT with the revision it was read at.
// Numbers of the input (and numbers one level down, e.g. targets.orders) are editable; a 400 shows
// beside the field it names, a 409 (stale revision) reloads the plan. "Preview" sends the same edit
// with ?dryRun=true and shows the recomputed figures and checks (coverage, P3 support, P4 capacity)
// without saving; a later change marks the preview stale.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../../api/client';
import { useDryRunPlan, useEditPlan } from '../../api/hooks';
import type { Plan } from '../../api/types';
import { failureText, problemText, showProblems } from '../../lib/problems';
import { PlanSheet } from './plan-sheet';

type Num = { path: (string | number)[]; label: string };

const LABELS: Record<string, string> = {
  orders: '订单 orders',
  aak: 'AAK',
  submissions: '提报 submissions',
  orderConversionRate: '订单转化率 r',
  licensingRates: '上牌率 l',
  openingBacklog: '期初订单 B₀',
  openingPendingSubmissions: '期初待上牌 P₀',
  backlog: '订单储备 backlog',
  annualTargets: '年度目标',
  targets: '目标',
  seasonalIndex: '季节指数',
  nextMonthStock: '下月可交付库存',
  pendingSubmissions: '待上牌',
  capacity: '集客能力',
  leadsPerVisit: '每次走访集客',
  leadsPerEvent: '每场活动集客',
  otherEvents: '其他活动场次',
  modelWeights: '车型权重',
  channelShares: '开发类型占比',
  customerTypeShares: '客户类型占比',
  consultantWeights: '顾问权重',
  haOnHand: 'H/A 在手',
  stock: '库存',
  achievement: '达成率',
  remainingOrders: '待交付订单',
};

/** The editable numbers of a plan input: top level and one level down (objects and number lists). */
export function editableNumbers(input: Record<string, any>): Num[] {
  const out: Num[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (k === 'year') continue;
    if (typeof v === 'number') out.push({ path: [k], label: LABELS[k] ?? k });
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number') && v.length <= 12) {
      v.forEach((_, i) => out.push({ path: [k, i], label: `${LABELS[k] ?? k} ${i + 1}` }));
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) {
        if (typeof v2 === 'number') out.push({ path: [k, k2], label: `${LABELS[k] ?? k} · ${LABELS[k2] ?? k2}` });
      }
    }
  }
  return out;
}

export function PlanEditForm({ plan, onSaved }: { plan: Plan; onSaved?: (p: Plan) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const edit = useEditPlan(plan.kind, plan.period);
  const dry = useDryRunPlan(plan.kind, plan.period);
  const [left, setLeft] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [preview, setPreview] = useState<{ plan: Plan; stale: boolean }>();
  const fields = editableNumbers(plan.input);

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 400) setLeft(showProblems(form, e, t, i18n.language));
    else setError(failureText(e, t));
  };
  const tryIt = async () => {
    setLeft([]);
    setError(undefined);
    const values = form.getFieldsValue(true) as { input: Record<string, any> };
    try {
      const tried = await dry.mutateAsync({ revision: plan.revision, input: values.input });
      setPreview({ plan: { ...plan, ...tried, versions: plan.versions, status: plan.status }, stale: false });
    } catch (e) {
      setPreview(undefined);
      fail(e);
    }
  };

  const save = async (values: { input: Record<string, any> }) => {
    setLeft([]);
    setError(undefined);
    try {
      const saved = await edit.mutateAsync({ revision: plan.revision, input: values.input });
      message.success(t('prospects.saved'));
      setPreview(undefined);
      onSaved?.(saved);
    } catch (e) {
      fail(e);
    }
  };
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ input: plan.input }}
      onFinish={(v) => void save(v)}
      onValuesChange={() => setPreview((p) => (p ? { ...p, stale: true } : p))}
      data-form="plan-edit"
    >
      <Space wrap align="start">
        {fields.map((f) => (
          <Form.Item key={f.path.join('.')} name={['input', ...f.path]} label={f.label} style={{ marginBottom: 8 }}>
            <InputNumber style={{ width: 110 }} />
          </Form.Item>
        ))}
      </Space>
      {left.length > 0 && (
        <Alert
          type="error"
          style={{ width: '100%', marginBottom: 8 }}
          message={left.map((p) => `${p.field}: ${problemText(p, t, i18n.language)}`).join('；')}
        />
      )}
      {error && <Alert type="error" style={{ width: '100%', marginBottom: 8 }} message={error} />}
      <Space wrap style={{ width: '100%' }}>
        <Button onClick={() => void tryIt()} loading={dry.isPending} data-action="preview-plan">
          {t('monthEnd.preview.button')}
        </Button>
        <Button type="primary" htmlType="submit" loading={edit.isPending} data-action="save-plan">
          {t('common.save')}
        </Button>
        <span style={{ color: 'rgba(0,0,0,0.7)' }}>{t('monthEnd.preview.hint')}</span>
      </Space>
      {preview && (
        <Card
          size="small"
          style={{ width: '100%', marginTop: 8, borderColor: '#adc6ff' }}
          title={t('monthEnd.preview.title')}
          data-preview={preview.stale ? 'stale' : 'fresh'}
        >
          {preview.stale && (
            <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('monthEnd.preview.stale')} />
          )}
          <PlanSheet plan={preview.plan} />
        </Card>
      )}
    </Form>
  );
}
