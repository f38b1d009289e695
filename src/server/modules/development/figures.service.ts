import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { beforeAfter } from '../../../analytics/development.ts';
import type { Executor } from '../../db/client.ts';
import { growthResults, growthRuns } from '../../db/schema/index.ts';

export const FIGURES_NOTE =
  '计划开始前最后一个季度与开始后最近一个季度的本人贡献估计（标准化单位）及 95% 区间；仅为前后对比，不说明变化由培养计划引起。';

/**
 * The cadre's own contribution from the growth results (the latest run of each quarter), before
 * and after the plan's start, each with its interval; every point names the result it comes from.
 */
export async function figuresOf(ex: Executor, cadreId: string, startsOn: string) {
  const found = await ex
    .select({
      resultId: growthResults.id,
      runId: growthRuns.id,
      quarter: growthRuns.quarter,
      own: growthResults.composite,
      se: growthResults.compositeSe,
    })
    .from(growthResults)
    .innerJoin(growthRuns, eq(growthRuns.id, growthResults.runId))
    .where(
      and(
        eq(growthResults.cadreId, cadreId),
        eq(growthResults.identified, true),
        isNotNull(growthResults.composite),
        isNotNull(growthResults.compositeSe),
      ),
    )
    .orderBy(desc(growthRuns.createdAt));
  const latest = new Map<string, (typeof found)[number]>();
  for (const f of found) if (!latest.has(f.quarter)) latest.set(f.quarter, f);
  const byQuarter = [...latest.values()];
  const fig = beforeAfter(
    byQuarter.map((f) => ({ quarter: f.quarter, own: Number(f.own), se: Number(f.se) })),
    startsOn,
  );
  const ids = (q: string) => {
    const f = latest.get(q)!;
    return { runId: f.runId, resultId: f.resultId };
  };
  const withIds = <T extends { quarter: string }>(p: T | null) => (p ? { ...p, ...ids(p.quarter) } : null);
  return {
    series: fig.series.map((p) => ({ ...p, ...ids(p.quarter) })),
    before: withIds(fig.before),
    after: withIds(fig.after),
    change: fig.change,
    note: FIGURES_NOTE,
  };
}
