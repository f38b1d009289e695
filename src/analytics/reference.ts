/**
 * Small-sample reference distributions by simulation: where a statistic has no trustworthy
 * textbook distribution at the sample sizes met in practice (a modified z among 24 changes, the
 * MAD of 80 first digits, a widening scaled by a robust spread), its distribution under "nothing
 * is wrong" is simulated once per size, with a fixed seed, and a p-value is read from it.
 *
 * The same seed gives the same reference on every machine, so a p-value (and an alert raised on
 * it) can be recomputed exactly.
 */

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator (Box–Muller). */
export function seededNormal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A simulated null distribution: its sorted draws. */
export interface Reference {
  /** The draws, ascending. */
  sorted: Float64Array;
}

const cache = new Map<string, Reference>();

/**
 * The reference named `key`, simulated on first use: `draw` is called with a seeded generator
 * until `size` values have been collected (it may return several values per call).
 */
export function reference(
  key: string,
  size: number,
  draw: (normal: () => number, uniform: () => number) => number[],
): Reference {
  const hit = cache.get(key);
  if (hit) return hit;
  let seed = 20261206;
  for (const c of key) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) >>> 0;
  const uniform = seededUniform(seed);
  const normal = seededNormal(uniform);
  const out = new Float64Array(size);
  let filled = 0;
  while (filled < size) {
    for (const v of draw(normal, uniform)) {
      if (filled >= size) break;
      out[filled++] = v;
    }
  }
  out.sort();
  const ref = { sorted: out };
  cache.set(key, ref);
  return ref;
}

/**
 * P(X ≥ x) under a reference, as (1 + #draws ≥ x) / (1 + #draws): never 0, and valid (not
 * anti-conservative) for a finite simulation. The smallest possible value is 1 / (1 + #draws).
 */
export function upperTail(ref: Reference, x: number): number {
  const s = ref.sorted;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return (1 + s.length - lo) / (1 + s.length);
}
