import { describe, expect, it } from 'vitest';
import { formatPgUrl, param, parsePgUrl, singleHostUrl } from './pg-url.ts';

describe('PostgreSQL URLs with several hosts', () => {
  it('reads every host, the credentials and the target session', () => {
    const u = parsePgUrl(
      'postgres://app:p%40ss@10.0.0.1:5432,10.0.0.2:5433/yzd?target_session_attrs=read-write',
    );
    expect(u.hosts).toEqual([
      { host: '10.0.0.1', port: 5432 },
      { host: '10.0.0.2', port: 5433 },
    ]);
    expect(u).toMatchObject({ user: 'app', password: 'p@ss', database: 'yzd' });
    expect(param(u, 'target_session_attrs')).toBe('read-write');
  });

  it('writes a URL back that reads the same, and one host without the libpq-only parameter', () => {
    const text =
      'postgresql://app:p%40ss@h1:5432,[::1]:6000/yzd?sslmode=disable&target_session_attrs=read-write';
    const u = parsePgUrl(text);
    expect(parsePgUrl(formatPgUrl(u))).toEqual(u);
    expect(singleHostUrl(u, u.hosts[1]!)).toBe('postgresql://app:p%40ss@[::1]:6000/yzd?sslmode=disable');
  });

  it('takes the default port and refuses what is not a PostgreSQL URL', () => {
    expect(parsePgUrl('postgres://localhost/test').hosts).toEqual([{ host: 'localhost', port: 5432 }]);
    expect(() => parsePgUrl('mysql://x/y')).toThrow(/连接串格式不正确/);
  });
});
