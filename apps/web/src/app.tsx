// Providers (antd locale, TanStack Query, session) and the routes; every page is its own chunk.
import { lazy, Suspense, useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { AuthProvider, RequireAuth } from './api/auth';
import { ApiError, session } from './api/client';
import { AppLayout } from './layout/app-layout';
import { usePhone } from './lib/responsive';

const LoginPage = lazy(() => import('./pages/login/login-page'));
const WecomSigninPage = lazy(() => import('./pages/wecom/wecom-signin-page'));
const InboxPage = lazy(() => import('./pages/inbox/inbox-page'));
const loadHome = () => import('./pages/home/home-page');
const HomePage = lazy(loadHome);
// Signed in: fetch the home's chunk while the session is checked, not after. A failed fetch is only
// logged: the route's lazy() asks for the chunk again when the home is shown.
if (session.token() && window.location.pathname === '/')
  loadHome().catch((e) => console.warn('prefetching the home page failed', e));
const TaskPage = lazy(() => import('./pages/task/task-page'));
const ProspectsPage = lazy(() => import('./pages/prospects/prospects-page'));
const ProspectPage = lazy(() => import('./pages/prospects/prospect-page'));
const PlansPage = lazy(() => import('./pages/plans/plans-page'));
const ReportsPage = lazy(() => import('./pages/reports/reports-page'));
const AdminPage = lazy(() => import('./pages/admin/admin-page'));
const ScorecardsPage = lazy(() => import('./pages/scorecards/scorecards-page'));
const FormsPage = lazy(() => import('./pages/forms/forms-page'));
const ImportsPage = lazy(() => import('./pages/imports/imports-page'));
const RegionPage = lazy(() => import('./pages/region/region-page'));
const ProfilePage = lazy(() => import('./pages/profile/profile-page'));
const VisitsPage = lazy(() => import('./pages/visits/visits-page'));

/** antd's default greys for placeholders and labels fall short of WCAG AA contrast; these meet it. */
const THEME = {
  token: {
    colorPrimary: '#1f5fbf',
    colorLink: '#1a4fa0',
    // antd derives a lighter hover (#5987ba, 3.7:1); a phone keeps "hovering" where a finger last tapped
    colorLinkHover: '#1f5fbf',
    colorTextSecondary: 'rgba(0, 0, 0, 0.7)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    // antd's #ff4d4f on white (danger buttons: 退回, 有异议) is 3.3:1; this red meets AA
    colorError: '#c4141c',
  },
};

/** A phone (below 768 px): controls and menu rows at least 44 px high, a finger's touch target. */
const PHONE_THEME = {
  ...THEME,
  token: { ...THEME.token, controlHeight: 44, controlHeightSM: 32 },
  components: { Menu: { itemHeight: 44 } },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 2,
      refetchOnWindowFocus: true,
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  const [lang, setLang] = useState(i18n.language);
  const phone = usePhone();
  useEffect(() => {
    const on = (l: string) => setLang(l);
    i18n.on('languageChanged', on);
    return () => i18n.off('languageChanged', on);
  }, [i18n]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={phone ? PHONE_THEME : THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <Suspense fallback={<Spin fullscreen />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route path="/wecom/signin" element={<WecomSigninPage />} />
                  <Route
                    element={
                      <RequireAuth>
                        <AppLayout />
                      </RequireAuth>
                    }
                  >
                    <Route index element={<HomePage />} />
                    <Route path="/inbox" element={<InboxPage />} />
                    <Route path="/tasks/:id" element={<TaskPage />} />
                    <Route path="/prospects" element={<ProspectsPage />} />
                    <Route path="/prospects/:id" element={<ProspectPage />} />
                    <Route path="/plans" element={<PlansPage />} />
                    <Route path="/plans/:kind/:period" element={<PlansPage />} />
                    <Route path="/reports" element={<ReportsPage />} />
                    <Route path="/admin" element={<AdminPage />} />
                    <Route path="/scorecards" element={<ScorecardsPage />} />
                    <Route path="/forms" element={<FormsPage />} />
                    <Route path="/profile" element={<ProfilePage />} />
                    <Route path="/forms/:no" element={<FormsPage />} />
                    <Route path="/imports" element={<ImportsPage />} />
                    <Route path="/region" element={<RegionPage />} />
                    <Route path="/visits" element={<VisitsPage />} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Route>
                </Routes>
              </Suspense>
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
