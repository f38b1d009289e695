import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { attainment, computeKpi } from '../../../analytics/kpi.ts';
import { type Frequency, parsePeriod, periodAt } from '../../../analytics/period.ts';
import {
  KPI_FORMULA_LABELS,
  type KpiBody,
  type KpiTrace,
  type KpiTraceQuery,
  type KpiValueQuery,
  type KpiValueRow,
  type KpiView,
} from '../../../common/contracts/economy.ts';
import type { PageQuery } from '../../../common/contracts/page.ts';
import { type Executor, rows } from '../../db/client.ts';
import {
  authUsers,
  economyIndicators,
  economyKpis,
  orgDictItems,
  orgRegions,
} from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, fieldError, invalid, notFound } from '../../lib/errors.ts';
import { randomToken } from '../../lib/hash.ts';
import { write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notInDict } from './economy.errors.ts';
import { versionCan } from './economy.policy.ts';
import { loadIndicator, loadSeries, periodEnd } from './values.service.ts';

type KpiRow = typeof economyKpis.$inferSelect;

// ---------------------------------------------------------------- who answers for a figure

export interface Responsible {
  cadreId: string;
  cadreName: string;
  post: string;
  unitId: string;
  unitName: string;
  regionId: string | null;
  /** 分工依据: e.g. 市投资促进中心班子分工第1版：分管招商引资. */
  basis: string;
}

/**
 * The cadres who, on `day`, were responsible (主要负责) through the division of labour for a
 * domain in a region — or, when `domain` is null, all domains — in the units of that region,
 * holding a post in the unit on that day.
 */
export async function responsibleAt(
  ex: Executor,
  day: string,
  filter: { regionId?: string | null; domains?: string[] | null; cadreIds?: string[] | null },
): Promise<Responsible[]> {
  const list = await rows<{
    cadre_id: string;
    cadre_name: string;
    post: string | null;
    unit_id: string;
    unit_name: string;
    region_id: string | null;
    version: number;
    domain: string;
    domain_name: string | null;
  }>(ex, sqlResponsible(day, filter));
  const byCadre = new Map<string, Responsible>();
  for (const r of list) {
    const label = r.domain_name ?? r.domain;
    const prev = byCadre.get(r.cadre_id);
    if (prev) {
      prev.basis += `、${label}`;
      continue;
    }
    byCadre.set(r.cadre_id, {
      cadreId: r.cadre_id,
      cadreName: r.cadre_name,
      post: r.post ?? '',
      unitId: r.unit_id,
      unitName: r.unit_name,
      regionId: r.region_id,
      basis: `${r.unit_name}班子分工第${r.version}版：分管${label}`,
    });
  }
  return [...byCadre.values()];
}

function sqlResponsible(
  day: string,
  f: { regionId?: string | null; domains?: string[] | null; cadreIds?: string[] | null },
) {
  return sql`with v as (
      select d.id, d.unit_id, d.version, d.effective_from,
             lead(d.effective_from) over (partition by d.unit_id order by d.effective_from, d.version) as effective_to
      from org_divisions d)
    select distinct on (s.cadre_id, s.ref) s.cadre_id, c.name as cadre_name, a.post, v.unit_id, u.name as unit_name,
           u.region_id, v.version, s.ref as domain, di.name as domain_name
    from v
    join org_division_scopes s on s.division_id = v.id and s.kind = 'domain' and s.lead
    join org_units u on u.id = v.unit_id
    join org_cadres c on c.id = s.cadre_id
    join org_appointments a on a.cadre_id = s.cadre_id and a.unit_id = v.unit_id
      and a.starts_on <= ${day} and (a.ends_on is null or a.ends_on >= ${day})
    left join org_dict_items di on di.kind = 'domain' and di.code = s.ref
    where v.effective_from <= ${day} and (v.effective_to is null or v.effective_to > ${day})
      ${f.regionId ? sql`and u.region_id = ${f.regionId}` : sql``}
      ${f.domains?.length ? sql`and s.ref in (select jsonb_array_elements_text(${JSON.stringify(f.domains)}::jsonb))` : sql``}
      ${f.cadreIds ? sql`and s.cadre_id in (select (jsonb_array_elements_text(${JSON.stringify(f.cadreIds)}::jsonb))::uuid)` : sql``}
    order by s.cadre_id, s.ref, v.version desc`;
}

// ---------------------------------------------------------------- KPI definitions (versioned)

async function roleTypeNames(ex: Executor) {
  const list = await ex
    .select({ code: orgDictItems.code, name: orgDictItems.name })
    .from(orgDictItems)
    .where(eq(orgDictItems.kind, 'role_type'));
  return new Map(list.map((r) => [r.code, r.name]));
}

const windowText = (n: number, f: Frequency) =>
  n === 1 ? '' : `近${n}${f === 'month' ? '个月' : f === 'quarter' ? '个季度' : '年'}`;
const lagText = (n: number, f: Frequency) =>
  `${n}${f === 'month' ? '个月' : f === 'quarter' ? '个季度' : '年'}前`;

async function kpiViews(ex: Executor, actor: Actor | null, list: KpiRow[]): Promise<KpiView[]> {
  if (list.length === 0) return [];
  const indicators = await ex.select().from(economyIndicators);
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const roles = await roleTypeNames(ex);
  const users = await ex.select({ id: authUsers.id, name: authUsers.displayName }).from(authUsers);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const ref = (id: string | null) => {
    const i = id ? byId.get(id) : undefined;
    return i ? { id: i.id, code: i.code, name: i.name, unit: i.unit } : null;
  };
  return list.map((k) => {
    const num = byId.get(k.numeratorId)!;
    const f = num.frequency as Frequency;
    const den = k.denominatorId ? byId.get(k.denominatorId) : undefined;
    const description =
      k.formula === 'ratio'
        ? `${windowText(k.window, f)}${num.name} ÷ ${lagText(k.lag, f)}的${windowText(k.window, f)}${den?.name ?? ''}${k.percent ? ' × 100%' : ''}`
        : k.formula === 'change'
          ? `本期${num.name} − ${lagText(k.lag, f)}${num.name}`
          : `${windowText(k.window, f) || '本期'}${num.name}${k.window > 1 ? '合计' : ''}`;
    return {
      id: k.id,
      key: k.key,
      version: k.version,
      roleType: k.roleType,
      roleTypeName: roles.get(k.roleType) ?? k.roleType,
      name: k.name,
      formula: k.formula as KpiView['formula'],
      numerator: ref(k.numeratorId)!,
      denominator: ref(k.denominatorId),
      window: k.window,
      lag: k.lag,
      percent: k.percent,
      direction: k.direction as 'up' | 'down',
      target: k.target,
      weight: k.weight,
      note: k.note,
      description,
      createdAt: k.createdAt,
      createdBy: k.createdBy ? (userName.get(k.createdBy) ?? null) : null,
      supersededAt: k.supersededAt,
      can: versionCan(actor, !!k.supersededAt),
    };
  });
}

export async function listKpis(ctx: Ctx, history: boolean) {
  const list = await ctx.db
    .select()
    .from(economyKpis)
    .where(history ? undefined : isNull(economyKpis.supersededAt))
    .orderBy(asc(economyKpis.roleType), asc(economyKpis.key), desc(economyKpis.version));
  return { items: await kpiViews(ctx.db, ctx.actor, list) };
}

export async function kpiVersions(ctx: Ctx, key: string) {
  const list = await ctx.db
    .select()
    .from(economyKpis)
    .where(eq(economyKpis.key, key))
    .orderBy(desc(economyKpis.version));
  if (list.length === 0) throw notFound('评价标准');
  return { items: await kpiViews(ctx.db, ctx.actor, list) };
}

async function checkKpi(ex: Executor, body: KpiBody) {
  const roles = await roleTypeNames(ex);
  if (!roles.has(body.roleType)) throw notInDict('roleType', `角色类型“${body.roleType}”不在字典中`);
  const num = await loadIndicator(ex, body.numerator);
  if (body.formula === 'ratio') {
    const den = await loadIndicator(ex, body.denominator!);
    if (den.frequency !== num.frequency) throw fieldError('denominator', '分子和分母指标的统计周期须相同');
  }
}

/** A new KPI (version 1), or with `key` the next version of an existing one. */
export async function saveKpi(ctx: Ctx, key: string | null, body: KpiBody): Promise<KpiView> {
  const row = await write(ctx, async (tx, audit) => {
    await checkKpi(tx, body);
    let version = 1;
    if (key) {
      const [current] = await tx
        .select()
        .from(economyKpis)
        .where(and(eq(economyKpis.key, key), isNull(economyKpis.supersededAt)))
        .for('update');
      if (!current) throw notFound('评价标准');
      version = current.version + 1;
      await tx
        .update(economyKpis)
        .set({ supersededAt: ctx.clock.now(), supersededBy: ctx.actor?.userId ?? null })
        .where(eq(economyKpis.id, current.id));
    }
    const [k] = await tx
      .insert(economyKpis)
      .values({
        key: key ?? `kpi_${randomToken(6)}`,
        version,
        roleType: body.roleType,
        name: body.name,
        formula: body.formula,
        numeratorId: body.numerator,
        denominatorId: body.formula === 'ratio' ? body.denominator : null,
        window: body.window,
        lag: body.lag,
        percent: body.percent,
        direction: body.direction,
        target: body.target,
        weight: body.weight,
        note: body.note,
        createdAt: ctx.clock.now(),
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning();
    audit({
      action: key ? 'economy.kpi.revise' : 'economy.kpi.create',
      objectType: 'economy_kpi',
      objectId: k!.id,
    });
    return k!;
  });
  return (await kpiViews(ctx.db, ctx.actor, [row]))[0]!;
}

// ---------------------------------------------------------------- KPI values

/** The last complete period of `frequency` that ends no later than the period `label` does. */
export function periodWithin(label: string, frequency: Frequency): string {
  const end = periodEnd(label);
  const year = Number(end.slice(0, 4));
  const month = Number(end.slice(5, 7));
  if (frequency === 'month') return periodAt('month', year * 12 + month - 1);
  if (frequency === 'quarter') return periodAt('quarter', year * 4 + Math.floor(month / 3) - 1);
  return periodAt('year', month === 12 ? year : year - 1);
}

interface CadreAt {
  id: string;
  name: string;
  post: string;
  unitId: string;
  unitName: string;
  regionId: string;
  roleType: string;
}

/** The cadres holding a post on `day`, with the unit, post and role type of that post. */
async function cadresAt(ex: Executor, day: string, roleTypes: string[]): Promise<CadreAt[]> {
  if (roleTypes.length === 0) return [];
  const list = await rows<{
    id: string;
    name: string;
    post: string | null;
    unit_id: string;
    unit_name: string;
    region_id: string;
    role_type: string;
  }>(
    ex,
    sql`select c.id, c.name, a.post, a.unit_id, u.name as unit_name, u.region_id, a.role_type_code as role_type
        from org_appointments a
        join org_cadres c on c.id = a.cadre_id
        join org_units u on u.id = a.unit_id
        where a.starts_on <= ${day} and (a.ends_on is null or a.ends_on >= ${day})
          and a.kind not in ('retire','leave') and u.region_id is not null
          and a.role_type_code in (select jsonb_array_elements_text(${JSON.stringify(roleTypes)}::jsonb))
        order by u.sort, a.team_place, c.name`,
  );
  return list.map((r) => ({
    id: r.id,
    name: r.name,
    post: r.post ?? '',
    unitId: r.unit_id,
    unitName: r.unit_name,
    regionId: r.region_id,
    roleType: r.role_type,
  }));
}

async function computeRows(
  ctx: Ctx,
  q: { period: string; roleType?: string; unitId?: string; q?: string; cadreId?: string; kpiKey?: string },
) {
  try {
    parsePeriod(q.period);
  } catch {
    throw invalid('期别格式不正确');
  }
  const kpis = (await listKpis(ctx, false)).items.filter(
    (k) => (!q.roleType || k.roleType === q.roleType) && (!q.kpiKey || k.key === q.kpiKey),
  );
  const day = periodEnd(q.period);
  const cadres = (await cadresAt(ctx.db, day, [...new Set(kpis.map((k) => k.roleType))])).filter(
    (c) =>
      (!q.unitId || c.unitId === q.unitId) &&
      (!q.q || c.name.includes(q.q)) &&
      (!q.cadreId || c.id === q.cadreId),
  );
  const series = await loadSeries(ctx.db, [
    ...new Set(kpis.flatMap((k) => [k.numerator.id, ...(k.denominator ? [k.denominator.id] : [])])),
  ]);
  const indicators = await ctx.db.select().from(economyIndicators);
  const freq = new Map(indicators.map((i) => [i.id, i.frequency as Frequency]));
  const regionNames = new Map(
    (await ctx.db.select({ id: orgRegions.id, name: orgRegions.name }).from(orgRegions)).map((r) => [
      r.id,
      r.name,
    ]),
  );
  const out: (KpiValueRow & {
    trace: ReturnType<typeof computeKpi>;
    kpi: KpiView;
    at: string;
    regionId: string;
  })[] = [];
  for (const c of cadres) {
    for (const k of kpis.filter((x) => x.roleType === c.roleType)) {
      const at = periodWithin(q.period, freq.get(k.numerator.id)!);
      const values = (id: string) =>
        new Map(
          [...(series.get(`${id}|region:${c.regionId}`) ?? new Map()).entries()].map(([p, v]) => [
            p,
            v.value,
          ]),
        );
      const r = computeKpi(k, at, values(k.numerator.id), k.denominator ? values(k.denominator.id) : null);
      const a = attainment(r.value, k.target, k.direction);
      out.push({
        cadreId: c.id,
        cadreName: c.name,
        unitName: c.unitName,
        post: c.post,
        roleType: c.roleType,
        roleTypeName: k.roleTypeName,
        kpiKey: k.key,
        kpiVersion: k.version,
        kpiName: k.name,
        scopeName: `${regionNames.get(c.regionId) ?? ''}（${at}）`,
        value: r.value,
        unit: k.percent ? '%' : k.formula === 'ratio' ? '' : k.numerator.unit,
        target: k.target,
        attainment: a.attainment,
        met: a.met,
        weight: k.weight,
        missing: r.missing,
        trace: r,
        kpi: k,
        at,
        regionId: c.regionId,
      });
    }
  }
  return out;
}

export async function kpiValues(ctx: Ctx, q: z.infer<typeof KpiValueQuery>) {
  const all = await computeRows(ctx, q);
  await recordAudit(ctx, { action: 'economy.kpi_values.read', objectType: 'economy_kpi', objectId: null });
  const start = (q.page - 1) * q.pageSize;
  return {
    items: all
      .slice(start, start + q.pageSize)
      .map(({ trace: _t, kpi: _k, at: _a, regionId: _r, ...row }) => row),
    total: all.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every KPI row of a period (optionally one cadre's), unpaged, with the traces. */
export async function kpiValueRows(ctx: Ctx, q: Parameters<typeof computeRows>[1] & Partial<PageQuery>) {
  return computeRows(ctx, q);
}

export async function kpiTrace(ctx: Ctx, q: z.infer<typeof KpiTraceQuery>): Promise<KpiTrace> {
  const [row] = await computeRows(ctx, { period: q.period, cadreId: q.cadreId, kpiKey: q.kpiKey });
  if (!row) throw new AppError('NOT_FOUND', '该干部在该期没有适用的评价标准');
  const [resp] = await responsibleAt(ctx.db, periodEnd(q.period), {
    cadreIds: [q.cadreId],
    domains: [
      ...new Set(
        (await ctx.db.select().from(economyIndicators))
          .filter((i) => i.id === row.kpi.numerator.id || i.id === row.kpi.denominator?.id)
          .flatMap((i) => (i.domain ? [i.domain] : [])),
      ),
    ],
  });
  const series = await loadSeries(ctx.db, [
    row.kpi.numerator.id,
    ...(row.kpi.denominator ? [row.kpi.denominator.id] : []),
  ]);
  const find = (role: 'numerator' | 'denominator', period: string) => {
    const id = role === 'numerator' ? row.kpi.numerator.id : row.kpi.denominator!.id;
    return series.get(`${id}|region:${row.regionId}`)?.get(period);
  };
  await recordAudit(ctx, { action: 'economy.kpi_values.trace', objectType: 'cadre', objectId: q.cadreId });
  return {
    kpi: row.kpi,
    cadre: { id: row.cadreId, name: row.cadreName, unitName: row.unitName, post: row.post },
    scope: { kind: 'region', id: row.regionId, name: row.scopeName.replace(/（[^（]*）$/, '') },
    basis: resp
      ? resp.basis
      : `按角色类型“${row.roleTypeName}”适用（${KPI_FORMULA_LABELS[row.kpi.formula]}），分工中未单列相关领域`,
    value: row.value,
    numeratorSum: row.trace.numeratorSum,
    denominatorSum: row.trace.denominatorSum,
    inputs: row.trace.inputs.map((i) => {
      const v = find(i.role, i.period);
      return {
        role: i.role,
        indicator: i.role === 'numerator' ? row.kpi.numerator.name : row.kpi.denominator!.name,
        period: i.period,
        value: i.value,
        valueId: v?.id ?? null,
        revision: v?.revision ?? null,
      };
    }),
  };
}
