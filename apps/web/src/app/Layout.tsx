import { Badge, Button, Flex, Grid, Layout as AntLayout, Menu, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { clearSession, currentSession } from '../auth/session';
import { queryClient } from '../api/query';
import { useMyTasks } from '../features/tasks/api';

/**
 * The frame of every page: 待办 (with its count) and 已办, who is logged in, 退出. On a phone the same header,
 * tighter; pages lay themselves out below it.
 */
export function Layout() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const isPhone = !Grid.useBreakpoint().md;
  const open = useMyTasks('open');
  const person = currentSession()?.person;
  const logout = () => {
    clearSession();
    queryClient.clear();
    void navigate('/login');
  };
  const items = [
    { key: '/todo', label: <Link to="/todo"><Badge count={open.data?.length ?? 0} size="small" offset={[8, -2]}>待办</Badge></Link> },
    { key: '/done', label: <Link to="/done">已办</Link> },
  ];
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: isPhone ? 12 : 24, background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
          Tandem 工作台
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
          <Menu mode="horizontal" selectedKeys={[pathname.startsWith('/done') ? '/done' : '/todo']} items={items} style={{ borderBottom: 'none' }} disabledOverflow />
        </nav>
        <Flex align="center" gap={8}>
          {!isPhone && person && <Typography.Text>{person.name}</Typography.Text>}
          <Button size="small" onClick={logout}>
            退出
          </Button>
        </Flex>
      </AntLayout.Header>
      <AntLayout.Content style={{ padding: isPhone ? 12 : 24, maxWidth: 1080, width: '100%', margin: '0 auto' }}>
        <main>
          <Outlet />
        </main>
      </AntLayout.Content>
    </AntLayout>
  );
}
