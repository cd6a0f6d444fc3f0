import { Menu } from 'antd';
import { Link, useLocation } from 'react-router';

const sections = [
  { key: '/admin/org', label: '组织架构' },
  { key: '/admin/people', label: '人员与任职' },
  { key: '/admin/import', label: '批量导入' },
  { key: '/admin/policies', label: '年度规则' },
  { key: '/admin/calendar', label: '工作日历' },
];

/** The pages of organisation upkeep, one click apart. */
export function AdminNav() {
  const { pathname } = useLocation();
  return (
    // Scrolled sideways on a phone rather than folded: antd's folded items stay focusable while hidden from readers.
    <nav aria-label="组织管理" style={{ overflowX: 'auto' }}>
      <Menu mode="horizontal" selectedKeys={[pathname]} items={sections.map((s) => ({ key: s.key, label: <Link to={s.key}>{s.label}</Link> }))} style={{ marginBottom: 16 }} disabledOverflow />
    </nav>
  );
}
