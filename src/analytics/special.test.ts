import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from './special.ts';

/** Q(n, y) for a whole n: e^(−y) Σₖ₌₀ⁿ⁻¹ yᵏ / k!  (the Poisson tail), an exact reference. */
function poissonQ(n: number, y: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < n; k++) {
    term *= y / k;
    sum += term;
  }
  return Math.exp(-y) * sum;
}

describe('logGamma', () => {
  it('matches factorials and Γ(½) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(2)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    // Γ(4.5) = 3.5 · 2.5 · 1.5 · 0.5 · √π
    expect(logGamma(4.5)).toBeCloseTo(Math.log(3.5 * 2.5 * 1.5 * 0.5 * Math.sqrt(Math.PI)), 12);
    let lnFactorial = 0;
    for (let k = 2; k < 100; k++) lnFactorial += Math.log(k);
    expect(logGamma(100)).toBeCloseTo(lnFactorial, 9); // ln 99! ≈ 359.13
  });

  it('refuses non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
    expect(() => logGamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('regularized incomplete gamma', () => {
  it('agrees with the Poisson tail for whole a, on both sides of x = a + 1, to 1e-12', () => {
    for (const n of [1, 2, 4, 10, 30]) {
      for (const y of [0.01, 0.5, 1, 3, 4.9, 5, 7.5, 12, 40, 80]) {
        expect(Math.abs(regularizedGammaQ(n, y) - poissonQ(n, y))).toBeLessThan(1e-12);
        expect(Math.abs(regularizedGammaP(n, y) + regularizedGammaQ(n, y) - 1)).toBeLessThan(1e-14);
      }
    }
  });

  it('keeps tiny tails accurate in relative terms', () => {
    const q = regularizedGammaQ(4, 100);
    expect(Math.abs(q / poissonQ(4, 100) - 1)).toBeLessThan(1e-10);
    expect(q).toBeGreaterThan(0);
  });

  it('handles the edges', () => {
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, Number.POSITIVE_INFINITY)).toBe(0);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
  });
});

describe('chiSquareSurvival', () => {
  it('reproduces the table of χ² critical values with 8 degrees of freedom, to 3 decimals', () => {
    expect(chiSquareSurvival(15.507, 8)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(20.09, 8)).toBeCloseTo(0.01, 3);
    expect(chiSquareSurvival(2.733, 8)).toBeCloseTo(0.95, 3);
    expect(chiSquareSurvival(26.124, 8)).toBeCloseTo(0.001, 4);
  });

  it('equals the closed forms to 1e-10: e^(−x/2) for 2 df, the Poisson tail for 8 df', () => {
    for (const x of [0.1, 1, 2.733, 7, 15.507313055865453, 20.090235029663233, 60]) {
      expect(Math.abs(chiSquareSurvival(x, 2) - Math.exp(-x / 2))).toBeLessThan(1e-12);
      // 8 df: Q(4, x/2) = e^(−x/2) (1 + y + y²/2 + y³/6), y = x/2
      expect(Math.abs(chiSquareSurvival(x, 8) - poissonQ(4, x / 2))).toBeLessThan(1e-10);
    }
    expect(chiSquareSurvival(15.507313055865453, 8)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(20.090235029663233, 8)).toBeCloseTo(0.01, 10);
  });

  it('handles odd degrees of freedom: 1.959964² with 1 df is the two-sided 5 % of the normal', () => {
    expect(chiSquareSurvival(1.959963984540054 ** 2, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 9);
  });

  it('gives 1 at or below 0 and refuses bad degrees of freedom', () => {
    expect(chiSquareSurvival(0, 8)).toBe(1);
    expect(chiSquareSurvival(-3, 8)).toBe(1);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(Number.NaN, 8)).toThrow(RangeError);
  });
});
