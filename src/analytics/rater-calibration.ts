import { fitLmm, identifyPersons, type LmmFit } from './lmm/index.ts';
import { competitionRanks } from './rank.ts';

/**
 * Rater leniency calibrated by a crossed random-effects fit, `score ~ 1 + (1 | target) + (1 | rater)`:
 * each target's (participant's, cadre's) level and each rater's (judge's, observer's)
 * leniency are estimated together, so a lenient rater's high marks are not credited to whoever
 * that rater happened to score. Centring each rater on their own mean does not do this: it
 * assumes every rater saw an equally able field, and a rater who scored only the strong (or only
 * one) participant is wrongly corrected. Leniency is only measurable between raters who share
 * targets: raters and targets split into connected sets, and a difference between sets cannot be
 * told from a difference between their raters. Pure: no I/O.
 */

export interface Rating {
  target: string;
  rater: string;
  score: number;
  /**
   * A fixed-effect factor of the rating (the rater's group: 上级, 下级 …): where the ratings hold
   * two or more levels the fit is `score ~ 1 + group + (1 | target) + (1 | rater)`, so a group
   * that marks higher as a whole is not read as leniency of its raters.
   */
  group?: string;
}

/** An estimate with its standard error and interval. */
export interface Estimate {
  estimate: number;
  se: number;
  low: number;
  high: number;
}

export interface TargetResult {
  target: string;
  /** Ratings behind the figures, from how many distinct raters. */
  ratings: number;
  raters: number;
  /** The plain mean of the target's ratings. */
  raw: number;
  rawRank: number;
  /**
   * The calibrated score: the intercept plus the target's conditional mode, with its
   * conditional standard deviation (as lme4's ranef(condVar = TRUE)); null when uncalibrated.
   */
  calibrated: Estimate | null;
  /** The target's own level is separable from its raters' leniency (its set holds ≥ 2 raters). */
  identified: boolean;
  /** By the calibrated score where there is one, by the raw mean otherwise; ties share a rank. */
  rank: number;
}

export interface RaterResult {
  rater: string;
  /** Distinct targets the rater scored, and the ratings given. */
  targets: number;
  ratings: number;
  mean: number;
  /** Points above (+) or below (−) a typical rater on the same targets; null when uncalibrated. */
  leniency: Estimate | null;
  /** Measured against other raters through shared targets (the rater's set holds another rater). */
  calibrated: boolean;
}

export type CalibrationWarning =
  | { code: 'FEW_TARGETS'; rater: string; targets: number; message: string }
  | { code: 'DISCONNECTED'; sets: number; message: string }
  | { code: 'NOT_CONVERGED'; message: string };

export interface Calibration {
  method: 'crossed' | 'uncalibrated';
  /** Why the ratings are not calibrated (method 'uncalibrated'). */
  reason: string | null;
  formula: string | null;
  /**
   * With a group factor: each group's level relative to the first (sorted) group, which is 0;
   * the calibrated scores are on the first group's scale. Empty without one.
   */
  groupEffects: { group: string; effect: number }[];
  /** Standard deviations of the fit: between targets, between raters, residual. */
  sd: { target: number; rater: number; residual: number } | null;
  /** In order of rank. */
  targets: TargetResult[];
  raters: RaterResult[];
  warnings: CalibrationWarning[];
}

export interface CalibrationOptions {
  /** A rater who scored fewer targets than this is warned about (default 3). */
  minTargets?: number;
  /** The normal quantile of the intervals (default 1.96: 95%). */
  z?: number;
  /** How messages name raters and targets: 评委 / 参赛者, 观察人 / 干部. */
  nouns?: { rater: string; target: string };
  /** A rater's name in messages (raters may be keyed by id). */
  label?(rater: string): string;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Calibrates the ratings (see the module comment). */
export function calibrateRatings(rows: readonly Rating[], options: CalibrationOptions = {}): Calibration {
  const minTargets = options.minTargets ?? 3;
  const z = options.z ?? 1.96;
  const { rater: R, target: T } = options.nouns ?? { rater: '评分人', target: '对象' };
  const label = options.label ?? ((r: string) => r);
  for (const r of rows) if (!Number.isFinite(r.score)) throw new Error(`评分不是有限数值：${r.score}`);

  const targetKeys = [...new Set(rows.map((r) => r.target))];
  const raterKeys = [...new Set(rows.map((r) => r.rater))];
  const ti = new Map(targetKeys.map((k, i) => [k, i]));
  const ri = new Map(raterKeys.map((k, i) => [k, i]));
  const id = identifyPersons(
    Int32Array.from(rows, (r) => ti.get(r.target)!),
    targetKeys.length,
    Int32Array.from(rows, (r) => ri.get(r.rater)!),
    raterKeys.length,
  );
  const byTarget = group(rows, (r) => r.target);
  const byRater = group(rows, (r) => r.rater);

  const uncalibrated = (reason: string): Calibration => {
    const raw = targetKeys.map((k) => mean(byTarget.get(k)!.map((r) => r.score)));
    const rank = competitionRanks(raw);
    return {
      method: 'uncalibrated',
      reason,
      formula: null,
      groupEffects: [],
      sd: null,
      targets: order(
        targetKeys.map((k, i) => ({
          target: k,
          ratings: byTarget.get(k)!.length,
          raters: new Set(byTarget.get(k)!.map((r) => r.rater)).size,
          raw: raw[i]!,
          rawRank: rank[i]!,
          calibrated: null,
          identified: false,
          rank: rank[i]!,
        })),
      ),
      raters: raterKeys.map((k) => ({
        rater: k,
        targets: new Set(byRater.get(k)!.map((r) => r.target)).size,
        ratings: byRater.get(k)!.length,
        mean: mean(byRater.get(k)!.map((r) => r.score)),
        leniency: null,
        calibrated: false,
      })),
      warnings: [],
    };
  };

  if (rows.length === 0) return uncalibrated('尚无评分');
  if (raterKeys.length < 2) return uncalibrated(`只有一位${R}评分，无法估计${R}的宽严`);
  if (!id.sets.some((s) => s.platforms >= 2))
    return uncalibrated(`没有两位以上${R}共同评过的${T}，${R}的宽严无法与${T}的水平区分`);

  const groupLevels = [...new Set(rows.map((r) => r.group ?? ''))].sort();
  const grouped = groupLevels.length > 1;
  const formula = grouped
    ? 'score ~ 1 + group + (1 | target) + (1 | rater)'
    : 'score ~ 1 + (1 | target) + (1 | rater)';
  let fit: LmmFit;
  try {
    fit = fitLmm(
      {
        score: rows.map((r) => r.score),
        target: rows.map((r) => r.target),
        rater: rows.map((r) => r.rater),
        ...(grouped ? { group: rows.map((r) => r.group ?? '') } : {}),
      },
      formula,
      { identify: false },
    );
  } catch (e) {
    return uncalibrated(`评分太少，无法估计${R}的宽严（${(e as Error).message}）`);
  }

  // The calibrated score is on the scale of the ratings: the overall level (of the first group,
  // with a group factor) plus the target's own.
  const base = fit.fixef['(Intercept)']!.estimate;
  const groupEffects = grouped
    ? groupLevels.map((g, i) => ({ group: g, effect: i === 0 ? 0 : (fit.fixef[`group${g}`]?.estimate ?? 0) }))
    : [];
  const modes = (g: string) => new Map(fit.ranef[g]!.map((e) => [e.level, e]));
  const tMode = modes('target');
  const rMode = modes('rater');
  const interval = (estimate: number, se: number): Estimate => ({
    estimate,
    se,
    low: estimate - z * se,
    high: estimate + z * se,
  });

  const raw = targetKeys.map((k) => mean(byTarget.get(k)!.map((r) => r.score)));
  const cal = targetKeys.map((k) => base + tMode.get(k)!.mode);
  const rawRank = competitionRanks(raw);
  const rank = competitionRanks(cal);
  const targets = targetKeys.map((k, i) => ({
    target: k,
    ratings: byTarget.get(k)!.length,
    raters: new Set(byTarget.get(k)!.map((r) => r.rater)).size,
    raw: raw[i]!,
    rawRank: rawRank[i]!,
    calibrated: interval(cal[i]!, tMode.get(k)!.se),
    identified: id.personIdentified[i] === 1,
    rank: rank[i]!,
  }));
  const raters = raterKeys.map((k, i) => {
    const mine = byRater.get(k)!;
    const m = rMode.get(k)!;
    return {
      rater: k,
      targets: new Set(mine.map((r) => r.target)).size,
      ratings: mine.length,
      mean: mean(mine.map((r) => r.score)),
      leniency: interval(m.mode, m.se),
      calibrated: id.sets[id.platformSet[i]!]!.platforms >= 2,
    };
  });

  const warnings: CalibrationWarning[] = [];
  for (const r of raters) {
    if (r.targets < minTargets)
      warnings.push({
        code: 'FEW_TARGETS',
        rater: r.rater,
        targets: r.targets,
        message: `${label(r.rater)}只评了 ${r.targets} 位${T}（少于 ${minTargets} 位），其宽严估计依据不足`,
      });
  }
  if (id.sets.length > 1)
    warnings.push({
      code: 'DISCONNECTED',
      sets: id.sets.length,
      message: `评分设计不连通：${R}和${T}分成 ${id.sets.length} 组，组与组之间没有共同评过的${T}，组间差异无法区分是${T}水平还是${R}宽严`,
    });
  if (!fit.converged)
    warnings.push({ code: 'NOT_CONVERGED', message: '模型拟合未完全收敛，校正结果仅供参考' });

  return {
    method: 'crossed',
    reason: null,
    formula,
    groupEffects,
    sd: {
      target: fit.sd.target!['(Intercept)']!,
      rater: fit.sd.rater!['(Intercept)']!,
      residual: fit.sigma,
    },
    targets: order(targets),
    raters,
    warnings,
  };
}

/**
 * One rating calibrated for its rater's leniency: the rating less the leniency, with the
 * leniency's interval; null where the rater is not calibrated.
 */
export function calibrateOne(cal: Calibration, rater: string, score: number): Estimate | null {
  const r = cal.raters.find((x) => x.rater === rater);
  if (!r?.calibrated || !r.leniency) return null;
  const l = r.leniency;
  return { estimate: score - l.estimate, se: l.se, low: score - l.high, high: score - l.low };
}

function group<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** By rank, then by the unrounded score, the raw mean and the key: the same order on every run. */
function order(targets: TargetResult[]): TargetResult[] {
  const score = (t: TargetResult) => t.calibrated?.estimate ?? t.raw;
  return targets.sort(
    (a, b) => a.rank - b.rank || score(b) - score(a) || b.raw - a.raw || (a.target < b.target ? -1 : 1),
  );
}
