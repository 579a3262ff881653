// plan_draft, plan_review, plan_signoff, target_confirmation, visit_plan: their fields and data.
import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KindForm } from './decision-form';

function OverrideNote({ short }: { short: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {short && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('task.coverageShort')} />}
      <Form.Item name={['data', 'overrideNote']} label={t('task.overrideNote')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

export const planDraftForm: KindForm = {};
export const planReviewForm: KindForm = {
  initial: () => ({ data: { overrideNote: '' } }),
  fields: (task) => <OverrideNote short={task.payload.coverageOk === false} />,
  data: (d, v) =>
    d === 'approve' && v.data?.overrideNote?.trim() ? { overrideNote: v.data.overrideNote.trim() } : undefined,
  danger: ['reject'],
};
export const planSignoffForm: KindForm = { danger: ['reject'] };
export const targetConfirmationForm: KindForm = { danger: ['dispute'] };
export const visitPlanForm: KindForm = {};
