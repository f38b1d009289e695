import type { FastifyRequest } from 'fastify';
import { type Permission, type RouteAccess, roleHas } from '../../common/permissions.ts';
import type { Deps } from '../lib/context.ts';
import { AppError } from '../lib/errors.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import { resolveSession } from '../modules/auth/sessions.service.ts';
import { SESSION_COOKIE } from './error-handler.ts';
import type { App } from './types.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
  allowPending: boolean;
  /** The route's Zod schemas (params, querystring, body, response by status). */
  schema: { params?: unknown; querystring?: unknown; body?: unknown; response?: Record<number, unknown> };
}

const tables = new WeakMap<object, RouteEntry[]>();

/** Every API route with the access it declares (the permission test walks this list). */
export function routeTable(app: App): RouteEntry[] {
  return tables.get(app) ?? [];
}

/**
 * Authentication, CSRF and the permission each route declares, enforced before the request
 * is validated. Every refusal is recorded in the audit chain.
 */
export function registerAccessControl(app: App, deps: Deps): void {
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionExpired', false);

  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`路由 ${route.method} ${route.url} 未声明访问权限`);
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        access,
        allowPending: route.config?.allowPending === true,
        schema: (route.schema ?? {}) as RouteEntry['schema'],
      });
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    req.ctx = { ...deps, actor: null, requestId: req.id, clientIp: req.ip };
    reply.header('x-request-id', req.id);
    const cfg = req.routeOptions.config;
    const access = cfg?.access;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      try {
        req.session = await resolveSession(req.ctx, token);
      } catch (err) {
        if (access && access !== 'public') throw err;
        req.sessionExpired = true;
      }
      if (req.session) req.ctx.actor = req.session.actor;
      else if (!access || access === 'public') reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    if (!access || access === 'public') return;
    const session = req.session;
    if (!session) {
      await refuse(req, 'UNAUTHENTICATED');
      throw new AppError('UNAUTHENTICATED');
    }
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      await refuse(req, 'CSRF_FAILED');
      throw new AppError('CSRF_FAILED');
    }
    if (session.pending && !cfg.allowPending) {
      throw new AppError(
        session.pending === 'password_change' ? 'PASSWORD_CHANGE_REQUIRED' : 'TOTP_ENROLMENT_REQUIRED',
      );
    }
    const actor = session.actor;
    if (access === 'authenticated') {
      actor.activeRole = actor.grants[0]?.role ?? null;
      return;
    }
    const grant = actor.grants.find((g) => roleHas(g.role, access as Permission));
    if (!grant) {
      await refuse(req, 'FORBIDDEN');
      throw new AppError('FORBIDDEN');
    }
    actor.activeRole = grant.role;
  });
}

async function refuse(req: FastifyRequest, code: string): Promise<void> {
  await recordAudit(req.ctx, {
    action: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
    result: 'denied',
    code,
  });
}
