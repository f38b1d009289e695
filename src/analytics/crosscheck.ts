import { parsePeriod, parseSeries, periodLabelZh, type SeriesPoint } from './period.ts';
import { yoyChanges } from './robust.ts';

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
