import { and, asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ASSESSMENT_CONCLUSIONS,
  ASSESSMENT_STATUSES,
  AssessmentBody,
  AssessmentConcludeBody,
  AssessmentQuery,
  TaskStatus,
} from '../../../common/contracts/keywork.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUsers,
  keyworkAssessments,
  keyworkFindings,
  keyworkInspections,
  keyworkTasks,
  keyworkTaskUnits,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { completeTodosOf } from '../todo/todo.service.ts';
import { chainFindings, NIL } from './inspections.service.ts';
import { assessmentCan } from './keywork.policy.ts';
import { assessmentTodo } from './keywork.todos.ts';

/** 专项研判: a unit's special assessments over its key tasks, and the units that call for one. */

type AssessmentRow = typeof keyworkAssessments.$inferSelect;

function assessmentView(a: AssessmentRow) {
  return {
    id: a.id,
    unitId: a.unitId,
    year: a.year,
    taskIds: a.taskIds as string[],
    findings: a.findings,
    measures: a.measures,
    status: a.status as (typeof ASSESSMENT_STATUSES)[number],
    conclusionKind: a.conclusionKind as (typeof ASSESSMENT_CONCLUSIONS)[number] | null,
    conclusion: a.conclusion,
    concludedAt: a.concludedAt,
    concludedBy: a.concludedBy,
    createdAt: a.createdAt,
  };
}

// ——— 专项研判 ———

async function loadAssessment(ex: Executor, id: string, lock = false) {
  const q = ex.select().from(keyworkAssessments).where(eq(keyworkAssessments.id, id));
  const [a] = lock ? await q.for('update') : await q;
  if (!a) throw notFound('专项研判');
  return a;
}

async function checkAssessmentTasks(tx: Tx, unitId: string, taskIds: string[]) {
  const ids = [...new Set(taskIds)];
  const rows = await tx
    .select({ id: keyworkTasks.id })
    .from(keyworkTasks)
    .where(
      and(
        inArray(keyworkTasks.id, ids),
        or(
          eq(keyworkTasks.leadUnitId, unitId),
          sql`exists (select 1 from ${keyworkTaskUnits} tu where tu.task_id = ${keyworkTasks.id} and tu.unit_id = ${unitId})`,
        ),
      ),
    );
  if (rows.length !== ids.length) throw fieldError('taskIds', '所选重点任务须由该单位牵头或配合');
  return ids;
}

export async function createAssessment(ctx: Ctx, body: z.infer<typeof AssessmentBody>) {
  return write(ctx, async (tx, audit) => {
    const [u] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, body.unitId));
    if (!u)
      throw new AppError('REFERENCE_INVALID', '所选单位不存在', [
        { path: 'body.unitId', message: '所选单位不存在' },
      ]);
    const taskIds = await checkAssessmentTasks(tx, body.unitId, body.taskIds);
    const [row] = await tx
      .insert(keyworkAssessments)
      .values({
        unitId: body.unitId,
        year: body.year,
        taskIds,
        findings: body.findings,
        measures: body.measures ?? null,
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('KEYWORK_ASSESSMENT_EXISTS');
    await assessmentTodo(ctx, tx, row);
    audit({ action: 'keywork.assessment.create', objectType: 'keywork_assessment', objectId: row.id });
    return assessmentView(row);
  });
}

export async function updateAssessment(ctx: Ctx, id: string, body: z.infer<typeof AssessmentBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadAssessment(tx, id, true);
    if (a.status !== 'draft') throw new AppError('KEYWORK_ASSESSMENT_CONCLUDED');
    if (a.unitId !== body.unitId) throw fieldError('unitId', '研判单位和年度不能修改');
    if (a.year !== body.year) throw fieldError('year', '研判单位和年度不能修改');
    const taskIds = await checkAssessmentTasks(tx, a.unitId, body.taskIds);
    const [row] = await tx
      .update(keyworkAssessments)
      .set({
        taskIds,
        findings: body.findings,
        measures: body.measures ?? null,
        updatedAt: ctx.clock.now(),
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(keyworkAssessments.id, id))
      .returning();
    audit({ action: 'keywork.assessment.update', objectType: 'keywork_assessment', objectId: id });
    return assessmentView(row!);
  });
}

/** A leader concludes a special assessment with the measures to be taken. */
export async function concludeAssessment(ctx: Ctx, id: string, body: z.infer<typeof AssessmentConcludeBody>) {
  return write(ctx, async (tx, audit) => {
    const a = await loadAssessment(tx, id, true);
    if (a.status !== 'draft') throw new AppError('KEYWORK_ASSESSMENT_CONCLUDED');
    const now = ctx.clock.now();
    const [row] = await tx
      .update(keyworkAssessments)
      .set({
        status: 'concluded',
        conclusionKind: body.kind,
        conclusion: body.conclusion,
        measures: body.measures,
        concludedAt: now,
        concludedBy: ctx.actor?.userId,
        updatedAt: now,
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(keyworkAssessments.id, id))
      .returning();
    await completeTodosOf(ctx, tx, { recordType: 'keywork_assessment', recordId: id });
    audit({ action: 'keywork.assessment.conclude', objectType: 'keywork_assessment', objectId: id });
    return assessmentView(row!);
  });
}

export async function listAssessments(ctx: Ctx, q: z.infer<typeof AssessmentQuery>) {
  const parts = [];
  if (q.year) parts.push(eq(keyworkAssessments.year, q.year));
  if (q.status) parts.push(eq(keyworkAssessments.status, q.status));
  const where = parts.length ? and(...parts) : undefined;
  const items = await ctx.db
    .select({
      id: keyworkAssessments.id,
      unitId: keyworkAssessments.unitId,
      unitName: orgUnits.name,
      year: keyworkAssessments.year,
      taskIds: keyworkAssessments.taskIds,
      status: keyworkAssessments.status,
      conclusionKind: keyworkAssessments.conclusionKind,
      concludedAt: keyworkAssessments.concludedAt,
      createdAt: keyworkAssessments.createdAt,
    })
    .from(keyworkAssessments)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkAssessments.unitId))
    .where(where)
    .orderBy(desc(keyworkAssessments.year), asc(orgUnits.name))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(keyworkAssessments).where(where);
  return {
    items: items.map(({ taskIds, ...i }) => ({
      ...i,
      status: i.status as (typeof ASSESSMENT_STATUSES)[number],
      conclusionKind: i.conclusionKind as (typeof ASSESSMENT_CONCLUSIONS)[number] | null,
      tasks: (taskIds as string[]).length,
    })),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getAssessment(ctx: Ctx, id: string) {
  const a = await loadAssessment(ctx.db, id);
  const [unit] = await ctx.db.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, a.unitId));
  const taskIds = a.taskIds as string[];
  const tasks = await ctx.db
    .select({
      id: keyworkTasks.id,
      title: keyworkTasks.title,
      status: keyworkTasks.status,
      dueOn: keyworkTasks.dueOn,
      leadUnitId: keyworkTasks.leadUnitId,
    })
    .from(keyworkTasks)
    .where(inArray(keyworkTasks.id, taskIds.concat(NIL)));
  // The findings about the unit's cadres in the inspections of those tasks: the evidence.
  const findings = await chainFindings(
    ctx.db,
    and(inArray(keyworkInspections.taskId, taskIds.concat(NIL)), eq(keyworkFindings.unitId, a.unitId))!,
  );
  const names = await ctx.db
    .select({ id: authUsers.id, name: authUsers.displayName })
    .from(authUsers)
    .where(inArray(authUsers.id, [a.createdBy, a.concludedBy].filter((x): x is string => !!x).concat(NIL)));
  await recordAudit(ctx, {
    action: 'keywork.assessment.read',
    objectType: 'keywork_assessment',
    objectId: id,
  });
  return {
    ...assessmentView(a),
    unitName: unit?.name ?? null,
    tasks: tasks.map(({ leadUnitId, ...t }) => ({
      ...t,
      status: t.status as TaskStatus,
      lead: leadUnitId === a.unitId,
    })),
    cadreFindings: findings,
    createdByName: names.find((n) => n.id === a.createdBy)?.name ?? null,
    concludedByName: names.find((n) => n.id === a.concludedBy)?.name ?? null,
    can: assessmentCan(ctx.actor, a),
  };
}

/**
 * Units with key tasks judged 推进不力: concluded inspections whose findings hold cadres of the
 * unit responsible for holding a task up, counted per unit, for the year.
 */
export async function assessmentCandidates(ctx: Ctx, year: number) {
  const rows = await ctx.db
    .select({
      unitId: keyworkFindings.unitId,
      unitName: orgUnits.name,
      findings: count(),
      tasks: sql<number>`count(distinct ${keyworkInspections.taskId})`.mapWith(Number),
      taskIds: sql<string[]>`jsonb_agg(distinct ${keyworkInspections.taskId})`,
      assessed: sql<boolean>`exists (select 1 from ${keyworkAssessments} a where a.unit_id = ${keyworkFindings.unitId} and a.year = ${year})`,
    })
    .from(keyworkFindings)
    .innerJoin(keyworkInspections, eq(keyworkInspections.id, keyworkFindings.inspectionId))
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkFindings.unitId))
    .where(
      and(
        eq(keyworkInspections.status, 'concluded'),
        eq(keyworkFindings.effect, 'held_up'),
        sql`extract(year from ${keyworkInspections.concludedAt} at time zone 'Asia/Shanghai') = ${year}`,
      ),
    )
    .groupBy(keyworkFindings.unitId, orgUnits.name)
    .orderBy(desc(count()), asc(orgUnits.name));
  return { items: rows.map((r) => ({ ...r, unitId: r.unitId! })) };
}
