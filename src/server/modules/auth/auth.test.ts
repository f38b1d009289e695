import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildUser, TEST_PASSWORD } from '../../../../test/factories.ts';
import { SESSION_COOKIE } from '../../http/error-handler.ts';
import { newTotpSecret, totpCode } from './totp.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ mode: 'production' });
});
afterAll(async () => t?.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login and sessions', () => {
  it('sets an HTTP-only SameSite session cookie with a new id at every login', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    const a = await login(u.username, u.password);
    const b = await login(u.username, u.password);
    expect(a.statusCode).toBe(200);
    const ca = a.cookies.find((c) => c.name === SESSION_COOKIE)!;
    const cb = b.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(ca.httpOnly).toBe(true);
    expect(ca.sameSite).toBe('Strict');
    expect(ca.value).not.toBe(cb.value);
    expect(Buffer.from(ca.value, 'base64url').length).toBeGreaterThanOrEqual(16);
    // Only a hash of the id is stored: the database does not hold a usable cookie.
    const { rows } = await t.superuser('SELECT id_hash FROM auth_sessions');
    expect(rows.map((r) => r.id_hash)).not.toContain(ca.value);
  });

  it('refuses a wrong password with a Chinese message and records the attempt', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    const res = await login(u.username, 'Wrong#Pass1');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(res.json().error.message).toMatch(/用户名或密码错误/);
    const { rows } = await t.superuser(
      "SELECT result, code FROM audit_entries WHERE action = 'auth.login' AND user_id = $1",
      [u.id],
    );
    expect(rows).toEqual([{ result: 'failed', code: 'INVALID_CREDENTIALS' }]);
  });

  it('locks the account for 15 minutes after 5 failed logins', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    for (let i = 0; i < 4; i++) expect((await login(u.username, 'Wrong#Pass1')).statusCode).toBe(401);
    const fifth = await login(u.username, 'Wrong#Pass1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('ACCOUNT_LOCKED');
    // Even the right password is refused while locked.
    const right = await login(u.username, u.password);
    expect(right.statusCode).toBe(423);
    t.deps.clock.advance(14 * 60_000);
    expect((await login(u.username, u.password)).statusCode).toBe(423);
    t.deps.clock.advance(61_000);
    expect((await login(u.username, u.password)).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes', async () => {
    const a = await t.as('joint_office');
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await a.get('/api/auth/session')).json().me.roles[0].role).toBe('joint_office');
    expect((await t.anonymous().get('/api/auth/session')).json()).toEqual({ me: null, expired: false });
    t.deps.clock.advance(29 * 60_000);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    t.deps.clock.advance(31 * 60_000);
    const res = await a.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
    // The web app asks without being refused, and learns the same.
    const session = await a.get('/api/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().me).toBeNull();
    // and it stays ended
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const a = await t.as('joint_office');
    // active every 20 minutes for 11 h 40 min
    for (let i = 0; i < 35; i++) {
      t.deps.clock.advance(20 * 60_000);
      expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    }
    t.deps.clock.advance(19 * 60_000);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    t.deps.clock.advance(2 * 60_000);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends the session on the server at logout', async () => {
    const a = await t.as('joint_office');
    expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const a = await t.as('joint_office');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `${SESSION_COOKIE}=${a.cookie}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_FAILED');
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
  });
});

describe('passwords', () => {
  it('forces the change of an initial password before anything else', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office', mustChangePassword: true });
    const a = await t.login(u);
    const me = (await a.get('/api/auth/me')).json();
    expect(me.pending).toBe('password_change');
    expect(me.permissions).toEqual([]);
    const blocked = await a.get('/api/system/overview');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await a.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'password1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const ok = await a.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'Chang3d!Pass',
    });
    expect(ok.statusCode).toBe(200);
    expect((await a.get('/api/system/overview')).statusCode).toBe(200);
    expect((await login(u.username, 'Chang3d!Pass')).statusCode).toBe(200);
  });

  it.each([
    ['Ab1!', '至少 8 位'],
    ['abcdefgh1', '至少三类'],
    ['Password1', '过于常见'],
    ['P@ssw0rd', '过于常见'],
    ['Woaini1314!', '过于常见'],
  ])('refuses %s (%s)', async (pw, reason) => {
    const a = await t.as('joint_office');
    const res = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: pw });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(reason);
  });

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await t.superuser('SELECT password_hash FROM auth_users LIMIT 1');
    expect(String(rows[0]!.password_hash)).toMatch(/^\$argon2id\$/);
  });
});

describe('TOTP second factor', () => {
  it('requires enrolment of an organization-department role in production, then a code at login', async () => {
    const u = await buildUser(t.deps.db, { role: 'org_leader' });
    const a = await t.login(u);
    expect((await a.get('/api/auth/me')).json().pending).toBe('totp_enrolment');
    expect((await a.get('/api/system/overview')).json().error.code).toBe('TOTP_ENROLMENT_REQUIRED');
    const early = await a.post('/api/auth/totp/confirm', { code: '123456' });
    expect(early.json().error.code).toBe('AUTH_TOTP_NOT_STARTED');
    const start = (await a.post('/api/auth/totp/enrol')).json();
    expect(start.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(start.qr).toMatch(/^data:image\/png;base64,/);
    const bad = await a.post('/api/auth/totp/confirm', { code: '000000' });
    expect(bad.json().error.code).toBe('TOTP_INVALID');
    const ok = await a.post('/api/auth/totp/confirm', { code: totpCode(start.secret, t.deps.clock.now()) });
    expect(ok.statusCode).toBe(200);
    expect((await a.get('/api/system/overview')).statusCode).toBe(200);
    const twice = await a.post('/api/auth/totp/enrol');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('AUTH_TOTP_ALREADY_ENABLED');

    // The next login asks for a code, and a code works only once.
    t.deps.clock.advance(30_000);
    const first = (await login(u.username, u.password)).json();
    expect(first.status).toBe('totp');
    const code = totpCode(start.secret, t.deps.clock.now());
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge: first.challenge, code },
    });
    expect(second.statusCode).toBe(200);
    const again = (await login(u.username, u.password)).json();
    const replay = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login/totp',
      payload: { challenge: again.challenge, code },
    });
    expect(replay.json().error.code).toBe('TOTP_INVALID');
  });

  it('keeps the TOTP secret encrypted at rest', async () => {
    const secret = newTotpSecret();
    await buildUser(t.deps.db, { role: 'audit_admin', sealedTotpSecret: t.deps.secrets.seal(secret) });
    const { rows } = await t.superuser('SELECT totp_secret FROM auth_users WHERE totp_secret IS NOT NULL');
    for (const r of rows) expect(String(r.totp_secret)).not.toContain(secret);
  });
});

describe('accounts and roles (三员分立)', () => {
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  beforeAll(async () => {
    sys = await t.as('system_admin');
    sec = await t.as('security_admin');
    aud = await t.as('audit_admin');
  });

  it('lets the system administrator create an account and the security administrator grant its role', async () => {
    const created = await sys.post('/api/auth/users', { username: 'zhang.san', displayName: '张三' });
    expect(created.statusCode).toBe(201);
    const { user, initialPassword } = created.json();
    expect(user.roles).toEqual([]);
    // The system administrator cannot grant roles …
    const sysGrant = await sys.post(`/api/auth/users/${user.id}/roles`, { role: 'joint_office' });
    expect(sysGrant.statusCode).toBe(403);
    // … the security administrator can.
    const granted = await sec.post(`/api/auth/users/${user.id}/roles`, { role: 'joint_office' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().roles.map((r: { role: string }) => r.role)).toEqual(['joint_office']);
    // Each administrator is told what they may do to the account, and nothing to their own.
    expect(user.can).toEqual({
      disable: true,
      enable: false,
      resetPassword: true,
      grantRole: false,
      revokeRole: false,
      unlock: false,
      resetTotp: false,
    });
    expect(granted.json().can).toMatchObject({ grantRole: true, revokeRole: true, disable: false });
    const listed = (await sec.get(`/api/auth/users?q=${user.username}`)).json().items;
    expect(listed[0].can).toMatchObject({ grantRole: true, resetPassword: false });
    const own = (await sec.get(`/api/auth/users?q=${sec.user!.username}`)).json().items;
    expect(own.find((x: { id: string }) => x.id === sec.user!.id).can.grantRole).toBe(false);
    // The new user must change the initial password.
    const first = await login('zhang.san', initialPassword);
    expect(first.json().me.pending).toBe('password_change');
    // The audit administrator reviews both changes.
    const entries = (await aud.get('/api/audit/entries?actionPrefix=auth.role&pageSize=50')).json();
    expect(entries.items.some((e: { objectId: string }) => e.objectId === user.id)).toBe(true);
  });

  it('never lets one account hold two of the three administrator roles, nor another role beside one', async () => {
    const u = await buildUser(t.deps.db, { role: 'system_admin' });
    const second = await sec.post(`/api/auth/users/${u.id}/roles`, { role: 'audit_admin' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('SEPARATION_OF_DUTIES');
    const other = await sec.post(`/api/auth/users/${u.id}/roles`, { role: 'org_leader' });
    expect(other.json().error.code).toBe('SEPARATION_OF_DUTIES');
    const officer = await buildUser(t.deps.db, { role: 'assessment_officer' });
    const admin = await sec.post(`/api/auth/users/${officer.id}/roles`, { role: 'security_admin' });
    expect(admin.json().error.code).toBe('SEPARATION_OF_DUTIES');
    const { rows } = await t.superuser(
      'SELECT count(*)::int AS n FROM auth_user_roles WHERE user_id IN ($1, $2)',
      [u.id, officer.id],
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('refuses to grant a role to oneself', async () => {
    const res = await sec.post(`/api/auth/users/${sec.user!.id}/roles`, { role: 'org_leader' });
    expect(res.json().error.code).toBe('SELF_ACTION_FORBIDDEN');
  });

  it('asks for the scope a role needs', async () => {
    const u = await buildUser(t.deps.db);
    const res = await sec.post(`/api/auth/users/${u.id}/roles`, { role: 'data_provider' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('数据部门');
  });

  it('ends every session of an account when it is disabled', async () => {
    const victim = await t.as('joint_office');
    expect((await sys.post(`/api/auth/users/${victim.user!.id}/disable`)).statusCode).toBe(200);
    expect((await victim.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login(victim.user!.username, TEST_PASSWORD)).json().error.code).toBe('ACCOUNT_DISABLED');
    expect((await sys.post(`/api/auth/users/${victim.user!.id}/enable`)).statusCode).toBe(200);
    expect((await login(victim.user!.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('lists accounts with search and pagination', async () => {
    const res = await sys.get('/api/auth/users?q=zhang&pageSize=5');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((u: { username: string }) => u.username)).toEqual(['zhang.san']);
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 5 });
  });
});

describe('bad input', () => {
  it('answers malformed JSON, missing fields, bad ids and unknown routes with a code and a Chinese message', async () => {
    const sys = await t.as('system_admin');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'BAD_REQUEST' });
    const missing = await sys.post('/api/auth/users', { username: 'a' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
    expect(missing.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(missing.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.username', 'body.displayName']),
    );
    const badId = await sys.post('/api/auth/users/not-a-uuid/disable');
    expect(badId.statusCode).toBe(400);
    const unknownId = await sys.post('/api/auth/users/00000000-0000-4000-8000-000000000000/disable');
    expect(unknownId.statusCode).toBe(404);
    expect(unknownId.json().error.code).toBe('NOT_FOUND');
    const noRoute = await sys.get('/api/nothing-here');
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().error.code).toBe('ROUTE_NOT_FOUND');
    for (const r of [malformed, missing, badId, unknownId, noRoute]) {
      expect(r.json().error.requestId).toBe(r.headers['x-request-id']);
    }
  });

  it('refuses a duplicate user name without writing anything', async () => {
    const sys = await t.as('system_admin');
    await sys.post('/api/auth/users', { username: 'li.si', displayName: '李四' });
    const dup = await sys.post('/api/auth/users', { username: 'LI.SI', displayName: '李四二' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ALREADY_EXISTS');
    const { rows } = await t.superuser(
      "SELECT count(*)::int AS n FROM auth_users WHERE lower(username) = 'li.si'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });
});

describe('login rate limit', () => {
  it('refuses a burst of logins from one address with a clear message', async () => {
    const { buildApp } = await import('../../app.ts');
    const { TEST_APP_CONFIG } = await import('../../../../test/config.ts');
    const limited = await buildApp({
      deps: t.deps,
      config: { ...TEST_APP_CONFIG, loginRateLimit: 3 },
      databaseKind: t.database.kind,
      logger: false,
    });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await limited.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
      codes.push(r.statusCode);
      if (i === 3) {
        expect(r.json().error.code).toBe('RATE_LIMITED');
        expect(r.json().error.message).toMatch(/秒后再试/);
      }
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    await limited.close();
  });
});
