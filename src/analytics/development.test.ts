import { describe, expect, it } from 'vitest';
import { addMonths, beforeAfter, clearlyBelow, midDay, planMonths, quarterDays } from './development.ts';

describe('plan calendar', () => {
  it('adds months, keeping the day or the month end', () => {
    expect(addMonths('2026-03-15', 6)).toBe('2026-09-15');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-01', 2)).toBe('2027-01-01');
  });
  it('lists the months of a plan up to a day', () => {
    expect(planMonths('2026-03-15', '2026-09-15', '2026-05-02')).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(planMonths('2026-11-10', '2027-01-10', '2027-06-01')).toEqual(['2026-11', '2026-12', '2027-01']);
  });
  it('finds the middle of a plan and the days of a quarter', () => {
    expect(midDay('2026-01-01', '2026-07-01')).toBe('2026-04-01');
    expect(quarterDays('2026Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
  });
});

describe('before and after', () => {
  const series = [
    { quarter: '2026Q1', own: -1, se: 0.2 },
    { quarter: '2025Q4', own: -1.2, se: 0.3 },
    { quarter: '2026Q3', own: 0.5, se: 0.25 },
  ];
  it('takes the last quarter before the start and the last one begun after it', () => {
    const f = beforeAfter(series, '2026-04-10');
    expect(f.series.map((p) => p.quarter)).toEqual(['2025Q4', '2026Q1', '2026Q3']);
    expect(f.before?.quarter).toBe('2026Q1');
    expect(f.after?.quarter).toBe('2026Q3');
    expect(f.before!.low).toBeLessThan(f.before!.own);
    expect(f.before!.high).toBeGreaterThan(f.before!.own);
    // The interval of the change is wider than either estimate's.
    expect(f.change!.value).toBeCloseTo(1.5, 5);
    expect(f.change!.high - f.change!.low).toBeGreaterThan(f.after!.high - f.after!.low);
  });
  it('gives no change when one side is missing', () => {
    expect(beforeAfter(series, '2027-01-01').change).toBeNull();
    expect(beforeAfter([], '2026-01-01')).toEqual({ series: [], before: null, after: null, change: null });
  });
  it('calls an estimate clearly below average only when its interval says so', () => {
    expect(clearlyBelow(-1, 0.3)).toBe(true);
    expect(clearlyBelow(-0.3, 0.3)).toBe(false);
  });
});
