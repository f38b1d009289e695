import {
  AimOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  CommentOutlined,
  FileTextOutlined,
  FlagOutlined,
  HomeOutlined,
  IdcardOutlined,
  LineChartOutlined,
  ProfileOutlined,
  RiseOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../common/permissions.ts';
import type { Role } from '../common/roles.ts';

export interface MenuEntry {
  path: string;
  label: string;
  icon?: ReactNode;
  /** Shown to whoever holds it; undefined = every logged-in user. */
  permission?: Permission;
  /** Shown only to holders of this role (e.g. a cadre's own record). */
  role?: Role;
  children?: MenuEntry[];
}

/** The module menu. Only modules that are built appear; each item shows only to its roles. */
export const MENU: MenuEntry[] = [
  { path: '/', label: '首页', icon: <HomeOutlined /> },
  { path: '/dashboard', label: '综合看板', icon: <LineChartOutlined />, permission: 'dashboard.screen' },
  { path: '/todo', label: '我的待办', icon: <CheckSquareOutlined />, permission: 'todo.read' },
  { path: '/me', label: '我的档案', icon: <IdcardOutlined />, role: 'cadre' },
  { path: '/profile/me', label: '我的画像', icon: <ProfileOutlined />, role: 'cadre' },
  {
    path: '/delivery',
    label: '一线实绩',
    icon: <FlagOutlined />,
    children: [
      { path: '/delivery/lists', label: '年度干事清单', permission: 'delivery.read' },
      { path: '/delivery/plans', label: '对账考察', permission: 'delivery.verify' },
      { path: '/delivery/findings', label: '考察发现', permission: 'delivery.read' },
      { path: '/delivery/rectifications', label: '整改看板', permission: 'delivery.read' },
      { path: '/delivery/stats', label: '统计与报告', permission: 'delivery.stats' },
    ],
  },
  {
    path: '/scene',
    label: '现场担当',
    icon: <ThunderboltOutlined />,
    children: [
      { path: '/scene/activities', label: '现场考察活动', permission: 'scene.read' },
      { path: '/scene/nominations', label: '担当作为推荐', permission: 'scene.read' },
      { path: '/scene/stats', label: '统计', permission: 'scene.stats' },
      { path: '/scene/mine', label: '我的现场考察', permission: 'scene.self' },
    ],
  },
  {
    path: '/keywork',
    label: '重点工作',
    icon: <AimOutlined />,
    children: [
      { path: '/keywork/tasks', label: '重点任务看板', permission: 'keywork.read' },
      { path: '/keywork/meetings', label: '任务会议与列席', permission: 'keywork.read' },
      { path: '/keywork/inbox', label: '触发收件箱', permission: 'keywork.inspect' },
      { path: '/keywork/inspections', label: '定向考察记录', permission: 'keywork.inspections.read' },
      { path: '/keywork/assessments', label: '专项研判', permission: 'keywork.assess' },
    ],
  },
  {
    path: '/growth',
    label: '个体成长',
    icon: <RiseOutlined />,
    children: [
      { path: '/growth', label: '个体成长解析', permission: 'growth.read' },
      { path: '/growth/shares', label: '同一任务贡献份额', permission: 'growth.shares' },
      { path: '/growth/outstanding', label: '脱颖而出', permission: 'growth.read' },
      { path: '/growth/me', label: '我的成长解析', role: 'cadre' },
    ],
  },
  {
    path: '/quadrant',
    label: '季度微调',
    icon: <AppstoreOutlined />,
    children: [
      { path: '/quadrant', label: '实绩象限', permission: 'quadrant.read' },
      { path: '/quadrant/recommendations', label: '人选建议', permission: 'quadrant.read' },
      { path: '/quadrant/decisions', label: '人事决定', permission: 'quadrant.read' },
      { path: '/quadrant/settings', label: '象限设置', permission: 'quadrant.read' },
      { path: '/quadrant/me', label: '我的象限', role: 'cadre' },
    ],
  },
  {
    path: '/development',
    label: '一人一策',
    icon: <SolutionOutlined />,
    children: [
      { path: '/development/plans', label: '培养计划', permission: 'development.manage' },
      { path: '/development/suggestions', label: '一人一策建议', permission: 'development.manage' },
      { path: '/development/mine', label: '我的培养计划', role: 'cadre' },
      { path: '/development/mentoring', label: '我帮带的计划', role: 'cadre' },
    ],
  },
  {
    path: '/rewards',
    label: '一事一奖',
    icon: <TrophyOutlined />,
    children: [
      { path: '/rewards/applications', label: '奖励申报', permission: 'rewards.read' },
      { path: '/rewards/board', label: '环节看板', permission: 'rewards.board' },
      { path: '/rewards/stats', label: '批次统计', permission: 'rewards.board' },
      { path: '/rewards/awards', label: '已兑现奖励', permission: 'rewards.read' },
    ],
  },
  {
    path: '/reports',
    label: '考察材料',
    icon: <FileTextOutlined />,
    children: [
      { path: '/reports', label: '干部考察材料', permission: 'reports.draft' },
      { path: '/reports/period', label: '阶段工作报告', permission: 'reports.period' },
      { path: '/reports', label: '我的考察材料', role: 'cadre' },
    ],
  },
  {
    path: '/opinion',
    label: '群众口碑',
    icon: <CommentOutlined />,
    children: [
      { path: '/opinion/campaigns', label: '测评活动', permission: 'opinion.read' },
      { path: '/opinion/entries', label: '评价内容', permission: 'opinion.read' },
      { path: '/opinion/visits', label: '包联走访', permission: 'opinion.visits.read' },
      { path: '/opinion/field-time', label: '一线时间', permission: 'opinion.visits.read' },
    ],
  },
  {
    path: 'economy',
    label: '经济运行',
    icon: <LineChartOutlined />,
    children: [
      { path: '/economy', label: '指标曲线', permission: 'economy.read' },
      { path: '/economy/catalog', label: '指标目录', permission: 'economy.catalog.read' },
      { path: '/economy/feeds', label: '数据报送', permission: 'economy.feed' },
      { path: '/economy/kpis', label: '差异化评价', permission: 'economy.assess' },
      { path: '/economy/alerts', label: '预警研判', permission: 'economy.review' },
      { path: '/economy/interviews', label: '约谈记录', permission: 'economy.review' },
      { path: '/economy/forensics', label: '数据体检', permission: 'economy.read' },
      { path: '/economy/rules', label: '预警规则', permission: 'economy.configure' },
    ],
  },
  {
    path: '/org',
    label: '组织机构',
    icon: <ClusterOutlined />,
    children: [
      { path: '/org/units', label: '单位与编组', permission: 'org.read' },
      { path: '/org/cadres', label: '干部名册', permission: 'org.read' },
      { path: '/org/dict', label: '字典管理', permission: 'org.manage' },
      { path: '/org/periods', label: '考核期', permission: 'org.manage' },
      { path: '/org/calendar', label: '工作日历', permission: 'org.read' },
    ],
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
  {
    path: '/system/settings',
    label: '系统设置',
    icon: <SettingOutlined />,
    permission: 'system.settings.manage',
  },
];

export const ACCOUNT_ICON = <SafetyOutlined />;

/** The menu as one person sees it: entries they may open, and groups that keep a child. */
export function visibleMenu(
  can: (p: Permission) => boolean,
  roles: readonly Role[],
  entries: MenuEntry[] = MENU,
): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const e of entries) {
    if (e.children) {
      const kids = visibleMenu(can, roles, e.children);
      if (kids.length) out.push({ ...e, children: kids });
    } else if ((!e.permission || can(e.permission)) && (!e.role || roles.includes(e.role))) {
      out.push(e);
    }
  }
  return out;
}
