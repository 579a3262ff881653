// Admin: the dealer's users as cards (name, login, roles, active, WeCom id), a new user, and edits of roles,
// active and the WeCom id (a WeCom id another person has is refused by the API with 409: shown on the field).
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Select, Spin, Switch, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@kaflow/domain/src/enums';
import { ApiError, patch, post } from '../../api/client';
import { useRead } from '../../api/hooks';
import { failureText, showProblems } from '../../lib/problems';
import { UserImport } from './user-import';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  active: boolean;
  wecomUserId: string | null;
}

const USERS = '/admin/users';
/** The roles a dealer admin gives (the platform's sysadmin is not the dealer's to give). */
const DEALER_ROLES = ROLES.filter((r) => r !== 'sysadmin');

interface Editing {
  user: AdminUser | null;
}

function UserForm({ editing, onDone }: { editing: Editing; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const user = editing.user;
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      user ? patch<AdminUser>(`${USERS}/${user.id}`, v) : post<AdminUser>(USERS, v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['read', USERS] }),
  });
  const submit = async (v: Record<string, unknown>) => {
    setError(undefined);
    const wecom = typeof v.wecomUserId === 'string' ? v.wecomUserId.trim() : '';
    const body = { ...v, wecomUserId: wecom || null };
    if (user) delete (body as { username?: string }).username;
    // editing: an empty new password keeps the current one
    if (user && !v.password) delete (body as { password?: string }).password;
    try {
      await save.mutateAsync(body);
      message.success(t('users.saved'));
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && /wecom/i.test(e.message)) {
        form.setFields([{ name: 'wecomUserId', errors: [t('users.wecomTaken')] }]);
      } else if (e instanceof ApiError && e.status === 409) {
        form.setFields([{ name: 'username', errors: [t('users.usernameTaken')] }]);
      } else if (e instanceof ApiError && e.status === 400) {
        const left = showProblems(form, e, t, i18n.language);
        if (left.length) setError(left.map((p) => `${p.field}: ${p.problem}`).join('; '));
      } else if (e instanceof ApiError && e.status === 422) {
        setError(t('users.selfChange'));
      } else setError(failureText(e, t));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      data-form="user"
      initialValues={
        user
          ? { ...user, wecomUserId: user.wecomUserId ?? '' }
          : { roles: ['consultant'], wecomUserId: '', username: '', displayName: '', email: '', password: '' }
      }
      onFinish={(v) => void submit(v as Record<string, unknown>)}
    >
      {!user && (
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('users.name')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('users.email')} rules={[{ required: true, message: t('common.required') }]}>
        <Input type="email" />
      </Form.Item>
      <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('common.required') }]}>
        <Select mode="multiple" options={DEALER_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="wecomUserId" label={t('users.wecom')} extra={t('users.wecomHelp')}>
        <Input autoComplete="off" data-field="wecomUserId" />
      </Form.Item>
      {user ? (
        <>
          <Form.Item name="active" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="password" label={t('users.newPassword')} extra={t('users.newPasswordHelp')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="password"
          label={t('users.password')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      {error && <Alert type="error" style={{ marginBottom: 8 }} title={error} />}
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-action="save-user">
          {t('common.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Flex>
    </Form>
  );
}

function UserCard({ u, onEdit }: { u: AdminUser; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-user-card={u.username}
      style={{ width: '100%', maxWidth: 420 }}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {u.displayName} <Typography.Text type="secondary">{u.username}</Typography.Text>
        </span>
      }
      extra={
        <Button size="small" onClick={onEdit} data-action="edit-user">
          {t('users.edit')}
        </Button>
      }
    >
      <Flex wrap gap={4} style={{ marginBottom: 8 }}>
        {u.roles.map((r) => (
          <Tag key={r}>{t(`role.${r}`, { defaultValue: r })}</Tag>
        ))}
        <Tag color={u.active ? 'green' : 'default'} data-active={String(u.active)}>
          {u.active ? t('users.activeYes') : t('users.activeNo')}
        </Tag>
      </Flex>
      <div style={{ overflowWrap: 'anywhere' }}>{u.email}</div>
      <div style={{ overflowWrap: 'anywhere' }}>
        {t('users.wecom')}:{' '}
        <span data-wecom-user-id={u.wecomUserId ?? ''}>{u.wecomUserId ?? t('users.notLinked')}</span>
      </div>
    </Card>
  );
}

export function UsersTab() {
  const { t } = useTranslation();
  const q = useRead<{ items: AdminUser[]; total: number }>(USERS);
  const [editing, setEditing] = useState<Editing | null>(null);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" title={failureText(q.error, t)} />;
  return (
    <Flex vertical gap={12} data-page="users">
      <Flex gap={8} wrap align="center">
        <Button type="primary" onClick={() => setEditing({ user: null })} data-action="new-user">
          {t('users.new')}
        </Button>
        <Typography.Text>{t('common.total', { count: q.data.total })}</Typography.Text>
      </Flex>
      <UserImport />
      <Flex wrap gap={12}>
        {q.data.items.map((u) => (
          <UserCard key={u.id} u={u} onEdit={() => setEditing({ user: u })} />
        ))}
      </Flex>
      <Modal
        open={!!editing}
        title={editing?.user ? t('users.editTitle', { name: editing.user.displayName }) : t('users.new')}
        footer={null}
        destroyOnHidden
        onCancel={() => setEditing(null)}
      >
        {editing && <UserForm editing={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Flex>
  );
}
