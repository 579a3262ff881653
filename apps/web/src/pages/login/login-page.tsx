// 登录: 用户名 / 密码, labelled; remembers the language; returns to the page the person wanted.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../api/auth';
import { ApiError } from '../../api/client';
import { LangSwitch } from '../../layout/lang-switch';
import { failureText } from '../../lib/problems';
import { wecomSigninUrl } from '../../lib/wecom';

const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export default function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  // inside WeCom the person is signed in through WeCom (unless they chose the password: ?password=1)
  const viaWecom = user ? null : wecomSigninUrl(window.location);
  useEffect(() => {
    if (viaWecom) window.location.replace(viaWecom);
  }, [viaWecom]);
  if (user) return <Navigate to={next} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(v.username.trim(), v.password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? t('login.wrong') : failureText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main
      style={{
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'center',
        minHeight: '100vh',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 360 }}>
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
              {t('app.name')}
            </Typography.Title>
          </Space>
          <LangSwitch />
          {params.get('expired') && <Alert type="info" showIcon message={t('login.expired')} />}
          {error && <Alert type="error" showIcon message={error} role="alert" />}
          <Form layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, message: t('login.required') }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.required') }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-action="login">
              {t('login.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </main>
  );
}
