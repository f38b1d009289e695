import { and, asc, count, desc, eq, gte, ilike, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { pageWindow } from '../../../common/contracts/page.ts';
import {
  type ActivityBody,
  type ActivityQuery,
  DEFAULT_DIMENSIONS,
  type Dimension,
  type NominationQuery,
  type ObservationBody,
  SCENE_KIND_LABELS,
  type SceneKind,
  type ScoreBody,
} from '../../../common/contracts/scene.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  orgCadres,
  orgUnits,
  sceneActivities,
  sceneNominations,
  sceneObservations,
  sceneScores,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, conflict, invalid, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertPeriodOpen } from '../org/periods.service.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';

/**
 * 走进现场察担当: activities in special situations, what the organization department observed of
 * each cadre there, event judges' scores (with leniency correction), and nominations of cadres
 * whose conduct stood out (担当作为突出), confirmed or declined by a leader.
 */

export type ActivityRow = typeof sceneActivities.$inferSelect;

export async function loadActivity(ex: Executor, id: string): Promise<ActivityRow> {
  const [a] = await ex.select().from(sceneActivities).where(eq(sceneActivities.id, id));
  if (!a) throw notFound('现场考察活动');
  return a;
}

const dimensionsOf = (a: ActivityRow) => a.dimensions as Dimension[];

async function checkActivity(tx: Tx, body: ActivityBody, today: string) {
  if (body.startsOn > today) throw invalid('活动开始日期不能晚于今天（先有活动，后有记录）');
  await assertPeriodOpen(tx, body.startsOn);
  if (body.unitId) {
    const [u] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, body.unitId));
    if (!u) throw new AppError('REFERENCE_INVALID', '所选单位不存在');
  }
}

export async function createActivity(ctx: Ctx, body: ActivityBody) {
  return write(ctx, async (tx, audit) => {
    await checkActivity(tx, body, localDay(ctx.clock.now()));
    const [row] = await tx
      .insert(sceneActivities)
      .values({
        kind: body.kind,
        subtype: body.subtype,
        title: body.title,
        unitId: body.unitId ?? null,
        place: body.place ?? null,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        agenda: body.agenda,
        dimensions: body.dimensions ?? DEFAULT_DIMENSIONS[body.kind],
        summary: body.summary ?? null,
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .returning();
    audit({ action: 'scene.activity.create', objectType: 'scene_activity', objectId: row!.id });
    return row!;
  });
}

export async function updateActivity(ctx: Ctx, id: string, body: ActivityBody) {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, id);
    if (a.kind !== body.kind) throw conflict('活动类型不能修改');
    await checkActivity(tx, body, localDay(ctx.clock.now()));
    const [obs] = await tx
      .select({ n: count() })
      .from(sceneObservations)
      .where(eq(sceneObservations.activityId, id));
    const [scores] = await tx.select({ n: count() }).from(sceneScores).where(eq(sceneScores.activityId, id));
    const dims = body.dimensions ?? dimensionsOf(a);
    if ((obs!.n > 0 || scores!.n > 0) && JSON.stringify(dims) !== JSON.stringify(dimensionsOf(a)))
      throw conflict('已有观察记录或评分，不能再修改评价维度');
    const [row] = await tx
      .update(sceneActivities)
      .set({
        subtype: body.subtype,
        title: body.title,
        unitId: body.unitId ?? null,
        place: body.place ?? null,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        agenda: body.agenda,
        dimensions: dims,
        summary: body.summary ?? null,
        updatedAt: ctx.clock.now(),
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(sceneActivities.id, id))
      .returning();
    audit({ action: 'scene.activity.update', objectType: 'scene_activity', objectId: id });
    return row!;
  });
}

export async function listActivities(ctx: Ctx, q: z.infer<typeof ActivityQuery>) {
  const parts = [];
  if (q.kind) parts.push(eq(sceneActivities.kind, q.kind));
  if (q.year)
    parts.push(
      gte(sceneActivities.startsOn, `${q.year}-01-01`),
      lte(sceneActivities.startsOn, `${q.year}-12-31`),
    );
  if (q.q) parts.push(ilike(sceneActivities.title, `%${q.q}%`));
  const where = parts.length ? and(...parts) : undefined;
  const items = await ctx.db
    .select({
      id: sceneActivities.id,
      kind: sceneActivities.kind,
      subtype: sceneActivities.subtype,
      title: sceneActivities.title,
      unitId: sceneActivities.unitId,
      unitName: orgUnits.name,
      place: sceneActivities.place,
      startsOn: sceneActivities.startsOn,
      endsOn: sceneActivities.endsOn,
      observed:
        sql<number>`(select count(*) from ${sceneObservations} o where o.activity_id = ${sceneActivities.id})`.mapWith(
          Number,
        ),
      scored:
        sql<number>`(select count(distinct s.cadre_id) from ${sceneScores} s where s.activity_id = ${sceneActivities.id})`.mapWith(
          Number,
        ),
      outstanding:
        sql<number>`(select count(*) from ${sceneNominations} n where n.activity_id = ${sceneActivities.id} and n.status = 'confirmed')`.mapWith(
          Number,
        ),
    })
    .from(sceneActivities)
    .leftJoin(orgUnits, eq(orgUnits.id, sceneActivities.unitId))
    .where(where)
    .orderBy(desc(sceneActivities.startsOn), desc(sceneActivities.createdAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(sceneActivities).where(where);
  return { items, total: total!.n, page: q.page, pageSize: q.pageSize };
}

export async function getActivity(ctx: Ctx, id: string) {
  const a = await loadActivity(ctx.db, id);
  const [unit] = a.unitId
    ? await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, a.unitId))
    : [];
  const observations = await ctx.db
    .select({
      id: sceneObservations.id,
      cadreId: sceneObservations.cadreId,
      cadreName: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
      ratings: sceneObservations.ratings,
      stance: sceneObservations.stance,
      followedRules: sceneObservations.followedRules,
      notes: sceneObservations.notes,
      releasedAt: sceneObservations.releasedAt,
      createdAt: sceneObservations.createdAt,
      createdBy: sceneObservations.createdBy,
    })
    .from(sceneObservations)
    .innerJoin(orgCadres, eq(orgCadres.id, sceneObservations.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, sceneObservations.unitId))
    .where(eq(sceneObservations.activityId, id))
    .orderBy(asc(orgCadres.name));
  const nominations = await ctx.db
    .select({
      id: sceneNominations.id,
      cadreId: sceneNominations.cadreId,
      cadreName: orgCadres.name,
      reason: sceneNominations.reason,
      status: sceneNominations.status,
      decidedAt: sceneNominations.decidedAt,
      decisionNote: sceneNominations.decisionNote,
      createdAt: sceneNominations.createdAt,
    })
    .from(sceneNominations)
    .innerJoin(orgCadres, eq(orgCadres.id, sceneNominations.cadreId))
    .where(eq(sceneNominations.activityId, id))
    .orderBy(asc(sceneNominations.createdAt));
  await recordAudit(ctx, { action: 'scene.activity.read', objectType: 'scene_activity', objectId: id });
  return {
    ...a,
    kindLabel: SCENE_KIND_LABELS[a.kind as SceneKind],
    unitName: unit?.name ?? null,
    observations,
    nominations,
    ranking: a.kind === 'event' ? await ranking(ctx.db, a) : null,
  };
}

function checkRatings(dims: Dimension[], ratings: Record<string, number>) {
  const missing = dims.filter((d) => typeof ratings[d.code] !== 'number');
  const unknown = Object.keys(ratings).filter((k) => !dims.some((d) => d.code === k));
  if (missing.length || unknown.length)
    throw invalid(
      [
        missing.length ? `请为 ${missing.map((d) => d.name).join('、')} 评分` : '',
        unknown.length ? '有不属于本活动的评分维度' : '',
      ]
        .filter(Boolean)
        .join('；'),
    );
}

/** Records (or corrects) what was observed of one cadre in an activity. */
export async function saveObservation(ctx: Ctx, activityId: string, body: ObservationBody) {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, activityId);
    if (a.kind === 'event') throw invalid('破难挑战活动请录入评委评分');
    await assertPeriodOpen(tx, a.startsOn);
    checkRatings(dimensionsOf(a), body.ratings);
    const [cadre] = await tx
      .select({ id: orgCadres.id, unitId: orgCadres.unitId, name: orgCadres.name })
      .from(orgCadres)
      .where(eq(orgCadres.id, body.cadreId));
    if (!cadre) throw new AppError('REFERENCE_INVALID', '所选干部不存在');
    const values = {
      ratings: body.ratings,
      stance: body.stance ?? null,
      followedRules: a.kind === 'meeting' ? (body.followedRules ?? null) : null,
      notes: body.notes,
      updatedAt: ctx.clock.now(),
      updatedBy: ctx.actor?.userId,
    };
    const [existing] = await tx
      .select({ id: sceneObservations.id })
      .from(sceneObservations)
      .where(and(eq(sceneObservations.activityId, activityId), eq(sceneObservations.cadreId, body.cadreId)));
    let row: typeof sceneObservations.$inferSelect;
    if (existing) {
      [row] = (await tx
        .update(sceneObservations)
        .set(values)
        .where(eq(sceneObservations.id, existing.id))
        .returning()) as [typeof sceneObservations.$inferSelect];
      audit({ action: 'scene.observation.update', objectType: 'scene_observation', objectId: row.id });
    } else {
      [row] = (await tx
        .insert(sceneObservations)
        .values({
          ...values,
          activityId,
          cadreId: cadre.id,
          unitId: cadre.unitId,
          createdBy: ctx.actor?.userId,
        })
        .returning()) as [typeof sceneObservations.$inferSelect];
      // The cadre may know that they were observed; the notes wait for a leader's release.
      await addTimelineEvent(tx, {
        cadreId: cadre.id,
        occurredOn: a.startsOn,
        module: 'scene',
        kind: 'observation',
        title: `现场考察：${SCENE_KIND_LABELS[a.kind as SceneKind]}`,
        recordType: 'scene_observation',
        recordId: row.id,
        visibility: 'org_self',
        createdBy: ctx.actor?.userId ?? null,
      });
      audit({ action: 'scene.observation.create', objectType: 'scene_observation', objectId: row.id });
    }
    return row;
  });
}

/** A leader lets the cadre read the notes and ratings of an observation. */
export async function releaseObservation(ctx: Ctx, id: string) {
  return write(ctx, async (tx, audit) => {
    const [o] = await tx.select().from(sceneObservations).where(eq(sceneObservations.id, id)).for('update');
    if (!o) throw notFound('观察记录');
    if (o.releasedAt) throw conflict('该观察记录已向本人公开');
    const [row] = await tx
      .update(sceneObservations)
      .set({ releasedAt: ctx.clock.now(), releasedBy: ctx.actor?.userId })
      .where(eq(sceneObservations.id, id))
      .returning();
    audit({ action: 'scene.observation.release', objectType: 'scene_observation', objectId: id });
    return row!;
  });
}

// ——— events: judges' scores and the ranking ———

export async function saveScore(ctx: Ctx, activityId: string, body: z.infer<typeof ScoreBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, activityId);
    if (a.kind !== 'event') throw invalid('只有破难挑战活动由评委评分');
    await assertPeriodOpen(tx, a.startsOn);
    checkRatings(dimensionsOf(a), body.scores);
    const [cadre] = await tx
      .select({ id: orgCadres.id })
      .from(orgCadres)
      .where(eq(orgCadres.id, body.cadreId));
    if (!cadre) throw new AppError('REFERENCE_INVALID', '所选干部不存在');
    const [row] = await tx
      .insert(sceneScores)
      .values({
        activityId,
        judge: body.judge,
        cadreId: body.cadreId,
        scores: body.scores,
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .onConflictDoUpdate({
        target: [sceneScores.activityId, sceneScores.judge, sceneScores.cadreId],
        set: { scores: body.scores, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId },
      })
      .returning();
    audit({ action: 'scene.score.save', objectType: 'scene_activity', objectId: activityId });
    return row!;
  });
}

export interface RankRow {
  cadreId: string;
  name: string;
  unitName: string | null;
  judges: number;
  /** The plain mean of the judges' weighted totals. */
  raw: number;
  /** The mean after each judge's totals are centred on that judge's own mean (leniency). */
  adjusted: number;
  rank: number;
  byJudge: { judge: string; total: number; centred: number }[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The event's ranking. Each judge's weighted total for a participant is centred on that judge's
 * mean over the participants they scored (a lenient judge's +10 and a strict judge's −10 cancel),
 * then the grand mean of all totals is added back so the figures stay on the 0–100 scale; a
 * participant's adjusted score is the mean of their centred totals. Ties keep the same rank.
 */
export function rankScores(
  dims: Dimension[],
  rows: { judge: string; cadreId: string; scores: Record<string, number> }[],
): Omit<RankRow, 'name' | 'unitName'>[] {
  const weightSum = dims.reduce((s, d) => s + (d.weight ?? 1), 0);
  const totals = rows.map((r) => ({
    ...r,
    total: dims.reduce((s, d) => s + (r.scores[d.code] ?? 0) * (d.weight ?? 1), 0) / weightSum,
  }));
  if (totals.length === 0) return [];
  const grand = totals.reduce((s, t) => s + t.total, 0) / totals.length;
  const judgeMean = new Map<string, number>();
  for (const j of new Set(totals.map((t) => t.judge))) {
    const mine = totals.filter((t) => t.judge === j);
    judgeMean.set(j, mine.reduce((s, t) => s + t.total, 0) / mine.length);
  }
  const byCadre = new Map<string, typeof totals>();
  for (const t of totals) byCadre.set(t.cadreId, [...(byCadre.get(t.cadreId) ?? []), t]);
  const out = [...byCadre.entries()].map(([cadreId, list]) => {
    const byJudge = list.map((t) => ({
      judge: t.judge,
      total: r2(t.total),
      centred: r2(t.total - judgeMean.get(t.judge)! + grand),
    }));
    return {
      cadreId,
      judges: list.length,
      raw: r2(list.reduce((s, t) => s + t.total, 0) / list.length),
      adjusted: r2(list.reduce((s, t) => s + (t.total - judgeMean.get(t.judge)! + grand), 0) / list.length),
      rank: 0,
      byJudge,
    };
  });
  out.sort((a, b) => b.adjusted - a.adjusted);
  out.forEach((r, i) => {
    r.rank = i > 0 && r.adjusted === out[i - 1]!.adjusted ? out[i - 1]!.rank : i + 1;
  });
  return out;
}

async function ranking(ex: Executor, a: ActivityRow): Promise<RankRow[]> {
  const rows = await ex
    .select({ judge: sceneScores.judge, cadreId: sceneScores.cadreId, scores: sceneScores.scores })
    .from(sceneScores)
    .where(eq(sceneScores.activityId, a.id));
  const ranked = rankScores(
    dimensionsOf(a),
    rows as { judge: string; cadreId: string; scores: Record<string, number> }[],
  );
  if (ranked.length === 0) return [];
  const names = await ex
    .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(
      inArray(
        orgCadres.id,
        ranked.map((r) => r.cadreId),
      ),
    );
  const by = new Map(names.map((n) => [n.id, n]));
  return ranked.map((r) => ({
    ...r,
    name: by.get(r.cadreId)?.name ?? '',
    unitName: by.get(r.cadreId)?.unitName ?? null,
  }));
}

// ——— 担当作为突出 ———

export async function nominate(ctx: Ctx, activityId: string, body: { cadreId: string; reason: string }) {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, activityId);
    // A nomination rests on a record of the activity: an observation or an event score.
    const [obs] = await tx
      .select({ n: count() })
      .from(sceneObservations)
      .where(and(eq(sceneObservations.activityId, activityId), eq(sceneObservations.cadreId, body.cadreId)));
    const [sc] = await tx
      .select({ n: count() })
      .from(sceneScores)
      .where(and(eq(sceneScores.activityId, activityId), eq(sceneScores.cadreId, body.cadreId)));
    if (obs!.n + sc!.n === 0) throw invalid('只能推荐本次活动中有观察记录或评分的干部');
    const [row] = await tx
      .insert(sceneNominations)
      .values({ activityId: a.id, cadreId: body.cadreId, reason: body.reason, createdBy: ctx.actor?.userId })
      .returning();
    audit({ action: 'scene.nomination.create', objectType: 'scene_nomination', objectId: row!.id });
    return row!;
  });
}

/** A leader confirms or declines a nomination; a confirmed one goes on the cadre's timeline. */
export async function decideNomination(
  ctx: Ctx,
  id: string,
  body: { decision: 'confirmed' | 'declined'; note?: string | null },
) {
  return write(ctx, async (tx, audit) => {
    const [n] = await tx.select().from(sceneNominations).where(eq(sceneNominations.id, id)).for('update');
    if (!n) throw notFound('推荐');
    if (n.status !== 'pending') throw conflict('该推荐已有结论');
    const now = ctx.clock.now();
    const [row] = await tx
      .update(sceneNominations)
      .set({
        status: body.decision,
        decidedAt: now,
        decidedBy: ctx.actor?.userId,
        decisionNote: body.note ?? null,
      })
      .where(eq(sceneNominations.id, id))
      .returning();
    if (body.decision === 'confirmed') {
      const a = await loadActivity(tx, n.activityId);
      await addTimelineEvent(tx, {
        cadreId: n.cadreId,
        occurredOn: localDay(now),
        module: 'scene',
        kind: 'outstanding',
        title: `担当作为突出：${a.title}`,
        recordType: 'scene_nomination',
        recordId: id,
        visibility: 'org_self',
        createdBy: ctx.actor?.userId ?? null,
      });
    }
    audit({
      action: `scene.nomination.${body.decision === 'confirmed' ? 'confirm' : 'decline'}`,
      objectType: 'scene_nomination',
      objectId: id,
    });
    return row!;
  });
}

export async function listNominations(ctx: Ctx, q: z.infer<typeof NominationQuery>) {
  const parts = [];
  if (q.status) parts.push(eq(sceneNominations.status, q.status));
  if (q.year)
    parts.push(
      gte(sceneActivities.startsOn, `${q.year}-01-01`),
      lte(sceneActivities.startsOn, `${q.year}-12-31`),
    );
  const where = parts.length ? and(...parts) : undefined;
  const items = await ctx.db
    .select({
      id: sceneNominations.id,
      activityId: sceneNominations.activityId,
      activityTitle: sceneActivities.title,
      kind: sceneActivities.kind,
      startsOn: sceneActivities.startsOn,
      cadreId: sceneNominations.cadreId,
      cadreName: orgCadres.name,
      unitName: orgUnits.name,
      reason: sceneNominations.reason,
      status: sceneNominations.status,
      createdAt: sceneNominations.createdAt,
      decidedAt: sceneNominations.decidedAt,
      decisionNote: sceneNominations.decisionNote,
    })
    .from(sceneNominations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneNominations.activityId))
    .innerJoin(orgCadres, eq(orgCadres.id, sceneNominations.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(where)
    .orderBy(desc(sceneNominations.createdAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db
    .select({ n: count() })
    .from(sceneNominations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneNominations.activityId))
    .where(where);
  return { items, total: total!.n, page: q.page, pageSize: q.pageSize };
}

/** What a cadre sees of the observations of them: that they exist; notes once released. */
export async function myObservations(ctx: Ctx) {
  const cadreId = ctx.actor?.grants.find((g) => g.role === 'cadre')?.cadreId;
  if (!cadreId) return { items: [] };
  const rows = await ctx.db
    .select({
      id: sceneObservations.id,
      activityTitle: sceneActivities.title,
      kind: sceneActivities.kind,
      startsOn: sceneActivities.startsOn,
      ratings: sceneObservations.ratings,
      notes: sceneObservations.notes,
      dimensions: sceneActivities.dimensions,
      releasedAt: sceneObservations.releasedAt,
    })
    .from(sceneObservations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneObservations.activityId))
    .where(eq(sceneObservations.cadreId, cadreId))
    .orderBy(desc(sceneActivities.startsOn));
  return {
    items: rows.map((r) =>
      r.releasedAt
        ? r
        : { ...r, ratings: null, notes: null, dimensions: null, pending: '考察记录尚未向本人公开' },
    ),
  };
}

/** Activities by kind and month, cadres observed and confirmed outstanding cadres, for a period. */
export async function stats(ctx: Ctx, from: string, to: string) {
  if (from > to) throw invalid('开始日期不能晚于结束日期');
  const inPeriod = and(gte(sceneActivities.startsOn, from), lte(sceneActivities.startsOn, to));
  const byKind = await ctx.db
    .select({ kind: sceneActivities.kind, subtype: sceneActivities.subtype, n: count() })
    .from(sceneActivities)
    .where(inPeriod)
    .groupBy(sceneActivities.kind, sceneActivities.subtype);
  const byMonth = await ctx.db
    .select({
      month: sql<string>`substr(${sceneActivities.startsOn}::text, 1, 7)`,
      kind: sceneActivities.kind,
      n: count(),
    })
    .from(sceneActivities)
    .where(inPeriod)
    .groupBy(sql`1`, sceneActivities.kind)
    .orderBy(sql`1`);
  const [observed] = await ctx.db
    .select({
      cadres: sql<number>`count(distinct ${sceneObservations.cadreId})`.mapWith(Number),
      observations: count(),
    })
    .from(sceneObservations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneObservations.activityId))
    .where(inPeriod);
  const [scored] = await ctx.db
    .select({ cadres: sql<number>`count(distinct ${sceneScores.cadreId})`.mapWith(Number) })
    .from(sceneScores)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneScores.activityId))
    .where(inPeriod);
  const outstanding = await ctx.db
    .selectDistinctOn([sceneNominations.cadreId], {
      cadreId: sceneNominations.cadreId,
      name: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
      activityId: sceneActivities.id,
      activityTitle: sceneActivities.title,
      kind: sceneActivities.kind,
      reason: sceneNominations.reason,
      decidedAt: sceneNominations.decidedAt,
    })
    .from(sceneNominations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneNominations.activityId))
    .innerJoin(orgCadres, eq(orgCadres.id, sceneNominations.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(and(inPeriod, eq(sceneNominations.status, 'confirmed')))
    .orderBy(sceneNominations.cadreId, desc(sceneNominations.decidedAt));
  const [pending] = await ctx.db
    .select({ n: count() })
    .from(sceneNominations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneNominations.activityId))
    .where(and(inPeriod, eq(sceneNominations.status, 'pending')));
  return {
    from,
    to,
    activities: byKind.reduce((s, k) => s + k.n, 0),
    byKind,
    byMonth,
    cadresObserved: observed!.cadres,
    observations: observed!.observations,
    cadresScored: scored!.cadres,
    outstandingCount: outstanding.length,
    pendingNominations: pending!.n,
    outstanding: outstanding.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  };
}
