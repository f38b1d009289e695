import type { PasswordResetView, UserView } from '../../../common/contracts/auth.ts';
import { type Permission, roleHas } from '../../../common/permissions.ts';
import {
  ADMIN_ROLES,
  isAdminRole,
  ROLE_SCOPE,
  type Role,
  TOTP_REQUIRED_ROLES,
} from '../../../common/roles.ts';
import type { Mode } from '../../../common/settings.ts';
import type { Actor, RoleGrant } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * 三员分立: the system, security and audit administrators are three different people, and
 * none of them holds any other role. Throws when granting `role` to an account holding
 * `current` would break that.
 */
export function assertSeparationOfDuties(current: readonly RoleGrant[], role: Role): void {
  const held = current.map((g) => g.role).filter((r) => r !== role);
  if (held.length === 0) return;
  if (isAdminRole(role)) {
    throw new AppError(
      'SEPARATION_OF_DUTIES',
      `该账号已有其他角色，不能再授予${ADMIN_LABEL[role] ?? '管理员'}角色（三员分立）`,
    );
  }
  if (held.some(isAdminRole)) {
    throw new AppError('SEPARATION_OF_DUTIES', '该账号是三员之一，不能再授予其他角色（三员分立）');
  }
}

const ADMIN_LABEL: Partial<Record<Role, string>> = {
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

/** The scope fields a grant of `role` must carry, and no others. */
export function assertGrantScope(
  role: Role,
  scope: { unitId?: string; cadreId?: string; department?: string },
): void {
  const need = ROLE_SCOPE[role];
  const missing =
    (need === 'unit' && !scope.unitId) ||
    (need === 'cadre' && !scope.cadreId) ||
    (need === 'department' && !scope.department);
  if (missing) {
    const what = { unit: '所管理的单位', cadre: '对应的干部档案', department: '所属数据部门', none: '' }[
      need
    ];
    throw new AppError('VALIDATION_FAILED', `授予该角色须指定${what}`);
  }
  // An organization-department member may be linked to their own cadre record (the leader of a
  // liaison group is one); other roles take no scope they do not need.
  const optionalCadre = role === 'org_leader' || role === 'assessment_officer';
  const extra =
    (need !== 'unit' && scope.unitId) ||
    (need !== 'cadre' && !optionalCadre && scope.cadreId) ||
    (need !== 'department' && scope.department);
  if (extra) throw new AppError('VALIDATION_FAILED', '该角色不需要指定单位、干部或部门范围');
}

/** Whether an account with these roles must use a second factor in this mode. */
export function totpRequired(mode: Mode, grants: readonly RoleGrant[]): boolean {
  return mode === 'production' && grants.some((g) => TOTP_REQUIRED_ROLES.includes(g.role));
}

export { ADMIN_ROLES };

/** What the acting administrator may do to an account (nothing to their own, which has its own pages). */
export function userCan(actor: Actor | null, u: UserView) {
  const may = (p: Permission) => !!actor && actor.grants.some((g) => roleHas(g.role, p));
  const other = !!actor && actor.userId !== u.id;
  const manage = other && may('auth.users.manage');
  const roles = other && may('auth.roles.manage');
  const policy = other && may('auth.policy.manage');
  return {
    disable: manage && u.status === 'active',
    enable: manage && u.status === 'disabled',
    resetPassword: manage,
    grantRole: roles,
    revokeRole: roles,
    unlock: policy && !!u.lockedUntil,
    resetTotp: policy && u.totpEnabled,
  };
}

/** Whether the current user may decide a reset request: a security administrator, not for their own account. */
export function resetCan(actor: Actor | null, r: PasswordResetView) {
  const decide =
    !!actor &&
    actor.userId !== r.userId &&
    r.status === 'pending' &&
    actor.grants.some((g) => roleHas(g.role, 'auth.policy.manage'));
  return { approve: decide, reject: decide };
}
