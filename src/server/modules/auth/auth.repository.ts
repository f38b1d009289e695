import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.ts';
import type { Executor } from '../../db/client.ts';
import {
  authLoginChallenges,
  authLoginThrottle,
  authPasswordHistory,
  authPasswordResets,
  authSessions,
  authUserRoles,
  authUsers,
} from '../../db/schema/index.ts';
import type { RoleGrant } from '../../lib/context.ts';
import { sessionsChanged } from './session-cache.ts';

export type UserRow = typeof authUsers.$inferSelect;
export type SessionRow = typeof authSessions.$inferSelect;

export async function userByName(ex: Executor, username: string): Promise<UserRow | null> {
  const [row] = await ex
    .select()
    .from(authUsers)
    .where(sql`lower(${authUsers.username}) = lower(${username})`);
  return row ?? null;
}

export async function userById(ex: Executor, id: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(authUsers).where(eq(authUsers.id, id));
  return row ?? null;
}

export async function lockUserRow(ex: Executor, id: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(authUsers).where(eq(authUsers.id, id)).for('update');
  return row ?? null;
}

export async function updateUser(ex: Executor, id: string, patch: Partial<typeof authUsers.$inferInsert>) {
  await ex.update(authUsers).set(patch).where(eq(authUsers.id, id));
  await sessionsChanged(ex, { userId: id });
}

export async function insertUser(ex: Executor, row: typeof authUsers.$inferInsert): Promise<UserRow> {
  const [u] = await ex.insert(authUsers).values(row).returning();
  return u!;
}

export async function grantsOf(ex: Executor, userId: string): Promise<RoleGrant[]> {
  const rows = await ex
    .select({
      role: authUserRoles.role,
      unitId: authUserRoles.unitId,
      cadreId: authUserRoles.cadreId,
      department: authUserRoles.department,
    })
    .from(authUserRoles)
    .where(eq(authUserRoles.userId, userId))
    .orderBy(asc(authUserRoles.grantedAt));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function grantsOfMany(ex: Executor, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const map = new Map<string, RoleGrant[]>();
  if (userIds.length === 0) return map;
  const rows = await ex.select().from(authUserRoles).where(inArray(authUserRoles.userId, userIds));
  for (const r of rows) {
    const list = map.get(r.userId) ?? [];
    list.push({ role: r.role as Role, unitId: r.unitId, cadreId: r.cadreId, department: r.department });
    map.set(r.userId, list);
  }
  return map;
}

export async function insertGrant(ex: Executor, row: typeof authUserRoles.$inferInsert) {
  const [g] = await ex.insert(authUserRoles).values(row).returning();
  await sessionsChanged(ex, { userId: row.userId });
  return g!;
}

export async function deleteGrant(ex: Executor, userId: string, role: Role): Promise<boolean> {
  const res = await ex
    .delete(authUserRoles)
    .where(and(eq(authUserRoles.userId, userId), eq(authUserRoles.role, role)))
    .returning({ id: authUserRoles.id });
  await sessionsChanged(ex, { userId });
  return res.length > 0;
}

export async function listUsers(
  ex: Executor,
  f: { q?: string; role?: Role; status?: string },
  page: { limit: number; offset: number },
) {
  const parts = [];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    parts.push(or(ilike(authUsers.username, like), ilike(authUsers.displayName, like)));
  }
  if (f.status) parts.push(eq(authUsers.status, f.status));
  if (f.role) {
    parts.push(
      sql`exists (select 1 from ${authUserRoles} r where r.user_id = ${authUsers.id} and r.role = ${f.role})`,
    );
  }
  const where = parts.length ? and(...parts) : undefined;
  const items = await ex
    .select()
    .from(authUsers)
    .where(where)
    .orderBy(asc(authUsers.createdAt), asc(authUsers.username))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(authUsers).where(where);
  return { items, total };
}

export async function insertSession(ex: Executor, row: typeof authSessions.$inferInsert) {
  await ex.insert(authSessions).values(row);
  // The owner's other sessions show the logins since a password reset.
  await sessionsChanged(ex, { userId: row.userId });
}

export async function sessionByHash(ex: Executor, idHash: string): Promise<SessionRow | null> {
  const [row] = await ex.select().from(authSessions).where(eq(authSessions.idHash, idHash));
  return row ?? null;
}

export async function touchSession(ex: Executor, idHash: string, at: Date) {
  await ex.update(authSessions).set({ lastSeenAt: at }).where(eq(authSessions.idHash, idHash));
}

export async function endSession(ex: Executor, idHash: string, at: Date, reason: string) {
  await ex
    .update(authSessions)
    .set({ endedAt: at, endReason: reason })
    .where(and(eq(authSessions.idHash, idHash), isNull(authSessions.endedAt)));
  await sessionsChanged(ex, { idHash });
}

/** Ends every open session of a user (disable, password reset); returns how many. */
export async function endSessionsOf(
  ex: Executor,
  userId: string,
  at: Date,
  reason: string,
  exceptIdHash?: string,
): Promise<number> {
  const parts = [eq(authSessions.userId, userId), isNull(authSessions.endedAt)];
  if (exceptIdHash) parts.push(sql`${authSessions.idHash} <> ${exceptIdHash}`);
  const res = await ex
    .update(authSessions)
    .set({ endedAt: at, endReason: reason })
    .where(and(...parts))
    .returning({ id: authSessions.idHash });
  await sessionsChanged(ex, { userId });
  return res.length;
}

export async function countOpenSessions(ex: Executor, now: Date, idleMinutes: number): Promise<number> {
  const [{ n } = { n: 0 }] = await ex
    .select({ n: count() })
    .from(authSessions)
    .where(
      and(
        isNull(authSessions.endedAt),
        sql`${authSessions.expiresAt} > ${now}`,
        sql`${authSessions.lastSeenAt} > ${new Date(now.getTime() - idleMinutes * 60_000)}`,
      ),
    );
  return n;
}

export async function insertChallenge(ex: Executor, row: typeof authLoginChallenges.$inferInsert) {
  await ex.insert(authLoginChallenges).values(row);
}

export async function takeChallenge(ex: Executor, idHash: string) {
  const [row] = await ex
    .select()
    .from(authLoginChallenges)
    .where(eq(authLoginChallenges.idHash, idHash))
    .for('update');
  return row ?? null;
}

export async function useChallenge(ex: Executor, idHash: string, at: Date) {
  await ex.update(authLoginChallenges).set({ usedAt: at }).where(eq(authLoginChallenges.idHash, idHash));
}

export async function userCounts(ex: Executor, now: Date) {
  const [r] = await ex
    .select({
      active: sql<number>`count(*) filter (where ${authUsers.status} = 'active')`.mapWith(Number),
      disabled: sql<number>`count(*) filter (where ${authUsers.status} = 'disabled')`.mapWith(Number),
      locked: sql<number>`count(*) filter (where ${authUsers.lockedUntil} > ${now})`.mapWith(Number),
    })
    .from(authUsers);
  return r ?? { active: 0, disabled: 0, locked: 0 };
}

// ——— password history ———

export async function recentPasswordHashes(ex: Executor, userId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const rows = await ex
    .select({ h: authPasswordHistory.passwordHash })
    .from(authPasswordHistory)
    .where(eq(authPasswordHistory.userId, userId))
    .orderBy(desc(authPasswordHistory.createdAt))
    .limit(n);
  return rows.map((r) => r.h);
}

export async function addPasswordHistory(ex: Executor, userId: string, passwordHash: string, at: Date) {
  await ex.insert(authPasswordHistory).values({ userId, passwordHash, createdAt: at });
}

// ——— reset requests ———

export type ResetRow = typeof authPasswordResets.$inferSelect;

export async function insertReset(
  ex: Executor,
  row: typeof authPasswordResets.$inferInsert,
): Promise<ResetRow> {
  const [r] = await ex.insert(authPasswordResets).values(row).returning();
  return r!;
}

export async function lockReset(ex: Executor, id: string): Promise<ResetRow | null> {
  const [row] = await ex.select().from(authPasswordResets).where(eq(authPasswordResets.id, id)).for('update');
  return row ?? null;
}

export async function pendingResetOf(ex: Executor, userId: string): Promise<ResetRow | null> {
  const [row] = await ex
    .select()
    .from(authPasswordResets)
    .where(and(eq(authPasswordResets.userId, userId), eq(authPasswordResets.status, 'pending')));
  return row ?? null;
}

export async function decideReset(
  ex: Executor,
  id: string,
  patch: { status: 'approved' | 'rejected'; decidedBy: string; decidedAt: Date },
) {
  await ex.update(authPasswordResets).set(patch).where(eq(authPasswordResets.id, id));
}

export async function listResets(
  ex: Executor,
  status: string | undefined,
  page: { limit: number; offset: number },
) {
  const where = status ? eq(authPasswordResets.status, status) : undefined;
  const requester = sql<
    string | null
  >`(select u.display_name from ${authUsers} u where u.id = ${authPasswordResets.requestedBy})`;
  const decider = sql<
    string | null
  >`(select u.display_name from ${authUsers} u where u.id = ${authPasswordResets.decidedBy})`;
  const items = await ex
    .select({
      id: authPasswordResets.id,
      userId: authPasswordResets.userId,
      username: authUsers.username,
      displayName: authUsers.displayName,
      status: authPasswordResets.status,
      requestedAt: authPasswordResets.requestedAt,
      requestedByName: requester,
      decidedAt: authPasswordResets.decidedAt,
      decidedByName: decider,
    })
    .from(authPasswordResets)
    .innerJoin(authUsers, eq(authUsers.id, authPasswordResets.userId))
    .where(where)
    .orderBy(desc(authPasswordResets.requestedAt))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ex
    .select({ total: count() })
    .from(authPasswordResets)
    .where(where);
  return { items, total };
}

/** Logins (sessions opened) of a user since a moment, newest first. */
export async function sessionsSince(ex: Executor, userId: string, since: Date) {
  return ex
    .select({
      at: authSessions.createdAt,
      clientIp: authSessions.clientIp,
      userAgent: authSessions.userAgent,
    })
    .from(authSessions)
    .where(and(eq(authSessions.userId, userId), gte(authSessions.createdAt, since)))
    .orderBy(desc(authSessions.createdAt))
    .limit(50);
}

// ——— throttle (unknown usernames, client addresses) ———

export type ThrottleRow = typeof authLoginThrottle.$inferSelect;

export async function throttleRow(ex: Executor, key: string): Promise<ThrottleRow | null> {
  const [row] = await ex.select().from(authLoginThrottle).where(eq(authLoginThrottle.key, key));
  return row ?? null;
}

export async function lockThrottleRow(ex: Executor, key: string, now: Date): Promise<ThrottleRow> {
  await ex
    .insert(authLoginThrottle)
    .values({ key, failures: 0, windowStart: now })
    .onConflictDoNothing({ target: authLoginThrottle.key });
  const [row] = await ex.select().from(authLoginThrottle).where(eq(authLoginThrottle.key, key)).for('update');
  return row!;
}

export async function updateThrottle(ex: Executor, key: string, patch: Partial<ThrottleRow>) {
  await ex.update(authLoginThrottle).set(patch).where(eq(authLoginThrottle.key, key));
}
