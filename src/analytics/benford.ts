import { reference, upperTail } from './reference.ts';
import { chiSquareSurvival } from './special.ts';

/**
 * Benford's law of first digits, for the data forensics of reported figures.
 *
 * In many collections of amounts that span several orders of magnitude (payments, budgets,
 * outputs of many enterprises), the first significant digit d appears with probability
 * log10(1 + 1/d): a 1 about 30 % of the time, a 9 under 5 %. Invented figures tend to use the
 * digits more evenly, or to crowd at round numbers and just under approval thresholds.
 *
 * A departure is a reason to look closer, never proof: a test says how far a collection is from
 * the law, not why. Only collections that can be expected to follow the law should be tested —
 * see {@link benfordEligible}.
 *
 * Signs: the first digit of x is that of |x|. Amounts are positive; where a collection mixes
 * debits and credits, test the two signs separately (they can follow the law separately while
 * their mixture does not). Zero and non-finite values have no first digit and are left out.
 */

/** The first digits, 1 to 9. */
export const DIGITS: readonly number[] = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 9]);

/**
 * The probability of first digit d under Benford's law: log10(1 + 1/d).
 * @throws RangeError unless d is an integer from 1 to 9.
 */
export function benfordExpected(d: number): number {
  if (!Number.isInteger(d) || d < 1 || d > 9)
    throw new RangeError(`benfordExpected: d must be 1 to 9, got ${d}`);
  return Math.log10(1 + 1 / d);
}

/** The Benford first-digit probabilities; index 0 is digit 1, index 8 is digit 9. They sum to 1. */
export const BENFORD_FIRST_DIGIT: readonly number[] = Object.freeze(DIGITS.map(benfordExpected));

/**
 * The first significant digit of |x|, for any magnitude: 0.00345 → 3, 12345 → 1, −7.2 → 7.
 * Null for 0 and for non-finite values (NaN, ±Infinity).
 *
 * Read from the shortest decimal representation of the double (as `toExponential` prints it),
 * so exact powers of ten and values such as 0.3 are never misread by a rounding of log10.
 */
export function firstDigit(x: number): number | null {
  if (!Number.isFinite(x) || x === 0) return null;
  return Number(Math.abs(x).toExponential().charAt(0));
}

/** Options of {@link benfordEligible} and {@link benfordTest}. */
export interface BenfordEligibilityOptions {
  /** The fewest usable values worth testing. Default 50. */
  minCount?: number;
  /** The smallest ratio of the largest to the smallest |value|. Default 100 (two orders of magnitude). */
  minRatio?: number;
}

/** Whether a collection can sensibly be tested, with the reason in Chinese. */
export interface BenfordEligibility {
  eligible: boolean;
  /** The reason, for the user: why the test applies or why it does not. */
  reason: string;
  /** The usable values: finite and non-zero. */
  n: number;
  /** max |x| / min |x| over the usable values; null when there are none. */
  ratio: number | null;
}

export const BENFORD_MIN_COUNT = 50;
export const BENFORD_MIN_RATIO = 100;

const formatNumber = (x: number, digits: number) => Number(x.toFixed(digits)).toString();

/**
 * Whether the first-digit test applies: enough usable values (finite, non-zero; by magnitude) and
 * spread over at least two orders of magnitude (max / min ≥ 100), both configurable. Figures
 * confined to a narrow band (salaries of one grade, prices of one product, amounts capped by a
 * rule) do not follow Benford's law whether or not they are genuine.
 */
export function benfordEligible(
  values: readonly number[],
  options: BenfordEligibilityOptions = {},
): BenfordEligibility {
  const minCount = options.minCount ?? BENFORD_MIN_COUNT;
  const minRatio = options.minRatio ?? BENFORD_MIN_RATIO;
  let n = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const v of values) {
    if (!Number.isFinite(v) || v === 0) continue;
    const a = Math.abs(v);
    n++;
    if (a < min) min = a;
    if (a > max) max = a;
  }
  const ratio = n === 0 ? null : max / min;
  if (n < minCount) {
    return {
      eligible: false,
      reason: `有效数值仅 ${n} 个，少于 ${minCount} 个，样本过少，不宜进行首位数字检验`,
      n,
      ratio,
    };
  }
  const orders = Math.log10(ratio!);
  if (ratio! < minRatio) {
    return {
      eligible: false,
      reason: `数值跨度不足：最大值与最小值之比约为 ${formatNumber(ratio!, 1)}，需至少 ${formatNumber(minRatio, 1)}（跨越 ${formatNumber(Math.log10(minRatio), 1)} 个数量级），不宜进行首位数字检验`,
      n,
      ratio,
    };
  }
  return {
    eligible: true,
    reason: `有效数值 ${n} 个，跨越约 ${formatNumber(orders, 1)} 个数量级，适合进行首位数字检验`,
    n,
    ratio,
  };
}

/** Nigrini's conformity classes for the first-digit test, by mean absolute deviation. */
export type BenfordConformity = 'close' | 'acceptable' | 'marginal' | 'nonconformity';

export const BENFORD_CONFORMITY_LABELS: Readonly<Record<BenfordConformity, string>> = Object.freeze({
  close: '近似符合',
  acceptable: '可接受',
  marginal: '边缘',
  nonconformity: '不符合',
});

/** Upper bounds (inclusive) of the MAD for each class (Nigrini, first digits); above `marginal`: nonconformity. */
export const NIGRINI_FIRST_DIGIT_MAD = Object.freeze({ close: 0.006, acceptable: 0.012, marginal: 0.015 });

/** The conformity class of a first-digit MAD: ≤ 0.006 close, ≤ 0.012 acceptable, ≤ 0.015 marginal, above: nonconformity. */
export function firstDigitConformity(mad: number): BenfordConformity {
  if (Number.isNaN(mad) || mad < 0) throw new RangeError(`firstDigitConformity: invalid MAD ${mad}`);
  if (mad <= NIGRINI_FIRST_DIGIT_MAD.close) return 'close';
  if (mad <= NIGRINI_FIRST_DIGIT_MAD.acceptable) return 'acceptable';
  if (mad <= NIGRINI_FIRST_DIGIT_MAD.marginal) return 'marginal';
  return 'nonconformity';
}

/** One digit's line of a first-digit test. */
export interface BenfordDigit {
  digit: number;
  count: number;
  /** The observed proportion, count / n. */
  observed: number;
  /** The Benford proportion log10(1 + 1/d). */
  expected: number;
  /** observed − expected: positive where the digit is over-represented. */
  deviation: number;
  /**
   * The z statistic of this digit alone (unsigned; see `deviation` for the direction):
   * (|observed − expected| − 1/(2n)) / √(expected (1 − expected) / n), the continuity correction
   * 1/(2n) applied only when it is smaller than |observed − expected|. Above 1.96: significant at 5 %.
   */
  z: number;
}

/** The result of {@link benfordTest}. */
export interface BenfordResult {
  /** The values tested (finite, non-zero). */
  n: number;
  /** The values left out (zero or non-finite). */
  ignored: number;
  /** Digits 1 to 9, in order. */
  digits: BenfordDigit[];
  /** Mean absolute deviation: the mean of |observed − expected| over the nine digits. */
  mad: number;
  conformity: BenfordConformity;
  /** The conformity class in Chinese (近似符合 / 可接受 / 边缘 / 不符合). */
  conformityLabel: string;
  /** Pearson's χ² = Σ (count − n·expected)² / (n·expected). */
  chiSquare: number;
  /** Degrees of freedom of χ²: 8 (nine digits, one constraint). */
  df: 8;
  /** P(χ²₈ ≥ chiSquare). With thousands of values even a harmless departure is significant: read the MAD class first. */
  pValue: number;
  /** Whether the collection is fit for the test (count and spread); the test runs either way. */
  eligibility: BenfordEligibility;
}

/**
 * Nigrini's first-digit test of a collection of amounts: per-digit counts, proportions and z
 * statistics, the mean absolute deviation (MAD) with its conformity class, and Pearson's χ² with
 * 8 degrees of freedom and its p-value.
 *
 * The MAD does not depend on the number of values, the χ² does (it grows with n for the same
 * proportions), so for large collections the MAD class is the verdict and the p-value a
 * supplement. The eligibility (count and spread) is reported alongside, not enforced.
 *
 * @throws RangeError when no value has a first digit (all zero or non-finite, or none at all).
 */
export function benfordTest(
  values: readonly number[],
  options: BenfordEligibilityOptions = {},
): BenfordResult {
  const counts = new Array<number>(9).fill(0);
  let n = 0;
  for (const v of values) {
    const d = firstDigit(v);
    if (d === null) continue;
    counts[d - 1] = counts[d - 1]! + 1;
    n++;
  }
  if (n === 0) throw new RangeError('benfordTest: no value with a first digit');
  let absoluteDeviations = 0;
  let chiSquare = 0;
  const digits = DIGITS.map((digit, i): BenfordDigit => {
    const count = counts[i]!;
    const expected = BENFORD_FIRST_DIGIT[i]!;
    const observed = count / n;
    const deviation = observed - expected;
    const difference = Math.abs(deviation);
    const correction = 1 / (2 * n);
    const numerator = correction < difference ? difference - correction : difference;
    absoluteDeviations += difference;
    chiSquare += (count - n * expected) ** 2 / (n * expected);
    return {
      digit,
      count,
      observed,
      expected,
      deviation,
      z: numerator / Math.sqrt((expected * (1 - expected)) / n),
    };
  });
  const mad = absoluteDeviations / 9;
  const conformity = firstDigitConformity(mad);
  return {
    n,
    ignored: values.length - n,
    digits,
    mad,
    conformity,
    conformityLabel: BENFORD_CONFORMITY_LABELS[conformity],
    chiSquare,
    df: 8,
    pValue: chiSquareSurvival(chiSquare, 8),
    eligibility: benfordEligible(values, options),
  };
}

/**
 * The fewest independent units (one value each) worth a first-digit test. Pooling the months of
 * a unit does not add units: a unit that grows a few per cent a year repeats its first digit
 * month after month, so 80 units × 36 months are 80 observations, not 2,880.
 */
export const BENFORD_MIN_UNITS = 50;

/**
 * P(MAD ≥ mad) for n first digits drawn from Benford's law, from a simulated reference (20,000
 * draws per n; the smallest p is 5e-5). Nigrini's MAD classes were set for large collections: at
 * 80 values a genuine collection has a MAD near 0.02, "nonconformity" by the table, so the class
 * alone cannot judge a department's hundred units.
 */
export function benfordMadPValue(mad: number, n: number): number {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`benfordMadPValue: n must be a positive integer, got ${n}`);
  const ref = reference(`benford|${n}`, 20_000, (_normal, uniform) => {
    const counts = new Array<number>(9).fill(0);
    for (let i = 0; i < n; i++) {
      const d = Math.min(9, Math.floor(10 ** uniform()));
      counts[d - 1] = counts[d - 1]! + 1;
    }
    let sum = 0;
    for (let d = 0; d < 9; d++) sum += Math.abs(counts[d]! / n - BENFORD_FIRST_DIGIT[d]!);
    return [sum / 9];
  });
  return upperTail(ref, mad - 1e-12);
}

/** The result of {@link benfordUnitsTest}: the first-digit test of one value per unit. */
export interface BenfordUnitsResult extends BenfordResult {
  /** Whether there are at least `minUnits` units (and the spread is wide enough): only then is it judged. */
  judged: boolean;
  /** The calibrated p-value of the MAD ({@link benfordMadPValue}); null when not judged. */
  madPValue: number | null;
}

/**
 * The first-digit test of a department's units, one value per unit (one period, or the annual
 * total): Nigrini's MAD with its class, and the MAD's calibrated p-value for the number of units.
 * The χ² p-value is kept for reference only.
 */
export function benfordUnitsTest(
  valuePerUnit: readonly number[],
  options: { minUnits?: number; minRatio?: number } = {},
): BenfordUnitsResult {
  const minUnits = options.minUnits ?? BENFORD_MIN_UNITS;
  const r = benfordTest(valuePerUnit, { minCount: minUnits, minRatio: options.minRatio });
  const judged = r.eligibility.eligible;
  return { ...r, judged, madPValue: judged ? benfordMadPValue(r.mad, r.n) : null };
}
