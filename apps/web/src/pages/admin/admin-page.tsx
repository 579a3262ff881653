// Admin: the dealer's policy (durations, cadences, escalation chains) as a form checked by the API,
// and a calendar year view (working days, make-up days, whether the year's data is official).
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@kaflow/domain/src/enums';
import { ApiError, type FieldProblem } from '../../api/client';
import { usePut, useRead } from '../../api/hooks';
import { failureText, problemText, showProblems } from '../../lib/problems';
import { CalendarYear } from './calendar-year';
import { UsersTab } from './users-tab';

type Duration = string | { workingDays: number };
interface Policy {
  timezone: string;
  reminderAt: number;
  escalationChains: Record<string, string[]>;
  durations: Record<string, Duration>;
  followUpCadence: Record<string, string>;
  hotFollowUpsPerMonth: number;
  followUpGrain: 'prospect' | 'sweep';
  followUpSweepBucket: string;
}
/** Who a chain may pass a task to: the dealer's people who act on tasks (not its administrator, not the platform's). */
const CHAIN_ROLES = ROLES.filter((r) => r !== 'admin' && r !== 'sysadmin');
/** A duration as typed: "P7D", "PT9H" or "3wd" (working days). */
const toText = (d: Duration) => (typeof d === 'string' ? d : `${d.workingDays}wd`);
const fromText = (s: string): Duration => {
  const m = /^\s*(\d+)\s*wd\s*$/i.exec(s);
  return m ? { workingDays: Number(m[1]) } : s.trim();
};

function PolicyForm() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const q = useRead<Policy>('/admin/policy');
  const save = usePut<Policy>('/admin/policy', '/admin/policy');
  const [form] = Form.useForm();
  const [left, setLeft] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" message={failureText(q.error, t)} />;
  const p = q.data;
  const initial = { ...p, durations: Object.fromEntries(Object.entries(p.durations).map(([k, v]) => [k, toText(v)])) };
  const submit = async (v: typeof initial) => {
    setLeft([]);
    setError(undefined);
    // The grain is sent only when changed here: until then the dealer keeps the deployment's (KAFLOW_FOLLOW_UP_GRAIN).
    const { followUpGrain, ...rest } = v;
    const grain = form.isFieldTouched('followUpGrain') ? { followUpGrain } : {};
    try {
      await save.mutateAsync({
        ...rest,
        ...grain,
        durations: Object.fromEntries(Object.entries(v.durations).map(([k, d]) => [k, fromText(String(d))])),
      });
      message.success(t('admin.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setLeft(showProblems(form, e, t, i18n.language));
      else setError(failureText(e, t));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      data-form="policy"
      style={{ maxWidth: 900 }}
    >
      <Space wrap>
        <Form.Item name="timezone" label={t('admin.timezone')}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reminderAt" label={t('admin.reminderAt')}>
          <InputNumber step={0.05} />
        </Form.Item>
        <Form.Item name="hotFollowUpsPerMonth" label={t('admin.hotPerMonth')}>
          <InputNumber />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('admin.durations')}</Typography.Title>
      <Typography.Paragraph type="secondary">P7D · PT9H · 3wd</Typography.Paragraph>
      <Space wrap>
        {Object.keys(p.durations).map((k) => (
          <Form.Item
            key={k}
            name={['durations', k]}
            label={t(`kind.${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, { defaultValue: k })}
          >
            <Input style={{ width: 120 }} />
          </Form.Item>
        ))}
      </Space>
      <Typography.Title level={5}>{t('admin.cadence')}</Typography.Title>
      <Space wrap>
        {Object.keys(p.followUpCadence).map((g) => (
          <Form.Item key={g} name={['followUpCadence', g]} label={g}>
            <Input style={{ width: 90 }} />
          </Form.Item>
        ))}
      </Space>
      <Typography.Title level={5}>{t('admin.grain')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.grainHelp')}</Typography.Paragraph>
      <Space wrap>
        <Form.Item name="followUpGrain" label={t('admin.grain')}>
          <Select
            style={{ width: 260 }}
            options={(['prospect', 'sweep'] as const).map((g) => ({ value: g, label: t(`admin.grainOf.${g}`) }))}
          />
        </Form.Item>
        <Form.Item name="followUpSweepBucket" label={t('admin.sweepBucket')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('admin.chains')}</Typography.Title>
      {Object.keys(p.escalationChains).map((c) => (
        <Form.Item key={c} name={['escalationChains', c]} label={c}>
          <Select mode="multiple" options={CHAIN_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
      ))}
      {left.length > 0 && (
        <Alert
          type="error"
          style={{ marginBottom: 8 }}
          message={left.map((x) => `${x.field}: ${problemText(x, t, i18n.language)}`).join('；')}
        />
      )}
      {error && <Alert type="error" style={{ marginBottom: 8 }} message={error} />}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

export default function AdminPage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'policy',
            label: t('admin.policy'),
            children: (
              <Card size="small">
                <PolicyForm />
              </Card>
            ),
          },
          {
            key: 'users',
            label: t('admin.users'),
            children: <UsersTab />,
          },
          {
            key: 'calendar',
            label: t('admin.calendar'),
            children: (
              <Card size="small">
                <CalendarYear />
              </Card>
            ),
          },
        ]}
      />
      <Tag style={{ display: 'none' }} />
    </>
  );
}
