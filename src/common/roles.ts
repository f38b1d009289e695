/** Staff roles (SPEC §2). Raters and the public have no accounts. */
export const ROLES = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'org_leader',
  'assessment_officer',
  'joint_office',
  'unit_admin',
  'cadre',
  'data_provider',
  'screen',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  org_leader: '组织部领导',
  assessment_officer: '干部科考察组',
  joint_office: '市联席办',
  unit_admin: '单位管理员',
  cadre: '干部本人',
  data_provider: '数据提供部门',
  screen: '大屏展示',
};

/** The three administrators of 三员分立: no account holds two of them, nor any other role beside one. */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** "The organization department" in the issues: its leaders and assessment officers. */
export const ORG_DEPT_ROLES: readonly Role[] = ['org_leader', 'assessment_officer'];

/** What scope a grant of the role needs. */
export const ROLE_SCOPE: Record<Role, 'none' | 'unit' | 'cadre' | 'department'> = {
  system_admin: 'none',
  security_admin: 'none',
  audit_admin: 'none',
  org_leader: 'none',
  assessment_officer: 'none',
  joint_office: 'none',
  unit_admin: 'unit',
  cadre: 'cadre',
  data_provider: 'department',
  screen: 'none',
};

/** Roles that must use a TOTP second factor in production mode. */
export const TOTP_REQUIRED_ROLES: readonly Role[] = [...ADMIN_ROLES, ...ORG_DEPT_ROLES];

export function isAdminRole(role: Role): boolean {
  return ADMIN_ROLES.includes(role);
}
