import { parsePeriod, parseSeries, periodsPerYear, type SeriesPoint, yearEarlier } from './period.ts';
import { reference, upperTail } from './reference.ts';

/**
 * Robust statistics: the median, the median absolute deviation, modified z-scores
 * (Iglewicz & Hoaglin), and year-on-year jumps of a monthly or quarterly series found with them.
 *
 * Unlike the mean and the standard deviation, the median and the MAD are not dragged by the very
 * outliers one is looking for: up to half the values can be wild before they move.
 */

function checkFinite(name: string, values: readonly number[]) {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${name}: non-finite value ${v}`);
}

/**
 * The median: the middle value, or the mean of the two middle values for an even count.
 * @throws RangeError for an empty list or a non-finite value.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: no values');
  checkFinite('median', values);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median absolute deviation, unscaled: median(|x − median(x)|). For normal data it is about
 * 0.6745 σ (multiply by 1.4826 to estimate σ).
 * @throws RangeError for an empty list or a non-finite value.
 */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

/** 0.6745 ≈ Φ⁻¹(0.75): the MAD of a standard normal variable. */
export const MODIFIED_Z_FACTOR = 0.6745;
/** √(π/2) ≈ 1.253314: σ over the mean absolute deviation of a normal variable. */
export const MEAN_AD_FACTOR = 1.253314;
/** Iglewicz & Hoaglin's cut-off: |modified z| above 3.5 marks a potential outlier. */
export const MODIFIED_Z_THRESHOLD = 3.5;

/**
 * Modified z-scores: Mᵢ = 0.6745 (xᵢ − median) / MAD.
 *
 * When the MAD is 0 (more than half the values are equal) the formula breaks down; then the
 * scale is taken from the mean absolute deviation around the median instead:
 *   Mᵢ = (xᵢ − median) / (1.253314 · meanAD),
 * both denominators estimating σ for normal data. Values equal to the median score 0; when every
 * value is equal all scores are 0. The scores do not change when a constant is added to every
 * value or every value is multiplied by a positive factor.
 *
 * @throws RangeError for a non-finite value. An empty list gives an empty list.
 */
export function modifiedZ(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const m = median(values);
  const deviations = values.map((v) => v - m);
  const medianAD = median(deviations.map(Math.abs));
  if (medianAD > 0) return deviations.map((d) => (MODIFIED_Z_FACTOR * d) / medianAD);
  const meanAD = deviations.reduce((sum, d) => sum + Math.abs(d), 0) / values.length;
  if (meanAD === 0) return values.map(() => 0);
  return deviations.map((d) => d / (MEAN_AD_FACTOR * meanAD));
}

/** A year-on-year change of a series. */
export interface YoyChange {
  period: string;
  value: number;
  /** The value of the same period a year earlier. */
  base: number;
  /** value / base − 1: 0.05 is growth of 5 %. */
  change: number;
}

/**
 * Year-on-year changes of a monthly (`YYYY-MM`), quarterly (`YYYY-Qn`) or annual (`YYYY`)
 * series: each value against the same period a year earlier, as value / base − 1. Periods are
 * matched by label, so gaps in the series do not shift the comparison. A period is skipped when
 * its value or its base is missing, or the base is 0 or negative (a growth rate against a
 * non-positive base means nothing). The result is in chronological order.
 *
 * @throws RangeError for a bad label, mixed frequencies or a repeated period.
 */
export function yoyChanges(series: readonly SeriesPoint[]): YoyChange[] {
  const points = parseSeries(series);
  const byLabel = new Map(points.map((p) => [p.period.label, p.value]));
  const out: YoyChange[] = [];
  for (const p of points) {
    const base = byLabel.get(yearEarlier(p.period.label));
    if (p.value === null || base === undefined || base === null || base <= 0) continue;
    out.push({ period: p.period.label, value: p.value, base, change: p.value / base - 1 });
  }
  return out;
}

/** Options of {@link robustJumps}. */
export interface RobustJumpOptions {
  /** |modified z| strictly above this flags a period. Default 3.5. */
  threshold?: number;
  /**
   * `level` (default): the series holds levels and the year-on-year changes are computed;
   * `growth`: the series already holds year-on-year growth rates (0.065 for 6.5 %), as statistical
   * offices often publish only the rate.
   */
  input?: 'level' | 'growth';
  /**
   * The fewest changes before a series is judged; below it nothing is flagged. Default 24 (two
   * years of monthly changes): with fewer, the median and the MAD move too much with each value.
   */
  minChanges?: number;
}

/** The fewest year-on-year changes before a series is judged. */
export const JUMP_MIN_CHANGES = 24;

/**
 * The calibrated p-value of a modified z-score among n year-on-year changes: P(|M| ≥ |z|) for
 * one change of a series without jumps, read from a simulated small-sample reference (not from
 * the normal distribution, which the modified z does not follow: with 6 changes P(|M| > 3.5) is
 * about 3 %, not 0.05 %). For `level` input the reference simulates levels with independent
 * noise and takes their year-on-year changes (each change shares its base with the change a year
 * later); for `growth` input, independent changes. 200,000 draws: the smallest p is about 5e-6.
 */
export function jumpPValue(z: number, n: number, input: 'level' | 'growth' = 'level', perYear = 12): number {
  if (!Number.isInteger(n) || n < 3) throw new RangeError(`jumpPValue: n must be an integer ≥ 3, got ${n}`);
  const ref = reference(`jump|${input}|${n}|${perYear}`, 200_000, (normal) => {
    const lag = input === 'level' ? perYear : 0;
    const u = Array.from({ length: n + lag }, normal);
    const changes = input === 'level' ? u.slice(lag).map((v, i) => v - u[i]!) : u;
    return modifiedZ(changes).map(Math.abs);
  });
  return upperTail(ref, Math.abs(z));
}

export interface JumpPoint {
  period: string;
  /** The year-on-year change (ratio − 1). */
  change: number;
  /** Its modified z-score among all the changes of the series. */
  z: number;
  /** The calibrated p-value of z ({@link jumpPValue}); null when the series is too short to judge. */
  pValue: number | null;
  /**
   * The period a year earlier whose jump this change only mirrors through the base (a spike in
   * March 2025 makes March 2026 fall against it): linked to it, never flagged on its own.
   */
  baseEffectOf: string | null;
  flagged: boolean;
}

export interface RobustJumps {
  /** Every period with a change, in chronological order. */
  points: JumpPoint[];
  /** The flagged periods: |z| > threshold (and enough changes). */
  flagged: JumpPoint[];
  /** Whether there were at least `minChanges` changes. */
  enough: boolean;
  /** Median and MAD of the changes; null without changes. */
  median: number | null;
  mad: number | null;
}

/**
 * Year-on-year jumps: the periods whose year-on-year change stands out from the series' own
 * changes by a modified z-score above the threshold (3.5 by default), each with its calibrated
 * p-value. A jump in one period also shows a year later, in the opposite direction, through the
 * base: that later change is linked to the original period (`baseEffectOf`) and not flagged.
 */
export function robustJumps(series: readonly SeriesPoint[], options: RobustJumpOptions = {}): RobustJumps {
  const threshold = options.threshold ?? MODIFIED_Z_THRESHOLD;
  const minChanges = options.minChanges ?? JUMP_MIN_CHANGES;
  const changes =
    options.input === 'growth'
      ? parseSeries(series)
          .filter((p) => p.value !== null)
          .map((p) => ({ period: p.period.label, change: p.value! }))
      : yoyChanges(series);
  if (changes.length === 0)
    return { points: [], flagged: [], enough: minChanges <= 0, median: null, mad: null };
  const values = changes.map((c) => c.change);
  const z = modifiedZ(values);
  const enough = changes.length >= minChanges;
  const input = options.input ?? 'level';
  const perYear = periodsPerYear(parsePeriod(changes[0]!.period).frequency);
  const byPeriod = new Map<string, JumpPoint>();
  const points = changes.map((c, i): JumpPoint => {
    const zi = z[i]!;
    const outlier = enough && Math.abs(zi) > threshold;
    const earlier = byPeriod.get(yearEarlier(c.period));
    const mirrors = outlier && earlier?.flagged === true && Math.sign(earlier.z) === -Math.sign(zi);
    const point: JumpPoint = {
      period: c.period,
      change: c.change,
      z: zi,
      pValue: enough && changes.length >= 3 ? jumpPValue(zi, changes.length, input, perYear) : null,
      baseEffectOf: mirrors ? earlier.period : null,
      flagged: outlier && !mirrors,
    };
    byPeriod.set(c.period, point);
    return point;
  });
  return {
    points,
    flagged: points.filter((p) => p.flagged),
    enough,
    median: median(values),
    mad: mad(values),
  };
}
