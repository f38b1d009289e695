import { randomInt } from 'node:crypto';
import type { PasswordResetView, ResetOutcome, UserView } from '../../../common/contracts/auth.ts';
import type { Role } from '../../../common/roles.ts';
import { isAdminRole } from '../../../common/roles.ts';
import type { SecurityPolicy } from '../../../common/settings.ts';
import type { Executor, Tx } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { setSetting } from '../system/settings.service.ts';
import { addTodo, completeTodosOf } from '../todo/todo.service.ts';
import { assertGrantScope, assertSeparationOfDuties } from './auth.policy.ts';
import type { UserRow } from './auth.repository.ts';
import * as repo from './auth.repository.ts';
import { hashPassword } from './password.ts';
import { grantView, requireActor } from './sessions.service.ts';

/** Account administration: accounts and their status, password resets (with approval), roles, the security policy. */

// ——— account administration (system administrator) ———

/** A readable initial password that meets the policy: three groups, all four classes. */
export function generateInitialPassword(): string {
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const digits = '23456789';
  const pick = (set: string, n: number) =>
    Array.from({ length: n }, () => set[randomInt(set.length)]).join('');
  return `${pick(upper, 2)}${pick(lower, 4)}-${pick(digits, 4)}-${pick(lower, 2)}${pick(upper, 1)}`;
}

export async function createUser(
  ctx: Ctx,
  input: { username: string; displayName: string },
): Promise<{ user: UserView; initialPassword: string }> {
  const actor = requireActor(ctx);
  const initialPassword = generateInitialPassword();
  const hashed = await hashPassword(initialPassword);
  if (await repo.userByName(ctx.db, input.username)) throw new AppError('ALREADY_EXISTS', '用户名已被使用');
  const user = await write(ctx, async (tx, audit) => {
    const u = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash: hashed,
      mustChangePassword: true,
      createdBy: actor.userId,
      updatedBy: actor.userId,
    });
    audit({ action: 'auth.user.create', objectType: 'user', objectId: u.id });
    return u;
  });
  return { user: toUserView(user, []), initialPassword };
}

export async function setUserStatus(
  ctx: Ctx,
  userId: string,
  status: 'active' | 'disabled',
): Promise<UserView> {
  const actor = requireActor(ctx);
  if (userId === actor.userId) throw new AppError('SELF_ACTION_FORBIDDEN');
  const now = ctx.clock.now();
  return write(ctx, async (tx, audit) => {
    const user = await repo.lockUserRow(tx, userId);
    if (!user) throw notFound('账号');
    await repo.updateUser(tx, userId, { status, updatedAt: now, updatedBy: actor.userId });
    if (status === 'disabled') await repo.endSessionsOf(tx, userId, now, 'disabled');
    audit({
      action: status === 'disabled' ? 'auth.user.disable' : 'auth.user.enable',
      objectType: 'user',
      objectId: userId,
    });
    return toUserView({ ...user, status }, await repo.grantsOf(tx, userId));
  });
}

/**
 * The system administrator resets a password. For an account holding an assessment role
 * (anything but the three administrators') this only files a request: a security
 * administrator approves it and receives the new password, so the system administrator never
 * holds a usable password of an officer. Either way the owner must change it at the next login.
 */
export async function resetPassword(ctx: Ctx, userId: string): Promise<ResetOutcome> {
  const actor = requireActor(ctx);
  if (userId === actor.userId) throw new AppError('SELF_ACTION_FORBIDDEN', '请在“修改密码”页修改自己的密码');
  const user = await repo.userById(ctx.db, userId);
  if (!user) throw notFound('账号');
  const grants = await repo.grantsOf(ctx.db, userId);
  if (grants.some((g) => !isAdminRole(g.role))) {
    const request = await write(ctx, async (tx, audit) => {
      await repo.lockUserRow(tx, userId);
      if (await repo.pendingResetOf(tx, userId)) throw new AppError('AUTH_RESET_PENDING');
      const r = await repo.insertReset(tx, {
        userId,
        requestedBy: actor.userId,
        requestedAt: ctx.clock.now(),
      });
      await addTodo(ctx, tx, {
        module: 'auth',
        kind: 'reset.approve',
        title: `审批 ${user.displayName}（${user.username}）的密码重置申请`,
        link: '/auth/users',
        recordType: 'auth_password_reset',
        recordId: r.id,
        assigneeRole: 'security_admin',
        sourceKey: `auth.reset:${r.id}`,
      });
      audit({ action: 'auth.user.reset_password.request', objectType: 'user', objectId: userId });
      return r;
    });
    return { status: 'pending_approval', requestId: request.id };
  }
  const initialPassword = await applyReset(ctx, userId, 'auth.user.reset_password');
  return { status: 'reset', initialPassword };
}

/** Sets a fresh one-time password; the owner must change it and is told at the next login. */
async function applyReset(
  ctx: Ctx,
  userId: string,
  action: string,
  extra?: (tx: Tx) => Promise<void>,
): Promise<string> {
  const actor = requireActor(ctx);
  const initialPassword = generateInitialPassword();
  const hashed = await hashPassword(initialPassword);
  const now = ctx.clock.now();
  await write(ctx, async (tx, audit) => {
    const user = await repo.lockUserRow(tx, userId);
    if (!user) throw notFound('账号');
    if (extra) await extra(tx);
    await repo.addPasswordHistory(tx, userId, user.passwordHash, now);
    await repo.updateUser(tx, userId, {
      passwordHash: hashed,
      mustChangePassword: true,
      passwordResetAt: now,
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: now,
      updatedBy: actor.userId,
    });
    await repo.endSessionsOf(tx, userId, now, 'password_reset');
    audit({ action, objectType: 'user', objectId: userId });
  });
  return initialPassword;
}

/** The security administrator approves a reset request: the one-time password is shown to them once. */
export async function approveReset(ctx: Ctx, requestId: string): Promise<{ initialPassword: string }> {
  const actor = requireActor(ctx);
  const request = await repo.lockReset(ctx.db, requestId);
  if (!request) throw notFound('重置申请');
  if (request.userId === actor.userId) throw new AppError('SELF_ACTION_FORBIDDEN');
  const initialPassword = await applyReset(
    ctx,
    request.userId,
    'auth.user.reset_password.approve',
    async (tx) => {
      const r = await repo.lockReset(tx, requestId);
      if (r?.status !== 'pending') throw new AppError('AUTH_RESET_NOT_PENDING');
      await repo.decideReset(tx, requestId, {
        status: 'approved',
        decidedBy: actor.userId,
        decidedAt: ctx.clock.now(),
      });
      await completeTodosOf(ctx, tx, { recordType: 'auth_password_reset', recordId: requestId });
    },
  );
  return { initialPassword };
}

export async function rejectReset(ctx: Ctx, requestId: string): Promise<void> {
  const actor = requireActor(ctx);
  await write(ctx, async (tx, audit) => {
    const r = await repo.lockReset(tx, requestId);
    if (!r) throw notFound('重置申请');
    if (r.status !== 'pending') throw new AppError('AUTH_RESET_NOT_PENDING');
    await repo.decideReset(tx, requestId, {
      status: 'rejected',
      decidedBy: actor.userId,
      decidedAt: ctx.clock.now(),
    });
    await completeTodosOf(ctx, tx, { recordType: 'auth_password_reset', recordId: requestId });
    audit({ action: 'auth.user.reset_password.reject', objectType: 'user', objectId: r.userId });
  });
}

export async function listResets(
  ctx: Ctx,
  status: 'pending' | 'approved' | 'rejected' | undefined,
  page: { limit: number; offset: number },
): Promise<{ items: PasswordResetView[]; total: number }> {
  const { items, total } = await repo.listResets(ctx.db, status, page);
  return {
    items: items.map((r) => ({
      ...r,
      status: r.status as PasswordResetView['status'],
      requestedAt: r.requestedAt,
      decidedAt: r.decidedAt,
    })),
    total,
  };
}

export async function listUsers(
  ctx: Ctx,
  f: { q?: string; role?: Role; status?: string },
  page: { limit: number; offset: number },
) {
  const { items, total } = await repo.listUsers(ctx.db, f, page);
  const grants = await repo.grantsOfMany(
    ctx.db,
    items.map((u) => u.id),
  );
  return { items: items.map((u) => toUserView(u, grants.get(u.id) ?? [])), total };
}

export function toUserView(u: UserRow, grants: RoleGrant[]): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    status: u.status as 'active' | 'disabled',
    roles: grants.map(grantView),
    lockedUntil: u.lockedUntil,
    totpEnabled: !!u.totpEnabledAt,
    mustChangePassword: u.mustChangePassword,
    isDemo: u.isDemo,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

// ——— roles and policy (security administrator) ———

export type ScopeCheck = (
  ex: Executor,
  scope: { unitId?: string; cadreId?: string },
) => Promise<string | null>;

/** Modules that own unit and cadre records register a check that a grant's scope exists. */
const scopeChecks: ScopeCheck[] = [];
export function registerScopeCheck(check: ScopeCheck): void {
  scopeChecks.push(check);
}

export async function grantRole(
  ctx: Ctx,
  userId: string,
  input: { role: Role; unitId?: string; cadreId?: string; department?: string },
): Promise<UserView> {
  const actor = requireActor(ctx);
  if (userId === actor.userId) throw new AppError('SELF_ACTION_FORBIDDEN', '不能给自己授予或撤销角色');
  assertGrantScope(input.role, input);
  return write(ctx, async (tx, audit) => {
    const user = await repo.lockUserRow(tx, userId);
    if (!user) throw notFound('账号');
    const current = await repo.grantsOf(tx, userId);
    if (current.some((g) => g.role === input.role)) throw new AppError('ALREADY_EXISTS', '该账号已有此角色');
    assertSeparationOfDuties(current, input.role);
    for (const check of scopeChecks) {
      const problem = await check(tx, input);
      if (problem) throw new AppError('VALIDATION_FAILED', problem);
    }
    await repo.insertGrant(tx, {
      userId,
      role: input.role,
      unitId: input.unitId ?? null,
      cadreId: input.cadreId ?? null,
      department: input.department ?? null,
      grantedBy: actor.userId,
    });
    audit({ action: 'auth.role.grant', objectType: 'user', objectId: userId });
    return toUserView(user, await repo.grantsOf(tx, userId));
  });
}

export async function revokeRole(ctx: Ctx, userId: string, role: Role): Promise<UserView> {
  const actor = requireActor(ctx);
  if (userId === actor.userId) throw new AppError('SELF_ACTION_FORBIDDEN', '不能给自己授予或撤销角色');
  return write(ctx, async (tx, audit) => {
    const user = await repo.lockUserRow(tx, userId);
    if (!user) throw notFound('账号');
    if (!(await repo.deleteGrant(tx, userId, role))) throw notFound('该角色授予');
    audit({ action: 'auth.role.revoke', objectType: 'user', objectId: userId });
    return toUserView(user, await repo.grantsOf(tx, userId));
  });
}

export async function unlockUser(ctx: Ctx, userId: string): Promise<void> {
  await write(ctx, async (tx, audit) => {
    const user = await repo.lockUserRow(tx, userId);
    if (!user) throw notFound('账号');
    await repo.updateUser(tx, userId, { failedLogins: 0, lockedUntil: null });
    audit({ action: 'auth.user.unlock', objectType: 'user', objectId: userId });
  });
}

/** For a lost phone: the user enrols again at next login. */
export async function resetTotp(ctx: Ctx, userId: string): Promise<void> {
  const actor = requireActor(ctx);
  if (userId === actor.userId) throw new AppError('SELF_ACTION_FORBIDDEN');
  await write(ctx, async (tx, audit) => {
    const user = await repo.lockUserRow(tx, userId);
    if (!user) throw notFound('账号');
    await repo.updateUser(tx, userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    await repo.endSessionsOf(tx, userId, ctx.clock.now(), 'totp_reset');
    audit({ action: 'auth.totp.reset', objectType: 'user', objectId: userId });
  });
}

export async function updateSecurityPolicy(ctx: Ctx, policy: SecurityPolicy): Promise<SecurityPolicy> {
  const actor = requireActor(ctx);
  await write(ctx, async (tx, audit) => {
    await setSetting(tx, 'securityPolicy', policy, actor.userId);
    audit({ action: 'auth.policy.update', objectType: 'setting', objectId: 'securityPolicy' });
  });
  return policy;
}
