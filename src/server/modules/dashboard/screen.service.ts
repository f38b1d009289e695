import { and, count, countDistinct, desc, eq, inArray, isNull, lte, max, ne, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { ScreenView } from '../../../common/contracts/dashboard.ts';
import { FREQUENCY_LABELS, type Frequency } from '../../../common/contracts/economy.ts';
import {
  deliveryChecks,
  deliveryFindings,
  deliveryPlanItems,
  deliveryPlans,
  deliveryRectifications,
  economyAlerts,
  economyInterviews,
  growthOutstanding,
  keyworkReports,
  keyworkTasks,
  opinionCampaigns,
  opinionLinks,
  orgRegions,
  orgUnits,
  rewardsApplications,
  sceneActivities,
  sceneObservations,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { localDay } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { stats as economyStats } from '../economy/alerts.service.ts';
import { getCurves } from '../economy/values.service.ts';
import { progressOf } from '../keywork/tasks.service.ts';
import { readRules } from '../keywork/triggers.service.ts';

type Screen = z.output<typeof ScreenView>;

/** How many periods of each curve the wall draws. */
const CURVE_POINTS = 12;

/** The latest of some timestamp columns over the rows (greatest of each row, then max). */
const maxAt = (...cols: AnyPgColumn[]) =>
  sql<Date | null>`max(greatest(${sql.join(cols, sql`, `)}))`.mapWith((v: unknown) =>
    v == null ? null : (cols[0]!.mapFromDriverValue(v) as Date),
  );

/** The later of some instants (null when none). */
const latest = (...ds: (Date | string | null | undefined)[]): Date | null => {
  const times = ds.filter((d) => d != null).map((d) => new Date(d!).getTime());
  return times.length ? new Date(Math.max(...times)) : null;
};

/** Per-domain curves of the core economic indicators of the jurisdiction, with their targets. */
async function curves(ctx: Ctx): Promise<{ regionName: string | null; curves: Screen['curves'] }> {
  const [region] = await ctx.db
    .select({ id: orgRegions.id })
    .from(orgRegions)
    .where(eq(orgRegions.kind, 'jurisdiction'))
    .limit(1);
  if (!region) return { regionName: null, curves: { domains: [], asOf: null } };
  const all = await getCurves(ctx, { regionId: region.id });
  const domains = new Map<string, Screen['curves']['domains'][number] & { frequency: Frequency }>();
  for (const s of all.series) {
    // One chart per domain and frequency: months and quarters do not share an axis.
    const key = `${s.indicator.domain ?? ''}|${s.indicator.frequency}`;
    const d = domains.get(key) ?? {
      code: s.indicator.domain,
      name: s.indicator.domainName ?? '综合',
      frequency: s.indicator.frequency,
      indicators: [],
    };
    const points = s.points.slice(-CURVE_POINTS);
    const year = Number((points.at(-1)?.period ?? '').slice(0, 4));
    const target =
      s.targets.find((t) => t.year === year) ?? (points.length ? null : (s.targets.at(-1) ?? null));
    d.indicators.push({
      id: s.indicator.id,
      code: s.indicator.code,
      name: s.indicator.name,
      unit: s.indicator.unit,
      direction: s.indicator.direction,
      points: points.map((p) => ({ period: p.period, value: p.value })),
      target,
      asOf: latest(...s.points.map((p) => p.updatedAt)),
    });
    domains.set(key, d);
  }
  const list = [...domains.values()].map(({ frequency, ...d }, _, all) => ({
    ...d,
    name:
      all.filter((x) => x.code === d.code).length > 1
        ? `${d.name}（${FREQUENCY_LABELS[frequency]}）`
        : d.name,
  }));
  return {
    regionName: all.region.name,
    curves: { domains: list, asOf: latest(...list.flatMap((d) => d.indicators.map((i) => i.asOf))) },
  };
}

/** Active key tasks with actual against planned progress; lagging ones first. Task and lead unit only. */
async function tasks(ctx: Ctx): Promise<Screen['tasks']> {
  const threshold = (await readRules(ctx.db)).find((r) => r.code === 'lag')?.threshold ?? 10;
  const rows = await ctx.db
    .select({ task: keyworkTasks, leadUnitName: orgUnits.name })
    .from(keyworkTasks)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkTasks.leadUnitId))
    .where(eq(keyworkTasks.status, 'active'));
  const today = localDay(ctx.clock.now());
  const progress = await progressOf(
    ctx.db,
    rows.map((r) => r.task),
    today,
  );
  const items = rows.map(({ task, leadUnitName }) => {
    const p = progress.get(task.id)!;
    return {
      id: task.id,
      title: task.title,
      leadUnitName,
      dueOn: task.dueOn,
      progress: p.latest,
      planned: p.planned,
      gap: p.gap,
      lagging: p.gap !== null && p.gap > threshold,
      lastReport: p.latestPeriod,
    };
  });
  items.sort((a, b) => Number(b.lagging) - Number(a.lagging) || (b.gap ?? -1e9) - (a.gap ?? -1e9));
  const ids = rows.map((r) => r.task.id);
  const [rep] = ids.length
    ? await ctx.db
        .select({ at: max(keyworkReports.submittedAt) })
        .from(keyworkReports)
        .where(inArray(keyworkReports.taskId, ids))
    : [{ at: null }];
  return {
    total: items.length,
    lagging: items.filter((i) => i.lagging).length,
    threshold,
    items,
    asOf: latest(rep?.at, ...rows.map((r) => r.task.createdAt)),
  };
}

/** Verification visits that have started (a secret plan is never counted), findings and rectification. */
async function delivery(ctx: Ctx): Promise<Pick<Screen, 'visits' | 'findings'>> {
  const started = ne(deliveryPlans.status, 'secret');
  const [plans] = await ctx.db
    .select({
      plans: count(),
      completed: sql<number>`count(*) filter (where ${deliveryPlans.status} = 'completed')`.mapWith(Number),
      at: maxAt(deliveryPlans.startedAt, deliveryPlans.completedAt),
    })
    .from(deliveryPlans)
    .where(started);
  const [cadres] = await ctx.db
    .select({ n: countDistinct(deliveryPlanItems.cadreId) })
    .from(deliveryPlanItems)
    .innerJoin(deliveryPlans, eq(deliveryPlans.id, deliveryPlanItems.planId))
    .where(started);
  const [checks] = await ctx.db
    .select({ n: count(), at: max(deliveryChecks.checkedAt) })
    .from(deliveryChecks)
    .innerJoin(deliveryPlans, eq(deliveryPlans.id, deliveryChecks.planId))
    .where(started);
  const [f] = await ctx.db
    .select({
      n: count(),
      final: sql<number>`count(*) filter (where ${deliveryFindings.status} = 'final')`.mapWith(Number),
      at: max(deliveryFindings.createdAt),
    })
    .from(deliveryFindings)
    .where(ne(deliveryFindings.status, 'withdrawn'));
  const [r] = await ctx.db
    .select({
      open: sql<number>`count(*) filter (where ${deliveryRectifications.status} in ('open','replied'))`.mapWith(
        Number,
      ),
      closed: sql<number>`count(*) filter (where ${deliveryRectifications.status} = 'closed')`.mapWith(
        Number,
      ),
      at: maxAt(
        deliveryRectifications.createdAt,
        deliveryRectifications.repliedAt,
        deliveryRectifications.closedAt,
      ),
    })
    .from(deliveryRectifications);
  return {
    visits: {
      plans: plans!.plans,
      completed: plans!.completed,
      cadres: cadres!.n,
      checks: checks!.n,
      asOf: latest(plans!.at, checks!.at),
    },
    findings: {
      findings: f!.n,
      inProgress: f!.n - f!.final,
      final: f!.final,
      rectifying: r!.open,
      rectified: r!.closed,
      asOf: latest(f!.at, r!.at),
    },
  };
}

/** Scene activities that have begun, and the observations recorded in them. */
async function scene(ctx: Ctx): Promise<Screen['scene']> {
  const today = localDay(ctx.clock.now());
  const [a] = await ctx.db
    .select({ n: count(), at: max(sceneActivities.createdAt) })
    .from(sceneActivities)
    .where(lte(sceneActivities.startsOn, today));
  const [o] = await ctx.db
    .select({ n: count(), at: max(sceneObservations.createdAt) })
    .from(sceneObservations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneObservations.activityId))
    .where(lte(sceneActivities.startsOn, today));
  return { activities: a!.n, observations: o!.n, asOf: latest(a!.at, o!.at) };
}

/** Response rates of evaluation rounds that have opened: personal links used of those issued. */
async function campaigns(ctx: Ctx): Promise<Screen['campaigns']> {
  const list = await ctx.db
    .select({
      id: opinionCampaigns.id,
      title: opinionCampaigns.title,
      status: opinionCampaigns.status,
      openedAt: opinionCampaigns.openedAt,
      closedAt: opinionCampaigns.closedAt,
    })
    .from(opinionCampaigns)
    .where(ne(opinionCampaigns.status, 'draft'))
    .orderBy(desc(opinionCampaigns.openedAt))
    .limit(6);
  const ids = list.map((c) => c.id);
  const links = ids.length
    ? await ctx.db
        .select({
          campaignId: opinionLinks.campaignId,
          issued: sql<number>`count(*) filter (where ${opinionLinks.tokenHash} is not null)`.mapWith(Number),
          used: sql<number>`count(*) filter (where ${opinionLinks.usedOn} is not null)`.mapWith(Number),
          usedOn: max(opinionLinks.usedOn),
        })
        .from(opinionLinks)
        .where(
          and(
            inArray(opinionLinks.campaignId, ids),
            eq(opinionLinks.kind, 'personal'),
            isNull(opinionLinks.revokedAt),
          ),
        )
        .groupBy(opinionLinks.campaignId)
    : [];
  const items = list.map((c) => {
    const l = links.find((x) => x.campaignId === c.id);
    const issued = l?.issued ?? 0;
    const used = l?.used ?? 0;
    return {
      id: c.id,
      title: c.title,
      status: c.status,
      issued,
      used,
      rate: issued ? Math.round((used / issued) * 1000) / 10 : null,
    };
  });
  // Ballots carry the day only; so does the as-of time of a rate.
  return {
    items,
    asOf: latest(...list.flatMap((c) => [c.openedAt, c.closedAt]), ...links.map((l) => l.usedOn)),
  };
}

async function economy(ctx: Ctx): Promise<Screen['economy']> {
  const s = await economyStats(ctx);
  const [a] = await ctx.db
    .select({ at: maxAt(economyAlerts.createdAt, economyAlerts.decidedAt) })
    .from(economyAlerts);
  const [i] = await ctx.db
    .select({
      at: maxAt(economyInterviews.createdAt, economyInterviews.checkedAt),
    })
    .from(economyInterviews);
  return {
    alertsOpen: s.alerts.open,
    alertsEscalated: s.alerts.escalated,
    interviews: s.interviews,
    followUpsOverdue: s.followUpsOverdue,
    asOf: latest(a?.at, i?.at),
  };
}

async function growth(ctx: Ctx): Promise<Screen['growth']> {
  const [g] = await ctx.db
    .select({
      proposed: sql<number>`count(*) filter (where ${growthOutstanding.status} = 'proposed')`.mapWith(Number),
      confirmed: sql<number>`count(*) filter (where ${growthOutstanding.status} = 'confirmed')`.mapWith(
        Number,
      ),
      at: maxAt(growthOutstanding.createdAt, growthOutstanding.decidedAt),
    })
    .from(growthOutstanding);
  return { outstandingProposed: g!.proposed, outstandingConfirmed: g!.confirmed, asOf: latest(g!.at) };
}

async function rewards(ctx: Ctx): Promise<Screen['rewards']> {
  const [r] = await ctx.db
    .select({
      inProgress:
        sql<number>`count(*) filter (where ${rewardsApplications.status} in ('review','approve','award'))`.mapWith(
          Number,
        ),
      awarded: sql<number>`count(*) filter (where ${rewardsApplications.status} = 'awarded')`.mapWith(Number),
      at: maxAt(rewardsApplications.submittedAt, rewardsApplications.awardedAt),
    })
    .from(rewardsApplications);
  return { inProgress: r!.inProgress, awarded: r!.awarded, asOf: latest(r!.at) };
}

/** The one aggregate the screen and the desk dashboard poll; each read is audited. */
export async function screen(ctx: Ctx): Promise<Screen> {
  const c = await curves(ctx);
  const view: Screen = {
    generatedAt: ctx.clock.now(),
    regionName: c.regionName,
    curves: c.curves,
    tasks: await tasks(ctx),
    ...(await delivery(ctx)),
    scene: await scene(ctx),
    campaigns: await campaigns(ctx),
    economy: await economy(ctx),
    growth: await growth(ctx),
    rewards: await rewards(ctx),
  };
  await recordAudit(ctx, { action: 'dashboard.screen.read', objectType: 'dashboard_screen', objectId: null });
  return view;
}
