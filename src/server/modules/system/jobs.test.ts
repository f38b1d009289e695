import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/db.ts';
import { systemSettings } from '../../db/schema/index.ts';
import { backoffMs, defineJob, enqueue, getJob, JobRunner, jobStats } from './jobs.service.ts';
import { getSetting, setSetting } from './settings.service.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

const calls: Record<string, number> = {};
const count = (k: string) => {
  calls[k] = (calls[k] ?? 0) + 1;
};

defineJob('test.write-setting', async (payload, { tx }) => {
  count('write');
  await setSetting(tx, 'jurisdiction', { name: String(payload.name), level: '县' }, null);
  return { result: { wrote: payload.name } };
});

let failuresLeft = 0;
defineJob('test.flaky', async (_p, { tx }) => {
  count('flaky');
  // It writes first, then fails: the write must not survive the failure.
  await setSetting(tx, 'jurisdiction', { name: '半途', level: '县' }, null);
  if (failuresLeft-- > 0) throw new Error('暂时失败');
});

defineJob('test.chunked', async (payload, { progress, tx }, job) => {
  const done = ((job.progress as { done?: number } | null)?.done ?? 0) + 10;
  const total = Number(payload.total);
  progress(Math.min(done, total), total);
  await setSetting(tx, 'jurisdiction', { name: `第${done}`, level: '县' }, null);
  return done < total ? { again: true } : { result: { rows: total } };
});

const SECRET_CADRE = '8f1c2d3e-0000-4000-8000-00000000abcd';
defineJob('test.leaky', async () => {
  throw new Error(`insert failed: params ($1=${SECRET_CADRE}, $2=该同志群众反映作风粗暴)`);
});

describe('job errors shown to administrators', () => {
  it('show a code and a reference, never the failed query parameters or texts', async () => {
    const logged: string[] = [];
    const runner = new JobRunner(t.deps, {
      log: (msg, err) => logged.push(`${msg} ${err instanceof Error ? err.message : ''}`),
    });
    const id = (await enqueue(t.deps.db, { kind: 'test.leaky', runAt: t.deps.clock.now(), maxAttempts: 1 }))!;
    await runner.runDue();
    const stats = await jobStats(t.deps.db);
    const shown = stats.recentFailures.find((f) => f.id === id)!;
    expect(shown).toMatchObject({ status: 'failed', errorCode: 'JOB_FAILED' });
    expect(shown.errorRef).toMatch(new RegExp(`^J${id}-1-[0-9a-f]{8}$`));
    const text = JSON.stringify(stats);
    expect(text).not.toContain(SECRET_CADRE);
    expect(text).not.toContain('作风粗暴');
    expect(text).not.toContain('params');
    // Nor does the stored row keep the data.
    expect((await getJob(t.deps.db, id))?.lastError).not.toContain(SECRET_CADRE);
    // The server log holds the full error under the same reference.
    const line = logged.find((l) => l.includes(shown.errorRef))!;
    expect(line).toContain(SECRET_CADRE);
  });
});

describe('job table', () => {
  it('runs a job once, with its effect committed together with its completion', async () => {
    const runner = new JobRunner(t.deps);
    const id = await enqueue(t.deps.db, {
      kind: 'test.write-setting',
      runAt: t.deps.clock.now(),
      payload: { name: '甲县' },
    });
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0);
    expect(calls.write).toBe(1);
    expect((await getSetting(t.deps.db, 'jurisdiction'))?.name).toBe('甲县');
    const job = await getJob(t.deps.db, id!);
    expect(job).toMatchObject({ status: 'done', result: { wrote: '甲县' } });
  });

  it('enqueues a job with a unique key only once', async () => {
    const a = await enqueue(t.deps.db, {
      kind: 'test.write-setting',
      runAt: t.deps.clock.now(),
      payload: { name: '乙' },
      uniqueKey: 'hit:1',
    });
    const b = await enqueue(t.deps.db, {
      kind: 'test.write-setting',
      runAt: t.deps.clock.now(),
      payload: { name: '乙' },
      uniqueKey: 'hit:1',
    });
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    await new JobRunner(t.deps).runDue();
    const c = await enqueue(t.deps.db, {
      kind: 'test.write-setting',
      runAt: t.deps.clock.now(),
      payload: { name: '乙' },
      uniqueKey: 'hit:1',
    });
    expect(c).toBeNull(); // not even after it ran
  });

  it('waits for a scheduled time', async () => {
    const runner = new JobRunner(t.deps);
    const at = new Date(t.deps.clock.now().getTime() + 3_600_000);
    const id = await enqueue(t.deps.db, { kind: 'test.write-setting', payload: { name: '丙' }, runAt: at });
    expect(await runner.runDue()).toBe(0);
    t.deps.clock.advance(3_600_000);
    expect(await runner.runDue()).toBe(1);
    expect((await getJob(t.deps.db, id!))?.status).toBe('done');
  });

  it('rolls back a failed attempt and retries with backoff until it succeeds', async () => {
    await setSetting(t.deps.db, 'jurisdiction', { name: '原样', level: '县' }, null);
    failuresLeft = 2;
    const runner = new JobRunner(t.deps);
    const id = (await enqueue(t.deps.db, { kind: 'test.flaky', runAt: t.deps.clock.now() }))!;
    await runner.runDue();
    let job = await getJob(t.deps.db, id);
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job!.lastError).toMatch(/^JOB_FAILED J\d+-1-[0-9a-f]{8}$/);
    expect((await getSetting(t.deps.db, 'jurisdiction'))?.name).toBe('原样');
    expect(job!.runAt.getTime() - t.deps.clock.now().getTime()).toBe(backoffMs(1));
    expect(await runner.runDue()).toBe(0); // not before the backoff
    t.deps.clock.advance(backoffMs(1));
    await runner.runDue();
    t.deps.clock.advance(backoffMs(2));
    await runner.runDue();
    job = await getJob(t.deps.db, id);
    expect(job).toMatchObject({ status: 'done', attempts: 2 });
    expect((await getSetting(t.deps.db, 'jurisdiction'))?.name).toBe('半途');
  });

  it('gives up after the last attempt', async () => {
    failuresLeft = 100;
    const runner = new JobRunner(t.deps);
    const id = (await enqueue(t.deps.db, { kind: 'test.flaky', runAt: t.deps.clock.now(), maxAttempts: 2 }))!;
    await runner.runDue();
    t.deps.clock.advance(backoffMs(1));
    await runner.runDue();
    expect((await getJob(t.deps.db, id))?.status).toBe('failed');
  });

  it('survives a restart: a job left pending runs on the next runner', async () => {
    await t.deps.db.delete(systemSettings).where(eq(systemSettings.key, 'jurisdiction'));
    const id = (await enqueue(t.deps.db, {
      kind: 'test.write-setting',
      runAt: t.deps.clock.now(),
      payload: { name: '重启后' },
    }))!;
    // The first process died before running it; a new runner picks it up.
    const after = new JobRunner(t.deps);
    await after.runDue();
    expect((await getJob(t.deps.db, id))?.status).toBe('done');
    expect((await getSetting(t.deps.db, 'jurisdiction'))?.name).toBe('重启后');
  });

  it('runs a chunked job chunk by chunk with its progress saved', async () => {
    const runner = new JobRunner(t.deps);
    const id = (await enqueue(t.deps.db, {
      kind: 'test.chunked',
      runAt: t.deps.clock.now(),
      payload: { total: 35 },
    }))!;
    expect(await runner.runDue(1)).toBe(1);
    expect((await getJob(t.deps.db, id))?.progress).toEqual({ done: 10, total: 35 });
    await runner.runDue();
    const job = await getJob(t.deps.db, id);
    expect(job).toMatchObject({ status: 'done', progress: { done: 35, total: 35 }, result: { rows: 35 } });
  });

  it('runs on its own timer once started, and stops cleanly', async () => {
    const runner = new JobRunner(t.deps, { pollMs: 20 });
    const id = (await enqueue(t.deps.db, {
      kind: 'test.write-setting',
      runAt: t.deps.clock.now(),
      payload: { name: '定时' },
    }))!;
    await runner.start();
    for (let i = 0; i < 100 && (await getJob(t.deps.db, id))?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await runner.stop();
    expect((await getJob(t.deps.db, id))?.status).toBe('done');
  });
});
