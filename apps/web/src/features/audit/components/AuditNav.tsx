import { Menu, Typography } from 'antd';
import { Link, useLocation } from 'react-router';

const sections = [
  { key: '/audit/verify', label: '哈希链校验' },
  { key: '/audit/timeline', label: '项目时间线' },
  { key: '/audit/replay', label: '重放验证' },
];

/** The heading of every audit view and the three of them, one click apart. */
export function AuditNav() {
  const { pathname } = useLocation();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        审计
      </Typography.Title>
      <nav aria-label="审计">
        <Menu mode="horizontal" selectedKeys={[pathname]} items={sections.map((s) => ({ key: s.key, label: <Link to={s.key}>{s.label}</Link> }))} style={{ marginBottom: 16 }} />
      </nav>
    </>
  );
}
