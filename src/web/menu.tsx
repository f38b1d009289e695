import {
  AuditOutlined,
  ClusterOutlined,
  HomeOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../common/permissions.ts';

export interface MenuEntry {
  path: string;
  label: string;
  icon?: ReactNode;
  /** Shown to whoever holds it; undefined = every logged-in user. */
  permission?: Permission;
  children?: MenuEntry[];
}

/** The module menu. Only modules that are built appear; each item shows only to its roles. */
export const MENU: MenuEntry[] = [
  { path: '/', label: '首页', icon: <HomeOutlined /> },
  {
    path: '/org',
    label: '组织机构',
    icon: <ClusterOutlined />,
    children: [],
  },
  {
    path: '/auth',
    label: '账号与权限',
    icon: <TeamOutlined />,
    children: [
      { path: '/auth/users', label: '账号与角色', permission: 'auth.users.read' },
      { path: '/auth/policy', label: '密码与锁定策略', permission: 'auth.policy.manage' },
    ],
  },
  { path: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
  { path: '/system/jobs', label: '后台任务', icon: <ScheduleOutlined />, permission: 'system.jobs.read' },
];

export const ACCOUNT_ICON = <SafetyOutlined />;

/** The menu as one person sees it: entries they may open, and groups that keep a child. */
export function visibleMenu(can: (p: Permission) => boolean, entries: MenuEntry[] = MENU): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const e of entries) {
    if (e.children) {
      const kids = visibleMenu(can, e.children);
      if (kids.length) out.push({ ...e, children: kids });
    } else if (!e.permission || can(e.permission)) {
      out.push(e);
    }
  }
  return out;
}
