import { describe, expect, it } from 'vitest';
import { divergenceRuns } from './divergence.ts';
import type { SeriesPoint } from './period.ts';

/** 24 months from 2024-01: the first year flat at `base`, the second from `second(i)`. */
function months(base: number, second: (i: number) => number): SeriesPoint[] {
  return Array.from({ length: 24 }, (_, i) => ({
    period: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    value: i < 12 ? base : second(i - 12),
  }));
}

describe('divergenceRuns (重增速轻效益 / 重数量轻质量)', () => {
  it('flags a planted run: output up 10 % while output per mu falls 8 % from 2025-06 to 2025-09', () => {
    const output = months(100, (m) => (m >= 5 && m <= 8 ? 110 : 101));
    const perMu = months(50, (m) => (m >= 5 && m <= 8 ? 46 : 50.5));
    const runs = divergenceRuns(output, perMu, { periods: 3, minRise: 0.05, minFall: 0.05 });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.from).toBe('2025-06');
    expect(runs[0]!.to).toBe('2025-09');
    expect(runs[0]!.points).toHaveLength(4);
    expect(runs[0]!.points[0]!.rise).toBeCloseTo(0.1, 10);
    expect(runs[0]!.points[0]!.fall).toBeCloseTo(-0.08, 10);
    expect(runs[0]!.description).toContain('连续4期');
  });

  it('does not flag a run shorter than the periods asked for, or changes under the thresholds', () => {
    const output = months(100, (m) => (m >= 5 && m <= 6 ? 110 : 101));
    const perMu = months(50, (m) => (m >= 5 && m <= 6 ? 46 : 50.5));
    expect(divergenceRuns(output, perMu, { periods: 3 })).toHaveLength(0);
    const mild = months(100, () => 103);
    const mildFall = months(50, () => 49);
    expect(divergenceRuns(mild, mildFall, { periods: 3, minRise: 0.05, minFall: 0.05 })).toHaveLength(0);
    // Both rising is healthy growth, not divergence.
    expect(
      divergenceRuns(
        months(100, () => 120),
        months(50, () => 60),
        { periods: 3 },
      ),
    ).toHaveLength(0);
  });

  it('breaks a run at a missing month', () => {
    const output = months(100, () => 110);
    const perMu = months(50, () => 45).filter((p) => p.period !== '2025-06');
    const runs = divergenceRuns(output, perMu, { periods: 3 });
    expect(runs.map((r) => [r.from, r.to])).toEqual([
      ['2025-01', '2025-05'],
      ['2025-07', '2025-12'],
    ]);
  });
});
