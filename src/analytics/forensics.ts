import { BENFORD_MIN_UNITS, benfordUnitsTest, NIGRINI_FIRST_DIGIT_MAD } from './benford.ts';
import { gapWidening } from './crosscheck.ts';
import { benjaminiHochberg } from './fdr.ts';
import { parsePeriod, periodAt, type SeriesPoint } from './period.ts';
import { JUMP_MIN_CHANGES, MODIFIED_Z_THRESHOLD, robustJumps } from './robust.ts';

/**
 * The three forensic rules as they judge a whole set of series at once: each rule's tests are one
 * false-discovery family per year (Benjamini–Hochberg at the rule's level), so what a test means
 * does not depend on which other rules ran or on how many months another year has. The economy
 * rules and the calibration benchmark both call these, so the rates measured are the rates of
 * the rules that raise alerts.
 */

/** The year a period label belongs to. */
export const yearOf = (period: string) => period.slice(0, 4);

/** Adjusts each year's p-values together; returns the q-values and rejections in input order. */
function perYear<T extends { year: string; pValue: number }>(
  tests: T[],
  fdr: number,
): (T & { qValue: number; rejected: boolean; familySize: number })[] {
  const years = new Map<string, number[]>();
  tests.forEach((t, i) => {
    const list = years.get(t.year) ?? [];
    list.push(i);
    years.set(t.year, list);
  });
  const out = tests.map((t) => ({ ...t, qValue: 1, rejected: false, familySize: 0 }));
  for (const idx of years.values()) {
    const bh = benjaminiHochberg(
      idx.map((i) => tests[i]!.pValue),
      fdr,
    );
    idx.forEach((i, k) => {
      out[i]!.qValue = bh.adjusted[k]!;
      out[i]!.rejected = bh.rejected[k]!;
      out[i]!.familySize = idx.length;
    });
  }
  return out;
}

// ---------------------------------------------------------------- jumps

export interface JumpRuleOptions {
  /** |modified z| above this, besides the adjusted level. Default 3.5. */
  threshold?: number;
  /** The false discovery rate per year. */
  fdr: number;
  minChanges?: number;
}

export interface JumpFinding<K> {
  key: K;
  period: string;
  year: string;
  change: number;
  z: number;
  pValue: number;
  qValue: number;
  familySize: number;
  /** The earlier period whose spike this change mirrors through the base; never flagged itself. */
  baseEffectOf: string | null;
  flagged: boolean;
}

/** Year-on-year jumps of many series: calibrated p-values, one family per year. */
export function jumpFindings<K>(
  series: readonly { key: K; points: readonly SeriesPoint[] }[],
  options: JumpRuleOptions,
): JumpFinding<K>[] {
  const threshold = options.threshold ?? MODIFIED_Z_THRESHOLD;
  const tests = series.flatMap((s) => {
    const j = robustJumps(s.points, { threshold, minChanges: options.minChanges ?? JUMP_MIN_CHANGES });
    return j.points
      .filter((p) => p.pValue !== null)
      .map((p) => ({
        key: s.key,
        period: p.period,
        year: yearOf(p.period),
        change: p.change,
        z: p.z,
        pValue: p.pValue!,
        baseEffectOf: p.baseEffectOf,
        outlier: p.flagged,
      }));
  });
  return perYear(tests, options.fdr).map(({ outlier, rejected, ...t }) => ({
    ...t,
    flagged: outlier && rejected,
  }));
}

// ---------------------------------------------------------------- cross-checks

export interface WideningRuleOptions {
  fdr: number;
  /** The least widening (growth units: 0.02 = 2 points) worth an alert, besides the adjusted level. */
  minWidening: number;
}

export interface WideningFinding<K> {
  key: K;
  year: string;
  from: string;
  to: string;
  startGap: number;
  endGap: number;
  widening: number;
  scale: number;
  z: number;
  pValue: number;
  qValue: number;
  familySize: number;
  gaps: { period: string; reportedGrowth: number; independentGrowth: number; gap: number }[];
  flagged: boolean;
}

/**
 * The widening of the gap between each pair, judged once a year: the last year of gaps ending at
 * the year's latest period against the year before, one family per year.
 */
export function wideningFindings<K>(
  pairs: readonly { key: K; reported: readonly SeriesPoint[]; independent: readonly SeriesPoint[] }[],
  options: WideningRuleOptions,
): WideningFinding<K>[] {
  const tests = pairs.flatMap((pair) => {
    const both = new Set(pair.independent.map((p) => p.period));
    const labels = pair.reported.map((p) => p.period).filter((l) => both.has(l));
    if (labels.length === 0) return [];
    const indices = labels.map((l) => parsePeriod(l));
    const frequency = indices[0]!.frequency;
    const ends = new Map<string, number>();
    for (const p of indices) {
      const y = String(p.year);
      ends.set(y, Math.max(ends.get(y) ?? -Infinity, p.index));
    }
    return [...ends.entries()].flatMap(([year, end]) => {
      const w = gapWidening(pair.reported, pair.independent, { end: periodAt(frequency, end) });
      if (!w.enough) return [];
      return [
        {
          key: pair.key,
          year,
          from: w.from!,
          to: w.to!,
          startGap: w.startGap!,
          endGap: w.endGap!,
          widening: w.widening!,
          scale: w.scale!,
          z: w.z!,
          pValue: w.pValue!,
          gaps: w.gaps,
        },
      ];
    });
  });
  return perYear(tests, options.fdr).map(({ rejected, ...t }) => ({
    ...t,
    flagged: rejected && t.widening > options.minWidening,
  }));
}

// ---------------------------------------------------------------- first digits

export interface BenfordRuleOptions {
  fdr: number;
  minUnits?: number;
}

export interface BenfordFinding<K> {
  key: K;
  year: string;
  units: number;
  mad: number;
  conformity: string;
  pValue: number;
  qValue: number;
  familySize: number;
  digits: { digit: number; count: number; expected: number; observed: number }[];
  flagged: boolean;
}

/**
 * First digits, one value per unit (the unit's total for the year), for each group (a department's
 * indicator) and year: judged only with enough units, by the MAD's calibrated p-value, one family
 * per year; flagged when significant and beyond Nigrini's marginal bound (MAD > 0.015).
 */
export function benfordFindings<K>(
  groups: readonly { key: K; year: string; valuePerUnit: readonly number[] }[],
  options: BenfordRuleOptions,
): BenfordFinding<K>[] {
  const tests = groups.flatMap((g) => {
    if (g.valuePerUnit.length === 0) return [];
    const r = benfordUnitsTest(g.valuePerUnit, { minUnits: options.minUnits ?? BENFORD_MIN_UNITS });
    if (!r.judged) return [];
    return [
      {
        key: g.key,
        year: g.year,
        units: r.n,
        mad: r.mad,
        conformity: r.conformityLabel,
        pValue: r.madPValue!,
        digits: r.digits.map((d) => ({
          digit: d.digit,
          count: d.count,
          expected: d.expected,
          observed: d.observed,
        })),
      },
    ];
  });
  return perYear(tests, options.fdr).map(({ rejected, ...t }) => ({
    ...t,
    flagged: rejected && t.mad > NIGRINI_FIRST_DIGIT_MAD.marginal,
  }));
}
