import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.ts';
import { ChannelListener, connectionStringOf } from '../../db/listener.ts';
import { afterCommit, databaseOf } from '../../lib/after-commit.ts';
import type { RoleGrant } from '../../lib/context.ts';
import type { SessionRow, UserRow } from './auth.repository.ts';

/**
 * Resolved sessions kept in memory so that a logged-in request needs no database round trip.
 *
 * Whatever can end a session or change what it may do (logout, disabling the account, role
 * grants, password change or reset, lockout, a new login) calls `sessionsChanged` in its
 * transaction: this process drops the entries at once and again after the commit, and on
 * PostgreSQL a NOTIFY on `yzd_sessions` makes every other process drop them when the change
 * commits. A short TTL bounds the staleness should a notification be lost; while the listening
 * connection is down nothing is served from memory. An entry that looks idle, expired or
 * disabled is always checked again in the database.
 */

export const SESSION_CHANNEL = 'yzd_sessions';
/** PostgreSQL: the safety net behind LISTEN/NOTIFY. */
const PG_TTL_MS = 10_000;
/** Embedded database: one process, every change goes through this module. */
const EMBEDDED_TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;

export interface CachedSession {
  session: SessionRow;
  user: UserRow;
  grants: RoleGrant[];
  /** When the session was last seen by this process (persisted at most once a minute). */
  lastSeenAt: Date;
  /** The owner's logins since a password reset (null without a reset). */
  loginsSince: { at: Date; clientIp: string | null; userAgent: string | null }[] | null;
  loadedAt: number;
}

type Change = { userId: string } | { idHash: string };

class SessionCache {
  private entries = new Map<string, CachedSession>();
  /** Bumped by every change: a lookup that raced a change is not kept. */
  epoch = 0;
  /** False while the cache cannot hear other processes' changes. */
  live: boolean;
  private listener: ChannelListener | null = null;

  constructor(
    readonly kind: 'pglite' | 'postgres',
    private readonly connectionString: string | null,
  ) {
    this.live = kind === 'pglite';
  }

  private get ttl(): number {
    return this.kind === 'postgres' ? PG_TTL_MS : EMBEDDED_TTL_MS;
  }

  get(idHash: string): CachedSession | null {
    if (!this.live) return null;
    const e = this.entries.get(idHash);
    if (!e) return null;
    if (performance.now() - e.loadedAt > this.ttl) {
      this.entries.delete(idHash);
      return null;
    }
    return e;
  }

  /** Keeps a lookup's result unless a change happened since the lookup began (`epoch`). */
  put(idHash: string, entry: CachedSession, epoch: number): void {
    if (!this.live || epoch !== this.epoch) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(idHash, entry);
  }

  drop(change: Change | null): void {
    this.epoch += 1;
    if (!change) {
      this.entries.clear();
      return;
    }
    if ('idHash' in change) {
      this.entries.delete(change.idHash);
      return;
    }
    for (const [k, e] of this.entries) if (e.user.id === change.userId) this.entries.delete(k);
  }

  /** PostgreSQL: hears other processes' changes; until it does, nothing is served from memory. */
  async listen(): Promise<void> {
    if (this.kind !== 'postgres' || !this.connectionString || this.listener) return;
    this.listener = new ChannelListener(this.connectionString, SESSION_CHANNEL, {
      notify: (payload) => this.drop(parseChange(payload)),
      live: () => {
        // Changes made while nobody listened are unknown: start empty.
        this.drop(null);
        this.live = true;
      },
      lost: () => {
        this.live = false;
        this.drop(null);
      },
    });
    await this.listener.start();
  }

  async stop(): Promise<void> {
    this.live = false;
    this.drop(null);
    const l = this.listener;
    this.listener = null;
    await l?.stop();
  }
}

function parseChange(payload: string | undefined): Change | null {
  if (payload?.startsWith('u:')) return { userId: payload.slice(2) };
  if (payload?.startsWith('s:')) return { idHash: payload.slice(2) };
  return null;
}

const caches = new WeakMap<object, { cache: SessionCache; users: number }>();

/** Caches of this process, for a change in a transaction whose database is not known. */
const allCaches = new Set<SessionCache>();

/** The cache of a database, or null when none is running (then every lookup reads the database). */
export function sessionCacheOf(db: Db): SessionCache | null {
  return caches.get(db)?.cache ?? null;
}

/**
 * Starts the session cache of a database for a server on it; the returned function stops it.
 * On PostgreSQL it listens on its own connection to the database the pool uses.
 */
export async function startSessionCache(db: Db, kind: 'pglite' | 'postgres'): Promise<() => Promise<void>> {
  let held = caches.get(db);
  if (!held) {
    held = { cache: new SessionCache(kind, connectionStringOf(db)), users: 0 };
    caches.set(db, held);
    allCaches.add(held.cache);
    await held.cache.listen();
  }
  held.users += 1;
  const h = held;
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    h.users -= 1;
    if (h.users === 0) {
      caches.delete(db);
      allCaches.delete(h.cache);
      await h.cache.stop();
    }
  };
}

/**
 * Says, inside the transaction that makes it, that a change affects sessions: of one session
 * (logout) or of every session of a user (disable, roles, password, lockout, login).
 */
export async function sessionsChanged(ex: Executor, change: Change): Promise<void> {
  const payload = 'idHash' in change ? `s:${change.idHash}` : `u:${change.userId}`;
  const db = databaseOf(ex);
  const drop = () => {
    const held = db ? caches.get(db) : null;
    if (held) held.cache.drop(change);
    else if (!db) for (const c of allCaches) c.drop(change);
  };
  drop();
  afterCommit(ex, drop);
  // Delivered to every listening process when the transaction commits (harmless on the
  // embedded database, where nobody listens).
  await ex.execute(sql`SELECT pg_notify(${SESSION_CHANNEL}, ${payload})`);
}
