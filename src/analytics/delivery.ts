/**
 * 年度干事清单 arithmetic: how far an item is along its target, the gap to its plan, and a list's
 * weighted completion by month. Progress is cumulative (the value reached, or the number of
 * milestones done by the end of the month).
 */

export interface Target {
  targetKind: string;
  targetValue: number | null;
  milestones: readonly unknown[] | null;
}

/** What a target counts to: the target value, or the number of milestones. */
export function targetTotal(t: Target): number {
  return t.targetKind === 'value' ? (t.targetValue ?? 0) : (t.milestones?.length ?? 0);
}

/** Progress as a share of the target (0 for a target that counts to nothing). */
export function shareOf(t: Target, progress: number): number {
  const total = targetTotal(t);
  return total > 0 ? progress / total : 0;
}

/** A month's report: cumulative progress. */
export interface MonthProgress {
  month: number;
  progress: number;
}

/** The latest report of an item's 12 months (null where a month has none). */
export function latestReport<R extends MonthProgress>(reports: readonly (R | null)[]): R | null {
  for (let m = reports.length - 1; m >= 0; m--) if (reports[m]) return reports[m]!;
  return null;
}

/**
 * The gap of an item: plan minus reported for the latest reported month, as a share of the
 * target (negative when ahead); null before the first report.
 */
export function itemGap(
  item: Target & { monthlyPlan: readonly number[] },
  reports: readonly (MonthProgress | null)[],
): number | null {
  const latest = latestReport(reports);
  if (!latest) return null;
  return shareOf(item, (item.monthlyPlan[latest.month - 1] ?? 0) - latest.progress);
}

export interface CompletionItem extends Target {
  weight: number;
  monthlyPlan: readonly number[];
  /** 12 entries, null where the month has no report. */
  reports: readonly (MonthProgress | null)[];
  withdrawn: boolean;
}

/** Planned and reported weighted completion by month, in percent with one decimal. */
export interface CompletionSeries {
  planned: number[];
  /** Null outside the months from the first report to the last. */
  reported: (number | null)[];
}

/**
 * A share as a percentage with one decimal. The product is first taken to 12 significant digits,
 * so that sums of the same terms added in another order (the database adds them in its own)
 * round alike, and a share lying exactly on a half (12.25 %) rounds up whatever the last bit.
 */
const pct = (v: number) => Math.round(Number((v * 1000).toPrecision(12))) / 10;

/**
 * Weighted completion by month: Σ weight·progress/target over Σ weight, planned and reported.
 * Withdrawn items and targets that count to nothing are left out. A month without a report
 * counts the item's latest earlier report (progress is cumulative), and nothing before its
 * first; the reported line runs from the first reported month of any item to the last.
 */
export function completionSeries(items: readonly CompletionItem[]): CompletionSeries {
  const counted = items.filter((i) => !i.withdrawn && targetTotal(i) > 0);
  const weights = counted.reduce((s, i) => s + i.weight, 0);
  const months = counted.flatMap((i) => i.reports.filter((r) => r !== null).map((r) => r.month));
  const first = months.length ? Math.min(...months) : 13;
  const last = months.length ? Math.max(...months) : 0;
  const planned: number[] = [];
  const reported: (number | null)[] = [];
  for (let m = 1; m <= 12; m++) {
    planned.push(
      weights
        ? pct(
            counted.reduce((s, i) => s + (i.weight * (i.monthlyPlan[m - 1] ?? 0)) / targetTotal(i), 0) /
              weights,
          )
        : 0,
    );
    if (!weights || m < first || m > last) {
      reported.push(null);
      continue;
    }
    const sum = counted.reduce((s, i) => {
      const r = latestReport(i.reports.slice(0, m));
      return s + (i.weight * (r?.progress ?? 0)) / targetTotal(i);
    }, 0);
    reported.push(pct(sum / weights));
  }
  return { planned, reported };
}

/**
 * The series from sums already taken over a list's counted items (in any order: see `pct`): the
 * total weight, per month Σ weight·plan/target, and per
 * reported month Σ weight·progress/target with each item's latest report up to that month. For
 * completion worked out where the reports are stored.
 */
export function seriesFromSums(sums: {
  weights: number;
  planned: readonly number[];
  /** Month (1–12) → sum; exactly the months from the first report to the last. */
  reported: ReadonlyMap<number, number>;
}): CompletionSeries {
  const { weights } = sums;
  const planned = Array.from({ length: 12 }, (_, m) => (weights ? pct((sums.planned[m] ?? 0) / weights) : 0));
  const reported = Array.from({ length: 12 }, (_, m) => {
    const sum = sums.reported.get(m + 1);
    return weights && sum !== undefined ? pct(sum / weights) : null;
  });
  return { planned, reported };
}
