import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { ChannelListener, connectionStringOf } from '../db/listener.ts';
import { databaseOf } from './after-commit.ts';

/**
 * A counter of committed changes: every write (`write()`), every job that ran and every
 * uploaded file bumps it once it has committed. Answers that many people open (home cards,
 * lists, statistics; see summary-cache.ts) are computed once per change: kept while the counter
 * stands, recomputed after it moves.
 *
 * On PostgreSQL several server processes may share the database: each change also sends a
 * NOTIFY on `yzd_data` inside its transaction, delivered to every process when it commits, and
 * each process bumps its counter on hearing one. While a process cannot hear (its listening
 * connection is down) `heard()` is false and the summaries fall back to a short time limit.
 */
export const DATA_CHANNEL = 'yzd_data';

let version = 0;
let deaf = 0;

export function dataVersion(): number {
  return version;
}

export function dataChanged(): void {
  version += 1;
}

/** False while some database's changes by other processes may go unheard. */
export function heard(): boolean {
  return deaf === 0;
}

/**
 * Tells the server processes on a PostgreSQL database (this one included) that the data changed,
 * when `ex`'s transaction commits — also from the command line. On the embedded database (one
 * process) there is nobody else to tell.
 */
export async function announceChange(ex: Executor, db: Db | null = databaseOf(ex)): Promise<void> {
  if (db && connectionStringOf(db)) await ex.execute(sql`SELECT pg_notify(${DATA_CHANNEL}, '')`);
}

/** Starts hearing other processes' changes to a PostgreSQL database; the returned function stops. */
export async function startDataVersion(db: Db, kind: 'pglite' | 'postgres'): Promise<() => Promise<void>> {
  const url = connectionStringOf(db);
  if (kind !== 'postgres' || !url) return async () => {};
  let listening = false;
  deaf += 1;
  const listener = new ChannelListener(url, DATA_CHANNEL, {
    notify: () => dataChanged(),
    live: () => {
      // What changed while nobody listened is unknown.
      dataChanged();
      if (!listening) deaf -= 1;
      listening = true;
    },
    lost: () => {
      if (listening) deaf += 1;
      listening = false;
      dataChanged();
    },
  });
  await listener.start();
  return async () => {
    await listener.stop();
    if (!listening) deaf -= 1;
    listening = false;
  };
}
