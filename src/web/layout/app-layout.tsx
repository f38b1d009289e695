import { DownOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Dropdown, Grid, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { systemApi } from '../../common/contracts/system.ts';
import { ROLE_LABELS } from '../../common/roles.ts';
import { call } from '../api/client.ts';
import { useSession } from '../auth/session.tsx';
import { type MenuEntry, visibleMenu } from '../menu.tsx';
import { NotificationBell } from './notifications.tsx';

const { Header, Sider, Content } = Layout;

function toItems(entries: MenuEntry[]): NonNullable<Parameters<typeof Menu>[0]['items']> {
  return entries.map((e) =>
    e.children
      ? { key: e.path, icon: e.icon, label: e.label, children: toItems(e.children) }
      : { key: e.path, icon: e.icon, label: e.label },
  );
}

/** Header, module menu and demo banner around every page of a logged-in user. */
export function AppLayout() {
  const { me, can, logout } = useSession();
  const nav = useNavigate();
  const loc = useLocation();
  const { token } = theme.useToken();
  // On a phone (the on-site check screen) the header keeps only the bell and the name.
  const wide = Grid.useBreakpoint().md !== false;
  const [collapsed, setCollapsed] = useState(false);
  // A new page opens at its top, not at the previous page's scroll position.
  const [shown, setShown] = useState(loc.pathname);
  if (shown !== loc.pathname) setShown(loc.pathname);
  useEffect(() => {
    if (shown) window.scrollTo(0, 0);
  }, [shown]);
  const info = useQuery({
    queryKey: ['system-info'],
    queryFn: () => call(systemApi.info),
    staleTime: 600_000,
  });
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (me.pending === 'password_change' && loc.pathname !== '/account/password') {
    return <Navigate to="/account/password" replace />;
  }
  if (me.pending === 'totp_enrolment' && loc.pathname !== '/account/totp')
    return <Navigate to="/account/totp" replace />;

  const menu = visibleMenu(
    can,
    me.roles.map((r) => r.role),
  );
  const selected = selectedKey(menu, loc.pathname);
  const openKeys = menu.filter((m) => m.children?.some((c) => c.path === selected)).map((m) => m.path);
  const roles = me.roles.map((r) => ROLE_LABELS[r.role]).join('、');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        width={220}
        breakpoint="lg"
        collapsedWidth={0}
        theme="dark"
        onCollapse={(c) => setCollapsed(c)}
        data-testid="side-menu"
        // The menu stays in place while the page scrolls; a long menu scrolls on its own.
        style={{ position: 'sticky', top: 0, height: '100vh', zIndex: 20 }}
      >
        <div style={{ height: '100%', overflowY: 'auto' }}>
          <div style={{ padding: '18px 20px', color: '#fff' }}>
            <div style={{ fontSize: 20, fontWeight: 600, letterSpacing: 2 }}>玉智督</div>
            <div style={{ fontSize: 12, opacity: 0.65 }}>
              {info.data?.jurisdiction?.name ?? ''}政绩观考察平台
            </div>
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            defaultOpenKeys={openKeys}
            items={toItems(menu)}
            onClick={(e) => nav(e.key)}
          />
        </div>
      </Sider>
      <Layout>
        {/* The banner and the header stay at the top while the page scrolls. */}
        <div style={{ position: 'sticky', top: 0, zIndex: 10 }} data-testid="app-header">
          {me.mode === 'demo' && (
            <Alert
              banner
              type="warning"
              title="演示数据 —— 本系统当前运行于演示模式，所有人员、单位和数据均为虚构，仅供体验。"
              data-testid="demo-banner"
            />
          )}
          <Header
            style={{
              background: token.colorBgContainer,
              // A collapsed menu's button sits at the top left, over the header: leave it room.
              padding: wide ? '0 24px' : '0 12px',
              paddingLeft: collapsed ? 56 : wide ? 24 : 12,
              gap: 12,
              display: 'flex',
              justifyContent: 'space-between',
              alignItems: 'center',
              borderBottom: `1px solid ${token.colorBorderSecondary}`,
            }}
          >
            <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
              {wide ? '领导干部政绩观考察与重点任务监督平台' : '玉智督'}
            </Typography.Text>
            <Space size={20}>
              <NotificationBell />
              <Dropdown
                menu={{
                  items: [
                    { key: '/account/password', icon: <SafetyOutlined />, label: '修改密码' },
                    { key: '/account/totp', icon: <SafetyOutlined />, label: '动态验证码' },
                    { type: 'divider' },
                    { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
                  ],
                  onClick: async (e) => {
                    if (e.key === 'logout') {
                      await logout();
                      nav('/login');
                    } else nav(e.key);
                  },
                }}
              >
                <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                  <UserOutlined />
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {wide ? me.user.displayName : me.user.displayName.replace(/（演示）$/, '')}
                  </span>
                  {wide && <Tag color="blue">{roles || '未授予角色'}</Tag>}
                  <DownOutlined />
                </Space>
              </Dropdown>
            </Space>
          </Header>
        </div>
        <Content style={{ margin: wide ? 24 : 8 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}

function selectedKey(menu: MenuEntry[], pathname: string): string {
  const flat = menu.flatMap((m) => (m.children ? m.children : [m]));
  const hit = flat
    .filter((m) =>
      m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];
  return hit?.path ?? pathname;
}
