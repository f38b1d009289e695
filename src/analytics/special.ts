/**
 * Special functions needed by the tests of significance: the log-gamma function, the regularized
 * incomplete gamma functions P and Q, and the chi-square survival function built on Q.
 *
 * Pure: no I/O, no state. Accuracy: absolute error well below 1e-10 for the arguments a test of
 * significance meets (a = df/2 up to a few hundred, any x ≥ 0).
 */

/** Relative tolerance at which the series and the continued fraction stop. */
const EPS = 1e-15;
/** Guards the continued fraction against a division by zero (modified Lentz method). */
const TINY = 1e-300;
/** More iterations than any reasonable argument needs; reaching it is a bug, not a result. */
const MAX_ITERATIONS = 100_000;

/**
 * ln Γ(x) for x > 0.
 *
 * For x ≥ 10 the Stirling series
 *   ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + Σ B₂ₖ / (2k (2k − 1) x²ᵏ⁻¹),
 * truncated after the B₁₀ term (the first omitted term is below 2e-14 at x = 10); below 10 the
 * argument is shifted up with Γ(x) = Γ(x + n) / (x (x + 1) … (x + n − 1)).
 *
 * @throws RangeError for x ≤ 0 or a non-finite x.
 */
export function logGamma(x: number): number {
  if (!Number.isFinite(x) || x <= 0)
    throw new RangeError(`logGamma: x must be a positive finite number, got ${x}`);
  let y = x;
  let product = 1;
  while (y < 10) {
    product *= y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  // B2/2 = 1/12, B4/12 = −1/360, B6/30 = 1/1260, B8/56 = −1/1680, B10/90 = 1/1188
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + series - Math.log(product);
}

function checkGammaArguments(name: string, a: number, x: number) {
  if (!Number.isFinite(a) || a <= 0)
    throw new RangeError(`${name}: a must be a positive finite number, got ${a}`);
  if (Number.isNaN(x) || x < 0) throw new RangeError(`${name}: x must be ≥ 0, got ${x}`);
}

/**
 * P(a, x) by its power series, for x < a + 1 where it converges fast:
 *   P(a, x) = xᵃ e⁻ˣ / Γ(a + 1) · Σₙ≥₀ xⁿ / ((a + 1)(a + 2) … (a + n)).
 */
function lowerBySeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  let denominator = a;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    denominator += 1;
    term *= x / denominator;
    sum += term;
    if (term < sum * EPS) return sum * Math.exp(a * Math.log(x) - x - logGamma(a + 1));
  }
  throw new Error(`regularized gamma series did not converge (a = ${a}, x = ${x})`);
}

/**
 * Q(a, x) by Legendre's continued fraction, for x ≥ a + 1 where it converges fast:
 *   Γ(a, x) = xᵃ e⁻ˣ · 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − 2·(2 − a) / (x + 5 − a − …))),
 * evaluated from the front with the modified Lentz method.
 */
function upperByContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const numerator = -i * (i - a);
    b += 2;
    d = numerator * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h * Math.exp(a * Math.log(x) - x - logGamma(a));
  }
  throw new Error(`regularized gamma continued fraction did not converge (a = ${a}, x = ${x})`);
}

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0, x ≥ 0.
 * @throws RangeError for a ≤ 0, x < 0 or NaN.
 */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArguments('regularizedGammaP', a, x);
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? lowerBySeries(a, x) : 1 - upperByContinuedFraction(a, x);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x),
 * for a > 0, x ≥ 0. Computed directly (not as 1 − P) where it is small, so tiny tail
 * probabilities keep their relative accuracy.
 * @throws RangeError for a ≤ 0, x < 0 or NaN.
 */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArguments('regularizedGammaQ', a, x);
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerBySeries(a, x) : upperByContinuedFraction(a, x);
}

/**
 * The chi-square survival function: the probability that a χ² variable with `df` degrees of
 * freedom is at least `x`, i.e. the p-value of the statistic x. Equal to Q(df / 2, x / 2).
 * A statistic ≤ 0 has p-value 1.
 * @throws RangeError for df ≤ 0 or a NaN statistic.
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!Number.isFinite(df) || df <= 0) throw new RangeError(`chiSquareSurvival: df must be > 0, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError('chiSquareSurvival: the statistic is NaN');
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/**
 * The two-sided tail probability of a standard normal variable beyond |z|: P(|Z| ≥ |z|),
 * computed as Q(½, z²/2) (the χ² with one degree of freedom), accurate far into the tail.
 */
export function normalTwoSided(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? Number.NaN : 0;
  return regularizedGammaQ(0.5, (z * z) / 2);
}

/** The standard normal distribution function Φ(z), from the same tail. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const tail = normalTwoSided(z) / 2;
  return z >= 0 ? 1 - tail : tail;
}
