// plan_draft, plan_review, plan_signoff, target_confirmation, visit_plan: their fields and data.
import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KindForm } from './decision-form';

function OverrideNote({ short, kind }: { short: boolean; kind?: string }) {
  const { t } = useTranslation();
  // the decomposition's gate is the P3 support check; the annual and rolling plans' is coverage
  const text = kind === 'decomposition' ? t('monthEnd.checks.supportShort') : t('task.coverageShort');
  return (
    <>
      {short && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={text} data-override-needed="true" />
      )}
      <Form.Item name={['data', 'overrideNote']} label={t('task.overrideNote')}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

export const planDraftForm: KindForm = {};
export const planReviewForm: KindForm = {
  initial: () => ({ data: { overrideNote: '' } }),
  fields: (task) => <OverrideNote short={task.payload.coverageOk === false} kind={task.payload.plan?.kind} />,
  data: (d, v) =>
    d === 'approve' && v.data?.overrideNote?.trim() ? { overrideNote: v.data.overrideNote.trim() } : undefined,
  danger: ['reject'],
};
export const planSignoffForm: KindForm = { danger: ['reject'] };
export const targetConfirmationForm: KindForm = { danger: ['dispute'] };
export const visitPlanForm: KindForm = {};
