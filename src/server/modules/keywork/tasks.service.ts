import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Cadence,
  MeetingKind,
  MilestoneInput,
  TaskBody,
  TaskQuery,
  TaskRole,
  TaskStatus,
  TaskUpdateBody,
} from '../../../common/contracts/keywork.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  keyworkInspections,
  keyworkMeetings,
  keyworkMilestoneSlips,
  keyworkMilestones,
  keyworkReports,
  keyworkRequests,
  keyworkTaskCadres,
  keyworkTasks,
  keyworkTaskUnits,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isOrgDept } from '../org/org.policy.ts';
import { actorUnits, milestoneCan, requestCan, taskCan, tasksCan } from './keywork.policy.ts';
import { plannedAt } from './keywork.rules.ts';
import { periodsOf, scheduleReportTodos, withdrawReportTodos } from './reminders.service.ts';

/**
 * 重点任务 as the joint office runs them: tasks decided at city-level meetings with their units,
 * cadres and milestones (meetings in meetings.service.ts; the lead unit's progress reports and the
 * coordination requests in them in task-reports.service.ts).
 */

export type TaskRow = typeof keyworkTasks.$inferSelect;

export async function loadTask(ex: Executor, id: string): Promise<TaskRow> {
  const [t] = await ex.select().from(keyworkTasks).where(eq(keyworkTasks.id, id));
  if (!t) throw notFound('重点任务');
  return t;
}

// ——— views ———

type MilestoneRow = typeof keyworkMilestones.$inferSelect;
type ReportRow = typeof keyworkReports.$inferSelect;
type SlipRow = typeof keyworkMilestoneSlips.$inferSelect;
function taskBase(t: TaskRow) {
  return {
    id: t.id,
    title: t.title,
    meetingId: t.meetingId,
    domain: t.domain,
    description: t.description,
    leadUnitId: t.leadUnitId,
    cadence: t.cadence as Cadence,
    startsOn: t.startsOn,
    dueOn: t.dueOn,
    status: t.status as TaskStatus,
  };
}

export const taskView = (t: TaskRow) => ({ ...taskBase(t), updatedAt: t.updatedAt });

export const slipView = (s: SlipRow) => ({
  id: s.id,
  fromOn: s.fromOn,
  toOn: s.toOn,
  reason: s.reason,
  createdAt: s.createdAt,
});

function milestoneSavedView(m: MilestoneRow) {
  return {
    id: m.id,
    seq: m.seq,
    title: m.title,
    baselineOn: m.baselineOn,
    plannedOn: m.plannedOn,
    plannedProgress: Number(m.plannedProgress),
    doneOn: m.doneOn,
    responsibleCadreId: m.responsibleCadreId,
  };
}

export const reportView = (r: ReportRow) => ({
  id: r.id,
  periodEnd: r.periodEnd,
  dueOn: r.dueOn,
  progress: Number(r.progress),
  plannedProgress: Number(r.plannedProgress),
  summary: r.summary,
  problems: r.problems,
  submittedAt: r.submittedAt,
});

/** SQL: the task is led by, or involves, one of these units. */
export function taskOfUnits(unitIds: string[]): SQL {
  if (unitIds.length === 0) return sql`false`;
  return or(
    inArray(keyworkTasks.leadUnitId, unitIds),
    sql`exists (select 1 from ${keyworkTaskUnits} tu where tu.task_id = ${keyworkTasks.id} and tu.unit_id in (${sql.join(
      unitIds.map((u) => sql`${u}::uuid`),
      sql`, `,
    )}))`,
  )!;
}

async function assertTaskVisible(ctx: Ctx, t: TaskRow) {
  const units = actorUnits(ctx.actor);
  if (!units) return;
  const [hit] = await ctx.db
    .select({ id: keyworkTasks.id })
    .from(keyworkTasks)
    .where(and(eq(keyworkTasks.id, t.id), taskOfUnits(units)));
  if (!hit) throw notFound('重点任务');
}

// ——— tasks ———

async function checkUnits(tx: Tx, ids: string[]) {
  const found = await tx.select({ id: orgUnits.id }).from(orgUnits).where(inArray(orgUnits.id, ids));
  if (found.length !== new Set(ids).size) throw new AppError('REFERENCE_INVALID', '所选单位不存在');
}

/** A new milestone: its planned date is also its baseline, which never changes. */
function milestoneRow(ctx: Ctx, taskId: string, seq: number, m: MilestoneInput) {
  return {
    taskId,
    seq,
    title: m.title,
    baselineOn: m.plannedOn,
    plannedOn: m.plannedOn,
    plannedProgress: String(m.plannedProgress),
    responsibleCadreId: m.responsibleCadreId ?? null,
    createdBy: ctx.actor?.userId,
  };
}

/** The cadres named in a task, each existing and in office; by id, with their unit. */
async function checkCadres(tx: Tx, ids: string[]) {
  const cadres = ids.length
    ? await tx
        .select({
          id: orgCadres.id,
          unitId: orgCadres.unitId,
          status: orgCadres.status,
          name: orgCadres.name,
        })
        .from(orgCadres)
        .where(inArray(orgCadres.id, ids))
    : [];
  const byId = new Map(cadres.map((c) => [c.id, c]));
  for (const id of ids) {
    const c = byId.get(id);
    if (!c) throw new AppError('REFERENCE_INVALID', '所选干部不存在');
    if (c.status !== 'active') throw fieldError('cadres', `${c.name} 已不在职，不能列为任务责任人`);
  }
  return byId;
}

/** Creates a key task decided at a meeting, with its units, cadres and milestones. */
export async function createTask(ctx: Ctx, body: TaskBody) {
  return write(ctx, async (tx, audit) => {
    const [m] = await tx.select().from(keyworkMeetings).where(eq(keyworkMeetings.id, body.meetingId));
    if (!m) throw new AppError('REFERENCE_INVALID', '所选会议不存在');
    if (body.startsOn < m.heldOn) throw fieldError('startsOn', '任务开始日期不能早于部署它的会议');
    await checkUnits(tx, [body.leadUnitId, ...body.cooperatingUnitIds]);
    const cadreIds = [
      ...body.cadres.map((c) => c.cadreId),
      ...body.milestones.flatMap((x) => (x.responsibleCadreId ? [x.responsibleCadreId] : [])),
    ];
    const byId = await checkCadres(tx, cadreIds);
    const listed = new Set(body.cadres.map((c) => c.cadreId));
    for (const x of body.milestones)
      if (x.responsibleCadreId && !listed.has(x.responsibleCadreId))
        throw fieldError('milestones', `节点“${x.title}”的责任人须是本任务的责任领导或专班成员`);
    const [task] = await tx
      .insert(keyworkTasks)
      .values({
        title: body.title,
        meetingId: body.meetingId,
        domain: body.domain ?? null,
        description: body.description ?? null,
        leadUnitId: body.leadUnitId,
        cadence: body.cadence,
        startsOn: body.startsOn,
        dueOn: body.dueOn,
        createdBy: ctx.actor?.userId,
        updatedBy: ctx.actor?.userId,
      })
      .returning();
    if (body.cooperatingUnitIds.length)
      await tx
        .insert(keyworkTaskUnits)
        .values([...new Set(body.cooperatingUnitIds)].map((unitId) => ({ taskId: task!.id, unitId })));
    if (body.cadres.length)
      await tx.insert(keyworkTaskCadres).values(
        body.cadres.map((c) => ({
          taskId: task!.id,
          cadreId: c.cadreId,
          unitId: byId.get(c.cadreId)!.unitId,
          role: c.role,
          part: c.part ?? null,
        })),
      );
    const ms = [...body.milestones].sort((a, b) => a.plannedOn.localeCompare(b.plannedOn));
    await tx.insert(keyworkMilestones).values(ms.map((x, i) => milestoneRow(ctx, task!.id, i + 1, x)));
    await scheduleReportTodos(ctx, tx, [task!.id]);
    audit({ action: 'keywork.task.create', objectType: 'keywork_task', objectId: task!.id });
    return taskView(task!);
  });
}

const orNull = (v: string | null | undefined) => v || null;

/** A task's basics as the edit form holds them, in a stable order (to tell a change from none). */
async function basicsOf(tx: Tx, t: TaskRow) {
  const coop = await tx
    .select({ unitId: keyworkTaskUnits.unitId })
    .from(keyworkTaskUnits)
    .where(eq(keyworkTaskUnits.taskId, t.id));
  const cadres = await tx
    .select({
      cadreId: keyworkTaskCadres.cadreId,
      role: keyworkTaskCadres.role,
      part: keyworkTaskCadres.part,
    })
    .from(keyworkTaskCadres)
    .where(eq(keyworkTaskCadres.taskId, t.id));
  return normaliseBasics({ ...t, cooperatingUnitIds: coop.map((c) => c.unitId), cadres });
}

function normaliseBasics(b: {
  title: string;
  domain?: string | null;
  description?: string | null;
  leadUnitId: string;
  cadence: string;
  cooperatingUnitIds: string[];
  cadres: { cadreId: string; role: string; part?: string | null }[];
}) {
  return {
    title: b.title,
    domain: orNull(b.domain),
    description: orNull(b.description),
    leadUnitId: b.leadUnitId,
    cadence: b.cadence,
    cooperatingUnitIds: [...new Set(b.cooperatingUnitIds)].sort(),
    cadres: b.cadres
      .map((c) => ({ cadreId: c.cadreId, role: c.role, part: orNull(c.part) }))
      .sort((x, y) => x.cadreId.localeCompare(y.cadreId)),
  };
}

/**
 * Corrects a task's basics. Once a report exists the lead unit and the cadence stay (the reports
 * are the lead unit's, one per period of that cadence); a cooperating unit with coordination
 * requests and a cadre responsible for a milestone stay on the task.
 */
export async function updateTask(ctx: Ctx, id: string, body: TaskUpdateBody) {
  return write(ctx, async (tx, audit) => {
    const [t] = await tx.select().from(keyworkTasks).where(eq(keyworkTasks.id, id)).for('update');
    if (!t) throw notFound('重点任务');
    const before = await basicsOf(tx, t);
    const after = normaliseBasics(body);
    if (JSON.stringify(before) === JSON.stringify(after)) throw new AppError('KEYWORK_TASK_UNCHANGED');
    const leadChanged = before.leadUnitId !== after.leadUnitId;
    if (leadChanged || before.cadence !== after.cadence) {
      const [reported] = await tx
        .select({ id: keyworkReports.id })
        .from(keyworkReports)
        .where(eq(keyworkReports.taskId, id))
        .limit(1);
      if (reported)
        throw new AppError(
          'KEYWORK_TASK_REPORTED',
          leadChanged
            ? '该任务已有进度报送，不能更换牵头单位：已报送的进度属于原牵头单位'
            : '该任务已有进度报送，不能更改报送频次：已报送的进度按原频次分期',
        );
    }
    await checkUnits(tx, [after.leadUnitId, ...after.cooperatingUnitIds]);
    const droppedUnits = before.cooperatingUnitIds.filter((u) => !after.cooperatingUnitIds.includes(u));
    if (droppedUnits.length) {
      const [asked] = await tx
        .select({ name: orgUnits.name })
        .from(keyworkRequests)
        .innerJoin(orgUnits, eq(orgUnits.id, keyworkRequests.toUnitId))
        .where(and(eq(keyworkRequests.taskId, id), inArray(keyworkRequests.toUnitId, droppedUnits)))
        .limit(1);
      if (asked)
        throw new AppError('KEYWORK_TASK_IN_USE', `${asked.name}有本任务的协调事项，不能从配合单位中删除`);
    }
    const kept = new Map(before.cadres.map((c) => [c.cadreId, c]));
    const listed = new Set(after.cadres.map((c) => c.cadreId));
    const droppedCadres = before.cadres.map((c) => c.cadreId).filter((c) => !listed.has(c));
    if (droppedCadres.length) {
      const [m] = await tx
        .select({ title: keyworkMilestones.title, name: orgCadres.name })
        .from(keyworkMilestones)
        .innerJoin(orgCadres, eq(orgCadres.id, keyworkMilestones.responsibleCadreId))
        .where(
          and(eq(keyworkMilestones.taskId, id), inArray(keyworkMilestones.responsibleCadreId, droppedCadres)),
        )
        .limit(1);
      if (m)
        throw new AppError('KEYWORK_TASK_IN_USE', `${m.name}是节点“${m.title}”的责任人，不能从任务中删除`);
    }
    // Cadres already on the task keep the unit they were assigned from, even if since retired.
    const added = after.cadres.filter((c) => !kept.has(c.cadreId));
    const byId = await checkCadres(
      tx,
      added.map((c) => c.cadreId),
    );

    const [row] = await tx
      .update(keyworkTasks)
      .set({
        title: after.title,
        domain: after.domain,
        description: after.description,
        leadUnitId: after.leadUnitId,
        cadence: after.cadence,
        updatedAt: ctx.clock.now(),
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(keyworkTasks.id, id))
      .returning();
    if (droppedUnits.length)
      await tx
        .delete(keyworkTaskUnits)
        .where(and(eq(keyworkTaskUnits.taskId, id), inArray(keyworkTaskUnits.unitId, droppedUnits)));
    const addedUnits = after.cooperatingUnitIds.filter((u) => !before.cooperatingUnitIds.includes(u));
    if (addedUnits.length)
      await tx.insert(keyworkTaskUnits).values(addedUnits.map((unitId) => ({ taskId: id, unitId })));
    if (droppedCadres.length)
      await tx
        .delete(keyworkTaskCadres)
        .where(and(eq(keyworkTaskCadres.taskId, id), inArray(keyworkTaskCadres.cadreId, droppedCadres)));
    for (const c of after.cadres) {
      const was = kept.get(c.cadreId);
      if (!was || (was.role === c.role && was.part === c.part)) continue;
      await tx
        .update(keyworkTaskCadres)
        .set({ role: c.role, part: c.part })
        .where(and(eq(keyworkTaskCadres.taskId, id), eq(keyworkTaskCadres.cadreId, c.cadreId)));
    }
    if (added.length)
      await tx.insert(keyworkTaskCadres).values(
        added.map((c) => ({
          taskId: id,
          cadreId: c.cadreId,
          unitId: byId.get(c.cadreId)!.unitId,
          role: c.role,
          part: c.part,
        })),
      );
    // The report to-dos follow the lead unit and the cadence.
    if (leadChanged || before.cadence !== after.cadence) {
      await withdrawReportTodos(ctx, tx, t);
      await scheduleReportTodos(ctx, tx, [id]);
    }
    audit({ action: 'keywork.task.update', objectType: 'keywork_task', objectId: id });
    return taskView(row!);
  });
}

/** Adds a milestone to a running task; its planned date is its baseline from now on. */
export async function addMilestone(ctx: Ctx, taskId: string, body: MilestoneInput) {
  return write(ctx, async (tx, audit) => {
    const [t] = await tx.select().from(keyworkTasks).where(eq(keyworkTasks.id, taskId)).for('update');
    if (!t) throw notFound('重点任务');
    if (t.status !== 'active')
      throw new AppError('KEYWORK_TASK_CLOSED', '该任务已完成或暂停，不能再增加节点');
    if (body.plannedOn < t.startsOn || body.plannedOn > t.dueOn)
      throw fieldError('plannedOn', `节点的计划日期须在任务期限内（${t.startsOn} 至 ${t.dueOn}）`);
    if (body.plannedOn < localDay(ctx.clock.now()))
      throw fieldError('plannedOn', '新增节点的计划日期不能早于今天');
    const ms = await tx
      .select({
        seq: keyworkMilestones.seq,
        on: keyworkMilestones.baselineOn,
        progress: keyworkMilestones.plannedProgress,
      })
      .from(keyworkMilestones)
      .where(eq(keyworkMilestones.taskId, taskId));
    // The plan rises with the dates: the new point lies between its neighbours.
    const low = Math.max(0, ...ms.filter((m) => m.on <= body.plannedOn).map((m) => Number(m.progress)));
    const high = Math.min(100, ...ms.filter((m) => m.on > body.plannedOn).map((m) => Number(m.progress)));
    if (body.plannedProgress < low || body.plannedProgress > high)
      throw fieldError(
        'plannedProgress',
        `计划进度须随节点日期递增：${body.plannedOn} 的节点计划进度应在 ${low}% 至 ${high}% 之间`,
      );
    if (body.responsibleCadreId) {
      const [member] = await tx
        .select({ id: keyworkTaskCadres.cadreId })
        .from(keyworkTaskCadres)
        .where(
          and(eq(keyworkTaskCadres.taskId, taskId), eq(keyworkTaskCadres.cadreId, body.responsibleCadreId)),
        );
      if (!member) throw fieldError('responsibleCadreId', '节点的责任人须是本任务的责任领导或专班成员');
    }
    const [row] = await tx
      .insert(keyworkMilestones)
      .values(milestoneRow(ctx, taskId, Math.max(0, ...ms.map((m) => m.seq)) + 1, body))
      .returning();
    audit({ action: 'keywork.milestone.create', objectType: 'keywork_milestone', objectId: row!.id });
    return milestoneSavedView(row!);
  });
}

export interface Progress {
  latest: number | null;
  latestPeriod: string | null;
  planned: number;
  gap: number | null;
}

/** Actual (latest report) and baseline-planned progress of tasks, as of today. */
export async function progressOf(
  ex: Executor,
  tasks: TaskRow[],
  today: string,
): Promise<Map<string, Progress>> {
  const ids = tasks.map((t) => t.id);
  const out = new Map<string, Progress>();
  if (!ids.length) return out;
  const ms = await ex
    .select({
      taskId: keyworkMilestones.taskId,
      on: keyworkMilestones.baselineOn,
      progress: keyworkMilestones.plannedProgress,
    })
    .from(keyworkMilestones)
    .where(inArray(keyworkMilestones.taskId, ids));
  const latest = await ex
    .selectDistinctOn([keyworkReports.taskId], {
      taskId: keyworkReports.taskId,
      progress: keyworkReports.progress,
      periodEnd: keyworkReports.periodEnd,
    })
    .from(keyworkReports)
    .where(inArray(keyworkReports.taskId, ids))
    .orderBy(keyworkReports.taskId, desc(keyworkReports.periodEnd));
  const last = new Map(latest.map((l) => [l.taskId, l]));
  for (const t of tasks) {
    const points = ms
      .filter((m) => m.taskId === t.id)
      .map((m) => ({ on: m.on, progress: Number(m.progress) }));
    const l = last.get(t.id);
    const planned = plannedAt(t.startsOn, points, today);
    const latestProgress = l ? Number(l.progress) : null;
    out.set(t.id, {
      latest: latestProgress,
      latestPeriod: l?.periodEnd ?? null,
      planned,
      gap: latestProgress === null ? null : Math.round((planned - latestProgress) * 10) / 10,
    });
  }
  return out;
}

export async function listTasks(ctx: Ctx, q: z.infer<typeof TaskQuery>, lagThreshold: number) {
  const parts: (SQL | undefined)[] = [];
  const units = actorUnits(ctx.actor);
  if (units) parts.push(taskOfUnits(units));
  if (q.status) parts.push(eq(keyworkTasks.status, q.status));
  if (q.unitId) parts.push(taskOfUnits([q.unitId]));
  if (q.q) parts.push(ilike(keyworkTasks.title, `%${q.q}%`));
  const where = and(...parts);
  const today = localDay(ctx.clock.now());
  const all = await ctx.db
    .select({ task: keyworkTasks, leadUnitName: orgUnits.name, meetingTitle: keyworkMeetings.title })
    .from(keyworkTasks)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkTasks.leadUnitId))
    .innerJoin(keyworkMeetings, eq(keyworkMeetings.id, keyworkTasks.meetingId))
    .where(where)
    .orderBy(asc(keyworkTasks.dueOn), asc(keyworkTasks.title));
  const progress = await progressOf(
    ctx.db,
    all.map((a) => a.task),
    today,
  );
  let rows = all.map((a) => ({
    ...taskBase(a.task),
    leadUnitName: a.leadUnitName,
    meetingTitle: a.meetingTitle,
    ...progress.get(a.task.id)!,
  }));
  if (q.lagging) rows = rows.filter((r) => r.gap !== null && r.gap > lagThreshold);
  const openInspections = isOrgDept(ctx.actor)
    ? await ctx.db
        .select({ taskId: keyworkInspections.taskId, n: count() })
        .from(keyworkInspections)
        .where(eq(keyworkInspections.status, 'open'))
        .groupBy(keyworkInspections.taskId)
    : [];
  const open = new Map(openInspections.map((o) => [o.taskId, o.n]));
  const { limit, offset } = pageWindow(q);
  return {
    items: rows.slice(offset, offset + limit).map((r) => ({ ...r, openInspections: open.get(r.id) ?? 0 })),
    total: rows.length,
    lagging: rows.filter((r) => r.gap !== null && r.gap > lagThreshold).length,
    page: q.page,
    pageSize: q.pageSize,
    can: tasksCan(ctx.actor),
  };
}

/** The periods of a task with their due dates and reports, up to today. */
export async function periodTable(ex: Executor, t: TaskRow, today: string) {
  return (await periodsOf(ex, [t], today)).get(t.id) ?? [];
}

export async function getTask(ctx: Ctx, id: string) {
  const t = await loadTask(ctx.db, id);
  await assertTaskVisible(ctx, t);
  const today = localDay(ctx.clock.now());
  const [meeting] = await ctx.db.select().from(keyworkMeetings).where(eq(keyworkMeetings.id, t.meetingId));
  const [lead] = await ctx.db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, t.leadUnitId));
  const cooperating = await ctx.db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(keyworkTaskUnits)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkTaskUnits.unitId))
    .where(eq(keyworkTaskUnits.taskId, id))
    .orderBy(asc(orgUnits.name));
  const cadres = await ctx.db
    .select({
      cadreId: keyworkTaskCadres.cadreId,
      name: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
      role: keyworkTaskCadres.role,
      part: keyworkTaskCadres.part,
    })
    .from(keyworkTaskCadres)
    .innerJoin(orgCadres, eq(orgCadres.id, keyworkTaskCadres.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, keyworkTaskCadres.unitId))
    .where(eq(keyworkTaskCadres.taskId, id))
    .orderBy(asc(keyworkTaskCadres.role), asc(orgCadres.name));
  const milestones = await milestonesOf(ctx.db, id);
  const reports = await ctx.db
    .select()
    .from(keyworkReports)
    .where(eq(keyworkReports.taskId, id))
    .orderBy(asc(keyworkReports.periodEnd));
  const requests = await ctx.db
    .select({
      id: keyworkRequests.id,
      reportId: keyworkRequests.reportId,
      toUnitId: keyworkRequests.toUnitId,
      toUnitName: orgUnits.name,
      content: keyworkRequests.content,
      dueOn: keyworkRequests.dueOn,
      answer: keyworkRequests.answer,
      answeredAt: keyworkRequests.answeredAt,
    })
    .from(keyworkRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkRequests.toUnitId))
    .where(eq(keyworkRequests.taskId, id))
    .orderBy(desc(keyworkRequests.createdAt));
  const periods = await periodTable(ctx.db, t, today);
  const points = milestones.map((m) => ({ on: m.baselineOn, progress: Number(m.plannedProgress) }));
  await recordAudit(ctx, { action: 'keywork.task.read', objectType: 'keywork_task', objectId: id });
  return {
    ...taskBase(t),
    meeting: meeting
      ? { id: meeting.id, kind: meeting.kind as MeetingKind, title: meeting.title, heldOn: meeting.heldOn }
      : null,
    leadUnit: lead ?? null,
    cooperating,
    cadres: cadres.map((c) => ({ ...c, role: c.role as TaskRole })),
    milestones: milestones.map((m) => ({ ...m, can: milestoneCan(ctx.actor, m) })),
    reports: reports.map(reportView),
    requests: requests.map((r) => ({ ...r, can: requestCan(ctx.actor, r) })),
    periods,
    plannedToday: plannedAt(t.startsOn, points, today),
    /** The baseline plan as a line for charts: start, milestones. */
    plan: [{ on: t.startsOn, progress: 0 }, ...points],
    can: taskCan(ctx.actor, t),
  };
}

export async function milestonesOf(ex: Executor, taskId: string) {
  const ms = await ex
    .select({
      id: keyworkMilestones.id,
      seq: keyworkMilestones.seq,
      title: keyworkMilestones.title,
      baselineOn: keyworkMilestones.baselineOn,
      plannedOn: keyworkMilestones.plannedOn,
      plannedProgress: keyworkMilestones.plannedProgress,
      doneOn: keyworkMilestones.doneOn,
      responsibleCadreId: keyworkMilestones.responsibleCadreId,
      responsibleName: orgCadres.name,
    })
    .from(keyworkMilestones)
    .leftJoin(orgCadres, eq(orgCadres.id, keyworkMilestones.responsibleCadreId))
    .where(eq(keyworkMilestones.taskId, taskId))
    // By the baseline plan: a milestone added later takes its place among the others.
    .orderBy(asc(keyworkMilestones.baselineOn), asc(keyworkMilestones.seq));
  const slips = ms.length
    ? await ex
        .select()
        .from(keyworkMilestoneSlips)
        .where(
          inArray(
            keyworkMilestoneSlips.milestoneId,
            ms.map((m) => m.id),
          ),
        )
        .orderBy(asc(keyworkMilestoneSlips.createdAt))
    : [];
  return ms.map((m) => ({
    ...m,
    plannedProgress: Number(m.plannedProgress),
    slips: slips.filter((s) => s.milestoneId === m.id).map(slipView),
  }));
}
