// Back from WeCom's sign-in: keeps the session and opens the page the person was going to, or says in their
// language why WeCom could not sign them in (with the password login beside it).
import { useEffect } from 'react';
import { Alert, Card, Space, Spin, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { session } from '../../api/client';
import { LangSwitch } from '../../layout/lang-switch';

const PROBLEMS = ['not_linked', 'state', 'code', 'not_configured', 'unavailable'] as const;
type Problem = (typeof PROBLEMS)[number];

export default function WecomSigninPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get('token');
  const next = fragment.get('next') ?? '/inbox';
  useEffect(() => {
    if (!token) return;
    session.set(token);
    // a full load: the session starts from the stored token, and the token leaves the address bar
    window.location.replace(next.startsWith('/') && !next.startsWith('//') ? next : '/inbox');
  }, [token, next]);
  const raw = params.get('error');
  const problem: Problem = (PROBLEMS as readonly string[]).includes(raw ?? '') ? (raw as Problem) : 'unavailable';
  return (
    <main
      style={{
        display: 'flex',
        justifyContent: 'center',
        padding: '10vh 12px',
        background: '#f0f2f5',
        minHeight: '100vh',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Title level={1} style={{ margin: 0, fontSize: 22 }}>
            {t('wecom.title')}
          </Typography.Title>
          <LangSwitch />
          {token ? (
            <Spin tip={t('wecom.signingIn')}>
              <div style={{ height: 48 }} />
            </Spin>
          ) : (
            <>
              <Alert type="warning" showIcon role="alert" message={t(`wecom.${problem}`)} />
              <Link to="/login?password=1">{t('wecom.usePassword')}</Link>
            </>
          )}
        </Space>
      </Card>
    </main>
  );
}
