import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const page = (load: () => Promise<{ default: React.ComponentType }>) => {
  const C = lazy(load);
  return <C />;
};

/** Page routes inside the layout; the path matches the module's API prefix. */
export const ROUTES: RouteObject[] = [
  { path: '/', element: page(() => import('./pages/home/index.tsx')) },
  { path: '/account/password', element: page(() => import('./pages/account/password.tsx')) },
  { path: '/account/totp', element: page(() => import('./pages/account/totp.tsx')) },
  { path: '/auth/users', element: page(() => import('./pages/auth/users.tsx')) },
  { path: '/auth/policy', element: page(() => import('./pages/auth/policy.tsx')) },
  { path: '/audit', element: page(() => import('./pages/audit/index.tsx')) },
  { path: '/system/jobs', element: page(() => import('./pages/system/jobs.tsx')) },
];
