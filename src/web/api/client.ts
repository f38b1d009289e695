import type { z } from 'zod';
import { type ArgsOf, type EndpointDef, pathOf, type WireOf } from '../../common/api.ts';
import type { ErrorBody, ErrorDetail } from '../../common/errors.ts';

/** An error answer of the API, with its stable code and Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
/** The CSRF header a write made outside `api` (a POST that answers a file) must carry. */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', `服务器返回了无法识别的内容（${res.status}）`);
  }
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error;
    if (res.status === 401 && url !== '/api/auth/login' && url !== '/api/auth/login/totp')
      onUnauthenticated?.();
    throw new ApiError(
      res.status,
      err?.code ?? 'UNKNOWN',
      err?.message ?? `请求失败（${res.status}）`,
      err?.details,
    );
  }
  return data as T;
}

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Calls an endpoint of a contract (`common/contracts/<module>.ts`): the path filled from `params`,
 * the query string from `query`, `body` as JSON; the answer typed as the contract declares it.
 */
export function call<E extends EndpointDef>(
  e: E,
  ...[args]: keyof ArgsOf<E> extends never ? [ArgsOf<E>?] : [ArgsOf<E>]
): Promise<WireOf<E>> {
  const a = (args ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  const url = pathOf(e.path, a.params) + (a.query ? qs(a.query) : '');
  return request<WireOf<E>>(
    e.method,
    url,
    e.method === 'GET' || e.method === 'DELETE' ? undefined : (a.body ?? {}),
  );
}

/**
 * Sends a multipart form to an upload endpoint of a contract (`multipart: true`), its path filled
 * from `params`; the answer typed as the contract declares it.
 */
export function upload<E extends EndpointDef & { multipart: true }>(
  e: E,
  form: FormData,
  params?: E['params'] extends z.ZodType ? z.input<E['params']> : never,
): Promise<WireOf<E>> {
  return request<WireOf<E>>(e.method, pathOf(e.path, params as Record<string, unknown> | undefined), form);
}
