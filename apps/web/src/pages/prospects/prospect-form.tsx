// 留档: a new prospect record, with the API's validation messages beside the fields.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../../api/client';
import { useProspectMutations } from '../../api/hooks';
import { failureText, problemText, showProblems } from '../../lib/problems';
import { CHANNELS, CUSTOMER_TYPES, DEVELOPMENT_TYPES, GRADES, gradeOptions, options } from './vocab';

export function ProspectForm({ onDone }: { onDone: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { create } = useProspectMutations();
  const [left, setLeft] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const lang = i18n.language;
  const initial = {
    account: { name: '', customerType: 'enterprise' },
    contactName: '',
    contactPhone: '',
    model: '',
    quantity: 1,
    grade: 'A',
    channel: 'cold_visit',
    developmentType: 'new',
    hot: false,
    note: '',
  };
  const save = async (v: typeof initial) => {
    setLeft([]);
    setError(undefined);
    try {
      const p = await create.mutateAsync({ ...v, note: v.note?.trim() || undefined });
      message.success(t('prospects.created'));
      onDone(p.id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setLeft(showProblems(form, e, t, lang));
      else setError(failureText(e, t));
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} data-form="prospect">
      <Form.Item name={['account', 'name']} label={t('prospects.account')}>
        <Input />
      </Form.Item>
      <Form.Item name={['account', 'customerType']} label={t('prospects.customerType')}>
        <Select options={options(lang, 'customerType', CUSTOMER_TYPES)} />
      </Form.Item>
      <Form.Item name="contactName" label={t('prospects.contactName')}>
        <Input />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('prospects.contactPhone')}>
        <Input />
      </Form.Item>
      <Form.Item name="model" label={t('prospects.model')}>
        <Input />
      </Form.Item>
      <Form.Item name="quantity" label={t('prospects.quantity')}>
        <InputNumber min={0} />
      </Form.Item>
      <Form.Item name="grade" label={t('prospects.grade')}>
        <Select options={gradeOptions(lang, GRADES)} />
      </Form.Item>
      <Form.Item name="channel" label={t('prospects.channel')}>
        <Select options={options(lang, 'channel', CHANNELS)} />
      </Form.Item>
      <Form.Item name="developmentType" label={t('prospects.developmentType')}>
        <Select options={options(lang, 'developmentType', DEVELOPMENT_TYPES)} />
      </Form.Item>
      <Form.Item name="hot" label={t('prospects.hot')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="note" label={t('prospects.note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {left.length > 0 && (
        <Alert type="error" message={left.map((p) => `${p.field}: ${problemText(p, t, lang)}`).join('；')} />
      )}
      {error && <Alert type="error" message={error} />}
      <Button type="primary" htmlType="submit" loading={create.isPending} style={{ marginTop: 8 }}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
