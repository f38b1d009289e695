import { and, asc, count, desc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type ConcludeBody,
  type ConclusionKind,
  type Effect,
  FINDING_EVIDENCE_OWNER,
  type FindingBody,
  type INSPECTION_ORIGINS,
  type InspectionQuery,
  type InspectionStatus,
  PROBLEM_TAG_LABELS,
  type ProblemTag,
  type RuleCode,
  type TaskRole,
  type TaskStatus,
} from '../../../common/contracts/keywork.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor } from '../../db/client.ts';
import {
  authUsers,
  evidenceFiles,
  keyworkFindings,
  keyworkHits,
  keyworkInspections,
  keyworkMilestones,
  keyworkRuleVersions,
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
import { assertCadreInScope } from '../org/org.policy.ts';
import { addTimelineEvents } from '../org/timeline.service.ts';
import { completeTodosOf } from '../todo/todo.service.ts';
import { actorUnits, findingCan, inspectionCan, inspectionsCan } from './keywork.policy.ts';
import { loadTask, milestonesOf } from './tasks.service.ts';
import { openInspection } from './triggers.service.ts';

/**
 * 定向考察 and what follows: findings about cadres with problem tags, the conclusion that goes on
 * their timelines, the task-to-cadre causal chain, and the special assessment (专项研判) of units.
 * A unit administrator sees an inspection only once concluded, and only the findings about the
 * cadres of its own unit.
 */

export const tagText = (tags: unknown) => (tags as ProblemTag[]).map((t) => PROBLEM_TAG_LABELS[t]).join('、');

type InspectionRow = typeof keyworkInspections.$inferSelect;

function inspectionView(i: InspectionRow) {
  return {
    id: i.id,
    taskId: i.taskId,
    origin: i.origin as (typeof INSPECTION_ORIGINS)[number],
    reason: i.reason,
    status: i.status as InspectionStatus,
    deadline: i.deadline,
    openedAt: i.openedAt,
    conclusionKind: i.conclusionKind as ConclusionKind | null,
    conclusion: i.conclusion,
    concludedAt: i.concludedAt,
    concludedBy: i.concludedBy,
  };
}

/** A finding or chain row's typed columns. */
const typedFinding = <F extends { effect: string; tags: unknown }>(f: F) => ({
  ...f,
  effect: f.effect as Effect,
  tags: f.tags as ProblemTag[],
});

/** SQL: an inspection a unit administrator of these units may see (concluded, about its cadres). */
function visibleToUnits(unitIds: string[]): SQL {
  if (!unitIds.length) return sql`false`;
  const list = sql.join(
    unitIds.map((u) => sql`${u}::uuid`),
    sql`, `,
  );
  return and(
    eq(keyworkInspections.status, 'concluded'),
    sql`exists (select 1 from ${keyworkFindings} f where f.inspection_id = ${keyworkInspections.id} and f.unit_id in (${list}))`,
  )!;
}

export async function listInspections(ctx: Ctx, q: z.infer<typeof InspectionQuery>) {
  const parts: (SQL | undefined)[] = [];
  const units = actorUnits(ctx.actor);
  if (units) parts.push(visibleToUnits(units));
  if (q.status) parts.push(eq(keyworkInspections.status, q.status));
  if (q.taskId) parts.push(eq(keyworkInspections.taskId, q.taskId));
  if (q.mine && ctx.actor) parts.push(eq(keyworkInspections.assigneeUserId, ctx.actor.userId));
  if (q.q) parts.push(ilike(keyworkTasks.title, `%${q.q}%`));
  const where = and(...parts);
  const items = await ctx.db
    .select({
      id: keyworkInspections.id,
      taskId: keyworkInspections.taskId,
      taskTitle: keyworkTasks.title,
      leadUnitName: orgUnits.name,
      origin: keyworkInspections.origin,
      reason: keyworkInspections.reason,
      status: keyworkInspections.status,
      assigneeName: authUsers.displayName,
      deadline: keyworkInspections.deadline,
      openedAt: keyworkInspections.openedAt,
      concludedAt: keyworkInspections.concludedAt,
      conclusionKind: keyworkInspections.conclusionKind,
      hits: sql<number>`(select count(*) from ${keyworkHits} h where h.inspection_id = ${keyworkInspections.id})`.mapWith(
        Number,
      ),
      findings:
        sql<number>`(select count(*) from ${keyworkFindings} f where f.inspection_id = ${keyworkInspections.id})`.mapWith(
          Number,
        ),
      tags: sql<
        string[]
      >`(select coalesce(jsonb_agg(distinct t), '[]'::jsonb) from ${keyworkFindings} f, jsonb_array_elements_text(f.tags) t where f.inspection_id = ${keyworkInspections.id})`,
    })
    .from(keyworkInspections)
    .innerJoin(keyworkTasks, eq(keyworkTasks.id, keyworkInspections.taskId))
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkTasks.leadUnitId))
    .leftJoin(authUsers, eq(authUsers.id, keyworkInspections.assigneeUserId))
    .where(where)
    .orderBy(sql`${keyworkInspections.status} = 'concluded'`, desc(keyworkInspections.openedAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db
    .select({ n: count() })
    .from(keyworkInspections)
    .innerJoin(keyworkTasks, eq(keyworkTasks.id, keyworkInspections.taskId))
    .where(where);
  // A unit sees its own cadres' findings only: the tags of others are not counted for it.
  const unitTags = units?.length
    ? await findingRows(
        ctx.db,
        and(
          inArray(keyworkFindings.inspectionId, items.map((i) => i.id).concat(NIL)),
          inArray(keyworkFindings.unitId, units),
        )!,
      )
    : null;
  return {
    items: items.map((i) => {
      const row = {
        ...i,
        origin: i.origin as (typeof INSPECTION_ORIGINS)[number],
        status: i.status as InspectionStatus,
        conclusionKind: i.conclusionKind as ConclusionKind | null,
        tags: i.tags as ProblemTag[],
      };
      if (!unitTags) return row;
      const own = unitTags.filter((f) => f.inspectionId === i.id);
      return {
        ...row,
        findings: own.length,
        tags: [...new Set(own.flatMap((f) => f.tags as ProblemTag[]))],
        hits: null,
      };
    }),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
    can: inspectionsCan(ctx.actor),
  };
}

export const NIL = '00000000-0000-0000-0000-000000000000';

/** SQL: how many files the evidence store holds for a finding. */
const evidenceCount = sql<number>`(select count(*) from ${evidenceFiles} e where e.owner_type = ${FINDING_EVIDENCE_OWNER} and e.owner_id = ${keyworkFindings}.id::text)`;

function findingRows(ex: Executor, where: SQL) {
  return ex
    .select({
      id: keyworkFindings.id,
      inspectionId: keyworkFindings.inspectionId,
      cadreId: keyworkFindings.cadreId,
      cadreName: orgCadres.name,
      post: orgCadres.post,
      unitId: keyworkFindings.unitId,
      unitName: orgUnits.name,
      milestoneId: keyworkFindings.milestoneId,
      milestoneTitle: keyworkMilestones.title,
      effect: keyworkFindings.effect,
      tags: keyworkFindings.tags,
      cause: keyworkFindings.cause,
      evidence: keyworkFindings.evidence,
      files: evidenceCount.mapWith(Number),
      createdAt: keyworkFindings.createdAt,
      recordedBy: authUsers.displayName,
    })
    .from(keyworkFindings)
    .innerJoin(orgCadres, eq(orgCadres.id, keyworkFindings.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, keyworkFindings.unitId))
    .leftJoin(keyworkMilestones, eq(keyworkMilestones.id, keyworkFindings.milestoneId))
    .leftJoin(authUsers, eq(authUsers.id, keyworkFindings.createdBy))
    .where(where)
    .orderBy(asc(keyworkFindings.createdAt));
}

async function loadInspection(ex: Executor, id: string, lock = false) {
  const q = ex.select().from(keyworkInspections).where(eq(keyworkInspections.id, id));
  const [i] = lock ? await q.for('update') : await q;
  if (!i) throw notFound('定向考察');
  return i;
}

export async function getInspection(ctx: Ctx, id: string) {
  const units = actorUnits(ctx.actor);
  const [visible] = await ctx.db
    .select({ id: keyworkInspections.id })
    .from(keyworkInspections)
    .where(and(eq(keyworkInspections.id, id), units ? visibleToUnits(units) : undefined));
  // Before its conclusion an inspection does not exist for the unit it looks at.
  if (!visible) throw notFound('定向考察');
  const i = await loadInspection(ctx.db, id);
  const t = await loadTask(ctx.db, i.taskId);
  const [lead] = await ctx.db
    .select({ name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, t.leadUnitId));
  const findings = await findingRows(
    ctx.db,
    and(
      eq(keyworkFindings.inspectionId, id),
      units ? inArray(keyworkFindings.unitId, units.concat(NIL)) : undefined,
    )!,
  );
  const hits = units
    ? []
    : await ctx.db
        .select({
          id: keyworkHits.id,
          ruleCode: keyworkHits.ruleCode,
          version: keyworkRuleVersions.version,
          threshold: keyworkRuleVersions.threshold,
          message: keyworkHits.message,
          detail: keyworkHits.detail,
          hitOn: keyworkHits.hitOn,
        })
        .from(keyworkHits)
        .innerJoin(keyworkRuleVersions, eq(keyworkRuleVersions.id, keyworkHits.ruleVersionId))
        .where(eq(keyworkHits.inspectionId, id))
        .orderBy(asc(keyworkHits.hitOn));
  const [assignee] = i.assigneeUserId
    ? await ctx.db
        .select({ name: authUsers.displayName })
        .from(authUsers)
        .where(eq(authUsers.id, i.assigneeUserId))
    : [];
  const [concluder] = i.concludedBy
    ? await ctx.db
        .select({ name: authUsers.displayName })
        .from(authUsers)
        .where(eq(authUsers.id, i.concludedBy))
    : [];
  const people = await taskPeople(ctx.db, t.id);
  await recordAudit(ctx, {
    action: 'keywork.inspection.read',
    objectType: 'keywork_inspection',
    objectId: id,
  });
  return {
    ...inspectionView(i),
    task: {
      id: t.id,
      title: t.title,
      leadUnitName: lead?.name ?? null,
      startsOn: t.startsOn,
      dueOn: t.dueOn,
    },
    assigneeName: assignee?.name ?? null,
    concludedByName: concluder?.name ?? null,
    hits: hits.map((h) => ({
      ...h,
      ruleCode: h.ruleCode as RuleCode,
      threshold: Number(h.threshold),
      detail: h.detail as Record<string, unknown>,
    })),
    findings: findings.map((f) => ({ ...typedFinding(f), can: findingCan(ctx.actor, i, f) })),
    milestones: units
      ? []
      : (await milestonesOf(ctx.db, t.id)).map((m) => ({ id: m.id, title: m.title, plannedOn: m.plannedOn })),
    units: units ? [] : people.units,
    can: inspectionCan(ctx.actor, i),
  };
}

/** The units of a task (lead first) — findings are about cadres of these units or of the task. */
async function taskPeople(ex: Executor, taskId: string) {
  const t = await loadTask(ex, taskId);
  const coop = await ex
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(keyworkTaskUnits)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkTaskUnits.unitId))
    .where(eq(keyworkTaskUnits.taskId, taskId));
  const [lead] = await ex
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.id, t.leadUnitId));
  const cadres = await ex
    .select({ cadreId: keyworkTaskCadres.cadreId })
    .from(keyworkTaskCadres)
    .where(eq(keyworkTaskCadres.taskId, taskId));
  return {
    units: [
      { ...lead!, role: 'lead' as const },
      ...coop.map((c) => ({ ...c, role: 'cooperating' as const })),
    ],
    cadreIds: new Set(cadres.map((c) => c.cadreId)),
  };
}

/** Opens an inspection by hand (e.g. after a meeting where an anomaly came up). */
export async function openManual(ctx: Ctx, body: { taskId: string; reason: string }) {
  return write(ctx, async (tx, audit) => {
    const t = await loadTask(tx, body.taskId);
    const [open] = await tx
      .select({ id: keyworkInspections.id })
      .from(keyworkInspections)
      .where(and(eq(keyworkInspections.taskId, t.id), eq(keyworkInspections.status, 'open')));
    if (open) throw new AppError('KEYWORK_INSPECTION_OPEN');
    const row = await openInspection(ctx, tx, audit, {
      taskId: t.id,
      taskTitle: t.title,
      origin: 'manual',
      reason: body.reason,
      workingDays: 10,
    });
    return inspectionView(row);
  });
}

function assertOpen(i: { status: string }) {
  if (i.status !== 'open') throw new AppError('KEYWORK_INSPECTION_CONCLUDED');
}

/** Records (or corrects) what was found about one cadre: cause, effect, tags, evidence. */
export async function saveFinding(ctx: Ctx, inspectionId: string, body: FindingBody) {
  return write(ctx, async (tx, audit) => {
    const i = await loadInspection(tx, inspectionId, true);
    assertOpen(i);
    const [cadre] = await tx
      .select({ id: orgCadres.id, unitId: orgCadres.unitId, name: orgCadres.name })
      .from(orgCadres)
      .where(eq(orgCadres.id, body.cadreId));
    if (!cadre)
      throw new AppError('REFERENCE_INVALID', '所选干部不存在', [
        { path: 'body.cadreId', message: '所选干部不存在' },
      ]);
    const people = await taskPeople(tx, i.taskId);
    if (!people.cadreIds.has(cadre.id) && !people.units.some((u) => u.id === cadre.unitId))
      throw new AppError('KEYWORK_CADRE_NOT_IN_TASK', undefined, [
        { path: 'body.cadreId', message: '所选干部不属于本任务的牵头、配合单位或专班' },
      ]);
    if (body.milestoneId) {
      const [m] = await tx
        .select({ taskId: keyworkMilestones.taskId })
        .from(keyworkMilestones)
        .where(eq(keyworkMilestones.id, body.milestoneId));
      if (m?.taskId !== i.taskId) throw fieldError('milestoneId', '所选节点不属于本任务');
    }
    const values = {
      milestoneId: body.milestoneId ?? null,
      effect: body.effect,
      tags: [...new Set(body.tags)],
      cause: body.cause,
      evidence: body.evidence ?? null,
      updatedAt: ctx.clock.now(),
      updatedBy: ctx.actor?.userId,
    };
    const [row] = await tx
      .insert(keyworkFindings)
      .values({
        ...values,
        inspectionId,
        cadreId: cadre.id,
        unitId: cadre.unitId,
        createdBy: ctx.actor?.userId,
      })
      .onConflictDoUpdate({ target: [keyworkFindings.inspectionId, keyworkFindings.cadreId], set: values })
      .returning();
    audit({ action: 'keywork.finding.save', objectType: 'keywork_finding', objectId: row!.id });
    return { id: row!.id, inspectionId: row!.inspectionId, cadreId: row!.cadreId };
  });
}

export async function deleteFinding(ctx: Ctx, id: string) {
  return write(ctx, async (tx, audit) => {
    const [f] = await tx.select().from(keyworkFindings).where(eq(keyworkFindings.id, id));
    if (!f) throw notFound('考察发现');
    assertOpen(await loadInspection(tx, f.inspectionId, true));
    // Evidence is kept for good: a finding with files is corrected, never removed.
    const [{ n } = { n: 0 }] = await tx
      .select({ n: evidenceCount.mapWith(Number) })
      .from(keyworkFindings)
      .where(eq(keyworkFindings.id, id));
    if (n > 0) throw new AppError('KEYWORK_FINDING_HAS_FILES');
    await tx.delete(keyworkFindings).where(eq(keyworkFindings.id, id));
    audit({ action: 'keywork.finding.delete', objectType: 'keywork_finding', objectId: id });
    return { id };
  });
}

/**
 * Closes an inspection with its conclusion; each cadre found goes on their timeline (seen by
 * the cadre and their unit from now on) and the officer's to-do is done.
 */
export async function concludeInspection(ctx: Ctx, id: string, body: z.infer<typeof ConcludeBody>) {
  return write(ctx, async (tx, audit) => {
    const i = await loadInspection(tx, id, true);
    assertOpen(i);
    const findings = await tx.select().from(keyworkFindings).where(eq(keyworkFindings.inspectionId, id));
    if (!findings.length) throw new AppError('KEYWORK_NO_FINDINGS');
    const t = await loadTask(tx, i.taskId);
    const now = ctx.clock.now();
    const [row] = await tx
      .update(keyworkInspections)
      .set({
        status: 'concluded',
        conclusionKind: body.kind,
        conclusion: body.conclusion,
        concludedAt: now,
        concludedBy: ctx.actor?.userId,
        updatedAt: now,
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(keyworkInspections.id, id))
      .returning();
    await addTimelineEvents(
      tx,
      findings.map((f) => ({
        cadreId: f.cadreId,
        occurredOn: localDay(now),
        module: 'keywork',
        kind: 'inspection',
        title: `重点任务定向考察：${t.title}（${tagText(f.tags)}）`,
        recordType: 'keywork_finding',
        recordId: f.id,
        visibility: 'org_unit_self' as const,
        createdBy: ctx.actor?.userId ?? null,
      })),
    );
    await completeTodosOf(ctx, tx, { recordType: 'keywork_inspection', recordId: id });
    audit({ action: 'keywork.inspection.conclude', objectType: 'keywork_inspection', objectId: id });
    return inspectionView(row!);
  });
}

// ——— the causal chain ———

/** SQL over findings the actor may see: all for the department, concluded own-unit ones for a unit. */
function visibleFindings(ctx: Ctx): SQL | undefined {
  const units = actorUnits(ctx.actor);
  if (!units) return undefined;
  return and(eq(keyworkInspections.status, 'concluded'), inArray(keyworkFindings.unitId, units.concat(NIL)));
}

export async function chainFindings(ex: Executor, where: SQL) {
  const rows = await ex
    .select({
      id: keyworkFindings.id,
      inspectionId: keyworkFindings.inspectionId,
      inspectionStatus: keyworkInspections.status,
      concludedAt: keyworkInspections.concludedAt,
      conclusion: keyworkInspections.conclusion,
      taskId: keyworkInspections.taskId,
      cadreId: keyworkFindings.cadreId,
      cadreName: orgCadres.name,
      unitName: orgUnits.name,
      milestoneId: keyworkFindings.milestoneId,
      effect: keyworkFindings.effect,
      tags: keyworkFindings.tags,
      cause: keyworkFindings.cause,
      createdAt: keyworkFindings.createdAt,
    })
    .from(keyworkFindings)
    .innerJoin(keyworkInspections, eq(keyworkInspections.id, keyworkFindings.inspectionId))
    .innerJoin(orgCadres, eq(orgCadres.id, keyworkFindings.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, keyworkFindings.unitId))
    .where(where)
    .orderBy(asc(keyworkFindings.createdAt));
  return rows.map((f) => ({ ...typedFinding(f), inspectionStatus: f.inspectionStatus as InspectionStatus }));
}

/**
 * 任务推进—干部担当因果链 of a task: each milestone (slips, done or not) with its responsible cadre
 * and the conduct found, and per cadre whether they moved the task or held it up.
 */
export async function taskChain(ctx: Ctx, taskId: string) {
  const t = await loadTask(ctx.db, taskId);
  const units = actorUnits(ctx.actor);
  if (units) {
    const people = await taskPeople(ctx.db, taskId);
    if (!people.units.some((u) => units.includes(u.id))) throw notFound('重点任务');
  }
  const milestones = await milestonesOf(ctx.db, taskId);
  const findings = await chainFindings(
    ctx.db,
    and(eq(keyworkInspections.taskId, taskId), visibleFindings(ctx))!,
  );
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
    .where(eq(keyworkTaskCadres.taskId, taskId));
  const hits = (
    units
      ? []
      : await ctx.db
          .select({
            id: keyworkHits.id,
            ruleCode: keyworkHits.ruleCode,
            message: keyworkHits.message,
            detail: keyworkHits.detail,
            hitOn: keyworkHits.hitOn,
            inspectionId: keyworkHits.inspectionId,
          })
          .from(keyworkHits)
          .where(eq(keyworkHits.taskId, taskId))
          .orderBy(asc(keyworkHits.hitOn))
  ).map((h) => ({ ...h, ruleCode: h.ruleCode as RuleCode, detail: h.detail as Record<string, unknown> }));
  const today = localDay(ctx.clock.now());
  const people = new Map<
    string,
    {
      cadreId: string;
      name: string;
      unitName: string | null;
      role: TaskRole | null;
      part: string | null;
      moved: number;
      heldUp: number;
    }
  >();
  for (const c of cadres)
    people.set(c.cadreId, {
      cadreId: c.cadreId,
      name: c.name,
      unitName: c.unitName,
      role: c.role as TaskRole,
      part: c.part,
      moved: 0,
      heldUp: 0,
    });
  for (const f of findings) {
    const p = people.get(f.cadreId) ?? {
      cadreId: f.cadreId,
      name: f.cadreName,
      unitName: f.unitName,
      role: null,
      part: null,
      moved: 0,
      heldUp: 0,
    };
    if (f.effect === 'moved') p.moved += 1;
    if (f.effect === 'held_up') p.heldUp += 1;
    people.set(f.cadreId, p);
  }
  await recordAudit(ctx, { action: 'keywork.chain.read', objectType: 'keywork_task', objectId: taskId });
  return {
    task: { id: t.id, title: t.title, startsOn: t.startsOn, dueOn: t.dueOn, status: t.status as TaskStatus },
    milestones: milestones.map((m) => ({
      ...m,
      state: (m.doneOn
        ? m.doneOn > m.baselineOn
          ? 'done_late'
          : 'done'
        : m.plannedOn < today
          ? 'overdue'
          : 'pending') as 'done_late' | 'done' | 'overdue' | 'pending',
      hits: hits.filter((h) => (h.detail as { milestoneId?: string }).milestoneId === m.id),
      findings: findings.filter((f) => f.milestoneId === m.id),
    })),
    taskFindings: findings.filter((f) => !f.milestoneId),
    taskHits: hits.filter((h) => !(h.detail as { milestoneId?: string }).milestoneId),
    people: [...people.values()].sort((a, b) => b.heldUp - a.heldUp || b.moved - a.moved),
  };
}

/** The same facts per cadre: the tasks they carry or were found in, and the conduct recorded. */
export async function cadreChain(ctx: Ctx, cadreId: string) {
  const [cadre] = await ctx.db
    .select({
      id: orgCadres.id,
      name: orgCadres.name,
      post: orgCadres.post,
      unitId: orgCadres.unitId,
      unitName: orgUnits.name,
    })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(eq(orgCadres.id, cadreId));
  if (!cadre) throw notFound('干部');
  assertCadreInScope(ctx, cadre);
  const roles = await ctx.db
    .select({ taskId: keyworkTaskCadres.taskId, role: keyworkTaskCadres.role, part: keyworkTaskCadres.part })
    .from(keyworkTaskCadres)
    .where(eq(keyworkTaskCadres.cadreId, cadreId));
  const findings = await chainFindings(
    ctx.db,
    and(eq(keyworkFindings.cadreId, cadreId), visibleFindings(ctx))!,
  );
  const taskIds = [...new Set([...roles.map((r) => r.taskId), ...findings.map((f) => f.taskId)])];
  const tasks = taskIds.length
    ? await ctx.db
        .select({
          id: keyworkTasks.id,
          title: keyworkTasks.title,
          status: keyworkTasks.status,
          dueOn: keyworkTasks.dueOn,
          leadUnitName: orgUnits.name,
        })
        .from(keyworkTasks)
        .innerJoin(orgUnits, eq(orgUnits.id, keyworkTasks.leadUnitId))
        .where(inArray(keyworkTasks.id, taskIds))
    : [];
  const ms = taskIds.length
    ? await ctx.db
        .select({
          id: keyworkMilestones.id,
          taskId: keyworkMilestones.taskId,
          title: keyworkMilestones.title,
          plannedOn: keyworkMilestones.plannedOn,
          baselineOn: keyworkMilestones.baselineOn,
          doneOn: keyworkMilestones.doneOn,
        })
        .from(keyworkMilestones)
        .where(
          and(inArray(keyworkMilestones.taskId, taskIds), eq(keyworkMilestones.responsibleCadreId, cadreId)),
        )
    : [];
  await recordAudit(ctx, { action: 'keywork.chain.read', objectType: 'cadre', objectId: cadreId });
  return {
    cadre: { id: cadre.id, name: cadre.name, post: cadre.post, unitName: cadre.unitName },
    tasks: tasks.map((t) => ({
      ...t,
      status: t.status as TaskStatus,
      role: (roles.find((r) => r.taskId === t.id)?.role ?? null) as TaskRole | null,
      part: roles.find((r) => r.taskId === t.id)?.part ?? null,
      milestones: ms
        .filter((m) => m.taskId === t.id)
        .map((m) => ({
          id: m.id,
          title: m.title,
          plannedOn: m.plannedOn,
          baselineOn: m.baselineOn,
          doneOn: m.doneOn,
        })),
      findings: findings.filter((f) => f.taskId === t.id),
    })),
    moved: findings.filter((f) => f.effect === 'moved').length,
    heldUp: findings.filter((f) => f.effect === 'held_up').length,
  };
}
