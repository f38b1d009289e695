import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import { type Db, rows } from '../db/client.ts';

/**
 * Rate-limit counts shared by all server processes on one PostgreSQL database, so that a limit
 * of N a minute stays N however many processes serve the address (an in-memory count per process
 * would multiply it). Windows are fixed (aligned to the window length), one row per route, client
 * key and window.
 *
 * A request never waits for the database: each process counts locally and adds its counts to the
 * shared row every `flushMs` (100 ms), taking back the total of all processes. A process therefore
 * sees its own requests at once and the others' within one flush: across processes a limit may be
 * overshot by at most what the other processes receive in one flush interval. With one process the
 * count is exact.
 */
interface Counter {
  key: string;
  windowEnd: number;
  /** The shared total at the last flush (every process's requests flushed until then). */
  known: number;
  /** This process's requests since its last flush. */
  pending: number;
  touched: number;
}

export class SharedRateCounts {
  private counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly flushMs = 100,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  private counter(key: string, timeWindow: number, now: number): Counter {
    const windowEnd = (Math.floor(now / timeWindow) + 1) * timeWindow;
    const id = `${key}@${windowEnd}`;
    let c = this.counters.get(id);
    if (!c) {
      c = { key: id, windowEnd, known: 0, pending: 0, touched: now };
      this.counters.set(id, c);
    }
    return c;
  }

  incr(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = Date.now();
    const c = this.counter(key, timeWindow, now);
    c.pending += 1;
    c.touched = now;
    this.schedule();
    return { current: c.known + c.pending, ttl: c.windowEnd - now };
  }

  read(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = Date.now();
    const c = this.counters.get(`${key}@${(Math.floor(now / timeWindow) + 1) * timeWindow}`);
    return c ? { current: c.known + c.pending, ttl: c.windowEnd - now } : { current: 0, ttl: 0 };
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(this.onError);
    }, this.flushMs);
    this.timer.unref();
  }

  /**
   * Adds this process's counts to the shared rows and takes back the totals; also refreshes the
   * totals of windows used in the last second, so others' requests show here too.
   */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    const now = Date.now();
    for (const [id, c] of this.counters) if (c.windowEnd <= now) this.counters.delete(id);
    const batch = [...this.counters.values()].filter((c) => c.pending > 0 || now - c.touched < 1000);
    if (batch.length) {
      const adds = batch.map((c) => c.pending);
      for (const c of batch) c.pending = 0;
      try {
        const totals = await rows<{ key: string; count: number }>(
          this.db,
          sql`insert into system_rate_counts (key, window_end, count)
              select key, window_end, count
              from jsonb_to_recordset(${JSON.stringify(
                batch.map((c, i) => ({
                  key: c.key,
                  window_end: new Date(c.windowEnd).toISOString(),
                  count: adds[i],
                })),
              )}::jsonb) as x(key text, window_end timestamptz, count int)
              on conflict (key) do update set count = system_rate_counts.count + excluded.count
              returning key, count`,
        );
        const byKey = new Map(totals.map((r) => [r.key, Number(r.count)]));
        for (const c of batch) c.known = byKey.get(c.key) ?? c.known;
      } catch (err) {
        // Nothing was added: keep the counts for the next flush.
        batch.forEach((c, i) => {
          c.pending += adds[i]!;
        });
        throw err;
      }
    }
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      await this.db.execute(
        sql`delete from system_rate_counts where window_end < now() - interval '1 minute'`,
      );
    }
    if ([...this.counters.values()].some((c) => c.pending > 0)) this.schedule();
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush().catch(this.onError);
  }
}

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}
type Done = (err: Error | null, res: { current: number; ttl: number }) => void;

/** A store for @fastify/rate-limit over shared counts: each route counts under its own name. */
export function sharedRateStore(counts: SharedRateCounts) {
  return class SharedRateStore implements FastifyRateLimitStore {
    private readonly prefix: string;
    constructor(prefix?: unknown) {
      this.prefix = typeof prefix === 'string' ? prefix : '';
    }
    incr(key: string, done: Done, timeWindow: number) {
      done(null, counts.incr(this.prefix + key, timeWindow));
    }
    read(key: string, done: Done, timeWindow: number) {
      done(null, counts.read(this.prefix + key, timeWindow));
    }
    // The plugin passes the route's merged limit options with the route as `routeInfo`.
    child(params: object) {
      const m = (params as RouteParams).routeInfo?.method;
      return new SharedRateStore(
        `${Array.isArray(m) ? m.join(',') : (m ?? '')} ${(params as RouteParams).routeInfo?.url ?? ''}|`,
      );
    }
  };
}
