import { parsePeriod, periodLabelZh, type SeriesPoint } from './period.ts';
import { yoyChanges } from './robust.ts';

/**
 * Divergence of two measures that should move together: the one that shows activity (signed
 * projects, output growth) rises year on year while the one that shows what it brought
 * (conversion to production, output per mu, tax per unit) falls — 重数量轻质量 and 重增速轻效益.
 */

export interface DivergenceOptions {
  /** The number of consecutive periods in which both must hold. Default 3. */
  periods?: number;
  /** The year-on-year change of the rising measure must exceed this in each period (0.05 = 5 %). Default 0. */
  minRise?: number;
  /** The year-on-year change of the falling measure must be below −minFall in each period. Default 0. */
  minFall?: number;
}

export interface DivergencePoint {
  period: string;
  /** Year-on-year change of the rising and of the falling measure. */
  rise: number;
  fall: number;
  value: { rising: number; falling: number };
}

export interface DivergenceRun {
  from: string;
  to: string;
  points: DivergencePoint[];
  /** A sentence in Chinese for the user. */
  description: string;
}

const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;

/**
 * The maximal runs of at least `periods` calendar-consecutive periods in which the rising
 * measure's year-on-year change is above `minRise` and the falling measure's is below
 * −`minFall`. Periods where either change is unknown break a run.
 *
 * @throws RangeError for bad labels, mixed frequencies, or `periods` not a positive integer.
 */
export function divergenceRuns(
  rising: readonly SeriesPoint[],
  falling: readonly SeriesPoint[],
  options: DivergenceOptions = {},
): DivergenceRun[] {
  const k = options.periods ?? 3;
  const minRise = options.minRise ?? 0;
  const minFall = options.minFall ?? 0;
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`divergenceRuns: periods must be a positive integer, got ${k}`);
  const fallBy = new Map(yoyChanges(falling).map((c) => [c.period, c]));
  const hits = yoyChanges(rising)
    .map((r) => ({ r, f: fallBy.get(r.period) }))
    .filter(({ r, f }) => f !== undefined && r.change > minRise && f.change < -minFall)
    .map(({ r, f }) => ({
      index: parsePeriod(r.period).index,
      point: {
        period: r.period,
        rise: r.change,
        fall: f!.change,
        value: { rising: r.value, falling: f!.value },
      },
    }));
  const runs: DivergenceRun[] = [];
  let start = 0;
  for (let i = 1; i <= hits.length; i++) {
    if (i < hits.length && hits[i]!.index === hits[i - 1]!.index + 1) continue;
    const run = hits.slice(start, i).map((h) => h.point);
    if (run.length >= k) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      runs.push({
        from: first.period,
        to: last.period,
        points: run,
        description: `${periodLabelZh(first.period)}至${periodLabelZh(last.period)}连续${run.length}期，前者同比增长${pct(Math.min(...run.map((p) => p.rise)))}以上，后者同比下降${pct(Math.min(...run.map((p) => -p.fall)))}以上`,
      });
    }
    start = i;
  }
  return runs;
}
