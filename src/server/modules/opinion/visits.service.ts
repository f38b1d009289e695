import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { VisitBody, VisitQuery } from '../../../common/contracts/opinion.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Tx } from '../../db/client.ts';
import { opinionVisits, orgCadres, orgLiaisonGroups, orgUnits } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { loadCalendar } from '../org/calendar.service.ts';
import { assertPeriodOpen } from '../org/periods.service.ts';
import { addTimelineEvents } from '../org/timeline.service.ts';
import { visitCan } from './opinion.policy.ts';

/**
 * 包联走访: each organization-department leader's visits to the units of the liaison group they
 * lead, and the rule that at least one third of working time (8 hours a working day) goes to
 * such front-line visits, measured from the log against the working-day calendar.
 */

/** The share of working time the rule asks for. */
export const FIELD_SHARE = 1 / 3;

/** The leaders of liaison groups, with the units of their groups. */
async function leaders(ctx: Ctx | { db: Ctx['db'] }) {
  const rows = await ctx.db
    .select({
      leaderCadreId: orgLiaisonGroups.leaderCadreId,
      leaderName: orgCadres.name,
      leaderPost: orgCadres.post,
      groupId: orgLiaisonGroups.id,
      groupName: orgLiaisonGroups.name,
      sort: orgLiaisonGroups.sort,
    })
    .from(orgLiaisonGroups)
    .innerJoin(orgCadres, eq(orgCadres.id, orgLiaisonGroups.leaderCadreId))
    .orderBy(asc(orgLiaisonGroups.sort), asc(orgLiaisonGroups.name));
  return rows.filter((r): r is typeof r & { leaderCadreId: string } => !!r.leaderCadreId);
}

async function checkVisit(tx: Tx, body: VisitBody, today: string) {
  if (body.visitDate > today) throw invalid('走访日期不能晚于今天');
  await assertPeriodOpen(tx, body.visitDate);
  const [group] = await tx
    .select({ id: orgLiaisonGroups.id })
    .from(orgLiaisonGroups)
    .where(eq(orgLiaisonGroups.leaderCadreId, body.leaderCadreId));
  if (!group) throw invalid('所选人员不是包联编组的负责领导');
  const [unit] = await tx
    .select({ id: orgUnits.id, liaisonGroupId: orgUnits.liaisonGroupId })
    .from(orgUnits)
    .where(eq(orgUnits.id, body.unitId));
  if (!unit) throw new AppError('REFERENCE_INVALID', '所选单位不存在');
  if (unit.liaisonGroupId !== group.id) throw invalid('该单位不在这位领导的包联编组内');
  if (body.cadreIds.length) {
    const found = await tx
      .select({ id: orgCadres.id })
      .from(orgCadres)
      .where(inArray(orgCadres.id, body.cadreIds));
    if (found.length !== new Set(body.cadreIds).size)
      throw new AppError('REFERENCE_INVALID', '所选干部不存在');
  }
  // A day has 24 hours: the visits of one leader on one day cannot add up to more.
  const [day] = await tx
    .select({ hours: sql<number>`coalesce(sum(${opinionVisits.hours}), 0)`.mapWith(Number) })
    .from(opinionVisits)
    .where(
      and(
        eq(opinionVisits.leaderCadreId, body.leaderCadreId),
        eq(opinionVisits.visitDate, body.visitDate),
        isNull(opinionVisits.withdrawnAt),
      ),
    );
  return day!.hours;
}

function timelineOf(ctx: Ctx, id: string, body: VisitBody) {
  return body.cadreIds.map((cadreId) => ({
    cadreId,
    occurredOn: body.visitDate,
    module: 'opinion',
    kind: 'visit',
    title: '包联领导走访时了解情况',
    recordType: 'opinion_visit',
    recordId: id,
    visibility: 'org' as const,
    createdBy: ctx.actor?.userId ?? null,
  }));
}

export async function createVisit(ctx: Ctx, body: VisitBody) {
  const id = await write(ctx, async (tx, audit) => {
    const already = await checkVisit(tx, body, localDay(ctx.clock.now()));
    if (already + body.hours > 24) throw invalid(`当天已登记 ${already} 小时，合计不能超过 24 小时`);
    const [row] = await tx
      .insert(opinionVisits)
      .values({
        ...body,
        hours: String(body.hours),
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .returning();
    await addTimelineEvents(tx, timelineOf(ctx, row!.id, body));
    audit({ action: 'opinion.visit.create', objectType: 'opinion_visit', objectId: row!.id });
    return row!.id;
  });
  return visitView(ctx, id);
}

async function lockVisit(tx: Tx, id: string) {
  const [v] = await tx.select().from(opinionVisits).where(eq(opinionVisits.id, id)).for('update');
  if (!v) throw notFound('走访记录');
  if (v.withdrawnAt) throw new AppError('OPINION_VISIT_WITHDRAWN');
  await assertPeriodOpen(tx, v.visitDate);
  return v;
}

export async function updateVisit(ctx: Ctx, id: string, body: VisitBody) {
  await write(ctx, async (tx, audit) => {
    const v = await lockVisit(tx, id);
    const already = await checkVisit(tx, body, localDay(ctx.clock.now()));
    const own =
      v.leaderCadreId === body.leaderCadreId && v.visitDate === body.visitDate ? Number(v.hours) : 0;
    if (already - own + body.hours > 24)
      throw invalid(`当天已登记 ${already - own} 小时，合计不能超过 24 小时`);
    await tx
      .update(opinionVisits)
      .set({ ...body, hours: String(body.hours), updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
      .where(eq(opinionVisits.id, id));
    await addTimelineEvents(
      tx,
      timelineOf(ctx, id, body).filter((e) => !v.cadreIds.includes(e.cadreId)),
    );
    audit({ action: 'opinion.visit.update', objectType: 'opinion_visit', objectId: id });
  });
  return visitView(ctx, id);
}

/** A visit is never deleted: withdrawn, it stays in the log with who, when and why, and stops counting. */
export async function withdrawVisit(ctx: Ctx, id: string, reason: string) {
  await write(ctx, async (tx, audit) => {
    await lockVisit(tx, id);
    await tx
      .update(opinionVisits)
      .set({ withdrawnAt: ctx.clock.now(), withdrawnBy: ctx.actor?.userId, withdrawReason: reason })
      .where(eq(opinionVisits.id, id));
    audit({ action: 'opinion.visit.withdraw', objectType: 'opinion_visit', objectId: id });
  });
  return visitView(ctx, id);
}

/** Visits as listed: leader, unit, the linked cadres by name, and what the user may do. */
function visitQuery(ctx: Ctx, where: SQL | undefined) {
  return ctx.db
    .select({
      id: opinionVisits.id,
      leaderCadreId: opinionVisits.leaderCadreId,
      leaderName: orgCadres.name,
      visitDate: opinionVisits.visitDate,
      unitId: opinionVisits.unitId,
      unitName: orgUnits.name,
      hours: sql<number>`${opinionVisits.hours}`.mapWith(Number),
      met: opinionVisits.met,
      learned: opinionVisits.learned,
      cadreIds: opinionVisits.cadreIds,
      withdrawnAt: opinionVisits.withdrawnAt,
      withdrawReason: opinionVisits.withdrawReason,
      createdAt: opinionVisits.createdAt,
    })
    .from(opinionVisits)
    .innerJoin(orgCadres, eq(orgCadres.id, opinionVisits.leaderCadreId))
    .innerJoin(orgUnits, eq(orgUnits.id, opinionVisits.unitId))
    .where(where)
    .$dynamic();
}

async function withCadres(ctx: Ctx, items: Awaited<ReturnType<typeof visitQuery>>) {
  const ids = [...new Set(items.flatMap((i) => i.cadreIds))];
  const names = ids.length
    ? new Map(
        (
          await ctx.db
            .select({ id: orgCadres.id, name: orgCadres.name })
            .from(orgCadres)
            .where(inArray(orgCadres.id, ids))
        ).map((c) => [c.id, c.name]),
      )
    : new Map<string, string>();
  return items.map((i) => ({
    ...i,
    cadres: i.cadreIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    can: visitCan(ctx.actor, !!i.withdrawnAt),
  }));
}

async function visitView(ctx: Ctx, id: string) {
  const [v] = await withCadres(ctx, await visitQuery(ctx, eq(opinionVisits.id, id)));
  if (!v) throw notFound('走访记录');
  return v;
}

export async function listVisits(ctx: Ctx, q: z.infer<typeof VisitQuery>) {
  const parts = [];
  if (q.leaderCadreId) parts.push(eq(opinionVisits.leaderCadreId, q.leaderCadreId));
  if (q.unitId) parts.push(eq(opinionVisits.unitId, q.unitId));
  if (q.year)
    parts.push(
      gte(opinionVisits.visitDate, `${q.year}-01-01`),
      lte(opinionVisits.visitDate, `${q.year}-12-31`),
    );
  if (q.q) parts.push(or(ilike(opinionVisits.met, `%${q.q}%`), ilike(opinionVisits.learned, `%${q.q}%`))!);
  const where = parts.length ? and(...parts) : undefined;
  const items = await visitQuery(ctx, where)
    .orderBy(desc(opinionVisits.visitDate), desc(opinionVisits.createdAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(opinionVisits).where(where);
  return {
    items: await withCadres(ctx, items),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Field time per leader for a year: hours logged against one third of the working hours so far
 * (to today, or the whole year once it is over) and of the whole year, with the shortfall.
 */
export async function fieldTime(ctx: Ctx, year: number) {
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  const today = localDay(ctx.clock.now());
  const to = today < end ? today : end;
  const calendar = await loadCalendar(ctx.db, from, end);
  const hoursSoFar = to < from ? 0 : calendar.workingHoursBetween(from, to);
  const hoursYear = calendar.workingHoursBetween(from, end);
  const list = await leaders(ctx);
  const sums = await ctx.db
    .select({
      leaderCadreId: opinionVisits.leaderCadreId,
      hours: sql<number>`sum(${opinionVisits.hours})`.mapWith(Number),
      visits: count(),
      units: sql<number>`count(distinct ${opinionVisits.unitId})`.mapWith(Number),
    })
    .from(opinionVisits)
    .where(
      and(
        gte(opinionVisits.visitDate, from),
        lte(opinionVisits.visitDate, end),
        isNull(opinionVisits.withdrawnAt),
      ),
    )
    .groupBy(opinionVisits.leaderCadreId);
  const unitCounts = await ctx.db
    .select({ groupId: orgUnits.liaisonGroupId, n: count() })
    .from(orgUnits)
    .where(eq(orgUnits.status, 'active'))
    .groupBy(orgUnits.liaisonGroupId);
  const by = new Map(sums.map((s) => [s.leaderCadreId, s]));
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const requiredSoFar = round1(hoursSoFar * FIELD_SHARE);
  return {
    year,
    asOf: to,
    workingHoursSoFar: hoursSoFar,
    workingHoursYear: hoursYear,
    requiredSoFar,
    requiredYear: round1(hoursYear * FIELD_SHARE),
    leaders: list.map((l) => {
      const s = by.get(l.leaderCadreId);
      const hours = s?.hours ?? 0;
      return {
        leaderCadreId: l.leaderCadreId,
        leaderName: l.leaderName,
        leaderPost: l.leaderPost,
        groupId: l.groupId,
        groupName: l.groupName,
        groupUnits: unitCounts.find((u) => u.groupId === l.groupId)?.n ?? 0,
        visits: s?.visits ?? 0,
        unitsVisited: s?.units ?? 0,
        hours: round1(hours),
        share: hoursSoFar > 0 ? Math.round((hours / hoursSoFar) * 1000) / 10 : null,
        shortfall: round1(Math.max(0, requiredSoFar - hours)),
        met: hours >= requiredSoFar,
      };
    }),
  };
}

export async function leaderOptions(ctx: Ctx) {
  return (await leaders(ctx)).map((l) => ({
    leaderCadreId: l.leaderCadreId,
    leaderName: l.leaderName,
    groupId: l.groupId,
    groupName: l.groupName,
  }));
}
