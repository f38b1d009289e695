import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOn, createTestApp, type TestApp } from '../../../../test/app.ts';
import { TEST_APP_CONFIG } from '../../../../test/config.ts';
import { buildApp } from '../../app.ts';
import { fromPostgresUrl } from '../../db/client.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { sessionCacheOf } from './session-cache.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ mode: 'production' });
});
afterAll(async () => t?.close());

const cached = (cookie: string | null) => !!sessionCacheOf(t.deps.db)?.get(sm3Hex(cookie!));

describe('sessions resolved from memory', () => {
  it('serves a session from memory and refuses it at once after logout', async () => {
    const a = await t.as('joint_office');
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect(cached(a.cookie)).toBe(true);
    expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
    const after = await a.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses the sessions of a disabled account at once', async () => {
    const sys = await t.as('system_admin');
    const a = await t.as('joint_office');
    const b = await t.login(a.user!);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);
    expect(cached(a.cookie) && cached(b.cookie)).toBe(true);
    expect((await sys.post(`/api/auth/users/${a.user!.id}/disable`)).statusCode).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('applies a revoked role at the next request', async () => {
    const sec = await t.as('security_admin');
    const a = await t.as('assessment_officer');
    expect((await a.get('/api/org/cadres?page=1&pageSize=5')).statusCode).toBe(200);
    expect(cached(a.cookie)).toBe(true);
    const res = await sec.del(`/api/auth/users/${a.user!.id}/roles/assessment_officer`);
    expect(res.statusCode).toBe(200);
    const after = await a.get('/api/org/cadres?page=1&pageSize=5');
    expect(after.statusCode).toBe(403);
    expect((await a.get('/api/auth/me')).json().roles).toEqual([]);
  });

  it('writes the last-seen time at most once a minute and still ends an idle session', async () => {
    const a = await t.as('joint_office');
    const lastSeen = async () => {
      const { rows } = await t.superuser('SELECT last_seen_at FROM auth_sessions WHERE id_hash = $1', [
        sm3Hex(a.cookie!),
      ]);
      return new Date(rows[0]!.last_seen_at as string).getTime();
    };
    const first = await lastSeen();
    for (let i = 0; i < 5; i++) {
      t.deps.clock.advance(5_000);
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    }
    expect(await lastSeen()).toBe(first);
    t.deps.clock.advance(40_000);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    const touched = await lastSeen();
    expect(touched).toBe(t.deps.clock.now().getTime());
    for (let i = 0; i < 3; i++) expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect(await lastSeen()).toBe(touched);
    // Past the idle limit (30 minutes by default) the session ends, though it is in memory.
    expect(cached(a.cookie)).toBe(true);
    t.deps.clock.advance(31 * 60_000);
    const idle = await a.get('/api/auth/me');
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('SESSION_EXPIRED');
  });
});

describe.skipIf(!process.env.DATABASE_URL)('sessions across processes on PostgreSQL', () => {
  it('a second server on the same database refuses a session ended on the first within the notify latency', async () => {
    const url = (t.deps.db as unknown as { $client: { options: { connectionString: string } } }).$client
      .options.connectionString;
    const database = fromPostgresUrl(url, 2);
    const deps = { ...t.deps, db: database.db };
    const other = await buildApp({
      deps,
      config: TEST_APP_CONFIG,
      databaseKind: 'postgres',
      logger: false,
    });
    await other.ready();
    try {
      const sys = await t.as('system_admin');
      const a = await t.as('joint_office');
      const b = await t.as('joint_office');
      const onOther = (x: typeof a) => agentOn(other, x.user, x.cookie, x.csrf);
      const a2 = onOther(a);
      const b2 = onOther(b);
      expect((await a2.get('/api/auth/me')).statusCode).toBe(200);
      expect((await b2.get('/api/auth/me')).statusCode).toBe(200);
      const otherCache = sessionCacheOf(database.db)!;
      expect(otherCache.get(sm3Hex(a.cookie!))).not.toBeNull();
      expect(otherCache.get(sm3Hex(b.cookie!))).not.toBeNull();

      /** Polls (bounded, well under the cache's 10-second safety TTL) until the session is refused. */
      const refusedWithin = async (agent: typeof a2, ms: number) => {
        const start = Date.now();
        while (Date.now() - start < ms) {
          if ((await agent.get('/api/auth/me')).statusCode === 401) return Date.now() - start;
          await new Promise((r) => setTimeout(r, 10));
        }
        throw new Error('the other server still accepts the session');
      };

      expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
      expect(await refusedWithin(a2, 3_000)).toBeLessThan(3_000);

      expect((await sys.post(`/api/auth/users/${b.user!.id}/disable`)).statusCode).toBe(200);
      expect(await refusedWithin(b2, 3_000)).toBeLessThan(3_000);
    } finally {
      await other.close();
      await database.close();
    }
  });
});
