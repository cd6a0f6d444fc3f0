import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { PasswordPage } from '../auth/PasswordPage';
import { Layout } from './Layout';
import { RequireAccess } from './RequireAccess';
import { RequireAdmin } from './RequireAdmin';
import { RequireAuth } from './RequireAuth';
import { RequireStats } from './RequireStats';

// Pages load on demand: the first visit (often a mail link to one task) fetches only what it shows.
const TodoPage = lazy(() => import('../features/tasks/pages/TodoPage'));
const DonePage = lazy(() => import('../features/tasks/pages/DonePage'));
const TaskPage = lazy(() => import('./TaskRoute'));
const LedgerPage = lazy(() => import('../features/rectification/pages/LedgerPage'));
const SubmittedPage = lazy(() => import('../features/projects/pages/SubmittedPage'));
const ProjectDraftPage = lazy(() => import('../features/projects/pages/ProjectDraftPage'));
const ProjectRoute = lazy(() => import('./ProjectRoute'));
const ProjectEditPage = lazy(() => import('../features/projects/pages/ProjectEditPage'));
const CcPage = lazy(() => import('../features/notices/pages/CcPage'));
const NoticesPage = lazy(() => import('../features/notices/pages/NoticesPage'));
const ProjectsPage = lazy(() => import('../features/projects/pages/ProjectsPage'));
// Statistics: ECharts loads with this page only.
const StatsPage = lazy(() => import('../features/stats/pages/StatsPage'));
// Organisation upkeep: only administrators ever load these.
const OrgPage = lazy(() => import('../features/org/pages/OrgPage'));
const PeoplePage = lazy(() => import('../features/org/pages/PeoplePage'));
const ImportPage = lazy(() => import('../features/org/pages/ImportPage'));
const PoliciesPage = lazy(() => import('./PolicyRoutes').then((m) => ({ default: m.PoliciesRoute })));
const CalendarPage = lazy(() => import('./PolicyRoutes').then((m) => ({ default: m.CalendarRoute })));
// Audit views: only auditors and administrators ever load these.
const AuditVerifyPage = lazy(() => import('../features/audit/pages/AuditVerifyPage'));
const AuditTimelinePage = lazy(() => import('../features/audit/pages/AuditTimelinePage'));
const AuditReplayPage = lazy(() => import('../features/audit/pages/AuditReplayPage'));

const page = (node: ReactNode) => <Suspense fallback={<Spin aria-label="加载中" />}>{node}</Suspense>;
const adminPage = (node: ReactNode) => page(<RequireAdmin>{node}</RequireAdmin>);
const auditPage = (node: ReactNode) => page(<RequireAccess flag="audit" description="审计仅限纪检审计人员和管理员使用">{node}</RequireAccess>);

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Outside the header: the header's 待办 count is refused until a required change is made.
  {
    path: '/password',
    element: (
      <RequireAuth>
        <PasswordPage />
      </RequireAuth>
    ),
  },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/todo" replace /> },
      { path: '/todo', element: page(<TodoPage />) },
      { path: '/done', element: page(<DonePage />) },
      { path: '/tasks/:id', element: page(<TaskPage />) },
      { path: '/ledger', element: page(<LedgerPage />) },
      { path: '/mine', element: page(<SubmittedPage />) },
      { path: '/cc', element: page(<CcPage />) },
      { path: '/notices', element: page(<NoticesPage />) },
      { path: '/projects/new', element: page(<ProjectDraftPage />) },
      { path: '/projects', element: page(<ProjectsPage />) },
      { path: '/projects/:id', element: page(<ProjectRoute />) },
      { path: '/projects/:id/edit', element: page(<ProjectEditPage />) },
      { path: '/stats', element: page(<RequireStats><StatsPage /></RequireStats>) },
      { path: '/admin', element: <Navigate to="/admin/org" replace /> },
      { path: '/admin/org', element: adminPage(<OrgPage />) },
      { path: '/admin/people', element: adminPage(<PeoplePage />) },
      { path: '/admin/import', element: adminPage(<ImportPage />) },
      { path: '/admin/policies', element: adminPage(<PoliciesPage />) },
      { path: '/admin/calendar', element: adminPage(<CalendarPage />) },
      { path: '/audit', element: <Navigate to="/audit/verify" replace /> },
      { path: '/audit/verify', element: auditPage(<AuditVerifyPage />) },
      { path: '/audit/timeline', element: auditPage(<AuditTimelinePage />) },
      { path: '/audit/replay', element: auditPage(<AuditReplayPage />) },
      { path: '*', element: <Navigate to="/todo" replace /> },
    ],
  },
]);
