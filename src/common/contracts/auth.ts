import { z } from 'zod';
import { canFlags, endpoint, Instant, pageOf } from '../api.ts';
import { PERMISSIONS, type Permission } from '../permissions.ts';
import { ROLES } from '../roles.ts';
import { SecurityPolicy } from '../settings.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

export const Username = z
  .string()
  .trim()
  .min(3, '用户名至少 3 个字符')
  .max(32, '用户名不能超过 32 个字符')
  .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字和 _ . -');

export const LoginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});

export const TotpLoginBody = z.object({
  challenge: z.string().min(16).max(128),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '动态验证码为 6 位数字'),
});

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(256),
  newPassword: z.string().min(1, '请输入新密码').max(256),
});

export const TotpConfirmBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '动态验证码为 6 位数字'),
});

export const CreateUserBody = z.object({
  username: Username,
  displayName: z.string().trim().min(1, '请输入姓名').max(50),
});

export const GrantRoleBody = z.object({
  role: z.enum(ROLES, { message: '角色不存在' }),
  unitId: Uuid.optional(),
  cadreId: Uuid.optional(),
  department: z.string().trim().min(1).max(50).optional(),
});

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(50).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const UserRoleParams = z.object({ id: Uuid, role: z.enum(ROLES, { message: '角色不存在' }) });

export const ResetListQuery = PageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
});

/** 账号与角色 (module auth): the contract. */

export const AUTH_ERRORS = {
  AUTH_TOTP_ALREADY_ENABLED: { status: 409, message: '已绑定动态验证码；如需更换请联系安全管理员重置' },
  AUTH_TOTP_NOT_STARTED: { status: 409, message: '请先开始绑定动态验证码' },
} as const;

const PermissionName = z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]);

export const RoleGrantView = z.object({
  role: z.enum(ROLES),
  unitId: z.string().nullable(),
  cadreId: z.string().nullable(),
  department: z.string().nullable(),
  scopeName: z.string().nullable().optional(),
});
export type RoleGrantView = z.output<typeof RoleGrantView>;

export const Pending = z.enum(['password_change', 'totp_enrolment']).nullable();
export type Pending = z.output<typeof Pending>;

/** Set after a password reset until the owner changes it: shown at login. */
export const PasswordResetNotice = z.object({
  /** ISO time of the reset. */
  resetAt: z.string(),
  /** Every login to the account since the reset, newest first (the current one included). */
  loginsSince: z.array(
    z.object({ at: z.string(), clientIp: z.string().nullable(), userAgent: z.string().nullable() }),
  ),
});
export type PasswordResetNotice = z.output<typeof PasswordResetNotice>;

/** Who is logged in: the account, its roles and permissions, and what it must do first. */
export const Me = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    isDemo: z.boolean(),
    totpEnabled: z.boolean(),
  }),
  roles: z.array(RoleGrantView),
  permissions: z.array(PermissionName),
  pending: Pending,
  csrfToken: z.string(),
  mode: z.enum(['demo', 'production']),
  passwordReset: PasswordResetNotice.nullable(),
});
export type Me = z.output<typeof Me>;

export const LoginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), me: Me }),
  z.object({ status: z.literal('totp'), challenge: z.string() }),
]);
export type LoginResponse = z.output<typeof LoginResponse>;

export const ResetOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('reset'), initialPassword: z.string() }),
  z.object({ status: z.literal('pending_approval'), requestId: z.string() }),
]);
export type ResetOutcome = z.output<typeof ResetOutcome>;

export const PasswordResetView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedAt: Instant,
  requestedByName: z.string().nullable(),
  decidedAt: Instant.nullable(),
  decidedByName: z.string().nullable(),
});
export type PasswordResetView = z.output<typeof PasswordResetView>;

/** A reset request in the list, with whether the current user may decide it. */
export const ResetRequestView = PasswordResetView.extend({ can: canFlags('approve', 'reject') });

/** An account as the service builds it. */
export const UserData = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  roles: z.array(RoleGrantView),
  lockedUntil: Instant.nullable(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  isDemo: z.boolean(),
  lastLoginAt: Instant.nullable(),
  createdAt: Instant,
});
export type UserView = z.output<typeof UserData>;

/** An account in the administrators' list, with what the current administrator may do to it. */
export const ManagedUser = UserData.extend({
  can: canFlags('disable', 'enable', 'resetPassword', 'grantRole', 'revokeRole', 'unlock', 'resetTotp'),
});

const Ok = z.object({ ok: z.boolean() });

export const authApi = {
  login: endpoint({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    summary: '登录（用户名和密码）',
    body: LoginBody,
    response: LoginResponse,
  }),
  loginTotp: endpoint({
    method: 'POST',
    path: '/api/auth/login/totp',
    access: 'public',
    summary: '登录第二步（动态验证码）',
    body: TotpLoginBody,
    response: LoginResponse,
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'authenticated',
    allowPending: true,
    summary: '退出登录',
    response: Ok,
  }),
  // Public so that the web app's "am I logged in?" probe is not logged as a refused access.
  me: endpoint({
    method: 'GET',
    path: '/api/auth/me',
    access: 'public',
    summary: '当前登录信息',
    response: Me,
  }),
  // What the web app asks first: whether anyone is logged in, answered without an error either way.
  session: endpoint({
    method: 'GET',
    path: '/api/auth/session',
    access: 'public',
    summary: '当前会话（未登录时为空）',
    response: z.object({ me: Me.nullable(), expired: z.boolean() }),
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/auth/password',
    access: 'authenticated',
    allowPending: true,
    summary: '修改自己的密码',
    body: ChangePasswordBody,
    response: Ok,
  }),
  totpEnrol: endpoint({
    method: 'POST',
    path: '/api/auth/totp/enrol',
    access: 'authenticated',
    allowPending: true,
    summary: '开始绑定动态验证码',
    response: z.object({ secret: z.string(), uri: z.string(), qr: z.string() }),
  }),
  totpConfirm: endpoint({
    method: 'POST',
    path: '/api/auth/totp/confirm',
    access: 'authenticated',
    allowPending: true,
    summary: '确认绑定动态验证码',
    body: TotpConfirmBody,
    response: Ok,
  }),
  users: endpoint({
    method: 'GET',
    path: '/api/auth/users',
    access: 'auth.users.read',
    summary: '账号列表',
    query: UserListQuery,
    response: pageOf(ManagedUser),
  }),
  createUser: endpoint({
    method: 'POST',
    path: '/api/auth/users',
    access: 'auth.users.manage',
    summary: '创建账号',
    body: CreateUserBody,
    status: 201,
    response: z.object({ user: ManagedUser, initialPassword: z.string() }),
  }),
  disable: endpoint({
    method: 'POST',
    path: '/api/auth/users/:id/disable',
    access: 'auth.users.manage',
    summary: '停用账号',
    params: IdParams,
    response: ManagedUser,
  }),
  enable: endpoint({
    method: 'POST',
    path: '/api/auth/users/:id/enable',
    access: 'auth.users.manage',
    summary: '启用账号',
    params: IdParams,
    response: ManagedUser,
  }),
  /** 200 with the new password, or 202 when the reset waits for the security administrator. */
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/auth/users/:id/reset-password',
    access: 'auth.users.manage',
    summary: '重置密码（持考核角色的账号须安全管理员审批）',
    params: IdParams,
    alsoStatus: 202,
    response: ResetOutcome,
  }),
  resets: endpoint({
    method: 'GET',
    path: '/api/auth/password-resets',
    access: 'auth.users.read',
    summary: '密码重置申请',
    query: ResetListQuery,
    response: pageOf(ResetRequestView),
  }),
  approveReset: endpoint({
    method: 'POST',
    path: '/api/auth/password-resets/:id/approve',
    access: 'auth.policy.manage',
    summary: '批准密码重置（新密码仅显示一次）',
    params: IdParams,
    response: z.object({ initialPassword: z.string() }),
  }),
  rejectReset: endpoint({
    method: 'POST',
    path: '/api/auth/password-resets/:id/reject',
    access: 'auth.policy.manage',
    summary: '驳回密码重置',
    params: IdParams,
    response: Ok,
  }),
  grantRole: endpoint({
    method: 'POST',
    path: '/api/auth/users/:id/roles',
    access: 'auth.roles.manage',
    summary: '授予角色',
    params: IdParams,
    body: GrantRoleBody,
    response: ManagedUser,
  }),
  revokeRole: endpoint({
    method: 'DELETE',
    path: '/api/auth/users/:id/roles/:role',
    access: 'auth.roles.manage',
    summary: '撤销角色',
    params: UserRoleParams,
    response: ManagedUser,
  }),
  unlock: endpoint({
    method: 'POST',
    path: '/api/auth/users/:id/unlock',
    access: 'auth.policy.manage',
    summary: '解除登录锁定',
    params: IdParams,
    response: Ok,
  }),
  resetTotp: endpoint({
    method: 'POST',
    path: '/api/auth/users/:id/reset-totp',
    access: 'auth.policy.manage',
    summary: '重置动态验证码绑定',
    params: IdParams,
    response: Ok,
  }),
  policy: endpoint({
    method: 'GET',
    path: '/api/auth/policy',
    access: 'auth.policy.manage',
    summary: '密码与锁定策略',
    response: SecurityPolicy,
  }),
  savePolicy: endpoint({
    method: 'PUT',
    path: '/api/auth/policy',
    access: 'auth.policy.manage',
    summary: '修改密码与锁定策略',
    body: SecurityPolicy,
    response: SecurityPolicy,
  }),
  roles: endpoint({
    method: 'GET',
    path: '/api/auth/roles',
    access: 'auth.users.read',
    summary: '角色与权限矩阵',
    response: z.object({
      roles: z.array(
        z.object({
          role: z.enum(ROLES),
          label: z.string(),
          scope: z.enum(['none', 'unit', 'cadre', 'department']),
        }),
      ),
      permissions: z.record(z.string(), z.array(z.enum(ROLES)).readonly()),
    }),
  }),
};
