import { and, eq, sql } from 'drizzle-orm';
import type { Measure } from '../../../common/contracts/growth.ts';
import { type Executor, rows, type Tx } from '../../db/client.ts';
import { growthMeasures } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { kpiValueRows } from '../economy/kpis.service.ts';
import { quarterBounds } from './quarters.ts';

/**
 * Outcome measures (实绩) per cadre and quarter, 0–100, computed from what the five method modules
 * recorded — each value keeps the records it came from. History from before the platform is
 * imported (growth.imports.ts) and marked as such.
 */

export interface Ref {
  type: string;
  id: string;
  label: string;
  link: string | null;
  /** For a figure with uncertainty (a calibrated 360 score): its standard error and method. */
  se?: number;
  method?: string;
}
export interface MeasureValue {
  cadreId: string;
  unitId: string | null;
  value: number;
  trace: Ref[];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The unit each cadre held a post in on a day (the latest appointment in force). */
export async function unitsOn(ex: Executor, day: string): Promise<Map<string, string>> {
  const found = await rows<{ cadre_id: string; unit_id: string }>(
    ex,
    sql`select distinct on (a.cadre_id) a.cadre_id, a.unit_id from org_appointments a
        where a.unit_id is not null and a.starts_on <= ${day} and (a.ends_on is null or a.ends_on >= ${day})
        order by a.cadre_id, a.starts_on desc`,
  );
  return new Map(found.map((f) => [f.cadre_id, f.unit_id]));
}

/**
 * 干事清单履职: for the year's confirmed list, each item's progress at the quarter's end against
 * its plan (a verified value replaces a higher reported one), weighted by the item's weight.
 */
async function deliveryMeasure(ex: Executor, q: string): Promise<MeasureValue[]> {
  const b = quarterBounds(q);
  const last = b.months[2]!;
  const found = await rows<{
    cadre_id: string;
    unit_id: string | null;
    list_id: string;
    item_id: string;
    title: string;
    weight: string;
    plan: number[];
    progress: string | null;
    report_id: string | null;
    verified: string | null;
    check_id: string | null;
  }>(
    ex,
    sql`select l.cadre_id, l.unit_id, l.id as list_id, i.id as item_id, i.title, i.weight::text,
               i.monthly_plan as plan, r.progress::text, r.id as report_id, c.verified_value::text as verified,
               c.id as check_id
        from delivery_lists l
        join delivery_items i on i.list_id = l.id and i.withdrawn_at is null
        left join lateral (select r.id, r.progress from delivery_reports r
                           where r.item_id = i.id and r.year = ${b.year} and r.month <= ${last}
                           order by r.month desc limit 1) r on true
        left join lateral (select c.id, c.verified_value from delivery_checks c
                           where c.item_id = i.id and c.verified_value is not null
                             and c.checked_at < (${b.end}::date + 1)
                           order by c.checked_at desc limit 1) c on true
        where l.year = ${b.year} and l.status = 'confirmed'`,
  );
  const byCadre = new Map<string, { unitId: string | null; w: number; s: number; trace: Ref[] }>();
  for (const f of found) {
    const planned = Number(f.plan?.[last - 1] ?? 0);
    if (!(planned > 0)) continue;
    let actual = f.progress === null ? 0 : Number(f.progress);
    if (f.verified !== null) actual = Math.min(actual, Number(f.verified));
    const ratio = clamp(actual / planned, 0, 1.2);
    const w = Number(f.weight) || 1;
    const e = byCadre.get(f.cadre_id) ?? { unitId: f.unit_id, w: 0, s: 0, trace: [] };
    e.w += w;
    e.s += w * ratio;
    e.trace.push({
      type: 'delivery_item',
      id: f.item_id,
      label: f.title,
      link: `/delivery/lists/${f.list_id}`,
    });
    if (f.check_id)
      e.trace.push({ type: 'delivery_check', id: f.check_id, label: `对账核验：${f.title}`, link: null });
    byCadre.set(f.cadre_id, e);
  }
  return [...byCadre].map(([cadreId, e]) => ({
    cadreId,
    unitId: e.unitId,
    value: round3((100 * e.s) / e.w),
    trace: e.trace,
  }));
}

/**
 * 重点任务推进: the milestones due by the quarter's end of the key tasks a cadre answers for, done
 * on time (or not yet due), each task weighted by the cadre's verified share (a declared share
 * until verified; an equal part while none is declared) — never the unit's whole result.
 */
async function keyworkMeasure(ex: Executor, q: string): Promise<MeasureValue[]> {
  const b = quarterBounds(q);
  const found = await rows<{
    cadre_id: string;
    unit_id: string | null;
    task_id: string;
    title: string;
    share: string | null;
    cadres: number;
    due: number;
    on_time: number;
  }>(
    ex,
    sql`select tc.cadre_id, tc.unit_id, t.id as task_id, t.title,
               coalesce(gs.verified_pct, gs.declared_pct)::text as share,
               (select count(*)::int from keywork_task_cadres x where x.task_id = t.id and x.role = 'responsible') as cadres,
               count(m.id)::int as due,
               count(m.id) filter (where m.done_on is not null and m.done_on <= m.baseline_on)::int as on_time
        from keywork_task_cadres tc
        join keywork_tasks t on t.id = tc.task_id
        join keywork_milestones m on m.task_id = t.id and m.baseline_on <= ${b.end} and m.baseline_on >= ${`${b.year}-01-01`}
        left join growth_share_declarations d on d.subject_type = 'keywork_task' and d.subject_id = t.id
        left join growth_shares gs on gs.declaration_id = d.id and gs.cadre_id = tc.cadre_id
        where tc.role = 'responsible'
        group by tc.cadre_id, tc.unit_id, t.id, t.title, gs.verified_pct, gs.declared_pct`,
  );
  const byCadre = new Map<string, { unitId: string | null; w: number; s: number; trace: Ref[] }>();
  for (const f of found) {
    if (f.due === 0) continue;
    const share = f.share !== null ? Number(f.share) : 100 / Math.max(1, f.cadres);
    if (share <= 0) continue;
    const e = byCadre.get(f.cadre_id) ?? { unitId: f.unit_id, w: 0, s: 0, trace: [] };
    e.w += share;
    e.s += (share * f.on_time) / f.due;
    e.trace.push({
      type: 'keywork_task',
      id: f.task_id,
      label: f.title,
      link: `/keywork/tasks/${f.task_id}`,
    });
    byCadre.set(f.cadre_id, e);
  }
  return [...byCadre].map(([cadreId, e]) => ({
    cadreId,
    unitId: e.unitId,
    value: round3((100 * e.s) / e.w),
    trace: e.trace,
  }));
}

/** 现场考察表现: the mean of a cadre's conduct ratings (1–5) observed in the quarter, on 0–100. */
async function conductMeasure(ex: Executor, q: string): Promise<MeasureValue[]> {
  const b = quarterBounds(q);
  const found = await rows<{
    cadre_id: string;
    unit_id: string | null;
    id: string;
    activity_id: string;
    title: string;
    ratings: Record<string, number>;
  }>(
    ex,
    sql`select o.cadre_id, o.unit_id, o.id, a.id as activity_id, a.title, o.ratings
        from scene_observations o join scene_activities a on a.id = o.activity_id
        where a.starts_on between ${b.start} and ${b.end}`,
  );
  const byCadre = new Map<string, { unitId: string | null; n: number; s: number; trace: Ref[] }>();
  for (const f of found) {
    const vals = Object.values(f.ratings ?? {}).filter((v): v is number => typeof v === 'number');
    if (!vals.length) continue;
    const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
    const e = byCadre.get(f.cadre_id) ?? { unitId: f.unit_id, n: 0, s: 0, trace: [] };
    e.n++;
    e.s += ((mean - 1) / 4) * 100;
    e.trace.push({
      type: 'scene_observation',
      id: f.id,
      label: f.title,
      link: `/scene/activities/${f.activity_id}`,
    });
    byCadre.set(f.cadre_id, e);
  }
  return [...byCadre].map(([cadreId, e]) => ({
    cadreId,
    unitId: e.unitId,
    value: round3(e.s / e.n),
    trace: e.trace,
  }));
}

/**
 * 群众口碑: the calibrated 360 score of the rounds that closed in the quarter (frozen profiles;
 * see opinion/scoring.ts), raters' leniency and the groups' levels taken out; the raw weighted
 * score only where a round has no calibrated one (frozen before calibration, or a fit that could
 * tell nothing apart). Each round's trace keeps the figure used, its standard error and method.
 */
export async function opinionMeasure(ex: Executor, q: string): Promise<MeasureValue[]> {
  const b = quarterBounds(q);
  const found = await rows<{
    cadre_id: string;
    overall: string;
    calibrated: string | null;
    se: string | null;
    method: string | null;
    campaign_id: string;
    title: string;
  }>(
    ex,
    sql`select p.cadre_id, p.overall::text, p.data->'calibrated'->>'estimate' as calibrated,
               p.data->'calibrated'->>'se' as se, p.data->'calibrated'->>'method' as method,
               c.id as campaign_id, c.title
        from opinion_profiles p join opinion_campaigns c on c.id = p.campaign_id
        where p.overall is not null and c.closed_at >= ${b.start}::date and c.closed_at < (${b.end}::date + 1)`,
  );
  const byCadre = new Map<string, { n: number; s: number; trace: Ref[] }>();
  for (const f of found) {
    const e = byCadre.get(f.cadre_id) ?? { n: 0, s: 0, trace: [] };
    const calibrated = f.calibrated !== null;
    const value = Number(calibrated ? f.calibrated : f.overall);
    e.n++;
    e.s += value;
    e.trace.push({
      type: 'opinion_profile',
      id: f.campaign_id,
      label: calibrated
        ? `${f.title}：校正得分 ${value}（± ${(1.96 * Number(f.se)).toFixed(2)}）`
        : `${f.title}：原始加权得分 ${value}（未校正）`,
      link: `/opinion/campaigns/${f.campaign_id}/cadres/${f.cadre_id}`,
      ...(calibrated ? { se: Number(f.se), method: f.method ?? undefined } : {}),
    });
    byCadre.set(f.cadre_id, e);
  }
  return [...byCadre].map(([cadreId, e]) => ({
    cadreId,
    unitId: null,
    value: round3(e.s / e.n),
    trace: e.trace,
  }));
}

/** 差异化指标达成: the role KPIs' attainment for the quarter (economy's differentiated standards). */
async function kpiMeasure(ctx: Ctx, q: string): Promise<MeasureValue[]> {
  const period = `${q.slice(0, 4)}-Q${q.slice(5)}`;
  let found: Awaited<ReturnType<typeof kpiValueRows>>;
  try {
    found = await kpiValueRows(ctx, { period, page: 1, pageSize: 200 });
  } catch {
    // No quarterly figures for this period (the catalog reports monthly, or nothing yet).
    return [];
  }
  const byCadre = new Map<string, { w: number; s: number; trace: Ref[] }>();
  for (const f of found) {
    if (f.attainment === null) continue;
    const e = byCadre.get(f.cadreId) ?? { w: 0, s: 0, trace: [] };
    const w = f.weight || 1;
    e.w += w;
    e.s += w * clamp(f.attainment, 0, 150);
    e.trace.push({
      type: 'economy_kpi',
      id: f.kpiKey,
      label: `${f.kpiName}（${period}）`,
      link: `/economy/kpis?period=${period}`,
    });
    byCadre.set(f.cadreId, e);
  }
  return [...byCadre].map(([cadreId, e]) => ({
    cadreId,
    unitId: null,
    value: round3(Math.min(100, e.s / e.w)),
    trace: e.trace,
  }));
}

/**
 * Computes every platform measure of a quarter and stores it (replacing earlier platform values
 * of the quarter, never imported history). Returns how many values were stored.
 */
export async function computePlatformMeasures(ctx: Ctx, tx: Tx, q: string): Promise<number> {
  const units = await unitsOn(tx, quarterBounds(q).end);
  const computed: [Measure, MeasureValue[]][] = [
    ['delivery', await deliveryMeasure(tx, q)],
    ['keywork', await keyworkMeasure(tx, q)],
    ['conduct', await conductMeasure(tx, q)],
    ['opinion', await opinionMeasure(tx, q)],
    ['kpi', await kpiMeasure({ ...ctx, db: tx as never }, q)],
  ];
  await tx
    .delete(growthMeasures)
    .where(and(eq(growthMeasures.quarter, q), eq(growthMeasures.source, 'platform')));
  let n = 0;
  for (const [measure, values] of computed) {
    const list = values
      .map((v) => ({ ...v, unitId: units.get(v.cadreId) ?? v.unitId }))
      .filter((v) => v.unitId && Number.isFinite(v.value));
    for (let i = 0; i < list.length; i += 500)
      await tx
        .insert(growthMeasures)
        .values(
          list.slice(i, i + 500).map((v) => ({
            cadreId: v.cadreId,
            unitId: v.unitId,
            quarter: q,
            measure,
            value: String(v.value),
            source: 'platform',
            trace: v.trace.slice(0, 40),
            createdBy: ctx.actor?.userId ?? null,
          })),
        )
        .onConflictDoNothing();
    n += list.length;
  }
  return n;
}
