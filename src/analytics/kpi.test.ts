import { describe, expect, it } from 'vitest';
import { attainment, computeKpi } from './kpi.ts';
import { parsePeriod, periodAt } from './period.ts';
import { normalTwoSided } from './special.ts';

const series = (entries: [string, number][]) => new Map(entries);

describe('computeKpi', () => {
  it('computes 项目转化达产率 as production over signed projects a lag earlier, in percent', () => {
    // 2025-Q1..Q4 signed 10, 12, 8, 10 = 40; 2026-Q1..Q4 reaching production 3, 5, 4, 6 = 18.
    const signed = series([
      ['2025-Q1', 10],
      ['2025-Q2', 12],
      ['2025-Q3', 8],
      ['2025-Q4', 10],
    ]);
    const produced = series([
      ['2026-Q1', 3],
      ['2026-Q2', 5],
      ['2026-Q3', 4],
      ['2026-Q4', 6],
    ]);
    const r = computeKpi({ formula: 'ratio', window: 4, lag: 4, percent: true }, '2026-Q4', produced, signed);
    expect(r.numeratorSum).toBe(18);
    expect(r.denominatorSum).toBe(40);
    expect(r.value).toBe(45);
    expect(r.inputs.filter((i) => i.role === 'denominator').map((i) => i.period)).toEqual([
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
    ]);
    expect(r.missing).toBeNull();
  });

  it('computes 亩均效益提升值 as the change over the lag, and says which input is missing', () => {
    const perMu = series([
      ['2025', 31.5],
      ['2026', 34.2],
    ]);
    expect(
      computeKpi({ formula: 'change', window: 1, lag: 1, percent: false }, '2026', perMu, null).value,
    ).toBe(2.7);
    const r = computeKpi({ formula: 'change', window: 1, lag: 1, percent: false }, '2027', perMu, null);
    expect(r.value).toBeNull();
    expect(r.missing).toContain('2027');
  });

  it('sums a level over its window, and refuses a zero denominator', () => {
    const m = series([
      ['2026-01', 1],
      ['2026-02', 2],
      ['2026-03', 4],
    ]);
    expect(
      computeKpi({ formula: 'level', window: 3, lag: 0, percent: false }, '2026-03', m, null).value,
    ).toBe(7);
    const zero = series([['2026-03', 0]]);
    const r = computeKpi({ formula: 'ratio', window: 1, lag: 0, percent: false }, '2026-03', m, zero);
    expect(r.value).toBeNull();
    expect(r.missing).toBe('分母为 0');
  });

  it('judges attainment by direction', () => {
    expect(attainment(45, 50, 'up')).toEqual({ attainment: 0.9, met: false });
    expect(attainment(0.4, 0.5, 'down')).toEqual({ attainment: 1.25, met: true });
    expect(attainment(null, 1, 'up')).toEqual({ attainment: null, met: null });
  });
});

describe('periodAt and normalTwoSided', () => {
  it('inverts parsePeriod for months, quarters and years', () => {
    for (const label of ['2026-01', '2025-12', '2026-Q1', '2024-Q4', '2026']) {
      const p = parsePeriod(label);
      expect(periodAt(p.frequency, p.index)).toBe(label);
    }
    expect(periodAt('month', parsePeriod('2026-01').index - 1)).toBe('2025-12');
  });

  it('gives the two-sided normal tail: 1.959964 → 0.05, 3.5 → 0.000465, 0 → 1', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSided(-1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSided(3.5)).toBeCloseTo(0.000465, 6);
    expect(normalTwoSided(0)).toBe(1);
  });
});
