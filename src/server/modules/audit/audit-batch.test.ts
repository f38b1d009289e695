import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { auditBatcher, verifyChain } from './audit.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const LIST = '/api/org/cadres?page=1&pageSize=20';

async function entriesOf(requestIds: string[]) {
  const { rows } = await t.superuser(
    'SELECT seq, request_id, action FROM audit_entries WHERE request_id = ANY($1) ORDER BY seq',
    [requestIds],
  );
  return rows as { seq: string | number; request_id: string; action: string }[];
}

/** Waits (bounded) until the condition holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('audited reads by group commit', () => {
  it('records exactly one entry per concurrent read, contiguous, and the chain verifies', async () => {
    const officer = await t.as('assessment_officer');
    const n = 40;
    const responses = await Promise.all(Array.from({ length: n }, () => officer.get(LIST)));
    for (const r of responses) expect(r.statusCode).toBe(200);
    const ids = responses.map((r) => String(r.headers['x-request-id']));
    expect(new Set(ids).size).toBe(n);
    const rows = await entriesOf(ids);
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => r.action === 'org.cadres.list')).toBe(true);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(n);
    // Nothing else was recorded meanwhile: the reads' entries follow each other in the chain.
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs.at(-1)! - seqs[0]!).toBe(n - 1);
    const v = await verifyChain(t.deps.db);
    expect(v.ok).toBe(true);
    expect(v.head?.seq).toBe(v.count);
  });

  it('answers a read only after its entry is committed', async () => {
    const officer = await t.as('assessment_officer');
    const batcher = auditBatcher(t.deps.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let held = false;
    batcher.beforeFlush = async () => {
      held = true;
      await gate;
    };
    let answered = false;
    const pending = officer.get(LIST).then((r) => {
      answered = true;
      return r;
    });
    try {
      await until(() => held, 'the flush to start');
      // The read has done its work and waits on the held flush: no answer, and no entry yet.
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      expect(answered).toBe(false);
      const before = await verifyChain(t.deps.db);
      release();
      const res = await pending;
      expect(res.statusCode).toBe(200);
      const rows = await entriesOf([String(res.headers['x-request-id'])]);
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.seq)).toBeGreaterThan(before.head?.seq ?? 0);
    } finally {
      batcher.beforeFlush = null;
      release();
    }
  });

  it('fails the reads whose flush fails: no unaudited answer', async () => {
    const officer = await t.as('assessment_officer');
    await t.superuser(`CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
    await t.superuser(
      'CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()',
    );
    try {
      const responses = await Promise.all(Array.from({ length: 5 }, () => officer.get(LIST)));
      for (const r of responses) {
        expect(r.statusCode).toBe(500);
        expect(r.json().error.code).toBe('INTERNAL');
        expect(r.body).not.toContain('items');
      }
    } finally {
      await t.superuser('DROP TRIGGER test_refuse_audit ON audit_entries');
    }
    const ok = await officer.get(LIST);
    expect(ok.statusCode).toBe(200);
    expect((await verifyChain(t.deps.db)).ok).toBe(true);
  });
});
