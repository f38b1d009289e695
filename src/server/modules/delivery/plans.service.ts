import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { shareOf } from '../../../analytics/delivery.ts';
import {
  type CandidateQuery,
  type CheckBody,
  type FindingStatus,
  type ItemKind,
  type PlanBody,
  type PlanDetailView,
  type PlanRowView,
  type PlanStatus,
  type PlanView,
  type TargetKind,
  VERDICT_LABELS,
} from '../../../common/contracts/delivery.ts';
import { rows, type Tx } from '../../db/client.ts';
import {
  deliveryChecks,
  deliveryFindings,
  deliveryItems,
  deliveryPlanItems,
  deliveryPlans,
  orgCadres,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { Rng } from '../../lib/random.ts';
import { localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadCalendar } from '../org/calendar.service.ts';
import { addTodoForCadre, completeTodosOf } from '../todo/todo.service.ts';
import { planCan } from './delivery.policy.ts';
import { checkView, findingView, noteFinding, raisedTitle } from './findings.service.ts';

export type Selection = z.infer<typeof CandidateQuery>;
type PlanRow = typeof deliveryPlans.$inferSelect;
/** What a plan keeps of its draw: the query, the seed and the pool it drew from. */
type Kept = Selection & { seed: number | null; pool?: string[]; poolHash?: string };

function planFields(
  p: PlanRow,
): z.infer<typeof PlanRowView> extends infer R ? Omit<R, 'cadres' | 'items' | 'checked'> : never {
  const s = p.selection as Kept;
  return {
    id: p.id,
    title: p.title,
    year: p.year,
    month: p.month,
    status: p.status as PlanStatus,
    selection: {
      rule: s.rule,
      cadres: s.cadres,
      itemsPerCadre: s.itemsPerCadre,
      domain: s.domain ?? null,
      regionId: s.regionId ?? null,
      seed: s.seed ?? null,
      poolSize: s.pool?.length ?? 0,
      poolHash: s.poolHash ?? null,
    },
    plannedOn: p.plannedOn,
    startedAt: p.startedAt,
    completedAt: p.completedAt,
    createdAt: p.createdAt,
  };
}

export function planView(p: PlanRow): z.infer<typeof PlanView> {
  const f = planFields(p);
  return { ...f, can: planCan({ status: p.status, rule: f.selection.rule, seed: f.selection.seed }) };
}

/** Days a cadre has to explain a finding before it can be made final. */
export const EXPLANATION_WORKING_DAYS = 3;

export interface CandidateItem {
  itemId: string;
  title: string;
  domainCode: string | null;
  planned: number;
  reported: number | null;
  gap: number;
  checks: number;
}

export interface Candidate {
  cadreId: string;
  name: string;
  post: string | null;
  unitId: string | null;
  unitName: string | null;
  regionId: string | null;
  regionName: string | null;
  townKind: boolean;
  score: number;
  items: CandidateItem[];
}

interface EligibleRow {
  item_id: string;
  title: string;
  domain_code: string | null;
  target_kind: string;
  target_value: string | null;
  milestones: unknown;
  monthly_plan: number[];
  cadre_id: string;
  name: string;
  post: string | null;
  unit_id: string | null;
  unit_name: string | null;
  unit_kind: string | null;
  region_id: string | null;
  region_name: string | null;
  reported: string | null;
  checks: number;
}

/** The items that can be checked: confirmed lists of the year, not withdrawn, with the latest report. */
async function eligible(tx: Tx, s: Selection): Promise<EligibleRow[]> {
  return rows<EligibleRow>(
    tx,
    sql`select i.id as item_id, i.title, i.domain_code, i.target_kind, i.target_value, i.milestones, i.monthly_plan,
               c.id as cadre_id, c.name, c.post, u.id as unit_id, u.name as unit_name, u.kind as unit_kind,
               r.id as region_id, r.name as region_name,
               (select x.progress from delivery_reports x where x.item_id = i.id and x.year = l.year and x.month <= ${s.month}
                order by x.month desc limit 1) as reported,
               (select count(*)::int from delivery_checks k where k.item_id = i.id) as checks
        from delivery_items i
        join delivery_lists l on l.id = i.list_id
        join org_cadres c on c.id = l.cadre_id
        left join org_units u on u.id = c.unit_id
        left join org_regions r on r.id = u.region_id
        where l.year = ${s.year} and l.status = 'confirmed' and i.withdrawn_at is null and c.status = 'active'
          ${s.domain ? sql`and i.domain_code = ${s.domain}` : sql``}
          ${s.regionId ? sql`and u.region_id = ${s.regionId}` : sql``}
        order by c.id, i.seq`,
  );
}

/** What has been visited this year: the domains of checked items and the towns of checked cadres. */
async function visitedAreas(tx: Tx, year: number) {
  const found = await rows<{
    domain_code: string | null;
    region_id: string | null;
    unit_kind: string | null;
  }>(
    tx,
    sql`select distinct i.domain_code, u.region_id, u.kind as unit_kind
        from delivery_checks k join delivery_items i on i.id = k.item_id join delivery_lists l on l.id = i.list_id
        join org_cadres c on c.id = k.cadre_id left join org_units u on u.id = c.unit_id where l.year = ${year}`,
  );
  return {
    domains: new Set(found.map((f) => f.domain_code).filter(Boolean) as string[]),
    towns: new Set(
      found.filter((f) => f.unit_kind === 'town' || f.unit_kind === 'street').map((f) => f.region_id!),
    ),
  };
}

function group(rowsIn: EligibleRow[], month: number): Candidate[] {
  const byCadre = new Map<string, Candidate>();
  for (const r of rowsIn) {
    let c = byCadre.get(r.cadre_id);
    if (!c) {
      c = {
        cadreId: r.cadre_id,
        name: r.name,
        post: r.post,
        unitId: r.unit_id,
        unitName: r.unit_name,
        regionId: r.region_id,
        regionName: r.region_name,
        townKind: r.unit_kind === 'town' || r.unit_kind === 'street',
        score: 0,
        items: [],
      };
      byCadre.set(r.cadre_id, c);
    }
    const planned = Number((r.monthly_plan ?? [])[month - 1] ?? 0);
    const reported = r.reported === null ? null : Number(r.reported);
    const item = {
      targetKind: r.target_kind,
      targetValue: r.target_value === null ? null : Number(r.target_value),
      milestones: r.milestones as unknown[] | null,
    };
    c.items.push({
      itemId: r.item_id,
      title: r.title,
      domainCode: r.domain_code,
      planned,
      reported,
      gap: shareOf(item, planned - (reported ?? 0)),
      checks: r.checks,
    });
  }
  return [...byCadre.values()];
}

const byGap = (a: CandidateItem, b: CandidateItem) => b.gap - a.gap || a.itemId.localeCompare(b.itemId);

/**
 * Chooses the cadres and items of a visit by a rule, or at random with a seed that is kept so
 * the draw can be replayed. Pure given the data: the same data and seed give the same draw.
 */
export async function drawTargets(
  tx: Tx,
  s: Selection,
): Promise<{ seed: number | null; pool: string[]; chosen: Candidate[] }> {
  const all = group(await eligible(tx, s), s.month);
  let chosen: Candidate[];
  let seed: number | null = null;
  const pool = all.map((c) => c.cadreId).sort();
  if (s.rule === 'random') {
    seed = s.seed ?? randomInt(0, 2 ** 31 - 1);
    const rng = new Rng(seed);
    const sorted = [...all].sort((a, b) => a.cadreId.localeCompare(b.cadreId));
    chosen = rng
      .shuffle(sorted)
      .slice(0, s.cadres)
      .map((c) => ({
        ...c,
        items: rng
          .shuffle([...c.items].sort((a, b) => a.itemId.localeCompare(b.itemId)))
          .slice(0, s.itemsPerCadre),
      }));
  } else {
    let scored: Candidate[];
    if (s.rule === 'largest_gap') {
      scored = all.map((c) => ({
        ...c,
        items: [...c.items].sort(byGap),
        score: Math.max(...c.items.map((i) => i.gap)),
      }));
    } else if (s.rule === 'never_verified') {
      scored = all
        .map((c) => {
          const fresh = c.items.filter((i) => i.checks === 0).sort(byGap);
          return { ...c, items: fresh, score: fresh.length };
        })
        .filter((c) => c.score > 0);
    } else {
      const visited = await visitedAreas(tx, s.year);
      scored = all
        .map((c) => {
          const townUnvisited = c.townKind && !!c.regionId && !visited.towns.has(c.regionId);
          const items = c.items
            .filter((i) => townUnvisited || (i.domainCode && !visited.domains.has(i.domainCode)))
            .sort(byGap);
          return { ...c, items, score: items.length };
        })
        .filter((c) => c.score > 0);
    }
    chosen = scored
      .sort((a, b) => b.score - a.score || a.cadreId.localeCompare(b.cadreId))
      .slice(0, s.cadres)
      .map((c) => ({ ...c, items: c.items.slice(0, s.itemsPerCadre) }));
  }
  return { seed, pool, chosen: chosen.filter((c) => c.items.length) };
}

/** A preview of the draw for the officer planning a visit (an audited read, naming no one). */
export async function previewTargets(ctx: Ctx, s: Selection) {
  const out = await drawTargets(ctx.db as unknown as Tx, s);
  await recordAudit(ctx, { action: 'delivery.plan.preview', objectType: 'delivery_plan', objectId: null });
  return out;
}

/**
 * Plans a visit. The plan is secret: only the organization department can read it, and its
 * audit entries name the plan alone.
 */
export async function createPlan(ctx: Ctx, body: z.infer<typeof PlanBody>) {
  return write(ctx, async (tx, audit) => {
    const draw = await drawTargets(tx, body.selection);
    if (draw.chosen.length === 0) throw new AppError('DELIVERY_NO_CANDIDATES');
    const selection = {
      ...body.selection,
      seed: draw.seed,
      pool: draw.pool,
      poolHash: sm3Hex(draw.pool.join(',')),
    };
    const [plan] = await tx
      .insert(deliveryPlans)
      .values({
        title: body.title,
        year: body.selection.year,
        month: body.selection.month,
        selection,
        plannedOn: body.plannedOn ?? null,
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning();
    await tx
      .insert(deliveryPlanItems)
      .values(
        draw.chosen.flatMap((c) =>
          c.items.map((i) => ({ planId: plan!.id, itemId: i.itemId, cadreId: c.cadreId })),
        ),
      );
    audit({ action: 'delivery.plan.create', objectType: 'delivery_plan', objectId: plan!.id });
    return planView(plan!);
  });
}

/** Replays a plan's random draw from its recorded seed and pool (for audit). */
export async function replayDraw(ctx: Ctx, planId: string) {
  const [plan] = await ctx.db.select().from(deliveryPlans).where(eq(deliveryPlans.id, planId));
  if (!plan) throw notFound('考察计划');
  const s = plan.selection as Kept;
  if (s.rule !== 'random' || s.seed === null) throw new AppError('DELIVERY_PLAN_NOT_RANDOM');
  const rng = new Rng(s.seed);
  return rng.shuffle([...(s.pool ?? [])].sort()).slice(0, s.cadres);
}

export async function listPlans(ctx: Ctx): Promise<z.infer<typeof PlanRowView>[]> {
  const list = await ctx.db
    .select({
      plan: deliveryPlans,
      cadres:
        sql<number>`(select count(distinct p.cadre_id) from delivery_plan_items p where p.plan_id = delivery_plans.id)`.mapWith(
          Number,
        ),
      items:
        sql<number>`(select count(*) from delivery_plan_items p where p.plan_id = delivery_plans.id)`.mapWith(
          Number,
        ),
      checked:
        sql<number>`(select count(*) from delivery_checks k where k.plan_id = delivery_plans.id)`.mapWith(
          Number,
        ),
    })
    .from(deliveryPlans)
    .orderBy(desc(deliveryPlans.createdAt));
  return list.map((r) => ({ ...planFields(r.plan), cadres: r.cadres, items: r.items, checked: r.checked }));
}

/** A plan with its targets and the checks recorded so far. */
export async function getPlan(ctx: Ctx, id: string): Promise<z.infer<typeof PlanDetailView>> {
  const [plan] = await ctx.db.select().from(deliveryPlans).where(eq(deliveryPlans.id, id));
  if (!plan) throw notFound('考察计划');
  const targets = await ctx.db
    .select({
      itemId: deliveryPlanItems.itemId,
      cadreId: deliveryPlanItems.cadreId,
      cadreName: orgCadres.name,
      post: orgCadres.post,
      unitName: orgUnits.name,
      item: deliveryItems,
    })
    .from(deliveryPlanItems)
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryPlanItems.cadreId))
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryPlanItems.itemId))
    .where(eq(deliveryPlanItems.planId, id))
    .orderBy(asc(orgUnits.sort), asc(orgCadres.name), asc(deliveryItems.seq));
  const reported = targets.length
    ? await rows<{ item_id: string; progress: string }>(
        ctx.db,
        sql`select distinct on (item_id) item_id, progress from delivery_reports
            where item_id in (${sql.join(
              targets.map((t) => sql`${t.itemId}::uuid`),
              sql`, `,
            )}) and year = ${plan.year} and month <= ${plan.month}
            order by item_id, month desc`,
      )
    : [];
  const checks = await ctx.db.select().from(deliveryChecks).where(eq(deliveryChecks.planId, id));
  const found = await ctx.db
    .select({
      id: deliveryFindings.id,
      checkId: deliveryFindings.checkId,
      status: deliveryFindings.status,
    })
    .from(deliveryFindings)
    .where(eq(deliveryFindings.planId, id));
  await recordAudit(ctx, { action: 'delivery.plan.read', objectType: 'delivery_plan', objectId: id });
  return {
    plan: planView(plan),
    targets: targets.map((t) => ({
      itemId: t.itemId,
      cadreId: t.cadreId,
      cadreName: t.cadreName,
      post: t.post,
      unitName: t.unitName,
      title: t.item.title,
      kind: t.item.kind as ItemKind,
      domainCode: t.item.domainCode,
      targetKind: t.item.targetKind as TargetKind,
      targetValue: t.item.targetValue === null ? null : Number(t.item.targetValue),
      measureUnit: t.item.measureUnit,
      planned: Number((t.item.monthlyPlan as number[])[plan.month - 1] ?? 0),
      reported: (() => {
        const r = reported.find((x) => x.item_id === t.itemId);
        return r ? Number(r.progress) : null;
      })(),
      ...(() => {
        const c = checks.find((x) => x.itemId === t.itemId);
        const f = c && found.find((x) => x.checkId === c.id);
        return {
          check: c ? checkView(c) : null,
          finding: f ? { id: f.id, status: f.status as FindingStatus } : null,
        };
      })(),
    })),
  };
}

async function lockPlan(tx: Tx, id: string) {
  const [plan] = await tx.select().from(deliveryPlans).where(eq(deliveryPlans.id, id)).for('update');
  if (!plan) throw notFound('考察计划');
  return plan;
}

/** The officer sets off: from now on the visit is no longer secret and checks can be recorded. */
export async function startPlan(ctx: Ctx, id: string) {
  return write(ctx, async (tx, audit) => {
    const plan = await lockPlan(tx, id);
    if (plan.status !== 'secret') throw new AppError('DELIVERY_PLAN_STARTED');
    const [row] = await tx
      .update(deliveryPlans)
      .set({ status: 'started', startedAt: ctx.clock.now(), startedBy: ctx.actor?.userId ?? null })
      .where(eq(deliveryPlans.id, id))
      .returning();
    audit({ action: 'delivery.plan.start', objectType: 'delivery_plan', objectId: id });
    return planView(row!);
  });
}

export async function completePlan(ctx: Ctx, id: string) {
  return write(ctx, async (tx, audit) => {
    const plan = await lockPlan(tx, id);
    if (plan.status === 'secret') throw new AppError('DELIVERY_PLAN_NOT_STARTED');
    if (plan.status !== 'started') throw new AppError('DELIVERY_PLAN_COMPLETED');
    const [row] = await tx
      .update(deliveryPlans)
      .set({ status: 'completed', completedAt: ctx.clock.now(), completedBy: ctx.actor?.userId ?? null })
      .where(eq(deliveryPlans.id, id))
      .returning();
    audit({ action: 'delivery.plan.complete', objectType: 'delivery_plan', objectId: id });
    return planView(row!);
  });
}

/**
 * Records the check of one item on site: reported against verified, and a verdict. A verdict
 * other than 属实 opens a finding that the cadre may explain within a few working days.
 */
export async function recordCheck(ctx: Ctx, planId: string, body: z.infer<typeof CheckBody>) {
  return write(ctx, (tx, audit) => insertCheck(ctx, tx, audit, planId, body));
}

export async function insertCheck(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  planId: string,
  body: z.infer<typeof CheckBody>,
) {
  const plan = await lockPlan(tx, planId);
  if (plan.status === 'secret')
    throw new AppError('DELIVERY_PLAN_NOT_STARTED', '请先开始考察，再记录核验结果');
  if (plan.status !== 'started')
    throw new AppError('DELIVERY_PLAN_COMPLETED', '考察已结束，核验结果不能再修改');
  const [target] = await tx
    .select({
      cadreId: deliveryPlanItems.cadreId,
      item: deliveryItems,
      unitId: orgCadres.unitId,
      cadreName: orgCadres.name,
    })
    .from(deliveryPlanItems)
    .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryPlanItems.itemId))
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryPlanItems.cadreId))
    .where(and(eq(deliveryPlanItems.planId, planId), eq(deliveryPlanItems.itemId, body.itemId)));
  if (!target) {
    const message = '该事项不在本次考察计划中';
    throw new AppError('DELIVERY_ITEM_NOT_IN_PLAN', message, [{ path: 'body.itemId', message }]);
  }
  const [rep] = await rows<{ progress: string }>(
    tx,
    sql`select progress from delivery_reports where item_id = ${body.itemId} and year = ${plan.year} and month <= ${plan.month}
        order by month desc limit 1`,
  );
  const now = ctx.clock.now();
  const values = {
    planId,
    itemId: body.itemId,
    cadreId: target.cadreId,
    reportedValue: rep ? rep.progress : null,
    verifiedValue: body.verifiedValue == null ? null : String(body.verifiedValue),
    verdict: body.verdict,
    notes: body.notes ?? null,
    checkedAt: now,
    checkedBy: ctx.actor?.userId ?? null,
  };
  const [check] = await tx
    .insert(deliveryChecks)
    .values(values)
    .onConflictDoUpdate({ target: [deliveryChecks.planId, deliveryChecks.itemId], set: values })
    .returning();
  audit({ action: 'delivery.check.record', objectType: 'delivery_check', objectId: check!.id });
  const [existing] = await tx.select().from(deliveryFindings).where(eq(deliveryFindings.checkId, check!.id));
  if (body.verdict === 'true') {
    // A corrected verdict withdraws a finding the cadre has not yet been asked about for long.
    if (existing && existing.status === 'explaining') {
      await tx
        .update(deliveryFindings)
        .set({ status: 'withdrawn' })
        .where(eq(deliveryFindings.id, existing.id));
      await completeTodosOf(ctx, tx, { recordType: 'delivery_finding', recordId: existing.id });
      await noteFinding(tx, existing, localDay(now), '核验结论改为属实，考察发现撤销', 'finding.withdrawn');
      audit({ action: 'delivery.finding.withdraw', objectType: 'delivery_finding', objectId: existing.id });
    }
    return { check: checkView(check!), finding: null };
  }
  const planned = Number((target.item.monthlyPlan as number[])[plan.month - 1] ?? 0);
  const description =
    body.description?.trim() ||
    (existing && existing.status !== 'withdrawn' ? existing.description : '') ||
    `${VERDICT_LABELS[body.verdict]}：“${target.item.title}”${plan.month} 月计划 ${planned}，申报 ${rep ? Number(rep.progress) : '未填报'}，现场核实 ${body.verifiedValue ?? '—'}`;
  if (existing && existing.status !== 'withdrawn') {
    const [f] = await tx
      .update(deliveryFindings)
      .set({ kind: body.verdict, description })
      .where(eq(deliveryFindings.id, existing.id))
      .returning();
    return { check: checkView(check!), finding: findingView(f!, localDay(now)) };
  }
  const today = localDay(now);
  const cal = await loadCalendar(tx, today, `${Number(today.slice(0, 4)) + 1}-03-31`);
  const due = cal.addWorkingDays(today, EXPLANATION_WORKING_DAYS);
  const values2 = {
    checkId: check!.id,
    planId,
    cadreId: target.cadreId,
    unitId: target.unitId,
    kind: body.verdict,
    description,
    status: 'explaining',
    explanationDue: due,
    createdBy: ctx.actor?.userId ?? null,
  };
  const [finding] = existing
    ? await tx.update(deliveryFindings).set(values2).where(eq(deliveryFindings.id, existing.id)).returning()
    : await tx.insert(deliveryFindings).values(values2).returning();
  await addTodoForCadre(
    ctx,
    tx,
    { id: target.cadreId, unitId: target.unitId },
    {
      module: 'delivery',
      kind: 'finding.explain',
      title: `对考察发现作出说明（${target.cadreName}，${due} 前）：${target.item.title}`,
      link: `/delivery/findings/${finding!.id}`,
      recordType: 'delivery_finding',
      recordId: finding!.id,
      sourceKey: `delivery.finding.explain:${finding!.id}`,
    },
  );
  // The cadre's timeline shows what they are asked to answer, not only what was found final.
  await noteFinding(tx, finding!, today, raisedTitle(body.verdict, target.item.title, due), 'finding.raised');
  audit({ action: 'delivery.finding.create', objectType: 'delivery_finding', objectId: finding!.id });
  return { check: checkView(check!), finding: findingView(finding!, today) };
}
