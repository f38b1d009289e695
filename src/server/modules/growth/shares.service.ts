import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DeclareBody, ObjectBody, SharesQuery, VerifyBody } from '../../../common/contracts/growth.ts';
import { type Executor, rows, type Tx, uuidArray } from '../../db/client.ts';
import { authUsers, growthShareDeclarations, growthShares, keyworkTasks } from '../../db/schema/index.ts';
import { type Ctx, grantOf, hasRole } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { addTodo, completeTodosOf } from '../todo/todo.service.ts';
import { mayDeclareFor, mayVerify } from './growth.policy.ts';

/**
 * 同一任务贡献对比: for a key task with several responsible cadres, the lead unit declares each
 * cadre's role and share; each cadre concerned sees it and may object with reasons; an officer of
 * the organization department verifies or corrects it (with reasons). A cadre's credit from the
 * task is then weighted by the verified share (measures.service), never the unit's whole result.
 */

interface TaskRow {
  id: string;
  title: string;
  lead_unit_id: string | null;
  lead_unit_name: string | null;
}

/** Key tasks with at least two responsible cadres (optionally one task). */
async function sharedTasks(ex: Executor, taskId?: string): Promise<TaskRow[]> {
  return rows<TaskRow>(
    ex,
    sql`select t.id, t.title, t.lead_unit_id, u.name as lead_unit_name
        from keywork_tasks t left join org_units u on u.id = t.lead_unit_id
        where (select count(*) from keywork_task_cadres x where x.task_id = t.id and x.role = 'responsible') >= 2
          ${taskId ? sql`and t.id = ${taskId}` : sql``}
        order by t.starts_on desc, t.title`,
  );
}

async function taskCadres(ex: Executor, taskIds: string[]) {
  if (!taskIds.length) return [];
  return rows<{
    task_id: string;
    id: string;
    name: string;
    unit_name: string | null;
    post: string | null;
    part: string | null;
  }>(
    ex,
    sql`select tc.task_id, c.id, c.name, u.name as unit_name, c.post, tc.part
        from keywork_task_cadres tc join org_cadres c on c.id = tc.cadre_id left join org_units u on u.id = c.unit_id
        where tc.role = 'responsible' and tc.task_id = any(${uuidArray(taskIds)}) order by c.name`,
  );
}

/** The causal-chain facts shown beside each share: milestones the cadre answers for, findings. */
async function chainFacts(ex: Executor, taskId: string, cadreIds: string[]) {
  const ms = await rows<{
    cadre_id: string;
    total: number;
    on_time: number;
    late: number;
    open: number;
    overdue: number;
  }>(
    ex,
    sql`select m.responsible_cadre_id as cadre_id, count(*)::int as total,
               count(*) filter (where m.done_on is not null and m.done_on <= m.baseline_on)::int as on_time,
               count(*) filter (where m.done_on is not null and m.done_on > m.baseline_on)::int as late,
               count(*) filter (where m.done_on is null and m.planned_on >= current_date)::int as open,
               count(*) filter (where m.done_on is null and m.planned_on < current_date)::int as overdue
        from keywork_milestones m where m.task_id = ${taskId} and m.responsible_cadre_id = any(${uuidArray(cadreIds)})
        group by m.responsible_cadre_id`,
  );
  const findings = await rows<{ id: string; cadre_id: string; tags: string[]; effect: string | null }>(
    ex,
    sql`select f.id, f.cadre_id, f.tags, f.effect from keywork_findings f
        join keywork_inspections i on i.id = f.inspection_id
        where i.task_id = ${taskId} and i.status = 'concluded' and f.cadre_id = any(${uuidArray(cadreIds)})`,
  );
  return { ms, findings };
}

/** The declaration of a task as the contract shows it, with what the actor may do. */
export async function declarationView(ctx: Ctx, ex: Executor, declarationId: string) {
  const [d] = await ex
    .select({
      d: growthShareDeclarations,
      declaredByName: sql<
        string | null
      >`(select display_name from ${authUsers} where id = ${growthShareDeclarations.declaredBy})`,
      verifiedByName: sql<
        string | null
      >`(select display_name from ${authUsers} where id = ${growthShareDeclarations.verifiedBy})`,
    })
    .from(growthShareDeclarations)
    .where(eq(growthShareDeclarations.id, declarationId));
  if (!d) throw notFound('份额申报');
  const [task] = await sharedTasks(ex, d.d.subjectId);
  const shares = await rows<{
    id: string;
    cadre_id: string;
    name: string;
    unit_name: string | null;
    post: string | null;
    role: string;
    declared_pct: string;
    verified_pct: string | null;
    correction: string | null;
    objection: string | null;
    objected_at: Date | null;
  }>(
    ex,
    sql`select s.id, s.cadre_id, c.name, u.name as unit_name, c.post, s.role, s.declared_pct::text,
               s.verified_pct::text, s.correction, s.objection, s.objected_at
        from growth_shares s join org_cadres c on c.id = s.cadre_id left join org_units u on u.id = c.unit_id
        where s.declaration_id = ${declarationId} order by s.declared_pct desc, c.name`,
  );
  const facts = await chainFacts(
    ex,
    d.d.subjectId,
    shares.map((s) => s.cadre_id),
  );
  const self = grantOf(ctx.actor, 'cadre')?.cadreId ?? null;
  const verified = d.d.status === 'verified';
  return {
    id: d.d.id,
    task: { id: d.d.subjectId, title: task?.title ?? '', leadUnitName: task?.lead_unit_name ?? null },
    status: d.d.status as 'declared' | 'verified',
    declaredAt: d.d.declaredAt,
    declaredByName: d.declaredByName,
    verifiedAt: d.d.verifiedAt,
    verifiedByName: d.verifiedByName,
    verifyNote: d.d.verifyNote,
    shares: shares.map((s) => {
      const m = facts.ms.find((x) => x.cadre_id === s.cadre_id);
      return {
        id: s.id,
        cadre: { id: s.cadre_id, name: s.name, unitName: s.unit_name, post: s.post },
        role: s.role,
        declaredPct: Number(s.declared_pct),
        verifiedPct: s.verified_pct === null ? null : Number(s.verified_pct),
        correction: s.correction,
        objection: s.objection,
        objectedAt: s.objected_at ? new Date(s.objected_at) : null,
        milestones: {
          total: m?.total ?? 0,
          doneOnTime: m?.on_time ?? 0,
          late: m?.late ?? 0,
          open: m?.open ?? 0,
          overdue: m?.overdue ?? 0,
        },
        findings: facts.findings
          .filter((f) => f.cadre_id === s.cadre_id)
          .map((f) => ({ id: f.id, tags: f.tags ?? [], effect: f.effect })),
        can: { object: !verified && self === s.cadre_id },
      };
    }),
    can: {
      declare: !verified && mayDeclareFor(ctx.actor, task?.lead_unit_id ?? null),
      verify: !verified && mayVerify(ctx.actor),
    },
  };
}

/** The shared key tasks the actor may see, with their declarations. */
export async function listSharedTasks(ctx: Ctx, q: z.infer<typeof SharesQuery>) {
  const all = await sharedTasks(ctx.db);
  const actor = ctx.actor;
  const self = grantOf(actor, 'cadre')?.cadreId ?? null;
  const units = (actor?.grants ?? []).filter((g) => g.role === 'unit_admin').map((g) => g.unitId);
  const dept = hasRole(actor, 'org_leader', 'assessment_officer');
  const cadres = await taskCadres(
    ctx.db,
    all.map((t) => t.id),
  );
  const decls = all.length
    ? await ctx.db
        .select()
        .from(growthShareDeclarations)
        .where(
          and(
            eq(growthShareDeclarations.subjectType, 'keywork_task'),
            inArray(
              growthShareDeclarations.subjectId,
              all.map((t) => t.id),
            ),
          ),
        )
    : [];
  const objections = decls.length
    ? await rows<{ declaration_id: string; n: number }>(
        ctx.db,
        sql`select declaration_id, count(*)::int as n from growth_shares
            where objection is not null and declaration_id = any(${uuidArray(decls.map((d) => d.id))})
            group by declaration_id`,
      )
    : [];
  const items = [];
  for (const t of all) {
    const mine = cadres.filter((c) => c.task_id === t.id);
    const visible =
      dept || (t.lead_unit_id && units.includes(t.lead_unit_id)) || mine.some((c) => c.id === self);
    if (!visible) continue;
    const d = decls.find((x) => x.subjectId === t.id) ?? null;
    const nObj = objections.find((o) => o.declaration_id === d?.id)?.n ?? 0;
    const status = !d ? 'undeclared' : d.status === 'verified' ? 'verified' : nObj ? 'objected' : 'declared';
    if (q.status !== 'all' && q.status !== status && !(q.status === 'declared' && status === 'objected'))
      continue;
    items.push({
      task: { id: t.id, title: t.title, leadUnitName: t.lead_unit_name },
      cadres: mine.map((c) => ({
        id: c.id,
        name: c.name,
        unitName: c.unit_name,
        post: c.post,
        part: c.part,
      })),
      declaration: d ? await declarationView(ctx, ctx.db, d.id) : null,
      objections: nObj,
      can: { declare: d?.status !== 'verified' && mayDeclareFor(actor, t.lead_unit_id) },
    });
  }
  return { items };
}

async function lockDeclaration(tx: Tx, id: string) {
  const [d] = await tx
    .select()
    .from(growthShareDeclarations)
    .where(eq(growthShareDeclarations.id, id))
    .for('update');
  if (!d) throw notFound('份额申报');
  return d;
}

/** The lead unit declares each cadre's role and share (again, while not yet verified). */
export async function declare(ctx: Ctx, body: z.infer<typeof DeclareBody>) {
  return write(ctx, async (tx, audit) => {
    const [task] = await sharedTasks(tx, body.taskId);
    if (!task) {
      const [exists] = await tx
        .select({ id: keyworkTasks.id })
        .from(keyworkTasks)
        .where(eq(keyworkTasks.id, body.taskId));
      if (!exists) throw notFound('重点任务');
      throw new AppError('VALIDATION_FAILED', '该任务只有一名责任干部，无须申报份额', [
        { path: 'taskId', message: '只有一名责任干部' },
      ]);
    }
    if (!mayDeclareFor(ctx.actor, task.lead_unit_id)) throw new AppError('GROWTH_NOT_LEAD_UNIT');
    const cadres = await taskCadres(tx, [task.id]);
    const bad = body.shares.findIndex((s) => !cadres.some((c) => c.id === s.cadreId));
    if (bad >= 0)
      throw new AppError('GROWTH_NOT_TASK_CADRE', undefined, [
        { path: `shares.${bad}.cadreId`, message: '不是该任务的责任干部' },
      ]);
    const now = ctx.clock.now();
    const [existing] = await tx
      .select()
      .from(growthShareDeclarations)
      .where(
        and(
          eq(growthShareDeclarations.subjectType, 'keywork_task'),
          eq(growthShareDeclarations.subjectId, task.id),
        ),
      )
      .for('update');
    if (existing?.status === 'verified') throw new AppError('GROWTH_DECLARATION_VERIFIED');
    let id = existing?.id;
    if (existing) {
      await tx
        .update(growthShareDeclarations)
        .set({ declaredAt: now, declaredBy: ctx.actor?.userId, unitId: task.lead_unit_id })
        .where(eq(growthShareDeclarations.id, existing.id));
      await tx.delete(growthShares).where(eq(growthShares.declarationId, existing.id));
    } else {
      const [row] = await tx
        .insert(growthShareDeclarations)
        .values({
          subjectType: 'keywork_task',
          subjectId: task.id,
          unitId: task.lead_unit_id,
          declaredAt: now,
          declaredBy: ctx.actor?.userId,
        })
        .returning({ id: growthShareDeclarations.id });
      id = row!.id;
    }
    await tx.insert(growthShares).values(
      body.shares.map((s) => ({
        declarationId: id!,
        cadreId: s.cadreId,
        role: s.role,
        declaredPct: String(s.pct),
      })),
    );
    await completeTodosOf(ctx, tx, { recordType: 'keywork_task', recordId: task.id, kind: 'growth_declare' });
    await addTodo(ctx, tx, {
      module: 'growth',
      kind: 'growth_verify',
      title: `核定贡献份额：${task.title}`,
      link: `/growth/shares?task=${task.id}`,
      recordType: 'growth_declaration',
      recordId: id!,
      assigneeRole: 'assessment_officer',
      sourceKey: `growth.verify:${id}:${now.getTime()}`,
    });
    audit({ action: 'growth.shares.declare', objectType: 'growth_declaration', objectId: id! });
    return declarationView(ctx, tx, id!);
  });
}

/** A cadre objects to their own share, with reasons. */
export async function object(ctx: Ctx, shareId: string, body: z.infer<typeof ObjectBody>) {
  return write(ctx, async (tx, audit) => {
    const [s] = await tx.select().from(growthShares).where(eq(growthShares.id, shareId)).for('update');
    if (!s) throw notFound('份额');
    const self = grantOf(ctx.actor, 'cadre')?.cadreId ?? null;
    if (self !== s.cadreId) throw new AppError('GROWTH_NOT_YOUR_SHARE');
    const d = await lockDeclaration(tx, s.declarationId);
    if (d.status === 'verified') throw new AppError('GROWTH_DECLARATION_VERIFIED');
    await tx
      .update(growthShares)
      .set({ objection: body.reason, objectedAt: ctx.clock.now(), objectedBy: ctx.actor?.userId })
      .where(eq(growthShares.id, shareId));
    audit({ action: 'growth.shares.object', objectType: 'growth_share', objectId: shareId });
    return declarationView(ctx, tx, d.id);
  });
}

/** An officer verifies the declaration, correcting shares where needed (a correction needs a reason). */
export async function verify(ctx: Ctx, declarationId: string, body: z.infer<typeof VerifyBody>) {
  return write(ctx, async (tx, audit) => {
    const d = await lockDeclaration(tx, declarationId);
    if (d.status === 'verified') throw new AppError('GROWTH_DECLARATION_VERIFIED');
    if (!mayVerify(ctx.actor)) throw new AppError('FORBIDDEN');
    // The declaring unit's own people never verify its declaration.
    if (ctx.actor?.grants.some((g) => g.role === 'unit_admin' && g.unitId === d.unitId))
      throw new AppError('GROWTH_SELF_VERIFY');
    const shares = await tx.select().from(growthShares).where(eq(growthShares.declarationId, declarationId));
    const details: { path: string; message: string }[] = [];
    body.shares.forEach((b, i) => {
      const s = shares.find((x) => x.cadreId === b.cadreId);
      if (!s) details.push({ path: `shares.${i}.cadreId`, message: '不在本申报中' });
      else if (Math.abs(Number(s.declaredPct) - b.pct) > 1e-9 && !b.correction)
        details.push({ path: `shares.${i}.correction`, message: '更正份额须写明理由' });
    });
    if (shares.some((s) => !body.shares.some((b) => b.cadreId === s.cadreId)))
      details.push({ path: 'shares', message: '请逐一核定申报中的每名干部' });
    if (details.length) throw new AppError('GROWTH_CORRECTION_REASON', '份额核定有误，请检查', details);
    for (const b of body.shares)
      await tx
        .update(growthShares)
        .set({ verifiedPct: String(b.pct), correction: b.correction ?? null })
        .where(and(eq(growthShares.declarationId, declarationId), eq(growthShares.cadreId, b.cadreId)));
    await tx
      .update(growthShareDeclarations)
      .set({
        status: 'verified',
        verifiedAt: ctx.clock.now(),
        verifiedBy: ctx.actor?.userId,
        verifyNote: body.note ?? null,
      })
      .where(eq(growthShareDeclarations.id, declarationId));
    await completeTodosOf(ctx, tx, { recordType: 'growth_declaration', recordId: declarationId });
    audit({ action: 'growth.shares.verify', objectType: 'growth_declaration', objectId: declarationId });
    return declarationView(ctx, tx, declarationId);
  });
}

/** The declarations concerning a cadre (for their page). */
export async function declarationsOf(ctx: Ctx, ex: Executor, cadreId: string) {
  const ids = await rows<{ id: string }>(
    ex,
    sql`select distinct d.id from growth_share_declarations d join growth_shares s on s.declaration_id = d.id
        where s.cadre_id = ${cadreId}`,
  );
  const out = [];
  for (const r of ids) out.push(await declarationView(ctx, ex, r.id));
  return out;
}

/** Shared tasks without a declaration: a to-do for the lead unit's administrators (daily, once per task). */
export async function remindUndeclared(ctx: Ctx, tx: Tx): Promise<number> {
  const open = await rows<{ id: string; title: string; lead_unit_id: string }>(
    tx,
    sql`select t.id, t.title, t.lead_unit_id from keywork_tasks t
        where t.lead_unit_id is not null and t.status = 'active'
          and (select count(*) from keywork_task_cadres x where x.task_id = t.id and x.role = 'responsible') >= 2
          and not exists (select 1 from growth_share_declarations d where d.subject_type = 'keywork_task' and d.subject_id = t.id)`,
  );
  for (const t of open)
    await addTodo(ctx, tx, {
      module: 'growth',
      kind: 'growth_declare',
      title: `申报贡献份额：${t.title}`,
      link: `/growth/shares?task=${t.id}`,
      recordType: 'keywork_task',
      recordId: t.id,
      assigneeRole: 'unit_admin',
      assigneeUnitId: t.lead_unit_id,
      sourceKey: `growth.declare:${t.id}`,
    });
  return open.length;
}
