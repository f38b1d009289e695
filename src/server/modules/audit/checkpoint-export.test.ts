import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/db.ts';
import { systemJobs } from '../../db/schema/index.ts';
import { systemCtx } from '../../lib/context.ts';
import { enqueue, getJob, JobRunner } from '../system/jobs.service.ts';
import './audit.jobs.ts';
import { type Checkpoint, recordAudit, verifyChain } from './audit.service.ts';
import { newestCheckpoint } from './checkpoint-export.ts';

// The daily checkpoint job also keeps the checkpoint outside the database: in a folder or at a URL.
let t: TestDb;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-cp-'));
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function append(n: number) {
  for (let i = 0; i < n; i++)
    await recordAudit(systemCtx(t.deps, 'req'), {
      action: 'test.write',
      objectType: 'x',
      objectId: String(i),
    });
}

/** Runs the recurring checkpoint job once with the given export target; returns the job. */
async function runCheckpointJob(target: { dir: string | null; url: string | null }) {
  const runner = new JobRunner({ ...t.deps, checkpointExport: target });
  // Earlier runs of the job wait for their next day, so this run is the one that is due.
  await t.deps.db
    .update(systemJobs)
    .set({ runAt: new Date(t.deps.clock.now().getTime() + 86_400_000) })
    .where(eq(systemJobs.kind, 'audit.checkpoint'));
  const id = (await enqueue(t.deps.db, { kind: 'audit.checkpoint', runAt: t.deps.clock.now() }))!;
  await runner.runDue(1);
  return (await getJob(t.deps.db, id))!;
}

describe('checkpoint export', () => {
  it('writes the checkpoint to the folder; a later deletion of the newest entries is caught with it', async () => {
    await append(6);
    const dir = path.join(tmp, 'checkpoints');
    const job = await runCheckpointJob({ dir, url: null });
    expect(job.lastError).toBeNull();
    const found = newestCheckpoint(dir)!;
    expect(found).not.toBeNull();
    const head = (await verifyChain(t.deps.db)).head!;
    // The checkpoint names the head before its own audit entry (audit.checkpoint).
    expect(found.checkpoint).toMatchObject({ seq: head.seq - 1 });
    expect(JSON.parse(fs.readFileSync(found.file, 'utf8'))).toEqual(found.checkpoint);

    // A second run later: the newest file is the one with the higher sequence number.
    t.deps.clock.advance(24 * 3_600_000);
    await append(2);
    await runCheckpointJob({ dir, url: null });
    const newest = newestCheckpoint(dir)!;
    expect(newest.checkpoint.seq).toBeGreaterThan(found.checkpoint.seq);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    // Someone with database access cuts off the tail of the chain: the chain alone still
    // verifies, the exported checkpoint does not.
    await t.superuser('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    try {
      await t.superuser('DELETE FROM audit_entries WHERE seq >= $1', [newest.checkpoint.seq - 1]);
    } finally {
      await t.superuser('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    }
    expect((await verifyChain(t.deps.db)).ok).toBe(true);
    const r = await verifyChain(t.deps.db, newestCheckpoint(dir)!.checkpoint);
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ kind: 'checkpoint_missing' });
  });

  it('POSTs the checkpoint to the URL, and a refused POST is a job error with a code', async () => {
    const received: Checkpoint[] = [];
    let status = 204;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
    try {
      const ok = await runCheckpointJob({ dir: null, url });
      expect(ok.lastError).toBeNull();
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        seq: expect.any(Number),
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });

      status = 500;
      const failed = await runCheckpointJob({ dir: null, url });
      expect(failed.lastError).toMatch(/^AUDIT_CHECKPOINT_EXPORT_FAILED J\d+-1-[0-9a-f]{8}$/);
      expect(failed.status).toBe('pending'); // tried again later
    } finally {
      server.close();
    }
  });

  it('a folder that cannot be written is a job error with a code', async () => {
    const blocked = path.join(tmp, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const job = await runCheckpointJob({ dir: blocked, url: null });
    expect(job.lastError).toMatch(/^AUDIT_CHECKPOINT_EXPORT_FAILED /);
  });
});
