import { describe, expect, it } from 'vitest';
import { type CompletionItem, completionSeries, itemGap, shareOf, targetTotal } from './delivery.ts';

const months = (reported: Record<number, number>) =>
  Array.from({ length: 12 }, (_, m) =>
    reported[m + 1] === undefined ? null : { month: m + 1, progress: reported[m + 1]! },
  );
const linear = (total: number) => Array.from({ length: 12 }, (_, m) => (total * (m + 1)) / 12);

function item(o: Partial<CompletionItem> = {}): CompletionItem {
  return {
    targetKind: 'value',
    targetValue: 12,
    milestones: null,
    weight: 1,
    monthlyPlan: linear(12),
    reports: months({}),
    withdrawn: false,
    ...o,
  };
}

describe('targets and gaps', () => {
  it('counts a value target to its value and a milestone target to its milestones', () => {
    expect(targetTotal({ targetKind: 'value', targetValue: 15, milestones: null })).toBe(15);
    expect(targetTotal({ targetKind: 'milestones', targetValue: null, milestones: [{}, {}] })).toBe(2);
    expect(shareOf({ targetKind: 'milestones', targetValue: null, milestones: [] }, 3)).toBe(0);
  });

  it('measures the gap at the latest reported month, as a share of the target', () => {
    const i = item({ targetValue: 15, monthlyPlan: linear(15) });
    expect(itemGap(i, months({}))).toBeNull();
    // July: plan 8.75, reported 5 → 3.75 of 15
    expect(itemGap(i, months({ 6: 4, 7: 5 }))).toBeCloseTo(0.25, 10);
    // ahead of plan is a negative gap
    expect(itemGap(i, months({ 2: 5 }))).toBeCloseTo((2.5 - 5) / 15, 10);
  });
});

describe('completionSeries', () => {
  it('weighs each item’s share of its target by its weight', () => {
    const s = completionSeries([
      item({ weight: 3, reports: months({ 6: 6 }) }), // 50 %
      item({
        weight: 1,
        targetKind: 'milestones',
        targetValue: null,
        milestones: [{}, {}],
        monthlyPlan: [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2],
        reports: months({ 6: 2 }), // 100 %
      }),
    ]);
    expect(s.reported[5]).toBe(62.5);
    // the plan: in June 6/12 of the first (weight 3) and 1/2 of the second → 50 %
    expect(s.planned[5]).toBe(50);
    expect(s.planned[11]).toBe(100);
  });

  it('carries the latest earlier report into months without one, and runs from the first report to the last', () => {
    const s = completionSeries([item({ reports: months({ 3: 3 }) }), item({ reports: months({ 5: 6 }) })]);
    expect(s.reported.slice(0, 2)).toEqual([null, null]);
    // March: 3/12 and nothing yet → 12.5 %; April carries March; May: 3/12 and 6/12 → 37.5 %
    expect(s.reported.slice(2, 5)).toEqual([12.5, 12.5, 37.5]);
    expect(s.reported.slice(5)).toEqual([null, null, null, null, null, null, null]);
  });

  it('leaves out withdrawn items and targets that count to nothing', () => {
    const s = completionSeries([
      item({ reports: months({ 1: 1 }) }),
      item({ withdrawn: true, reports: months({ 1: 12 }) }),
      item({ targetValue: 0, reports: months({ 1: 5 }) }),
    ]);
    expect(s.reported[0]).toBe(8.3);
  });

  it('is empty for a list with nothing to count', () => {
    expect(completionSeries([])).toEqual({
      planned: Array(12).fill(0),
      reported: Array(12).fill(null),
    });
  });
});
