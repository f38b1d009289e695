import { describe, expect, it } from 'vitest';
import { fromDatabaseError, isRetryableConflict } from './errors.ts';
import { CONFLICT_ATTEMPTS, conflictBackoffMs } from './tx.ts';

describe('database errors as the user reads them', () => {
  it('says the database is briefly unavailable when it is down, restarting or failing over', () => {
    const cases = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Failed query: rollback', {
        cause: new Error('Client has encountered a connection error and is not queryable'),
      }),
    ];
    for (const err of cases) {
      const e = fromDatabaseError(err);
      expect(e?.code, err.message).toBe('DB_UNAVAILABLE');
      expect(e?.status).toBe(503);
    }
  });

  it('keeps mapping bad input to 4xx and leaves other errors alone', () => {
    expect(fromDatabaseError(Object.assign(new Error('dup'), { code: '23505' }))?.code).toBe(
      'ALREADY_EXISTS',
    );
    expect(fromDatabaseError(new Error('something else'))).toBeNull();
  });

  it('tells a conflict with a concurrent transaction, worth running again, from every other refusal', () => {
    const failed = (code: string) =>
      new Error('Failed query: insert into …', { cause: Object.assign(new Error('pg'), { code }) });
    expect(isRetryableConflict(failed('40001'))).toBe(true);
    expect(isRetryableConflict(failed('40P01'))).toBe(true);
    for (const code of ['23505', '55P03', '57014', '08006'])
      expect(isRetryableConflict(failed(code)), code).toBe(false);
    expect(isRetryableConflict(new Error('something else'))).toBe(false);
    // Still answered as the clear CONFLICT once the runs are spent.
    expect(fromDatabaseError(failed('40P01'))).toMatchObject({
      code: 'CONFLICT',
      message: '并发修改冲突，请重试',
    });
  });

  it('pauses briefly and at random between runs, a few runs in all', () => {
    expect(CONFLICT_ATTEMPTS).toBeGreaterThan(1);
    expect(CONFLICT_ATTEMPTS).toBeLessThanOrEqual(5);
    for (let attempt = 1; attempt < CONFLICT_ATTEMPTS; attempt++) {
      const ceiling = 25 * 2 ** (attempt - 1);
      const drawn = new Set(Array.from({ length: 50 }, () => conflictBackoffMs(attempt)));
      for (const ms of drawn) expect(ms).toBeGreaterThanOrEqual(ceiling / 2 - 1);
      for (const ms of drawn) expect(ms).toBeLessThanOrEqual(ceiling);
      expect(drawn.size).toBeGreaterThan(1);
    }
  });
});
