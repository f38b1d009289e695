/**
 * The Benjamini–Hochberg procedure: when many units, towns or series are tested at once, some
 * will look significant by chance. BH keeps the expected share of false alarms among the flagged
 * ones (the false discovery rate) at or below q, for independent or positively dependent tests.
 */

export interface BenjaminiHochbergResult {
  /** The BH-adjusted p-values, in the original order: monotone in p, never below p, capped at 1. */
  adjusted: number[];
  /** Whether each hypothesis is rejected (flagged), in the original order. */
  rejected: boolean[];
  /** The number rejected, R. */
  rejectedCount: number;
  /** The critical value used, R·q/m: every raw p at or below it is rejected. 0 when none is. */
  threshold: number;
  /** The false discovery rate aimed at. */
  q: number;
}

/**
 * Benjamini–Hochberg at level q (default 0.05) for m p-values.
 *
 * Step-up rule: with the p-values sorted, p₍₁₎ ≤ … ≤ p₍ₘ₎, let R be the largest i with
 * p₍ᵢ₎ ≤ i·q/m; the R smallest are rejected. Adjusted p-values:
 * p̃₍ᵢ₎ = min over j ≥ i of min(1, p₍ⱼ₎ · m / j), and a hypothesis is rejected exactly when its
 * adjusted p-value is ≤ q (which is the same rule). Ties share their adjusted value.
 *
 * @throws RangeError for q outside (0, 1] or a p-value outside [0, 1] (or NaN).
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BenjaminiHochbergResult {
  if (!(q > 0 && q <= 1)) throw new RangeError(`benjaminiHochberg: q must be in (0, 1], got ${q}`);
  for (const p of pValues)
    if (!(p >= 0 && p <= 1)) throw new RangeError(`benjaminiHochberg: p-value outside [0, 1]: ${p}`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    // p · (m / rank) rather than p · m / rank: m / rank ≥ 1 exactly, so the product is never below p
    running = Math.min(running, pValues[i]! * (m / rank));
    adjusted[i] = running;
  }
  const rejected = adjusted.map((a) => a <= q);
  const rejectedCount = rejected.filter(Boolean).length;
  return { adjusted, rejected, rejectedCount, threshold: (rejectedCount * q) / m || 0, q };
}
