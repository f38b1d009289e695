import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/db.ts';
import { systemCtx } from '../../lib/context.ts';
import { write } from '../../lib/tx.ts';
import { setSetting } from '../system/settings.service.ts';
import { createCheckpoint, recordAudit, verifyChain } from './audit.service.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

const ctx = () => systemCtx(t.deps, 'req-test');

async function appendMany(n: number) {
  for (let i = 0; i < n; i++)
    await recordAudit(ctx(), { action: 'test.write', objectType: 'thing', objectId: String(i) });
}

async function tamper(sql: string) {
  // The attacker has database access and switches the append-only triggers off first.
  await t.superuser('ALTER TABLE audit_entries DISABLE TRIGGER USER');
  try {
    await t.superuser(sql);
  } finally {
    await t.superuser('ALTER TABLE audit_entries ENABLE TRIGGER USER');
  }
}

describe('audit chain', () => {
  it('starts from the genesis and links each entry to the previous one', async () => {
    await appendMany(5);
    const r = await verifyChain(t.deps.db);
    expect(r.ok).toBe(true);
    expect(r.count).toBe(5);
    const { rows } = await t.superuser('SELECT seq, prev_hash, hash FROM audit_entries ORDER BY seq LIMIT 2');
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
  });

  it('chains a transaction of many entries (a batch of ballots) like single ones', async () => {
    const before = (await verifyChain(t.deps.db)).count;
    await recordAudit(
      ctx(),
      ...Array.from({ length: 60 }, (_, i) => ({
        action: 'test.batch',
        objectType: 'thing',
        objectId: String(i),
        anonymous: i % 2 === 0,
      })),
    );
    await appendMany(2);
    const r = await verifyChain(t.deps.db);
    expect(r.ok).toBe(true);
    expect(r.count).toBe(before + 62);
    const { rows } = await t.superuser(
      "SELECT count(*)::int AS n, count(request_id)::int AS ids FROM audit_entries WHERE action = 'test.batch'",
    );
    expect(rows[0]).toEqual({ n: 60, ids: 30 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the application connection', async () => {
    await expect(
      t.deps.db.execute("UPDATE audit_entries SET action = 'x' WHERE seq = 1" as never),
    ).rejects.toThrow();
    await expect(t.deps.db.execute('DELETE FROM audit_entries WHERE seq = 1' as never)).rejects.toThrow();
    await expect(t.deps.db.execute('TRUNCATE audit_entries' as never)).rejects.toThrow();
    expect((await verifyChain(t.deps.db)).count).toBeGreaterThanOrEqual(5);
  });

  it('rolls the audit entry back with the write it describes', async () => {
    const before = (await verifyChain(t.deps.db)).count;
    await expect(
      write(ctx(), async (tx, audit) => {
        await setSetting(tx, 'mode', 'demo', null);
        audit({ action: 'test.failing' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await verifyChain(t.deps.db);
    expect(after.count).toBe(before);
    expect(after.ok).toBe(true);
  });

  it('keeps 200 concurrent audited writes on one linear chain', async () => {
    const before = (await verifyChain(t.deps.db)).count;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        write(ctx(), async (_tx, audit) => audit({ action: 'test.concurrent', objectId: String(i) })),
      ),
    );
    const r = await verifyChain(t.deps.db);
    expect(r.ok).toBe(true);
    expect(r.count).toBe(before + 200);
    const { rows } = await t.superuser(
      'SELECT count(*)::int AS n, count(DISTINCT prev_hash)::int AS d FROM audit_entries',
    );
    expect(rows[0]!.n).toBe(rows[0]!.d);
  });

  it('keeps no user, address or time finer than the day for an anonymous (ballot) entry', async () => {
    t.deps.clock.set('2026-03-05T10:17:33.123Z');
    await recordAudit(
      { ...ctx(), clientIp: '10.1.2.3' },
      { action: 'opinion.ballot.submit', anonymous: true },
    );
    const { rows } = await t.superuser(
      "SELECT at, user_id, client_ip, request_id FROM audit_entries WHERE action = 'opinion.ballot.submit'",
    );
    expect(rows[0]!.user_id).toBeNull();
    expect(rows[0]!.client_ip).toBeNull();
    expect(rows[0]!.request_id).toBeNull();
    expect(new Date(rows[0]!.at as string).toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });
});

describe('audit chain under attack', () => {
  it('names the sequence number of an edited entry', async () => {
    await tamper("UPDATE audit_entries SET object_id = 'forged' WHERE seq = 3");
    const r = await verifyChain(t.deps.db);
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ seq: 3, kind: 'hash_mismatch' });
    expect(r.failure!.message).toContain('第 3 条');
  });
});

describe('audit chain: deletions', () => {
  let d: TestDb;
  beforeAll(async () => {
    d = await createTestDb();
    for (let i = 0; i < 10; i++) {
      await recordAudit(systemCtx(d.deps), { action: 'test.write', objectId: String(i) });
    }
  });
  afterAll(async () => d?.close());

  async function remove(sql: string) {
    await d.superuser('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await d.superuser(sql);
    await d.superuser('ALTER TABLE audit_entries ENABLE TRIGGER USER');
  }

  it('finds the newest rows deleted only with a checkpoint kept elsewhere', async () => {
    const cp = await createCheckpoint(systemCtx(d.deps)); // entry 11 records the checkpoint
    expect(cp.seq).toBe(10);
    await remove('DELETE FROM audit_entries WHERE seq >= 9');
    const plain = await verifyChain(d.deps.db);
    expect(plain.ok).toBe(true); // a truncated chain is still a valid chain…
    const withCp = await verifyChain(d.deps.db, cp);
    expect(withCp.ok).toBe(false); // …but not against the checkpoint
    expect(withCp.failure).toMatchObject({ kind: 'checkpoint_missing', seq: 9 });
  });

  it('finds a gap where a middle row was deleted', async () => {
    await remove('DELETE FROM audit_entries WHERE seq = 4');
    const r = await verifyChain(d.deps.db);
    expect(r.failure).toMatchObject({ seq: 4, kind: 'gap' });
  });
});

describe.runIf(!!process.env.DATABASE_URL)('audit chain on PostgreSQL', () => {
  it('gives the application role no UPDATE, DELETE or TRUNCATE on the chain', async () => {
    const { rows } = await t.superuser(
      `SELECT has_table_privilege('yuzhidu_app', 'audit_entries', 'UPDATE') AS u,
              has_table_privilege('yuzhidu_app', 'audit_entries', 'DELETE') AS d,
              has_table_privilege('yuzhidu_app', 'audit_entries', 'TRUNCATE') AS t,
              has_table_privilege('yuzhidu_app', 'audit_entries', 'INSERT') AS i`,
    );
    expect(rows[0]).toEqual({ u: false, d: false, t: false, i: true });
    const { rows: who } = (await t.database.db.execute('SELECT current_user AS u' as never)) as never as {
      rows: { u: string }[];
    };
    expect(who[0]!.u).toBe('yuzhidu_app');
  });
});
