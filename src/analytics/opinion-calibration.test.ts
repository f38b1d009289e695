import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../../test/lmm-province.ts';
import { calibrateOpinion, type OpinionBallotScore, raterOf } from './opinion-calibration.ts';
import { spearman } from './rank.ts';

/**
 * A county of 8 units with 5 team members each. 下级评议: 12 subordinates per unit (keys kept),
 * each rating 3–5 of their unit's team with a planted leniency (SD 8); 上级评价: one pool per
 * unit, keys not kept, the group as a whole 6 points stricter.
 */
function county(seed: number) {
  const g = normal(mulberry32(seed));
  const rand = mulberry32(seed + 1);
  const level = new Map<string, number>();
  const leniency = new Map<string, number>();
  const ballots: OpinionBallotScore[] = [];
  for (let u = 0; u < 8; u++) {
    const team = Array.from({ length: 5 }, (_, i) => `C${u}-${i}`);
    for (const c of team) level.set(c, 75 + 6 * g());
    for (let r = 0; r < 12; r++) {
      const key = `U${u}-R${r}`;
      leniency.set(key, 8 * g());
      const rated = team.filter(() => rand() < 0.75);
      for (const c of rated.length >= 2 ? rated : team.slice(0, 2))
        ballots.push({
          cadre: c,
          unit: `U${u}`,
          group: 'subordinate',
          key,
          score: level.get(c)! + leniency.get(key)! + 3 * g(),
        });
    }
    for (const c of team)
      for (let k = 0; k < 5; k++)
        ballots.push({
          cadre: c,
          unit: `U${u}`,
          group: 'superior',
          key: null,
          score: level.get(c)! - 6 + 3 * g(),
        });
  }
  return { level, leniency, ballots };
}

const rawMean = (ballots: OpinionBallotScore[], cadre: string) => {
  const mine = ballots.filter((b) => b.cadre === cadre);
  return mine.reduce((s, b) => s + b.score, 0) / mine.length;
};
const centred = (xs: number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.map((x) => x - m);
};
const rmse = (a: number[], b: number[]) => {
  const ca = centred(a);
  const cb = centred(b);
  return Math.sqrt(ca.reduce((s, x, i) => s + (x - cb[i]!) ** 2, 0) / ca.length);
};

describe('calibrated 360 scores', () => {
  const { level, leniency, ballots } = county(20261206);
  const half = () => ({ subordinate: 0.5, superior: 0.5 });
  const out = calibrateOpinion(ballots, half);

  it('recovers the planted leniency of the raters whose keys were kept', () => {
    expect(out.fit.formula).toBe('score ~ 1 + group + (1 | target) + (1 | rater)');
    const keyed = out.fit.raters.filter((r) => r.rater.startsWith('key:'));
    expect(keyed).toHaveLength(leniency.size);
    const planted = keyed.map((r) => leniency.get(r.rater.slice(4))!);
    const found = keyed.map((r) => r.leniency!.estimate);
    expect(spearman(planted, found)).toBeGreaterThan(0.85);
  });

  it('recovers the group effect as a fixed effect, not as leniency', () => {
    const sup = out.fit.groupEffects.find((g) => g.group === 'superior')!.effect;
    const sub = out.fit.groupEffects.find((g) => g.group === 'subordinate')!.effect;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const meanLeniency = mean([...leniency.values()]);
    // The superiors' level relative to the subordinates', less the planted raters' average leniency.
    expect(sup - sub).toBeCloseTo(-6 - meanLeniency, 0);
  });

  it('ranks the cadres closer to their true level than the raw mean does', () => {
    const cadres = [...level.keys()];
    const truth = cadres.map((c) => level.get(c)!);
    const cal = cadres.map((c) => out.byCadre.get(c)!.estimate);
    const raw = cadres.map((c) => rawMean(ballots, c));
    expect(rmse(cal, truth)).toBeLessThan(0.8 * rmse(raw, truth));
    for (const c of cadres) {
      const e = out.byCadre.get(c)!;
      expect(e.method).toBe('crossed');
      expect(e.keyedGroups).toEqual(['subordinate']);
      expect(e.se).toBeGreaterThan(0);
      expect(e.low).toBeCloseTo(e.estimate - 1.96 * e.se, 8);
    }
  });

  it('mixes the group levels by the effective weights: a stricter mix does not lower the score', () => {
    const c = 'C0-0';
    const sup = out.fit.groupEffects.find((g) => g.group === 'superior')!.effect;
    const allSub = calibrateOpinion(ballots, () => ({ subordinate: 1 })).byCadre.get(c)!;
    const allSup = calibrateOpinion(ballots, () => ({ superior: 1 })).byCadre.get(c)!;
    expect(allSup.estimate - allSub.estimate).toBeCloseTo(sup, 8);
    expect(out.byCadre.get(c)!.estimate).toBeCloseTo((allSub.estimate + allSup.estimate) / 2, 8);
  });

  it('calibrates by rater group and unit only where no key was kept', () => {
    const unkeyed = ballots.map((b) => ({ ...b, key: null }));
    const r = calibrateOpinion(unkeyed, half);
    expect(r.fit.raters.every((x) => x.rater.startsWith('pool:'))).toBe(true);
    expect(raterOf(unkeyed[0]!)).toBe(`pool:${unkeyed[0]!.group}:${unkeyed[0]!.unit}`);
    for (const e of r.byCadre.values()) {
      expect(e.method).toBe('group-unit');
      expect(e.keyedGroups).toEqual([]);
    }
  });

  it('says why when there is nothing to calibrate', () => {
    const r = calibrateOpinion([{ cadre: 'A', unit: 'U', group: 'peer', key: null, score: 80 }], () => ({
      peer: 1,
    }));
    expect(r.byCadre.size).toBe(0);
    expect(r.reason).toMatch(/评价人/);
  });
});

describe('a singular fit', () => {
  it('reports nothing calibrated when the fit sees no difference between cadres', () => {
    const ballots: OpinionBallotScore[] = [];
    for (const c of ['A', 'B', 'C'])
      for (let r = 0; r < 6; r++)
        ballots.push({ cadre: c, unit: 'U', group: 'subordinate', key: `R${r}`, score: 70 + r });
    const out = calibrateOpinion(ballots, () => ({ subordinate: 1 }));
    expect(out.byCadre.size).toBe(0);
    expect(out.reason).toMatch(/奇异/);
  });
});
