import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from './period.ts';
import { jumpPValue, mad, median, modifiedZ, robustJumps, yoyChanges } from './robust.ts';
import { normalTwoSided } from './special.ts';

/**
 * A monthly series 2022-01 … 2024-12 of industrial output: a seasonal level in 2022, then each
 * month grows 6 % on the same month a year earlier, give or take 0.4 point.
 * `plant` multiplies one month's level (a figure pushed up).
 */
function monthlyOutput(plant?: { period: string; factor: number }): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  const level = new Map<string, number>();
  let k = 0;
  for (const year of [2022, 2023, 2024]) {
    for (let month = 1; month <= 12; month++) {
      const period = `${year}-${String(month).padStart(2, '0')}`;
      const lastYear = level.get(`${year - 1}-${String(month).padStart(2, '0')}`);
      const growth = 0.06 + 0.004 * Math.sin(1.7 * k++);
      const value =
        lastYear === undefined ? 100 + 10 * Math.sin((2 * Math.PI * month) / 12) : lastYear * (1 + growth);
      level.set(period, value);
      out.push({ period, value: plant?.period === period ? value * plant.factor : value });
    }
  }
  return out;
}

describe('median and MAD', () => {
  it('work on a small example by hand', () => {
    const x = [9, 2, 30, 4, 5, 7, 4];
    // sorted: 2, 4, 4, 5, 7, 9, 30 → median 5
    expect(median(x)).toBe(5);
    // |x − 5|: 4, 3, 25, 1, 0, 2, 1 → sorted 0, 1, 1, 2, 3, 4, 25 → MAD 2
    expect(mad(x)).toBe(2);
    // even count: 1, 3, 8, 10 → (3 + 8) / 2 = 5.5; |x − 5.5| = 4.5, 2.5, 2.5, 4.5 → (2.5 + 4.5) / 2 = 3.5
    expect(median([10, 1, 8, 3])).toBe(5.5);
    expect(mad([10, 1, 8, 3])).toBe(3.5);
    expect(median([42])).toBe(42);
    expect(mad([42])).toBe(0);
  });

  it('do not change the input and refuse empty or non-finite lists', () => {
    const x = [3, 1, 2];
    median(x);
    expect(x).toEqual([3, 1, 2]);
    expect(() => median([])).toThrow(RangeError);
    expect(() => mad([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
    expect(() => mad([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('modifiedZ', () => {
  it('is 0.6745 (x − median) / MAD, by hand', () => {
    // median 5, MAD 2 (above): M = 0.6745 (x − 5) / 2 = 0.33725 (x − 5)
    //   2 → −1.01175, 4 → −0.33725, 5 → 0, 7 → 0.6745, 9 → 1.349, 30 → 8.43125
    const z = modifiedZ([2, 4, 4, 5, 7, 9, 30]);
    const expected = [-1.01175, -0.33725, -0.33725, 0, 0.6745, 1.349, 8.43125];
    expected.forEach((e, i) => {
      expect(z[i]).toBeCloseTo(e, 12);
    });
    // only 30 is beyond 3.5
    expect(z.filter((v) => Math.abs(v) > 3.5)).toHaveLength(1);
  });

  it('falls back to 1.253314 × the mean absolute deviation when the MAD is 0', () => {
    // median 10; |x − 10|: six 0s and a 2 → MAD 0; mean absolute deviation 2/7
    // the 12: (12 − 10) / (1.253314 · 2/7) = 7 / 1.253314 = 5.58519
    const z = modifiedZ([10, 10, 10, 12, 10, 10, 10]);
    expect(z[3]).toBeCloseTo(7 / 1.253314, 12);
    expect(z[3]).toBeCloseTo(5.58519, 5);
    expect(z.filter((_, i) => i !== 3)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(modifiedZ([4, 4, 4])).toEqual([0, 0, 0]);
    expect(modifiedZ([])).toEqual([]);
  });

  it('does not change when a constant is added or the values are scaled by a positive factor (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (values, shift, scale) => {
          const z = modifiedZ(values);
          const moved = modifiedZ(values.map((v) => v * scale + shift));
          moved.forEach((m, i) => {
            expect(Math.abs(m - z[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(z[i]!)));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('yoyChanges', () => {
  it('compares each period with the same period a year earlier, by label', () => {
    const series: SeriesPoint[] = [
      { period: '2024-Q2', value: 120 },
      { period: '2023-Q1', value: 100 },
      { period: '2023-Q2', value: 0 }, // a zero base: 2024-Q2 is skipped
      { period: '2023-Q3', value: 80 },
      { period: '2024-Q1', value: 110 },
      { period: '2024-Q3', value: null }, // missing value
      { period: '2024-Q4', value: 50 }, // no 2023-Q4 at all
      { period: '2025-Q1', value: 99 },
    ];
    expect(yoyChanges(series)).toEqual([
      { period: '2024-Q1', value: 110, base: 100, change: 110 / 100 - 1 },
      { period: '2025-Q1', value: 99, base: 110, change: 99 / 110 - 1 },
    ]);
    expect(yoyChanges(series)[0]!.change).toBeCloseTo(0.1, 12);
  });

  it('skips a negative base and handles months and years', () => {
    expect(
      yoyChanges([
        { period: '2023-01', value: -5 },
        { period: '2024-01', value: 10 },
        { period: '2023-02', value: 8 },
        { period: '2024-02', value: 6 },
      ]),
    ).toEqual([{ period: '2024-02', value: 6, base: 8, change: -0.25 }]);
    expect(
      yoyChanges([
        { period: '2023', value: 200 },
        { period: '2024', value: 250 },
      ]),
    ).toEqual([{ period: '2024', value: 250, base: 200, change: 0.25 }]);
  });

  it('refuses bad labels, mixed frequencies and repeated periods', () => {
    expect(() => yoyChanges([{ period: '2024-13', value: 1 }])).toThrow(RangeError);
    expect(() => yoyChanges([{ period: '2024/01', value: 1 }])).toThrow(RangeError);
    expect(() =>
      yoyChanges([
        { period: '2024-01', value: 1 },
        { period: '2024-Q1', value: 1 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      yoyChanges([
        { period: '2024-01', value: 1 },
        { period: '2024-01', value: 2 },
      ]),
    ).toThrow(RangeError);
    expect(yoyChanges([])).toEqual([]);
  });
});

describe('robustJumps', () => {
  it('does not flag a steady series', () => {
    const r = robustJumps(monthlyOutput());
    expect(r.points).toHaveLength(24);
    expect(r.enough).toBe(true);
    expect(r.flagged).toEqual([]);
    expect(r.median).toBeCloseTo(0.06, 2);
    expect(Math.max(...r.points.map((p) => Math.abs(p.z)))).toBeLessThan(3.5);
  });

  it('flags one planted jump above 3.5 and nothing else', () => {
    const r = robustJumps(monthlyOutput({ period: '2024-06', factor: 1.2 }));
    expect(r.flagged.map((p) => p.period)).toEqual(['2024-06']);
    const jump = r.flagged[0]!;
    expect(jump.change).toBeCloseTo(1.06 * 1.2 - 1, 2); // about +27 %
    expect(jump.z).toBeGreaterThan(3.5);
    expect(r.points.filter((p) => p.period !== '2024-06').every((p) => Math.abs(p.z) <= 3.5)).toBe(true);
  });

  it('links the base effect a year later to the original month instead of flagging it again', () => {
    const r = robustJumps(monthlyOutput({ period: '2023-06', factor: 1.2 }));
    expect(r.flagged.map((p) => p.period)).toEqual(['2023-06']);
    expect(r.flagged[0]!.z).toBeGreaterThan(3.5);
    const mirror = r.points.find((p) => p.period === '2024-06')!;
    expect(mirror.z).toBeLessThan(-3.5);
    expect(mirror.baseEffectOf).toBe('2023-06');
    expect(mirror.flagged).toBe(false);
  });

  it('gives calibrated p-values: P(|z| > 3.5) among 6 changes is near 3 %, not the normal 0.05 %', () => {
    expect(jumpPValue(3.5, 6, 'growth')).toBeGreaterThan(0.01);
    expect(jumpPValue(3.5, 6, 'growth')).toBeLessThan(0.06);
    expect(jumpPValue(3.5, 24)).toBeGreaterThan(normalTwoSided(3.5) * 2);
    expect(jumpPValue(0, 24)).toBeCloseTo(1, 5);
    expect(jumpPValue(50, 24)).toBeLessThan(1e-5);
    // monotone in |z|, symmetric
    expect(jumpPValue(4, 24)).toBeLessThan(jumpPValue(3, 24));
    expect(jumpPValue(-4, 24)).toBe(jumpPValue(4, 24));
  });

  it('accepts published growth rates and honours the threshold', () => {
    const rates = [0.061, 0.058, 0.062, 0.06, 0.059, 0.063, 0.06, 0.15, 0.061, 0.057].map((value, i) => ({
      period: `2024-${String(i + 1).padStart(2, '0')}`,
      value,
    }));
    // median 0.0605; |x − m| sorted: 0.0005, 0.0005, 0.0005, 0.0005, 0.0015, 0.0015, 0.0025, 0.0025, 0.0035, 0.0895
    // → MAD 0.0015; the 0.15: 0.6745 · 0.0895 / 0.0015 = 40.2
    const r = robustJumps(rates, { input: 'growth', minChanges: 6 });
    expect(r.median).toBeCloseTo(0.0605, 12);
    expect(r.mad).toBeCloseTo(0.0015, 12);
    expect(r.flagged.map((p) => p.period)).toEqual(['2024-08']);
    expect(r.flagged[0]!.z).toBeCloseTo((0.6745 * 0.0895) / 0.0015, 9);
    // 0.057: 0.6745 · 0.0035 / 0.0015 = 1.574 — flagged only with a threshold below that
    expect(
      robustJumps(rates, { input: 'growth', threshold: 1.5, minChanges: 6 }).flagged.map((p) => p.period),
    ).toEqual(['2024-08', '2024-10']);
  });

  it('judges a series only from 24 changes on', () => {
    const short = monthlyOutput({ period: '2024-06', factor: 1.2 }).filter((p) => p.period >= '2023-01');
    expect(robustJumps(short).enough).toBe(false);
    expect(robustJumps(short).flagged).toEqual([]);
    expect(robustJumps(short).points.every((p) => p.pValue === null)).toBe(true);
  });

  it('flags nothing with too few changes', () => {
    const rates = [0.06, 0.061, 0.5].map((value, i) => ({ period: `2024-Q${i + 1}`, value }));
    const r = robustJumps(rates, { input: 'growth' });
    expect(r.enough).toBe(false);
    expect(r.flagged).toEqual([]);
    expect(r.points[2]!.z).toBeGreaterThan(3.5);
    expect(robustJumps(rates, { input: 'growth', minChanges: 3 }).flagged).toHaveLength(1);
    expect(robustJumps([])).toEqual({ points: [], flagged: [], enough: false, median: null, mad: null });
  });
});
