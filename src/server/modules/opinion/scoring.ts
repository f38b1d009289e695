import { calibrateOpinion } from '../../../analytics/opinion-calibration.ts';
import {
  type CadreResult,
  type EffectiveWeight,
  type GroupResult,
  MIN_GROUP_BALLOTS,
  type Questionnaire,
  RATER_GROUP_LABELS,
  RATER_GROUPS,
  type RaterGroup,
} from '../../../common/contracts/opinion.ts';

/**
 * The figures of evaluation rounds, computed without ever exposing a small rater group.
 *
 * A cadre's ballots fall into blocks: each rater group with at least MIN_GROUP_BALLOTS ballots is
 * a block of its own; the groups with fewer are merged into one block when together they reach
 * the threshold, and otherwise are left out of every figure. A small public group is never
 * merged: anyone with a few cards could otherwise pad a lone superior's ballot into a block and
 * read it back by subtracting their own. Every figure anywhere (a cadre's
 * overall, a dimension, a group, a distribution, a unit's average) is computed over whole blocks
 * only, so the difference between any two figures covers whole blocks too: either nothing or at
 * least MIN_GROUP_BALLOTS ballots. No subtraction isolates a small group.
 *
 * Within the merged block each group keeps its documented weight (the block's figure is its
 * groups' means mixed by their weights, not the mean of its ballots): a group's effective weight
 * in the overall score is its weight over the weights of the groups behind it, whichever block
 * holds it. A withheld group's weight is left out, and the result says so.
 */

export interface BallotRow {
  id: string;
  cadreId: string;
  raterGroup: RaterGroup;
  answers: Record<string, number>;
  /** The submission key, and whether the ballot store kept it (shared by one rater's ballots). */
  submissionKey?: string;
  linked?: boolean;
}

export interface Block {
  key: RaterGroup | 'merged';
  groups: RaterGroup[];
  ballots: BallotRow[];
}

/** The blocks of one cadre's ballots, and the groups withheld. */
export function blocksOf(ballots: readonly BallotRow[]): { blocks: Block[]; withheld: RaterGroup[] } {
  const byGroup = new Map<RaterGroup, BallotRow[]>();
  for (const b of ballots) {
    const list = byGroup.get(b.raterGroup) ?? [];
    list.push(b);
    byGroup.set(b.raterGroup, list);
  }
  const blocks: Block[] = [];
  const small: RaterGroup[] = [];
  for (const g of RATER_GROUPS) {
    const list = byGroup.get(g);
    if (!list) continue;
    if (list.length >= MIN_GROUP_BALLOTS) blocks.push({ key: g, groups: [g], ballots: list });
    else small.push(g);
  }
  const mergeable = small.filter((g) => g !== 'public');
  const merged = mergeable.flatMap((g) => byGroup.get(g) ?? []);
  if (mergeable.length > 1 && merged.length >= MIN_GROUP_BALLOTS) {
    blocks.push({ key: 'merged', groups: mergeable, ballots: merged });
    return { blocks, withheld: small.filter((g) => g === 'public') };
  }
  return { blocks, withheld: small };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** 0–100 from a point on the scale. */
export function itemScore(q: Questionnaire, v: number): number {
  return ((v - q.scale.min) / (q.scale.max - q.scale.min)) * 100;
}

function weighted(parts: { value: number | null; weight: number }[]): number | null {
  let sum = 0;
  let w = 0;
  for (const p of parts) {
    if (p.value === null) continue;
    sum += p.value * p.weight;
    w += p.weight;
  }
  return w > 0 ? sum / w : null;
}

/** Per dimension, the mean score of the ballots (unrounded). */
function dimensionScores(q: Questionnaire, ballots: readonly BallotRow[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const d of q.dimensions) {
    let sum = 0;
    let n = 0;
    for (const b of ballots)
      for (const it of d.items) {
        const v = b.answers[it.code];
        if (typeof v !== 'number') continue;
        sum += itemScore(q, v);
        n++;
      }
    out[d.code] = n > 0 ? sum / n : null;
  }
  return out;
}

function overallOfDimensions(q: Questionnaire, dims: Record<string, number | null>): number | null {
  return weighted(q.dimensions.map((d) => ({ value: dims[d.code] ?? null, weight: d.weight })));
}

/** For each item, how many ballots gave each point of the scale. */
export function distributionOf(q: Questionnaire, ballots: readonly BallotRow[]): Record<string, number[]> {
  const width = q.scale.max - q.scale.min + 1;
  const out: Record<string, number[]> = {};
  for (const d of q.dimensions)
    for (const it of d.items) {
      const counts = new Array<number>(width).fill(0);
      for (const b of ballots) {
        const v = b.answers[it.code];
        if (typeof v === 'number' && v >= q.scale.min && v <= q.scale.max) counts[v - q.scale.min]!++;
      }
      out[it.code] = counts;
    }
  return out;
}

export interface ScoredResult extends CadreResult {
  /** The ids of the ballots the figures rest on (for tests and traces; never sent out). */
  usedBallotIds: string[];
}

/** One cadre's figures for a round. `weights` are the campaign's group weights. */
export function cadreResult(
  cadreId: string,
  ballots: readonly BallotRow[],
  q: Questionnaire,
  weights: readonly { group: RaterGroup; weight: number }[],
): ScoredResult {
  const weightOf = new Map(weights.map((w) => [w.group, w.weight]));
  const { blocks, withheld } = blocksOf(ballots);
  const groups: (GroupResult & { weight: number })[] = blocks.map((b) => {
    const dims = blockDimensions(q, b, weightOf);
    const score = overallOfDimensions(q, dims);
    return {
      group: b.key,
      ...(b.key === 'merged' ? { groups: b.groups } : {}),
      label:
        b.key === 'merged'
          ? `其他评价者（${b.groups.map((g) => RATER_GROUP_LABELS[g]).join('、')}合并）`
          : RATER_GROUP_LABELS[b.key],
      ballots: b.ballots.length,
      score: score === null ? null : round2(score),
      byDimension: Object.fromEntries(
        Object.entries(dims).map(([k, v]) => [k, v === null ? null : round2(v)]),
      ),
      weight: b.groups.reduce((s, g) => s + (weightOf.get(g) ?? 0), 0),
      _dims: dims,
      _score: score,
    } as GroupResult & { weight: number; _dims: Record<string, number | null>; _score: number | null };
  });
  const raw = groups as (GroupResult & {
    weight: number;
    _dims: Record<string, number | null>;
    _score: number | null;
  })[];
  const byDimension: Record<string, number | null> = {};
  for (const d of q.dimensions) {
    const v = weighted(raw.map((g) => ({ value: g._dims[d.code] ?? null, weight: g.weight })));
    byDimension[d.code] = v === null ? null : round2(v);
  }
  const overall = weighted(raw.map((g) => ({ value: g._score, weight: g.weight })));
  const used = blocks.flatMap((b) => b.ballots);
  const behind = blocks.flatMap((b) => b.groups);
  const total = behind.reduce((s, g) => s + (weightOf.get(g) ?? 0), 0);
  const effectiveWeights: EffectiveWeight[] = behind.map((g) => ({
    group: g,
    weight: weightOf.get(g) ?? 0,
    share: total > 0 ? (weightOf.get(g) ?? 0) / total : 0,
  }));
  return {
    cadreId,
    ballotsCast: withheld.length ? null : ballots.length,
    ballotsShown: used.length,
    overall: overall === null ? null : round2(overall),
    byDimension,
    groups: raw.map(({ _dims, _score, weight, ...g }) => g),
    withheld,
    distribution: distributionOf(q, used),
    effectiveWeights,
    usedBallotIds: used.map((b) => b.id),
  };
}

/**
 * A block's dimension scores: a group of its own, the mean of its ballots; the merged block, its
 * groups' means mixed by their documented weights.
 */
function blockDimensions(
  q: Questionnaire,
  b: Block,
  weightOf: Map<RaterGroup, number>,
): Record<string, number | null> {
  if (b.key !== 'merged') return dimensionScores(q, b.ballots);
  const parts = b.groups.map((g) => ({
    dims: dimensionScores(
      q,
      b.ballots.filter((x) => x.raterGroup === g),
    ),
    weight: weightOf.get(g) ?? 0,
  }));
  return Object.fromEntries(
    q.dimensions.map((d) => [
      d.code,
      weighted(parts.map((p) => ({ value: p.dims[d.code] ?? null, weight: p.weight }))),
    ]),
  );
}

/** A ballot's overall score, 0–100 (its dimensions by their weights). */
export function ballotScore(q: Questionnaire, b: BallotRow): number | null {
  return overallOfDimensions(q, dimensionScores(q, [b]));
}

/**
 * Adds the calibrated score to a round's results (see analytics/opinion-calibration.ts): the
 * ballots behind shown figures only, each rated by its submission where the key was kept and by
 * its group's pool in the cadre's unit otherwise. `stamp` is who computed it and when.
 */
export function withCalibration(
  results: readonly ScoredResult[],
  ballots: readonly BallotRow[],
  q: Questionnaire,
  unitOf: (cadreId: string) => string | null,
  stamp: { at: Date; by: string | null },
): ScoredResult[] {
  const used = new Set(results.flatMap((r) => r.usedBallotIds));
  const rows = ballots.flatMap((b) => {
    const score = used.has(b.id) ? ballotScore(q, b) : null;
    return score === null
      ? []
      : [
          {
            cadre: b.cadreId,
            unit: unitOf(b.cadreId) ?? '',
            group: b.raterGroup,
            key: b.linked && b.submissionKey ? b.submissionKey : null,
            score,
          },
        ];
  });
  const shares = new Map(
    results.map((r) => [
      r.cadreId,
      Object.fromEntries((r.effectiveWeights ?? []).map((w) => [w.group, w.share])),
    ]),
  );
  const cal = calibrateOpinion(rows, (c) => shares.get(c) ?? {});
  return results.map((r) => {
    const c = cal.byCadre.get(r.cadreId);
    if (r.overall === null) return { ...r, calibrated: null, calibrationNote: null };
    if (!c) return { ...r, calibrated: null, calibrationNote: cal.reason ?? '该干部的评价无法校正' };
    return {
      ...r,
      calibrated: {
        estimate: round2(c.estimate),
        se: round2(c.se),
        low: round2(c.low),
        high: round2(c.high),
        method: c.method,
        keyedGroups: c.keyedGroups as RaterGroup[],
        formula: cal.fit.formula ?? '',
        computedAt: stamp.at.toISOString(),
        computedBy: stamp.by,
      },
      calibrationNote: cal.fit.warnings.some((w) => w.code === 'NOT_CONVERGED')
        ? '模型拟合未完全收敛，校正结果仅供参考'
        : null,
    };
  });
}

/** Whether a group's free-text entries may be shown: only a group shown on its own. */
export function entriesShownFor(ballots: readonly BallotRow[]): Set<RaterGroup> {
  const { blocks } = blocksOf(ballots);
  return new Set(blocks.filter((b) => b.key !== 'merged').map((b) => b.key as RaterGroup));
}
