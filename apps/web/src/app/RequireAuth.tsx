import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { currentSession, loginPath } from '../auth/session';

/** Pages behind the login: without a session, the login page, which brings the person back to this very URL. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  if (!currentSession()) return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  return children;
}
