import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../common/errors.ts';
import { AppError, fromDatabaseError } from '../lib/errors.ts';
import { ballotRoute } from './request-log.ts';

const CONTEXT_LABEL: Record<string, string> = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

/** Maps any error to the one response shape; only the unexpected become 500. */
export function toAppError(err: FastifyError | Error, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    const details = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? '格式不正确',
    }));
    const first = details[0];
    return new AppError(
      'VALIDATION_FAILED',
      first
        ? `${CONTEXT_LABEL[where] ?? '请求'}有误：${first.path.split('.').slice(1).join('.') || '内容'} — ${first.message}`
        : undefined,
      details,
    );
  }
  const db = fromDatabaseError(err);
  if (db) return db;
  const fe = err as FastifyError;
  const status = fe.statusCode ?? 500;
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError('BAD_REQUEST', '请求内容不是有效的 JSON');
  }
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST');
  const route = ballotRoute(req.url);
  // On a ballot route the error's message or stack may quote the ballot: its kind only.
  if (route)
    req.server.ballotLog.error({ route, error: err.name, code: fe.code ?? null }, 'unexpected error');
  else req.log.error({ err }, 'unexpected error');
  return new AppError('INTERNAL');
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const e = toAppError(err, req);
  const body: ErrorBody = {
    error: {
      code: e.code,
      message: e.message,
      ...(e.details ? { details: e.details } : {}),
      requestId: req.id,
    },
  };
  if (e.code === 'SESSION_EXPIRED' || e.code === 'UNAUTHENTICATED')
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  return reply.status(e.status).send(body);
}

export const SESSION_COOKIE = 'yzd_session';
