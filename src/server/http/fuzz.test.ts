import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Agent, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildCadre, buildUnit } from '../../../test/factories.ts';
import { PERMISSIONS } from '../../common/permissions.ts';
import type { Role } from '../../common/roles.ts';
import { rows } from '../db/client.ts';
import { type RouteEntry, routeTable } from './access.ts';

/**
 * Bad input of any kind gets a clear 4xx, never a 5xx, and a refused write leaves nothing behind:
 * every write endpoint of the route table is called with generated bodies, parameters and queries
 * (shaped by its own schema, then bent: NUL characters, wrong types, extremes, random JSON) by a
 * user who holds its permission. FUZZ_RUNS sets the cases per endpoint (a few in the suite; the
 * benchmark run uses thousands).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
/** Routes that end the caller's own session: called, they would only turn the rest into 401s. */
const SKIP = new Set(['POST /api/auth/logout']);
/** Tables every request may touch (sessions, the audit chain, rate counters), left out of the snapshot. */
const VOLATILE =
  /^(auth_sessions|auth_login_attempts|auth_login_throttle|audit_|system_jobs$|system_rate_counts$|todo_notifications)/;

type Json = Record<string, unknown>;

const nasty = fc.constantFrom(
  'a\u0000b',
  '',
  ' ',
  '2026-13-45',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '\ud800',
  '９９',
  'x'.repeat(5000),
);
const weirdNumber = fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53, 0.5, 1e-12);

/** Values for a JSON schema: mostly of the right shape, with bad leaves mixed in. */
function arbitraryFor(s: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts?.length) return fc.oneof(...alts.map((a) => arbitraryFor(a, depth + 1)));
  if (Array.isArray(s.enum)) return fc.oneof(fc.constantFrom(...(s.enum as unknown[])), nasty);
  if ('const' in s) return fc.oneof(fc.constant(s.const), nasty);
  const wrong = fc.oneof(nasty, weirdNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 1 }));
  let right: fc.Arbitrary<unknown>;
  switch (s.type) {
    case 'string':
      right =
        s.format === 'uuid'
          ? fc.uuid()
          : s.format === 'date'
            ? fc.constantFrom('2026-07-01', '2026-02-30', '1900-01-01')
            : fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
      break;
    case 'integer':
      right = fc.integer({ min: -5, max: 3000 });
      break;
    case 'number':
      right = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), weirdNumber);
      break;
    case 'boolean':
      right = fc.boolean();
      break;
    case 'array':
      right = fc.array(arbitraryFor(s.items as Json | undefined, depth + 1), { maxLength: 4 });
      break;
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      right = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryFor(v, depth + 1)])),
        { requiredKeys: [] },
      );
      break;
    }
    default:
      right = fc.jsonValue({ maxDepth: 2 });
  }
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function jsonSchema(schema: unknown): Json | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json;
  } catch {
    return undefined;
  }
}

const segment = fc.oneof(
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: nasty.filter((v) => v.length > 0) },
);

function url(route: RouteEntry, params: string[], query: Json): string {
  let i = 0;
  const path = route.url.replace(/:[A-Za-z]+/g, () =>
    encodeURIComponent((params[i++] ?? 'x').replace(/[\ud800-\udfff]/g, '?')),
  );
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    qs.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const q = qs.toString();
  return q ? `${path}?${q}` : path;
}

describe('bad input on every write endpoint', () => {
  let t: TestApp;
  const agents = new Map<Role, Agent>();
  let tables: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const unit = await buildUnit(t.deps.db);
    const cadre = await buildCadre(t.deps.db, { unitId: unit.id });
    const scoped: Partial<Record<Role, object>> = {
      unit_admin: { unitId: unit.id },
      cadre: { cadreId: cadre.id },
      data_provider: { department: 'tjj' },
    };
    for (const role of new Set(Object.values(PERMISSIONS).flat()) as Set<Role>) {
      agents.set(role, await t.as(role, scoped[role]));
    }
    tables = (
      await rows<{ name: string }>(
        t.deps.db,
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      )
    )
      .map((r) => r.name)
      .filter((n) => !VOLATILE.test(n) && !n.startsWith('__'));
  }, 120_000);
  afterAll(() => t?.close());

  async function snapshot(): Promise<Record<string, number>> {
    const union = tables
      .map((n) => `select '${n}' as name, count(*)::int as n from "${n}"`)
      .join(' union all ');
    const out = await rows<{ name: string; n: number }>(t.deps.db, sql.raw(union));
    return Object.fromEntries(out.map((r) => [r.name, Number(r.n)]));
  }

  it('answers every generated request with a 2xx or a coded 4xx, and a refused request writes nothing', async () => {
    const writes = routeTable(t.app).filter(
      (r) =>
        ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) &&
        r.url.startsWith('/api/') &&
        !SKIP.has(`${r.method} ${r.url}`),
    );
    expect(writes.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let requests = 0;
    for (const route of writes) {
      const roles =
        typeof route.access === 'string' ? PERMISSIONS[route.access as keyof typeof PERMISSIONS] : undefined;
      const agent = roles?.length ? agents.get(roles[0] as Role)! : agents.get('assessment_officer')!;
      const nParams = (route.url.match(/:[A-Za-z]+/g) ?? []).length;
      const body = arbitraryFor(jsonSchema(route.schema?.body));
      const query = arbitraryFor(jsonSchema(route.schema?.querystring)).map((q) =>
        q && typeof q === 'object' && !Array.isArray(q) ? (q as Json) : {},
      );
      const before = await snapshot();
      let wrote = false;
      await fc.assert(
        fc.asyncProperty(
          fc.array(segment, { minLength: nParams, maxLength: nParams }),
          query,
          body,
          async (p, q, b) => {
            requests++;
            const res = await agent.request(route.method, url(route, p, q), b === undefined ? {} : b);
            if (res.statusCode < 400) wrote = true;
            if (res.statusCode >= 500) {
              failures.push(`${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
              return;
            }
            if (res.statusCode >= 400 && res.statusCode !== 404 && res.statusCode !== 405) {
              const err = res.json() as { error?: { code?: unknown; message?: unknown } };
              expect(typeof err.error?.code, `${route.method} ${route.url}: ${res.body}`).toBe('string');
              expect(typeof err.error?.message).toBe('string');
            }
          },
        ),
        { numRuns: RUNS, seed: 20261205, endOnFailure: true },
      );
      if (!wrote) {
        const after = await snapshot();
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (changed.length)
          failures.push(`${route.method} ${route.url} refused but changed ${changed.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(writes.length * RUNS);
  }, 600_000);

  it('names the field that holds a NUL character, and refuses a truncated upload with a 400', async () => {
    const officer = agents.get('assessment_officer')!;
    const before = await snapshot();
    const nul = await officer.post('/api/org/regions', { code: 'ZZ01', name: '东\u0000城', kind: 'town' });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().error.code).toBe('VALIDATION_FAILED');
    expect(nul.json().error.details[0].path).toBe('body.name');
    expect(nul.json().error.message).toContain('空字符');
    const inQuery = await officer.get('/api/org/cadres?q=%00');
    expect(inQuery.statusCode).toBe(400);
    expect(inQuery.json().error.details[0].path).toBe('querystring.q');
    // A multipart body cut off in the middle of its file.
    const boundary = '----cut';
    const cut = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.xlsx"\r\ncontent-type: application/octet-stream\r\n\r\nPK\u0003\u0004abc`,
    );
    const importer = agents.get('assessment_officer')!;
    const truncated = await importer.request('POST', '/api/imports/growth.measures', cut, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(truncated.statusCode, truncated.body).toBe(400);
    expect(truncated.json().error.code).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });
});
