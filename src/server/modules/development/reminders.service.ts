import { and, eq, like } from 'drizzle-orm';
import { addMonths, midDay } from '../../../analytics/development.ts';
import type { Tx } from '../../db/client.ts';
import { developmentPlans, developmentReviews, orgCadres, todoItems } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { addDays, endOfLocalDay } from '../../lib/time.ts';
import { addTodo, addTodoForCadre, cancelTodosOf } from '../todo/todo.service.ts';

/**
 * Review reminders on the to-do lists: the month's review on the mentor's list (the officers' when
 * the plan has no mentor), the mid-term and the end review on the officers' list two weeks before
 * they fall due. Each has a source key, so the daily job and the plan's own writes never make two.
 */

type PlanLike = Pick<
  typeof developmentPlans.$inferSelect,
  'id' | 'cadreId' | 'startsOn' | 'endsOn' | 'mentorCadreId' | 'status'
>;

const LEAD_DAYS = 14;
const monthKey = (planId: string, month: string) => `development.monthly:${planId}:${month}`;
const stageKey = (planId: string, kind: 'mid' | 'end', period: string) =>
  `development.${kind}:${planId}:${period}`;

export async function ensureReviewTodos(ctx: Ctx, tx: Tx, plan: PlanLike, today: string): Promise<void> {
  if (plan.status !== 'active') return;
  const [cadre] = await tx
    .select({ name: orgCadres.name })
    .from(orgCadres)
    .where(eq(orgCadres.id, plan.cadreId));
  const who = cadre?.name ?? '';
  const done = await tx
    .select({ kind: developmentReviews.kind, period: developmentReviews.period })
    .from(developmentReviews)
    .where(eq(developmentReviews.planId, plan.id));
  const has = (kind: string, period: string) => done.some((d) => d.kind === kind && d.period === period);
  const link = `/development/plans/${plan.id}`;
  const base = { module: 'development', link, recordType: 'development_plan', recordId: plan.id };

  const month = today.slice(0, 7);
  if (today >= plan.startsOn && month <= plan.endsOn.slice(0, 7) && !has('monthly', month)) {
    const lastDay = addDays(addMonths(`${month}-01`, 1), -1);
    const todo = {
      ...base,
      kind: 'development.review.monthly',
      title: `${who} 培养计划 ${month} 月度评议`,
      dueAt: endOfLocalDay([lastDay, plan.endsOn].sort()[0]!),
      sourceKey: monthKey(plan.id, month),
    };
    if (plan.mentorCadreId) {
      const [mentor] = await tx
        .select({ id: orgCadres.id, unitId: orgCadres.unitId })
        .from(orgCadres)
        .where(eq(orgCadres.id, plan.mentorCadreId));
      if (mentor) await addTodoForCadre(ctx, tx, mentor, todo);
    } else {
      await addTodo(ctx, tx, { ...todo, assigneeRole: 'assessment_officer' });
    }
  }
  const mid = midDay(plan.startsOn, plan.endsOn);
  if (today >= addDays(mid, -LEAD_DAYS) && !has('mid', 'mid')) {
    await addTodo(ctx, tx, {
      ...base,
      kind: 'development.review.mid',
      title: `${who} 培养计划中期评估`,
      assigneeRole: 'assessment_officer',
      dueAt: endOfLocalDay(mid),
      sourceKey: stageKey(plan.id, 'mid', 'mid'),
    });
  }
  if (today >= addDays(plan.endsOn, -LEAD_DAYS) && !has('end', plan.endsOn)) {
    await addTodo(ctx, tx, {
      ...base,
      kind: 'development.review.end',
      title: `${who} 培养计划期末评估`,
      assigneeRole: 'assessment_officer',
      dueAt: endOfLocalDay(plan.endsOn),
      sourceKey: stageKey(plan.id, 'end', plan.endsOn),
    });
  }
}

/** A review written closes the to-dos that asked for it. */
export async function closeReviewTodos(
  ctx: Ctx,
  tx: Tx,
  planId: string,
  kind: 'monthly' | 'mid' | 'end',
  period: string,
): Promise<void> {
  const key = kind === 'monthly' ? monthKey(planId, period) : stageKey(planId, kind, period);
  await tx
    .update(todoItems)
    .set({ status: 'done', doneAt: ctx.clock.now(), doneBy: ctx.actor?.userId ?? null })
    .where(and(eq(todoItems.status, 'open'), like(todoItems.sourceKey, `${key}%`)));
}

/** An ended plan asks for nothing more. */
export async function withdrawPlanTodos(ctx: Ctx, tx: Tx, planId: string): Promise<void> {
  await cancelTodosOf(ctx, tx, { recordType: 'development_plan', recordIds: [planId] });
}

/** The daily pass over the active plans. */
export async function remindReviews(ctx: Ctx, tx: Tx, today: string): Promise<number> {
  const plans = await tx.select().from(developmentPlans).where(eq(developmentPlans.status, 'active'));
  for (const p of plans) await ensureReviewTodos(ctx, tx, p, today);
  return plans.length;
}
