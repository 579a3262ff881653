// A prospect: its record, grade-history timeline, follow-ups and next due date; recording a
// follow-up, a grade change with its reason, marking F (lost).
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAuth } from '../../api/auth';
import { usePeople, useProspect, useProspectMutations } from '../../api/hooks';
import type { Prospect } from '../../api/types';
import { date, dateTime } from '../../lib/format';
import { failureText, showProblems } from '../../lib/problems';
import { CheckInButton } from '../visits/check-in-button';
import { FOLLOW_UP_CHANNELS, GRADES, gradeOptions, options, vocab } from './vocab';

export default function ProspectPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const q = useProspect(id);
  const { user } = useAuth();
  const people = usePeople();
  const names = new Map((people.data?.items ?? []).map((p) => [p.id, p.displayName]));
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" message={failureText(q.error, t)} />;
  const p = q.data;
  const lang = i18n.language;
  return (
    <div data-prospect={p.id} style={{ maxWidth: 1100 }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {p.account.name} <Tag>{p.grade}</Tag> {p.hot && <Tag color="red">{t('prospects.hot')}</Tag>}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('prospects.customerType')}>
          {vocab(lang, 'customerType', p.account.customerType)}
        </Descriptions.Item>
        <Descriptions.Item label={t('prospects.contactName')}>{p.contact.name}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.contactPhone')}>{p.contact.phone}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.model')}>
          {p.model} × {p.quantity}
        </Descriptions.Item>
        <Descriptions.Item label={t('prospects.channel')}>{vocab(lang, 'channel', p.channel)}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.owner')}>{names.get(p.ownerId) ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.nextDue')}>
          <span data-next-due>{date(p.nextFollowUpDue) || '–'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('prospects.note')}>{p.note ?? ''}</Descriptions.Item>
      </Descriptions>
      {user?.id === p.ownerId && user.roles.includes('consultant') && (
        <Card size="small" title={t('checkIn.unplannedTitle')} style={{ marginTop: 12 }} data-unplanned-check-in>
          <Typography.Paragraph type="secondary">{t('checkIn.unplannedHint')}</Typography.Paragraph>
          <CheckInButton prospectId={p.id} />
        </Card>
      )}
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('prospects.recordFollowUp')} style={{ marginBottom: 12 }}>
            <FollowUpForm prospect={p} />
          </Card>
          <Card size="small" title={t('prospects.changeGrade')}>
            <GradeForm prospect={p} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('prospects.gradeHistory')} style={{ marginBottom: 12 }}>
            <Timeline
              items={(p.gradeHistory ?? []).map((g) => ({
                children:
                  `${dateTime(g.at)} · ${g.from ?? '–'} → ${g.to} · ${names.get(g.by) ?? ''}` +
                  (g.reason ? `：${g.reason}` : ''),
              }))}
            />
          </Card>
          <Card size="small" title={t('prospects.followUps')}>
            <Timeline
              items={(p.followUps ?? []).map((f) => ({
                children:
                  `${dateTime(f.at)} · ${vocab(lang, 'followUpChannel', f.channel)} · ${f.content}` +
                  (f.nextStep ? ` → ${f.nextStep}` : ''),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The follow-up form; the consultant's home opens it from an agenda row (`onDone` after the save). */
export function FollowUpForm({ prospect, onDone }: { prospect: Pick<Prospect, 'id'>; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { followUp } = useProspectMutations(prospect.id);
  const [error, setError] = useState<string>();
  const save = async (v: { channel: string; content: string; nextStep: string }) => {
    setError(undefined);
    try {
      await followUp.mutateAsync({
        channel: v.channel,
        content: v.content,
        ...(v.nextStep?.trim() ? { nextStep: v.nextStep } : {}),
      });
      message.success(t('prospects.saved'));
      form.resetFields();
      onDone?.();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 400 && showProblems(form, e, t, i18n.language).length === 0))
        setError(failureText(e, t));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void save(v)}
      initialValues={{ channel: 'phone', content: '', nextStep: '' }}
      data-form="follow-up"
    >
      <Form.Item name="channel" label={t('prospects.followChannel')}>
        <Select options={options(i18n.language, 'followUpChannel', FOLLOW_UP_CHANNELS)} />
      </Form.Item>
      <Form.Item name="content" label={t('prospects.content')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="nextStep" label={t('prospects.nextStep')}>
        <Input />
      </Form.Item>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button htmlType="submit" type="primary" loading={followUp.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function GradeForm({ prospect }: { prospect: Prospect }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { update } = useProspectMutations(prospect.id);
  const [error, setError] = useState<string>();
  const save = async (v: { grade: string; gradeReason: string }) => {
    setError(undefined);
    try {
      await update.mutateAsync({ grade: v.grade, gradeReason: v.gradeReason, version: prospect.version });
      message.success(t('prospects.saved'));
      form.setFieldValue('gradeReason', '');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 400 && showProblems(form, e, t, i18n.language).length === 0))
        setError(failureText(e, t));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void save(v)}
      initialValues={{ grade: prospect.grade, gradeReason: '' }}
      data-form="grade"
    >
      <Form.Item name="grade" label={t('prospects.grade')}>
        <Select options={gradeOptions(i18n.language, GRADES)} />
      </Form.Item>
      <Form.Item name="gradeReason" label={t('prospects.gradeReason')}>
        <Input />
      </Form.Item>
      {error && <Alert type="error" message={error} style={{ marginBottom: 8 }} />}
      <Button htmlType="submit" loading={update.isPending} style={{ marginRight: 8 }}>
        {t('common.save')}
      </Button>
      <Button
        danger
        data-action="mark-lost"
        onClick={() => {
          form.setFieldValue('grade', 'F');
          form.submit();
        }}
      >
        {t('prospects.markLost')}
      </Button>
    </Form>
  );
}
