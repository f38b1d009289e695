import { and, asc, count, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type BoardQuery,
  type CheckView,
  type DecideBody,
  type FinalizeBody,
  type FindingDetailView,
  type FindingStatus,
  type FindingsQuery,
  type FindingView,
  type RecheckBody,
  type RectificationStatus,
  type RectificationView,
  VERDICT_LABELS,
  type Verdict,
} from '../../../common/contracts/delivery.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  deliveryChecks,
  deliveryFindings,
  deliveryItems,
  deliveryPlans,
  deliveryRectifications,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { endOfLocalDay, localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadCalendar } from '../org/calendar.service.ts';
import { cadreScope } from '../org/org.policy.ts';
import { addTimelineEvent } from '../org/timeline.service.ts';
import { addTodo, addTodoForCadre, addTodoForLeaders, completeTodosOf } from '../todo/todo.service.ts';
import {
  assertCanActFor,
  assertCanReadCadre,
  findingCan,
  isCadreSide,
  isSelf,
  rectificationCan,
} from './delivery.policy.ts';

/** Working days after a finding becomes final in which the cadre may appeal. */
export const APPEAL_WORKING_DAYS = 5;
/** The default time to rectify, in working days. */
export const RECTIFY_WORKING_DAYS = 20;

type FindingRow = typeof deliveryFindings.$inferSelect;
type OrderRow = typeof deliveryRectifications.$inferSelect;
type CheckRow = typeof deliveryChecks.$inferSelect;

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export function findingView(f: FindingRow, today: string): z.infer<typeof FindingView> {
  return {
    id: f.id,
    checkId: f.checkId,
    planId: f.planId,
    cadreId: f.cadreId,
    unitId: f.unitId,
    kind: f.kind as Verdict,
    description: f.description,
    status: f.status as FindingStatus,
    explanationDue: f.explanationDue,
    explanationOverdue: f.status === 'explaining' && today > f.explanationDue,
    explanation: f.explanation,
    explainedAt: f.explainedAt,
    response: f.response,
    finalAt: f.finalAt,
    appeal: f.appeal,
    appealedAt: f.appealedAt,
    appealDecision: f.appealDecision as 'upheld' | 'overturned' | null,
    appealReason: f.appealReason,
    decidedAt: f.decidedAt,
    createdAt: f.createdAt,
  };
}

export function checkView(k: CheckRow): z.infer<typeof CheckView> {
  return {
    id: k.id,
    planId: k.planId,
    itemId: k.itemId,
    cadreId: k.cadreId,
    reportedValue: num(k.reportedValue),
    verifiedValue: num(k.verifiedValue),
    verdict: k.verdict as Verdict,
    notes: k.notes,
    checkedAt: k.checkedAt,
  };
}

function orderFields(o: OrderRow, today: string) {
  return {
    id: o.id,
    findingId: o.findingId,
    unitId: o.unitId,
    cadreId: o.cadreId,
    requirement: o.requirement,
    deadline: o.deadline,
    status: o.status as RectificationStatus,
    reply: o.reply,
    repliedAt: o.repliedAt,
    recheckNote: o.recheckNote,
    recheckedAt: o.recheckedAt,
    closedAt: o.closedAt,
    reopenCount: o.reopenCount,
    createdAt: o.createdAt,
    overdue: isOverdue(o, today),
  };
}

function rectificationView(ctx: Ctx, o: OrderRow): z.infer<typeof RectificationView> {
  return { ...orderFields(o, localDay(ctx.clock.now())), can: rectificationCan(ctx.actor, o) };
}

/** The last day a final finding may be appealed. */
async function appealUntil(ex: Executor, f: FindingRow): Promise<string | null> {
  return f.finalAt ? workingDayAfter(ex, localDay(f.finalAt), APPEAL_WORKING_DAYS) : null;
}

/** Names the cadre in to-dos: one unit administrator acts for several cadres. */
export async function cadreName(ex: Executor, cadreId: string): Promise<string> {
  const [c] = await ex.select({ name: orgCadres.name }).from(orgCadres).where(eq(orgCadres.id, cadreId));
  return c?.name ?? '';
}

async function lockFinding(tx: Tx, id: string): Promise<FindingRow> {
  const [f] = await tx.select().from(deliveryFindings).where(eq(deliveryFindings.id, id)).for('update');
  if (!f) throw notFound('考察发现');
  return f;
}

async function workingDayAfter(ex: Executor, from: string, n: number): Promise<string> {
  const cal = await loadCalendar(ex, from, `${Number(from.slice(0, 4)) + 1}-06-30`);
  return cal.addWorkingDays(from, n);
}

/** A finding with its check, item and plan, for the people who may see it. */
export async function getFinding(ctx: Ctx, id: string): Promise<z.infer<typeof FindingDetailView>> {
  const [r] = await ctx.db
    .select({
      finding: deliveryFindings,
      check: deliveryChecks,
      itemTitle: deliveryItems.title,
      planTitle: deliveryPlans.title,
      cadreName: orgCadres.name,
      unitName: orgUnits.name,
    })
    .from(deliveryFindings)
    .innerJoin(deliveryChecks, eq(deliveryChecks.id, deliveryFindings.checkId))
    .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryChecks.itemId))
    .innerJoin(deliveryPlans, eq(deliveryPlans.id, deliveryFindings.planId))
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryFindings.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, deliveryFindings.unitId))
    .where(eq(deliveryFindings.id, id));
  if (!r) throw notFound('考察发现');
  const f = r.finding;
  assertCanReadCadre(ctx, { id: f.cadreId, unitId: f.unitId });
  const [order] = await ctx.db
    .select()
    .from(deliveryRectifications)
    .where(eq(deliveryRectifications.findingId, id));
  await recordAudit(ctx, { action: 'delivery.finding.read', objectType: 'delivery_finding', objectId: id });
  const today = localDay(ctx.clock.now());
  const until = f.status === 'final' && !f.appealedAt ? await appealUntil(ctx.db, f) : null;
  return {
    finding: findingView(f, today),
    check: checkView(r.check),
    itemTitle: r.itemTitle,
    planTitle: r.planTitle,
    cadreName: r.cadreName,
    unitName: r.unitName,
    rectification: order ? rectificationView(ctx, order) : null,
    can: findingCan(ctx.actor, f, !!until && today <= until),
  };
}

/** The cadre (or their unit) explains, within the stated working days. */
export async function explainFinding(ctx: Ctx, id: string, text: string) {
  return write(ctx, async (tx, audit) => {
    const f = await lockFinding(tx, id);
    assertCanActFor(ctx, { id: f.cadreId, unitId: f.unitId });
    if (f.status !== 'explaining') throw new AppError('DELIVERY_FINDING_NOT_EXPLAINING');
    const today = localDay(ctx.clock.now());
    if (today > f.explanationDue)
      throw new AppError('DELIVERY_EXPLANATION_OVERDUE', `说明期限（${f.explanationDue}）已过`);
    const [row] = await tx
      .update(deliveryFindings)
      .set({
        status: 'explained',
        explanation: text,
        explainedAt: ctx.clock.now(),
        explainedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryFindings.id, id))
      .returning();
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id, kind: 'finding.explain' });
    const [plan] = await tx.select().from(deliveryPlans).where(eq(deliveryPlans.id, f.planId));
    await addTodo(ctx, tx, {
      module: 'delivery',
      kind: 'finding.respond',
      title: `答复${await cadreName(tx, f.cadreId)}对考察发现的说明`,
      link: `/delivery/findings/${id}`,
      recordType: 'delivery_finding',
      recordId: id,
      ...(plan?.createdBy
        ? { assigneeUserId: plan.createdBy }
        : { assigneeRole: 'assessment_officer' as const }),
      sourceKey: `delivery.finding.respond:${id}`,
    });
    audit({ action: 'delivery.finding.explain', objectType: 'delivery_finding', objectId: id });
    return findingView(row!, today);
  });
}

/**
 * The officer weighs the explanation (or its absence once the time is up) and answers: the
 * finding stands — it becomes final and a rectification order follows — or it is withdrawn.
 */
export async function finalizeFinding(ctx: Ctx, id: string, body: z.infer<typeof FinalizeBody>) {
  return write(ctx, async (tx, audit) => {
    const f = await lockFinding(tx, id);
    const today = localDay(ctx.clock.now());
    if (f.status === 'explaining' && today <= f.explanationDue) {
      throw new AppError(
        'DELIVERY_EXPLANATION_PENDING',
        `干部说明期限为 ${f.explanationDue}，期满或收到说明后才能答复认定`,
      );
    }
    if (f.status !== 'explaining' && f.status !== 'explained')
      throw new AppError('DELIVERY_FINDING_ANSWERED');
    const now = ctx.clock.now();
    const by = ctx.actor?.userId ?? null;
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id });
    if (body.decision === 'withdraw') {
      const [row] = await tx
        .update(deliveryFindings)
        .set({ status: 'withdrawn', response: body.response })
        .where(eq(deliveryFindings.id, id))
        .returning();
      await noteFinding(tx, f, today, '考察发现经答复撤销', 'finding.withdrawn', by);
      audit({ action: 'delivery.finding.withdraw', objectType: 'delivery_finding', objectId: id });
      return { finding: findingView(row!, today), rectification: null };
    }
    const deadline = body.deadline ?? (await workingDayAfter(tx, today, RECTIFY_WORKING_DAYS));
    if (deadline <= today) throw deadlinePast('body.deadline', '整改期限应晚于今天');
    const [final] = await tx
      .update(deliveryFindings)
      .set({ status: 'final', response: body.response, finalAt: now, finalBy: by })
      .where(eq(deliveryFindings.id, id))
      .returning();
    const [order] = await tx
      .insert(deliveryRectifications)
      .values({
        findingId: id,
        unitId: f.unitId,
        cadreId: f.cadreId,
        requirement: body.requirement ?? '',
        deadline,
        createdBy: by,
      })
      .returning();
    await noteFinding(
      tx,
      f,
      today,
      `对账考察发现问题（${VERDICT_LABELS[f.kind as Verdict]}），限期 ${deadline} 整改`,
      'finding',
      by,
    );
    const name = await cadreName(tx, f.cadreId);
    if (f.unitId) {
      await addTodo(ctx, tx, {
        module: 'delivery',
        kind: 'rectification.reply',
        title: `整改并回复（${name}）：${f.description.slice(0, 40)}`,
        link: `/delivery/rectifications/${order!.id}`,
        recordType: 'delivery_rectification',
        recordId: order!.id,
        assigneeRole: 'unit_admin',
        assigneeUnitId: f.unitId,
        dueAt: endOfLocalDay(deadline),
        sourceKey: `delivery.rectification.reply:${order!.id}`,
      });
    }
    await addTodoForCadre(
      ctx,
      tx,
      { id: f.cadreId, unitId: f.unitId },
      {
        module: 'delivery',
        kind: 'finding.final',
        title: `${name}的考察发现已认定（可在 ${APPEAL_WORKING_DAYS} 个工作日内申诉）`,
        link: `/delivery/findings/${id}`,
        recordType: 'delivery_finding',
        recordId: id,
        sourceKey: `delivery.finding.final:${id}`,
      },
    );
    audit({ action: 'delivery.finding.final', objectType: 'delivery_finding', objectId: id });
    audit({
      action: 'delivery.rectification.create',
      objectType: 'delivery_rectification',
      objectId: order!.id,
    });
    return { finding: findingView(final!, today), rectification: rectificationView(ctx, order!) };
  });
}

/** The timeline title of a finding the cadre is asked to explain (待说明). */
export function raisedTitle(kind: Verdict, itemTitle: string, due: string): string {
  return `考察发现待说明（${VERDICT_LABELS[kind]}）：${itemTitle}，请于 ${due} 前说明`;
}

/**
 * Notes a step of a finding on the cadre's timeline, seen by the organization department, the
 * cadre's unit and the cadre — those who see the finding itself.
 */
export async function noteFinding(
  tx: Executor,
  f: Pick<FindingRow, 'id' | 'cadreId'>,
  day: string,
  title: string,
  kind: string,
  by: string | null = null,
) {
  await addTimelineEvent(tx, {
    cadreId: f.cadreId,
    occurredOn: day,
    module: 'delivery',
    kind,
    title,
    recordType: 'delivery_finding',
    recordId: f.id,
    visibility: 'org_unit_self',
    createdBy: by,
  });
}

/** The cadre appeals a final finding to a leader, within the appeal period. */
export async function appealFinding(ctx: Ctx, id: string, text: string) {
  return write(ctx, async (tx, audit) => {
    const f = await lockFinding(tx, id);
    assertCanActFor(ctx, { id: f.cadreId, unitId: f.unitId });
    if (f.status !== 'final') throw new AppError('DELIVERY_FINDING_NOT_FINAL');
    if (f.appealedAt) throw new AppError('DELIVERY_ALREADY_APPEALED');
    const until = (await appealUntil(tx, f))!;
    const today = localDay(ctx.clock.now());
    if (today > until) throw new AppError('DELIVERY_APPEAL_OVERDUE', `申诉期限（${until}）已过`);
    const [row] = await tx
      .update(deliveryFindings)
      .set({
        status: 'appealed',
        appeal: text,
        appealedAt: ctx.clock.now(),
        appealedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryFindings.id, id))
      .returning();
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id, kind: 'finding.final' });
    await addTodoForLeaders(ctx, tx, f.unitId, {
      module: 'delivery',
      kind: 'finding.decide',
      title: `决定${await cadreName(tx, f.cadreId)}对考察发现的申诉`,
      link: `/delivery/findings/${id}`,
      recordType: 'delivery_finding',
      recordId: id,
      sourceKey: `delivery.finding.decide:${id}`,
    });
    audit({ action: 'delivery.finding.appeal', objectType: 'delivery_finding', objectId: id });
    return findingView(row!, today);
  });
}

/** A leader decides an appeal: upheld (the finding stands) or overturned (withdrawn, order cancelled). */
export async function decideAppeal(ctx: Ctx, id: string, body: z.infer<typeof DecideBody>) {
  return write(ctx, async (tx, audit) => {
    const f = await lockFinding(tx, id);
    if (f.status !== 'appealed') throw new AppError('DELIVERY_NO_APPEAL');
    if (isSelf(ctx.actor, f.cadreId)) throw new AppError('SELF_ACTION_FORBIDDEN', '不能决定本人的申诉');
    const now = ctx.clock.now();
    const overturned = body.decision === 'overturned';
    const [row] = await tx
      .update(deliveryFindings)
      .set({
        status: overturned ? 'withdrawn' : 'final',
        ...(overturned ? { withdrawnAt: now, withdrawnBy: ctx.actor?.userId ?? null } : {}),
        appealDecision: body.decision,
        appealReason: body.reason,
        decidedAt: now,
        decidedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryFindings.id, id))
      .returning();
    if (overturned) {
      const [order] = await tx
        .update(deliveryRectifications)
        .set({ status: 'cancelled' })
        .where(
          and(
            eq(deliveryRectifications.findingId, id),
            inArray(deliveryRectifications.status, ['open', 'replied']),
          ),
        )
        .returning();
      if (order) await completeTodosOf(ctx, tx, { recordType: 'delivery_rectification', recordId: order.id });
      await noteFinding(
        tx,
        f,
        localDay(now),
        '申诉成立，考察发现撤销',
        'finding.overturned',
        ctx.actor?.userId ?? null,
      );
    }
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id, kind: 'finding.decide' });
    audit({ action: `delivery.appeal.${body.decision}`, objectType: 'delivery_finding', objectId: id });
    return findingView(row!, localDay(now));
  });
}

async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  const [o] = await tx
    .select()
    .from(deliveryRectifications)
    .where(eq(deliveryRectifications.id, id))
    .for('update');
  if (!o) throw notFound('整改单');
  return o;
}

/** The unit replies to its order (evidence is attached to the order in the evidence store). */
export async function replyRectification(ctx: Ctx, id: string, text: string) {
  return write(ctx, async (tx, audit) => {
    const o = await lockOrder(tx, id);
    if (!isCadreSide(ctx.actor, { id: o.cadreId, unitId: o.unitId }))
      throw new AppError('FORBIDDEN', '只能回复本单位（或本人）的整改单');
    if (o.status === 'replied') throw new AppError('DELIVERY_RECTIFICATION_REPLIED');
    if (o.status !== 'open') throw new AppError('DELIVERY_RECTIFICATION_ENDED');
    const [row] = await tx
      .update(deliveryRectifications)
      .set({
        status: 'replied',
        reply: text,
        repliedAt: ctx.clock.now(),
        repliedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryRectifications.id, id))
      .returning();
    await completeTodosOf(ctx, tx, {
      recordType: 'delivery_rectification',
      recordId: id,
      kind: 'rectification.reply',
    });
    const [f] = await tx.select().from(deliveryFindings).where(eq(deliveryFindings.id, o.findingId));
    const [plan] = f ? await tx.select().from(deliveryPlans).where(eq(deliveryPlans.id, f.planId)) : [];
    await addTodo(ctx, tx, {
      module: 'delivery',
      kind: 'rectification.recheck',
      title: `复核${await cadreName(tx, o.cadreId)}的整改回复`,
      link: `/delivery/rectifications/${id}`,
      recordType: 'delivery_rectification',
      recordId: id,
      ...(plan?.createdBy
        ? { assigneeUserId: plan.createdBy }
        : { assigneeRole: 'assessment_officer' as const }),
      sourceKey: `delivery.rectification.recheck:${id}:${o.reopenCount}`,
    });
    audit({ action: 'delivery.rectification.reply', objectType: 'delivery_rectification', objectId: id });
    return rectificationView(ctx, row!);
  });
}

/**
 * The officer re-checks a reply and closes the order (销号) or reopens it with a new deadline.
 * Whoever replied cannot be the one who closes.
 */
export async function recheckRectification(ctx: Ctx, id: string, body: z.infer<typeof RecheckBody>) {
  return write(ctx, async (tx, audit) => {
    const o = await lockOrder(tx, id);
    if (o.status !== 'replied') throw new AppError('DELIVERY_RECTIFICATION_NOT_REPLIED');
    if (o.repliedBy && o.repliedBy === ctx.actor?.userId)
      throw new AppError('SELF_ACTION_FORBIDDEN', '回复人不能复核自己的整改');
    if (isSelf(ctx.actor, o.cadreId)) throw new AppError('SELF_ACTION_FORBIDDEN', '不能复核本人的整改');
    const now = ctx.clock.now();
    const today = localDay(now);
    const by = ctx.actor?.userId ?? null;
    await completeTodosOf(ctx, tx, {
      recordType: 'delivery_rectification',
      recordId: id,
      kind: 'rectification.recheck',
    });
    if (body.result === 'close') {
      const [row] = await tx
        .update(deliveryRectifications)
        .set({ status: 'closed', recheckNote: body.note, recheckedAt: now, recheckedBy: by, closedAt: now })
        .where(eq(deliveryRectifications.id, id))
        .returning();
      const [f] = await tx.select().from(deliveryFindings).where(eq(deliveryFindings.id, o.findingId));
      if (f) await noteFinding(tx, f, today, '整改完成，复核销号', 'rectification.closed', by);
      audit({ action: 'delivery.rectification.close', objectType: 'delivery_rectification', objectId: id });
      return rectificationView(ctx, row!);
    }
    const deadline = body.deadline ?? (await workingDayAfter(tx, today, 10));
    if (deadline <= today) throw deadlinePast('body.deadline', '新的整改期限应晚于今天');
    const [row] = await tx
      .update(deliveryRectifications)
      .set({
        status: 'open',
        recheckNote: body.note,
        recheckedAt: now,
        recheckedBy: by,
        deadline,
        reopenCount: o.reopenCount + 1,
      })
      .where(eq(deliveryRectifications.id, id))
      .returning();
    if (o.unitId) {
      await addTodo(ctx, tx, {
        module: 'delivery',
        kind: 'rectification.reply',
        title: `整改未通过复核，请继续整改并回复（${await cadreName(tx, o.cadreId)}，${deadline} 前）`,
        link: `/delivery/rectifications/${id}`,
        recordType: 'delivery_rectification',
        recordId: id,
        assigneeRole: 'unit_admin',
        assigneeUnitId: o.unitId,
        dueAt: endOfLocalDay(deadline),
        sourceKey: `delivery.rectification.reply:${id}:${o.reopenCount + 1}`,
      });
    }
    audit({ action: 'delivery.rectification.reopen', objectType: 'delivery_rectification', objectId: id });
    return rectificationView(ctx, row!);
  });
}

/** Overdue is a state of open orders only: a closed order is never overdue. */
export function isOverdue(o: Pick<OrderRow, 'status' | 'deadline'>, today: string): boolean {
  return o.status === 'open' && o.deadline < today;
}

const deadlinePast = (path: string, message: string) =>
  new AppError('DELIVERY_DEADLINE_PAST', message, [{ path, message }]);

/** Orders by state, every state present (0 where none), and the overdue among the open. */
function countsOf(byStatus: { status: string; n: number; overdue: number }[]) {
  const n = (s: string) => byStatus.find((b) => b.status === s)?.n ?? 0;
  return {
    open: n('open'),
    replied: n('replied'),
    closed: n('closed'),
    cancelled: n('cancelled'),
    overdue: byStatus.reduce((sum, b) => sum + b.overdue, 0),
  };
}

/** All orders by state (the rectification board), within the actor's scope. */
export async function rectificationBoard(ctx: Ctx, q: z.infer<typeof BoardQuery>) {
  const today = localDay(ctx.clock.now());
  const scope = cadreScope(ctx.actor);
  let inScope: SQL | undefined;
  if (!scope.all) {
    const own: SQL[] = [];
    if (scope.unitIds.length) own.push(inArray(deliveryRectifications.unitId, scope.unitIds));
    if (scope.cadreIds.length) own.push(inArray(deliveryRectifications.cadreId, scope.cadreIds));
    if (!own.length) return { items: [], total: 0, counts: countsOf([]) };
    inScope = or(...own);
  }
  const parts: SQL[] = inScope ? [inScope] : [];
  if (q.unitId) parts.push(eq(deliveryRectifications.unitId, q.unitId));
  if (q.cadreId) parts.push(eq(deliveryRectifications.cadreId, q.cadreId));
  if (q.status === 'overdue')
    parts.push(and(eq(deliveryRectifications.status, 'open'), lt(deliveryRectifications.deadline, today))!);
  else if (q.status) parts.push(eq(deliveryRectifications.status, q.status));
  const where = parts.length ? and(...parts) : undefined;
  const list = await ctx.db
    .select({
      order: deliveryRectifications,
      description: deliveryFindings.description,
      kind: deliveryFindings.kind,
      cadreName: orgCadres.name,
      unitName: orgUnits.name,
    })
    .from(deliveryRectifications)
    .innerJoin(deliveryFindings, eq(deliveryFindings.id, deliveryRectifications.findingId))
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryRectifications.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, deliveryRectifications.unitId))
    .where(where)
    .orderBy(asc(deliveryRectifications.deadline), desc(deliveryRectifications.createdAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(deliveryRectifications)
    .where(where);
  const byStatus = await ctx.db
    .select({
      status: deliveryRectifications.status,
      n: count(),
      overdue:
        sql<number>`count(*) filter (where ${deliveryRectifications.status} = 'open' and ${deliveryRectifications.deadline} < ${today})`.mapWith(
          Number,
        ),
    })
    .from(deliveryRectifications)
    .where(inScope)
    .groupBy(deliveryRectifications.status);
  const counts = countsOf(byStatus);
  await recordAudit(ctx, {
    action: 'delivery.rectifications.read',
    objectType: 'delivery_rectification',
    objectId: null,
  });
  return {
    items: list.map((r) => ({
      ...orderFields(r.order, today),
      description: r.description,
      kind: r.kind as Verdict,
      cadreName: r.cadreName,
      unitName: r.unitName,
    })),
    total,
    counts,
  };
}

/** Findings about cadres in the actor's scope (the cadre sees their own; the unit its own). */
export async function listFindings(ctx: Ctx, f: z.infer<typeof FindingsQuery>) {
  const scope = cadreScope(ctx.actor);
  const parts: SQL[] = [];
  if (!scope.all) {
    const own: SQL[] = [];
    if (scope.unitIds.length) own.push(inArray(deliveryFindings.unitId, scope.unitIds));
    if (scope.cadreIds.length) own.push(inArray(deliveryFindings.cadreId, scope.cadreIds));
    if (!own.length) return [];
    parts.push(or(...own)!);
  }
  if (f.cadreId) parts.push(eq(deliveryFindings.cadreId, f.cadreId));
  if (f.status) parts.push(eq(deliveryFindings.status, f.status));
  const list = await ctx.db
    .select({ finding: deliveryFindings, cadreName: orgCadres.name, unitName: orgUnits.name })
    .from(deliveryFindings)
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryFindings.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, deliveryFindings.unitId))
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(desc(deliveryFindings.createdAt))
    .limit(500);
  await recordAudit(ctx, {
    action: 'delivery.findings.read',
    objectType: 'delivery_finding',
    objectId: null,
  });
  const today = localDay(ctx.clock.now());
  return list.map((r) => {
    const v = findingView(r.finding, today);
    return {
      id: v.id,
      checkId: v.checkId,
      planId: v.planId,
      cadreId: v.cadreId,
      kind: v.kind,
      description: v.description,
      status: v.status,
      explanationDue: v.explanationDue,
      explanationOverdue: v.explanationOverdue,
      createdAt: v.createdAt,
      cadreName: r.cadreName,
      unitName: r.unitName,
    };
  });
}

export async function getRectification(ctx: Ctx, id: string) {
  const [o] = await ctx.db.select().from(deliveryRectifications).where(eq(deliveryRectifications.id, id));
  if (!o) throw notFound('整改单');
  assertCanReadCadre(ctx, { id: o.cadreId, unitId: o.unitId });
  await recordAudit(ctx, {
    action: 'delivery.rectification.read',
    objectType: 'delivery_rectification',
    objectId: id,
  });
  return { order: rectificationView(ctx, o), finding: await getFinding(ctx, o.findingId) };
}
