import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../../common/roles.ts';
import { actorRef, createdAt, id, ts, updatedAt } from './columns.ts';
import { orgCadres, orgUnits } from './org.ts';

const roleList = sql.raw(ROLES.map((r) => `'${r}'`).join(','));

export const authUsers = pgTable(
  'auth_users',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    /** TOTP secret, encrypted with the master key (AES-256-GCM). */
    totpSecret: text('totp_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    /** Last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    status: text('status').notNull().default('active'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    isDemo: boolean('is_demo').notNull().default(false),
    lastLoginAt: ts('last_login_at'),
    passwordChangedAt: ts('password_changed_at'),
    /** When an approved reset set the password; the owner is told at the next login. Cleared by their own change. */
    passwordResetAt: ts('password_reset_at'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('auth_users_username_uq').on(sql`lower(${t.username})`),
    check('auth_users_status_chk', sql`${t.status} in ('active','disabled')`),
  ],
);

export const authUserRoles = pgTable(
  'auth_user_roles',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => authUsers.id),
    role: text('role').notNull(),
    /** Scope of unit_admin. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** The cadre record of a cadre's own account (optional for organization-department leaders). */
    cadreId: uuid('cadre_id').references(() => orgCadres.id),
    /** The providing department of a data_provider (e.g. 发改, 统计, 财政). */
    department: text('department'),
    grantedBy: actorRef('granted_by'),
    grantedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('auth_user_roles_user_role_uq').on(t.userId, t.role),
    check('auth_user_roles_role_chk', sql`${t.role} in (${roleList})`),
  ],
);

export const authSessions = pgTable(
  'auth_sessions',
  {
    /** SM3 of the cookie value: a database reader cannot replay a session. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => authUsers.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    clientIp: text('client_ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** The step between a correct password and a correct TOTP code. */
export const authLoginChallenges = pgTable('auth_login_challenges', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => authUsers.id),
  createdAt: createdAt(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

/** Earlier password hashes (same algorithm as passwords): the last N cannot be used again. */
export const authPasswordHistory = pgTable(
  'auth_password_history',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => authUsers.id),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('auth_password_history_user_idx').on(t.userId, t.createdAt)],
);

/**
 * A password reset asked for by the system administrator for an account holding an assessment
 * role: it takes effect only when a security administrator approves it, and the new password
 * is shown once to that security administrator.
 */
export const authPasswordResets = pgTable(
  'auth_password_resets',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => authUsers.id),
    status: text('status').notNull().default('pending'),
    requestedBy: actorRef('requested_by'),
    requestedAt: createdAt(),
    decidedBy: actorRef('decided_by'),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    check('auth_password_resets_status_chk', sql`${t.status} in ('pending','approved','rejected')`),
    uniqueIndex('auth_password_resets_pending_uq').on(t.userId).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Failed logins counted by something other than an account: an unknown username (so that it
 * locks exactly like a known one) or a client address (password spraying across usernames).
 */
export const authLoginThrottle = pgTable('auth_login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: ts('window_start').notNull(),
  lockedUntil: ts('locked_until'),
});
