import { and, asc, count, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type BoardQuery,
  type DecideBody,
  type FinalizeBody,
  type RecheckBody,
  VERDICT_LABELS,
  type Verdict,
} from '../../../common/contracts/delivery.ts';
import type { Tx } from '../../db/client.ts';
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
import { addTodo, addTodoForCadre, completeTodosOf } from '../todo/todo.service.ts';
import { assertCanActFor, assertCanReadCadre, isOrgDept, isSelf } from './delivery.policy.ts';

/** Working days after a finding becomes final in which the cadre may appeal. */
export const APPEAL_WORKING_DAYS = 5;
/** The default time to rectify, in working days. */
export const RECTIFY_WORKING_DAYS = 20;

type FindingRow = typeof deliveryFindings.$inferSelect;
type OrderRow = typeof deliveryRectifications.$inferSelect;

async function lockFinding(tx: Tx, id: string): Promise<FindingRow> {
  const [f] = await tx.select().from(deliveryFindings).where(eq(deliveryFindings.id, id)).for('update');
  if (!f) throw notFound('考察发现');
  return f;
}

async function workingDayAfter(tx: Tx, from: string, n: number): Promise<string> {
  const cal = await loadCalendar(tx, from, `${Number(from.slice(0, 4)) + 1}-06-30`);
  return cal.addWorkingDays(from, n);
}

/** A finding with its check, item and plan, for the people who may see it. */
export async function getFinding(ctx: Ctx, id: string) {
  const [r] = await ctx.db
    .select({
      finding: deliveryFindings,
      check: deliveryChecks,
      itemTitle: deliveryItems.title,
      planTitle: deliveryPlans.title,
      planStatus: deliveryPlans.status,
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
  assertCanReadCadre(ctx, { id: r.finding.cadreId, unitId: r.finding.unitId });
  const [order] = await ctx.db
    .select()
    .from(deliveryRectifications)
    .where(eq(deliveryRectifications.findingId, id));
  await recordAudit(ctx, { action: 'delivery.finding.read', objectType: 'delivery_finding', objectId: id });
  return { ...r, rectification: order ? withOverdue(order, localDay(ctx.clock.now())) : null };
}

/** The cadre (or their unit) explains, within the stated working days. */
export async function explainFinding(ctx: Ctx, id: string, text: string) {
  return write(ctx, async (tx, audit) => {
    const f = await lockFinding(tx, id);
    assertCanActFor(ctx, { id: f.cadreId, unitId: f.unitId });
    if (f.status !== 'explaining') throw new AppError('CONFLICT', '该发现已不在说明阶段');
    const today = localDay(ctx.clock.now());
    if (today > f.explanationDue) throw new AppError('CONFLICT', `说明期限（${f.explanationDue}）已过`);
    await tx
      .update(deliveryFindings)
      .set({
        status: 'explained',
        explanation: text,
        explainedAt: ctx.clock.now(),
        explainedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryFindings.id, id));
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id, kind: 'finding.explain' });
    const [plan] = await tx.select().from(deliveryPlans).where(eq(deliveryPlans.id, f.planId));
    await addTodo(ctx, tx, {
      module: 'delivery',
      kind: 'finding.respond',
      title: '答复干部对考察发现的说明',
      link: `/delivery/findings/${id}`,
      recordType: 'delivery_finding',
      recordId: id,
      ...(plan?.createdBy
        ? { assigneeUserId: plan.createdBy }
        : { assigneeRole: 'assessment_officer' as const }),
      sourceKey: `delivery.finding.respond:${id}`,
    });
    audit({ action: 'delivery.finding.explain', objectType: 'delivery_finding', objectId: id });
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
      throw new AppError('CONFLICT', `干部说明期限为 ${f.explanationDue}，期满或收到说明后才能答复认定`);
    }
    if (f.status !== 'explaining' && f.status !== 'explained')
      throw new AppError('CONFLICT', '该发现已经答复');
    const now = ctx.clock.now();
    const by = ctx.actor?.userId ?? null;
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id });
    if (body.decision === 'withdraw') {
      await tx
        .update(deliveryFindings)
        .set({ status: 'withdrawn', response: body.response })
        .where(eq(deliveryFindings.id, id));
      audit({ action: 'delivery.finding.withdraw', objectType: 'delivery_finding', objectId: id });
      return { status: 'withdrawn' as const, rectification: null };
    }
    if (!body.requirement?.trim()) throw new AppError('VALIDATION_FAILED', '认定问题须写明整改要求');
    const deadline = body.deadline ?? (await workingDayAfter(tx, today, RECTIFY_WORKING_DAYS));
    if (deadline <= today) throw new AppError('VALIDATION_FAILED', '整改期限应晚于今天');
    await tx
      .update(deliveryFindings)
      .set({ status: 'final', response: body.response, finalAt: now, finalBy: by })
      .where(eq(deliveryFindings.id, id));
    const [order] = await tx
      .insert(deliveryRectifications)
      .values({
        findingId: id,
        unitId: f.unitId,
        cadreId: f.cadreId,
        requirement: body.requirement,
        deadline,
        createdBy: by,
      })
      .returning();
    await noteOnTimeline(
      tx,
      f,
      today,
      `对账考察发现问题（${VERDICT_LABELS[f.kind as Verdict]}），限期 ${deadline} 整改`,
      by,
    );
    if (f.unitId) {
      await addTodo(ctx, tx, {
        module: 'delivery',
        kind: 'rectification.reply',
        title: `整改并回复：${f.description.slice(0, 40)}`,
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
        title: `考察发现已认定（可在 ${APPEAL_WORKING_DAYS} 个工作日内申诉）`,
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
    return { status: 'final' as const, rectification: order! };
  });
}

async function noteOnTimeline(
  tx: Tx,
  f: FindingRow,
  day: string,
  title: string,
  by: string | null,
  kind = 'finding',
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
    if (f.status !== 'final') throw new AppError('CONFLICT', '只有已认定的问题可以申诉');
    if (f.appealedAt) throw new AppError('CONFLICT', '该问题已申诉过一次');
    const until = await workingDayAfter(tx, localDay(f.finalAt!), APPEAL_WORKING_DAYS);
    if (localDay(ctx.clock.now()) > until) throw new AppError('CONFLICT', `申诉期限（${until}）已过`);
    await tx
      .update(deliveryFindings)
      .set({
        status: 'appealed',
        appeal: text,
        appealedAt: ctx.clock.now(),
        appealedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryFindings.id, id));
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id, kind: 'finding.final' });
    await addTodo(ctx, tx, {
      module: 'delivery',
      kind: 'finding.decide',
      title: '决定干部对考察发现的申诉',
      link: `/delivery/findings/${id}`,
      recordType: 'delivery_finding',
      recordId: id,
      assigneeRole: 'org_leader',
      sourceKey: `delivery.finding.decide:${id}`,
    });
    audit({ action: 'delivery.finding.appeal', objectType: 'delivery_finding', objectId: id });
  });
}

/** A leader decides an appeal: upheld (the finding stands) or overturned (withdrawn, order cancelled). */
export async function decideAppeal(ctx: Ctx, id: string, body: z.infer<typeof DecideBody>) {
  return write(ctx, async (tx, audit) => {
    const f = await lockFinding(tx, id);
    if (f.status !== 'appealed') throw new AppError('CONFLICT', '该问题没有待决定的申诉');
    if (isSelf(ctx, f.cadreId)) throw new AppError('SELF_ACTION_FORBIDDEN', '不能决定本人的申诉');
    const now = ctx.clock.now();
    const overturned = body.decision === 'overturned';
    await tx
      .update(deliveryFindings)
      .set({
        status: overturned ? 'withdrawn' : 'final',
        ...(overturned ? { withdrawnAt: now, withdrawnBy: ctx.actor?.userId ?? null } : {}),
        appealDecision: body.decision,
        appealReason: body.reason,
        decidedAt: now,
        decidedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryFindings.id, id));
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
      await noteOnTimeline(
        tx,
        f,
        localDay(now),
        '申诉成立，考察发现撤销',
        ctx.actor?.userId ?? null,
        'finding.overturned',
      );
    }
    await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: id, kind: 'finding.decide' });
    audit({ action: `delivery.appeal.${body.decision}`, objectType: 'delivery_finding', objectId: id });
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
    const ok = isOrgDept(ctx.actor)
      ? false
      : ctx.actor?.grants.some(
          (g) =>
            (g.role === 'unit_admin' && g.unitId === o.unitId) ||
            (g.role === 'cadre' && g.cadreId === o.cadreId),
        );
    if (!ok) throw new AppError('FORBIDDEN', '只能回复本单位（或本人）的整改单');
    if (o.status !== 'open')
      throw new AppError('CONFLICT', o.status === 'replied' ? '已回复，等待复核' : '整改单已结束');
    await tx
      .update(deliveryRectifications)
      .set({
        status: 'replied',
        reply: text,
        repliedAt: ctx.clock.now(),
        repliedBy: ctx.actor?.userId ?? null,
      })
      .where(eq(deliveryRectifications.id, id));
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
      title: '复核整改回复',
      link: `/delivery/rectifications/${id}`,
      recordType: 'delivery_rectification',
      recordId: id,
      ...(plan?.createdBy
        ? { assigneeUserId: plan.createdBy }
        : { assigneeRole: 'assessment_officer' as const }),
      sourceKey: `delivery.rectification.recheck:${id}:${o.reopenCount}`,
    });
    audit({ action: 'delivery.rectification.reply', objectType: 'delivery_rectification', objectId: id });
  });
}

/**
 * The officer re-checks a reply and closes the order (销号) or reopens it with a new deadline.
 * Whoever replied cannot be the one who closes.
 */
export async function recheckRectification(ctx: Ctx, id: string, body: z.infer<typeof RecheckBody>) {
  return write(ctx, async (tx, audit) => {
    const o = await lockOrder(tx, id);
    if (o.status !== 'replied') throw new AppError('CONFLICT', '整改单尚未回复，不能复核');
    if (o.repliedBy && o.repliedBy === ctx.actor?.userId)
      throw new AppError('SELF_ACTION_FORBIDDEN', '回复人不能复核自己的整改');
    if (isSelf(ctx, o.cadreId)) throw new AppError('SELF_ACTION_FORBIDDEN', '不能复核本人的整改');
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
      if (f) await noteOnTimeline(tx, f, today, '整改完成，复核销号', by, 'rectification.closed');
      audit({ action: 'delivery.rectification.close', objectType: 'delivery_rectification', objectId: id });
      return row!;
    }
    const deadline = body.deadline ?? (await workingDayAfter(tx, today, 10));
    if (deadline <= today) throw new AppError('VALIDATION_FAILED', '新的整改期限应晚于今天');
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
        title: `整改未通过复核，请继续整改并回复（${deadline} 前）`,
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
    return row!;
  });
}

/** Overdue is a state of open orders only: a closed order is never overdue. */
export function isOverdue(o: Pick<OrderRow, 'status' | 'deadline'>, today: string): boolean {
  return o.status === 'open' && o.deadline < today;
}

function withOverdue(o: OrderRow, today: string) {
  return { ...o, overdue: isOverdue(o, today) };
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
    if (!own.length) return { items: [], total: 0, counts: {} };
    inScope = or(...own);
  }
  const parts: SQL[] = inScope ? [inScope] : [];
  if (q.unitId) parts.push(eq(deliveryRectifications.unitId, q.unitId));
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
  const counts: Record<string, number> = Object.fromEntries(byStatus.map((b) => [b.status, b.n]));
  counts.overdue = byStatus.reduce((n, b) => n + b.overdue, 0);
  await recordAudit(ctx, {
    action: 'delivery.rectifications.read',
    objectType: 'delivery_rectification',
    objectId: null,
  });
  return {
    items: list.map((r) => ({
      ...withOverdue(r.order, today),
      description: r.description,
      kind: r.kind,
      cadreName: r.cadreName,
      unitName: r.unitName,
    })),
    total,
    counts,
  };
}

/** Findings about cadres in the actor's scope (the cadre sees their own; the unit its own). */
export async function listFindings(ctx: Ctx, f: { cadreId?: string; status?: string }) {
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
  return list.map((r) => ({ ...r.finding, cadreName: r.cadreName, unitName: r.unitName }));
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
  return { order: withOverdue(o, localDay(ctx.clock.now())), finding: await getFinding(ctx, o.findingId) };
}
