import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';

const CONTEXT_LABEL: Record<string, string> = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
};

/**
 * The path of the first string in `value` that holds a NUL character (PostgreSQL text cannot
 * store one), e.g. `body.items.2.title`; null where there is none. Keys are checked too.
 */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object' || depth > 32) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${path}.${k.replaceAll('\u0000', '\\0')}`;
    const hit = findNul(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** Refuses a value holding a NUL character with a 400 that names the field. */
export function assertNoNul(value: unknown, where: string): void {
  const path = findNul(value, where);
  if (!path) return;
  const field = path.split('.').slice(1).join('.') || '内容';
  const message = '不能包含空字符（\\0）';
  throw new AppError('VALIDATION_FAILED', `${CONTEXT_LABEL[where] ?? '请求'}有误：${field} — ${message}`, [
    { path, message },
  ]);
}

/** preValidation hook: no NUL character in a request's parameters, query or JSON body. */
export async function refuseNul(req: FastifyRequest): Promise<void> {
  assertNoNul(req.params, 'params');
  assertNoNul(req.query, 'querystring');
  if (!req.isMultipart()) assertNoNul(req.body, 'body');
}

/**
 * What a multipart parser's failure means to the client: a truncated body, a bad boundary or too
 * many parts are the client's malformed request (400), never a server fault.
 */
export function multipartError(err: unknown, tooLarge: () => AppError): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (/^FST_(PARTS|FILES|FIELDS)_LIMIT$/.test(code))
    return new AppError('VALIDATION_FAILED', '表单中的字段或文件过多');
  return new AppError('BAD_REQUEST', '上传内容格式不正确，请重新选择文件上传');
}
