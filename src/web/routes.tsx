import { lazy } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { useSession } from './auth/session.tsx';
import { NotFound } from './components/page.tsx';

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
  { path: '/org/units', element: page(() => import('./pages/org/units.tsx')) },
  { path: '/org/units/:id', element: page(() => import('./pages/org/units.tsx')) },
  { path: '/org/cadres', element: page(() => import('./pages/org/cadres.tsx')) },
  { path: '/org/cadres/:id', element: page(() => import('./pages/org/cadre-detail.tsx')) },
  { path: '/org/dict', element: page(() => import('./pages/org/dict.tsx')) },
  { path: '/org/periods', element: page(() => import('./pages/org/periods.tsx')) },
  { path: '/org/calendar', element: page(() => import('./pages/org/calendar.tsx')) },
  { path: '/dashboard', element: page(() => import('./pages/dashboard/index.tsx')) },
  { path: '/todo', element: page(() => import('./pages/todo/index.tsx')) },
  { path: '/delivery/lists', element: page(() => import('./pages/delivery/lists.tsx')) },
  { path: '/delivery/lists/:cadreId/:year', element: page(() => import('./pages/delivery/list-detail.tsx')) },
  { path: '/delivery/plans', element: page(() => import('./pages/delivery/plans.tsx')) },
  { path: '/delivery/plans/:id', element: page(() => import('./pages/delivery/plan-detail.tsx')) },
  { path: '/delivery/plans/:id/check', element: page(() => import('./pages/delivery/plan-check.tsx')) },
  { path: '/delivery/findings', element: page(() => import('./pages/delivery/findings.tsx')) },
  { path: '/delivery/findings/:id', element: page(() => import('./pages/delivery/finding-detail.tsx')) },
  { path: '/delivery/rectifications', element: page(() => import('./pages/delivery/rectifications.tsx')) },
  {
    path: '/delivery/rectifications/:id',
    element: page(() => import('./pages/delivery/rectification-detail.tsx')),
  },
  { path: '/delivery/stats', element: page(() => import('./pages/delivery/stats.tsx')) },
  { path: '/scene/activities', element: page(() => import('./pages/scene/activities.tsx')) },
  { path: '/scene/activities/:id', element: page(() => import('./pages/scene/activity-detail.tsx')) },
  { path: '/scene/nominations', element: page(() => import('./pages/scene/nominations.tsx')) },
  { path: '/scene/stats', element: page(() => import('./pages/scene/stats.tsx')) },
  { path: '/scene/mine', element: page(() => import('./pages/scene/mine.tsx')) },
  { path: '/keywork/tasks', element: page(() => import('./pages/keywork/tasks.tsx')) },
  { path: '/keywork/tasks/:id', element: page(() => import('./pages/keywork/task-detail.tsx')) },
  { path: '/keywork/meetings', element: page(() => import('./pages/keywork/meetings.tsx')) },
  { path: '/keywork/inbox', element: page(() => import('./pages/keywork/inbox.tsx')) },
  { path: '/keywork/inspections', element: page(() => import('./pages/keywork/inspections.tsx')) },
  { path: '/keywork/inspections/:id', element: page(() => import('./pages/keywork/inspection-detail.tsx')) },
  { path: '/keywork/cadres/:id', element: page(() => import('./pages/keywork/cadre-chain.tsx')) },
  { path: '/keywork/assessments', element: page(() => import('./pages/keywork/assessments.tsx')) },
  { path: '/growth', element: page(() => import('./pages/growth/county.tsx')) },
  { path: '/growth/me', element: <MyGrowth /> },
  { path: '/growth/cadres/:id', element: page(() => import('./pages/growth/cadre.tsx')) },
  { path: '/growth/runs/:id', element: page(() => import('./pages/growth/run.tsx')) },
  { path: '/growth/shares', element: page(() => import('./pages/growth/shares.tsx')) },
  { path: '/growth/outstanding', element: page(() => import('./pages/growth/outstanding.tsx')) },
  { path: '/development/plans', element: page(() => import('./pages/development/plans.tsx')) },
  { path: '/development/plans/:id', element: page(() => import('./pages/development/plan-detail.tsx')) },
  { path: '/development/suggestions', element: page(() => import('./pages/development/suggestions.tsx')) },
  { path: '/development/mine', element: page(() => import('./pages/development/mine.tsx')) },
  { path: '/development/mentoring', element: page(() => import('./pages/development/mentoring.tsx')) },
  { path: '/rewards/applications', element: page(() => import('./pages/rewards/applications.tsx')) },
  {
    path: '/rewards/applications/:id',
    element: page(() => import('./pages/rewards/application-detail.tsx')),
  },
  { path: '/rewards/board', element: page(() => import('./pages/rewards/board.tsx')) },
  { path: '/rewards/stats', element: page(() => import('./pages/rewards/stats.tsx')) },
  { path: '/rewards/awards', element: page(() => import('./pages/rewards/awards.tsx')) },
  { path: '/quadrant', element: page(() => import('./pages/quadrant/quarter.tsx')) },
  { path: '/quadrant/me', element: <MyOwn base="/quadrant/cadres" /> },
  { path: '/quadrant/cadres/:id', element: page(() => import('./pages/quadrant/cadre.tsx')) },
  { path: '/quadrant/recommendations', element: page(() => import('./pages/quadrant/recommendations.tsx')) },
  { path: '/quadrant/decisions', element: page(() => import('./pages/quadrant/decisions.tsx')) },
  { path: '/quadrant/settings', element: page(() => import('./pages/quadrant/settings.tsx')) },
  { path: '/quadrant/decisions/:id', element: page(() => import('./pages/quadrant/decision.tsx')) },
  { path: '/opinion/campaigns', element: page(() => import('./pages/opinion/campaigns.tsx')) },
  { path: '/opinion/campaigns/:id', element: page(() => import('./pages/opinion/campaign-detail.tsx')) },
  {
    path: '/opinion/campaigns/:id/cadres/:cadreId',
    element: page(() => import('./pages/opinion/cadre-result.tsx')),
  },
  { path: '/opinion/profiles/:cadreId', element: page(() => import('./pages/opinion/profile.tsx')) },
  { path: '/opinion/entries', element: page(() => import('./pages/opinion/entries.tsx')) },
  { path: '/opinion/visits', element: page(() => import('./pages/opinion/visits.tsx')) },
  { path: '/opinion/field-time', element: page(() => import('./pages/opinion/field-time.tsx')) },
  { path: '/economy', element: page(() => import('./pages/economy/curves.tsx')) },
  { path: '/economy/catalog', element: page(() => import('./pages/economy/catalog.tsx')) },
  { path: '/economy/feeds', element: page(() => import('./pages/economy/feeds.tsx')) },
  { path: '/economy/kpis', element: page(() => import('./pages/economy/kpis.tsx')) },
  { path: '/economy/alerts', element: page(() => import('./pages/economy/alerts.tsx')) },
  { path: '/economy/alerts/:id', element: page(() => import('./pages/economy/alert-detail.tsx')) },
  { path: '/economy/interviews', element: page(() => import('./pages/economy/interviews.tsx')) },
  { path: '/economy/forensics', element: page(() => import('./pages/economy/forensics.tsx')) },
  { path: '/economy/rules', element: page(() => import('./pages/economy/rules.tsx')) },
  { path: '/profile/me', element: <MyOwn base="/profile" /> },
  { path: '/profile/:cadreId', element: page(() => import('./pages/profile/index.tsx')) },
  { path: '/reports', element: page(() => import('./pages/reports/index.tsx')) },
  { path: '/reports/cadre-reports/:id', element: page(() => import('./pages/reports/report-detail.tsx')) },
  { path: '/reports/period', element: page(() => import('./pages/reports/period.tsx')) },
  { path: '/me', element: <MyRecord /> },
  { path: '/system/jobs', element: page(() => import('./pages/system/jobs.tsx')) },
  { path: '/system/settings', element: page(() => import('./pages/system/settings.tsx')) },
];

const CadrePage = lazy(() => import('./pages/org/cadre-detail.tsx'));

/**
 * A cadre's own record: the cadre page of the record their account is linked to, shown at /me
 * (not redirected) so that the menu keeps 我的档案 selected.
 */
function MyRecord() {
  const { me } = useSession();
  const cadreId = me?.roles.find((r) => r.role === 'cadre')?.cadreId;
  return cadreId ? <CadrePage id={cadreId} mine /> : <NotFound />;
}

const GrowthPage = lazy(() => import('./pages/growth/cadre.tsx'));

/** A cadre's own 个体成长解析, shown at /growth/me like 我的档案. */
function MyGrowth() {
  const { me } = useSession();
  const cadreId = me?.roles.find((r) => r.role === 'cadre')?.cadreId;
  return cadreId ? <GrowthPage id={cadreId} /> : <NotFound />;
}

/** A cadre's own page of a module (`/quadrant/cadres/:id`). */
function MyOwn(props: { base: string }) {
  const { me } = useSession();
  const cadreId = me?.roles.find((r) => r.role === 'cadre')?.cadreId;
  return cadreId ? <Navigate to={`${props.base}/${cadreId}`} replace /> : <NotFound />;
}
