import {
  type Calibration,
  type CalibrationOptions,
  calibrateOne,
  calibrateRatings,
  type Estimate,
  type TargetResult,
} from './rater-calibration.ts';
import { type Criterion, sheetTotal } from './score-sheet.ts';

/**
 * The rankings of 走进现场察担当: an event's participants from their judges' score sheets, and the
 * conduct ratings of observations calibrated for their observers. Both through the crossed fit of
 * rater-calibration.ts. Pure: no I/O.
 */

export interface ScoreSheet {
  judge: string;
  participant: string;
  scores: Record<string, number>;
}

export interface EventParticipant extends TargetResult {
  /** Each judge's total of this participant. */
  byJudge: { judge: string; total: number }[];
}

export interface EventRanking extends Omit<Calibration, 'targets'> {
  participants: EventParticipant[];
}

/**
 * Ranks an event's participants. One row per sheet: the sheet's weighted total, so that the
 * event's stated weights hold and the marks of one sheet (one judge's impression of one
 * participant) count as one observation, not as independent ones. The fit is
 * `score ~ 1 + (1 | participant) + (1 | judge)` on these totals.
 */
export function rankEvent(
  criteria: readonly Criterion[],
  sheets: readonly ScoreSheet[],
  options: Pick<CalibrationOptions, 'minTargets' | 'z'> = {},
): EventRanking {
  const totals = sheets.map((s) => {
    const total = sheetTotal(criteria, s.scores);
    if (total === null) throw new Error(`评分表缺少评分项：${s.judge} / ${s.participant}`);
    return { target: s.participant, rater: s.judge, score: total };
  });
  const { targets, ...cal } = calibrateRatings(totals, {
    ...options,
    nouns: { rater: '评委', target: '参赛者' },
  });
  return {
    ...cal,
    participants: targets.map((t) => ({
      ...t,
      byJudge: totals
        .filter((x) => x.target === t.target)
        .map((x) => ({ judge: x.rater, total: x.score }))
        .sort((a, b) => (a.judge < b.judge ? -1 : a.judge > b.judge ? 1 : 0)),
    })),
  };
}

export interface ObservationRating {
  id: string;
  cadre: string;
  observer: string;
  /** 1–5 on the activity's dimensions. */
  ratings: Record<string, number>;
}

/** An observation's figure: the mean of its ratings on the activity's dimensions (NaN when none). */
export function ratingsMean(ratings: Record<string, number>): number {
  const v = Object.values(ratings);
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : Number.NaN;
}

export interface ObservationScores {
  calibration: Calibration;
  /** Per observation: the mean of its ratings, and that mean less its observer's leniency. */
  byObservation: Map<string, { raw: number; calibrated: Estimate | null }>;
}

/**
 * Calibrates observers' conduct ratings where several observers rated overlapping cadres: one row
 * per observation (the mean of its dimensions), `score ~ 1 + (1 | cadre) + (1 | observer)`. Give it
 * observations rated on the same dimensions (one kind of activity): a kind whose observers differ
 * would otherwise pass for leniency. An observation's calibrated figure is its own mean less its
 * observer's leniency; an observer who shares no cadre with another observer stays uncalibrated.
 */
export function calibrateObservations(
  rows: readonly ObservationRating[],
  options: Pick<CalibrationOptions, 'minTargets' | 'z' | 'label'> = {},
): ObservationScores {
  const means = rows.map((r) => ratingsMean(r.ratings));
  const usable = rows.map((r, i) => ({ r, raw: means[i]! })).filter((x) => Number.isFinite(x.raw));
  const calibration = calibrateRatings(
    usable.map(({ r, raw }) => ({ target: r.cadre, rater: r.observer, score: raw })),
    { ...options, nouns: { rater: '观察人', target: '干部' } },
  );
  return {
    calibration,
    byObservation: new Map(
      usable.map(({ r, raw }) => [r.id, { raw, calibrated: calibrateOne(calibration, r.observer, raw) }]),
    ),
  };
}
