// The frame of every signed-in page: navigation by role (with the open-task count), language, log out.
import { Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../api/auth';
import { useOpenCount } from '../api/hooks';
import { LangSwitch } from './lang-switch';

export function AppLayout() {
  const { t } = useTranslation();
  const { user, logout, has } = useAuth();
  // A region-tier user (区域经理) reads its dealers through the region page only: no inbox, no dealer pages.
  const region = !!user?.regionId;
  const count = useOpenCount(!region);
  const loc = useLocation();
  const area = '/' + (loc.pathname.split('/')[1] ?? '');
  const selected = area === '/tasks' ? '/inbox' : area;
  if (region && area !== '/region') return <Navigate to="/region" replace />;
  const regionItems = [{ key: '/region', label: <Link to="/region">{t('nav.region')}</Link> }];
  const items = [
    {
      key: '/',
      label: (
        <Link to="/" data-nav="home">
          {t('nav.home')}
        </Link>
      ),
    },
    {
      key: '/inbox',
      label: (
        <Link to="/inbox" data-nav="inbox">
          {t('nav.inbox')}{' '}
          <Badge count={count.data ?? 0} overflowCount={999} showZero={false} data-inbox-count={count.data ?? 0} />
        </Link>
      ),
    },
    { key: '/prospects', label: <Link to="/prospects">{t('nav.prospects')}</Link> },
    ...(has('ka_manager', 'sales_director', 'gm', 'marketing_director', 'consultant')
      ? [{ key: '/plans', label: <Link to="/plans">{t('nav.plans')}</Link> }]
      : []),
    { key: '/reports', label: <Link to="/reports">{t('nav.reports')}</Link> },
    ...(has('consultant', 'ka_manager', 'sales_director', 'gm', 'marketing_director', 'cs_manager')
      ? [{ key: '/scorecards', label: <Link to="/scorecards">{t('nav.scorecards')}</Link> }]
      : []),
    { key: '/forms', label: <Link to="/forms">{t('nav.forms')}</Link> },
    ...(has('consultant', 'ka_manager')
      ? [{ key: '/imports', label: <Link to="/imports">{t('nav.imports')}</Link> }]
      : []),
    ...(has('admin') ? [{ key: '/admin', label: <Link to="/admin">{t('nav.admin')}</Link> }] : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', paddingInline: 16 }}>
        <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Text>
        <nav aria-label={t('app.name')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            mode="horizontal"
            selectedKeys={[selected]}
            items={region ? regionItems : items}
            style={{ borderBottom: 'none' }}
          />
        </nav>
        <Space>
          <LangSwitch />
          <Typography.Text data-user={user?.username}>{user?.displayName}</Typography.Text>
          <Button onClick={logout} data-action="logout">
            {t('app.logout')}
          </Button>
        </Space>
      </Layout.Header>
      {/* antd's Content is the page's one <main> landmark */}
      <Layout.Content style={{ padding: 16 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
