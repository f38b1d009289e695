import { and, asc, count, desc, eq, gt, gte, like, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditCheckpoints, auditEntries } from '../../db/schema/index.ts';

export type AuditRow = typeof auditEntries.$inferSelect;

const CHAIN_LOCK = sql`SELECT pg_advisory_xact_lock(5937664001)`;

export async function lockChain(ex: Executor): Promise<void> {
  // One advisory lock serialises appends so that concurrent writers never fork the chain;
  // it is held until the writing transaction ends.
  await ex.execute(CHAIN_LOCK);
}

export async function head(ex: Executor): Promise<{ seq: number; hash: string } | null> {
  const [row] = await ex
    .select({ seq: auditEntries.seq, hash: auditEntries.hash })
    .from(auditEntries)
    .orderBy(desc(auditEntries.seq))
    .limit(1);
  return row ?? null;
}

export async function insertEntries(ex: Executor, rows: AuditRow[]): Promise<void> {
  if (rows.length < 20) {
    await ex.insert(auditEntries).values(rows);
    return;
  }
  // Many entries at once (a batch of ballots) go as one JSON parameter: building a many-row
  // insert statement costs more than the database's work, and it runs under the chain's lock.
  const json = rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    user_id: r.userId,
    username: r.username,
    role: r.role,
    action: r.action,
    object_type: r.objectType,
    object_id: r.objectId,
    result: r.result,
    code: r.code,
    request_id: r.requestId,
    client_ip: r.clientIp,
    prev_hash: r.prevHash,
    hash: r.hash,
  }));
  await ex.execute(sql`
    insert into audit_entries (seq, at, user_id, username, role, action, object_type, object_id,
                               result, code, request_id, client_ip, prev_hash, hash)
    select seq, at, user_id, username, role, action, object_type, object_id,
           result, code, request_id, client_ip, prev_hash, hash
      from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(
        seq bigint, at timestamptz, user_id uuid, username text, role text, action text,
        object_type text, object_id text, result text, code text, request_id text, client_ip text,
        prev_hash text, hash text)
     order by seq`);
}

/** A batch of entries after `afterSeq`, in order (keyset pagination for verification). */
export async function batchAfter(ex: Executor, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return ex
    .select()
    .from(auditEntries)
    .where(gt(auditEntries.seq, afterSeq))
    .orderBy(asc(auditEntries.seq))
    .limit(limit);
}

export async function entryAt(ex: Executor, seq: number): Promise<AuditRow | null> {
  const [row] = await ex.select().from(auditEntries).where(eq(auditEntries.seq, seq));
  return row ?? null;
}

export interface EntryFilter {
  userId?: string;
  action?: string;
  /** e.g. 'auth.' for account and role changes. */
  actionPrefix?: string;
  objectType?: string;
  objectId?: string;
  result?: string;
  from?: Date;
  to?: Date;
}

function filterSql(f: EntryFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.userId) parts.push(eq(auditEntries.userId, f.userId));
  if (f.action) parts.push(eq(auditEntries.action, f.action));
  if (f.actionPrefix)
    parts.push(like(auditEntries.action, `${f.actionPrefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  if (f.objectType) parts.push(eq(auditEntries.objectType, f.objectType));
  if (f.objectId) parts.push(eq(auditEntries.objectId, f.objectId));
  if (f.result) parts.push(eq(auditEntries.result, f.result));
  if (f.from) parts.push(gte(auditEntries.at, f.from));
  if (f.to) parts.push(lte(auditEntries.at, f.to));
  return parts.length ? and(...parts) : undefined;
}

export async function listEntries(
  ex: Executor,
  f: EntryFilter,
  page: { limit: number; offset: number },
): Promise<{ items: AuditRow[]; total: number }> {
  const where = filterSql(f);
  const items = await ex
    .select()
    .from(auditEntries)
    .where(where)
    .orderBy(desc(auditEntries.seq))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(auditEntries).where(where);
  return { items, total };
}

export async function insertCheckpoint(ex: Executor, row: typeof auditCheckpoints.$inferInsert) {
  const [cp] = await ex.insert(auditCheckpoints).values(row).returning();
  return cp!;
}

export async function listCheckpoints(ex: Executor, limit: number) {
  return ex.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(limit);
}
