import { ROLES, type Role } from './roles.ts';

/**
 * The permission matrix: which roles hold each permission. Every route declares one
 * permission (or 'public' / 'authenticated'); the server enforces it before validation,
 * and a test walks every route for every role against this table.
 * Finer rules (own unit, own record, secret plans) are enforced in each module's policy.
 */
export const PERMISSIONS = {
  // accounts (module auth)
  'auth.users.read': ['system_admin', 'security_admin', 'audit_admin'],
  'auth.users.manage': ['system_admin'],
  'auth.roles.manage': ['security_admin'],
  'auth.policy.manage': ['security_admin'],
  // audit chain
  'audit.read': ['audit_admin'],
  // platform
  'system.jobs.read': ['system_admin'],
  'system.settings.manage': ['system_admin'],
  // organisation registry: the directory (name, unit, post) is not assessment content
  'org.directory.read': [
    'system_admin',
    'security_admin',
    'org_leader',
    'assessment_officer',
    'joint_office',
    'unit_admin',
    'cadre',
  ],
  'org.read': ['org_leader', 'assessment_officer', 'joint_office', 'unit_admin', 'cadre'],
  'org.manage': ['org_leader', 'assessment_officer'],
  'org.division.edit': ['org_leader', 'assessment_officer', 'unit_admin'],
  'org.periods.manage': ['org_leader'],
  'org.calendar.manage': ['org_leader', 'assessment_officer', 'joint_office'],
  'org.timeline.read': ['org_leader', 'assessment_officer', 'unit_admin', 'cadre'],
  'org.import': ['org_leader', 'assessment_officer'],
  'org.export': ['org_leader', 'assessment_officer', 'joint_office'],
  'evidence.upload': ['org_leader', 'assessment_officer', 'joint_office', 'unit_admin', 'cadre'],
  'evidence.read': ['org_leader', 'assessment_officer', 'joint_office', 'unit_admin', 'cadre'],
  'todo.read': [
    'org_leader',
    'assessment_officer',
    'joint_office',
    'unit_admin',
    'cadre',
    'data_provider',
    // 密码重置审批 waits on the security administrator.
    'security_admin',
  ],
  // 走进一线看实绩 (module delivery)
  'delivery.read': ['org_leader', 'assessment_officer', 'unit_admin', 'cadre'],
  'delivery.draft': ['org_leader', 'assessment_officer', 'unit_admin', 'cadre'],
  'delivery.confirm': ['org_leader'],
  'delivery.amend': ['org_leader', 'assessment_officer'],
  'delivery.report': ['unit_admin', 'cadre'],
  'delivery.verify': ['org_leader', 'assessment_officer'],
  'delivery.respond': ['unit_admin', 'cadre'],
  'delivery.decide': ['org_leader'],
  'delivery.stats': ['org_leader', 'assessment_officer', 'joint_office'],
  // 走进群众听民意 (module opinion): results and entries are assessment content of the department
  'opinion.read': ['org_leader', 'assessment_officer'],
  'opinion.manage': ['org_leader', 'assessment_officer'],
  'opinion.visits.read': ['org_leader', 'assessment_officer'],
  'opinion.visits.write': ['org_leader', 'assessment_officer'],
  // 走进现场察担当 (module scene): observations are assessment content; a cadre sees their own once released
  'scene.read': ['org_leader', 'assessment_officer'],
  'scene.record': ['org_leader', 'assessment_officer'],
  'scene.decide': ['org_leader'],
  'scene.self': ['cadre'],
  'scene.stats': ['org_leader', 'assessment_officer', 'joint_office'],
  // 与重点工作同步评估 (module keywork): the joint office runs key tasks, the lead unit reports;
  // inspections and special assessments are the department's (a unit sees its cadres' once concluded)
  'keywork.read': ['org_leader', 'assessment_officer', 'joint_office', 'unit_admin'],
  'keywork.manage': ['joint_office'],
  'keywork.meetings.write': ['org_leader', 'assessment_officer', 'joint_office'],
  'keywork.attend': ['org_leader', 'assessment_officer'],
  'keywork.report': ['unit_admin'],
  'keywork.rules.read': ['org_leader', 'assessment_officer', 'joint_office'],
  'keywork.rules.manage': ['org_leader'],
  'keywork.inspect': ['org_leader', 'assessment_officer'],
  'keywork.inspections.read': ['org_leader', 'assessment_officer', 'unit_admin'],
  'keywork.chain': ['org_leader', 'assessment_officer', 'unit_admin'],
  'keywork.assess': ['org_leader', 'assessment_officer'],
  'keywork.decide': ['org_leader'],
  // 与经济运行同步诊断 (module economy): economic figures are shared with the joint office; KPIs of
  // cadres, alerts and interviews are assessment content of the department
  'economy.catalog.read': ['org_leader', 'assessment_officer', 'joint_office', 'data_provider'],
  'economy.catalog.manage': ['org_leader', 'assessment_officer', 'joint_office'],
  'economy.read': ['org_leader', 'assessment_officer', 'joint_office'],
  'economy.feed': ['joint_office', 'data_provider'],
  'economy.keys.manage': ['joint_office'],
  'economy.assess': ['org_leader', 'assessment_officer'],
  'economy.configure': ['org_leader', 'assessment_officer'],
  'economy.review': ['org_leader', 'assessment_officer'],
  // 与个体成长同步解析 (module growth): contributions are assessment content of the department; a
  // cadre sees their own once a leader releases the quarter; the lead unit declares shares
  'growth.read': ['org_leader', 'assessment_officer'],
  'growth.manage': ['org_leader', 'assessment_officer'],
  'growth.decide': ['org_leader'],
  'growth.declare': ['unit_admin'],
  'growth.shares': ['org_leader', 'assessment_officer', 'unit_admin', 'cadre'],
  'growth.self': ['org_leader', 'assessment_officer', 'cadre'],
  // 一人一策 (module development): plans are the department's; a cadre reads their own plan, and a
  // cadre named as mentor reads and reviews that plan alone (a scope granted by the plan, see its policy)
  'development.read': ['org_leader', 'assessment_officer', 'cadre'],
  'development.manage': ['org_leader', 'assessment_officer'],
  'development.mentor': ['org_leader', 'assessment_officer', 'cadre'],
  'development.decide': ['org_leader'],
  // 一事一奖 (module rewards): units apply for their cadres and answer 会签 opinions asked of them;
  // the organization department reviews and awards, its leaders approve
  'rewards.read': ['org_leader', 'assessment_officer', 'unit_admin'],
  'rewards.apply': ['unit_admin'],
  'rewards.opinion': ['unit_admin'],
  'rewards.review': ['org_leader', 'assessment_officer'],
  'rewards.approve': ['org_leader'],
  'rewards.board': ['org_leader', 'assessment_officer'],
  // 实绩象限 and 季度微调 (module quadrant): placements, candidates and personnel decisions are the
  // department's; the 部务会 (a leader) adopts and decides; a cadre sees their own zone history once
  // a leader releases the quarter, and the decisions about them
  'quadrant.read': ['org_leader', 'assessment_officer'],
  'quadrant.manage': ['org_leader', 'assessment_officer'],
  'quadrant.decide': ['org_leader'],
  'quadrant.self': ['org_leader', 'assessment_officer', 'cadre'],
  // 干部画像 (module profile): the department reads every cadre's, a unit administrator the delivery part
  // of its own unit's cadres, a cadre their own released parts (see profile.policy)
  'profile.read': ['org_leader', 'assessment_officer', 'unit_admin', 'cadre'],
  // 考察材料与报告 (module reports): the department drafts and edits a cadre's 考察材料, a leader
  // finalises and releases it; a cadre reads their own once released; the period report is the department's
  'reports.read': ['org_leader', 'assessment_officer', 'cadre'],
  'reports.draft': ['org_leader', 'assessment_officer'],
  'reports.finalise': ['org_leader'],
  'reports.period': ['org_leader', 'assessment_officer'],
  // 综合看板 and the big screen (module dashboard): aggregates only; the kiosk account reads nothing else
  'dashboard.screen': ['org_leader', 'assessment_officer', 'screen'],
  // the shared import engine; each kind of import checks its own permission as well
  'imports.use': ['org_leader', 'assessment_officer', 'joint_office', 'unit_admin', 'data_provider'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
/** What a route declares: a permission, or one of the two open levels. */
export type RouteAccess = Permission | 'public' | 'authenticated';

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roles.some((r) => roleHas(r, p)));
}

export function allRoles(): readonly Role[] {
  return ROLES;
}
