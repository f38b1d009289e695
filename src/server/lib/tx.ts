import type { Tx } from '../db/client.ts';
import { type AuditEvent, appendEntries } from '../modules/audit/audit.service.ts';
import { afterCommit, transaction } from './after-commit.ts';
import type { Ctx } from './context.ts';
import { announceChange, dataChanged } from './data-version.ts';

export type Audit = (event: AuditEvent) => void;

/**
 * Runs a write in one transaction and appends its audit entries to the chain just before
 * commit: the record and its audit entry are written together or not at all.
 */
export async function write<T>(ctx: Ctx, fn: (tx: Tx, audit: Audit) => Promise<T>): Promise<T> {
  return transaction(ctx.db, async (tx) => {
    const events: AuditEvent[] = [];
    const result = await fn(tx, (e) => events.push(e));
    await appendEntries(tx, ctx, events);
    await announceChange(tx);
    afterCommit(tx, dataChanged);
    return result;
  });
}
