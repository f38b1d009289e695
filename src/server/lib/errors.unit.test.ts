import { describe, expect, it } from 'vitest';
import { fromDatabaseError } from './errors.ts';

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
});
