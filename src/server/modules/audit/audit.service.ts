import type { Db, Executor } from '../../db/client.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { Ctx } from '../../lib/context.ts';
import { GENESIS_HASH, sm3Hex } from '../../lib/hash.ts';
import type { AuditRow } from './audit.repository.ts';
import * as repo from './audit.repository.ts';

/**
 * One thing to record. Privacy rules (SPEC §2): name the action and the object's id, never
 * content; `anonymous` entries (ballots) carry no user, no address, no request id and only
 * the day; a secret plan is named by the plan's id alone, never its targets.
 */
export interface AuditEvent {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  result?: 'ok' | 'denied' | 'failed';
  /** An error code for refused or failed attempts. */
  code?: string | null;
  anonymous?: boolean;
  /** For attempts before anyone is logged in (login): the name that was tried. */
  username?: string | null;
  userId?: string | null;
  /** The role, where no request has set one yet (login). */
  role?: string | null;
}

/** The fixed fields that the hash covers, in canonical form. */
export function canonicalEntry(e: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return canonicalJson({
    seq: e.seq,
    at: e.at.toISOString(),
    userId: e.userId,
    username: e.username,
    role: e.role,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    result: e.result,
    code: e.code,
    requestId: e.requestId,
    clientIp: e.clientIp,
  });
}

export function entryHash(prevHash: string, e: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return sm3Hex(Buffer.from(prevHash, 'hex'), canonicalEntry(e));
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** An entry's fields before it takes its place in the chain (sequence number and hashes). */
type Pending = Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>;

/** The entry's fields as of now, from the request that records it. */
function pendingEntry(ctx: Ctx, e: AuditEvent, now: Date): Pending {
  const anonymous = e.anonymous === true;
  return {
    at: anonymous ? startOfUtcDay(now) : now,
    userId: anonymous ? null : (e.userId ?? ctx.actor?.userId ?? null),
    username: anonymous ? null : (e.username ?? ctx.actor?.username ?? null),
    role: anonymous ? null : (e.role ?? ctx.actor?.activeRole ?? null),
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId ?? null,
    result: e.result ?? 'ok',
    code: e.code ?? null,
    requestId: anonymous ? null : ctx.requestId,
    clientIp: anonymous ? null : ctx.clientIp,
  };
}

/** Takes the chain lock and appends entries after the head, in order. */
async function chainEntries(ex: Executor, entries: Pending[]): Promise<void> {
  await repo.lockChain(ex);
  const last = await repo.head(ex);
  let prev = last?.hash ?? GENESIS_HASH;
  let seq = last?.seq ?? 0;
  const rows: AuditRow[] = [];
  for (const entry of entries) {
    seq += 1;
    const fields = { seq, ...entry };
    const hash = entryHash(prev, fields);
    rows.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  await repo.insertEntries(ex, rows);
}

/**
 * Appends events to the chain inside the caller's transaction. Takes the chain lock, so
 * call it as the transaction's last step to keep the lock short.
 */
export async function appendEntries(ex: Executor, ctx: Ctx, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const now = ctx.clock.now();
  await chainEntries(
    ex,
    events.map((e) => pendingEntry(ctx, e, now)),
  );
}

/** Entries waiting for the next group commit, with the callers awaiting it. */
interface Waiting {
  entries: Pending[];
  resolve(): void;
  reject(err: unknown): void;
}

/** More entries than this go in the next transaction (a bounded statement). */
const MAX_BATCH = 500;

/**
 * Group commit of the entries recorded outside a write (reads, refused attempts): callers
 * enqueue their entries and wait; one flush at a time appends everything waiting in one
 * transaction under one chain lock. A caller's promise settles only when its entries are
 * committed (or the flush failed), so an answer is never sent before its entry is durable.
 */
export class AuditBatcher {
  private queue: Waiting[] = [];
  private flushing = false;
  /** Tests: runs before each flush's transaction (to hold a flush back). */
  beforeFlush: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db) {}

  /** How many callers are waiting for a flush. */
  get waiting(): number {
    return this.queue.length;
  }

  append(entries: Pending[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the callers of this turn of the event loop join the same flush.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Waiting[] = [];
      let size = 0;
      while (this.queue.length > 0 && (size === 0 || size + this.queue[0]!.entries.length <= MAX_BATCH)) {
        const w = this.queue.shift()!;
        batch.push(w);
        size += w.entries.length;
      }
      try {
        if (this.beforeFlush) await this.beforeFlush();
        await this.db.transaction(async (tx) =>
          chainEntries(
            tx,
            batch.flatMap((w) => w.entries),
          ),
        );
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.flushing = false;
  }
}

const batchers = new WeakMap<object, AuditBatcher>();

/** The group-commit queue of a database. */
export function auditBatcher(db: Db): AuditBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new AuditBatcher(db);
    batchers.set(db, b);
  }
  return b;
}

const inTransaction = (ex: Executor) => 'rollback' in ex;

/**
 * Records events outside a write (refused attempts, reads): by group commit, resolving once
 * the entries are committed. Inside a transaction (a context whose db is one) they are
 * appended in it.
 */
export async function recordAudit(ctx: Ctx, ...events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (inTransaction(ctx.db)) return appendEntries(ctx.db, ctx, events);
  if (ctx.readAudits) {
    ctx.readAudits.push(...events);
    return;
  }
  const now = ctx.clock.now();
  await auditBatcher(ctx.db).append(events.map((e) => pendingEntry(ctx, e, now)));
}

export interface Checkpoint {
  seq: number;
  headHash: string;
  count: number;
  at: string;
}

export type ChainFailureKind =
  | 'gap'
  | 'prev_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_missing'
  | 'checkpoint_mismatch';

export interface VerifyResult {
  ok: boolean;
  count: number;
  head: { seq: number; hash: string } | null;
  failure: { seq: number; kind: ChainFailureKind; message: string } | null;
  checkpoint: Checkpoint | null;
}

const FAILURE_TEXT: Record<ChainFailureKind, (seq: number) => string> = {
  gap: (s) => `第 ${s} 条记录缺失（序号不连续），可能被删除`,
  prev_mismatch: (s) => `第 ${s} 条记录的前序哈希与上一条不符，链条断裂`,
  hash_mismatch: (s) => `第 ${s} 条记录的内容与哈希不符，可能被篡改`,
  checkpoint_missing: (s) => `检查点之前的第 ${s} 条记录不存在，最新记录可能被删除`,
  checkpoint_mismatch: (s) => `第 ${s} 条记录的哈希与检查点不符，链条可能被整体改写`,
};

/**
 * Recomputes the whole chain from the genesis and names the first sequence number that
 * fails. With a checkpoint kept elsewhere, also catches deletion of the newest entries and a
 * rewrite of the chain up to the checkpoint.
 */
export async function verifyChain(db: Db, checkpoint?: Checkpoint | null): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expected = 1;
  let count = 0;
  let head: { seq: number; hash: string } | null = null;
  const fail = (seq: number, kind: ChainFailureKind): VerifyResult => ({
    ok: false,
    count,
    head,
    failure: { seq, kind, message: FAILURE_TEXT[kind](seq) },
    checkpoint: checkpoint ?? null,
  });
  for (;;) {
    const batch = await repo.batchAfter(db, expected - 1, 2000);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expected) return fail(expected, 'gap');
      if (row.prevHash !== prev) return fail(row.seq, 'prev_mismatch');
      if (entryHash(prev, row) !== row.hash) return fail(row.seq, 'hash_mismatch');
      prev = row.hash;
      head = { seq: row.seq, hash: row.hash };
      count += 1;
      expected += 1;
    }
  }
  if (checkpoint) {
    if (!head || head.seq < checkpoint.seq) return fail((head?.seq ?? 0) + 1, 'checkpoint_missing');
    const at = await repo.entryAt(db, checkpoint.seq);
    if (!at || at.hash !== checkpoint.headHash) return fail(checkpoint.seq, 'checkpoint_mismatch');
  }
  return { ok: true, count, head, failure: null, checkpoint: checkpoint ?? null };
}

/** Records the current head as a checkpoint, to be exported and kept outside the system. */
export async function createCheckpoint(ctx: Ctx): Promise<Checkpoint> {
  return ctx.db.transaction(async (tx) => {
    await repo.lockChain(tx);
    const h = await repo.head(tx);
    const at = ctx.clock.now();
    const cp = await repo.insertCheckpoint(tx, {
      seq: h?.seq ?? 0,
      headHash: h?.hash ?? GENESIS_HASH,
      entryCount: h?.seq ?? 0,
      at,
      createdBy: ctx.actor?.userId ?? null,
    });
    await appendEntries(tx, ctx, [
      { action: 'audit.checkpoint', objectType: 'audit_checkpoint', objectId: cp.id },
    ]);
    return { seq: cp.seq, headHash: cp.headHash, count: cp.entryCount, at: at.toISOString() };
  });
}

export async function listCheckpoints(db: Db, limit = 50): Promise<Checkpoint[]> {
  const rows = await repo.listCheckpoints(db, limit);
  return rows.map((r) => ({ seq: r.seq, headHash: r.headHash, count: r.entryCount, at: r.at.toISOString() }));
}

export { listEntries } from './audit.repository.ts';
