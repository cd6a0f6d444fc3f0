import type { ReactNode } from 'react';
import { Result, Spin } from 'antd';
import { useAccess } from '../auth/access';

/** Organisation upkeep is for administrators; anyone else who finds the address is told so, and sees nothing of it. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { pending, admin } = useAccess();
  if (pending) return <Spin aria-label="加载中" />;
  if (!admin) return <Result status="403" title="无权访问" subTitle="组织管理仅限管理员使用" />;
  return children;
}
