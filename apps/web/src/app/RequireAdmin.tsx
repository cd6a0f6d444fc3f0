import type { ReactNode } from 'react';
import { RequireAccess } from './RequireAccess';

/** Organisation upkeep is for administrators. */
export const RequireAdmin = ({ children }: { children: ReactNode }) => (
  <RequireAccess flag="admin" description="组织管理仅限管理员使用">
    {children}
  </RequireAccess>
);
