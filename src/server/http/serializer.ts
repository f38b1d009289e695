import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/**
 * Fields of `original` that the encoded answer no longer has: what a response schema forgot to
 * declare. (The serializer keeps only declared fields, so a field left out of a contract would
 * silently never reach the web.)
 */
export function droppedFields(original: unknown, encoded: unknown, path = ''): string[] {
  if (original instanceof Date || original === null || typeof original !== 'object') return [];
  if (Array.isArray(original)) {
    if (!Array.isArray(encoded)) return [];
    return original.flatMap((v, i) => droppedFields(v, encoded[i], `${path}[${i}]`));
  }
  if (encoded === null || typeof encoded !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(original as Record<string, unknown>)) {
    if (v === undefined) continue;
    const here = path ? `${path}.${k}` : k;
    if (!(k in (encoded as Record<string, unknown>))) out.push(here);
    else out.push(...droppedFields(v, (encoded as Record<string, unknown>)[k], here));
  }
  return out;
}

/**
 * Holds every JSON answer to its endpoint's response schema (encoding dates to ISO strings).
 * With `strict` (the test suite), an answer carrying a field the schema does not declare is an
 * error, so every route test is also a test of its contract.
 */
export function responseSerializer(strict: boolean): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => {
    // An answer shared by many requests (http/route.ts, `shared`) is the same object each time:
    // encoded once.
    const encoded = new WeakMap<object, string>();
    return (data: unknown) => {
      const known = data !== null && typeof data === 'object' ? encoded.get(data) : undefined;
      if (known !== undefined) return known;
      const r = z.safeEncode(schema, data as never);
      if (!r.success) {
        const first = r.error.issues[0];
        throw new Error(
          `响应不符合接口声明 ${method} ${url}：${first?.path.join('.') || '（根）'} — ${first?.message ?? ''}`,
        );
      }
      if (strict) {
        const lost = droppedFields(data, r.data);
        if (lost.length)
          throw new Error(`响应含未声明的字段 ${method} ${url}：${lost.slice(0, 5).join('、')}`);
      }
      const json = JSON.stringify(r.data);
      if (data !== null && typeof data === 'object') encoded.set(data, json);
      return json;
    };
  };
}
