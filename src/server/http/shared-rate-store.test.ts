import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { TEST_APP_CONFIG } from '../../../test/config.ts';
import { buildApp } from '../app.ts';
import { rows } from '../db/client.ts';
import { SharedRateCounts } from './shared-rate-store.ts';
import type { App } from './types.ts';

/**
 * Rate limits shared by several server processes on one PostgreSQL database: a limit of N stays
 * N however many processes serve the address.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('rate-limit counts shared through the database', () => {
  it('counts its own requests at once and the other process’s after a flush', async () => {
    const a = new SharedRateCounts(t.deps.db, 60_000);
    const b = new SharedRateCounts(t.deps.db, 60_000);
    const key = `test|${Math.random()}`;
    for (let i = 0; i < 3; i++) a.incr(key, 60_000);
    for (let i = 0; i < 2; i++) b.incr(key, 60_000);
    expect(a.read(key, 60_000).current).toBe(3);
    expect(b.read(key, 60_000).current).toBe(2);
    await a.flush();
    await b.flush();
    // b's flush took back a's three; a learns of b's two at its next flush.
    expect(b.read(key, 60_000).current).toBe(5);
    await a.flush();
    expect(a.incr(key, 60_000).current).toBe(6);
    await a.close();
    await b.close();
    const [row] = await rows<{ count: number }>(
      t.deps.db,
      sql`select count from system_rate_counts where key like ${`${key}@%`}`,
    );
    expect(row?.count).toBe(6);
  });

  it('keeps counts that failed to reach the database for the next flush', async () => {
    const a = new SharedRateCounts(t.deps.db, 60_000);
    const key = `test|${Math.random()}`;
    a.incr(key, 60_000);
    const real = t.deps.db;
    const broken = { execute: () => Promise.reject(new Error('connection lost')) } as unknown as typeof real;
    (a as unknown as { db: typeof real }).db = broken;
    await expect(a.flush()).rejects.toThrow('connection lost');
    (a as unknown as { db: typeof real }).db = real;
    a.incr(key, 60_000);
    await a.flush();
    const [row] = await rows<{ count: number }>(
      t.deps.db,
      sql`select count from system_rate_counts where key like ${`${key}@%`}`,
    );
    expect(row?.count).toBe(2);
    await a.close();
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two server processes on PostgreSQL', () => {
  let second: App;
  beforeAll(async () => {
    second = await buildApp({
      deps: t.deps,
      config: { ...TEST_APP_CONFIG, loginRateLimit: 6 },
      databaseKind: 'postgres',
      logger: false,
    });
    await second.ready();
  });
  afterAll(async () => second?.close());

  it('refuses the seventh second-step login of a minute from one address, whichever process got the first six', async () => {
    const first = await buildApp({
      deps: t.deps,
      config: { ...TEST_APP_CONFIG, loginRateLimit: 6 },
      databaseKind: 'postgres',
      logger: false,
    });
    await first.ready();
    try {
      // The second login step is limited per address.
      const attempt = (app: App) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login/totp',
          payload: { challenge: 'x'.repeat(40), code: '123456' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt(first)).statusCode).not.toBe(429);
      for (let i = 0; i < 3; i++) expect((await attempt(second)).statusCode).not.toBe(429);
      await first.rateCounts!.flush();
      await second.rateCounts!.flush();
      await first.rateCounts!.flush();
      const refused = await attempt(first);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect((await attempt(second)).statusCode).toBe(429);
    } finally {
      await first.close();
    }
  });
});
