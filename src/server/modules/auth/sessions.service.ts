import QRCode from 'qrcode';
import type { Me, PasswordResetNotice, Pending, RoleGrantView } from '../../../common/contracts/auth.ts';
import { permissionsOf } from '../../../common/permissions.ts';
import type { Mode, SecurityPolicy } from '../../../common/settings.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { MINUTE } from '../../lib/clock.ts';
import type { Actor, Ctx, RoleGrant } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { randomToken, sm3Hex } from '../../lib/hash.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getMode, getSecurityPolicy } from '../system/settings.service.ts';
import { totpRequired } from './auth.policy.ts';
import type { UserRow } from './auth.repository.ts';
import * as repo from './auth.repository.ts';
import { hashPassword, passwordProblems, verifyAgainstDummy, verifyPassword } from './password.ts';
import { type CachedSession, sessionCacheOf } from './session-cache.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

/** Login (password, then TOTP where required), sessions, logout, and an account holder's own password and TOTP. */

const CHALLENGE_MINUTES = 5;

export interface ClientMeta {
  userAgent: string | null;
}

export type LoginOutcome =
  | { status: 'ok'; sessionToken: string; me: Me }
  | { status: 'totp'; challenge: string };

/** First login step: address limit, password, lockout, then either a session or a TOTP challenge. */
export async function login(
  ctx: Ctx,
  input: { username: string; password: string },
  meta: ClientMeta,
): Promise<LoginOutcome> {
  const now = ctx.clock.now();
  const policy = await getSecurityPolicy(ctx.db);
  const username = input.username.slice(0, 64);
  const addressKey = ctx.clientIp ? `ip:${ctx.clientIp}` : null;
  if (addressKey) {
    const a = await repo.throttleRow(ctx.db, addressKey);
    if (a?.lockedUntil && a.lockedUntil > now) {
      await recordAudit(ctx, {
        action: 'auth.login',
        result: 'denied',
        code: 'AUTH_ADDRESS_THROTTLED',
        username,
      });
      throw addressThrottled(a.lockedUntil, now);
    }
  }
  const user = await repo.userByName(ctx.db, input.username);
  if (!user) {
    // An unknown username is counted and locked exactly like a known one, so that the answers
    // (status, code, message) never tell whether an account exists.
    const key = `user:${sm3Hex(input.username.toLowerCase())}`;
    const t = await repo.throttleRow(ctx.db, key);
    if (t?.lockedUntil && t.lockedUntil > now) {
      await recordAudit(ctx, { action: 'auth.login', result: 'denied', code: 'ACCOUNT_LOCKED', username });
      throw lockedError(t.lockedUntil, now);
    }
    await verifyAgainstDummy(input.password);
    const out = await write(ctx, async (tx, audit) => {
      const row = await repo.lockThrottleRow(tx, key, now);
      const r = await countFailure(tx, addressKey, policy, now);
      const failures = row.failures + 1;
      const locked = failures >= policy.lockoutThreshold;
      await repo.updateThrottle(tx, key, {
        failures: locked ? 0 : failures,
        lockedUntil: locked ? new Date(now.getTime() + policy.lockoutMinutes * MINUTE) : null,
      });
      audit({ action: 'auth.login', result: 'failed', code: 'INVALID_CREDENTIALS', username });
      return { failures, addressLocked: r };
    });
    throw failureError(out.failures, out.addressLocked, policy, now);
  }
  const who = { userId: user.id, username: user.username };
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(ctx, { action: 'auth.login', result: 'denied', code: 'ACCOUNT_LOCKED', ...who });
    throw lockedError(user.lockedUntil, now);
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const out = await registerFailure(ctx, user, policy, now);
    throw failureError(out.failures, out.addressLocked, policy, now);
  }
  if (user.status !== 'active') {
    await recordAudit(ctx, { action: 'auth.login', result: 'denied', code: 'ACCOUNT_DISABLED', ...who });
    throw new AppError('ACCOUNT_DISABLED');
  }
  if (user.totpSecret && user.totpEnabledAt) {
    const challenge = randomToken();
    await write(ctx, async (tx, audit) => {
      await repo.insertChallenge(tx, {
        idHash: sm3Hex(challenge),
        userId: user.id,
        expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * MINUTE),
      });
      audit({ action: 'auth.login.password', result: 'ok', ...who });
    });
    return { status: 'totp', challenge };
  }
  return startSession(ctx, user, meta);
}

/** The answer to a wrong password: the same for known and unknown usernames. */
function failureError(failures: number, addressLocked: Date | null, policy: SecurityPolicy, now: Date) {
  if (failures >= policy.lockoutThreshold) {
    return lockedError(new Date(now.getTime() + policy.lockoutMinutes * MINUTE), now);
  }
  if (addressLocked) return addressThrottled(addressLocked, now);
  // No per-account countdown: a count left over from the owner's own typos would tell that
  // the account exists.
  return new AppError(
    'INVALID_CREDENTIALS',
    `用户名或密码错误；连续错误 ${policy.lockoutThreshold} 次将锁定 ${policy.lockoutMinutes} 分钟`,
  );
}

function addressThrottled(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE));
  return new AppError('AUTH_ADDRESS_THROTTLED', `该地址登录失败次数过多，请 ${minutes} 分钟后再试`);
}

/**
 * Counts a failed login against the client address (password spraying across usernames);
 * returns the end of the address's block when this failure reached the limit.
 */
async function countFailure(
  tx: Executor,
  addressKey: string | null,
  policy: SecurityPolicy,
  now: Date,
): Promise<Date | null> {
  if (!addressKey) return null;
  const row = await repo.lockThrottleRow(tx, addressKey, now);
  const window = policy.lockoutMinutes * MINUTE;
  const fresh = now.getTime() - row.windowStart.getTime() >= window;
  const failures = (fresh ? 0 : row.failures) + 1;
  const locked = failures >= policy.addressFailureLimit ? new Date(now.getTime() + window) : null;
  await repo.updateThrottle(tx, addressKey, {
    failures: locked ? 0 : failures,
    windowStart: fresh || locked ? now : row.windowStart,
    lockedUntil: locked,
  });
  return locked;
}

/** Second login step: the TOTP code for a challenge. */
export async function loginTotp(
  ctx: Ctx,
  input: { challenge: string; code: string },
  meta: ClientMeta,
): Promise<LoginOutcome> {
  const now = ctx.clock.now();
  const policy = await getSecurityPolicy(ctx.db);
  const idHash = sm3Hex(input.challenge);
  const found = await ctx.db.transaction(async (tx) => {
    const ch = await repo.takeChallenge(tx, idHash);
    if (!ch || ch.usedAt || ch.expiresAt <= now) return null;
    return repo.userById(tx, ch.userId);
  });
  if (!found) {
    await recordAudit(ctx, { action: 'auth.login.totp', result: 'failed', code: 'SESSION_EXPIRED' });
    throw new AppError('SESSION_EXPIRED', '验证已过期，请重新输入用户名和密码');
  }
  const user = found;
  const who = { userId: user.id, username: user.username };
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(ctx, { action: 'auth.login.totp', result: 'denied', code: 'ACCOUNT_LOCKED', ...who });
    throw lockedError(user.lockedUntil, now);
  }
  const secret = user.totpSecret ? ctx.secrets.open(user.totpSecret) : null;
  const step = secret ? checkTotp(secret, input.code, now, user.totpLastStep) : null;
  if (step === null) {
    const out = await registerFailure(ctx, user, policy, now, 'auth.login.totp', 'TOTP_INVALID');
    if (out.failures >= policy.lockoutThreshold) throw failureError(out.failures, null, policy, now);
    throw new AppError('TOTP_INVALID');
  }
  return startSession(ctx, user, meta, async (tx) => {
    await repo.useChallenge(tx, idHash, now);
    await repo.updateUser(tx, user.id, { totpLastStep: step });
  });
}

function lockedError(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE));
  return new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
}

/** Counts a failed attempt of a known account (and of its client address); says whether it locked. */
async function registerFailure(
  ctx: Ctx,
  user: UserRow,
  policy: SecurityPolicy,
  now: Date,
  action = 'auth.login',
  code = 'INVALID_CREDENTIALS',
): Promise<{ failures: number; addressLocked: Date | null }> {
  return write(ctx, async (tx, audit) => {
    const fresh = await repo.lockUserRow(tx, user.id);
    const failures = (fresh?.failedLogins ?? 0) + 1;
    const who = { userId: user.id, username: user.username };
    const addressLocked =
      action === 'auth.login'
        ? await countFailure(tx, ctx.clientIp ? `ip:${ctx.clientIp}` : null, policy, now)
        : null;
    if (failures >= policy.lockoutThreshold) {
      const until = new Date(now.getTime() + policy.lockoutMinutes * MINUTE);
      await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: until });
      // A locked account keeps no open session (a guess at the current password locks it too).
      await repo.endSessionsOf(tx, user.id, now, 'locked');
      audit({ action, result: 'failed', code, ...who });
      audit({ action: 'auth.account.lock', objectType: 'user', objectId: user.id, ...who });
      return { failures, addressLocked };
    }
    await repo.updateUser(tx, user.id, { failedLogins: failures });
    audit({ action, result: 'failed', code, ...who });
    return { failures, addressLocked };
  });
}

async function startSession(
  ctx: Ctx,
  user: UserRow,
  meta: ClientMeta,
  extra?: (tx: Tx) => Promise<void>,
): Promise<LoginOutcome> {
  const now = ctx.clock.now();
  const policy = await getSecurityPolicy(ctx.db);
  const token = randomToken();
  await write(ctx, async (tx, audit) => {
    if (extra) await extra(tx);
    await repo.insertSession(tx, {
      idHash: sm3Hex(token),
      userId: user.id,
      csrfToken: randomToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteHours * 60 * MINUTE),
      clientIp: ctx.clientIp,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    const [first] = await repo.grantsOf(tx, user.id);
    audit({
      action: 'auth.login',
      result: 'ok',
      userId: user.id,
      username: user.username,
      role: first?.role ?? null,
    });
  });
  const session = await resolveSession(ctx, token);
  if (!session) throw new AppError('INTERNAL');
  return { status: 'ok', sessionToken: token, me: session.me };
}

export interface ResolvedSession {
  idHash: string;
  actor: Actor;
  me: Me;
  pending: Pending;
  csrfToken: string;
}

/**
 * Looks a session cookie up and checks it is open, not idle past the limit and not past its
 * absolute end. Returns null for an unknown or ended session; throws SESSION_EXPIRED when
 * this call ended it. A session resolved recently comes from memory (session-cache.ts); one
 * that looks idle, expired or disabled there is checked again in the database.
 */
export async function resolveSession(ctx: Ctx, token: string): Promise<ResolvedSession | null> {
  const now = ctx.clock.now();
  const idHash = sm3Hex(token);
  const policy = await getSecurityPolicy(ctx.db);
  const mode = (await getMode(ctx.db)) ?? 'production';
  const cache = sessionCacheOf(ctx.db);
  const hit = cache?.get(idHash);
  if (hit && usable(hit, hit.lastSeenAt, now, policy)) {
    await touch(ctx, hit, now);
    return resolved(idHash, hit, mode);
  }
  const epoch = cache?.epoch ?? 0;
  const s = await repo.sessionByHash(ctx.db, idHash);
  if (!s || s.endedAt) return null;
  const user = await repo.userById(ctx.db, s.userId);
  if (!user || !usable({ session: s, user }, s.lastSeenAt, now, policy)) {
    const idle = now.getTime() - s.lastSeenAt.getTime() > policy.idleMinutes * MINUTE;
    const over = s.expiresAt <= now;
    await repo.endSession(ctx.db, idHash, now, idle ? 'idle' : over ? 'expired' : 'disabled');
    throw new AppError('SESSION_EXPIRED');
  }
  const entry: CachedSession = {
    session: s,
    user,
    grants: await repo.grantsOf(ctx.db, user.id),
    lastSeenAt: s.lastSeenAt,
    loginsSince: user.passwordResetAt
      ? await repo.sessionsSince(ctx.db, user.id, user.passwordResetAt)
      : null,
    loadedAt: performance.now(),
  };
  await touch(ctx, entry, now);
  cache?.put(idHash, entry, epoch);
  return resolved(idHash, entry, mode);
}

function usable(
  e: Pick<CachedSession, 'session' | 'user'>,
  lastSeenAt: Date,
  now: Date,
  policy: SecurityPolicy,
): boolean {
  return (
    e.user.status === 'active' &&
    now.getTime() - lastSeenAt.getTime() <= policy.idleMinutes * MINUTE &&
    e.session.expiresAt > now
  );
}

/** Idle-timeout bookkeeping: the last-seen time is written at most once a minute per session. */
async function touch(ctx: Ctx, e: CachedSession, now: Date): Promise<void> {
  const before = e.lastSeenAt;
  if (now.getTime() - before.getTime() <= MINUTE) return;
  // Concurrent requests of the session write it once.
  e.lastSeenAt = now;
  try {
    await repo.touchSession(ctx.db, e.session.idHash, now);
  } catch (err) {
    e.lastSeenAt = before;
    throw err;
  }
}

/** A request's own view of a session (the actor is changed by the request: never shared). */
function resolved(idHash: string, e: CachedSession, mode: Mode): ResolvedSession {
  const { user, session: s } = e;
  const grants = e.grants.map((g) => ({ ...g }));
  const pending = pendingStep(user, grants, mode);
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    grants,
    isDemo: user.isDemo,
    activeRole: null,
  };
  return {
    idHash,
    actor,
    pending,
    csrfToken: s.csrfToken,
    me: {
      ...buildMe(user, grants, pending, s.csrfToken, mode),
      passwordReset:
        user.passwordResetAt && e.loginsSince ? resetNotice(user.passwordResetAt, e.loginsSince) : null,
    },
  };
}

/** What the owner is told after a reset: when, and every login to the account since. */
function resetNotice(at: Date, logins: NonNullable<CachedSession['loginsSince']>): PasswordResetNotice {
  return {
    resetAt: at.toISOString(),
    loginsSince: logins.map((l) => ({
      at: l.at.toISOString(),
      clientIp: l.clientIp,
      userAgent: l.userAgent,
    })),
  };
}

function pendingStep(user: UserRow, grants: RoleGrant[], mode: Mode): Pending {
  // A reset password is always changed at the next login, demonstration accounts included.
  if (user.passwordResetAt && user.mustChangePassword) return 'password_change';
  if (user.isDemo) return null;
  if (user.mustChangePassword) return 'password_change';
  if (totpRequired(mode, grants) && !user.totpEnabledAt) return 'totp_enrolment';
  return null;
}

export function grantView(g: RoleGrant): RoleGrantView {
  return { role: g.role, unitId: g.unitId, cadreId: g.cadreId, department: g.department };
}

function buildMe(user: UserRow, grants: RoleGrant[], pending: Pending, csrfToken: string, mode: Mode): Me {
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      isDemo: user.isDemo,
      totpEnabled: !!user.totpEnabledAt,
    },
    roles: grants.map(grantView),
    permissions: pending ? [] : permissionsOf(grants.map((g) => g.role)),
    pending,
    csrfToken,
    mode,
    passwordReset: null,
  };
}

export async function logout(ctx: Ctx, idHash: string): Promise<void> {
  await write(ctx, async (tx, audit) => {
    await repo.endSession(tx, idHash, ctx.clock.now(), 'logout');
    audit({ action: 'auth.logout' });
  });
}

/** The signed-in account of a request; refused without one. */
export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

/** The user changes their own password; other sessions of theirs end. */
export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  sessionIdHash: string,
): Promise<void> {
  const actor = requireActor(ctx);
  const user = await repo.userById(ctx.db, actor.userId);
  if (!user) throw notFound('账号');
  const policy = await getSecurityPolicy(ctx.db);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    // Wrong current passwords count toward the lockout like failed logins; the lock ends this session.
    const out = await registerFailure(ctx, user, policy, ctx.clock.now(), 'auth.password.change');
    if (out.failures >= policy.lockoutThreshold)
      throw failureError(out.failures, null, policy, ctx.clock.now());
    throw new AppError('INVALID_CREDENTIALS', '当前密码不正确');
  }
  const problems = passwordProblems(input.newPassword, {
    minLength: policy.minPasswordLength,
    username: user.username,
  });
  if (problems.length) {
    throw new AppError(
      'WEAK_PASSWORD',
      problems.join('；'),
      problems.map((m) => ({ path: 'newPassword', message: m })),
    );
  }
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_REUSED');
  await assertNotInHistory(ctx.db, user.id, input.newPassword, policy.passwordHistory);
  const hashed = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  await write(ctx, async (tx, audit) => {
    await repo.addPasswordHistory(tx, user.id, user.passwordHash, now);
    await repo.updateUser(tx, user.id, {
      passwordHash: hashed,
      mustChangePassword: false,
      passwordChangedAt: now,
      passwordResetAt: null,
      updatedAt: now,
      updatedBy: user.id,
    });
    await repo.endSessionsOf(tx, user.id, now, 'password_changed', sessionIdHash);
    audit({ action: 'auth.password.change', objectType: 'user', objectId: user.id });
  });
}

/**
 * Refuses a password among the account's last `keep` passwords: the current one (checked by the
 * caller) and the `keep - 1` before it, kept as argon2id hashes like the passwords themselves.
 */
async function assertNotInHistory(ex: Executor, userId: string, plain: string, keep: number): Promise<void> {
  for (const h of await repo.recentPasswordHashes(ex, userId, keep - 1)) {
    if (await verifyPassword(h, plain)) {
      throw new AppError('AUTH_PASSWORD_IN_HISTORY', `新密码不能与最近 ${keep} 次使用过的密码相同`, [
        { path: 'newPassword', message: `不能与最近 ${keep} 次使用过的密码相同` },
      ]);
    }
  }
}

/** Starts TOTP enrolment: a new secret, kept pending until a code confirms it. */
export async function startTotpEnrolment(ctx: Ctx): Promise<{ secret: string; uri: string; qr: string }> {
  const actor = requireActor(ctx);
  const user = await repo.userById(ctx.db, actor.userId);
  if (!user) throw notFound('账号');
  if (user.totpEnabledAt) throw new AppError('AUTH_TOTP_ALREADY_ENABLED');
  const secret = newTotpSecret();
  await write(ctx, async (tx, audit) => {
    await repo.updateUser(tx, user.id, { totpSecret: ctx.secrets.seal(secret), totpLastStep: null });
    audit({ action: 'auth.totp.enrol.start', objectType: 'user', objectId: user.id });
  });
  const uri = totpUri(secret, user.username);
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

export async function confirmTotpEnrolment(ctx: Ctx, code: string): Promise<void> {
  const actor = requireActor(ctx);
  const user = await repo.userById(ctx.db, actor.userId);
  if (!user?.totpSecret || user.totpEnabledAt) throw new AppError('AUTH_TOTP_NOT_STARTED');
  const now = ctx.clock.now();
  const step = checkTotp(ctx.secrets.open(user.totpSecret), code, now, null);
  if (step === null) {
    await recordAudit(ctx, { action: 'auth.totp.enrol.confirm', result: 'failed', code: 'TOTP_INVALID' });
    throw new AppError('TOTP_INVALID');
  }
  await write(ctx, async (tx, audit) => {
    await repo.updateUser(tx, user.id, { totpEnabledAt: now, totpLastStep: step, updatedAt: now });
    audit({ action: 'auth.totp.enrol.confirm', objectType: 'user', objectId: user.id });
  });
}
