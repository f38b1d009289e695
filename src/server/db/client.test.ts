import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { setConnectionErrorHandler } from './client.ts';

describe.runIf(!!process.env.DATABASE_URL)('connections to PostgreSQL that the server terminates', () => {
  let t: TestDb;
  const uncaught: unknown[] = [];
  const seen: Error[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    t = await createTestDb();
    process.on('uncaughtException', onUncaught);
    setConnectionErrorHandler((err) => seen.push(err));
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    setConnectionErrorHandler(() => {});
    await t.close();
  });

  const backends = async () =>
    (
      await t.superuser(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = 'yuzhidu_app'`,
      )
    ).rows.map((r) => r.pid as number);

  it('drops a terminated idle connection and a terminated connection held in a transaction, and carries on', async () => {
    const { db } = t.database;
    await db.execute(sql`SELECT 1`);
    // One connection idle in the pool, one held by an open transaction when both are terminated
    // (what a restart or a failover of the server does).
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const inTx = db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT 1`);
        await held;
        await tx.execute(sql`SELECT 2`);
      })
      .then(
        () => 'committed',
        (e: { code?: string }) => e.code ?? 'failed',
      );
    await expect.poll(async () => (await backends()).length).toBeGreaterThanOrEqual(1);
    await t.superuser(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND usename = 'yuzhidu_app'`,
    );
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    release();
    // The transaction on the lost connection fails as a query error, not as a crash.
    expect(await inTx).not.toBe('committed');
    // The pool opens a new connection for the next query.
    const { rows } = (await db.execute(sql`SELECT 41 + 1 AS v`)) as unknown as { rows: { v: number }[] };
    expect(rows[0]!.v).toBe(42);
    expect(uncaught).toEqual([]);
  });
});
