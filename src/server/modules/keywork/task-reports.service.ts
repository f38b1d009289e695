import { desc, eq } from 'drizzle-orm';
import type { ReportBody } from '../../../common/contracts/keywork.ts';
import type { Tx } from '../../db/client.ts';
import {
  keyworkMilestoneSlips,
  keyworkMilestones,
  keyworkReports,
  keyworkRequests,
  keyworkTaskUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { enqueue, wakeJobs } from '../system/jobs.service.ts';
import { addTodo, completeTodosOf } from '../todo/todo.service.ts';
import { assertAddressee, assertLeadUnit } from './keywork.policy.ts';
import { plannedAt } from './keywork.rules.ts';
import { PERIOD_RECORD, periodRecordId } from './reminders.service.ts';
import { loadTask, periodTable, reportView, slipView } from './tasks.service.ts';

/** A task's running record: milestone slips and completions, progress reports and the coordination requests in them. */

async function loadMilestone(tx: Tx, id: string) {
  const [m] = await tx.select().from(keyworkMilestones).where(eq(keyworkMilestones.id, id)).for('update');
  if (!m) throw notFound('节点');
  return m;
}

/** Moves a milestone's planned date; the change is kept as a slip and the rules look again. */
export async function slipMilestone(ctx: Ctx, id: string, body: { plannedOn: string; reason: string }) {
  const out = await write(ctx, async (tx, audit) => {
    const m = await loadMilestone(tx, id);
    if (m.doneOn) throw new AppError('KEYWORK_MILESTONE_DONE');
    if (body.plannedOn === m.plannedOn) throw fieldError('plannedOn', '新的计划日期与当前相同');
    const t = await loadTask(tx, m.taskId);
    if (body.plannedOn < t.startsOn) throw fieldError('plannedOn', '计划日期不能早于任务开始日期');
    const [slip] = await tx
      .insert(keyworkMilestoneSlips)
      .values({
        milestoneId: id,
        fromOn: m.plannedOn,
        toOn: body.plannedOn,
        reason: body.reason,
        createdBy: ctx.actor?.userId,
      })
      .returning();
    await tx.update(keyworkMilestones).set({ plannedOn: body.plannedOn }).where(eq(keyworkMilestones.id, id));
    await enqueueEvaluation(tx, ctx, m.taskId, `slip:${slip!.id}`);
    audit({ action: 'keywork.milestone.slip', objectType: 'keywork_milestone', objectId: id });
    return slipView(slip!);
  });
  wakeJobs();
  return out;
}

export async function completeMilestone(ctx: Ctx, id: string, body: { doneOn: string }) {
  return write(ctx, async (tx, audit) => {
    const m = await loadMilestone(tx, id);
    if (m.doneOn) throw new AppError('KEYWORK_MILESTONE_DONE');
    if (body.doneOn > localDay(ctx.clock.now())) throw fieldError('doneOn', '完成日期不能晚于今天');
    const t = await loadTask(tx, m.taskId);
    if (body.doneOn < t.startsOn) throw fieldError('doneOn', '完成日期不能早于任务开始日期');
    const [row] = await tx
      .update(keyworkMilestones)
      .set({ doneOn: body.doneOn, doneBy: ctx.actor?.userId })
      .where(eq(keyworkMilestones.id, id))
      .returning();
    audit({ action: 'keywork.milestone.done', objectType: 'keywork_milestone', objectId: id });
    return { id: row!.id, doneOn: row!.doneOn! };
  });
}

export async function enqueueEvaluation(tx: Tx, ctx: Ctx, taskId: string | null, key: string) {
  await enqueue(tx, {
    kind: 'keywork.evaluate',
    payload: taskId ? { taskId } : {},
    runAt: ctx.clock.now(),
    uniqueKey: `keywork.evaluate:${key}`,
    createdBy: ctx.actor?.userId ?? null,
  });
}

/**
 * The lead unit's progress report: for the period just ended while its report is still due, or
 * else the current period. A missed period stays missed. Coordination requests go to
 * cooperating units' to-do lists with their deadline; then the trigger rules look at the task.
 */
export async function submitReport(ctx: Ctx, taskId: string, body: ReportBody) {
  const out = await write(ctx, async (tx, audit) => {
    const t = await loadTask(tx, taskId);
    assertLeadUnit(ctx, t.leadUnitId);
    if (t.status !== 'active') throw new AppError('KEYWORK_TASK_CLOSED');
    const now = ctx.clock.now();
    const today = localDay(now);
    if (today < t.startsOn) throw new AppError('KEYWORK_TASK_NOT_STARTED');
    const periods = await periodTable(tx, t, today);
    const due = periods.filter((p) => p.status === 'open');
    const period = due.find((p) => p.periodEnd < today) ?? due.find((p) => p.periodEnd >= today);
    if (!period) throw new AppError('KEYWORK_NO_OPEN_PERIOD');
    const [prev] = await tx
      .select({ progress: keyworkReports.progress, periodEnd: keyworkReports.periodEnd })
      .from(keyworkReports)
      .where(eq(keyworkReports.taskId, taskId))
      .orderBy(desc(keyworkReports.periodEnd))
      .limit(1);
    if (prev && body.progress < Number(prev.progress))
      throw fieldError(
        'progress',
        `累计进度不能低于上次（截至 ${prev.periodEnd}）报送的 ${Number(prev.progress)}%`,
      );
    const coop = new Set(
      (
        await tx
          .select({ u: keyworkTaskUnits.unitId })
          .from(keyworkTaskUnits)
          .where(eq(keyworkTaskUnits.taskId, taskId))
      ).map((r) => r.u),
    );
    body.requests.forEach((r, i) => {
      if (!coop.has(r.toUnitId))
        throw fieldError(`requests.${i}.toUnitId`, '协调事项只能提给本任务的配合单位');
      if (r.dueOn < today) throw fieldError(`requests.${i}.dueOn`, '协调事项的答复期限不能早于今天');
    });
    const ms = await tx
      .select({ on: keyworkMilestones.baselineOn, progress: keyworkMilestones.plannedProgress })
      .from(keyworkMilestones)
      .where(eq(keyworkMilestones.taskId, taskId));
    const planned = plannedAt(
      t.startsOn,
      ms.map((m) => ({ on: m.on, progress: Number(m.progress) })),
      period.periodEnd,
    );
    const [report] = await tx
      .insert(keyworkReports)
      .values({
        taskId,
        periodEnd: period.periodEnd,
        dueOn: period.dueOn,
        progress: String(body.progress),
        plannedProgress: String(planned),
        summary: body.summary,
        problems: body.problems ?? null,
        submittedAt: now,
        submittedBy: ctx.actor?.userId ?? null,
      })
      .returning();
    for (const r of body.requests) {
      const [req] = await tx
        .insert(keyworkRequests)
        .values({
          reportId: report!.id,
          taskId,
          toUnitId: r.toUnitId,
          content: r.content,
          dueOn: r.dueOn,
          createdBy: ctx.actor?.userId,
        })
        .returning();
      await addTodo(ctx, tx, {
        module: 'keywork',
        kind: 'request',
        title: `答复重点任务协调事项：${t.title}（${r.dueOn} 前）`,
        link: `/keywork/tasks/${taskId}`,
        recordType: 'keywork_request',
        recordId: req!.id,
        assigneeRole: 'unit_admin',
        assigneeUnitId: r.toUnitId,
        dueAt: new Date(`${r.dueOn}T23:59:59.999+08:00`),
        sourceKey: `keywork.request:${req!.id}`,
      });
    }
    await completeTodosOf(ctx, tx, {
      recordType: PERIOD_RECORD,
      recordId: periodRecordId(taskId, period.periodEnd),
    });
    await enqueueEvaluation(tx, ctx, taskId, `report:${report!.id}`);
    audit({ action: 'keywork.report.submit', objectType: 'keywork_task', objectId: taskId });
    return reportView(report!);
  });
  wakeJobs();
  return out;
}

/** A cooperating unit answers a coordination request addressed to it. */
export async function answerRequest(ctx: Ctx, id: string, body: { answer: string }) {
  return write(ctx, async (tx, audit) => {
    const [r] = await tx.select().from(keyworkRequests).where(eq(keyworkRequests.id, id)).for('update');
    if (!r) throw notFound('协调事项');
    assertAddressee(ctx, r.toUnitId);
    if (r.answeredAt) throw new AppError('KEYWORK_REQUEST_ANSWERED');
    const [row] = await tx
      .update(keyworkRequests)
      .set({ answer: body.answer, answeredAt: ctx.clock.now(), answeredBy: ctx.actor?.userId })
      .where(eq(keyworkRequests.id, id))
      .returning();
    await completeTodosOf(ctx, tx, { recordType: 'keywork_request', recordId: id });
    audit({ action: 'keywork.request.answer', objectType: 'keywork_request', objectId: id });
    return { id: row!.id, answer: row!.answer!, answeredAt: row!.answeredAt! };
  });
}
