// The frame of every signed-in page: navigation by role (with the open-task count), language, log out.
// On a PC the navigation is a menu across the header; on a phone (below 768 px) it is a drawer that the
// header's menu button opens, holding the same items, the signed-in name and the language switch.
import { useEffect, useState } from 'react';
import { Badge, Button, Drawer, Layout, Menu, Space, Typography } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../api/auth';
import { useOpenCount } from '../api/hooks';
import { usePhone } from '../lib/responsive';
import { LangSwitch } from './lang-switch';

export function AppLayout() {
  const { t } = useTranslation();
  const { user, logout, has } = useAuth();
  const phone = usePhone();
  const [drawer, setDrawer] = useState(false);
  // A region-tier user (区域经理) reads its dealers through the region page only: no inbox, no dealer pages.
  const region = !!user?.regionId;
  const count = useOpenCount(!region);
  const loc = useLocation();
  // a page opened (by a tap in the drawer or a link on the page) closes the drawer
  useEffect(() => setDrawer(false), [loc.pathname, loc.search]);
  const area = '/' + (loc.pathname.split('/')[1] ?? '');
  const selected = area === '/tasks' ? '/inbox' : area;
  if (region && area !== '/region') return <Navigate to="/region" replace />;
  const regionItems = [{ key: '/region', label: <Link to="/region">{t('nav.region')}</Link> }];
  // The navigation, in order, for both layouts (the PC's menu bar and the phone's drawer): one entry per area.
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
    ...(has('consultant', 'ka_manager', 'sales_director', 'gm')
      ? [{ key: '/visits', label: <Link to="/visits">{t('nav.visits')}</Link> }]
      : []),
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
  const menu = (mode: 'horizontal' | 'inline') => (
    <Menu
      mode={mode}
      selectedKeys={[selected]}
      items={region ? regionItems : items}
      style={{ borderBottom: 'none', borderInlineEnd: 'none' }}
      onClick={() => setDrawer(false)}
    />
  );
  const name = region ? (
    <Typography.Text data-user={user?.username} style={{ whiteSpace: 'nowrap' }}>
      {user?.displayName}
    </Typography.Text>
  ) : (
    <Link
      to="/profile"
      data-user={user?.username}
      data-nav="profile"
      style={{ whiteSpace: 'nowrap' }}
      onClick={() => setDrawer(false)}
    >
      {user?.displayName}
    </Link>
  );
  const logoutButton = (
    <Button onClick={logout} data-action="logout">
      {t('app.logout')}
    </Button>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: phone ? 8 : 16,
          background: '#fff',
          paddingInline: phone ? 8 : 16,
        }}
        data-layout={phone ? 'phone' : 'pc'}
      >
        {phone && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('app.menu')}
            aria-expanded={drawer}
            aria-controls="app-nav-drawer"
            data-action="open-nav"
            onClick={() => setDrawer(true)}
          />
        )}
        <Typography.Text strong ellipsis style={{ whiteSpace: 'nowrap', minWidth: 0, flex: phone ? 1 : undefined }}>
          {t('app.name')}
        </Typography.Text>
        {phone ? (
          logoutButton
        ) : (
          <>
            <nav aria-label={t('app.name')} style={{ flex: 1, minWidth: 0 }} data-nav-bar="pc">
              {menu('horizontal')}
            </nav>
            <Space>
              <LangSwitch />
              {name}
              {logoutButton}
            </Space>
          </>
        )}
      </Layout.Header>
      {phone && (
        <Drawer
          id="app-nav-drawer"
          placement="left"
          size={280}
          open={drawer}
          onClose={() => setDrawer(false)}
          title={t('app.name')}
          data-nav-drawer="phone"
        >
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            {name}
            <LangSwitch />
            <nav aria-label={t('app.name')} data-nav-bar="phone">
              {menu('inline')}
            </nav>
          </Space>
        </Drawer>
      )}
      {/* antd's Content is the page's one <main> landmark */}
      <Layout.Content style={{ padding: phone ? 8 : 16 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
