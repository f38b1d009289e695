import '../common/zod-locale.ts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { setUnauthenticatedHandler } from './api/client.ts';
import { SessionProvider } from './auth/session.tsx';
import { NotFound } from './components/page.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { ROUTES } from './routes.tsx';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
setUnauthenticatedHandler(() => queryClient.setQueryData(['me'], null));

const LoginPage = lazy(() => import('./pages/login/index.tsx'));
const BallotPage = lazy(() => import('./pages/opinion/ballot.tsx'));
const ScreenPage = lazy(() => import('./pages/dashboard/screen.tsx'));

function Root() {
  return (
    <SessionProvider>
      <Suspense fallback={<Spin style={{ margin: 80 }} />}>
        <Outlet />
      </Suspense>
    </SessionProvider>
  );
}

/**
 * The ballot pages (走进群众听民意): no login, no staff layout, and no session lookup either, so that
 * opening a ballot leaves no trace of the rater (not even a refused /api/auth/me in the audit log).
 */
function BallotRoot() {
  return (
    <Suspense fallback={<Spin style={{ margin: 80 }} />}>
      <Outlet />
    </Suspense>
  );
}

const router = createBrowserRouter([
  {
    element: <BallotRoot />,
    children: [
      { path: '/v/:token', element: <BallotPage /> },
      { path: '/p/:code', element: <BallotPage /> },
    ],
  },
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      // The big screen: full window, outside the staff layout.
      { path: '/screen', element: <ScreenPage /> },
      { element: <AppLayout />, children: [...ROUTES, { path: '*', element: <NotFound /> }] },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#b8322a', borderRadius: 6 } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
