import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildUser, TEST_PASSWORD } from '../../../../test/factories.ts';
import { SESSION_COOKIE } from '../../http/error-handler.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ mode: 'production' });
});
afterAll(async () => t?.close());

let addressCounter = 0;
/** Each test logs in from its own address, so that the per-address limit of one does not touch another. */
const newAddress = () => `10.9.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

const login = (username: string, password: string, remoteAddress = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

const errorOf = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) => ({
  status: res.statusCode,
  code: res.json().error.code,
  message: res.json().error.message,
});

describe('password reset by the system administrator (三员分立)', () => {
  let sys: Agent;
  let sec: Agent;
  beforeAll(async () => {
    sys = await t.as('system_admin');
    sec = await t.as('security_admin');
  });

  it('gives the system administrator no usable password of an officer: the reset waits for approval', async () => {
    const officer = await buildUser(t.deps.db, { role: 'joint_office' });
    const res = await sys.post(`/api/auth/users/${officer.id}/reset-password`);
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.status).toBe('pending_approval');
    expect(JSON.stringify(body)).not.toMatch(/initialPassword/);
    // The password is unchanged until a security administrator approves.
    expect((await login(officer.username, TEST_PASSWORD, newAddress())).statusCode).toBe(200);
    // The system administrator cannot approve it, nor ask twice.
    const self = await sys.post(`/api/auth/password-resets/${body.requestId}/approve`);
    expect(self.statusCode).toBe(403);
    const again = await sys.post(`/api/auth/users/${officer.id}/reset-password`);
    expect(errorOf(again).code).toBe('AUTH_RESET_PENDING');
    // A rejected request changes nothing.
    expect((await sec.post(`/api/auth/password-resets/${body.requestId}/reject`)).statusCode).toBe(200);
    expect((await login(officer.username, TEST_PASSWORD, newAddress())).statusCode).toBe(200);
    const twice = await sec.post(`/api/auth/password-resets/${body.requestId}/approve`);
    expect(errorOf(twice).code).toBe('AUTH_RESET_NOT_PENDING');
  });

  it('issues the password to the approving security administrator once; the owner must change it, in demo accounts too, and is told of every login since', async () => {
    const officer = await buildUser(t.deps.db, { role: 'joint_office', isDemo: true });
    const { requestId } = (await sys.post(`/api/auth/users/${officer.id}/reset-password`)).json();
    const pending = (await sec.get('/api/auth/password-resets?status=pending&pageSize=100')).json();
    expect(pending.items.map((r: { id: string }) => r.id)).toContain(requestId);
    // The security administrator may decide it; the system administrator who filed it may not.
    const mine = (list: { items: { id: string; can: object }[] }) =>
      list.items.find((r) => r.id === requestId)!;
    expect(mine(pending).can).toEqual({ approve: true, reject: true });
    const filed = (await sys.get('/api/auth/password-resets?status=pending&pageSize=100')).json();
    expect(mine(filed).can).toEqual({ approve: false, reject: false });
    const approved = await sec.post(`/api/auth/password-resets/${requestId}/approve`);
    expect(approved.statusCode).toBe(200);
    const { initialPassword } = approved.json();
    expect(typeof initialPassword).toBe('string');
    // The old password no longer works.
    expect((await login(officer.username, TEST_PASSWORD, newAddress())).statusCode).toBe(401);
    // Someone else logs in first with it, then the owner.
    t.deps.clock.advance(60_000);
    const other = await login(officer.username, initialPassword, '10.7.7.7');
    t.deps.clock.advance(60_000);
    expect(other.json().me.pending).toBe('password_change');
    const owner = await login(officer.username, initialPassword, '10.8.8.8');
    const me = owner.json().me;
    expect(me.pending).toBe('password_change');
    expect(me.permissions).toEqual([]);
    expect(me.passwordReset.resetAt).toBeTruthy();
    expect(me.passwordReset.loginsSince.map((l: { clientIp: string }) => l.clientIp)).toEqual([
      '10.8.8.8',
      '10.7.7.7',
    ]);
    // Nothing but the password change is open to it.
    const cookie = owner.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const cadres = await t.app.inject({
      method: 'GET',
      url: '/api/org/cadres',
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(cadres.statusCode).toBe(403);
    expect(cadres.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // The approval is in the audit trail, naming who approved.
    const { rows } = await t.superuser('SELECT status, decided_by FROM auth_password_resets WHERE id = $1', [
      requestId,
    ]);
    expect(rows[0]!.status).toBe('approved');
    expect(rows[0]!.decided_by).toBeTruthy();
  });

  it('resets an administrator account directly, still forcing a change', async () => {
    const admin = await buildUser(t.deps.db, { role: 'audit_admin' });
    const res = await sys.post(`/api/auth/users/${admin.id}/reset-password`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('reset');
    const first = await login(admin.username, res.json().initialPassword, newAddress());
    expect(first.statusCode).toBe(200);
  });
});

describe('username enumeration', () => {
  it('answers an unknown username exactly like a wrong password of an existing one', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    const known = await login(u.username, 'Wrong#Pass1', newAddress());
    const unknown = await login('no.such.person', 'Wrong#Pass1', newAddress());
    expect(errorOf(unknown)).toEqual(errorOf(known));
  });

  it('locks an unknown username after the same number of failures, with the same 423 and message', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    const known: ReturnType<typeof errorOf>[] = [];
    const unknown: ReturnType<typeof errorOf>[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(errorOf(await login(u.username, 'Wrong#Pass1', newAddress())));
      unknown.push(errorOf(await login('ghost.user', 'Wrong#Pass1', newAddress())));
    }
    expect(unknown).toEqual(known);
    expect(known[4]!.status).toBe(423);
    expect(known[5]!.code).toBe('ACCOUNT_LOCKED');
  });
});

describe('guess limits', () => {
  it('counts wrong current passwords in a password change toward the lockout', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    const a = await t.login(u);
    const body = { currentPassword: 'Wrong#Pass1', newPassword: 'Fresh#Pass2026' };
    for (let i = 0; i < 4; i++) expect((await a.post('/api/auth/password', body)).statusCode).toBe(401);
    const fifth = await a.post('/api/auth/password', body);
    expect(errorOf(fifth).code).toBe('ACCOUNT_LOCKED');
    // The account is locked for logins too, and that session is over.
    expect((await login(u.username, TEST_PASSWORD, newAddress())).statusCode).toBe(423);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses an address spraying one password across many usernames, known or not, even with a right password', async () => {
    const address = '10.66.0.1';
    const victim = await buildUser(t.deps.db, { role: 'joint_office' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await login(`sprayed.${i}`, 'Spring#2026', address)).statusCode);
    expect(statuses.slice(0, 29).every((s) => s === 401)).toBe(true);
    const blocked = await login(victim.username, TEST_PASSWORD, address);
    expect(errorOf(blocked).code).toBe('AUTH_ADDRESS_THROTTLED');
    expect(blocked.statusCode).toBe(429);
    // Another address is not affected; the block ends after the lockout time.
    expect((await login(victim.username, TEST_PASSWORD, newAddress())).statusCode).toBe(200);
    t.deps.clock.advance(16 * 60_000);
    expect((await login(victim.username, TEST_PASSWORD, address)).statusCode).toBe(200);
  });
});

describe('password history', () => {
  it('refuses the last 5 passwords, the initial one included, and accepts an older one', async () => {
    const u = await buildUser(t.deps.db, { role: 'joint_office' });
    const a = await t.login(u);
    const change = (currentPassword: string, newPassword: string) =>
      a.post('/api/auth/password', { currentPassword, newPassword });
    expect((await change(TEST_PASSWORD, 'Second#Pass2026')).statusCode).toBe(200);
    const back = await change('Second#Pass2026', TEST_PASSWORD);
    expect(back.statusCode).toBe(400);
    expect(back.json().error.code).toBe('AUTH_PASSWORD_IN_HISTORY');
    // Stored with the password algorithm, never in clear.
    const { rows } = await t.superuser('SELECT password_hash FROM auth_password_history WHERE user_id = $1', [
      u.id,
    ]);
    expect(rows.map((r) => r.password_hash as string).every((h) => h.startsWith('$argon2id$'))).toBe(true);
    let current = 'Second#Pass2026';
    for (const next of ['Third#Pass2026', 'Fourth#Pass2026', 'Fifth#Pass2026', 'Sixth#Pass2026']) {
      t.deps.clock.advance(60_000);
      expect((await change(current, next)).statusCode).toBe(200);
      current = next;
    }
    // Five later passwords: the initial one may come back.
    t.deps.clock.advance(60_000);
    expect((await change(current, TEST_PASSWORD)).statusCode).toBe(200);
  });
});
