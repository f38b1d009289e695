import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { calibrateObservations, rankEvent, ratingsMean } from '../../../analytics/judging.ts';
import type { Calibration, Estimate } from '../../../analytics/rater-calibration.ts';
import type { ResultOf } from '../../../common/api.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import {
  type ActivityBody,
  type ActivityQuery,
  type AgendaItemView,
  DEFAULT_DIMENSIONS,
  type Dimension,
  type NominationQuery,
  type ObservationBody,
  SCENE_KIND_LABELS,
  type SceneKind,
  type ScoreBody,
  type sceneApi,
} from '../../../common/contracts/scene.ts';
import type { ErrorDetail } from '../../../common/errors.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUsers,
  orgCadres,
  orgUnits,
  sceneActivities,
  sceneNominations,
  sceneObservations,
  sceneScores,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertPeriodOpen } from '../org/periods.service.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { completeTodosOf } from '../todo/todo.service.ts';
import {
  activitiesCan,
  activityCan,
  may,
  nominationCan,
  observationCan,
  periodOpen,
  statsCan,
} from './scene.policy.ts';
import { nominationTodo } from './scene.todos.ts';

/**
 * 走进现场察担当: activities in special situations, what the organization department observed of
 * each cadre there (calibrated for the observers' leniency where observers rated the same cadres),
 * event judges' scores (ranked by a crossed fit of participants and judges), and nominations of
 * cadres whose conduct stood out (担当作为突出), confirmed or declined by a leader.
 */

type Answer<K extends keyof typeof sceneApi> = ResultOf<(typeof sceneApi)[K]>;

export type ActivityRow = typeof sceneActivities.$inferSelect;

export async function loadActivity(ex: Executor, id: string): Promise<ActivityRow> {
  const [a] = await ex.select().from(sceneActivities).where(eq(sceneActivities.id, id));
  if (!a) throw notFound('现场考察活动');
  return a;
}

const dimensionsOf = (a: ActivityRow) => a.dimensions as Dimension[];

/** The stored activity as the contract shows it. */
function activityView(a: ActivityRow): Answer<'create'> {
  return {
    id: a.id,
    kind: a.kind as SceneKind,
    subtype: a.subtype,
    title: a.title,
    unitId: a.unitId,
    place: a.place,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    agenda: a.agenda as z.infer<typeof AgendaItemView>[],
    dimensions: dimensionsOf(a),
    summary: a.summary,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

async function checkActivity(tx: Tx, body: ActivityBody, today: string) {
  if (body.startsOn > today) {
    const message = '活动开始日期不能晚于今天（先有活动，后有记录）';
    throw invalid(message, [{ path: 'body.startsOn', message }]);
  }
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
    return activityView(row!);
  });
}

export async function updateActivity(ctx: Ctx, id: string, body: ActivityBody) {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, id);
    if (a.kind !== body.kind) throw new AppError('SCENE_KIND_FIXED');
    await checkActivity(tx, body, localDay(ctx.clock.now()));
    const [obs] = await tx
      .select({ n: count() })
      .from(sceneObservations)
      .where(eq(sceneObservations.activityId, id));
    const [scores] = await tx.select({ n: count() }).from(sceneScores).where(eq(sceneScores.activityId, id));
    const dims = body.dimensions ?? dimensionsOf(a);
    if ((obs!.n > 0 || scores!.n > 0) && JSON.stringify(dims) !== JSON.stringify(dimensionsOf(a)))
      throw new AppError('SCENE_DIMENSIONS_LOCKED');
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
    return activityView(row!);
  });
}

export async function listActivities(ctx: Ctx, q: z.infer<typeof ActivityQuery>): Promise<Answer<'list'>> {
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
      kind: sql<SceneKind>`${sceneActivities.kind}`,
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
  return { items, total: total!.n, page: q.page, pageSize: q.pageSize, can: activitiesCan(ctx.actor) };
}

export async function getActivity(ctx: Ctx, id: string): Promise<Answer<'get'>> {
  const a = await loadActivity(ctx.db, id);
  const open = await periodOpen(ctx.db, a.startsOn);
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
      observer: authUsers.displayName,
    })
    .from(sceneObservations)
    .innerJoin(orgCadres, eq(orgCadres.id, sceneObservations.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, sceneObservations.unitId))
    .leftJoin(authUsers, eq(authUsers.id, sceneObservations.createdBy))
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
  const observed = a.kind === 'event' ? null : await observerCalibration(ctx.db, a);
  await recordAudit(ctx, { action: 'scene.activity.read', objectType: 'scene_activity', objectId: id });
  return {
    ...activityView(a),
    kindLabel: SCENE_KIND_LABELS[a.kind as SceneKind],
    unitName: unit?.name ?? null,
    can: activityCan(ctx.actor, open),
    observations: observations.map((o) => {
      const fig = observed?.byObservation.get(o.id);
      return {
        ...o,
        ratings: o.ratings as Record<string, number>,
        followedRules: o.followedRules as 'yes' | 'partly' | 'no' | null,
        mean: r2(fig?.raw ?? ratingsMean(o.ratings as Record<string, number>)),
        calibrated: fig?.calibrated ? rounded(fig.calibrated) : null,
        can: observationCan(ctx.actor, o, open),
      };
    }),
    observationCalibration: observed?.view ?? null,
    nominations: nominations.map((n) => ({
      ...n,
      status: n.status as 'pending' | 'confirmed' | 'declined',
      can: nominationCan(ctx.actor, n),
    })),
    ranking: a.kind === 'event' ? await ranking(ctx.db, a) : null,
  };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const rounded = (e: Estimate) => ({
  estimate: r2(e.estimate),
  se: r2(e.se),
  low: r2(e.low),
  high: r2(e.high),
});

/** A calibration as the contract shows it: figures to two decimals, raters by name. */
function calibrationView(cal: Omit<Calibration, 'targets'>, nameOf: (key: string) => string) {
  return {
    method: cal.method,
    reason: cal.reason,
    formula: cal.formula,
    sd: cal.sd && { target: r2(cal.sd.target), rater: r2(cal.sd.rater), residual: r2(cal.sd.residual) },
    raters: cal.raters
      .map((r) => ({
        key: r.rater,
        name: nameOf(r.rater),
        targets: r.targets,
        mean: r2(r.mean),
        leniency: r.leniency && rounded(r.leniency),
        calibrated: r.calibrated,
      }))
      .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN')),
    warnings: cal.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.code === 'FEW_TARGETS' ? { rater: w.rater } : {}),
    })),
  };
}

/**
 * The observers' leniency behind a meeting's or inspection's observations. One observation per
 * cadre and activity, so observers share cadres only across activities: the fit takes the
 * observations of this kind of activity (rated on the same dimensions) in the activity's year,
 * each observation's recorder as its observer.
 */
async function observerCalibration(ex: Executor, a: ActivityRow) {
  const year = a.startsOn.slice(0, 4);
  const rows = await ex
    .select({
      id: sceneObservations.id,
      cadre: sceneObservations.cadreId,
      observer: sceneObservations.createdBy,
      observerName: authUsers.displayName,
      ratings: sceneObservations.ratings,
    })
    .from(sceneObservations)
    .innerJoin(sceneActivities, eq(sceneActivities.id, sceneObservations.activityId))
    .leftJoin(authUsers, eq(authUsers.id, sceneObservations.createdBy))
    .where(
      and(
        eq(sceneActivities.kind, a.kind),
        gte(sceneActivities.startsOn, `${year}-01-01`),
        lte(sceneActivities.startsOn, `${year}-12-31`),
        isNotNull(sceneObservations.createdBy),
      ),
    );
  const names = new Map(rows.map((r) => [r.observer!, r.observerName ?? '（已删除的账号）']));
  const nameOf = (k: string) => names.get(k) ?? k;
  const result = calibrateObservations(
    rows.map((r) => ({
      id: r.id,
      cadre: r.cadre,
      observer: r.observer!,
      ratings: r.ratings as Record<string, number>,
    })),
    { label: nameOf },
  );
  const scope = `${year} 年${SCENE_KIND_LABELS[a.kind as SceneKind]}的观察记录 ${rows.length} 条（${names.size} 位观察人、${new Set(rows.map((r) => r.cadre)).size} 名干部）`;
  return {
    byObservation: result.byObservation,
    view: { ...calibrationView(result.calibration, nameOf), scope },
  };
}

/** Every dimension rated, and nothing else: field errors at `body.ratings.<code>` (or `body.scores.<code>`). */
function checkRatings(field: 'ratings' | 'scores', dims: Dimension[], ratings: Record<string, number>) {
  const details: ErrorDetail[] = [
    ...dims
      .filter((d) => typeof ratings[d.code] !== 'number')
      .map((d) => ({ path: `body.${field}.${d.code}`, message: `请为 ${d.name} 评分` })),
    ...Object.keys(ratings)
      .filter((k) => !dims.some((d) => d.code === k))
      .map((k) => ({ path: `body.${field}.${k}`, message: '不属于本活动的评分维度' })),
  ];
  if (details.length) throw invalid(details.map((d) => d.message).join('；'), details);
}

/** An observation as stored, as the contract shows it. */
function observationRecord(o: typeof sceneObservations.$inferSelect): Answer<'observe'> {
  return {
    id: o.id,
    activityId: o.activityId,
    cadreId: o.cadreId,
    ratings: o.ratings as Record<string, number>,
    stance: o.stance,
    followedRules: o.followedRules as 'yes' | 'partly' | 'no' | null,
    notes: o.notes,
    releasedAt: o.releasedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

function nominationRecord(n: typeof sceneNominations.$inferSelect): Answer<'nominate'> {
  return {
    id: n.id,
    activityId: n.activityId,
    cadreId: n.cadreId,
    reason: n.reason,
    status: n.status as 'pending' | 'confirmed' | 'declined',
    decidedAt: n.decidedAt,
    decidedBy: n.decidedBy,
    decisionNote: n.decisionNote,
    createdAt: n.createdAt,
  };
}

/** Records (or corrects) what was observed of one cadre in an activity. */
export async function saveObservation(ctx: Ctx, activityId: string, body: ObservationBody) {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, activityId);
    if (a.kind === 'event') throw new AppError('SCENE_EVENT_NEEDS_SCORES');
    await assertPeriodOpen(tx, a.startsOn);
    checkRatings('ratings', dimensionsOf(a), body.ratings);
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
    return observationRecord(row);
  });
}

/** A leader lets the cadre read the notes and ratings of an observation. */
export async function releaseObservation(ctx: Ctx, id: string) {
  return write(ctx, async (tx, audit) => {
    const [o] = await tx.select().from(sceneObservations).where(eq(sceneObservations.id, id)).for('update');
    if (!o) throw notFound('观察记录');
    if (o.releasedAt) throw new AppError('SCENE_OBSERVATION_RELEASED');
    const [row] = await tx
      .update(sceneObservations)
      .set({ releasedAt: ctx.clock.now(), releasedBy: ctx.actor?.userId })
      .where(eq(sceneObservations.id, id))
      .returning();
    audit({ action: 'scene.observation.release', objectType: 'scene_observation', objectId: id });
    return observationRecord(row!);
  });
}

// ——— events: judges' scores and the ranking ———

export async function saveScore(
  ctx: Ctx,
  activityId: string,
  body: z.infer<typeof ScoreBody>,
): Promise<Answer<'score'>> {
  return write(ctx, async (tx, audit) => {
    const a = await loadActivity(tx, activityId);
    if (a.kind !== 'event') throw new AppError('SCENE_NOT_AN_EVENT');
    await assertPeriodOpen(tx, a.startsOn);
    checkRatings('scores', dimensionsOf(a), body.scores);
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
    return {
      id: row!.id,
      activityId: row!.activityId,
      judge: row!.judge,
      cadreId: row!.cadreId,
      scores: row!.scores as Record<string, number>,
      createdAt: row!.createdAt,
      updatedAt: row!.updatedAt,
    };
  });
}

/**
 * The event's ranking: the judges' sheet totals fitted as participant and judge effects
 * (src/analytics/judging.ts), each participant's calibrated score with its interval beside the
 * plain mean, the judges' leniency and the warnings of a thin or split design.
 */
async function ranking(ex: Executor, a: ActivityRow): Promise<Answer<'get'>['ranking']> {
  const rows = await ex
    .select({ judge: sceneScores.judge, participant: sceneScores.cadreId, scores: sceneScores.scores })
    .from(sceneScores)
    .where(eq(sceneScores.activityId, a.id));
  const ranked = rankEvent(
    dimensionsOf(a),
    rows.map((r) => ({ ...r, scores: r.scores as Record<string, number> })),
  );
  const names = ranked.participants.length
    ? await ex
        .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name })
        .from(orgCadres)
        .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
        .where(
          inArray(
            orgCadres.id,
            ranked.participants.map((r) => r.target),
          ),
        )
    : [];
  const by = new Map(names.map((n) => [n.id, n]));
  const { participants, ...cal } = ranked;
  return {
    ...calibrationView(cal, (judge) => judge),
    participants: participants.map((p) => ({
      cadreId: p.target,
      name: by.get(p.target)?.name ?? '',
      unitName: by.get(p.target)?.unitName ?? null,
      judges: p.raters,
      raw: r2(p.raw),
      rawRank: p.rawRank,
      calibrated: p.calibrated && rounded(p.calibrated),
      identified: p.identified,
      rank: p.rank,
      byJudge: p.byJudge.map((j) => ({ judge: j.judge, total: r2(j.total) })),
    })),
  };
}

// ——— 担当作为突出 ———

export async function nominate(
  ctx: Ctx,
  activityId: string,
  body: { cadreId: string; reason: string },
): Promise<Answer<'nominate'>> {
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
    if (obs!.n + sc!.n === 0) throw new AppError('SCENE_NOT_ON_RECORD');
    const [already] = await tx
      .select({ id: sceneNominations.id })
      .from(sceneNominations)
      .where(and(eq(sceneNominations.activityId, activityId), eq(sceneNominations.cadreId, body.cadreId)));
    if (already) throw new AppError('SCENE_ALREADY_NOMINATED');
    const [row] = await tx
      .insert(sceneNominations)
      .values({ activityId: a.id, cadreId: body.cadreId, reason: body.reason, createdBy: ctx.actor?.userId })
      .returning();
    await nominationTodo(ctx, tx, { id: row!.id, cadreId: body.cadreId, activityTitle: a.title });
    audit({ action: 'scene.nomination.create', objectType: 'scene_nomination', objectId: row!.id });
    return nominationRecord(row!);
  });
}

/** A leader confirms or declines a nomination; a confirmed one goes on the cadre's timeline. */
export async function decideNomination(
  ctx: Ctx,
  id: string,
  body: { decision: 'confirmed' | 'declined'; note?: string | null },
): Promise<Answer<'decide'>> {
  return write(ctx, async (tx, audit) => {
    const [n] = await tx.select().from(sceneNominations).where(eq(sceneNominations.id, id)).for('update');
    if (!n) throw notFound('推荐');
    if (n.status !== 'pending') throw new AppError('SCENE_NOMINATION_DECIDED');
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
    await completeTodosOf(ctx, tx, { recordType: 'scene_nomination', recordId: id });
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
    return nominationRecord(row!);
  });
}

export async function listNominations(
  ctx: Ctx,
  q: z.infer<typeof NominationQuery>,
): Promise<Answer<'nominations'>> {
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
      kind: sql<SceneKind>`${sceneActivities.kind}`,
      startsOn: sceneActivities.startsOn,
      cadreId: sceneNominations.cadreId,
      cadreName: orgCadres.name,
      unitName: orgUnits.name,
      reason: sceneNominations.reason,
      status: sql<'pending' | 'confirmed' | 'declined'>`${sceneNominations.status}`,
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
  return {
    items: items.map((n) => ({ ...n, can: nominationCan(ctx.actor, n) })),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
    can: { decide: may(ctx.actor, 'scene.decide') },
  };
}

/** What a cadre sees of the observations of them: that they exist; notes once released. */
export async function myObservations(ctx: Ctx): Promise<Answer<'mine'>> {
  const cadreId = ctx.actor?.grants.find((g) => g.role === 'cadre')?.cadreId;
  if (!cadreId) return { items: [] };
  const rows = await ctx.db
    .select({
      id: sceneObservations.id,
      activityTitle: sceneActivities.title,
      kind: sql<SceneKind>`${sceneActivities.kind}`,
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
        ? {
            ...r,
            ratings: r.ratings as Record<string, number>,
            dimensions: r.dimensions as Dimension[],
            pending: null,
          }
        : { ...r, ratings: null, notes: null, dimensions: null, pending: '考察记录尚未向本人公开' },
    ),
  };
}

/** Activities by kind and month, cadres observed and confirmed outstanding cadres, for a period. */
export async function stats(ctx: Ctx, from: string, to: string): Promise<Answer<'stats'>> {
  if (from > to) {
    const message = '开始日期不能晚于结束日期';
    throw invalid(message, [{ path: 'query.to', message }]);
  }
  const inPeriod = and(gte(sceneActivities.startsOn, from), lte(sceneActivities.startsOn, to));
  const byKind = await ctx.db
    .select({ kind: sql<SceneKind>`${sceneActivities.kind}`, subtype: sceneActivities.subtype, n: count() })
    .from(sceneActivities)
    .where(inPeriod)
    .groupBy(sceneActivities.kind, sceneActivities.subtype);
  const byMonth = await ctx.db
    .select({
      month: sql<string>`substr(${sceneActivities.startsOn}::text, 1, 7)`,
      kind: sql<SceneKind>`${sceneActivities.kind}`,
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
      kind: sql<SceneKind>`${sceneActivities.kind}`,
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
    can: statsCan(ctx.actor),
  };
}
