import type { ReactNode } from 'react';
import { Alert, Spin } from 'antd';
import { useStatsAccess } from '../features/stats/access';

/** Statistics are for secretaries, committee members, auditors and admins; a branch's member who finds the address sees nothing of them. */
export function RequireStats({ children }: { children: ReactNode }) {
  const { pending, stats } = useStatsAccess();
  if (pending) return <Spin aria-label="加载中" />;
  if (!stats) return <Alert type="warning" showIcon title="无权访问" description="统计分析仅限书记、委员、审计人员和管理员使用" />;
  return children;
}
