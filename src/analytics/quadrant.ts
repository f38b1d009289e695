import { normalCdf } from './special.ts';

/**
 * 实绩象限: each cadre placed per quarter on two axes — 实绩贡献 (the growth analysis' composite
 * own contribution) and 政绩观 (a weighted composite of the evidence on the view of achievement) —
 * with the probability of each of the four zones computed from both axes' intervals, not only the
 * point. Pure: no I/O.
 *
 * The axes are taken as independent normals: contribution C ~ N(c, sc²), view V ~ N(v, sv²).
 * A cadre is on the deviating side of the view axis only when at least one confirmed record of
 * deviation exists; without one, P(view sound) = 1 whatever the score.
 */

export const ZONES = ['high', 'mixedView', 'mixedContribution', 'low'] as const;
export type Zone = (typeof ZONES)[number];
export const ZONE_LABELS: Record<Zone, string> = {
  high: '高贡献区',
  mixedView: '实绩高·政绩观待校正',
  mixedContribution: '政绩观正·实绩待提升',
  low: '低效区',
};

export type ZoneProbabilities = Record<Zone, number>;

/** P(X > t) for X ~ N(mean, se²); a zero standard error is a certainty. */
export function pAbove(mean: number, se: number, t: number): number {
  if (!(se > 0)) return mean > t ? 1 : 0;
  return 1 - normalCdf((t - mean) / se);
}

export interface AxisPoint {
  value: number;
  se: number;
}

/**
 * The four zone probabilities. `contributionThreshold` splits high from low contribution;
 * `viewThreshold` splits sound from deviating, and counts only when `deviations` ≥ 1.
 */
export function zoneProbabilities(
  contribution: AxisPoint,
  view: AxisPoint,
  deviations: number,
  thresholds: { contribution: number; view: number },
): ZoneProbabilities {
  const pc = pAbove(contribution.value, contribution.se, thresholds.contribution);
  const pv = deviations > 0 ? pAbove(view.value, view.se, thresholds.view) : 1;
  return {
    high: pc * pv,
    mixedView: pc * (1 - pv),
    mixedContribution: (1 - pc) * pv,
    low: (1 - pc) * (1 - pv),
  };
}

/** The most probable zone. */
export function likeliestZone(p: ZoneProbabilities): Zone {
  return ZONES.reduce((best, z) => (p[z] > p[best] ? z : best), ZONES[0]);
}

// ——— the view of achievement ———

/** The parts of the 政绩观 composite; calibrated parts carry a standard error, counts are exact. */
export const VIEW_PARTS = ['conduct', 'opinion', 'deviation', 'outstanding'] as const;
export type ViewPart = (typeof VIEW_PARTS)[number];
export const VIEW_PART_LABELS: Record<ViewPart, string> = {
  conduct: '现场考察表现（校准后）',
  opinion: '360 与群众评价（校准后）',
  deviation: '确认的政绩观偏差记录（虚报、成效不实、推诿扯皮、不顾大局、约谈）',
  outstanding: '确认的担当作为突出表现',
};

/**
 * Weights: calibrated parts are averaged by weight (their scale is points around the county mean);
 * each confirmed deviation subtracts `deviation` points and each confirmed outstanding conduct adds
 * `outstanding` points.
 */
export interface ViewWeights {
  conduct: number;
  opinion: number;
  deviation: number;
  outstanding: number;
}
export const DEFAULT_VIEW_WEIGHTS: ViewWeights = { conduct: 50, opinion: 50, deviation: 8, outstanding: 3 };

export interface ViewInput {
  conduct: AxisPoint | null;
  opinion: AxisPoint | null;
  deviations: number;
  outstanding: number;
}

/** The 政绩观 score with its standard error, and each part's share of it. */
export function viewComposite(
  input: ViewInput,
  w: ViewWeights,
): {
  value: number;
  se: number;
  parts: { part: ViewPart; value: number; se: number | null; weight: number }[];
} {
  let wSum = 0;
  let v = 0;
  let var2 = 0;
  const parts: { part: ViewPart; value: number; se: number | null; weight: number }[] = [];
  for (const k of ['conduct', 'opinion'] as const) {
    const p = input[k];
    if (!p || w[k] <= 0) continue;
    wSum += w[k];
    v += w[k] * p.value;
    var2 += w[k] * w[k] * p.se * p.se;
    parts.push({ part: k, value: p.value, se: p.se, weight: w[k] });
  }
  const calibrated = wSum > 0 ? v / wSum : 0;
  const se = wSum > 0 ? Math.sqrt(var2) / wSum : 0;
  parts.push({ part: 'deviation', value: -w.deviation * input.deviations, se: null, weight: w.deviation });
  parts.push({
    part: 'outstanding',
    value: w.outstanding * input.outstanding,
    se: null,
    weight: w.outstanding,
  });
  return {
    value: calibrated - w.deviation * input.deviations + w.outstanding * input.outstanding,
    se,
    parts,
  };
}

// ——— placements ———

export interface PlacementInput {
  cadreId: string;
  unitId: string | null;
  identified: boolean;
  /** Composite own contribution and its SE (identified cadres). */
  composite: number | null;
  compositeSe: number | null;
  /** Own effect relative to colleagues of the same unit (always available). */
  withinUnit: number | null;
  view: ViewInput;
}

export interface Placement {
  cadreId: string;
  identified: boolean;
  /** Drawn hollow: placed by within-unit comparison only. */
  hollow: boolean;
  contribution: number;
  contributionSe: number;
  view: number;
  viewSe: number;
  deviations: number;
  probabilities: ZoneProbabilities;
  zone: Zone;
}

export interface QuadrantThresholds {
  /** A fixed contribution threshold, or null for the county average of the identified. */
  contribution: number | null;
  view: number;
}

/**
 * Places every cadre. The unidentified are placed at (threshold + their within-unit comparison)
 * with the widest standard error among the identified: their position says only how they compare
 * with colleagues, and they are drawn hollow.
 */
export function placeAll(
  inputs: readonly PlacementInput[],
  thresholds: QuadrantThresholds,
  weights: ViewWeights,
): { threshold: { contribution: number; view: number }; placements: Placement[] } {
  const ids = inputs.filter((i) => i.identified && i.composite !== null);
  const avg = ids.length ? ids.reduce((s, i) => s + i.composite!, 0) / ids.length : 0;
  const c0 = thresholds.contribution ?? avg;
  const widest = ids.reduce((m, i) => Math.max(m, i.compositeSe ?? 0), 0) || 5;
  const t = { contribution: c0, view: thresholds.view };
  const placements = inputs.map((i): Placement => {
    const hollow = !i.identified || i.composite === null;
    const contribution = hollow ? c0 + (i.withinUnit ?? 0) : i.composite!;
    const contributionSe = hollow ? widest : (i.compositeSe ?? widest);
    const v = viewComposite(i.view, weights);
    const probabilities = zoneProbabilities(
      { value: contribution, se: contributionSe },
      { value: v.value, se: v.se },
      i.view.deviations,
      t,
    );
    return {
      cadreId: i.cadreId,
      identified: !hollow,
      hollow,
      contribution,
      contributionSe,
      view: v.value,
      viewSe: v.se,
      deviations: i.view.deviations,
      probabilities,
      zone: likeliestZone(probabilities),
    };
  });
  return { threshold: t, placements };
}

// ——— persistence: 长期处于 ———

/** The quarter before `2026Q1` is `2025Q4`. */
export function quarterBefore(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return n === 1 ? `${y - 1}Q4` : `${y}Q${n - 1}`;
}

/**
 * The number of consecutive quarters, ending with `upTo`, in which the cadre was placed in `zone`
 * with probability ≥ `minProbability`. A quarter without a placement ends the run.
 */
export function runLength(
  history: ReadonlyMap<string, ZoneProbabilities>,
  zone: Zone,
  upTo: string,
  minProbability = 0.7,
): number {
  let n = 0;
  let q = upTo;
  for (;;) {
    const p = history.get(q);
    if (!p || p[zone] < minProbability) return n;
    n++;
    q = quarterBefore(q);
  }
}

// ——— recommendations ———

export type RecommendationKind = 'promote' | 'adjust';
export interface RecommendationRule {
  /** 长期处于: this many consecutive quarters. */
  quarters: number;
  minProbability: number;
  /** A contribution interval wider than this (± 1.96·SE, points) is flagged unsure. */
  maxHalfWidth: number;
}
export const DEFAULT_RULE: RecommendationRule = { quarters: 3, minProbability: 0.7, maxHalfWidth: 6 };

export interface Candidate {
  cadreId: string;
  kind: RecommendationKind;
  run: number;
  probability: number;
  unsure: string[];
}

/**
 * Candidates for the quarter: long in 高贡献区 → promotion; in 低效区 with probability ≥ the rule's
 * with at least one confirmed deviation → adjustment. The hollow (unidentified) are never
 * candidates on contribution alone.
 */
export function candidates(
  current: readonly Placement[],
  histories: ReadonlyMap<string, ReadonlyMap<string, ZoneProbabilities>>,
  quarter: string,
  rule: RecommendationRule,
): Candidate[] {
  const out: Candidate[] = [];
  for (const p of current) {
    if (p.hollow) continue;
    const h = histories.get(p.cadreId) ?? new Map([[quarter, p.probabilities]]);
    const unsure: string[] = [];
    if (1.96 * p.contributionSe > rule.maxHalfWidth)
      unsure.push(`实绩贡献区间较宽（± ${(1.96 * p.contributionSe).toFixed(1)}）`);
    const high = runLength(h, 'high', quarter, rule.minProbability);
    if (high >= rule.quarters && p.deviations === 0) {
      out.push({ cadreId: p.cadreId, kind: 'promote', run: high, probability: p.probabilities.high, unsure });
      continue;
    }
    if (p.deviations > 0 && p.probabilities.low >= rule.minProbability) {
      const low = runLength(h, 'low', quarter, rule.minProbability);
      out.push({ cadreId: p.cadreId, kind: 'adjust', run: low, probability: p.probabilities.low, unsure });
    }
  }
  return out.sort((a, b) => b.probability - a.probability);
}

// ——— fairness: the four-fifths rule ———

export function ageBand(birthYear: number | null, year: number): string {
  if (birthYear === null) return '未知';
  const age = year - birthYear;
  if (age <= 35) return '35岁及以下';
  if (age <= 45) return '36至45岁';
  if (age <= 55) return '46至55岁';
  return '56岁及以上';
}

/**
 * The rate of a selection (a zone, a recommendation) per group, and the ratio of the lowest rate
 * to the highest among groups of at least `minGroup`; below 0.8 it is flagged.
 */
export function fourFifths(items: readonly { group: string; selected: boolean }[], minGroup = 5) {
  const groups = new Map<string, { n: number; k: number }>();
  for (const i of items) {
    const g = groups.get(i.group) ?? { n: 0, k: 0 };
    g.n++;
    if (i.selected) g.k++;
    groups.set(i.group, g);
  }
  const rows = [...groups]
    .map(([group, g]) => ({ group, n: g.n, selected: g.k, rate: g.k / g.n }))
    .sort((a, b) => (a.group < b.group ? -1 : 1));
  const rates = rows.filter((r) => r.n >= minGroup).map((r) => r.rate);
  const max = rates.length > 1 ? Math.max(...rates) : 0;
  const ratio = max > 0 ? Math.min(...rates) / max : null;
  return { rows, ratio, flagged: ratio !== null && ratio < 0.8 };
}
