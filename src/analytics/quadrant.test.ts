import { describe, expect, it } from 'vitest';
import {
  ageBand,
  candidates,
  DEFAULT_RULE,
  DEFAULT_VIEW_WEIGHTS,
  fourFifths,
  placeAll,
  runLength,
  viewComposite,
  type ZoneProbabilities,
  zoneProbabilities,
} from './quadrant.ts';

/** Direct computation: integrate both normals on a fine grid and count the mass in each zone. */
function direct(c: number, sc: number, v: number, sv: number, tc: number, tv: number) {
  const steps = 40000;
  const mass = (m: number, s: number, t: number) => {
    let above = 0;
    let total = 0;
    for (let i = 0; i < steps; i++) {
      const x = m - 8 * s + ((i + 0.5) * 16 * s) / steps;
      const d = Math.exp(-0.5 * ((x - m) / s) ** 2);
      total += d;
      if (x > t) above += d;
    }
    return above / total;
  };
  const pc = mass(c, sc, tc);
  const pv = mass(v, sv, tv);
  return {
    high: pc * pv,
    mixedView: pc * (1 - pv),
    mixedContribution: (1 - pc) * pv,
    low: (1 - pc) * (1 - pv),
  };
}

describe('zone probabilities', () => {
  it('agree with a direct integration of both intervals', () => {
    for (const [c, sc, v, sv] of [
      [3, 2, -1, 1.5],
      [-1, 4, 2, 3],
      [0.5, 0.7, -6, 2.5],
    ] as const) {
      const got = zoneProbabilities({ value: c, se: sc }, { value: v, se: sv }, 1, {
        contribution: 0,
        view: 0,
      });
      const want = direct(c, sc, v, sv, 0, 0);
      for (const z of ['high', 'mixedView', 'mixedContribution', 'low'] as const)
        expect(got[z]).toBeCloseTo(want[z], 3);
      expect(got.high + got.mixedView + got.mixedContribution + got.low).toBeCloseTo(1, 10);
    }
  });

  it('never puts a cadre on the deviating side without a confirmed deviation, whatever the score', () => {
    const p = zoneProbabilities({ value: -5, se: 1 }, { value: -30, se: 1 }, 0, { contribution: 0, view: 0 });
    expect(p.low).toBe(0);
    expect(p.mixedView).toBe(0);
    expect(p.mixedContribution).toBeCloseTo(1, 5);
  });
});

describe('the view composite', () => {
  it('weights the calibrated parts, takes counts as exact and subtracts confirmed deviations', () => {
    const w = { conduct: 60, opinion: 40, deviation: 8, outstanding: 3 };
    const r = viewComposite(
      { conduct: { value: 2, se: 1 }, opinion: { value: -1, se: 2 }, deviations: 2, outstanding: 1 },
      w,
    );
    expect(r.value).toBeCloseTo((60 * 2 + 40 * -1) / 100 - 16 + 3, 10);
    expect(r.se).toBeCloseTo(Math.sqrt(60 ** 2 * 1 + 40 ** 2 * 4) / 100, 10);
    expect(r.parts.find((p) => p.part === 'deviation')!.se).toBeNull();
  });
});

describe('persistence: 长期处于', () => {
  const z = (high: number): ZoneProbabilities => ({
    high,
    mixedView: 0,
    mixedContribution: 1 - high,
    low: 0,
  });
  it('counts consecutive quarters with p ≥ 0.7 and stops at a gap or a weak quarter', () => {
    const h = new Map([
      ['2025Q2', z(0.9)],
      ['2025Q3', z(0.8)],
      // 2025Q4: no placement
      ['2026Q1', z(0.75)],
      ['2026Q2', z(0.95)],
      ['2026Q3', z(0.71)],
    ]);
    expect(runLength(h, 'high', '2026Q3')).toBe(3);
    expect(runLength(h, 'high', '2025Q3')).toBe(2);
    h.set('2026Q2', z(0.69));
    expect(runLength(h, 'high', '2026Q3')).toBe(1);
    expect(runLength(h, 'high', '2026Q4')).toBe(0);
  });
});

describe('placements and candidates', () => {
  const base = {
    unitId: 'u',
    view: { conduct: { value: 0, se: 1 }, opinion: null, deviations: 0, outstanding: 0 },
  };
  it('places the unidentified by their within-unit comparison, hollow, and never recommends them', () => {
    const inputs = [
      { ...base, cadreId: 'a', identified: true, composite: 6, compositeSe: 1, withinUnit: 3 },
      { ...base, cadreId: 'b', identified: true, composite: -6, compositeSe: 1, withinUnit: -3 },
      { ...base, cadreId: 'c', identified: false, composite: null, compositeSe: null, withinUnit: 20 },
      {
        ...base,
        cadreId: 'd',
        identified: true,
        composite: -8,
        compositeSe: 1,
        withinUnit: -4,
        view: { conduct: { value: -2, se: 1 }, opinion: null, deviations: 1, outstanding: 0 },
      },
    ];
    const { threshold, placements } = placeAll(inputs, { contribution: null, view: 0 }, DEFAULT_VIEW_WEIGHTS);
    expect(threshold.contribution).toBeCloseTo((6 - 6 - 8) / 3, 10);
    const c = placements.find((p) => p.cadreId === 'c')!;
    expect(c.hollow).toBe(true);
    expect(c.contribution).toBeCloseTo(threshold.contribution + 20, 10);
    expect(c.zone).toBe('high');
    const hist = new Map(
      placements.map((p) => [
        p.cadreId,
        new Map(['2026Q1', '2026Q2', '2026Q3'].map((q) => [q, p.probabilities])),
      ]),
    );
    const found = candidates(placements, hist, '2026Q3', DEFAULT_RULE);
    expect(found.map((f) => [f.cadreId, f.kind])).toEqual([
      ['a', 'promote'],
      ['d', 'adjust'],
    ]);
  });
});

describe('four-fifths rule', () => {
  it('flags a group whose rate is below 0.8 of the highest', () => {
    const items = [
      ...Array.from({ length: 10 }, (_, i) => ({ group: '男', selected: i < 5 })),
      ...Array.from({ length: 10 }, (_, i) => ({ group: '女', selected: i < 3 })),
      ...Array.from({ length: 2 }, () => ({ group: '未知', selected: false })),
    ];
    const r = fourFifths(items);
    expect(r.ratio).toBeCloseTo(0.6, 10);
    expect(r.flagged).toBe(true);
    expect(fourFifths(items.map((i) => ({ ...i, selected: true }))).flagged).toBe(false);
    expect(ageBand(1990, 2026)).toBe('36至45岁');
  });
});
