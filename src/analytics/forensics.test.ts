import { describe, expect, it } from 'vitest';
import { benfordFindings, jumpFindings, wideningFindings } from './forensics.ts';
import type { SeriesPoint } from './period.ts';
import { seededNormal, seededUniform } from './reference.ts';

function monthly(seed: number, months: number, bend: (t: number) => number = () => 1): SeriesPoint[] {
  const normal = seededNormal(seededUniform(seed));
  return Array.from({ length: months }, (_, t) => ({
    period: `${2023 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`,
    value: 100 * 1.06 ** (t / 12) * Math.exp(0.01 * normal()) * bend(t),
  }));
}

describe('jumpFindings', () => {
  it('raises a spike once, with its family fixed per year, and links the base effect', () => {
    const series = [
      { key: 'a', points: monthly(1, 48, (t) => (t === 26 ? 1.25 : 1)) },
      ...Array.from({ length: 5 }, (_, i) => ({ key: `b${i}`, points: monthly(10 + i, 48) })),
    ];
    const f = jumpFindings(series, { fdr: 0.05 });
    expect(f.filter((x) => x.flagged).map((x) => `${x.key}|${x.period}`)).toEqual(['a|2025-03']);
    const mirror = f.find((x) => x.key === 'a' && x.period === '2026-03')!;
    expect(mirror).toMatchObject({ baseEffectOf: '2025-03', flagged: false });
    // one family per year: 6 series × 12 months
    expect(new Set(f.filter((x) => x.year === '2025').map((x) => x.familySize))).toEqual(new Set([72]));
  });
});

describe('wideningFindings', () => {
  it('judges each year once per pair and flags +1 % a month of inflation', () => {
    const pairs = Array.from({ length: 8 }, (_, i) => ({
      key: i,
      reported: monthly(100 + i, 36, (t) => (i === 0 && t >= 24 ? 1.01 ** (t - 23) : 1)),
      independent: monthly(200 + i, 36),
    }));
    const f = wideningFindings(pairs, { fdr: 0.05, minWidening: 0.02 });
    expect(f.map((x) => x.year)).toEqual(Array.from({ length: 8 }, () => '2025'));
    expect(f.filter((x) => x.flagged).map((x) => x.key)).toEqual([0]);
    expect(f[0]).toMatchObject({ from: '2024-01', to: '2025-12', familySize: 8 });
    expect(f[0]!.gaps).toHaveLength(24);
  });
});

describe('benfordFindings', () => {
  it('tests one value per unit and leaves a department with too few units unjudged', () => {
    const uniform = seededUniform(3);
    const even = Array.from(
      { length: 90 },
      () => (1 + Math.floor(9 * uniform()) + 0.5) * 10 ** (1 + Math.floor(3 * uniform())),
    );
    const genuine = Array.from({ length: 90 }, () => 10 ** (1 + 3 * uniform()));
    const f = benfordFindings(
      [
        { key: 'even', year: '2026', valuePerUnit: even },
        { key: 'genuine', year: '2026', valuePerUnit: genuine },
        { key: 'few', year: '2026', valuePerUnit: genuine.slice(0, 20) },
      ],
      { fdr: 0.05 },
    );
    expect(f.map((x) => [x.key, x.flagged])).toEqual([
      ['even', true],
      ['genuine', false],
    ]);
    expect(f[0]).toMatchObject({ units: 90, familySize: 2 });
  });
});
