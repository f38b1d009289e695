import { and, asc, count, desc, eq, ilike, inArray, isNull, max, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { addMonths } from '../../../analytics/development.ts';
import type { ResultOf } from '../../../common/api.ts';
import {
  type developmentApi,
  type EvidenceRef,
  type MilestoneBody,
  type NoteBody,
  OUTCOME_LABELS,
  type Outcome,
  type OutcomeBody,
  PLAN_KIND_LABELS,
  type PlanBody,
  type PlanKind,
  type PlansQuery,
  type PostKind,
  PROGRESS_LABELS,
  REVIEW_KIND_LABELS,
  type ReviewBody,
} from '../../../common/contracts/development.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUserRoles,
  authUsers,
  developmentGoals,
  developmentMentorScopes,
  developmentMilestones,
  developmentNotes,
  developmentPlans,
  developmentReviews,
  keyworkTasks,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { mentoredPlanIds, ownCadreIds, planCan, type Viewer, viewerOf } from './development.policy.ts';
import { figuresOf } from './figures.service.ts';
import { closeReviewTodos, ensureReviewTodos, withdrawPlanTodos } from './reminders.service.ts';

/**
 * 一人一策: development plans with goals and measurable milestones, mentor notes, monthly
 * reviews, a mid-term and an end review, and an outcome decided by a leader. Every decision keeps
 * who made it, when and on which records.
 */

type Answer<K extends keyof typeof developmentApi> = ResultOf<(typeof developmentApi)[K]>;
type PlanRow = Answer<'mine'>['items'][number];
export type PlanRecord = typeof developmentPlans.$inferSelect;

const mentorCadre = alias(orgCadres, 'mentor_cadre');

export async function loadPlan(ex: Executor, id: string): Promise<PlanRecord> {
  const [p] = await ex.select().from(developmentPlans).where(eq(developmentPlans.id, id));
  if (!p) throw notFound('培养计划');
  return p;
}

/** The list rows of the plans that match `where`, newest first. */
async function planRows(
  ex: Executor,
  today: string,
  where: SQL | undefined,
  window?: { limit: number; offset: number },
) {
  const base = ex
    .select({
      p: developmentPlans,
      cadreName: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
      mentorName: mentorCadre.name,
    })
    .from(developmentPlans)
    .innerJoin(orgCadres, eq(orgCadres.id, developmentPlans.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .leftJoin(mentorCadre, eq(mentorCadre.id, developmentPlans.mentorCadreId))
    .where(where)
    .orderBy(asc(developmentPlans.status), desc(developmentPlans.startsOn), asc(developmentPlans.id));
  const found = window ? await base.limit(window.limit).offset(window.offset) : await base;
  const ids = found.map((f) => f.p.id);
  const ms = ids.length
    ? await ex
        .select({
          planId: developmentMilestones.planId,
          status: developmentMilestones.status,
          dueOn: developmentMilestones.dueOn,
        })
        .from(developmentMilestones)
        .where(inArray(developmentMilestones.planId, ids))
    : [];
  const rv = ids.length
    ? await ex
        .select({ planId: developmentReviews.planId, n: count(), last: max(developmentReviews.createdAt) })
        .from(developmentReviews)
        .where(inArray(developmentReviews.planId, ids))
        .groupBy(developmentReviews.planId)
    : [];
  return found.map((f): PlanRow => {
    const mine = ms.filter((m) => m.planId === f.p.id);
    const r = rv.find((x) => x.planId === f.p.id);
    return {
      id: f.p.id,
      cadre: { id: f.p.cadreId, name: f.cadreName, unitName: f.unitName, post: f.post },
      kind: f.p.kind as PlanKind,
      title: f.p.title,
      startsOn: f.p.startsOn,
      endsOn: f.p.endsOn,
      status: f.p.status as 'active' | 'ended',
      outcome: f.p.outcome as Outcome | null,
      mentorName: f.mentorName,
      milestones: {
        total: mine.length,
        met: mine.filter((m) => m.status === 'met').length,
        missed: mine.filter((m) => m.status === 'missed').length,
        overdue: mine.filter((m) => m.status === 'open' && m.dueOn < today).length,
      },
      reviews: r?.n ?? 0,
      lastReviewAt: r?.last ? new Date(r.last) : null,
    };
  });
}

export async function listPlans(ctx: Ctx, q: z.infer<typeof PlansQuery>): Promise<Answer<'plans'>> {
  const today = localDay(ctx.clock.now());
  const where = and(
    q.status ? eq(developmentPlans.status, q.status) : undefined,
    q.kind ? eq(developmentPlans.kind, q.kind) : undefined,
    q.cadreId ? eq(developmentPlans.cadreId, q.cadreId) : undefined,
    q.q ? or(ilike(orgCadres.name, `%${q.q}%`), ilike(developmentPlans.title, `%${q.q}%`)) : undefined,
  );
  const [total] = await ctx.db
    .select({ n: count() })
    .from(developmentPlans)
    .innerJoin(orgCadres, eq(orgCadres.id, developmentPlans.cadreId))
    .where(where);
  const items = await planRows(ctx.db, today, where, pageWindow(q));
  await recordAudit(ctx, { action: 'development.plans.read', objectType: 'development_plan' });
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The cadre's own plans. */
export async function myPlans(ctx: Ctx): Promise<Answer<'mine'>> {
  const mine = ownCadreIds(ctx.actor);
  if (!mine.length) return { items: [] };
  const items = await planRows(ctx.db, localDay(ctx.clock.now()), inArray(developmentPlans.cadreId, mine));
  await recordAudit(ctx, { action: 'development.mine.read', objectType: 'development_plan' });
  return { items };
}

/** The plans the actor mentors now (a withdrawn scope drops the plan from the list). */
export async function mentoringPlans(ctx: Ctx): Promise<Answer<'mentoring'>> {
  const ids = await mentoredPlanIds(ctx.db, ctx.actor);
  if (!ids.length) return { items: [] };
  const items = await planRows(ctx.db, localDay(ctx.clock.now()), inArray(developmentPlans.id, ids));
  await recordAudit(ctx, { action: 'development.mentoring.read', objectType: 'development_plan' });
  return { items };
}

/** Cadres who may be named mentor: a cadre record with an active account of its own. */
export async function mentorOptions(ctx: Ctx, q: string | undefined): Promise<Answer<'mentors'>> {
  const found = await ctx.db
    .selectDistinct({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name, post: orgCadres.post })
    .from(authUserRoles)
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .innerJoin(orgCadres, eq(orgCadres.id, authUserRoles.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(
      and(
        eq(authUserRoles.role, 'cadre'),
        eq(authUsers.status, 'active'),
        q ? ilike(orgCadres.name, `%${q}%`) : undefined,
      ),
    )
    .orderBy(asc(orgCadres.name))
    .limit(30);
  return { items: found };
}

async function hasMentorAccount(ex: Executor, cadreId: string): Promise<boolean> {
  const [a] = await ex
    .select({ id: authUserRoles.userId })
    .from(authUserRoles)
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .where(
      and(
        eq(authUserRoles.role, 'cadre'),
        eq(authUserRoles.cadreId, cadreId),
        eq(authUsers.status, 'active'),
      ),
    );
  return !!a;
}

export async function createPlan(ctx: Ctx, body: PlanBody): Promise<Answer<'create'>> {
  const id = await write(ctx, async (tx, audit) => {
    const [cadre] = await tx.select().from(orgCadres).where(eq(orgCadres.id, body.cadreId));
    if (!cadre) throw new AppError('REFERENCE_INVALID', '所选干部不存在');
    const [open] = await tx
      .select({ id: developmentPlans.id })
      .from(developmentPlans)
      .where(and(eq(developmentPlans.cadreId, cadre.id), eq(developmentPlans.status, 'active')));
    if (open) throw new AppError('DEVELOPMENT_ACTIVE_PLAN');
    const mentorId = body.kind === 'guidance' ? (body.mentorCadreId ?? null) : null;
    if (mentorId) {
      if (mentorId === cadre.id) throw new AppError('DEVELOPMENT_MENTOR_SELF');
      if (!(await hasMentorAccount(tx, mentorId))) throw new AppError('DEVELOPMENT_MENTOR_NO_ACCOUNT');
    }
    const taskId = body.kind === 'study' ? (body.keyworkTaskId ?? null) : null;
    if (taskId) {
      const [t] = await tx
        .select({ id: keyworkTasks.id })
        .from(keyworkTasks)
        .where(eq(keyworkTasks.id, taskId));
      if (!t) throw new AppError('REFERENCE_INVALID', '所选重点工程不存在');
    }
    const months = body.kind === 'guidance' ? 6 : body.months;
    const endsOn = addMonths(body.startsOn, months);
    const details = body.milestones.flatMap((m, i) =>
      m.dueOn < body.startsOn || m.dueOn > endsOn
        ? [
            {
              path: `body.milestones.${i}.dueOn`,
              message: `节点日期须在计划期内（${body.startsOn} 至 ${endsOn}）`,
            },
          ]
        : [],
    );
    if (details.length) throw invalid(details[0]!.message, details);
    const by = ctx.actor?.userId ?? null;
    const [plan] = await tx
      .insert(developmentPlans)
      .values({
        cadreId: cadre.id,
        unitId: cadre.unitId,
        kind: body.kind,
        title: body.title,
        reason: body.reason,
        startsOn: body.startsOn,
        endsOn,
        mentorCadreId: mentorId,
        assignments: body.kind === 'guidance' ? body.assignments : [],
        studyTopic: body.kind === 'study' ? (body.studyTopic ?? null) : null,
        keyworkTaskId: taskId,
        postKind: body.kind === 'pressure' ? (body.postKind ?? null) : null,
        postName: body.kind === 'pressure' ? (body.postName ?? null) : null,
        evidence: body.evidence,
        createdBy: by,
        updatedBy: by,
      })
      .returning();
    const goals = await tx
      .insert(developmentGoals)
      .values(
        body.goals.map((g, i) => ({
          planId: plan!.id,
          seq: i + 1,
          title: g.title,
          measure: g.measure,
          createdBy: by,
        })),
      )
      .returning({ id: developmentGoals.id, seq: developmentGoals.seq });
    await tx.insert(developmentMilestones).values(
      body.milestones.map((m) => ({
        planId: plan!.id,
        goalId: m.goal === undefined ? null : (goals.find((g) => g.seq === m.goal! + 1)?.id ?? null),
        title: m.title,
        target: m.target,
        dueOn: m.dueOn,
        createdBy: by,
      })),
    );
    if (mentorId) {
      await tx
        .insert(developmentMentorScopes)
        .values({ planId: plan!.id, mentorCadreId: mentorId, grantedBy: by });
      audit({ action: 'development.mentor.grant', objectType: 'development_plan', objectId: plan!.id });
    }
    await addTimelineEvent(tx, {
      cadreId: cadre.id,
      occurredOn: body.startsOn,
      module: 'development',
      kind: 'plan.start',
      title: `纳入一人一策：${PLAN_KIND_LABELS[body.kind]}`,
      recordType: 'development_plan',
      recordId: plan!.id,
      visibility: 'org_self',
      createdBy: by,
    });
    await ensureReviewTodos(ctx, tx, plan!, localDay(ctx.clock.now()));
    audit({ action: 'development.plan.create', objectType: 'development_plan', objectId: plan!.id });
    return plan!.id;
  });
  return planView(ctx, id, 'department');
}

export async function getPlan(ctx: Ctx, id: string): Promise<Answer<'plan'>> {
  const plan = await loadPlan(ctx.db, id);
  const viewer = await viewerOf(ctx.db, ctx.actor, plan);
  if (!viewer) throw new AppError('DEVELOPMENT_NOT_YOUR_PLAN');
  await recordAudit(ctx, { action: 'development.plan.read', objectType: 'development_plan', objectId: id });
  return planView(ctx, id, viewer);
}

/** The names of the accounts that made the records. */
async function namesOf(ex: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const found = await ex
    .select({ id: authUsers.id, name: authUsers.displayName })
    .from(authUsers)
    .where(inArray(authUsers.id, wanted));
  return new Map(found.map((u) => [u.id, u.name]));
}

const milestoneRef = (planId: string, m: { id: string; title: string }): EvidenceRef => ({
  type: 'development_milestone',
  id: m.id,
  label: `节点：${m.title}`,
  link: `/development/plans/${planId}`,
});

/** The plan as `viewer` sees it: the cadre never sees internal notes, the evidence or the figures. */
export async function planView(ctx: Ctx, id: string, viewer: Viewer): Promise<Answer<'plan'>> {
  const today = localDay(ctx.clock.now());
  const [row] = await planRows(ctx.db, today, eq(developmentPlans.id, id));
  if (!row) throw notFound('培养计划');
  const p = await loadPlan(ctx.db, id);
  const [goals, milestones, notes, reviews] = await Promise.all([
    ctx.db
      .select()
      .from(developmentGoals)
      .where(eq(developmentGoals.planId, id))
      .orderBy(asc(developmentGoals.seq)),
    ctx.db
      .select()
      .from(developmentMilestones)
      .where(eq(developmentMilestones.planId, id))
      .orderBy(asc(developmentMilestones.dueOn), asc(developmentMilestones.createdAt)),
    ctx.db
      .select()
      .from(developmentNotes)
      .where(
        and(
          eq(developmentNotes.planId, id),
          viewer === 'self' ? eq(developmentNotes.internal, false) : undefined,
        ),
      )
      .orderBy(desc(developmentNotes.createdAt)),
    ctx.db
      .select()
      .from(developmentReviews)
      .where(eq(developmentReviews.planId, id))
      .orderBy(asc(developmentReviews.createdAt)),
  ]);
  const [mentor] = p.mentorCadreId
    ? await ctx.db
        .select({ id: orgCadres.id, name: orgCadres.name, unitName: orgUnits.name, post: orgCadres.post })
        .from(orgCadres)
        .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
        .where(eq(orgCadres.id, p.mentorCadreId))
    : [];
  const [task] = p.keyworkTaskId
    ? await ctx.db
        .select({ id: keyworkTasks.id, title: keyworkTasks.title })
        .from(keyworkTasks)
        .where(eq(keyworkTasks.id, p.keyworkTaskId))
    : [];
  const names = await namesOf(ctx.db, [
    p.createdBy,
    p.outcomeBy,
    ...milestones.map((m) => m.decidedBy),
    ...notes.map((n) => n.createdBy),
    ...reviews.map((r) => r.createdBy),
  ]);
  const who = (u: string | null) => (u ? (names.get(u) ?? null) : null);
  const dept = viewer === 'department';
  const hasEndReview = reviews.some((r) => r.kind === 'end' && r.period === p.endsOn);
  return {
    ...row,
    reason: p.reason,
    unitName: row.cadre.unitName,
    mentor: mentor ?? null,
    assignments: p.assignments as string[],
    studyTopic: p.studyTopic,
    keyworkTask: task ?? null,
    postKind: p.postKind as PostKind | null,
    postName: p.postName,
    evidence: dept ? (p.evidence as EvidenceRef[]) : [],
    goals: goals.map((g) => ({ id: g.id, title: g.title, measure: g.measure })),
    milestoneList: milestones.map((m) => ({
      id: m.id,
      goalId: m.goalId,
      title: m.title,
      target: m.target,
      dueOn: m.dueOn,
      status: m.status as 'open' | 'met' | 'missed',
      overdue: m.status === 'open' && m.dueOn < today,
      result: m.result,
      decided: m.decidedAt ? { at: m.decidedAt, byName: who(m.decidedBy) } : null,
    })),
    notes: notes.map((n) => ({
      id: n.id,
      text: n.text,
      internal: n.internal,
      authorRole: n.authorRole as 'mentor' | 'officer',
      at: n.createdAt,
      byName: who(n.createdBy),
    })),
    reviewList: reviews.map((r) => ({
      id: r.id,
      kind: r.kind as 'monthly' | 'mid' | 'end',
      period: r.period,
      progress: r.progress as 'good' | 'fair' | 'behind',
      summary: r.summary,
      evidence: r.evidence as EvidenceRef[],
      authorRole: r.authorRole as 'mentor' | 'officer',
      at: r.createdAt,
      byName: who(r.createdBy),
    })),
    outcomeNote: p.outcomeNote,
    outcomeDecided: p.outcomeAt ? { at: p.outcomeAt, byName: who(p.outcomeBy) } : null,
    created: { at: p.createdAt, byName: who(p.createdBy) },
    figures: dept ? await figuresOf(ctx.db, p.cadreId, p.startsOn) : null,
    viewer,
    can: planCan(ctx.actor, viewer, p, hasEndReview),
  };
}

/** Loads an active plan the actor writes on: the department, or the plan's mentor. */
async function writable(ctx: Ctx, tx: Tx, id: string) {
  const plan = await loadPlan(tx, id);
  const viewer = await viewerOf(tx, ctx.actor, plan);
  if (!viewer) throw new AppError('DEVELOPMENT_NOT_YOUR_PLAN');
  if (viewer === 'self') throw new AppError('FORBIDDEN', '干部本人不能为自己的培养计划写帮带记录或评议');
  if (plan.status !== 'active') throw new AppError('DEVELOPMENT_PLAN_ENDED');
  return { plan, viewer, role: viewer === 'mentor' ? ('mentor' as const) : ('officer' as const) };
}

export async function addNote(ctx: Ctx, id: string, body: z.infer<typeof NoteBody>) {
  const viewer = await write(ctx, async (tx, audit) => {
    const w = await writable(ctx, tx, id);
    const [n] = await tx
      .insert(developmentNotes)
      .values({
        planId: id,
        text: body.text,
        internal: body.internal,
        authorRole: w.role,
        createdBy: ctx.actor?.userId,
      })
      .returning({ id: developmentNotes.id });
    audit({ action: 'development.note.create', objectType: 'development_note', objectId: n!.id });
    return w.viewer;
  });
  return planView(ctx, id, viewer);
}

export async function addReview(ctx: Ctx, id: string, body: z.infer<typeof ReviewBody>) {
  const viewer = await write(ctx, async (tx, audit) => {
    const w = await writable(ctx, tx, id);
    const plan = w.plan;
    if (body.kind !== 'monthly' && w.viewer !== 'department') throw new AppError('DEVELOPMENT_OFFICER_ONLY');
    const today = localDay(ctx.clock.now());
    const period = body.kind === 'monthly' ? body.month! : body.kind === 'end' ? plan.endsOn : 'mid';
    if (
      body.kind === 'monthly' &&
      (period < plan.startsOn.slice(0, 7) || period > plan.endsOn.slice(0, 7) || period > today.slice(0, 7))
    )
      throw new AppError('DEVELOPMENT_REVIEW_MONTH');
    const [dup] = await tx
      .select({ id: developmentReviews.id })
      .from(developmentReviews)
      .where(
        and(
          eq(developmentReviews.planId, id),
          eq(developmentReviews.kind, body.kind),
          eq(developmentReviews.period, period),
        ),
      );
    if (dup) throw new AppError('DEVELOPMENT_REVIEW_EXISTS');
    const ms = body.milestoneIds.length
      ? await tx
          .select({ id: developmentMilestones.id, title: developmentMilestones.title })
          .from(developmentMilestones)
          .where(
            and(eq(developmentMilestones.planId, id), inArray(developmentMilestones.id, body.milestoneIds)),
          )
      : [];
    if (ms.length !== new Set(body.milestoneIds).size)
      throw new AppError('REFERENCE_INVALID', '所引用的节点不属于本计划');
    const [r] = await tx
      .insert(developmentReviews)
      .values({
        planId: id,
        kind: body.kind,
        period,
        progress: body.progress,
        summary: body.summary,
        evidence: ms.map((m) => milestoneRef(id, m)),
        authorRole: w.role,
        createdBy: ctx.actor?.userId,
      })
      .returning({ id: developmentReviews.id });
    if (body.kind !== 'monthly') {
      await addTimelineEvent(tx, {
        cadreId: plan.cadreId,
        occurredOn: today,
        module: 'development',
        kind: `review.${body.kind}`,
        title: `一人一策${REVIEW_KIND_LABELS[body.kind]}：${PROGRESS_LABELS[body.progress]}`,
        recordType: 'development_review',
        recordId: r!.id,
        visibility: 'org_self',
        createdBy: ctx.actor?.userId ?? null,
      });
    }
    await closeReviewTodos(ctx, tx, id, body.kind, period);
    audit({ action: `development.review.${body.kind}`, objectType: 'development_review', objectId: r!.id });
    return w.viewer;
  });
  return planView(ctx, id, viewer);
}

export async function decideMilestone(
  ctx: Ctx,
  id: string,
  milestoneId: string,
  body: z.infer<typeof MilestoneBody>,
) {
  await write(ctx, async (tx, audit) => {
    await writable(ctx, tx, id);
    const [m] = await tx
      .select()
      .from(developmentMilestones)
      .where(and(eq(developmentMilestones.id, milestoneId), eq(developmentMilestones.planId, id)));
    if (!m) throw notFound('节点');
    if (m.status !== 'open') throw new AppError('DEVELOPMENT_MILESTONE_DECIDED');
    await tx
      .update(developmentMilestones)
      .set({
        status: body.status,
        result: body.result,
        decidedAt: ctx.clock.now(),
        decidedBy: ctx.actor?.userId,
      })
      .where(eq(developmentMilestones.id, milestoneId));
    audit({
      action: `development.milestone.${body.status}`,
      objectType: 'development_milestone',
      objectId: milestoneId,
    });
  });
  return planView(ctx, id, 'department');
}

/**
 * A leader's outcome, on the end review of the plan's current end: 达到预期 and 调整岗位 end the
 * plan and withdraw the mentor's scope; 延期 moves the end and keeps it running.
 */
export async function decideOutcome(ctx: Ctx, id: string, body: z.infer<typeof OutcomeBody>) {
  await write(ctx, async (tx, audit) => {
    const { plan } = await writable(ctx, tx, id);
    const [end] = await tx
      .select({ id: developmentReviews.id })
      .from(developmentReviews)
      .where(
        and(
          eq(developmentReviews.planId, id),
          eq(developmentReviews.kind, 'end'),
          eq(developmentReviews.period, plan.endsOn),
        ),
      );
    if (!end) throw new AppError('DEVELOPMENT_END_REVIEW_REQUIRED');
    const now = ctx.clock.now();
    const by = ctx.actor?.userId ?? null;
    const extended = body.outcome === 'extended';
    const endsOn = extended ? addMonths(plan.endsOn, body.extendMonths!) : plan.endsOn;
    await tx
      .update(developmentPlans)
      .set({
        outcome: body.outcome,
        outcomeNote: body.note,
        outcomeReviewId: end.id,
        outcomeAt: now,
        outcomeBy: by,
        status: extended ? 'active' : 'ended',
        endsOn,
        updatedAt: now,
        updatedBy: by,
      })
      .where(eq(developmentPlans.id, id));
    if (!extended) {
      const withdrawn = await tx
        .update(developmentMentorScopes)
        .set({ withdrawnAt: now, withdrawnBy: by })
        .where(and(eq(developmentMentorScopes.planId, id), isNull(developmentMentorScopes.withdrawnAt)))
        .returning({ id: developmentMentorScopes.id });
      if (withdrawn.length)
        audit({ action: 'development.mentor.withdraw', objectType: 'development_plan', objectId: id });
      await withdrawPlanTodos(ctx, tx, id);
    } else {
      await ensureReviewTodos(ctx, tx, { ...plan, endsOn }, localDay(now));
    }
    await addTimelineEvent(tx, {
      cadreId: plan.cadreId,
      occurredOn: localDay(now),
      module: 'development',
      kind: `plan.${body.outcome}`,
      title: extended
        ? `一人一策延期 ${body.extendMonths} 个月（至 ${endsOn}）`
        : `一人一策结束：${OUTCOME_LABELS[body.outcome]}`,
      recordType: 'development_plan',
      recordId: id,
      visibility: 'org_self',
      createdBy: by,
    });
    audit({ action: `development.outcome.${body.outcome}`, objectType: 'development_plan', objectId: id });
  });
  return planView(ctx, id, 'department');
}
