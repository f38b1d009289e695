/**
 * Period labels of economic series: months `2024-03`, quarters `2024-Q1`, years `2024`.
 * Year-on-year comparisons and "consecutive periods" are worked out from the labels, so a series
 * with a missing month never compares the wrong months.
 */

export type Frequency = 'month' | 'quarter' | 'year';

export interface Period {
  label: string;
  frequency: Frequency;
  year: number;
  /** Month 1–12, quarter 1–4, or 1 for a year. */
  sub: number;
  /** A running number: consecutive periods of one frequency have consecutive indices. */
  index: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

/** The periods in a year: 12, 4 or 1. */
export function periodsPerYear(frequency: Frequency): number {
  return frequency === 'month' ? 12 : frequency === 'quarter' ? 4 : 1;
}

/**
 * Parses `YYYY-MM`, `YYYY-Qn` or `YYYY`.
 * @throws RangeError for any other label.
 */
export function parsePeriod(label: string): Period {
  let m = MONTH.exec(label);
  if (m) return make(label, 'month', Number(m[1]), Number(m[2]));
  m = QUARTER.exec(label);
  if (m) return make(label, 'quarter', Number(m[1]), Number(m[2]));
  m = YEAR.exec(label);
  if (m) return make(label, 'year', Number(m[1]), 1);
  throw new RangeError(`not a period label (YYYY-MM, YYYY-Qn or YYYY): ${JSON.stringify(label)}`);
}

function make(label: string, frequency: Frequency, year: number, sub: number): Period {
  return { label, frequency, year, sub, index: year * periodsPerYear(frequency) + sub - 1 };
}

/** The label of the same period a year earlier: 2024-03 → 2023-03, 2024-Q1 → 2023-Q1, 2024 → 2023. */
export function yearEarlier(label: string): string {
  const p = parsePeriod(label);
  const year = String(p.year - 1).padStart(4, '0');
  if (p.frequency === 'month') return `${year}-${String(p.sub).padStart(2, '0')}`;
  if (p.frequency === 'quarter') return `${year}-Q${p.sub}`;
  return year;
}

/** The Chinese name of a period: 2024-03 → 2024年3月, 2024-Q1 → 2024年第1季度, 2024 → 2024年. */
export function periodLabelZh(label: string): string {
  const p = parsePeriod(label);
  if (p.frequency === 'month') return `${p.year}年${p.sub}月`;
  if (p.frequency === 'quarter') return `${p.year}年第${p.sub}季度`;
  return `${p.year}年`;
}

/** A point of a series; a missing value (null, undefined, NaN, ±Infinity) is skipped. */
export interface SeriesPoint {
  period: string;
  value: number | null | undefined;
}

/**
 * Parses the labels of a series, checking that they share one frequency and are distinct.
 * Returns the points sorted by period.
 * @throws RangeError for a bad label, mixed frequencies or a repeated period.
 */
export function parseSeries(series: readonly SeriesPoint[]): { period: Period; value: number | null }[] {
  const parsed = series.map((point) => ({
    period: parsePeriod(point.period),
    value: typeof point.value === 'number' && Number.isFinite(point.value) ? point.value : null,
  }));
  const first = parsed[0];
  const seen = new Set<string>();
  for (const p of parsed) {
    if (p.period.frequency !== first!.period.frequency)
      throw new RangeError(`a series mixes ${first!.period.frequency} and ${p.period.frequency} periods`);
    if (seen.has(p.period.label)) throw new RangeError(`a series repeats the period ${p.period.label}`);
    seen.add(p.period.label);
  }
  return parsed.sort((a, b) => a.period.index - b.period.index);
}

/** The label of the period with running number `index` (the inverse of `parsePeriod(label).index`). */
export function periodAt(frequency: Frequency, index: number): string {
  const n = periodsPerYear(frequency);
  const year = Math.floor(index / n);
  const sub = index - year * n + 1;
  const y = String(year).padStart(4, '0');
  if (frequency === 'month') return `${y}-${String(sub).padStart(2, '0')}`;
  if (frequency === 'quarter') return `${y}-Q${sub}`;
  return y;
}
