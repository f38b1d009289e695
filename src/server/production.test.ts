import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP_CONFIG } from '../../test/config.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { buildApp } from './app.ts';
import { SESSION_COOKIE } from './http/error-handler.ts';
import type { App } from './http/types.ts';
import { totpCode } from './modules/auth/totp.ts';
import { initProduction } from './production.ts';

let t: TestDb;
let app: App;
let admins: Awaited<ReturnType<typeof initProduction>> = [];
beforeAll(async () => {
  t = await createTestDb();
  app = await buildApp({
    deps: t.deps,
    config: TEST_APP_CONFIG,
    databaseKind: t.database.kind,
    logger: false,
  });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('production mode (yuzhidu init)', () => {
  it('creates the three administrators once, each with a one-time password, and refuses a second init', async () => {
    admins = await initProduction(t.deps);
    expect(admins.map((a) => a.role)).toEqual(['system_admin', 'security_admin', 'audit_admin']);
    expect(new Set(admins.map((a) => a.password)).size).toBe(3);
    await expect(initProduction(t.deps)).rejects.toMatchObject({ code: 'ALREADY_INITIALISED' });
    const { rows } = await t.superuser('SELECT count(*)::int AS n FROM auth_users');
    expect(rows[0]!.n).toBe(3);
  });

  it('makes the system administrator change the password, then enrol TOTP, before anything else', async () => {
    const { rows } = await t.superuser("SELECT value FROM system_settings WHERE key = 'mode'");
    expect(rows[0]!.value).toBe('production');
    const sys = { username: admins[0]!.username, password: admins[0]!.password };
    const first = await app.inject({ method: 'POST', url: '/api/auth/login', payload: sys });
    const cookie = first.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const csrf = first.json().me.csrfToken;
    const headers = { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrf };
    expect(first.json().me.pending).toBe('password_change');
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: sys.password, newPassword: 'Prod#Admin2026' },
    });
    expect(changed.statusCode).toBe(200);
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json();
    expect(me.pending).toBe('totp_enrolment');
    const blocked = await app.inject({ method: 'GET', url: '/api/auth/users', headers });
    expect(blocked.json().error.code).toBe('TOTP_ENROLMENT_REQUIRED');
    const enrol = (await app.inject({ method: 'POST', url: '/api/auth/totp/enrol', headers })).json();
    await app.inject({
      method: 'POST',
      url: '/api/auth/totp/confirm',
      headers,
      payload: { code: totpCode(enrol.secret, t.deps.clock.now()) },
    });
    expect((await app.inject({ method: 'GET', url: '/api/auth/users', headers })).statusCode).toBe(200);
  });
});
