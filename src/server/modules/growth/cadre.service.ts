import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { MEASURE_LABELS, MEASURES, type Measure } from '../../../common/contracts/growth.ts';
import { rows } from '../../db/client.ts';
import {
  growthMeasures,
  growthOutstanding,
  growthReleases,
  growthResults,
  growthRuns,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { decompositionSentence, runFor } from './analysis.service.ts';
import { assertMayReadCadre, isDept } from './growth.policy.ts';
import type { Ref } from './measures.service.ts';
import { scopesOf } from './scope.service.ts';
import { declarationsOf } from './shares.service.ts';

type Part = {
  raw: number;
  platform: number;
  resources: number;
  own: number | null;
  ownSe: number | null;
  withinUnit: number;
  n: number;
};

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * 个体成长解析 of one cadre: the locked scopes, the shares on shared tasks, each measure's
 * decomposition with the records behind each value, growth and potential. The department sees
 * any run; the cadre sees only released quarters, and only their own page.
 */
export async function cadreGrowth(ctx: Ctx, cadreId: string, quarter?: string) {
  const [cadre] = await rows<{
    id: string;
    name: string;
    unit_name: string | null;
    post: string | null;
    rank_name: string | null;
    role_type_name: string | null;
  }>(
    ctx.db,
    sql`select c.id, c.name, u.name as unit_name, c.post, rk.name as rank_name, rt.name as role_type_name
        from org_cadres c left join org_units u on u.id = c.unit_id
        left join org_dict_items rk on rk.kind = 'rank' and rk.code = c.rank_code
        left join org_dict_items rt on rt.kind = 'role_type' and rt.code = c.role_type_code
        where c.id = ${cadreId}`,
  );
  if (!cadre) throw notFound('干部');
  const dept = isDept(ctx.actor);
  // A cadre sees the latest released quarter (or the one asked, if released).
  let run = dept ? await runFor(ctx.db, quarter) : null;
  let released = false;
  if (!dept) {
    const [rel] = await ctx.db
      .select({ runId: growthReleases.runId, quarter: growthReleases.quarter })
      .from(growthReleases)
      .where(quarter ? eq(growthReleases.quarter, quarter) : undefined)
      .orderBy(desc(growthReleases.quarter))
      .limit(1);
    released = !!rel;
    assertMayReadCadre(ctx.actor, cadreId, released);
    const [r] = await ctx.db
      .select({ id: growthRuns.id, quarter: growthRuns.quarter, createdAt: growthRuns.createdAt })
      .from(growthRuns)
      .where(eq(growthRuns.id, rel!.runId));
    run = r ?? null;
  } else if (run) {
    const [rel] = await ctx.db.select().from(growthReleases).where(eq(growthReleases.runId, run.id));
    released = !!rel;
  }
  const [result] = run
    ? await ctx.db
        .select()
        .from(growthResults)
        .where(and(eq(growthResults.runId, run.id), eq(growthResults.cadreId, cadreId)))
    : [];
  const partsJson = (result?.parts ?? {}) as Partial<Record<Measure, Part>>;
  const values = run
    ? await ctx.db
        .select()
        .from(growthMeasures)
        .where(and(eq(growthMeasures.cadreId, cadreId), lte(growthMeasures.quarter, run.quarter)))
        .orderBy(asc(growthMeasures.quarter))
    : [];
  const parts = MEASURES.filter((m) => partsJson[m]).map((m) => {
    const p = partsJson[m]!;
    return {
      measure: m,
      label: MEASURE_LABELS[m],
      raw: r2(p.raw),
      platform: r2(p.platform),
      resources: r2(p.resources),
      own: p.own === null ? null : r2(p.own),
      ownSe: p.ownSe === null ? null : r2(p.ownSe),
      withinUnit: r2(p.withinUnit),
      n: p.n,
      values: values
        .filter((v) => v.measure === m)
        .map((v) => ({
          quarter: v.quarter,
          value: Number(v.value),
          source: v.source as 'platform' | 'import',
          records: v.trace as Ref[],
        })),
    };
  });
  const growth = (result?.growth ?? {
    slope: null,
    slopeSe: null,
    percentile: null,
    projected: null,
    projectedSe: null,
    quarters: [],
  }) as {
    slope: number | null;
    slopeSe: number | null;
    percentile: number | null;
    projected: number | null;
    projectedSe: number | null;
    quarters: { quarter: string; own: number }[];
  };
  const potential = await potentialOf(ctx, cadreId);
  const [out] = await ctx.db
    .select()
    .from(growthOutstanding)
    .where(eq(growthOutstanding.cadreId, cadreId))
    .orderBy(desc(growthOutstanding.year))
    .limit(1);
  const identified = result?.identified ?? false;
  await recordAudit(ctx, { action: 'growth.cadre.read', objectType: 'cadre', objectId: cadreId });
  return {
    cadre: {
      id: cadre.id,
      name: cadre.name,
      unitName: cadre.unit_name,
      post: cadre.post,
      rankName: cadre.rank_name,
      roleTypeName: cadre.role_type_name,
    },
    run,
    released,
    identified,
    unidentifiedReason:
      result && !identified ? '无法区分平台与个人（所在关联范围内无人跨单位任职），只与同单位同事比较' : null,
    composite: result?.composite == null ? null : Number(result.composite),
    compositeSe: result?.compositeSe == null ? null : Number(result.compositeSe),
    withinUnit: result?.withinUnit == null ? null : Number(result.withinUnit),
    sentences: parts.map((p) => decompositionSentence(p.label, p)),
    parts,
    growth,
    potential: { projected: growth.projected, projectedSe: growth.projectedSe, ...potential },
    scopes: await scopesOf(ctx.db as never, cadreId),
    shares: dept || released ? await declarationsOf(ctx, ctx.db, cadreId) : [],
    outstanding:
      out && (dept || out.status === 'confirmed')
        ? {
            id: out.id,
            year: out.year,
            status: out.status as 'proposed' | 'confirmed' | 'declined',
            reasons: out.reasons as { text: string; evidence: Ref[] }[],
          }
        : null,
  };
}

/**
 * Potential as evidence, not one number: performance in hard settings (急难险重 inspections and
 * challenge events), breadth of posts held, and key tasks answered for above the post's level.
 */
async function potentialOf(ctx: Ctx, cadreId: string) {
  const hard = await rows<{
    id: string;
    activity_id: string;
    title: string;
    ratings: Record<string, number>;
  }>(
    ctx.db,
    sql`select o.id, a.id as activity_id, a.title, o.ratings from scene_observations o
        join scene_activities a on a.id = o.activity_id
        where o.cadre_id = ${cadreId} and a.kind in ('emergency', 'event') order by a.starts_on desc`,
  );
  const scores = hard
    .map((h) => {
      const v = Object.values(h.ratings ?? {}).filter((x): x is number => typeof x === 'number');
      return v.length ? ((v.reduce((s, x) => s + x, 0) / v.length - 1) / 4) * 100 : null;
    })
    .filter((x): x is number => x !== null);
  const [posts] = await rows<{ posts: number; units: number }>(
    ctx.db,
    sql`select count(*)::int as posts, count(distinct unit_id)::int as units from org_appointments
        where cadre_id = ${cadreId} and kind in ('appoint', 'transfer', 'promote', 'demote')`,
  );
  const above = await rows<{ id: string; title: string }>(
    ctx.db,
    sql`select t.id, t.title from keywork_task_cadres tc join keywork_tasks t on t.id = tc.task_id
        join org_cadres c on c.id = tc.cadre_id
        where tc.cadre_id = ${cadreId} and tc.role = 'responsible' and c.team_place in ('副职', '成员')
          and t.meeting_id is not null`,
  );
  return {
    hardSettings: {
      mean: scores.length ? r2(scores.reduce((s, x) => s + x, 0) / scores.length) : null,
      n: scores.length,
      records: hard.slice(0, 10).map((h) => ({
        type: 'scene_observation',
        id: h.id,
        label: h.title,
        link: `/scene/activities/${h.activity_id}`,
      })),
    },
    posts: posts?.posts ?? 0,
    units: posts?.units ?? 0,
    tasksAboveLevel: above.map((t) => ({
      type: 'keywork_task',
      id: t.id,
      label: t.title,
      link: `/keywork/tasks/${t.id}`,
    })),
  };
}
