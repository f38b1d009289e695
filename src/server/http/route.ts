import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { z } from 'zod';
import type { BodyOf, EndpointDef, ParamsOf, QueryOf, ResultOf } from '../../common/api.ts';
import type { Ctx } from '../lib/context.ts';
import { grantsKey, summaryCache } from '../lib/summary-cache.ts';
import { localDay } from '../lib/time.ts';
import { type AuditEvent, recordAudit } from '../modules/audit/audit.service.ts';
import type { App } from './types.ts';

/** What a handler is given: the request's context and its validated parts. */
export interface Input<E extends EndpointDef> {
  ctx: Ctx;
  params: ParamsOf<E>;
  query: QueryOf<E>;
  body: BodyOf<E>;
  req: FastifyRequest;
  reply: FastifyReply;
}

/** Route options the contract does not carry: rate limits and the like. */
export type RouteExtras = Pick<RouteShorthandOptions, 'bodyLimit'> & {
  config?: {
    rateLimit?: {
      max: number;
      timeWindow: string | number;
      hook?: 'onRequest' | 'preHandler';
      keyGenerator?: (req: FastifyRequest) => string;
    };
  };
};

/**
 * Registers one endpoint of a contract: the access it declares, its schemas for validation, for
 * the serializer (which keeps only the declared fields) and for /api/docs. The handler returns the
 * response's decoded value; for a 'file' endpoint it sends the bytes itself through `reply`.
 */
export function route<E extends EndpointDef>(
  app: App,
  tags: string[],
  e: E,
  handler: (input: Input<E>) => Promise<ResultOf<E>> | ResultOf<E>,
  extras: RouteExtras = {},
): void {
  if (e.shared && (e.method !== 'GET' || e.response === 'file'))
    throw new Error(`接口 ${e.path} 不能共用回答：只有返回数据的 GET 可以`);
  const run = e.shared ? sharedAnswer(handler) : handler;
  const status = e.status ?? (e.response === null ? 204 : 200);
  const response: Record<number, z.ZodType> = {};
  if (e.response && e.response !== 'file') {
    response[status] = e.response;
    if (e.alsoStatus) response[e.alsoStatus] = e.response;
  }
  app.route({
    method: e.method,
    url: e.path,
    bodyLimit: extras.bodyLimit,
    config: { access: e.access, allowPending: e.allowPending, ...extras.config },
    schema: {
      tags,
      summary: e.summary,
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
      ...(e.multipart ? { consumes: ['multipart/form-data'] } : {}),
      ...(Object.keys(response).length ? { response } : {}),
    },
    handler: async (req, reply) => {
      const out = await run({
        ctx: req.ctx,
        params: req.params as ParamsOf<E>,
        query: req.query as QueryOf<E>,
        body: req.body as BodyOf<E>,
        req,
        reply,
      });
      if (e.response === 'file') return reply;
      if (!(e.alsoStatus && reply.statusCode === e.alsoStatus)) reply.code(status);
      return e.response === null ? reply.send() : out;
    },
  });
}

/**
 * A `shared` endpoint's handler, answering once per change of the data for everyone with the same
 * grants, params and query that day (see lib/summary-cache.ts). The read audits the computation
 * records are kept with the answer, and every request records them under its own name before it
 * is answered, so no read goes unaudited.
 */
function sharedAnswer<E extends EndpointDef>(
  handler: (input: Input<E>) => Promise<ResultOf<E>> | ResultOf<E>,
): (input: Input<E>) => Promise<ResultOf<E>> {
  const kept = summaryCache<{ out: ResultOf<E>; audits: AuditEvent[] }>();
  return async (input) => {
    const { ctx } = input;
    const now = ctx.clock.now();
    const key = [
      grantsKey(ctx.actor),
      localDay(now),
      JSON.stringify(input.params ?? null),
      JSON.stringify(input.query ?? null),
    ].join('|');
    const { value } = await kept.get(key, now, async () => {
      const audits: AuditEvent[] = [];
      const out = await handler({ ...input, ctx: { ...ctx, readAudits: audits } });
      return { out, audits };
    });
    await recordAudit(ctx, ...value.audits);
    return value.out;
  };
}

/** Registers every endpoint of a module's contract with its handler; an endpoint left out is an error at start. */
export function routes<C extends Record<string, EndpointDef>>(
  app: App,
  tags: string[],
  contract: C,
  handlers: { [K in keyof C]: (input: Input<C[K]>) => Promise<ResultOf<C[K]>> | ResultOf<C[K]> },
  extras: Partial<Record<keyof C, RouteExtras>> = {},
): void {
  for (const key of Object.keys(contract) as (keyof C)[]) {
    const h = handlers[key];
    if (!h) throw new Error(`接口 ${String(key)} 没有处理函数`);
    route(app, tags, contract[key]!, h as never, extras[key]);
  }
}
