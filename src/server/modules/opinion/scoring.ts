import { calibrateOpinion, type OpinionBallotScore } from '../../../analytics/opinion-calibration.ts';
import {
  type CadreResult,
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

/**
 * The blocks of a cadre's ballots from how many each group gave: which groups stand alone, which
 * are merged, which are withheld. The one rule behind blocksOf and the figures from tallies.
 */
export function blockPlan(counts: ReadonlyMap<RaterGroup, number>): {
  blocks: { key: RaterGroup | 'merged'; groups: RaterGroup[] }[];
  withheld: RaterGroup[];
} {
  const blocks: { key: RaterGroup | 'merged'; groups: RaterGroup[] }[] = [];
  const small: RaterGroup[] = [];
  for (const g of RATER_GROUPS) {
    const n = counts.get(g);
    if (!n) continue;
    if (n >= MIN_GROUP_BALLOTS) blocks.push({ key: g, groups: [g] });
    else small.push(g);
  }
  const mergeable = small.filter((g) => g !== 'public');
  const merged = mergeable.reduce((s, g) => s + (counts.get(g) ?? 0), 0);
  if (mergeable.length > 1 && merged >= MIN_GROUP_BALLOTS) {
    blocks.push({ key: 'merged', groups: mergeable });
    return { blocks, withheld: small.filter((g) => g === 'public') };
  }
  return { blocks, withheld: small };
}

/** The blocks of one cadre's ballots, and the groups withheld. */
export function blocksOf(ballots: readonly BallotRow[]): { blocks: Block[]; withheld: RaterGroup[] } {
  const byGroup = new Map<RaterGroup, BallotRow[]>();
  for (const b of ballots) {
    const list = byGroup.get(b.raterGroup) ?? [];
    list.push(b);
    byGroup.set(b.raterGroup, list);
  }
  const plan = blockPlan(new Map([...byGroup].map(([g, list]) => [g, list.length])));
  return {
    blocks: plan.blocks.map((b) => ({ ...b, ballots: b.groups.flatMap((g) => byGroup.get(g) ?? []) })),
    withheld: plan.withheld,
  };
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

/** A shown block's own figures, before they are combined (see `combineBlocks`). */
interface BlockFigures {
  block: Pick<Block, 'key' | 'groups'>;
  ballots: number;
  dims: Record<string, number | null>;
}

/**
 * The figures both ways of scoring share once each block's dimension scores are known: each
 * block's line, the dimensions and the overall score weighted by the blocks' groups, and the
 * effective weights of the groups behind them.
 */
function combineBlocks(
  q: Questionnaire,
  weightOf: ReadonlyMap<RaterGroup, number>,
  blocks: readonly BlockFigures[],
): Pick<CadreResult, 'overall' | 'byDimension' | 'groups' | 'effectiveWeights'> {
  const raw = blocks.map(({ block: b, ballots, dims }) => {
    const score = overallOfDimensions(q, dims);
    const line: GroupResult = {
      group: b.key,
      ...(b.key === 'merged' ? { groups: b.groups } : {}),
      label:
        b.key === 'merged'
          ? `其他评价者（${b.groups.map((g) => RATER_GROUP_LABELS[g]).join('、')}合并）`
          : RATER_GROUP_LABELS[b.key],
      ballots,
      score: score === null ? null : round2(score),
      byDimension: Object.fromEntries(
        Object.entries(dims).map(([k, v]) => [k, v === null ? null : round2(v)]),
      ),
    } as GroupResult;
    return { line, dims, score, weight: b.groups.reduce((s, g) => s + (weightOf.get(g) ?? 0), 0) };
  });
  const byDimension: Record<string, number | null> = {};
  for (const d of q.dimensions) {
    const v = weighted(raw.map((g) => ({ value: g.dims[d.code] ?? null, weight: g.weight })));
    byDimension[d.code] = v === null ? null : round2(v);
  }
  const overall = weighted(raw.map((g) => ({ value: g.score, weight: g.weight })));
  const behind = blocks.flatMap((b) => b.block.groups);
  const total = behind.reduce((s, g) => s + (weightOf.get(g) ?? 0), 0);
  return {
    overall: overall === null ? null : round2(overall),
    byDimension,
    groups: raw.map((g) => g.line),
    effectiveWeights: behind.map((g) => ({
      group: g,
      weight: weightOf.get(g) ?? 0,
      share: total > 0 ? (weightOf.get(g) ?? 0) / total : 0,
    })),
  };
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
  const used = blocks.flatMap((b) => b.ballots);
  return {
    cadreId,
    ballotsCast: withheld.length ? null : ballots.length,
    ballotsShown: used.length,
    ...combineBlocks(
      q,
      weightOf,
      blocks.map((b) => ({ block: b, ballots: b.ballots.length, dims: blockDimensions(q, b, weightOf) })),
    ),
    withheld,
    distribution: distributionOf(q, used),
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
  return mixDimensions(q, parts);
}

/** The merged block's dimension scores: its groups' scores mixed by their documented weights. */
function mixDimensions(
  q: Questionnaire,
  parts: readonly { dims: Record<string, number | null>; weight: number }[],
): Record<string, number | null> {
  return Object.fromEntries(
    q.dimensions.map((d) => [
      d.code,
      weighted(parts.map((p) => ({ value: p.dims[d.code] ?? null, weight: p.weight }))),
    ]),
  );
}

/**
 * What the figures need of one rater group's ballots for a cadre, counted where they are stored:
 * how many ballots, and for each item how many gave each point of the scale (answers are whole
 * points within the scale, as submissions are checked).
 */
export interface GroupTally {
  group: RaterGroup;
  ballots: number;
  /** Per item code, counts from scale.min to scale.max. */
  counts: Record<string, readonly number[]>;
}

/** Per dimension, the mean score of a block's tallied ballots (as dimensionScores over the ballots). */
function tallyDimensions(
  q: Questionnaire,
  tallies: readonly GroupTally[],
  scores: readonly number[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const d of q.dimensions) {
    let sum = 0;
    let n = 0;
    for (const t of tallies)
      for (const it of d.items) {
        const counts = t.counts[it.code];
        if (!counts) continue;
        for (let i = 0; i < counts.length; i++) {
          const k = counts[i]!;
          if (!k) continue;
          sum += k * scores[i]!;
          n += k;
        }
      }
    out[d.code] = n > 0 ? sum / n : null;
  }
  return out;
}

/**
 * One cadre's figures from its groups' tallies: the same figures cadreResult gives from the
 * ballots, for results computed where the ballots are stored (only counts leave the database).
 */
export function cadreResultFromTallies(
  cadreId: string,
  tallies: readonly GroupTally[],
  q: Questionnaire,
  weights: readonly { group: RaterGroup; weight: number }[],
): CadreResult {
  const weightOf = new Map(weights.map((w) => [w.group, w.weight]));
  const byGroup = new Map(tallies.filter((t) => t.ballots > 0).map((t) => [t.group, t]));
  const { blocks, withheld } = blockPlan(new Map([...byGroup].map(([g, t]) => [g, t.ballots])));
  const of = (groups: readonly RaterGroup[]) => groups.map((g) => byGroup.get(g)!);
  const scores = Array.from({ length: q.scale.max - q.scale.min + 1 }, (_, i) =>
    itemScore(q, q.scale.min + i),
  );
  const figures = blocks.map((b) => ({
    block: b,
    ballots: of(b.groups).reduce((s, t) => s + t.ballots, 0),
    dims:
      b.key !== 'merged'
        ? tallyDimensions(q, of(b.groups), scores)
        : mixDimensions(
            q,
            b.groups.map((g) => ({
              dims: tallyDimensions(q, of([g]), scores),
              weight: weightOf.get(g) ?? 0,
            })),
          ),
  }));
  const used = of(blocks.flatMap((b) => b.groups));
  const distribution: Record<string, number[]> = {};
  for (const d of q.dimensions)
    for (const it of d.items) {
      const sum = new Array<number>(scores.length).fill(0);
      for (const t of used) {
        const counts = t.counts[it.code];
        if (counts) for (let i = 0; i < sum.length; i++) sum[i]! += counts[i] ?? 0;
      }
      distribution[it.code] = sum;
    }
  return {
    cadreId,
    ballotsCast: withheld.length ? null : [...byGroup.values()].reduce((s, t) => s + t.ballots, 0),
    ballotsShown: used.reduce((s, t) => s + t.ballots, 0),
    ...combineBlocks(q, weightOf, figures),
    withheld,
    distribution,
  };
}

/** The groups behind a cadre's shown figures (the ballots of other groups stay out of every figure). */
export function shownGroups(r: Pick<CadreResult, 'effectiveWeights'>): Set<string> {
  return new Set((r.effectiveWeights ?? []).map((w) => w.group));
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
  return calibrated(results, rows, stamp);
}

/**
 * Adds the calibrated score to a round's results from the ballots' scores already worked out:
 * `rows` are the ballots behind shown figures, each with its overall score (as ballotScore).
 */
export function calibrated<R extends CadreResult>(
  results: readonly R[],
  rows: readonly OpinionBallotScore[],
  stamp: { at: Date; by: string | null },
): R[] {
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
