import type { ReactNode } from 'react';
import { Alert, Spin } from 'antd';
import { useAccess } from '../auth/access';

/** A part of the console for some roles only; anyone else who finds the address is told so, and sees nothing of it. */
export function RequireAccess({ flag, description, children }: { flag: 'admin' | 'audit'; description: string; children: ReactNode }) {
  const access = useAccess();
  if (access.pending) return <Spin aria-label="加载中" />;
  // An Alert, not antd's Result: Result's illustrations would weigh on every first visit.
  if (!access[flag]) return <Alert type="warning" showIcon title="无权访问" description={description} />;
  return children;
}
