import { benfordTest } from '../src/analytics/benford.ts';
import { growthGap } from '../src/analytics/crosscheck.ts';
import { benjaminiHochberg } from '../src/analytics/fdr.ts';
import {
  type BenfordRuleOptions,
  benfordFindings,
  type JumpRuleOptions,
  jumpFindings,
  type WideningRuleOptions,
  wideningFindings,
} from '../src/analytics/forensics.ts';
import { periodAt, type SeriesPoint } from '../src/analytics/period.ts';
import { seededNormal, seededUniform } from '../src/analytics/reference.ts';
import { robustJumps } from '../src/analytics/robust.ts';
import { normalTwoSided } from '../src/analytics/special.ts';

/**
 * Simulated county data for calibrating the forensic rules: counties of 13 regions × 36 months of
 * industrial output and electricity sharing a regional trend and seasonality, each with its own
 * noise (the monthly gap between their year-on-year growth rates has standard deviation `gapSd`),
 * and a department of 80 units per county for the first digits. A planted county fabricates in
 * one region over the third year (the year judged).
 */

export type Plant = 'inflate1' | 'inflate05' | 'step10' | 'smooth8' | 'spike';

export const PLANT_LABELS: Record<Plant, string> = {
  inflate1: '每月虚增 1%',
  inflate05: '每月虚增 0.5%',
  step10: '一次性抬高 10%',
  smooth8: '修饰为 8% 的平滑增长',
  spike: '单月 ×1.25',
};

export const REGIONS = 13;
const MONTHS = 36;
const UNITS = 80;
const FIRST = 2024 * 12; // 2024-01
const JUDGED = '2026';
const SEASON = [0.96, 0.78, 1.0, 0.99, 1.0, 1.02, 0.98, 0.97, 1.0, 1.01, 1.05, 1.24];

/** The settings the benchmark calibrates: the recommended settings of new rules. */
export const CALIBRATED_RULES: {
  jump: JumpRuleOptions;
  crosscheck: WideningRuleOptions;
  benford: BenfordRuleOptions;
} = {
  jump: { threshold: 3.5, fdr: 0.02 },
  crosscheck: { fdr: 0.02, minWidening: 0.02 },
  benford: { fdr: 0.01 },
};

interface County {
  output: SeriesPoint[][];
  electricity: SeriesPoint[][];
  /** Each unit's monthly amounts. */
  units: number[][];
}

function simulateCounty(seed: number, gapSd: number, plant: Plant | null): County {
  const uniform = seededUniform(seed);
  const normal = seededNormal(uniform);
  const sd = gapSd / 2; // gap = (o_t − o_{t−12}) − (e_t − e_{t−12}): variance 4 sd²
  const countyGrowth = 0.06 + 0.03 * normal();
  const output: SeriesPoint[][] = [];
  const electricity: SeriesPoint[][] = [];
  for (let r = 0; r < REGIONS; r++) {
    const level = 10 ** (1 + 2 * uniform());
    const growth = countyGrowth + 0.02 * normal();
    const intensity = 0.3 + 0.3 * uniform();
    let cycle = 0;
    let log = Math.log(level);
    const o: SeriesPoint[] = [];
    const e: SeriesPoint[] = [];
    const spikeAt = 24 + Math.floor(12 * uniform());
    for (let t = 0; t < MONTHS; t++) {
      cycle = 0.9 * cycle + 0.0015 * normal();
      log += growth / 12 + cycle;
      const common = Math.exp(log) * SEASON[t % 12]!;
      const period = periodAt('month', FIRST + t);
      let reported = common * Math.exp(sd * normal());
      if (plant && r === 0 && t >= 24) {
        if (plant === 'inflate1') reported *= 1.01 ** (t - 23);
        if (plant === 'inflate05') reported *= 1.005 ** (t - 23);
        if (plant === 'step10') reported *= 1.1;
        if (plant === 'smooth8') reported = o[t - 12]!.value! * 1.08;
        if (plant === 'spike' && t === spikeAt) reported *= 1.25;
      }
      o.push({ period, value: reported });
      e.push({ period, value: intensity * common * Math.exp(sd * normal()) });
    }
    output.push(o);
    electricity.push(e);
  }
  const units = Array.from({ length: UNITS }, () => {
    const size = 10 ** (2 + 0.8 * normal());
    return Array.from({ length: MONTHS }, (_, t) => size * SEASON[t % 12]! * Math.exp(0.1 * normal()));
  });
  return { output, electricity, units };
}

/** Each region's alerts and scores in the judged year, by rule. */
interface Judged {
  jump: boolean[];
  crosscheck: boolean[];
  benford: boolean;
  /** −log10 of the smallest calibrated jump p-value of the region's output in the judged year. */
  jumpScore: number[];
  /** The widening's z. */
  crosscheckScore: number[];
  /** The rules as they stood before calibration (pooled χ², normal p from a modified z, a run of k widening gaps). */
  old: { jump: boolean[]; crosscheck: boolean[]; benford: boolean };
}

function judge(c: County): Judged {
  const series = c.output.flatMap((o, r) => [
    { key: { r, output: true }, points: o },
    { key: { r, output: false }, points: c.electricity[r]! },
  ]);
  const jumps = jumpFindings(series, CALIBRATED_RULES.jump).filter((f) => f.year === JUDGED);
  const widenings = wideningFindings(
    c.output.map((o, r) => ({ key: r, reported: o, independent: c.electricity[r]! })),
    CALIBRATED_RULES.crosscheck,
  ).filter((f) => f.year === JUDGED);
  const annual = c.units.map((u) => u.slice(24).reduce((a, b) => a + b, 0));
  const benford = benfordFindings([{ key: 0, year: JUDGED, valuePerUnit: annual }], CALIBRATED_RULES.benford);
  const regions = Array.from({ length: REGIONS }, (_, r) => r);
  return {
    jump: regions.map((r) => jumps.some((j) => j.key.r === r && j.flagged)),
    crosscheck: regions.map((r) => widenings.some((w) => w.key === r && w.flagged)),
    benford: benford.some((b) => b.flagged),
    jumpScore: regions.map((r) =>
      Math.max(0, ...jumps.filter((j) => j.key.r === r && j.key.output).map((j) => -Math.log10(j.pValue))),
    ),
    crosscheckScore: regions.map((r) => widenings.find((w) => w.key === r)?.z ?? 0),
    old: judgeOld(c),
  };
}

/** The rules before calibration, for comparison: the way they were measured in the first place. */
function judgeOld(c: County): Judged['old'] {
  const old = c.output.flatMap((o, r) =>
    [o, c.electricity[r]!].flatMap((s) =>
      robustJumps(s, { minChanges: 6 })
        .points.filter((p) => p.period.startsWith(JUDGED))
        .map((p) => ({ r, z: p.z, p: normalTwoSided(p.z) })),
    ),
  );
  const bh = benjaminiHochberg(
    old.map((o) => o.p),
    0.05,
  );
  const jump = Array.from({ length: REGIONS }, (_, r) =>
    old.some((o, i) => o.r === r && bh.rejected[i] && Math.abs(o.z) > 3.5),
  );
  const crosscheck = c.output.map((o, r) =>
    growthGap(o, c.electricity[r]!, { k: 3, threshold: 0.05 }).runs.some((run) => run.to.startsWith(JUDGED)),
  );
  const pooled = benfordTest(c.units.flat());
  return { jump, crosscheck, benford: pooled.pValue <= 0.05 && pooled.mad > 0.015 };
}

/** The area under the ROC curve: P(a planted score > a clean score), ties counting half. */
export function auc(planted: readonly number[], clean: readonly number[]): number {
  const sorted = [...clean].sort((a, b) => a - b);
  let sum = 0;
  for (const x of planted) {
    let below = 0;
    let equal = 0;
    for (const y of sorted) {
      if (y < x) below++;
      else if (y === x) equal++;
      else break;
    }
    sum += below + equal / 2;
  }
  return sum / (planted.length * clean.length);
}

export interface Calibration {
  gapSd: number;
  counties: number;
  /** Per clean region-year: the share with an alert of each rule (Benford: per department-year). */
  falseAlarm: { jump: number; crosscheck: number; benford: number };
  /** The same shares under the rules before calibration. */
  falseAlarmBefore: { jump: number; crosscheck: number; benford: number };
  /** Share of clean counties with any alert in the judged year. */
  countiesWithAlert: number;
  countiesWithAlertBefore: number;
  /** Per kind of fabrication: share of planted regions alerted by each rule, and the AUC of each rule's score. */
  detection: Record<
    Plant,
    { jump: number; crosscheck: number; any: number; aucJump: number; aucCrosscheck: number }
  >;
}

/** Simulates `counties` clean counties and as many planted ones per kind, at one gap-noise level. */
export function calibrate(gapSd: number, counties: number, seed = 1): Calibration {
  const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
  const clean = Array.from({ length: counties }, (_, i) =>
    judge(simulateCounty(seed * 1_000_003 + i, gapSd, null)),
  );
  const cleanJump = clean.flatMap((c) => c.jumpScore);
  const cleanCross = clean.flatMap((c) => c.crosscheckScore);
  const detection = {} as Calibration['detection'];
  (Object.keys(PLANT_LABELS) as Plant[]).forEach((plant, k) => {
    const planted = Array.from({ length: counties }, (_, i) =>
      judge(simulateCounty(seed * 1_000_003 + (k + 1) * 100_000 + i, gapSd, plant)),
    );
    detection[plant] = {
      jump: share(planted.map((p) => p.jump[0]!)),
      crosscheck: share(planted.map((p) => p.crosscheck[0]!)),
      any: share(planted.map((p) => p.jump[0]! || p.crosscheck[0]!)),
      aucJump: auc(
        planted.map((p) => p.jumpScore[0]!),
        cleanJump,
      ),
      aucCrosscheck: auc(
        planted.map((p) => p.crosscheckScore[0]!),
        cleanCross,
      ),
    };
  });
  return {
    gapSd,
    counties,
    falseAlarm: {
      jump: share(clean.flatMap((c) => c.jump)),
      crosscheck: share(clean.flatMap((c) => c.crosscheck)),
      benford: share(clean.map((c) => c.benford)),
    },
    falseAlarmBefore: {
      jump: share(clean.flatMap((c) => c.old.jump)),
      crosscheck: share(clean.flatMap((c) => c.old.crosscheck)),
      benford: share(clean.map((c) => c.old.benford)),
    },
    countiesWithAlert: share(
      clean.map((c) => c.benford || c.jump.some(Boolean) || c.crosscheck.some(Boolean)),
    ),
    countiesWithAlertBefore: share(
      clean.map((c) => c.old.benford || c.old.jump.some(Boolean) || c.old.crosscheck.some(Boolean)),
    ),
    detection,
  };
}
