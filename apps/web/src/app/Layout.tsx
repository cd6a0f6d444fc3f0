import { UserOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Grid, Layout as AntLayout, Menu, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAccess } from '../auth/access';
import { useLogout } from '../auth/logout';
import { currentSession, passwordPath } from '../auth/session';
import { useMyTasks } from '../features/tasks/api';

/**
 * The frame of every page: 待办 (with its count) and 已办; the account menu (who is logged in, 修改密码, 退出). On a
 * phone the same header, tighter, the menu behind an icon; pages lay themselves out below it.
 */
export function Layout() {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const isPhone = !Grid.useBreakpoint().md;
  const open = useMyTasks('open');
  const person = currentSession()?.person;
  const { admin } = useAccess();
  const account = [
    { key: 'password', label: '修改密码', onClick: () => void navigate(passwordPath(`${pathname}${search}`)) },
    { key: 'logout', label: '退出', onClick: logout },
  ];
  const items = [
    { key: '/todo', label: <Link to="/todo"><Badge count={open.data?.length ?? 0} size="small" offset={[8, -2]}>待办</Badge></Link> },
    { key: '/done', label: <Link to="/done">已办</Link> },
    // Shown to administrators only; the pages and the API refuse anyone else all the same.
    ...(admin ? [{ key: '/admin', label: <Link to="/admin/org">组织管理</Link> }] : []),
  ];
  const section = ['/done', '/admin'].find((p) => pathname.startsWith(p)) ?? '/todo';
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: isPhone ? 12 : 24, background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
          Tandem 工作台
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
          <Menu mode="horizontal" selectedKeys={[section]} items={items} style={{ borderBottom: 'none' }} disabledOverflow />
        </nav>
        {/* Named the same with or without the name shown: the icon alone says nothing to a screen reader. */}
        <Dropdown menu={{ items: account }} trigger={['click']} placement="bottomRight">
          <Button size="small" icon={<UserOutlined />} aria-label={`账号：${person?.name ?? ''}`}>
            {!isPhone && person?.name}
          </Button>
        </Dropdown>
      </AntLayout.Header>
      <AntLayout.Content style={{ padding: isPhone ? 12 : 24, maxWidth: 1080, width: '100%', margin: '0 auto' }}>
        <main>
          <Outlet />
        </main>
      </AntLayout.Content>
    </AntLayout>
  );
}
