import { z } from 'zod';
import type { Permission } from '../permissions.ts';
import { ROLES, type Role } from '../roles.ts';
import type { Mode } from '../settings.ts';
import { PageQuery, Uuid } from './page.ts';

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

export interface RoleGrantView {
  role: Role;
  unitId: string | null;
  cadreId: string | null;
  department: string | null;
  scopeName?: string | null;
}

export type Pending = 'password_change' | 'totp_enrolment' | null;

export interface Me {
  user: { id: string; username: string; displayName: string; isDemo: boolean; totpEnabled: boolean };
  roles: RoleGrantView[];
  permissions: Permission[];
  pending: Pending;
  csrfToken: string;
  mode: Mode;
  /** Set after a password reset until the owner changes it: shown at login. */
  passwordReset: PasswordResetNotice | null;
}

export interface PasswordResetNotice {
  resetAt: string;
  /** Every login to the account since the reset, newest first (the current one included). */
  loginsSince: { at: string; clientIp: string | null; userAgent: string | null }[];
}

export type ResetOutcome =
  | { status: 'reset'; initialPassword: string }
  | { status: 'pending_approval'; requestId: string };

export const ResetListQuery = PageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
});

export interface PasswordResetView {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedAt: string;
  requestedByName: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
}

export type LoginResponse = { status: 'ok'; me: Me } | { status: 'totp'; challenge: string };

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  status: 'active' | 'disabled';
  roles: RoleGrantView[];
  lockedUntil: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  isDemo: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}
