import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../../test/lmm-province.ts';
import { calibrateObservations, rankEvent, type ScoreSheet } from './judging.ts';
import { fitLmm } from './lmm/index.ts';
import { spearman } from './rank.ts';
import { sheetTotal } from './score-sheet.ts';

const ONE = [{ code: 'total', name: '总分' }];
const sheet = (judge: string, participant: string, total: number): ScoreSheet => ({
  judge,
  participant,
  scores: { total },
});

/** The method this replaces: each judge's totals centred on that judge's own mean. */
function centredMeans(sheets: ScoreSheet[]): Map<string, number> {
  const judgeMean = new Map<string, number>();
  for (const j of new Set(sheets.map((s) => s.judge))) {
    const mine = sheets.filter((s) => s.judge === j);
    judgeMean.set(j, mine.reduce((a, s) => a + s.scores.total!, 0) / mine.length);
  }
  const grand = sheets.reduce((a, s) => a + s.scores.total!, 0) / sheets.length;
  const out = new Map<string, number>();
  for (const p of new Set(sheets.map((s) => s.participant))) {
    const mine = sheets.filter((s) => s.participant === p);
    out.set(p, mine.reduce((a, s) => a + s.scores.total! - judgeMean.get(s.judge)! + grand, 0) / mine.length);
  }
  return out;
}

/**
 * The two-panel design: the stronger half of the field is judged by one panel, the weaker
 * half by another, one judge sitting on both (the only link between the panels).
 */
function twoPanels(seed: number) {
  const g = normal(mulberry32(seed));
  const n = 24;
  const quality = Array.from({ length: n }, () => 75 + 8 * g()).sort((a, b) => b - a);
  const judges = ['A1', 'A2', 'A3', 'X', 'B1', 'B2', 'B3'];
  const leniency = new Map(judges.map((j) => [j, 4 * g()]));
  const sheets: ScoreSheet[] = [];
  quality.forEach((q, i) => {
    for (const j of i < n / 2 ? ['A1', 'A2', 'A3', 'X'] : ['B1', 'B2', 'B3', 'X'])
      sheets.push(sheet(j, `P${i}`, q + leniency.get(j)! + 3 * g()));
  });
  return { quality, sheets };
}

describe('a score sheet', () => {
  it('totals its marks by the event’s stated weights, and has no total while a mark is missing', () => {
    const criteria = [
      { code: 'idea', weight: 30 },
      { code: 'measure', weight: 40 },
      { code: 'effect', weight: 30 },
    ];
    expect(sheetTotal(criteria, { idea: 80, measure: 90, effect: 70 })).toBeCloseTo(81, 10);
    expect(sheetTotal(criteria, { idea: 80, measure: 90 })).toBeNull();
    expect(sheetTotal([{ code: 'a' }, { code: 'b' }], { a: 70, b: 90 })).toBe(80);
  });
});

describe('an event’s ranking by the crossed fit', () => {
  it('recovers planted judge leniency', () => {
    const g = normal(mulberry32(7));
    const planted = { 甲: -8, 乙: -3, 丙: 0, 丁: 3, 戊: 8 } as Record<string, number>;
    const sheets: ScoreSheet[] = [];
    for (let p = 0; p < 30; p++) {
      const q = 75 + 7 * g();
      for (const [j, bias] of Object.entries(planted)) sheets.push(sheet(j, `P${p}`, q + bias + 2 * g()));
    }
    const r = rankEvent(ONE, sheets);
    expect(r.method).toBe('crossed');
    expect(r.warnings).toEqual([]);
    for (const j of r.raters) {
      expect(j.calibrated).toBe(true);
      // Leniency is relative to a typical judge: the planted values are centred on 0.
      expect(Math.abs(j.leniency!.estimate - planted[j.rater]!)).toBeLessThan(1.5);
      expect(j.leniency!.low).toBeLessThan(planted[j.rater]!);
      expect(j.leniency!.high).toBeGreaterThan(planted[j.rater]!);
    }
  });

  it('ranks the two-panel design as the crossed fit does, far better than centring on judge means', () => {
    let crossed = 0;
    let centred = 0;
    const reps = 20;
    for (let k = 0; k < reps; k++) {
      const { quality, sheets } = twoPanels(100 + k);
      const r = rankEvent(ONE, sheets);
      // The ranking is the crossed fit's own: ordered as lmer's conditional modes of participant.
      const fit = fitLmm(
        {
          score: sheets.map((s) => s.scores.total!),
          participant: sheets.map((s) => s.participant),
          judge: sheets.map((s) => s.judge),
        },
        'score ~ 1 + (1 | participant) + (1 | judge)',
      );
      const modes = [...fit.ranef.participant!].sort((a, b) => b.mode - a.mode).map((e) => e.level);
      expect(r.participants.map((p) => p.target)).toEqual(modes);
      const truth = quality.map((_, i) => quality[i]!);
      const cal = new Map(r.participants.map((p) => [p.target, p.calibrated!.estimate]));
      const cen = centredMeans(sheets);
      crossed += spearman(
        truth.map((_, i) => cal.get(`P${i}`)!),
        truth,
      );
      centred += spearman(
        truth.map((_, i) => cen.get(`P${i}`)!),
        truth,
      );
    }
    crossed /= reps;
    centred /= reps;
    expect(crossed).toBeGreaterThan(0.9);
    expect(crossed - centred).toBeGreaterThan(0.2);
  });

  it('no longer ranks a judge’s only score of 95 below an 80', () => {
    // Three judges score six participants; a fourth judge scored one participant only, a 95.
    const field = [82, 80, 78, 76, 74, 72];
    const bias = { 甲: 1, 乙: 0, 丙: -1 } as Record<string, number>;
    const sheets = field.flatMap((q, i) =>
      Object.entries(bias).map(([j, b]) => sheet(j, `P${i}`, q + b + (i % 2 ? 0.5 : -0.5))),
    );
    sheets.push(sheet('丁', 'Star', 95));
    // Centring puts the 95 at the grand mean: below the participant everyone scored about 80.
    const cen = centredMeans(sheets);
    expect(cen.get('Star')!).toBeLessThan(cen.get('P1')!);
    const r = rankEvent(ONE, sheets);
    const by = new Map(r.participants.map((p) => [p.target, p]));
    expect(by.get('Star')!.calibrated!.estimate).toBeGreaterThan(by.get('P1')!.calibrated!.estimate);
    expect(by.get('Star')!.rank).toBe(1);
    expect(by.get('Star')!.raw).toBe(95);
    // …and says how little it rests on: one judge with one score, in a set of its own.
    expect(by.get('Star')!.identified).toBe(false);
    expect(by.get('P1')!.identified).toBe(true);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['DISCONNECTED', 'FEW_TARGETS']);
    const few = r.warnings.find((w) => w.code === 'FEW_TARGETS');
    expect(few).toMatchObject({ rater: '丁', targets: 1 });
    expect(few!.message).toContain('丁只评了 1 位参赛者');
    expect(r.raters.find((j) => j.rater === '丁')!.calibrated).toBe(false);
  });

  it('weighs criteria as the event states, gives the raw mean beside the calibrated score, and shares ranks on ties', () => {
    const criteria = [
      { code: 'idea', weight: 30 },
      { code: 'measure', weight: 70 },
    ];
    const sheets: ScoreSheet[] = [];
    for (const j of ['甲', '乙', '丙']) {
      sheets.push({ judge: j, participant: 'A', scores: { idea: 90, measure: 70 } }); // 76
      sheets.push({ judge: j, participant: 'B', scores: { idea: 70, measure: 90 } }); // 84
      sheets.push({ judge: j, participant: 'C', scores: { idea: 70, measure: 90 } }); // 84
    }
    const r = rankEvent(criteria, sheets);
    expect(r.participants.map((p) => [p.target, p.rank, p.raw])).toEqual([
      ['B', 1, 84],
      ['C', 1, 84],
      ['A', 3, 76],
    ]);
    const b = r.participants[0]!;
    expect(b.byJudge).toEqual([
      { judge: '丙', total: 84 },
      { judge: '乙', total: 84 },
      { judge: '甲', total: 84 },
    ]);
    expect(b.calibrated!.low).toBeLessThanOrEqual(b.calibrated!.estimate);
    expect(b.calibrated!.high).toBeGreaterThanOrEqual(b.calibrated!.estimate);
  });

  it('says why it cannot calibrate: one judge, or no participant judged by two', () => {
    const one = rankEvent(ONE, [sheet('甲', 'A', 80), sheet('甲', 'B', 90)]);
    expect(one.method).toBe('uncalibrated');
    expect(one.reason).toContain('只有一位评委');
    expect(one.participants.map((p) => [p.target, p.rank, p.calibrated])).toEqual([
      ['B', 1, null],
      ['A', 2, null],
    ]);
    const apart = rankEvent(ONE, [sheet('甲', 'A', 80), sheet('乙', 'B', 90), sheet('乙', 'C', 70)]);
    expect(apart.method).toBe('uncalibrated');
    expect(apart.reason).toContain('没有两位以上评委共同评过的参赛者');
    expect(rankEvent(ONE, []).participants).toEqual([]);
  });
});

describe('observers’ conduct ratings', () => {
  const obs = (id: string, cadre: string, observer: string, v: number) => ({
    id,
    cadre,
    observer,
    ratings: { a: v, b: v + 0.5, c: v - 0.5 },
  });

  it('calibrates an observer’s leniency where observers rated overlapping cadres', () => {
    // 宽 marks about one point above 严 on the five cadres both observed (in different activities).
    const rows = [];
    const level = [4, 3.5, 3, 2.5, 3.2];
    const noise = [0.1, -0.2, 0, 0.2, -0.1];
    for (const [i, q] of level.entries()) {
      rows.push(obs(`w${i}`, `C${i}`, '宽', q + 0.5 + noise[i]!));
      rows.push(obs(`s${i}`, `C${i}`, '严', q - 0.5 - noise[i]!));
    }
    rows.push(obs('w9', 'C9', '宽', 4.5));
    const r = calibrateObservations(rows);
    expect(r.calibration.method).toBe('crossed');
    const lenient = r.calibration.raters.find((x) => x.rater === '宽')!;
    expect(lenient.calibrated).toBe(true);
    const w9 = r.byObservation.get('w9')!;
    expect(w9.raw).toBe(4.5);
    expect(w9.calibrated!.estimate).toBeLessThan(4.5);
    expect(w9.calibrated!.low).toBeLessThan(w9.calibrated!.high);
  });

  it('leaves ratings uncalibrated where each cadre was rated by one observer only', () => {
    const r = calibrateObservations([
      obs('a', 'C1', '甲', 4),
      obs('b', 'C2', '乙', 3),
      obs('c', 'C3', '乙', 5),
    ]);
    expect(r.calibration.method).toBe('uncalibrated');
    expect(r.calibration.reason).toContain('没有两位以上观察人共同评过的干部');
    expect(r.byObservation.get('a')).toEqual({ raw: 4, calibrated: null });
  });
});
