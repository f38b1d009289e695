import { type Calibration, calibrateRatings, type Estimate } from './rater-calibration.ts';

/**
 * Calibrated 360 scores (民主测评): a cadre's level told apart from how lenient their raters were,
 * through the crossed fit of rater-calibration.ts with the rater group as a fixed effect:
 *
 *   score ~ 1 + group + (1 | cadre) + (1 | rater)
 *
 * One row per ballot (the ballot's overall, 0–100). Who "the rater" is depends on what the ballot
 * store kept: where at least five submissions of the round rated the same set of cadres, the
 * ballots of one submission share a key, and that key is the rater — their leniency is estimated
 * from every cadre they rated (交叉校正, in practice 下级评议 and public or service rounds). Where
 * the key was not kept, a ballot's rater is the pool of its group in the cadre's unit (上级 of the
 * unit, 同级 of the team …): the calibration is then by rater group and unit only (按类别和单位校正).
 *
 * The calibrated score is on the scale of the raw weighted score: the cadre's level plus the
 * group levels mixed by the effective weights of the groups behind the cadre's figures, so a
 * cadre rated by a stricter mix of groups is not pushed down by it. Pure: no I/O.
 */

export interface OpinionBallotScore {
  cadre: string;
  /** The unit the cadre was assessed in. */
  unit: string;
  group: string;
  /** The submission key where the ballot store kept it (linked), null otherwise. */
  key: string | null;
  /** The ballot's overall score, 0–100. */
  score: number;
}

export type OpinionCalibrationMethod = 'crossed' | 'group-unit';

export interface CadreCalibration extends Estimate {
  /** crossed: some of the cadre's ballots kept their key; group-unit: none did. */
  method: OpinionCalibrationMethod;
  /** The groups of the cadre's ballots calibrated rater by rater (their keys were kept). */
  keyedGroups: string[];
}

export interface OpinionCalibration {
  fit: Calibration;
  /** Why nothing is calibrated (too few ballots, one rater …); null when the fit ran. */
  reason: string | null;
  byCadre: Map<string, CadreCalibration>;
}

/** The rater of a ballot: its submission key where kept, else its group's pool in the unit. */
export function raterOf(b: Pick<OpinionBallotScore, 'key' | 'group' | 'unit'>): string {
  return b.key ? `key:${b.key}` : `pool:${b.group}:${b.unit}`;
}

/**
 * Calibrates a round's ballots. `shares(cadre)` gives the effective weight of each group behind
 * the cadre's figures (summing to 1); only ballots behind shown figures belong here.
 */
export function calibrateOpinion(
  ballots: readonly OpinionBallotScore[],
  shares: (cadre: string) => Record<string, number>,
  options: { z?: number } = {},
): OpinionCalibration {
  const fit = calibrateRatings(
    ballots.map((b) => ({ target: b.cadre, rater: raterOf(b), score: b.score, group: b.group })),
    { z: options.z, minTargets: 1, nouns: { rater: '评价人', target: '干部' } },
  );
  const byCadre = new Map<string, CadreCalibration>();
  if (fit.method !== 'crossed') return { fit, reason: fit.reason, byCadre };
  // A fit that puts no variance between cadres gives every cadre the same score with no
  // uncertainty: nothing is told apart, so nothing is reported as calibrated.
  if ((fit.sd?.target ?? 0) < 1e-6)
    return { fit, reason: '评价中干部之间的差异无法与评价人的宽严区分（奇异拟合），未作校正', byCadre };

  const effect = new Map(fit.groupEffects.map((g) => [g.group, g.effect]));
  const calibratedRater = new Set(fit.raters.filter((r) => r.calibrated).map((r) => r.rater));
  const keyed = new Map<string, Set<string>>();
  for (const b of ballots)
    if (b.key && calibratedRater.has(raterOf(b))) {
      const set = keyed.get(b.cadre) ?? new Set<string>();
      set.add(b.group);
      keyed.set(b.cadre, set);
    }
  for (const t of fit.targets) {
    if (!t.calibrated) continue;
    // The group levels mixed as the raw score mixes the groups.
    const anchor = Object.entries(shares(t.target)).reduce((s, [g, w]) => s + w * (effect.get(g) ?? 0), 0);
    const groups = [...(keyed.get(t.target) ?? [])].sort();
    byCadre.set(t.target, {
      estimate: t.calibrated.estimate + anchor,
      se: t.calibrated.se,
      low: t.calibrated.low + anchor,
      high: t.calibrated.high + anchor,
      method: groups.length ? 'crossed' : 'group-unit',
      keyedGroups: groups,
    });
  }
  return { fit, reason: null, byCadre };
}
