import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type Cadence,
  type HitQuery,
  type InspectionStatus,
  RULE_CODES,
  RULE_LABELS,
  type RuleBody,
  type RuleCode,
} from '../../../common/contracts/keywork.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUserRoles,
  authUsers,
  keyworkHits,
  keyworkInspections,
  keyworkMilestoneSlips,
  keyworkMilestones,
  keyworkReports,
  keyworkRequests,
  keyworkRuleVersions,
  keyworkTasks,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import { addDays, localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { loadCalendar, workingDeadline } from '../org/calendar.service.ts';
import { defineJob, defineRecurringJob, enqueue, wakeJobs } from '../system/jobs.service.ts';
import { addTodo } from '../todo/todo.service.ts';
import { rulesCan } from './keywork.policy.ts';
import { DEFAULT_RULES, findHits, type RuleSetting, type TaskFacts } from './keywork.rules.ts';
import { enqueueEvaluation } from './task-reports.service.ts';

/**
 * 中心工作定向考察触发机制: versioned rules, evaluated by a job; each hit is kept once (unique by
 * rule version, task and hit key) and opens a targeted inspection — or joins the task's open one —
 * assigned to an officer with a deadline in working days.
 */

const toSetting = (r: typeof keyworkRuleVersions.$inferSelect): RuleSetting => ({
  id: r.id,
  code: r.code as RuleCode,
  version: r.version,
  threshold: Number(r.threshold),
  inspectionDays: r.inspectionDays,
  enabled: r.enabled,
});

/** Version 1 of every rule, the first time rules are needed. */
export async function ensureRules(ex: Executor): Promise<void> {
  await ex
    .insert(keyworkRuleVersions)
    .values(
      RULE_CODES.map((code) => ({
        code,
        version: 1,
        threshold: String(DEFAULT_RULES[code].threshold),
        inspectionDays: DEFAULT_RULES[code].inspectionDays,
        enabled: true,
        note: '初始规则',
      })),
    )
    .onConflictDoNothing();
}

/** The latest version of each rule, or its default before any rule was stored (for reading). */
export async function readRules(ex: Executor): Promise<RuleSetting[]> {
  const rows = await ex
    .selectDistinctOn([keyworkRuleVersions.code])
    .from(keyworkRuleVersions)
    .orderBy(keyworkRuleVersions.code, desc(keyworkRuleVersions.version));
  return RULE_CODES.map((code) => {
    const r = rows.find((x) => x.code === code);
    return r ? toSetting(r) : { id: '', code, version: 1, enabled: true, ...DEFAULT_RULES[code] };
  });
}

/** The latest version of each rule, stored (version 1 is written the first time). */
export async function currentRules(ex: Executor): Promise<RuleSetting[]> {
  await ensureRules(ex);
  return readRules(ex);
}

function ruleVersionView(v: typeof keyworkRuleVersions.$inferSelect, hits: number) {
  return {
    id: v.id,
    code: v.code as RuleCode,
    version: v.version,
    threshold: Number(v.threshold),
    inspectionDays: v.inspectionDays,
    enabled: v.enabled,
    note: v.note,
    createdAt: v.createdAt,
    hits,
  };
}

export async function listRules(ctx: Ctx) {
  const current = await readRules(ctx.db);
  const all = await ctx.db
    .select({
      v: keyworkRuleVersions,
      hits: sql<number>`(select count(*) from ${keyworkHits} h where h.rule_version_id = ${keyworkRuleVersions}.id)`.mapWith(
        Number,
      ),
    })
    .from(keyworkRuleVersions)
    .orderBy(asc(keyworkRuleVersions.code), desc(keyworkRuleVersions.version));
  return {
    items: RULE_CODES.map((code) => {
      const c = current.find((r) => r.code === code)!;
      return {
        code,
        label: RULE_LABELS[code],
        current: {
          version: c.version,
          threshold: c.threshold,
          inspectionDays: c.inspectionDays,
          enabled: c.enabled,
        },
        versions: all.filter((a) => a.v.code === code).map((a) => ruleVersionView(a.v, a.hits)),
      };
    }),
    can: rulesCan(ctx.actor),
  };
}

/** A leader changes a rule: a new version; past hits keep the version that found them. */
export async function changeRule(ctx: Ctx, code: RuleCode, body: z.infer<typeof RuleBody>) {
  if (!RULE_CODES.includes(code)) throw new AppError('NOT_FOUND', '触发规则不存在');
  return write(ctx, async (tx, audit) => {
    await ensureRules(tx);
    const [last] = await tx
      .select()
      .from(keyworkRuleVersions)
      .where(eq(keyworkRuleVersions.code, code))
      .orderBy(desc(keyworkRuleVersions.version))
      .limit(1)
      .for('update');
    if (
      Number(last!.threshold) === body.threshold &&
      last!.inspectionDays === body.inspectionDays &&
      last!.enabled === body.enabled
    )
      throw new AppError('KEYWORK_RULE_UNCHANGED');
    if ((code === 'missed_reports' || code === 'repeated_slips') && body.threshold < 1)
      throw invalid('次数阈值至少为 1', [{ path: 'body.threshold', message: '次数阈值至少为 1' }]);
    const [row] = await tx
      .insert(keyworkRuleVersions)
      .values({
        code,
        version: last!.version + 1,
        threshold: String(body.threshold),
        inspectionDays: body.inspectionDays,
        enabled: body.enabled,
        note: body.note,
        createdBy: ctx.actor?.userId,
      })
      .returning();
    audit({ action: 'keywork.rule.change', objectType: 'keywork_rule', objectId: row!.id });
    return ruleVersionView(row!, 0);
  });
}

/** The facts the rules judge, for active tasks (all, or the given ones), in a few queries. */
export async function loadFacts(ex: Executor, taskIds?: string[]): Promise<TaskFacts[]> {
  const tasks = await ex
    .select()
    .from(keyworkTasks)
    .where(and(eq(keyworkTasks.status, 'active'), taskIds ? inArray(keyworkTasks.id, taskIds) : undefined));
  if (!tasks.length) return [];
  const ids = tasks.map((t) => t.id);
  const ms = await ex.select().from(keyworkMilestones).where(inArray(keyworkMilestones.taskId, ids));
  const slips = await ex
    .select({ milestoneId: keyworkMilestoneSlips.milestoneId, at: keyworkMilestoneSlips.createdAt })
    .from(keyworkMilestoneSlips)
    .innerJoin(keyworkMilestones, eq(keyworkMilestones.id, keyworkMilestoneSlips.milestoneId))
    .where(inArray(keyworkMilestones.taskId, ids))
    .orderBy(asc(keyworkMilestoneSlips.createdAt));
  const reports = await ex
    .select()
    .from(keyworkReports)
    .where(inArray(keyworkReports.taskId, ids))
    .orderBy(asc(keyworkReports.periodEnd));
  const requests = await ex
    .select({ r: keyworkRequests, unitName: orgUnits.name })
    .from(keyworkRequests)
    .innerJoin(orgUnits, eq(orgUnits.id, keyworkRequests.toUnitId))
    .where(inArray(keyworkRequests.taskId, ids));
  return tasks.map((t) => ({
    id: t.id,
    title: t.title,
    cadence: t.cadence as Cadence,
    startsOn: t.startsOn,
    dueOn: t.dueOn,
    milestones: ms
      .filter((m) => m.taskId === t.id)
      .map((m) => ({
        id: m.id,
        title: m.title,
        plannedOn: m.plannedOn,
        doneOn: m.doneOn,
        slipDays: slips.filter((s) => s.milestoneId === m.id).map((s) => localDay(s.at)),
      })),
    reports: reports
      .filter((r) => r.taskId === t.id)
      .map((r) => ({
        id: r.id,
        periodEnd: r.periodEnd,
        progress: Number(r.progress),
        plannedProgress: Number(r.plannedProgress),
        submittedOn: localDay(r.submittedAt),
      })),
    requests: requests
      .filter((q) => q.r.taskId === t.id)
      .map((q) => ({
        id: q.r.id,
        toUnitId: q.r.toUnitId,
        toUnitName: q.unitName,
        dueOn: q.r.dueOn,
        answeredOn: q.r.answeredAt ? localDay(q.r.answeredAt) : null,
      })),
  }));
}

/** The active assessment officer with the fewest open inspections (the same one on a re-run). */
async function pickOfficer(tx: Tx): Promise<string | null> {
  const [o] = await tx
    .select({
      id: authUsers.id,
      open: sql<number>`(select count(*) from ${keyworkInspections} i where i.assignee_user_id = ${authUsers.id} and i.status = 'open')`.mapWith(
        Number,
      ),
    })
    .from(authUserRoles)
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .where(and(eq(authUserRoles.role, 'assessment_officer'), eq(authUsers.status, 'active')))
    .orderBy(sql`2`, asc(authUsers.username))
    .limit(1);
  return o?.id ?? null;
}

/** Opens a targeted inspection of a task, assigned to an officer and on their to-do list. */
export async function openInspection(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  o: { taskId: string; taskTitle: string; origin: 'trigger' | 'manual'; reason: string; workingDays: number },
) {
  const now = ctx.clock.now();
  const assignee = o.origin === 'manual' && ctx.actor ? ctx.actor.userId : await pickOfficer(tx);
  const [row] = await tx
    .insert(keyworkInspections)
    .values({
      taskId: o.taskId,
      origin: o.origin,
      reason: o.reason,
      assigneeUserId: assignee,
      deadline: await workingDeadline(tx, now, o.workingDays),
      openedAt: now,
      createdBy: ctx.actor?.userId ?? null,
      updatedBy: ctx.actor?.userId ?? null,
    })
    .returning();
  await addTodo(ctx, tx, {
    module: 'keywork',
    kind: 'inspection',
    title: `定向考察：${o.taskTitle}`,
    link: `/keywork/inspections/${row!.id}`,
    recordType: 'keywork_inspection',
    recordId: row!.id,
    ...(assignee ? { assigneeUserId: assignee } : { assigneeRole: 'assessment_officer' as const }),
    dueAt: row!.deadline,
    sourceKey: `keywork.inspection:${row!.id}`,
  });
  audit({ action: 'keywork.inspection.open', objectType: 'keywork_inspection', objectId: row!.id });
  return row!;
}

/**
 * Runs the rules in force over active tasks as of today and records each new hit once: a hit
 * whose key some version of the same rule already found on the task is not found again.
 */
export async function evaluate(ctx: Ctx, tx: Tx, audit: Audit, taskIds?: string[]) {
  const rules = await currentRules(tx);
  const facts = await loadFacts(tx, taskIds);
  if (!facts.length) return { hits: 0, inspections: 0 };
  const today = localDay(ctx.clock.now());
  const from = [today, ...facts.map((f) => f.startsOn)].sort()[0]!;
  const cal = await loadCalendar(tx, from, addDays(today, 40));
  const found = facts.flatMap((f) => findHits(f, rules, cal, today).map((h) => ({ ...h, task: f })));
  if (!found.length) return { hits: 0, inspections: 0 };
  const known = new Set(
    (
      await tx
        .select({ code: keyworkHits.ruleCode, taskId: keyworkHits.taskId, key: keyworkHits.hitKey })
        .from(keyworkHits)
        .where(inArray(keyworkHits.taskId, [...new Set(found.map((h) => h.task.id))]))
    ).map((k) => `${k.code}|${k.taskId}|${k.key}`),
  );
  let hits = 0;
  let inspections = 0;
  for (const h of found) {
    if (known.has(`${h.code}|${h.task.id}|${h.key}`)) continue;
    const rule = rules.find((r) => r.code === h.code)!;
    const [hit] = await tx
      .insert(keyworkHits)
      .values({
        ruleVersionId: rule.id,
        ruleCode: h.code,
        taskId: h.task.id,
        hitKey: h.key,
        detail: h.detail,
        message: h.message,
        hitOn: h.on,
      })
      .onConflictDoNothing()
      .returning({ id: keyworkHits.id });
    if (!hit) continue;
    hits += 1;
    let [open] = await tx
      .select({ id: keyworkInspections.id })
      .from(keyworkInspections)
      .where(and(eq(keyworkInspections.taskId, h.task.id), eq(keyworkInspections.status, 'open')))
      .limit(1);
    if (!open) {
      open = await openInspection(ctx, tx, audit, {
        taskId: h.task.id,
        taskTitle: h.task.title,
        origin: 'trigger',
        reason: h.message,
        workingDays: rule.inspectionDays,
      });
      inspections += 1;
    }
    await tx.update(keyworkHits).set({ inspectionId: open.id }).where(eq(keyworkHits.id, hit.id));
    audit({ action: 'keywork.rule.hit', objectType: 'keywork_hit', objectId: hit.id });
  }
  return { hits, inspections };
}

defineJob('keywork.evaluate', async (p, { ctx, tx, audit }) => {
  const result = await evaluate(ctx, tx, audit, p.taskId ? [String(p.taskId)] : undefined);
  return { result };
});

// Every hour: once a day, the rules look at every active task (overdue milestones and missed
// reports appear with the passing of time, not with a record).
defineRecurringJob('keywork.triggers', 3_600_000, async (_p, { ctx, tx }) => {
  await enqueueEvaluation(tx, ctx, null, `day:${localDay(ctx.clock.now())}`);
});

/** Asks for an evaluation of every active task now (a job, like the daily one). */
export async function evaluateNow(ctx: Ctx) {
  const out = await write(ctx, async (tx, audit) => {
    const id = await enqueue(tx, {
      kind: 'keywork.evaluate',
      payload: {},
      runAt: ctx.clock.now(),
      createdBy: ctx.actor?.userId ?? null,
    });
    audit({ action: 'keywork.rules.evaluate', objectType: 'system_job', objectId: String(id) });
    return { jobId: id };
  });
  wakeJobs();
  return out;
}

/** The trigger inbox: hits, newest first, with the inspection each one opened or joined. */
export async function listHits(ctx: Ctx, q: z.infer<typeof HitQuery>) {
  const parts = [];
  if (q.rule) parts.push(eq(keyworkHits.ruleCode, q.rule));
  if (q.taskId) parts.push(eq(keyworkHits.taskId, q.taskId));
  const where = parts.length ? and(...parts) : undefined;
  const items = await ctx.db
    .select({
      id: keyworkHits.id,
      ruleCode: keyworkHits.ruleCode,
      version: keyworkRuleVersions.version,
      threshold: keyworkRuleVersions.threshold,
      taskId: keyworkHits.taskId,
      taskTitle: keyworkTasks.title,
      message: keyworkHits.message,
      detail: keyworkHits.detail,
      hitOn: keyworkHits.hitOn,
      createdAt: keyworkHits.createdAt,
      inspectionId: keyworkHits.inspectionId,
      inspectionStatus: keyworkInspections.status,
      assigneeName: authUsers.displayName,
      deadline: keyworkInspections.deadline,
    })
    .from(keyworkHits)
    .innerJoin(keyworkRuleVersions, eq(keyworkRuleVersions.id, keyworkHits.ruleVersionId))
    .innerJoin(keyworkTasks, eq(keyworkTasks.id, keyworkHits.taskId))
    .leftJoin(keyworkInspections, eq(keyworkInspections.id, keyworkHits.inspectionId))
    .leftJoin(authUsers, eq(authUsers.id, keyworkInspections.assigneeUserId))
    .where(where)
    .orderBy(desc(keyworkHits.hitOn), desc(keyworkHits.createdAt))
    .limit(pageWindow(q).limit)
    .offset(pageWindow(q).offset);
  const [total] = await ctx.db.select({ n: count() }).from(keyworkHits).where(where);
  return {
    items: items.map((i) => ({
      ...i,
      ruleCode: i.ruleCode as RuleCode,
      threshold: Number(i.threshold),
      detail: i.detail as Record<string, unknown>,
      inspectionStatus: i.inspectionStatus as InspectionStatus | null,
    })),
    total: total!.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}
