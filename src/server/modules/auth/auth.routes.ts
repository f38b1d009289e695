import {
  ChangePasswordBody,
  CreateUserBody,
  GrantRoleBody,
  LoginBody,
  ResetListQuery,
  TotpConfirmBody,
  TotpLoginBody,
  UserListQuery,
  UserRoleParams,
} from '../../../common/contracts/auth.ts';
import { IdParams, pageWindow } from '../../../common/contracts/page.ts';
import { PERMISSIONS } from '../../../common/permissions.ts';
import { ROLE_LABELS, ROLE_SCOPE, ROLES } from '../../../common/roles.ts';
import { SecurityPolicy } from '../../../common/settings.ts';
import type { Config } from '../../config.ts';
import { SESSION_COOKIE } from '../../http/error-handler.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import { getSecurityPolicy } from '../system/settings.service.ts';
import * as auth from './auth.service.ts';

const tags = ['auth 账号与角色'];

export async function authRoutes(
  app: App,
  opts: { config: Pick<Config, 'secureCookies' | 'loginRateLimit'> },
) {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: opts.config.secureCookies,
  };
  // Login attempts are limited per address and account name, on top of the lockout.
  const loginLimit = {
    max: opts.config.loginRateLimit,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (req: { ip: string; body?: unknown }) =>
      `${req.ip}|${String((req.body as { username?: string } | undefined)?.username ?? '').toLowerCase()}`,
  };

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: loginLimit },
      schema: { tags, summary: '登录（用户名和密码）', body: LoginBody },
    },
    async (req, reply) => {
      const out = await auth.login(req.ctx, req.body, { userAgent: req.headers['user-agent'] ?? null });
      if (out.status === 'totp') return { status: 'totp', challenge: out.challenge };
      reply.setCookie(SESSION_COOKIE, out.sessionToken, cookieOptions);
      return { status: 'ok', me: out.me };
    },
  );

  app.post(
    '/api/auth/login/totp',
    {
      config: { access: 'public', rateLimit: { max: opts.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags, summary: '登录第二步（动态验证码）', body: TotpLoginBody },
    },
    async (req, reply) => {
      const out = await auth.loginTotp(req.ctx, req.body, { userAgent: req.headers['user-agent'] ?? null });
      if (out.status !== 'ok') throw new AppError('TOTP_REQUIRED');
      reply.setCookie(SESSION_COOKIE, out.sessionToken, cookieOptions);
      return { status: 'ok', me: out.me };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'authenticated', allowPending: true }, schema: { tags, summary: '退出登录' } },
    async (req, reply) => {
      if (req.session) await auth.logout(req.ctx, req.session.idHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  // Public so that the web app's "am I logged in?" probe is not logged as a refused access.
  app.get(
    '/api/auth/me',
    { config: { access: 'public' }, schema: { tags, summary: '当前登录信息' } },
    async (req) => {
      if (!req.session) throw new AppError(req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
      return req.session.me;
    },
  );

  // What the web app asks first: whether anyone is logged in, answered without an error either way
  // (a visitor on the login page is not a refused request).
  app.get(
    '/api/auth/session',
    { config: { access: 'public' }, schema: { tags, summary: '当前会话（未登录时为空）' } },
    async (req) => ({ me: req.session?.me ?? null, expired: req.sessionExpired }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated', allowPending: true },
      schema: { tags, summary: '修改自己的密码', body: ChangePasswordBody },
    },
    async (req) => {
      await auth.changePassword(req.ctx, req.body, req.session!.idHash);
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/totp/enrol',
    {
      config: { access: 'authenticated', allowPending: true },
      schema: { tags, summary: '开始绑定动态验证码' },
    },
    async (req) => auth.startTotpEnrolment(req.ctx),
  );

  app.post(
    '/api/auth/totp/confirm',
    {
      config: { access: 'authenticated', allowPending: true },
      schema: { tags, summary: '确认绑定动态验证码', body: TotpConfirmBody },
    },
    async (req) => {
      await auth.confirmTotpEnrolment(req.ctx, req.body.code);
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/users',
    {
      config: { access: 'auth.users.read' },
      schema: { tags, summary: '账号列表', querystring: UserListQuery },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const out = await auth.listUsers(req.ctx, filter, pageWindow(req.query));
      return { ...out, page, pageSize };
    },
  );

  app.post(
    '/api/auth/users',
    { config: { access: 'auth.users.manage' }, schema: { tags, summary: '创建账号', body: CreateUserBody } },
    async (req, reply) => {
      reply.status(201);
      return auth.createUser(req.ctx, req.body);
    },
  );

  app.post(
    '/api/auth/users/:id/disable',
    { config: { access: 'auth.users.manage' }, schema: { tags, summary: '停用账号', params: IdParams } },
    async (req) => auth.setUserStatus(req.ctx, req.params.id, 'disabled'),
  );

  app.post(
    '/api/auth/users/:id/enable',
    { config: { access: 'auth.users.manage' }, schema: { tags, summary: '启用账号', params: IdParams } },
    async (req) => auth.setUserStatus(req.ctx, req.params.id, 'active'),
  );

  app.post(
    '/api/auth/users/:id/reset-password',
    {
      config: { access: 'auth.users.manage' },
      schema: { tags, summary: '重置密码（持考核角色的账号须安全管理员审批）', params: IdParams },
    },
    async (req, reply) => {
      const out = await auth.resetPassword(req.ctx, req.params.id);
      if (out.status === 'pending_approval') reply.status(202);
      return out;
    },
  );

  app.get(
    '/api/auth/password-resets',
    {
      config: { access: 'auth.users.read' },
      schema: { tags, summary: '密码重置申请', querystring: ResetListQuery },
    },
    async (req) => {
      const { page, pageSize, status } = req.query;
      const out = await auth.listResets(req.ctx, status, pageWindow(req.query));
      return { ...out, page, pageSize };
    },
  );

  app.post(
    '/api/auth/password-resets/:id/approve',
    {
      config: { access: 'auth.policy.manage' },
      schema: { tags, summary: '批准密码重置（新密码仅显示一次）', params: IdParams },
    },
    async (req) => auth.approveReset(req.ctx, req.params.id),
  );

  app.post(
    '/api/auth/password-resets/:id/reject',
    {
      config: { access: 'auth.policy.manage' },
      schema: { tags, summary: '驳回密码重置', params: IdParams },
    },
    async (req) => {
      await auth.rejectReset(req.ctx, req.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/users/:id/roles',
    {
      config: { access: 'auth.roles.manage' },
      schema: { tags, summary: '授予角色', params: IdParams, body: GrantRoleBody },
    },
    async (req) => auth.grantRole(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/auth/users/:id/roles/:role',
    {
      config: { access: 'auth.roles.manage' },
      schema: { tags, summary: '撤销角色', params: UserRoleParams },
    },
    async (req) => auth.revokeRole(req.ctx, req.params.id, req.params.role),
  );

  app.post(
    '/api/auth/users/:id/unlock',
    { config: { access: 'auth.policy.manage' }, schema: { tags, summary: '解除登录锁定', params: IdParams } },
    async (req) => {
      await auth.unlockUser(req.ctx, req.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/users/:id/reset-totp',
    {
      config: { access: 'auth.policy.manage' },
      schema: { tags, summary: '重置动态验证码绑定', params: IdParams },
    },
    async (req) => {
      await auth.resetTotp(req.ctx, req.params.id);
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/policy',
    { config: { access: 'auth.policy.manage' }, schema: { tags, summary: '密码与锁定策略' } },
    async (req) => getSecurityPolicy(req.ctx.db),
  );

  app.put(
    '/api/auth/policy',
    {
      config: { access: 'auth.policy.manage' },
      schema: { tags, summary: '修改密码与锁定策略', body: SecurityPolicy },
    },
    async (req) => auth.updateSecurityPolicy(req.ctx, req.body),
  );

  app.get(
    '/api/auth/roles',
    { config: { access: 'auth.users.read' }, schema: { tags, summary: '角色与权限矩阵' } },
    async () => ({
      roles: ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r], scope: ROLE_SCOPE[r] })),
      permissions: PERMISSIONS,
    }),
  );
}
