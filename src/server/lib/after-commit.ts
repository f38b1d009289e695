import type { Db, Executor, Tx } from '../db/client.ts';

interface Open {
  /** Null inside a transaction this module did not open. */
  db: Db | null;
  callbacks: (() => void)[];
}

const open = new WeakMap<object, Open>();

/**
 * Runs `fn` in a transaction of `db` and, once it has committed, the callbacks that the work
 * registered with `afterCommit` (a rolled-back transaction runs none).
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const nested = 'rollback' in db;
  // Inside a transaction (a savepoint) the callbacks wait for the outer commit when it is known.
  const parent = nested ? open.get(db) : undefined;
  const callbacks: (() => void)[] = [];
  const result = await db.transaction(async (tx) => {
    open.set(tx, { db: parent ? parent.db : nested ? null : db, callbacks });
    return fn(tx);
  });
  if (parent) parent.callbacks.push(...callbacks);
  else for (const cb of callbacks) cb();
  return result;
}

/**
 * Runs `fn` when the transaction `ex` commits: at once when `ex` is the database itself (the
 * statement has committed) or a transaction not opened by `transaction` above.
 */
export function afterCommit(ex: Executor, fn: () => void): void {
  const o = open.get(ex);
  if (o) o.callbacks.push(fn);
  else fn();
}

/** The database of an executor, when known. */
export function databaseOf(ex: Executor): Db | null {
  if (!('rollback' in ex)) return ex as Db;
  return open.get(ex)?.db ?? null;
}
