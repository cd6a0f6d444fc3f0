import { UserOutlined } from '@ant-design/icons';
import { Badge, Button, ConfigProvider, Dropdown, Grid, Layout as AntLayout, Menu, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAccess } from '../auth/access';
import { useLogout } from '../auth/logout';
import { currentSession, passwordPath } from '../auth/session';
import { useNotices } from '../features/notices/api';
import { NoticeBell } from '../features/notices/components/NoticeBell';
import { useStatsAccess } from '../features/stats/access';
import { isCc, unreadCount } from '../features/notices/model';
import { useMyTasks } from '../features/tasks/api';

/**
 * The frame of every page: 待办 (with its count), 已办 and 项目; the account menu (who is logged in, 修改密码, 退出). On a
 * phone the same header, tighter, the menu behind an icon; pages lay themselves out below it.
 */
export function Layout() {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const isPhone = !Grid.useBreakpoint().md;
  const open = useMyTasks('open');
  const unreadCc = unreadCount(useNotices().data, isCc);
  const person = currentSession()?.person;
  const { admin, audit } = useAccess();
  const { stats } = useStatsAccess();
  const account = [
    { key: 'password', label: '修改密码', onClick: () => void navigate(passwordPath(`${pathname}${search}`)) },
    { key: 'logout', label: '退出', onClick: logout },
  ];
  const items = [
    { key: '/todo', label: <Link to="/todo"><Badge count={open.data?.length ?? 0} size="small" offset={[8, -2]}>待办</Badge></Link> },
    { key: '/done', label: <Link to="/done">已办</Link> },
    { key: '/ledger', label: <Link to="/ledger">整改台账</Link> },
    { key: '/mine', label: <Link to="/mine">我发起的</Link> },
    { key: '/cc', label: <Link to="/cc"><Badge count={unreadCc} size="small" offset={[8, -2]}>抄送我的</Badge></Link> },
    { key: '/projects', label: <Link to="/projects">项目</Link> },
    ...(stats ? [{ key: '/stats', label: <Link to="/stats">统计</Link> }] : []),
    // Shown to administrators only; the pages and the API refuse anyone else all the same.
    ...(admin ? [{ key: '/admin', label: <Link to="/admin/org">组织管理</Link> }] : []),
    ...(audit ? [{ key: '/audit', label: <Link to="/audit/verify">审计</Link> }] : []),
  ];
  const selected = items.find((i) => pathname.startsWith(i.key))?.key ?? '/todo';
  return (
    <AntLayout style={{ minHeight: '100vh' }}>
      <AntLayout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: isPhone ? 12 : 24, background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
          Tandem 工作台
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0, overflowX: 'auto' }}>
          {/* Narrower items on a phone, so more of them fit beside the title. */}
          <ConfigProvider theme={{ components: { Menu: { itemPaddingInline: isPhone ? 8 : 20 } } }}>
            <Menu mode="horizontal" selectedKeys={[selected]} items={items} style={{ borderBottom: 'none' }} disabledOverflow />
          </ConfigProvider>
        </nav>
        <NoticeBell />
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
