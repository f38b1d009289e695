import { authApi, type UserView } from '../../../common/contracts/auth.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import { PERMISSIONS } from '../../../common/permissions.ts';
import { ROLE_LABELS, ROLE_SCOPE, ROLES } from '../../../common/roles.ts';
import type { Config } from '../../config.ts';
import { SESSION_COOKIE } from '../../http/error-handler.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { getSecurityPolicy } from '../system/settings.service.ts';
import * as accounts from './accounts.service.ts';
import { resetCan, userCan } from './auth.policy.ts';
import * as sessions from './sessions.service.ts';

const tags = ['auth 账号与角色'];

const managed = (ctx: Ctx, u: UserView) => ({ ...u, can: userCan(ctx.actor, u) });

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
  const clientMeta = (req: { headers: Record<string, string | string[] | undefined> }) => ({
    userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
  });

  routes(
    app,
    tags,
    authApi,
    {
      login: async ({ ctx, body, req, reply }) => {
        const out = await sessions.login(ctx, body, clientMeta(req));
        if (out.status === 'totp') return { status: 'totp' as const, challenge: out.challenge };
        reply.setCookie(SESSION_COOKIE, out.sessionToken, cookieOptions);
        return { status: 'ok' as const, me: out.me };
      },
      loginTotp: async ({ ctx, body, req, reply }) => {
        const out = await sessions.loginTotp(ctx, body, clientMeta(req));
        if (out.status !== 'ok') throw new AppError('TOTP_REQUIRED');
        reply.setCookie(SESSION_COOKIE, out.sessionToken, cookieOptions);
        return { status: 'ok' as const, me: out.me };
      },
      logout: async ({ ctx, req, reply }) => {
        if (req.session) await sessions.logout(ctx, req.session.idHash);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
      me: ({ req }) => {
        if (!req.session) throw new AppError(req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
        return req.session.me;
      },
      session: ({ req }) => ({ me: req.session?.me ?? null, expired: req.sessionExpired }),
      changePassword: async ({ ctx, body, req }) => {
        await sessions.changePassword(ctx, body, req.session!.idHash);
        return { ok: true };
      },
      totpEnrol: ({ ctx }) => sessions.startTotpEnrolment(ctx),
      totpConfirm: async ({ ctx, body }) => {
        await sessions.confirmTotpEnrolment(ctx, body.code);
        return { ok: true };
      },
      users: async ({ ctx, query }) => {
        const { page, pageSize, ...filter } = query;
        const out = await accounts.listUsers(ctx, filter, pageWindow(query));
        return { items: out.items.map((u) => managed(ctx, u)), total: out.total, page, pageSize };
      },
      createUser: async ({ ctx, body }) => {
        const out = await accounts.createUser(ctx, body);
        return { user: managed(ctx, out.user), initialPassword: out.initialPassword };
      },
      disable: async ({ ctx, params }) =>
        managed(ctx, await accounts.setUserStatus(ctx, params.id, 'disabled')),
      enable: async ({ ctx, params }) => managed(ctx, await accounts.setUserStatus(ctx, params.id, 'active')),
      resetPassword: async ({ ctx, params, reply }) => {
        const out = await accounts.resetPassword(ctx, params.id);
        if (out.status === 'pending_approval') reply.code(202);
        return out;
      },
      resets: async ({ ctx, query }) => {
        const { page, pageSize, status } = query;
        const out = await accounts.listResets(ctx, status, pageWindow(query));
        const items = out.items.map((r) => ({ ...r, can: resetCan(ctx.actor, r) }));
        return { items, total: out.total, page, pageSize };
      },
      approveReset: ({ ctx, params }) => accounts.approveReset(ctx, params.id),
      rejectReset: async ({ ctx, params }) => {
        await accounts.rejectReset(ctx, params.id);
        return { ok: true };
      },
      grantRole: async ({ ctx, params, body }) =>
        managed(ctx, await accounts.grantRole(ctx, params.id, body)),
      revokeRole: async ({ ctx, params }) =>
        managed(ctx, await accounts.revokeRole(ctx, params.id, params.role)),
      unlock: async ({ ctx, params }) => {
        await accounts.unlockUser(ctx, params.id);
        return { ok: true };
      },
      resetTotp: async ({ ctx, params }) => {
        await accounts.resetTotp(ctx, params.id);
        return { ok: true };
      },
      policy: ({ ctx }) => getSecurityPolicy(ctx.db),
      savePolicy: ({ ctx, body }) => accounts.updateSecurityPolicy(ctx, body),
      roles: () => ({
        roles: ROLES.map((r) => ({ role: r, label: ROLE_LABELS[r], scope: ROLE_SCOPE[r] })),
        permissions: PERMISSIONS,
      }),
    },
    {
      // Login attempts are limited per address and account name, on top of the lockout.
      login: {
        config: {
          rateLimit: {
            max: opts.config.loginRateLimit,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (req) =>
              `${req.ip}|${String((req.body as { username?: string } | undefined)?.username ?? '').toLowerCase()}`,
          },
        },
      },
      loginTotp: { config: { rateLimit: { max: opts.config.loginRateLimit, timeWindow: '1 minute' } } },
    },
  );
}
