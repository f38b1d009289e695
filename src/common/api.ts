import { z } from 'zod';
import type { RouteAccess } from './permissions.ts';

/**
 * The HTTP contract: each endpoint is declared once, in its module's `common/contracts/<module>.ts`,
 * with its method, path, access and the Zod schemas of what goes in and what comes out. The server
 * registers its routes from these declarations (`server/http/route.ts`), the serializer holds every
 * answer to its response schema, `/api/docs` is generated from them, and the web calls them through
 * one typed `call()` (`web/api/call.ts`) — so no side keeps a copy of the other's types.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointDef {
  method: Method;
  /** Fastify style: `/api/delivery/lists/:id/submit`. */
  path: string;
  access: RouteAccess;
  /** One line for /api/docs, in Chinese. */
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body. Multipart uploads say `multipart: true` instead. */
  body?: z.ZodType;
  multipart?: boolean;
  /**
   * The answer: a schema (a JSON body), 'file' (a download: xlsx, docx, an evidence file — sent
   * as bytes with its own content type), or null (204, no body).
   */
  response: z.ZodType | 'file' | null;
  /** The success status: 200 by default, 201 for a creation, 202 for work queued, 204 when the response is null. */
  status?: 200 | 201 | 202 | 204;
  /**
   * A second success status the handler may choose with `reply.code()` (a reset done at once is
   * 200, one waiting for approval 202), answered with the same response schema.
   */
  alsoStatus?: 200 | 201 | 202;
  /**
   * A GET opened by many at once (lists, statistics, results, the screen): answered once per
   * change of the data for everyone holding the same grants, that day (server/lib/summary-cache.ts).
   * Its handler must depend on nothing but the params, the query, the day and the caller's
   * grants; every request still records its own read audit.
   */
  shared?: true;
  /** Callable while the account must still change its password or enrol TOTP. */
  allowPending?: boolean;
}

/** Declares an endpoint (identity at run time; keeps the literal types for the server and web). */
export function endpoint<const D extends EndpointDef>(d: D): D {
  return d;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler returns: the response schema's decoded side (dates as Date). */
export type ResultOf<E extends EndpointDef> = E['response'] extends z.ZodType
  ? z.output<E['response']>
  : E['response'] extends null
    ? undefined
    : unknown;
/** What travels and what the web receives: the encoded side (dates as ISO strings). */
export type WireOf<E extends EndpointDef> = E['response'] extends z.ZodType
  ? z.input<E['response']>
  : E['response'] extends null
    ? undefined
    : Blob;

export type ParamsOf<E extends EndpointDef> = Out<E['params']>;
export type QueryOf<E extends EndpointDef> = Out<E['query']>;
export type BodyOf<E extends EndpointDef> = Out<E['body']>;

/** The arguments of a call from the web: the encoded (input) side of each request schema. */
export type ArgsOf<E extends EndpointDef> = (E['params'] extends z.ZodType
  ? { params: In<E['params']> }
  : unknown) &
  (E['query'] extends z.ZodType ? { query?: In<E['query']> } : unknown) &
  (E['body'] extends z.ZodType ? { body: In<E['body']> } : unknown);

/** The path of an endpoint with its parameters filled in (URL-encoded). */
export function pathOf(path: string, params?: Record<string, unknown>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, k: string) => {
    const v = params?.[k];
    if (v === undefined || v === null) throw new Error(`缺少路径参数 ${k}`);
    return encodeURIComponent(String(v));
  });
}

// ——— building blocks of response schemas ———

/** A moment: a Date on the server, an ISO-8601 string on the wire and in the web. */
export const Instant = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});

/** A calendar day, YYYY-MM-DD (PostgreSQL `date` columns come as strings). */
export const DayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A PostgreSQL numeric (drizzle gives strings): a number on the wire. */
export const Decimal = z.codec(z.number(), z.union([z.string(), z.number()]), {
  decode: (n) => n,
  encode: (v) => (typeof v === 'number' ? v : Number(v)),
});

/** One page of a list: its items, the total and the window. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A list that is not paged. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** `can` flags: what the current user may do with a record, computed by the server's policy. */
export function canFlags<const K extends string>(...actions: K[]) {
  return z.object(Object.fromEntries(actions.map((a) => [a, z.boolean()])) as Record<K, z.ZodBoolean>);
}

/** A reference to a person or thing shown by name. */
export const Named = z.object({ id: z.uuid(), name: z.string() });
