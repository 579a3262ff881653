// 我的: the signed-in person's substitutes (代理) — who decides their tasks while they are away, for a date
// range at the dealer — and the substitutions they stand in for. The admin sets one for anyone (a person field).
import { Alert, Button, Card, DatePicker, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../api/auth';
import { useEndSubstitute, usePeople, useSetSubstitute, useSubstitutes } from '../../api/hooks';
import { ApiError } from '../../api/client';
import { failureText } from '../../lib/problems';

interface SubstituteForm {
  userId?: string;
  substituteUserId: string;
  range: [Dayjs, Dayjs];
  reason?: string;
}

export default function ProfilePage() {
  const { t } = useTranslation();
  const { user, has } = useAuth();
  const admin = has('admin');
  const people = usePeople();
  const subs = useSubstitutes();
  const set = useSetSubstitute();
  const end = useEndSubstitute();
  const [form] = Form.useForm<SubstituteForm>();
  const others = (people.data?.items ?? []).filter((p) => p.id !== (form.getFieldValue('userId') ?? user?.id));
  const problems = set.error instanceof ApiError ? set.error.details : [];
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.problem;
  const submit = (v: SubstituteForm) =>
    set.mutate(
      {
        ...(admin && v.userId ? { userId: v.userId } : {}),
        substituteUserId: v.substituteUserId,
        fromDate: v.range[0].format('YYYY-MM-DD'),
        toDate: v.range[1].format('YYYY-MM-DD'),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      },
      { onSuccess: () => form.resetFields() },
    );
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('profile.title')}
      </Typography.Title>
      <Typography.Text data-profile-user={user?.username}>
        {user?.displayName} · {(user?.roles ?? []).map((r) => t(`role.${r}`)).join(', ')}
      </Typography.Text>
      <Card size="small" title={t('profile.substitutes')}>
        <Typography.Paragraph type="secondary">{t('profile.substitutesHelp')}</Typography.Paragraph>
        {subs.isError && <Alert type="error" message={failureText(subs.error, t)} />}
        <List
          loading={subs.isPending}
          dataSource={subs.data?.items ?? []}
          locale={{ emptyText: t('profile.none') }}
          renderItem={(s) => (
            <List.Item
              data-substitute={s.id}
              actions={
                admin || s.user.id === user?.id
                  ? [
                      <Button
                        key="end"
                        size="small"
                        data-action="end-substitute"
                        loading={end.isPending && end.variables === s.id}
                        onClick={() => end.mutate(s.id)}
                      >
                        {t('profile.end')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space wrap size={4}>
                <span>{t('profile.standsIn', { substitute: s.substitute.displayName, user: s.user.displayName })}</span>
                <span>
                  {s.fromDate} – {s.toDate}
                </span>
                {s.active && <Tag color="green">{t('profile.active')}</Tag>}
                {s.reason && <Typography.Text type="secondary">{s.reason}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
        <Form<SubstituteForm> form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
          {admin && (
            <Form.Item name="userId" label={t('profile.away')} extra={t('profile.awayHelp')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                aria-label={t('profile.away')}
                options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.displayName }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="substituteUserId"
            label={t('profile.substitute')}
            rules={[{ required: true, message: t('profile.pickSubstitute') }]}
            validateStatus={problemOf('substituteUserId') ? 'error' : undefined}
            help={problemOf('substituteUserId')}
          >
            <Select
              showSearch
              optionFilterProp="label"
              aria-label={t('profile.substitute')}
              data-field="substituteUserId"
              options={others.map((p) => ({
                value: p.id,
                label: `${p.displayName} (${p.roles.map((r) => t(`role.${r}`)).join(', ')})`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="range"
            label={t('profile.dates')}
            rules={[{ required: true, message: t('profile.pickDates') }]}
            validateStatus={problemOf('toDate') || problemOf('fromDate') ? 'error' : undefined}
            help={problemOf('toDate') ?? problemOf('fromDate')}
          >
            <DatePicker.RangePicker style={{ width: '100%' }} aria-label={t('profile.dates')} />
          </Form.Item>
          <Form.Item name="reason" label={t('profile.reason')}>
            <Input maxLength={200} aria-label={t('profile.reason')} />
          </Form.Item>
          {set.isError && !problems.length && <Alert type="error" message={failureText(set.error, t)} />}
          <Button type="primary" htmlType="submit" loading={set.isPending} data-action="set-substitute">
            {t('profile.set')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
