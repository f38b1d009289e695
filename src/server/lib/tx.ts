import { randomInt } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import { type AuditEvent, appendEntries } from '../modules/audit/audit.service.ts';
import { afterCommit, transaction } from './after-commit.ts';
import type { Ctx } from './context.ts';
import { announceChange, dataChanged } from './data-version.ts';
import { isRetryableConflict } from './errors.ts';

export type Audit = (event: AuditEvent) => void;

export interface WriteOptions {
  /**
   * When PostgreSQL refuses the transaction because of a concurrent one (serialization failure
   * 40001, deadlock victim 40P01), run the whole of it again: at most CONFLICT_ATTEMPTS runs in
   * all, with a short random pause between, before the refusal goes to the caller (409 CONFLICT).
   * Each run starts from scratch (its records, its audit entries), and only the run that
   * commits leaves anything behind. For user actions that meet background jobs on the same
   * rows. Ignored inside an enclosing transaction, which alone could be run again.
   */
  retryConflicts?: boolean;
}

/** How many times a write with `retryConflicts` runs at most. */
export const CONFLICT_ATTEMPTS = 4;

/** The pause before run `attempt + 1`: doubling from 25 ms, each drawn at random in [½, 1] of it. */
export function conflictBackoffMs(attempt: number): number {
  const ceiling = 25 * 2 ** (attempt - 1);
  return randomInt(Math.floor(ceiling / 2), ceiling + 1);
}

/**
 * Runs a write in one transaction and appends its audit entries to the chain just before
 * commit: the record and its audit entry are written together or not at all.
 */
export async function write<T>(
  ctx: Ctx,
  fn: (tx: Tx, audit: Audit) => Promise<T>,
  opts: WriteOptions = {},
): Promise<T> {
  const run = () =>
    transaction(ctx.db, async (tx) => {
      const events: AuditEvent[] = [];
      const result = await fn(tx, (e) => events.push(e));
      await appendEntries(tx, ctx, events);
      await announceChange(tx);
      afterCommit(tx, dataChanged);
      return result;
    });
  if (!opts.retryConflicts || 'rollback' in ctx.db) return run();
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= CONFLICT_ATTEMPTS || !isRetryableConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, conflictBackoffMs(attempt)));
    }
  }
}
