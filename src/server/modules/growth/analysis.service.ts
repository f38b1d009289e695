import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  composite,
  decompose,
  fairness,
  growthSpeeds,
  type MeasureModel,
  type MeasureObservation,
  peerPercentiles,
  RESOURCE_TERMS,
  type ResourceTerm,
  standardise,
} from '../../../analytics/growth.ts';
import {
  type CountyQuery,
  MEASURE_LABELS,
  MEASURES,
  type Measure,
} from '../../../common/contracts/growth.ts';
import { type Executor, rows, type Tx } from '../../db/client.ts';
import {
  authUsers,
  growthMeasures,
  growthReleases,
  growthResults,
  growthRuns,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { ageOn } from '../../lib/time.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { computePlatformMeasures } from './measures.service.ts';
import { evaluateOutstanding } from './outstanding.service.ts';
import { quarterBounds, quarterOf, quartersBetween } from './quarters.ts';
import { currentSettings, weightsFor } from './settings.service.ts';

/**
 * The analysis: per quarter, every measure's model over the quarters so far, each cadre's
 * decomposition (raw = platform + resources + own ± interval), the composite own contribution,
 * growth speed and a projection — frozen as a run, so every figure shown traces to one fit.
 */

/** How many quarters of history a run fits (three years). */
const WINDOW = 12;
/** A measure needs at least this many observations to be fitted. */
const MIN_OBS = 30;

type Part = {
  raw: number;
  platform: number;
  resources: number;
  own: number | null;
  ownSe: number | null;
  withinUnit: number;
  n: number;
};
type GrowthJson = {
  slope: number | null;
  slopeSe: number | null;
  percentile: number | null;
  projected: number | null;
  projectedSe: number | null;
  quarters: { quarter: string; own: number }[];
};

const r2 = (x: number) => Math.round(x * 100) / 100;

interface CadreInfo {
  id: string;
  name: string;
  role_type: string | null;
  rank_code: string | null;
  sex: string;
  birth_year: number;
  birth_month: number | null;
}

async function cadreInfo(ex: Executor): Promise<Map<string, CadreInfo>> {
  const list = await rows<CadreInfo>(
    ex,
    sql`select id, name, role_type_code as role_type, rank_code, sex, birth_year, birth_month from org_cadres`,
  );
  return new Map(list.map((c) => [c.id, c]));
}

/** Each unit's resources by year, as model covariates: posts filled, budget per post, investment, base. */
async function resourceCovariates(
  ex: Executor,
): Promise<(unitId: string, year: number) => Record<ResourceTerm, number>> {
  const found = await rows<{
    unit_id: string;
    year: number;
    posts_budgeted: number;
    posts_filled: number;
    budget: string;
    investment: string;
    economic_base: string;
  }>(
    ex,
    sql`select unit_id, year, posts_budgeted, posts_filled, budget::text, investment::text, economic_base::text from growth_resources`,
  );
  const map = new Map(
    found.map((f) => [
      `${f.unit_id}|${f.year}`,
      {
        staffing: f.posts_budgeted > 0 ? f.posts_filled / f.posts_budgeted : 1,
        budgetPerPost: Math.log1p(Number(f.budget) / Math.max(1, f.posts_filled)),
        investment: Math.log1p(Number(f.investment)),
        economicBase: Number(f.economic_base) / 100,
      },
    ]),
  );
  const zero = Object.fromEntries(RESOURCE_TERMS.map((t) => [t, 0])) as Record<ResourceTerm, number>;
  const means = Object.fromEntries(
    RESOURCE_TERMS.map((t) => [t, map.size ? [...map.values()].reduce((s, v) => s + v[t], 0) / map.size : 0]),
  ) as Record<ResourceTerm, number>;
  return (unitId, year) =>
    map.get(`${unitId}|${year}`) ?? map.get(`${unitId}|${year - 1}`) ?? (map.size ? means : zero);
}

/** Runs the analysis of a quarter: platform measures first, then the models; returns the run. */
export async function startRun(ctx: Ctx, quarter: string) {
  if (quarter > quarterOf(ctx.clock.now())) throw new AppError('GROWTH_QUARTER_NOT_OVER');
  const runId = await write(ctx, async (tx, audit) => {
    const id = await runIn(ctx, tx, quarter);
    audit({ action: 'growth.run', objectType: 'growth_run', objectId: id });
    return id;
  });
  return getRun(ctx, runId);
}

/** A run in the caller's transaction: the platform's measures of the year so far, then the fits. */
export async function runIn(ctx: Ctx, tx: Tx, quarter: string): Promise<string> {
  for (const q of quartersBetween(`${quarter.slice(0, 4)}Q1`, quarter))
    await computePlatformMeasures(ctx, tx, q);
  return fitRun(ctx, tx, quarter);
}

/** Fits a run on the measures stored (the platform's already computed). */
export async function fitRun(ctx: Ctx, tx: Tx, quarter: string): Promise<string> {
  const from = quartersBetween('2000Q1', quarter).slice(-WINDOW)[0]!;
  const measures = await tx
    .select({
      cadreId: growthMeasures.cadreId,
      unitId: growthMeasures.unitId,
      quarter: growthMeasures.quarter,
      measure: growthMeasures.measure,
      value: growthMeasures.value,
    })
    .from(growthMeasures)
    .where(and(lte(growthMeasures.quarter, quarter), sql`${growthMeasures.quarter} >= ${from}`));
  if (!measures.some((m) => m.quarter === quarter)) throw new AppError('GROWTH_NO_DATA');
  const info = await cadreInfo(tx);
  const resourcesOf = await resourceCovariates(tx);
  const settings = await currentSettings(tx);

  const models: (MeasureModel & { measure: Measure; label: string })[] = [];
  const parts = new Map<string, Partial<Record<Measure, Part>>>();
  const quarterly = new Map<string, Map<string, number[]>>();
  const lastUnit = new Map<string, { quarter: string; unitId: string }>();
  for (const measure of MEASURES) {
    const obs: MeasureObservation[] = measures
      .filter((m) => m.measure === measure && m.unitId && info.has(m.cadreId))
      .map((m) => ({
        cadreId: m.cadreId,
        unitId: m.unitId!,
        quarter: m.quarter,
        roleType: info.get(m.cadreId)!.role_type ?? '*',
        value: Number(m.value),
        resources: resourcesOf(m.unitId!, Number(m.quarter.slice(0, 4))),
      }));
    // A cadre's effect is told apart from the noise only by repeated quarters of the same cadre.
    const people = new Set(obs.map((o) => o.cadreId)).size;
    if (obs.length < MIN_OBS || people < 10 || obs.length < people * 1.5) continue;
    const { model, cadres } = decompose(standardise(obs));
    models.push({ ...model, measure, label: MEASURE_LABELS[measure] });
    for (const c of cadres) {
      const p = parts.get(c.cadreId) ?? {};
      p[measure] = {
        raw: c.raw,
        platform: c.platform,
        resources: c.resources,
        own: c.own,
        ownSe: c.ownSe,
        withinUnit: c.withinUnit,
        n: c.n,
      };
      parts.set(c.cadreId, p);
      const qs = quarterly.get(c.cadreId) ?? new Map<string, number[]>();
      for (const x of c.quarterly) qs.set(x.quarter, [...(qs.get(x.quarter) ?? []), x.own]);
      quarterly.set(c.cadreId, qs);
    }
    for (const o of obs) {
      const l = lastUnit.get(o.cadreId);
      if (!l || o.quarter >= l.quarter) lastUnit.set(o.cadreId, { quarter: o.quarter, unitId: o.unitId });
    }
  }
  if (!models.length)
    throw new AppError('GROWTH_NO_DATA', '数据不足：每项实绩至少需要 30 条记录、10 名干部才能测算');

  // Growth: the trajectory of the quarterly own results (mean over measures).
  const trajectories = [...quarterly].map(([cadreId, qs]) => ({
    cadreId,
    quarterly: [...qs]
      .map(([q, v]) => ({ quarter: q, own: v.reduce((s, x) => s + x, 0) / v.length }))
      .sort((a, b) => (a.quarter < b.quarter ? -1 : 1)),
  }));
  const speeds = growthSpeeds(trajectories.filter((t) => t.quarterly.length >= 3));
  const pct = peerPercentiles(
    [...speeds].map(([id, g]) => {
      const c = info.get(id);
      return { id, group: `${c?.rank_code ?? ''}|${c?.role_type ?? ''}`, value: g.slope };
    }),
  );

  const [run] = await tx
    .insert(growthRuns)
    .values({
      quarter,
      versions: { weights: settings.weights.version, rule: settings.rule.version },
      models,
      createdBy: ctx.actor?.userId ?? null,
    })
    .returning({ id: growthRuns.id });
  const results = [];
  for (const [cadreId, p] of parts) {
    const c = info.get(cadreId)!;
    const w = weightsFor(settings.weights.params, c.role_type);
    const list = (Object.entries(p) as [Measure, Part][]).map(([measure, x]) => ({ measure, ...x }));
    const comp = composite(list, w);
    const identified = list.some((x) => x.own !== null);
    const wu = list.reduce((s, x) => s + (w[x.measure] ?? 0) * x.withinUnit, 0);
    const ww = list.reduce((s, x) => s + (w[x.measure] ?? 0), 0);
    const g = speeds.get(cadreId);
    const growth: GrowthJson = {
      slope: g ? r2(g.slope) : null,
      slopeSe: g ? r2(g.slopeSe) : null,
      percentile: pct.get(cadreId) ?? null,
      projected: g ? r2(g.projected) : null,
      projectedSe: g ? r2(g.projectedSe) : null,
      quarters: (trajectories.find((t) => t.cadreId === cadreId)?.quarterly ?? []).map((q) => ({
        quarter: q.quarter,
        own: r2(q.own),
      })),
    };
    results.push({
      runId: run!.id,
      cadreId,
      unitId: lastUnit.get(cadreId)?.unitId ?? null,
      identified,
      composite: comp ? String(r2(comp.value)) : null,
      compositeSe: comp ? String(r2(comp.se)) : null,
      withinUnit: ww > 0 ? String(r2(wu / ww)) : null,
      parts: p,
      growth,
    });
  }
  for (let i = 0; i < results.length; i += 300)
    await tx.insert(growthResults).values(results.slice(i, i + 300));
  await evaluateOutstanding(ctx, tx, run!.id, quarter);
  return run!.id;
}

// ——— reading ———

async function runRow(ex: Executor, id: string) {
  const [r] = await ex
    .select({
      run: growthRuns,
      createdByName: sql<
        string | null
      >`(select display_name from ${authUsers} where id = ${growthRuns.createdBy})`,
    })
    .from(growthRuns)
    .where(eq(growthRuns.id, id));
  if (!r) throw notFound('测算');
  return r;
}

/** The run shown for a quarter: the latest of that quarter (or the latest of all). */
export async function runFor(ex: Executor, quarter?: string) {
  const [r] = await ex
    .select({ id: growthRuns.id, quarter: growthRuns.quarter, createdAt: growthRuns.createdAt })
    .from(growthRuns)
    .where(quarter ? eq(growthRuns.quarter, quarter) : undefined)
    .orderBy(desc(growthRuns.quarter), desc(growthRuns.createdAt))
    .limit(1);
  return r ?? null;
}

async function releasedRun(ex: Executor, quarter?: string) {
  const [r] = await ex
    .select({ quarter: growthReleases.quarter, runId: growthReleases.runId })
    .from(growthReleases)
    .where(quarter ? eq(growthReleases.quarter, quarter) : undefined)
    .orderBy(desc(growthReleases.quarter))
    .limit(1);
  return r ?? null;
}

export async function getRun(ctx: Ctx, id: string) {
  const r = await runRow(ctx.db, id);
  const counts = await rows<{ measures: number; imported: number; platform: number }>(
    ctx.db,
    sql`select count(*)::int as measures, count(*) filter (where source = 'import')::int as imported,
               count(*) filter (where source = 'platform')::int as platform
        from growth_measures where quarter <= ${r.run.quarter}`,
  );
  const res = await rows<{ cadres: number; identified: number }>(
    ctx.db,
    sql`select count(*)::int as cadres, count(*) filter (where identified)::int as identified
        from growth_results where run_id = ${id}`,
  );
  const released = await releasedRun(ctx.db, r.run.quarter);
  const models = r.run.models as (MeasureModel & { measure: Measure; label: string })[];
  await recordAudit(ctx, { action: 'growth.run.read', objectType: 'growth_run', objectId: id });
  return {
    id: r.run.id,
    quarter: r.run.quarter,
    createdAt: r.run.createdAt,
    createdByName: r.createdByName,
    versions: r.run.versions as { weights: number; rule: number },
    models,
    counts: { ...counts[0]!, ...res[0]! },
    command: `npx yuzhidu model fit --data 测算数据-${models[0]?.measure ?? 'delivery'}.csv --formula "${models[0]?.formula ?? ''}" --json`,
    released: released?.runId === id,
  };
}

export async function listRuns(ctx: Ctx) {
  const list = await ctx.db
    .select({ id: growthRuns.id })
    .from(growthRuns)
    .orderBy(desc(growthRuns.createdAt))
    .limit(20);
  const items = [];
  for (const r of list) items.push(await getRun(ctx, r.id));
  return { items };
}

/** The data a measure's model was fitted on, as CSV (the same table the run used). */
export async function runData(
  ctx: Ctx,
  id: string,
  measure: Measure,
): Promise<{ name: string; csv: string }> {
  const r = await runRow(ctx.db, id);
  const from = quartersBetween('2000Q1', r.run.quarter).slice(-WINDOW)[0]!;
  const list = await ctx.db
    .select()
    .from(growthMeasures)
    .where(
      and(
        eq(growthMeasures.measure, measure),
        lte(growthMeasures.quarter, r.run.quarter),
        sql`${growthMeasures.quarter} >= ${from}`,
      ),
    );
  const info = await cadreInfo(ctx.db);
  const resourcesOf = await resourceCovariates(ctx.db);
  const std = standardise(
    list
      .filter((m) => m.unitId && info.has(m.cadreId))
      .map((m) => ({
        cadreId: m.cadreId,
        unitId: m.unitId!,
        quarter: m.quarter,
        roleType: info.get(m.cadreId)!.role_type ?? '*',
        value: Number(m.value),
        resources: resourcesOf(m.unitId!, Number(m.quarter.slice(0, 4))),
      })),
  );
  const header = ['y', 'unit', 'cadre', 'quarter', ...RESOURCE_TERMS, 'value'];
  const lines = [header.join(',')];
  for (const o of std)
    lines.push(
      [
        o.score.toFixed(6),
        o.unitId,
        o.cadreId,
        o.quarter,
        ...RESOURCE_TERMS.map((t) => o.resources[t].toFixed(6)),
        o.value,
      ]
        .map(String)
        .join(','),
    );
  await recordAudit(ctx, { action: 'growth.run.export', objectType: 'growth_run', objectId: id });
  return { name: `测算数据-${measure}-${r.run.quarter}.csv`, csv: `${lines.join('\n')}\n` };
}

/** Releases a quarter's latest run to the cadres. */
export async function release(ctx: Ctx, quarter: string) {
  return write(ctx, async (tx, audit) => {
    const run = await runFor(tx, quarter);
    if (!run) throw new AppError('GROWTH_NO_RUN');
    const [existing] = await tx.select().from(growthReleases).where(eq(growthReleases.quarter, quarter));
    if (existing) throw new AppError('GROWTH_ALREADY_RELEASED');
    await tx.insert(growthReleases).values({ quarter, runId: run.id, createdBy: ctx.actor?.userId });
    audit({ action: 'growth.release', objectType: 'growth_run', objectId: run.id });
    return { quarter, runId: run.id };
  });
}

// ——— the county view ———

const ageBand = (age: number) =>
  age < 35 ? '35岁以下' : age < 45 ? '35–44岁' : age < 55 ? '45–54岁' : '55岁及以上';

export async function county(ctx: Ctx, q: z.infer<typeof CountyQuery>) {
  const quarters = (
    await ctx.db.selectDistinct({ q: growthRuns.quarter }).from(growthRuns).orderBy(desc(growthRuns.quarter))
  ).map((r) => r.q);
  const run = await runFor(ctx.db, q.quarter);
  if (!run) return { run: null, quarters, points: [], unidentified: [], fairness: [], released: false };
  const found = await rows<{
    cadre_id: string;
    name: string;
    unit_id: string | null;
    unit_name: string | null;
    rank_name: string | null;
    role_type_name: string | null;
    rank_code: string | null;
    role_type: string | null;
    sex: string;
    birth_year: number;
    birth_month: number | null;
    identified: boolean;
    composite: string | null;
    composite_se: string | null;
    within_unit: string | null;
    parts: Partial<Record<Measure, Part>>;
    growth: GrowthJson;
    outstanding: boolean;
    domains: string[] | null;
  }>(
    ctx.db,
    sql`select r.cadre_id, c.name, r.unit_id, u.name as unit_name, rk.name as rank_name, rt.name as role_type_name,
               c.rank_code, c.role_type_code as role_type, c.sex, c.birth_year, c.birth_month,
               r.identified, r.composite::text, r.composite_se::text, r.within_unit::text, r.parts, r.growth,
               exists (select 1 from growth_outstanding o where o.cadre_id = r.cadre_id and o.run_id = r.run_id
                       and o.status <> 'declined') as outstanding,
               (select array_agg(distinct s.ref) from org_division_scopes s where s.cadre_id = r.cadre_id and s.kind = 'domain') as domains
        from growth_results r join org_cadres c on c.id = r.cadre_id
        left join org_units u on u.id = r.unit_id
        left join org_dict_items rk on rk.kind = 'rank' and rk.code = c.rank_code
        left join org_dict_items rt on rt.kind = 'role_type' and rt.code = c.role_type_code
        where r.run_id = ${run.id}
        order by c.name`,
  );
  const day = quarterBounds(run.quarter).end;
  const kept = found.filter(
    (f) =>
      (!q.unitId || f.unit_id === q.unitId) &&
      (!q.rankCode || f.rank_code === q.rankCode) &&
      (!q.roleType || f.role_type === q.roleType) &&
      (!q.domain || (f.domains ?? []).includes(q.domain)),
  );
  const platformOf = (p: Partial<Record<Measure, Part>>) => {
    const v = Object.values(p);
    return v.length ? v.reduce((s, x) => s + x!.platform, 0) / v.length : 0;
  };
  const points = kept.map((f) => ({
    cadreId: f.cadre_id,
    name: f.name,
    unitName: f.unit_name,
    rankName: f.rank_name,
    roleTypeName: f.role_type_name,
    identified: f.identified,
    own: f.composite === null ? null : Number(f.composite),
    ownSe: f.composite_se === null ? null : Number(f.composite_se),
    platform: r2(platformOf(f.parts)),
    withinUnit: Number(f.within_unit ?? 0),
    outstanding: f.outstanding,
  }));
  const unidentified = kept
    .filter((f) => !f.identified)
    .map((f) => ({
      cadreId: f.cadre_id,
      name: f.name,
      unitName: f.unit_name,
      reason: '无法区分平台与个人（所在关联范围内无人跨单位任职），只与同单位同事比较',
    }));
  // Fairness of the potential (the projection) by sex and by age band.
  const potential = found.filter((f) => f.growth.projected !== null);
  const bySex = fairness(potential.map((f) => ({ group: f.sex, value: f.growth.projected! })));
  const byAge = fairness(
    potential.map((f) => ({
      group: ageBand(ageOn(day, f.birth_year, f.birth_month)),
      value: f.growth.projected!,
    })),
  );
  const round = (x: ReturnType<typeof fairness>, by: 'sex' | 'age') => ({
    by,
    rows: x.rows.map((r) => ({ ...r, mean: r2(r.mean), topShare: r2(r.topShare) })),
    ratio: x.ratio === null ? null : r2(x.ratio),
    flagged: x.flagged,
  });
  await recordAudit(ctx, { action: 'growth.county.read', objectType: 'growth_run', objectId: run.id });
  return {
    run,
    quarters,
    points,
    unidentified,
    fairness: [round(bySex, 'sex'), round(byAge, 'age')],
    released: (await releasedRun(ctx.db, run.quarter))?.runId === run.id,
  };
}

/** The sentence of one measure's decomposition, as the page says it. */
export function decompositionSentence(label: string, p: Part): string {
  const sign = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
  const base = `${label}：单位平均水平贡献 ${sign(p.platform)}，区域资源贡献 ${sign(p.resources)}，`;
  return p.own === null
    ? `${base}本人贡献无法区分（与同单位同事相比 ${sign(p.withinUnit)}）`
    : `${base}本人贡献 ${sign(p.own)} ± ${(1.96 * (p.ownSe ?? 0)).toFixed(1)}`;
}
