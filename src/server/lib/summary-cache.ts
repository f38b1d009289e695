import type { Actor } from './context.ts';
import { dataVersion, heard } from './data-version.ts';

/**
 * Answers that many people open at once (home cards, the cadre list, statistics, results pages)
 * are computed once per change of the data and shared by every request meanwhile — also by
 * those arriving while the computation runs — so their cost does not grow with the number of
 * readers. An entry is kept while the data version stands (lib/data-version.ts: every committed
 * write, job and upload moves it, in every server process) and at most `maxAgeMs`, or
 * `UNHEARD_MAX_AGE_MS` while another process's changes might go unheard. A failed computation
 * is not kept. Each entry says when it was computed (`asOf`), for the page to show.
 */
export const UNHEARD_MAX_AGE_MS = 2_000;

export interface Kept<T> {
  value: T;
  /** When the figures were computed. */
  asOf: Date;
}

export interface SummaryCache<T> {
  /** The kept answer for `key`, or `compute`'s, stamped `now` (the request's clock). */
  get(key: string, now: Date, compute: () => Promise<T>): Promise<Kept<T>>;
  /** Entries held now (for tests and the bench). */
  readonly size: number;
}

export function summaryCache<T>(options: { maxAgeMs?: number; maxEntries?: number } = {}): SummaryCache<T> {
  const maxAge = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 2_000;
  const kept = new Map<string, { version: number; at: number; value: Promise<Kept<T>> }>();
  return {
    get(key, asOf, compute) {
      const version = dataVersion();
      const now = Date.now();
      const limit = heard() ? maxAge : Math.min(maxAge, UNHEARD_MAX_AGE_MS);
      const hit = kept.get(key);
      if (hit && hit.version === version && now - hit.at < limit) return hit.value;
      if (kept.size >= maxEntries) kept.clear();
      const value = compute().then((v) => ({ value: v, asOf }));
      kept.set(key, { version, at: now, value });
      value.catch(() => {
        if (kept.get(key)?.value === value) kept.delete(key);
      });
      return value;
    },
    get size() {
      return kept.size;
    },
  };
}

/** A key for what an actor may see and do: two people with the same grants see the same answer. */
export function grantsKey(actor: Actor | null): string {
  if (!actor) return '-';
  return actor.grants
    .map((g) => `${g.role}:${g.unitId ?? ''}:${g.cadreId ?? ''}`)
    .sort()
    .join(',');
}
