import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../db/client.ts';
import { systemJobs } from '../../db/schema/index.ts';
import { type Ctx, type Deps, systemCtx } from '../../lib/context.ts';
import { announceChange, dataChanged } from '../../lib/data-version.ts';
import { AppError } from '../../lib/errors.ts';
import { sm3Hex } from '../../lib/hash.ts';
import type { Audit } from '../../lib/tx.ts';
import { type AuditEvent, appendEntries } from '../audit/audit.service.ts';

export type JobRow = typeof systemJobs.$inferSelect;

export interface JobScope {
  tx: Tx;
  ctx: Ctx;
  audit: Audit;
  /** Saves progress (e.g. rows imported of rows in the file), shown by progress bars. */
  progress(done: number, total: number): void;
}

/**
 * What a handler returns: a value kept as the job's result, or `{ again: true }` to be run
 * again at once (a chunked job doing its next chunk).
 */
export type JobOutcome = { again: true; result?: unknown } | { again?: false; result?: unknown } | undefined;
export type JobHandler = (
  payload: Record<string, unknown>,
  scope: JobScope,
  job: JobRow,
) => Promise<JobOutcome> | Promise<void>;

interface Definition {
  handler: JobHandler;
  everyMs?: number;
  /** Called in its own transaction when the last attempt has failed. */
  onFailed?: (payload: Record<string, unknown>, tx: Tx, message: string) => Promise<void>;
}

const registry = new Map<string, Definition>();
const runners = new Set<JobRunner>();

/** Asks running job runners to look for due jobs now rather than at their next poll. */
export function wakeJobs(): void {
  for (const r of runners) r.wake();
}

/** Declares a job kind. Each module defines its jobs at import time. */
export function defineJob(kind: string, handler: JobHandler, opts: Pick<Definition, 'onFailed'> = {}): void {
  registry.set(kind, { handler, ...opts });
}

/** Declares a job that runs every `everyMs` while the server runs, surviving restarts. */
export function defineRecurringJob(kind: string, everyMs: number, handler: JobHandler): void {
  registry.set(kind, { handler, everyMs });
}

export interface EnqueueOptions {
  kind: string;
  payload?: Record<string, unknown>;
  /** When it becomes due; from the caller's clock (ctx.clock.now() for "at once"). */
  runAt: Date;
  /** A job with the same key is never enqueued twice (e.g. one inspection per trigger hit). */
  uniqueKey?: string;
  maxAttempts?: number;
  createdBy?: string | null;
}

/** Adds a job in the caller's transaction; returns its id, or null when the unique key exists. */
export async function enqueue(ex: Executor, o: EnqueueOptions): Promise<number | null> {
  const rows = await ex
    .insert(systemJobs)
    .values({
      kind: o.kind,
      payload: o.payload ?? {},
      runAt: o.runAt,
      uniqueKey: o.uniqueKey ?? null,
      maxAttempts: o.maxAttempts ?? 5,
      createdBy: o.createdBy ?? null,
    })
    .onConflictDoNothing({ target: systemJobs.uniqueKey })
    .returning({ id: systemJobs.id });
  return rows[0]?.id ?? null;
}

export async function getJob(ex: Executor, id: number): Promise<JobRow | null> {
  const [row] = await ex.select().from(systemJobs).where(eq(systemJobs.id, id));
  return row ?? null;
}

/**
 * What administrators see of a failed attempt: a stable code and a reference, never the
 * error's text (a failed query's parameters, cadre ids, task texts). The full error goes to
 * the server log under the same reference.
 */
export function jobErrorSummary(jobId: number, attempt: number, err: unknown): { code: string; ref: string } {
  const code =
    err instanceof AppError
      ? err.code
      : typeof (err as { code?: unknown })?.code === 'string' &&
          /^[0-9A-Z]{5}$/.test((err as { code: string }).code)
        ? `DB_${(err as { code: string }).code}`
        : 'JOB_FAILED';
  const message = err instanceof Error ? err.message : String(err);
  const ref = `J${jobId}-${attempt}-${sm3Hex(message).slice(0, 8)}`;
  return { code, ref };
}

/** Delay before the next attempt: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * Runs due jobs in-process. Each job runs inside the transaction that claimed it
 * (`FOR UPDATE SKIP LOCKED`) and that marks it done, so a crash mid-job rolls the job's work
 * back and leaves it pending: jobs survive restarts and their effects happen once.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private halting = false;

  private readonly db: Db;
  private readonly clock: Deps['clock'];

  constructor(
    private readonly deps: Deps,
    private readonly opts: { pollMs?: number; log?: (msg: string, err?: unknown) => void } = {},
  ) {
    this.db = deps.db;
    this.clock = deps.clock;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.halting = false;
    await this.ensureRecurring();
    runners.add(this);
    this.schedule(0);
  }

  /** Runs the loop at once if it is waiting for its next poll. */
  wake(): void {
    if (this.stopped || this.running || !this.timer) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    runners.delete(this);
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue(50)
        .then(() => undefined)
        .catch((err) => this.opts.log?.('job loop failed', err))
        .finally(() => {
          this.running = null;
          this.schedule(this.opts.pollMs ?? 1000);
        });
    }, ms);
  }

  private async ensureRecurring(): Promise<void> {
    for (const [kind, def] of registry) {
      if (def.everyMs === undefined) continue;
      await enqueue(this.db, {
        kind,
        uniqueKey: `recurring:${kind}`,
        runAt: this.clock.now(),
        maxAttempts: 1000,
      });
    }
  }

  /** Runs due jobs one by one, at most `max`; returns how many ran. Tests call it directly. */
  async runDue(max = 1000): Promise<number> {
    let ran = 0;
    while (ran < max && !this.halting) {
      const did = await this.runOne();
      if (!did) break;
      ran += 1;
      // Let HTTP requests in between jobs: PGlite shares the main thread.
      await new Promise((r) => setImmediate(r));
    }
    return ran;
  }

  private async runOne(): Promise<boolean> {
    const now = this.clock.now();
    let claimed: JobRow | null = null;
    let failure: unknown = null;
    try {
      await this.db.transaction(async (tx) => {
        const [job] = await tx
          .select()
          .from(systemJobs)
          .where(and(eq(systemJobs.status, 'pending'), lte(systemJobs.runAt, now)))
          .orderBy(asc(systemJobs.runAt), asc(systemJobs.id))
          .limit(1)
          .for('update', { skipLocked: true });
        if (!job) return;
        claimed = job;
        const def = registry.get(job.kind);
        if (!def) throw new Error(`未知的任务类型：${job.kind}`);
        const ctx = systemCtx(this.deps, `job:${job.id}`);
        const events: AuditEvent[] = [];
        let progress: { done: number; total: number } | null = null;
        const outcome = await def.handler(
          (job.payload ?? {}) as Record<string, unknown>,
          {
            tx,
            ctx: { ...ctx, db: tx as unknown as Db },
            audit: (e) => events.push(e),
            progress: (done, total) => {
              progress = { done, total };
            },
          },
          job,
        );
        await appendEntries(tx, ctx, events);
        await announceChange(tx, this.db);
        const again = outcome?.again === true;
        const patch: Partial<typeof systemJobs.$inferInsert> = {
          updatedAt: now,
          progress: progress ?? job.progress,
          result: outcome?.result === undefined ? job.result : (outcome.result as object),
        };
        if (def.everyMs !== undefined) {
          Object.assign(patch, {
            runAt: new Date(now.getTime() + def.everyMs),
            attempts: 0,
            lastError: null,
          });
        } else if (again) {
          Object.assign(patch, { runAt: now, attempts: 0 });
        } else {
          Object.assign(patch, { status: 'done', finishedAt: now });
        }
        await tx.update(systemJobs).set(patch).where(eq(systemJobs.id, job.id));
      });
    } catch (err) {
      failure = err;
    }
    const job = claimed as JobRow | null;
    if (!job) {
      if (failure) throw failure;
      return false;
    }
    dataChanged();
    if (failure) await this.recordFailure(job, failure, now);
    return true;
  }

  private async recordFailure(job: JobRow, err: unknown, now: Date): Promise<void> {
    const attempts = job.attempts + 1;
    const final = attempts >= job.maxAttempts;
    const message = err instanceof Error ? err.message : String(err);
    const summary = jobErrorSummary(job.id, attempts, err);
    this.opts.log?.(`job ${job.id} (${job.kind}) failed, attempt ${attempts}, ref ${summary.ref}`, err);
    const onFailed = final ? registry.get(job.kind)?.onFailed : undefined;
    if (onFailed) {
      await this.db.transaction((tx) =>
        onFailed((job.payload ?? {}) as Record<string, unknown>, tx, message),
      );
    }
    await this.db
      .update(systemJobs)
      .set({
        attempts,
        lastError: `${summary.code} ${summary.ref}`,
        status: final ? 'failed' : 'pending',
        runAt: new Date(now.getTime() + backoffMs(attempts)),
        finishedAt: final ? now : null,
        updatedAt: now,
      })
      .where(eq(systemJobs.id, job.id));
  }
}

export async function jobStats(db: Db) {
  const byStatus = await db
    .select({ status: systemJobs.status, n: count() })
    .from(systemJobs)
    .groupBy(systemJobs.status);
  const recentFailures = await db
    .select({
      id: systemJobs.id,
      kind: systemJobs.kind,
      attempts: systemJobs.attempts,
      lastError: systemJobs.lastError,
      updatedAt: systemJobs.updatedAt,
      status: systemJobs.status,
    })
    .from(systemJobs)
    .where(sql`${systemJobs.lastError} is not null`)
    .orderBy(desc(systemJobs.updatedAt))
    .limit(20);
  return {
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    recentFailures: recentFailures.map(({ lastError, ...r }) => ({ ...r, ...shownError(r.id, lastError) })),
  };
}

/** A stored error as code and reference; anything else (an older row's text) shows no text. */
function shownError(id: number, stored: string | null): { errorCode: string; errorRef: string } {
  const m = /^([A-Z][A-Z0-9_]*) (J\d+-\d+-[0-9a-f]{8})$/.exec(stored ?? '');
  return m ? { errorCode: m[1]!, errorRef: m[2]! } : { errorCode: 'JOB_FAILED', errorRef: `J${id}` };
}
