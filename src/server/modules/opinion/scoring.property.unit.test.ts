import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GROUP_WEIGHTS,
  DEFAULT_QUESTIONNAIRE,
  MIN_GROUP_BALLOTS,
  RATER_GROUPS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';
import { type BallotRow, blocksOf, cadreResult, withCalibration } from './scoring.ts';

const ITEMS = DEFAULT_QUESTIONNAIRE.dimensions.flatMap((d) => d.items.map((i) => i.code));

/** Random ballots: a few cadres in a few units, each group with 0–9 ballots. */
const county = fc
  .array(
    fc.record({
      unit: fc.integer({ min: 0, max: 2 }),
      groups: fc.tuple(...RATER_GROUPS.map(() => fc.integer({ min: 0, max: 9 }))),
      score: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((cadres) => {
    let n = 0;
    const ballots: (BallotRow & { unit: number })[] = [];
    cadres.forEach((c, ci) => {
      RATER_GROUPS.forEach((g, gi) => {
        for (let k = 0; k < c.groups[gi]!; k++)
          ballots.push({
            id: `b${n++}`,
            cadreId: `c${ci}`,
            unit: c.unit,
            raterGroup: g,
            answers: Object.fromEntries(ITEMS.map((it, ii) => [it, ((c.score + k + ii) % 5) + 1])),
          });
      });
    });
    return { cadres: cadres.map((c, i) => ({ id: `c${i}`, unit: c.unit })), ballots };
  });

const byCadre = (ballots: BallotRow[], id: string) => ballots.filter((b) => b.cadreId === id);

describe('the figures of a round never expose a rater group of fewer than 5', () => {
  it('every figure, under every filter, rests on whole blocks; any two differ by nothing or ≥ 5 ballots', () => {
    fc.assert(
      fc.property(county, ({ cadres, ballots }) => {
        const results = cadres.map((c) =>
          cadreResult(c.id, byCadre(ballots, c.id), DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS),
        );
        // The ballot sets behind every figure a page can show: per cadre (overall, dimensions,
        // distribution), per cadre and group, per unit (the unit filter), per group across a unit
        // (group filter), and the whole round.
        const sets: Set<string>[] = [];
        for (const r of results) {
          sets.push(new Set(r.usedBallotIds));
          const { blocks } = blocksOf(byCadre(ballots, r.cadreId));
          for (const b of blocks) sets.push(new Set(b.ballots.map((x) => x.id)));
        }
        for (const unit of [0, 1, 2]) {
          const inUnit = results.filter((r) => cadres.find((c) => c.id === r.cadreId)!.unit === unit);
          sets.push(new Set(inUnit.flatMap((r) => r.usedBallotIds)));
          for (const g of RATER_GROUPS) {
            const ids = inUnit.flatMap((r) =>
              blocksOf(byCadre(ballots, r.cadreId))
                .blocks.filter((b) => b.key === g)
                .flatMap((b) => b.ballots.map((x) => x.id)),
            );
            sets.push(new Set(ids));
          }
        }
        sets.push(new Set(results.flatMap((r) => r.usedBallotIds)));
        for (const s of sets) expect(s.size === 0 || s.size >= MIN_GROUP_BALLOTS).toBe(true);
        for (const a of sets)
          for (const b of sets) {
            const diff = [...a].filter((x) => !b.has(x)).length;
            expect(diff === 0 || diff >= MIN_GROUP_BALLOTS).toBe(true);
          }
        // A withheld group's ballots are behind no figure at all.
        for (const r of results) {
          const used = new Set(r.usedBallotIds);
          for (const b of byCadre(ballots, r.cadreId))
            if (r.withheld.includes(b.raterGroup)) expect(used.has(b.id)).toBe(false);
          for (const g of r.groups) expect(g.ballots).toBeGreaterThanOrEqual(MIN_GROUP_BALLOTS);
          expect(r.ballotsShown).toBe(r.groups.reduce((s, g) => s + g.ballots, 0));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('adding ballots to a group that stays withheld changes no figure', () => {
    fc.assert(
      fc.property(
        county,
        fc.constantFrom<RaterGroup>(...RATER_GROUPS),
        fc.integer({ min: 1, max: 5 }),
        ({ cadres, ballots }, group, score) => {
          const mine = byCadre(ballots, cadres[0]!.id);
          const before = cadreResult('c0', mine, DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS);
          if (!before.withheld.includes(group)) return;
          const extra: BallotRow = {
            id: 'extra',
            cadreId: 'c0',
            raterGroup: group,
            answers: Object.fromEntries(ITEMS.map((it) => [it, score])),
          };
          const after = cadreResult('c0', [...mine, extra], DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS);
          if (after.withheld.includes(group)) {
            expect(after.overall).toBe(before.overall);
            expect(after.byDimension).toEqual(before.byDimension);
            expect(after.groups).toEqual(before.groups);
            expect(after.distribution).toEqual(before.distribution);
          } else {
            // The group crossed the threshold (alone or merged): it now stands on ≥ 5 ballots.
            const shown = after.groups.find((g) => g.group === group || g.groups?.includes(group));
            expect(shown!.ballots).toBeGreaterThanOrEqual(MIN_GROUP_BALLOTS);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scores 0–100 from the scale, weighted by dimension and by group', () => {
    const mk = (g: RaterGroup, v: number, n: number): BallotRow[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `${g}${i}`,
        cadreId: 'c',
        raterGroup: g,
        answers: Object.fromEntries(ITEMS.map((it) => [it, v])),
      }));
    const r = cadreResult('c', [...mk('subordinate', 5, 5), ...mk('service', 1, 5)], DEFAULT_QUESTIONNAIRE, [
      { group: 'subordinate', weight: 3 },
      { group: 'service', weight: 1 },
    ]);
    expect(r.groups.map((g) => g.score)).toEqual([100, 0]);
    expect(r.overall).toBe(75);
    expect(r.distribution.zjg1).toEqual([5, 0, 0, 0, 5]);
  });
});

describe('small public groups', () => {
  const ballot = (id: string, raterGroup: RaterGroup, v: number): BallotRow => ({
    id,
    cadreId: 'c',
    raterGroup,
    answers: Object.fromEntries(ITEMS.map((it) => [it, v])),
  });

  it('are never merged: four known public ballots cannot pad a lone superior into a block', () => {
    const ballots = [ballot('s', 'superior', 1), ...[1, 2, 3, 4].map((k) => ballot(`p${k}`, 'public', 5))];
    const { blocks, withheld } = blocksOf(ballots);
    expect(blocks).toEqual([]);
    expect(withheld.sort()).toEqual(['public', 'superior']);
    const r = cadreResult('c', ballots, DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS);
    expect(r.overall).toBeNull();
  });

  it('does not stop other small groups from merging, and stays out of their block', () => {
    const ballots = [
      ...[1, 2].map((k) => ballot(`s${k}`, 'superior', 2)),
      ...[1, 2, 3].map((k) => ballot(`q${k}`, 'peer', 4)),
      ...[1, 2].map((k) => ballot(`p${k}`, 'public', 5)),
    ];
    const { blocks, withheld } = blocksOf(ballots);
    expect(blocks.map((b) => [b.key, b.groups, b.ballots.length])).toEqual([
      ['merged', ['superior', 'peer'], 5],
    ]);
    expect(withheld).toEqual(['public']);
  });
});

describe('effective weights', () => {
  const ballot = (id: string, raterGroup: RaterGroup, v: number): BallotRow => ({
    id,
    cadreId: 'c',
    raterGroup,
    answers: Object.fromEntries(ITEMS.map((it) => [it, v])),
  });

  it('keep a merged group’s documented weight, not its share of the block’s ballots', () => {
    // Two superiors (weight 30) at 100, three peers (weight 20) at 0, six subordinates (20) at 50.
    const ballots = [
      ...[1, 2].map((k) => ballot(`s${k}`, 'superior', 5)),
      ...[1, 2, 3].map((k) => ballot(`q${k}`, 'peer', 1)),
      ...[1, 2, 3, 4, 5, 6].map((k) => ballot(`d${k}`, 'subordinate', 3)),
    ];
    const r = cadreResult('c', ballots, DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS);
    const merged = r.groups.find((g) => g.group === 'merged')!;
    // The block mixes its groups by weight (30 : 20), not by ballots (2 : 3, which gives 40).
    expect(merged.score).toBe(60);
    expect(r.overall).toBeCloseTo((30 * 100 + 20 * 0 + 20 * 50) / 70, 2);
    expect(r.effectiveWeights).toEqual([
      { group: 'subordinate', weight: 20, share: 20 / 70 },
      { group: 'superior', weight: 30, share: 30 / 70 },
      { group: 'peer', weight: 20, share: 20 / 70 },
    ]);
    expect(r.ballotsCast).toBe(11);
  });

  it('leave a withheld group out, and the count cast untold', () => {
    const ballots = [
      ...[1, 2, 3, 4, 5].map((k) => ballot(`d${k}`, 'subordinate', 4)),
      ...[1, 2].map((k) => ballot(`p${k}`, 'public', 1)),
    ];
    const r = cadreResult('c', ballots, DEFAULT_QUESTIONNAIRE, DEFAULT_GROUP_WEIGHTS);
    expect(r.withheld).toEqual(['public']);
    expect(r.effectiveWeights).toEqual([{ group: 'subordinate', weight: 20, share: 1 }]);
    expect(r.ballotsCast).toBeNull();
  });
});

describe('the calibrated score', () => {
  /** Six cadres of two units; 8 subordinates per unit with kept keys, each rating the whole team. */
  function round(extraPublic: number) {
    const ballots: BallotRow[] = [];
    for (let u = 0; u < 2; u++)
      for (let r = 0; r < 8; r++)
        for (let c = 0; c < 3; c++)
          ballots.push({
            id: `u${u}r${r}c${c}`,
            cadreId: `C${u}${c}`,
            raterGroup: 'subordinate',
            submissionKey: `K${u}${r}`,
            linked: true,
            answers: Object.fromEntries(
              ITEMS.map((it, k) => [
                it,
                Math.min(
                  5,
                  1 + c + (r % 3 === 0 ? 1 : 0) + ((k + r) % 2) - ((r * 7 + c * 3 + u) % 4 === 0 ? 1 : 0),
                ),
              ]),
            ),
          });
    for (let p = 0; p < extraPublic; p++)
      ballots.push({
        id: `p${p}`,
        cadreId: 'C00',
        raterGroup: 'public',
        submissionKey: `P${p}`,
        linked: false,
        answers: Object.fromEntries(ITEMS.map((it) => [it, 1])),
      });
    const cadres = [...new Set(ballots.map((b) => b.cadreId))];
    const results = cadres.map((id) =>
      cadreResult(
        id,
        ballots.filter((b) => b.cadreId === id),
        DEFAULT_QUESTIONNAIRE,
        DEFAULT_GROUP_WEIGHTS,
      ),
    );
    return withCalibration(results, ballots, DEFAULT_QUESTIONNAIRE, (id) => id.slice(0, 2), {
      at: new Date('2026-06-30T08:00:00Z'),
      by: 'officer',
    });
  }

  it('rests on shown ballots only: a withheld group moves no calibrated figure', () => {
    const before = round(0);
    const after = round(3);
    expect(after.find((r) => r.cadreId === 'C00')!.withheld).toEqual(['public']);
    for (const r of before) {
      const a = after.find((x) => x.cadreId === r.cadreId)!;
      expect(r.calibrated).not.toBeNull();
      expect(a.calibrated!.estimate).toBe(r.calibrated!.estimate);
      expect(a.calibrated!.se).toBe(r.calibrated!.se);
    }
  });

  it('keeps the method, the formula and who computed it when', () => {
    const r = round(0)[0]!;
    expect(r.calibrated).toMatchObject({
      method: 'crossed',
      keyedGroups: ['subordinate'],
      formula: 'score ~ 1 + (1 | target) + (1 | rater)',
      computedAt: '2026-06-30T08:00:00.000Z',
      computedBy: 'officer',
    });
  });
});
