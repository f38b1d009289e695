import { and, count, countDistinct, desc, eq, inArray, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { ResultOf } from '../../../common/api.ts';
import type { PageQuery } from '../../../common/contracts/page.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import { type ApplicationStatus, type rewardsApi, STATUS_LABELS } from '../../../common/contracts/rewards.ts';
import {
  rewardsApplicationCadres,
  rewardsApplications,
  rewardsBatches,
  rewardsKinds,
  rewardsOpinions,
  rewardsSteps,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { localDay } from '../../lib/time.ts';
import { isOrgDept } from '../org/org.policy.ts';
import {
  applicationRows,
  cadresOf,
  calendarFrom,
  clockOf,
  daysByStep,
  rulesOf,
  stepOverdue,
  stepsOf,
} from './records.service.ts';
import { adminUnits } from './rewards.policy.ts';

/** The department's board by step, the batches' statistics and the rewards awarded. */

type Answer<K extends keyof typeof rewardsApi> = ResultOf<(typeof rewardsApi)[K]>;

const BOARD_COLUMNS: ApplicationStatus[] = ['review', 'approve', 'award', 'returned'];

export async function board(ctx: Ctx, batchId?: string): Promise<Answer<'board'>> {
  const rows = await applicationRows(ctx.db).where(
    and(
      inArray(rewardsApplications.status, BOARD_COLUMNS),
      batchId ? eq(rewardsApplications.batchId, batchId) : undefined,
    ),
  );
  const ids = rows.map((r) => r.a.id);
  const steps = await stepsOf(ctx.db, ids);
  const cadres = await cadresOf(ctx.db, ids);
  const pending = ids.length
    ? await ctx.db
        .select({ applicationId: rewardsOpinions.applicationId, n: count() })
        .from(rewardsOpinions)
        .where(and(inArray(rewardsOpinions.applicationId, ids), eq(rewardsOpinions.status, 'pending')))
        .groupBy(rewardsOpinions.applicationId)
    : [];
  const today = localDay(ctx.clock.now());
  const first = rows.map((r) => localDay(r.a.submittedAt!)).sort()[0] ?? today;
  const cal = await calendarFrom(ctx.db, first, today);
  let overdue = 0;
  const cards = rows.map((r) => {
    const s = steps.get(r.a.id) ?? [];
    const open = s.find((x) => !x.endedAt)!;
    const late = stepOverdue(cal, open, today);
    if (late > 0) overdue += 1;
    return {
      id: r.a.id,
      unitName: r.unitName,
      kindName: r.kindName,
      deed: r.a.deed,
      cadreNames: (cadres.get(r.a.id) ?? []).map((c) => c.name),
      collectiveName: r.a.collectiveName,
      status: r.a.status as ApplicationStatus,
      stepStartedAt: open.startedAt,
      stepDueOn: open.dueOn,
      overdueDays: late,
      daysByStep: daysByStep(cal, r.a, s, today),
      pendingOpinions: pending.find((p) => p.applicationId === r.a.id)?.n ?? 0,
      clock: clockOf(cal, r.a, rulesOf(r), s, today)!,
    };
  });
  return {
    columns: BOARD_COLUMNS.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      items: cards
        .filter((c) => c.status === status)
        .sort((x, y) => y.overdueDays - x.overdueDays || x.clock.remainingDays - y.clock.remainingDays),
    })),
    overdue,
  };
}

export async function stats(ctx: Ctx): Promise<Answer<'stats'>> {
  const submitted = ne(rewardsApplications.status, 'draft');
  const batches = await ctx.db.select().from(rewardsBatches).orderBy(rewardsBatches.opensOn);
  const byBatchStatus = await ctx.db
    .select({ batchId: rewardsApplications.batchId, status: rewardsApplications.status, n: count() })
    .from(rewardsApplications)
    .where(submitted)
    .groupBy(rewardsApplications.batchId, rewardsApplications.status);
  const byBatchUnits = await ctx.db
    .select({ batchId: rewardsApplications.batchId, units: countDistinct(rewardsApplications.unitId) })
    .from(rewardsApplications)
    .where(submitted)
    .groupBy(rewardsApplications.batchId);
  const [totals] = await ctx.db
    .select({ units: countDistinct(rewardsApplications.unitId), applications: count() })
    .from(rewardsApplications)
    .where(submitted);
  const awarded = and(eq(rewardsApplications.status, 'awarded'));
  const [cadres] = await ctx.db
    .select({ n: countDistinct(rewardsApplicationCadres.cadreId) })
    .from(rewardsApplicationCadres)
    .innerJoin(rewardsApplications, eq(rewardsApplications.id, rewardsApplicationCadres.applicationId))
    .innerJoin(rewardsKinds, eq(rewardsKinds.code, rewardsApplications.kindCode))
    .where(and(awarded, eq(rewardsKinds.collective, false)));
  const [collectives] = await ctx.db
    .select({ n: count() })
    .from(rewardsApplications)
    .innerJoin(rewardsKinds, eq(rewardsKinds.code, rewardsApplications.kindCode))
    .where(and(awarded, eq(rewardsKinds.collective, true)));
  const today = localDay(ctx.clock.now());
  const [overdue] = await ctx.db
    .select({ n: count() })
    .from(rewardsSteps)
    .where(and(isNull(rewardsSteps.endedAt), isNotNull(rewardsSteps.dueOn), lt(rewardsSteps.dueOn, today)));
  const [days] = await ctx.db
    .select({
      mean: sql<
        number | null
      >`avg(${rewardsApplications.awardedAt}::date - ${rewardsApplications.submittedAt}::date)`.mapWith(
        (v) => (v == null ? null : Math.round(Number(v) * 10) / 10),
      ),
      max: sql<
        number | null
      >`max(${rewardsApplications.awardedAt}::date - ${rewardsApplications.submittedAt}::date)`.mapWith(
        (v) => (v == null ? null : Number(v)),
      ),
    })
    .from(rewardsApplications)
    .where(awarded);
  const byKind = await ctx.db
    .select({
      code: rewardsKinds.code,
      name: rewardsKinds.name,
      applications: sql<number>`count(${rewardsApplications.id})`.mapWith(Number),
      awarded:
        sql<number>`count(${rewardsApplications.id}) filter (where ${rewardsApplications.status} = 'awarded')`.mapWith(
          Number,
        ),
    })
    .from(rewardsKinds)
    .leftJoin(rewardsApplications, and(eq(rewardsApplications.kindCode, rewardsKinds.code), submitted))
    .groupBy(rewardsKinds.code, rewardsKinds.name, rewardsKinds.sortOrder)
    .orderBy(rewardsKinds.sortOrder);
  return {
    batches: batches.length,
    units: totals!.units,
    applications: totals!.applications,
    awardedCadres: cadres!.n,
    awardedCollectives: collectives!.n,
    overdueSteps: overdue!.n,
    meanDaysToAward: days?.mean ?? null,
    maxDaysToAward: days?.max ?? null,
    byBatch: batches.map((b) => {
      const rows = byBatchStatus.filter((r) => r.batchId === b.id);
      return {
        id: b.id,
        title: b.title,
        closesOn: b.closesOn,
        units: byBatchUnits.find((u) => u.batchId === b.id)?.units ?? 0,
        applications: rows.reduce((s, r) => s + r.n, 0),
        byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      };
    }),
    byKind,
  };
}

/** Rewards awarded: to the department all, to a unit its own. */
export async function awards(ctx: Ctx, q: PageQuery & { cadreId?: string }): Promise<Answer<'awards'>> {
  const units = adminUnits(ctx.actor);
  if (!isOrgDept(ctx.actor) && !units.length)
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const where = and(
    eq(rewardsApplications.status, 'awarded'),
    isOrgDept(ctx.actor) ? undefined : inArray(rewardsApplications.unitId, units),
    q.cadreId
      ? sql`exists (select 1 from ${rewardsApplicationCadres} ac where ac.application_id = ${rewardsApplications.id} and ac.cadre_id = ${q.cadreId})`
      : undefined,
  );

  const rows = await applicationRows(ctx.db)
    .where(where)
    .orderBy(desc(rewardsApplications.awardedAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(rewardsApplications).where(where);
  const cadres = await cadresOf(
    ctx.db,
    rows.map((r) => r.a.id),
  );
  return {
    items: rows.map(({ a, unitName, kindName, collective }) => ({
      id: a.id,
      unitName,
      kindName,
      collective,
      collectiveName: a.collectiveName,
      cadres: cadres.get(a.id) ?? [],
      deed: a.deed,
      documentNo: a.documentNo,
      bonus: a.bonus,
      paidOn: a.paidOn,
      submittedAt: a.submittedAt,
      awardedAt: a.awardedAt!,
      days: Math.round(
        (Date.parse(localDay(a.awardedAt!)) - Date.parse(localDay(a.submittedAt!))) / 86_400_000,
      ),
    })),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}
