import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './fdr.ts';

describe('benjaminiHochberg', () => {
  it('works the textbook example by hand', () => {
    // m = 5, q = 0.05. Sorted: 0.005 (#4), 0.01 (#1), 0.03 (#3), 0.04 (#2), 0.20 (#5)
    // critical values i·q/m: 0.01, 0.02, 0.03, 0.04, 0.05
    //   0.005 ≤ 0.01, 0.01 ≤ 0.02, 0.03 ≤ 0.03, 0.04 ≤ 0.04, 0.20 > 0.05 → R = 4, threshold 0.04
    // p·m/i: 0.025, 0.025, 0.05, 0.05, 0.20; running minimum from the top: the same
    // back in the original order: 0.025, 0.05, 0.05, 0.025, 0.20
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2], 0.05);
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((a, i) => {
      expect(r.adjusted[i]).toBeCloseTo(a, 15);
    });
    expect(r.rejected).toEqual([true, true, true, true, false]);
    expect(r.rejectedCount).toBe(4);
    expect(r.threshold).toBeCloseTo(0.04, 15);
    expect(r.q).toBe(0.05);
  });

  it('takes the running minimum from the top (step-up)', () => {
    // m = 4: p·m/i = 0.04, 0.08, 0.0667, 0.3 → running minimum from the top: 0.04, 0.0667, 0.0667, 0.3
    // (the largest keeps its own p, so no adjusted value can exceed 1)
    const r = benjaminiHochberg([0.01, 0.04, 0.05, 0.3]);
    [0.04, 0.2 / 3, 0.2 / 3, 0.3].forEach((a, i) => {
      expect(r.adjusted[i]).toBeCloseTo(a, 12);
    });
    expect(r.rejected).toEqual([true, false, false, false]);
    expect(r.threshold).toBeCloseTo(0.0125, 15);
    // q = 0.1: 0.04 ≤ 0.05 and 0.05 ≤ 0.075 → R = 3 (0.01 ≤ 0.025 too)
    expect(benjaminiHochberg([0.01, 0.04, 0.05, 0.3], 0.1).rejected).toEqual([true, true, true, false]);
  });

  it('rejects nothing when nothing is small, and handles ties and the empty list', () => {
    const none = benjaminiHochberg([0.5, 0.2, 0.9]);
    expect(none.rejected).toEqual([false, false, false]);
    expect(none.threshold).toBe(0);
    const ties = benjaminiHochberg([0.02, 0.02, 0.02]);
    expect(ties.adjusted).toEqual([0.02, 0.02, 0.02]);
    expect(ties.rejected).toEqual([true, true, true]);
    expect(benjaminiHochberg([])).toEqual({
      adjusted: [],
      rejected: [],
      rejectedCount: 0,
      threshold: 0,
      q: 0.05,
    });
  });

  it('refuses p-values outside [0, 1] and q outside (0, 1]', () => {
    expect(() => benjaminiHochberg([1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([-0.1])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.1], 0)).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.1], 1.5)).toThrow(RangeError);
  });

  it('adjusted p-values are ≥ p, ≤ 1, monotone in p, and rejection is the step-up rule (property)', () => {
    const pValue = fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0, 0.001, 0.01, 0.05, 1),
      fc.double({ min: 0, max: 0.01, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(pValue, { maxLength: 60 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (p, q) => {
          const r = benjaminiHochberg(p, q);
          const m = p.length;
          expect(r.adjusted).toHaveLength(m);
          p.forEach((pi, i) => {
            expect(r.adjusted[i]!).toBeGreaterThanOrEqual(pi);
            expect(r.adjusted[i]!).toBeLessThanOrEqual(1);
            expect(r.rejected[i]).toBe(r.adjusted[i]! <= q);
          });
          const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!);
          for (let k = 1; k < m; k++) {
            expect(r.adjusted[order[k]!]!).toBeGreaterThanOrEqual(r.adjusted[order[k - 1]!]!);
            // the rejected ones are the smallest p-values
            if (r.rejected[order[k]!]) expect(r.rejected[order[k - 1]!]).toBe(true);
          }
          // the step-up rule directly: R = the largest i with p₍ᵢ₎ ≤ i·q/m (up to rounding at the boundary)
          let stepUp = 0;
          order.forEach((idx, k) => {
            if (p[idx]! <= ((k + 1) * q) / m) stepUp = k + 1;
          });
          const boundary = order.some((idx, k) => Math.abs(p[idx]! - ((k + 1) * q) / m) < 1e-12);
          if (!boundary) expect(r.rejectedCount).toBe(stepUp);
          p.forEach((pi, i) => {
            if (r.rejected[i]) expect(pi).toBeLessThanOrEqual(r.threshold * (1 + 1e-12));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
