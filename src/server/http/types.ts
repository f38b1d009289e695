import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteAccess } from '../../common/permissions.ts';
import type { Ctx } from '../lib/context.ts';
import type { ResolvedSession } from '../modules/auth/sessions.service.ts';
import type { SharedRateCounts } from './shared-rate-store.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: a permission of the matrix, 'authenticated' or 'public'. */
    access?: RouteAccess;
    /** Callable while the account must still change its password or enrol TOTP. */
    allowPending?: boolean;
  }
  interface FastifyInstance {
    /** The day-stamped logger of the anonymous ballot routes (request-log.ts). */
    ballotLog: FastifyBaseLogger;
    /** Rate-limit counts shared across processes (PostgreSQL), or null (one process). */
    rateCounts: SharedRateCounts | null;
  }
  interface FastifyRequest {
    ctx: Ctx;
    session: ResolvedSession | null;
    /** The cookie named a session that has just expired (on a public route). */
    sessionExpired: boolean;
  }
}

/** The Fastify instance with Zod schemas as the type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
