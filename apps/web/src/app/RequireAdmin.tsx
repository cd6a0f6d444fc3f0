import type { ReactNode } from 'react';
import { Alert, Spin } from 'antd';
import { useAccess } from '../auth/access';

/** Organisation upkeep is for administrators; anyone else who finds the address is told so, and sees nothing of it. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { pending, admin } = useAccess();
  if (pending) return <Spin aria-label="加载中" />;
  // An Alert, not antd's Result: Result's illustrations would weigh on every first visit.
  if (!admin) return <Alert type="warning" showIcon title="无权访问" description="组织管理仅限管理员使用" />;
  return children;
}
