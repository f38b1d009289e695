import { parsePeriod, parseSeries, periodLabelZh, periodsPerYear, type SeriesPoint } from './period.ts';
import { reference, upperTail } from './reference.ts';
import { mad, yoyChanges } from './robust.ts';

/**
 * Cross-checks of a reported series against an independent one that should move with it:
 * industrial output against industrial electricity use, revenue against tax, retail sales against
 * card payments. Their growth rates need not be equal, but a gap between them that keeps widening
 * — the reported figure pulling ever further ahead — is worth a question.
 */

/** Options of {@link growthGap}. */
export interface GrowthGapOptions {
  /** The number of consecutive periods in which the gap must grow. Default 3. */
  k?: number;
  /** The gap (in growth-rate units: 0.05 = 5 percentage points) the widening run must end above. Default 0.05. */
  threshold?: number;
  /**
   * `level` (default): both series hold levels and year-on-year growth is computed from them;
   * `growth`: both already hold year-on-year growth rates (0.065 for 6.5 %).
   */
  input?: 'level' | 'growth';
  /**
   * The least rise of the gap from one period to the next that counts as growing. Default 1e-9,
   * which only absorbs floating-point rounding; set 0.001 to ignore changes below 0.1 point.
   */
  minIncrease?: number;
}

/** One period of the comparison. */
export interface GapPoint {
  period: string;
  reportedGrowth: number;
  independentGrowth: number;
  /** reportedGrowth − independentGrowth: positive when the reported series grows faster. */
  gap: number;
  /** Whether the period belongs to a flagged widening run. */
  widening: boolean;
}

/** A run of consecutive periods over which the gap kept growing. */
export interface WideningRun {
  from: string;
  to: string;
  periods: string[];
  /** The number of consecutive rises: periods.length − 1, at least k. */
  rises: number;
  startGap: number;
  endGap: number;
  /** A sentence in Chinese for the user. */
  description: string;
}

export interface GrowthGapResult {
  /** Every period where both growth rates are known, in chronological order. */
  gaps: GapPoint[];
  /** The flagged runs, in chronological order. */
  runs: WideningRun[];
  /** Whether any run was flagged. */
  widening: boolean;
}

function growthByPeriod(series: readonly SeriesPoint[], input: 'level' | 'growth'): Map<string, number> {
  if (input === 'growth')
    return new Map(
      parseSeries(series)
        .filter((p) => p.value !== null)
        .map((p) => [p.period.label, p.value!]),
    );
  return new Map(yoyChanges(series).map((c) => [c.period, c.change]));
}

const points = (x: number) => `${Number((x * 100).toFixed(1))}个百分点`;

/**
 * Compares the growth of a reported series with that of an independent one, period by period:
 * gap = growth(reported) − growth(independent), growth being year-on-year (computed from levels,
 * or given). Periods are matched by label; only periods where both growths are known count.
 *
 * A run is flagged as widening when the gap rises in each of at least `k` consecutive periods
 * (calendar-consecutive: a missing period breaks the run) — so the run spans at least k + 1
 * periods — and the gap at its end exceeds `threshold`. The run reported is the maximal one.
 * Only the reported series pulling ahead is flagged (a negative gap that deepens is not): the
 * concern is figures inflated beyond what the independent measure supports.
 *
 * @throws RangeError for bad labels, mixed frequencies, the two series in different
 *   frequencies, or k not a positive integer.
 */
export function growthGap(
  reported: readonly SeriesPoint[],
  independent: readonly SeriesPoint[],
  options: GrowthGapOptions = {},
): GrowthGapResult {
  const k = options.k ?? 3;
  const threshold = options.threshold ?? 0.05;
  const minIncrease = options.minIncrease ?? 1e-9;
  const input = options.input ?? 'level';
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`growthGap: k must be a positive integer, got ${k}`);
  if (!Number.isFinite(threshold)) throw new RangeError(`growthGap: invalid threshold ${threshold}`);
  const r = growthByPeriod(reported, input);
  const ind = growthByPeriod(independent, input);
  const frequencies = new Set([...reported, ...independent].map((p) => parsePeriod(p.period).frequency));
  if (frequencies.size > 1) throw new RangeError('growthGap: the two series have different frequencies');

  const gaps: (GapPoint & { index: number })[] = [];
  for (const [period, rg] of r) {
    const ig = ind.get(period);
    if (ig === undefined) continue;
    gaps.push({
      period,
      reportedGrowth: rg,
      independentGrowth: ig,
      gap: rg - ig,
      widening: false,
      index: parsePeriod(period).index,
    });
  }
  gaps.sort((a, b) => a.index - b.index);

  const runs: WideningRun[] = [];
  let start = 0;
  for (let i = 1; i <= gaps.length; i++) {
    const continues =
      i < gaps.length &&
      gaps[i]!.index === gaps[i - 1]!.index + 1 &&
      gaps[i]!.gap - gaps[i - 1]!.gap >= minIncrease &&
      gaps[i]!.gap > gaps[i - 1]!.gap;
    if (continues) continue;
    const end = i - 1;
    const rises = end - start;
    if (rises >= k && gaps[end]!.gap > threshold) {
      const run = gaps.slice(start, end + 1);
      for (const g of run) g.widening = true;
      const first = run[0]!;
      const last = run[run.length - 1]!;
      runs.push({
        from: first.period,
        to: last.period,
        periods: run.map((g) => g.period),
        rises,
        startGap: first.gap,
        endGap: last.gap,
        description: `${periodLabelZh(first.period)}至${periodLabelZh(last.period)}，报告指标增速与对照指标增速之差连续${rises}期扩大，由${points(first.gap)}扩大到${points(last.gap)}`,
      });
    }
    start = i;
  }
  return { gaps: gaps.map(({ index: _index, ...g }) => g), runs, widening: runs.length > 0 };
}

/** Options of {@link gapWidening}. */
export interface GapWideningOptions {
  /** `level` (default) or `growth`, as in {@link growthGap}. */
  input?: 'level' | 'growth';
  /** The last period of the later window; default the latest period where both growths are known. */
  end?: string;
}

/** The result of {@link gapWidening}. */
export interface GapWidening {
  /** Whether two full windows of consecutive gaps end at `to`; when not, nothing else is judged. */
  enough: boolean;
  /** The periods compared: the earlier window's first to the later window's last. */
  from: string | null;
  to: string | null;
  /** The periods per window: one year (12 months, 4 quarters). */
  window: number;
  /** The mean gap over the earlier and over the later window (growth units: 0.05 = 5 points). */
  startGap: number | null;
  endGap: number | null;
  /** endGap − startGap: how much further the reported growth pulled ahead. */
  widening: number | null;
  /** The region's own gap variability: a robust standard deviation of the gap, from its period-to-period changes. */
  scale: number | null;
  /** The widening in units of its own standard error under "the gap does not move". */
  z: number | null;
  /** One-sided calibrated p-value of z (only a reported figure pulling ahead counts). */
  pValue: number | null;
  /** Every period of the two windows, in order. */
  gaps: { period: string; reportedGrowth: number; independentGrowth: number; gap: number }[];
}

/** Robust σ of the gap from its first differences: 1.4826·MAD(Δgap)/√2 (a level shift or a slow drift barely moves it). */
function gapScale(gaps: readonly number[]): number {
  const d = gaps.slice(1).map((g, i) => g - gaps[i]!);
  return (1.4826 * mad(d)) / Math.SQRT2;
}

/**
 * The standard error factor of a widening: with growth computed year on year from levels, each
 * gap shares its base with the gap a year later, so the difference of two yearly means has
 * variance 3σ²/w; for published growth rates, taken as independent, 2σ²/w.
 */
const seFactor = (input: 'level' | 'growth', w: number) => Math.sqrt((input === 'level' ? 3 : 2) / w);

function wideningZ(gaps: readonly number[], w: number, input: 'level' | 'growth') {
  const start = gaps.slice(0, w).reduce((a, b) => a + b, 0) / w;
  const end = gaps.slice(w).reduce((a, b) => a + b, 0) / w;
  const scale = gapScale(gaps);
  const widening = end - start;
  const z = scale > 0 ? widening / (scale * seFactor(input, w)) : widening > 1e-12 ? Infinity : 0;
  return { start, end, widening, scale, z };
}

/** P(Z ≥ z) for a widening of two windows of w periods, simulated with gaps that do not move. */
export function wideningPValue(z: number, w: number, input: 'level' | 'growth' = 'level'): number {
  const ref = reference(`gap|${input}|${w}`, 100_000, (normal) => {
    const u = Array.from({ length: 2 * w + (input === 'level' ? w : 0) }, normal);
    const gaps = input === 'level' ? u.slice(w).map((v, i) => v - u[i]!) : u;
    return [wideningZ(gaps, w, input).z];
  });
  return upperTail(ref, z);
}

/**
 * Whether the gap between a reported growth rate and an independent one widened: the mean gap
 * over the last year (`window` periods ending at `end`) minus the mean gap over the year before,
 * scaled by the region's own gap variability and judged against a simulated reference. It tests
 * the widening of the gap, not its level: a region whose output has always grown two points
 * faster than its power use is not flagged for that.
 *
 * @throws RangeError for bad labels, mixed frequencies or the two series in different frequencies.
 */
export function gapWidening(
  reported: readonly SeriesPoint[],
  independent: readonly SeriesPoint[],
  options: GapWideningOptions = {},
): GapWidening {
  const input = options.input ?? 'level';
  const all = growthGap(reported, independent, { input }).gaps;
  const frequency = all[0] ? parsePeriod(all[0].period).frequency : 'month';
  const w = periodsPerYear(frequency);
  const lastIndex = options.end
    ? parsePeriod(options.end).index
    : all.at(-1)
      ? parsePeriod(all.at(-1)!.period).index
      : 0;
  const byIndex = new Map(all.map((g) => [parsePeriod(g.period).index, g]));
  const span: typeof all = [];
  for (let i = lastIndex - 2 * w + 1; i <= lastIndex; i++) {
    const g = byIndex.get(i);
    if (g) span.push(g);
  }
  const gaps = span.map(({ widening: _w, ...g }) => g);
  const empty = {
    enough: false,
    from: null,
    to: null,
    window: w,
    startGap: null,
    endGap: null,
    widening: null,
    scale: null,
    z: null,
    pValue: null,
    gaps,
  };
  if (w < 2 || span.length < 2 * w) return empty;
  const r = wideningZ(
    span.map((g) => g.gap),
    w,
    input,
  );
  return {
    enough: true,
    from: span[0]!.period,
    to: span.at(-1)!.period,
    window: w,
    startGap: r.start,
    endGap: r.end,
    widening: r.widening,
    scale: r.scale,
    z: r.z,
    pValue: wideningPValue(r.z, w, input),
    gaps,
  };
}
