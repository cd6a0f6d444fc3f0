import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { currentSession, loginPath, passwordPath } from '../auth/session';

/**
 * Pages behind the login: without a session, the login page, which brings the person back to this very URL; with a
 * password that must be changed first, 修改密码, which does the same (the API would refuse everything else anyway).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const session = currentSession();
  const here = `${location.pathname}${location.search}`;
  if (!session) return <Navigate to={loginPath(here)} replace />;
  if (session.mustChangePassword && location.pathname !== '/password') return <Navigate to={passwordPath(here)} replace />;
  return children;
}
