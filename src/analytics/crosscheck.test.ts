import { describe, expect, it } from 'vitest';
import { gapWidening, growthGap } from './crosscheck.ts';
import type { SeriesPoint } from './period.ts';
import { seededNormal, seededUniform } from './reference.ts';

const MONTHS_2024 = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);

/** Levels for 2023 (a seasonal base) and 2024, 2024 growing on 2023 by the given year-on-year rates. */
function levels(rates2024: readonly number[], scale = 1): SeriesPoint[] {
  const base = Array.from({ length: 12 }, (_, i) => scale * (100 + 15 * Math.cos((2 * Math.PI * i) / 12)));
  return [
    ...base.map((value, i) => ({ period: `2023-${String(i + 1).padStart(2, '0')}`, value })),
    ...base.map((value, i) => ({ period: MONTHS_2024[i]!, value: value * (1 + rates2024[i]!) })),
  ];
}

const constant = (rate: number) => Array.from({ length: 12 }, () => rate);
/** Industrial electricity use: 5 % a month, in 10⁴ kWh (another unit than output: growth does not care). */
const electricity = levels(constant(0.05), 37.5);

describe('growthGap', () => {
  it('does not flag a steady gap', () => {
    const r = growthGap(levels(constant(0.06)), electricity);
    expect(r.gaps).toHaveLength(12);
    expect(r.gaps[0]).toMatchObject({ period: '2024-01', widening: false });
    for (const g of r.gaps) {
      expect(g.reportedGrowth).toBeCloseTo(0.06, 12);
      expect(g.independentGrowth).toBeCloseTo(0.05, 12);
      expect(g.gap).toBeCloseTo(0.01, 12);
    }
    expect(r.widening).toBe(false);
    expect(r.runs).toEqual([]);
  });

  it('does not flag a large gap that does not grow', () => {
    expect(growthGap(levels(constant(0.13)), electricity).widening).toBe(false);
  });

  it('flags a planted widening gap: 1, 2, 4, 7, 11 points over the last five months', () => {
    const reported = constant(0.06);
    reported[8] = 0.07; // September
    reported[9] = 0.09;
    reported[10] = 0.12;
    reported[11] = 0.16;
    const r = growthGap(levels(reported), electricity);
    expect(r.widening).toBe(true);
    expect(r.runs).toHaveLength(1);
    const run = r.runs[0]!;
    expect(run).toMatchObject({
      from: '2024-08',
      to: '2024-12',
      periods: ['2024-08', '2024-09', '2024-10', '2024-11', '2024-12'],
      rises: 4,
    });
    expect(run.startGap).toBeCloseTo(0.01, 12);
    expect(run.endGap).toBeCloseTo(0.11, 12);
    expect(run.description).toBe(
      '2024年8月至2024年12月，报告指标增速与对照指标增速之差连续4期扩大，由1个百分点扩大到11个百分点',
    );
    expect(r.gaps.map((g) => Number((g.gap * 100).toFixed(6)))).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1, 2, 4, 7, 11,
    ]);
    expect(r.gaps.filter((g) => g.widening).map((g) => g.period)).toEqual(run.periods);
  });

  it('needs k rises and an end above the threshold', () => {
    // gaps 1, 1.5, 2, 3 points: three rises, but ending at 3 points, under 5
    const small = constant(0.06);
    small[9] = 0.065;
    small[10] = 0.07;
    small[11] = 0.08;
    expect(growthGap(levels(small), electricity).widening).toBe(false);
    expect(growthGap(levels(small), electricity, { threshold: 0.02 }).widening).toBe(true);
    // gaps 1, 4, 8, then 7 points: only two rises
    const short = constant(0.06);
    short[9] = 0.09;
    short[10] = 0.13;
    short[11] = 0.12;
    expect(growthGap(levels(short), electricity).widening).toBe(false);
    const r = growthGap(levels(short), electricity, { k: 2 });
    expect(r.runs.map((x) => [x.from, x.to, x.rises])).toEqual([['2024-09', '2024-11', 2]]);
  });

  it('breaks a run at a missing period', () => {
    const reported = levels([0.06, 0.07, 0.09, 0.12, 0.16, 0.21, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06]);
    expect(growthGap(reported, electricity).runs.map((x) => [x.from, x.to])).toEqual([
      ['2024-01', '2024-06'],
    ]);
    // without 2024-04 the run splits into 01–03 and 05–06: neither has three rises
    const holed = reported.filter((p) => p.period !== '2024-04');
    const r = growthGap(holed, electricity);
    expect(r.gaps).toHaveLength(11);
    expect(r.widening).toBe(false);
  });

  it('does not flag the reported series falling ever further behind', () => {
    const reported = constant(0.04);
    reported[8] = 0.02;
    reported[9] = -0.01;
    reported[10] = -0.05;
    reported[11] = -0.1;
    expect(growthGap(levels(reported), electricity).widening).toBe(false);
  });

  it('takes published growth rates directly, quarterly: tax against revenue', () => {
    const q = ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2'];
    const revenue = [0.08, 0.09, 0.11, 0.14, 0.18, 0.2].map((value, i) => ({ period: q[i]!, value }));
    const tax = [0.07, 0.07, 0.07, 0.06, 0.06, null].map((value, i) => ({ period: q[i]!, value }));
    const r = growthGap(revenue, tax, { input: 'growth' });
    expect(r.gaps.map((g) => Number((g.gap * 100).toFixed(6)))).toEqual([1, 2, 4, 8, 12]);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]).toMatchObject({ from: '2023-Q1', to: '2024-Q1', rises: 4 });
    expect(r.runs[0]!.description).toBe(
      '2023年第1季度至2024年第1季度，报告指标增速与对照指标增速之差连续4期扩大，由1个百分点扩大到12个百分点',
    );
  });

  it('ignores floating-point jitter in a gap that does not move', () => {
    // growths one unit in the last place apart: rounding, not rises — unless minIncrease is 0
    const jitter = [0.3, 0.30000000000000004, 0.3000000000000001, 0.30000000000000016];
    const reported = jitter.map((value, i) => ({ period: `2024-0${i + 1}`, value }));
    const independent = jitter.map((_, i) => ({ period: `2024-0${i + 1}`, value: 0.3 }));
    expect(growthGap(reported, independent, { input: 'growth', threshold: -1 }).widening).toBe(false);
    expect(
      growthGap(reported, independent, { input: 'growth', threshold: -1, minIncrease: 0 }).widening,
    ).toBe(true);
  });

  it('refuses series of different frequencies and a bad k', () => {
    const quarterly = [{ period: '2024-Q1', value: 0.05 }];
    expect(() => growthGap(levels(constant(0.06)), quarterly)).toThrow(RangeError);
    expect(() => growthGap(electricity, electricity, { k: 0 })).toThrow(RangeError);
    expect(() => growthGap(electricity, electricity, { k: 1.5 })).toThrow(RangeError);
    expect(growthGap([], [])).toEqual({ gaps: [], runs: [], widening: false });
  });
});

/** 36 months of two series sharing a trend and seasonality, each with its own log noise; `bend` multiplies the reported one. */
function pair(seed: number, sd: number, bend: (month: number) => number = () => 1) {
  const normal = seededNormal(seededUniform(seed));
  const reported: SeriesPoint[] = [];
  const independent: SeriesPoint[] = [];
  for (let t = 0; t < 36; t++) {
    const period = `${2022 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
    const common = 100 * 1.06 ** (t / 12) * (1 + 0.1 * Math.cos((2 * Math.PI * t) / 12));
    reported.push({ period, value: common * Math.exp(sd * normal()) * bend(t) });
    independent.push({ period, value: 0.4 * common * Math.exp(sd * normal()) });
  }
  return { reported, independent };
}

describe('gapWidening', () => {
  it('compares the last year of gaps with the year before, scaled by the region’s own variability', () => {
    const { reported, independent } = pair(1, 0.01);
    const r = gapWidening(reported, independent);
    expect(r).toMatchObject({ enough: true, from: '2023-01', to: '2024-12', window: 12 });
    expect(r.gaps).toHaveLength(24);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(r.startGap).toBeCloseTo(mean(r.gaps.slice(0, 12).map((g) => g.gap)), 12);
    expect(r.widening).toBeCloseTo(r.endGap! - r.startGap!, 12);
    expect(r.pValue).toBeGreaterThan(0.001);
    // a constant gap (output always 3 points ahead) is not a widening
    const ahead = reported.map((p, i) => ({ ...p, value: p.value! * 1.03 ** (i / 12) }));
    expect(Math.abs(gapWidening(ahead, independent).z! - r.z!)).toBeLessThan(1.5);
  });

  it('finds +1 % a month of inflation over the last year', () => {
    const { reported, independent } = pair(2, 0.01, (t) => (t >= 24 ? 1.01 ** (t - 23) : 1));
    const r = gapWidening(reported, independent);
    expect(r.widening).toBeGreaterThan(0.05);
    expect(r.pValue).toBeLessThan(0.001);
  });

  it('holds its level on clean pairs, and needs two full years of gaps', () => {
    let below = 0;
    for (let seed = 10; seed < 410; seed++) {
      const { reported, independent } = pair(seed, 0.02);
      if (gapWidening(reported, independent).pValue! <= 0.05) below++;
    }
    expect(below / 400).toBeGreaterThan(0.02);
    expect(below / 400).toBeLessThan(0.09);
    const { reported, independent } = pair(3, 0.01);
    const short = gapWidening(reported.slice(1), independent);
    expect(short.enough).toBe(false);
    expect(short.pValue).toBeNull();
    expect(gapWidening(reported, independent, { end: '2024-06' }).enough).toBe(false);
  });
});
