import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  ageBand,
  candidates,
  fourFifths,
  placeAll,
  runLength,
  VIEW_PART_LABELS,
  type ViewPart,
  type ZoneProbabilities,
} from '../../../analytics/quadrant.ts';
import { MEASURE_LABELS, type Measure, quarterLabel } from '../../../common/contracts/growth.ts';
import { type QuarterQuery, ZONE_KEYS, type ZoneKey } from '../../../common/contracts/quadrant.ts';
import { type Executor, rows, type Tx } from '../../db/client.ts';
import {
  growthMeasures,
  growthRuns,
  quadrantPlacements,
  quadrantRecommendations,
  quadrantReleases,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { deviationRecords } from '../growth/evidence.service.ts';
import type { Ref } from '../growth/measures.service.ts';
import { previousQuarter, quarterBounds } from '../growth/quarters.ts';
import { currentSettings as growthSettings, weightsFor } from '../growth/settings.service.ts';
import { currentDomains } from '../org/cadres.service.ts';
import { addTodo } from '../todo/todo.service.ts';
import { assertMayReadCadre, assertReleasedFor, isDept, mayDecide, selfOf } from './quadrant.policy.ts';
import { currentSettings } from './settings.service.ts';

/**
 * 实绩象限: a quarter's placements, computed from that quarter's growth run (实绩贡献) and the
 * evidence of the method's modules (政绩观) over the four quarters ending with it; the candidates
 * they give; the chart, a cadre's history and the evidence of a point.
 */

type Part = { own: number | null; ownSe: number | null };
interface StoredEvidence {
  contribution: { key: string; label: string; value: number | null; se: number | null; weight: number }[];
  view: {
    key: ViewPart;
    label: string;
    value: number | null;
    se: number | null;
    weight: number;
    records: Ref[];
  }[];
}

const num = (x: string | null | undefined) => (x === null || x === undefined ? null : Number(x));
const r4 = (x: number) => String(Math.round(x * 10000) / 10000);

/** The window of 政绩观 evidence: the quarter and the three before it. */
function windowOf(quarter: string) {
  let first = quarter;
  for (let i = 0; i < 3; i++) first = previousQuarter(first);
  return { from: quarterBounds(first).start, to: quarterBounds(quarter).end };
}

export function computeQuarter(ctx: Ctx, quarter: string) {
  return write(ctx, async (tx, audit) => {
    const out = await computeIn(ctx, tx, quarter);
    audit({ action: 'quadrant.compute', objectType: 'growth_run', objectId: out.runId });
    return out;
  });
}

/** The computation in the caller's transaction (the demo uses it too). */
export async function computeIn(ctx: Ctx, tx: Tx, quarter: string) {
  const [run] = await tx
    .select({ id: growthRuns.id })
    .from(growthRuns)
    .where(eq(growthRuns.quarter, quarter))
    .orderBy(desc(growthRuns.createdAt))
    .limit(1);
  if (!run) throw new AppError('QUADRANT_NO_RUN');
  const settings = await currentSettings(tx);
  const s = settings.params;
  const gw = (await growthSettings(tx)).weights.params;
  const results = await rows<{
    cadre_id: string;
    unit_id: string | null;
    identified: boolean;
    composite: string | null;
    composite_se: string | null;
    within_unit: string | null;
    parts: Record<string, Part>;
    role_type: string | null;
    rank_code: string | null;
  }>(
    tx,
    sql`select r.cadre_id, coalesce(c.unit_id, r.unit_id) as unit_id, r.identified, r.composite::text,
               r.composite_se::text, r.within_unit::text, r.parts, c.role_type_code as role_type,
               c.rank_code
        from growth_results r join org_cadres c on c.id = r.cadre_id
        where r.run_id = ${run.id} and c.status = 'active'`,
  );
  const { from, to } = windowOf(quarter);
  const deviations = await deviationRecords(tx, from, to);
  const outstanding = await outstandingConduct(tx, from, to);
  const traces = await measureTraces(tx, quarter);

  const inputs = results.map((r) => {
    const part = (m: string) => {
      const p = r.parts[m];
      return p && p.own !== null && p.ownSe !== null ? { value: p.own, se: p.ownSe } : null;
    };
    return {
      cadreId: r.cadre_id,
      unitId: r.unit_id,
      identified: r.identified && r.composite !== null,
      composite: num(r.composite),
      compositeSe: num(r.composite_se),
      withinUnit: num(r.within_unit),
      view: {
        conduct: part('conduct'),
        opinion: part('opinion'),
        deviations: deviations.get(r.cadre_id)?.length ?? 0,
        outstanding: outstanding.get(r.cadre_id)?.length ?? 0,
      },
    };
  });
  const { threshold, placements } = placeAll(
    inputs,
    { contribution: s.contributionThreshold, view: s.viewThreshold },
    s.viewWeights,
  );

  await tx.delete(quadrantPlacements).where(eq(quadrantPlacements.quarter, quarter));
  const byCadre = new Map(results.map((r) => [r.cadre_id, r]));
  const values = placements.map((p) => {
    const r = byCadre.get(p.cadreId)!;
    const w = weightsFor(gw, r.role_type);
    const evidence: StoredEvidence = {
      contribution: Object.entries(r.parts).map(([m, x]) => ({
        key: m,
        label: MEASURE_LABELS[m as Measure] ?? m,
        value: x.own,
        se: x.ownSe,
        weight: w[m] ?? 0,
      })),
      view: [
        viewPart('conduct', r.parts.conduct, s.viewWeights.conduct, traces.get(`${p.cadreId}|conduct`)),
        viewPart('opinion', r.parts.opinion, s.viewWeights.opinion, traces.get(`${p.cadreId}|opinion`)),
        {
          key: 'deviation',
          label: VIEW_PART_LABELS.deviation,
          value: -s.viewWeights.deviation * p.deviations,
          se: null,
          weight: s.viewWeights.deviation,
          records: deviations.get(p.cadreId) ?? [],
        },
        {
          key: 'outstanding',
          label: VIEW_PART_LABELS.outstanding,
          value: s.viewWeights.outstanding * (outstanding.get(p.cadreId)?.length ?? 0),
          se: null,
          weight: s.viewWeights.outstanding,
          records: outstanding.get(p.cadreId) ?? [],
        },
      ],
    };
    return {
      quarter,
      cadreId: p.cadreId,
      unitId: r.unit_id,
      runId: run.id,
      settingsVersion: settings.version,
      identified: p.identified,
      contribution: r4(p.contribution),
      contributionSe: r4(p.contributionSe),
      view: r4(p.view),
      viewSe: r4(p.viewSe),
      deviations: p.deviations,
      probabilities: p.probabilities,
      zone: p.zone,
      evidence: { ...evidence, threshold },
      createdBy: ctx.actor?.userId ?? null,
    };
  });
  for (let i = 0; i < values.length; i += 300)
    await tx.insert(quadrantPlacements).values(values.slice(i, i + 300));

  const histories = await historiesOf(tx, quarter);
  // Cadres of ranks managed above the county are placed but never candidates: no decision of the
  // department could take them up (QUADRANT_OUTSIDE_JURISDICTION).
  const outside = new Set(
    results.filter((r) => r.rank_code && s.outsideRanks.includes(r.rank_code)).map((r) => r.cadre_id),
  );
  const found = candidates(placements, histories, quarter, {
    quarters: s.quarters,
    minProbability: s.minProbability,
    maxHalfWidth: s.maxHalfWidth,
  }).filter((c) => !outside.has(c.cadreId));
  // Open candidates of an earlier computation give way; those already drafted or dismissed stay.
  await tx
    .delete(quadrantRecommendations)
    .where(and(eq(quadrantRecommendations.quarter, quarter), eq(quadrantRecommendations.status, 'open')));
  let n = 0;
  for (const c of found) {
    const p = placements.find((x) => x.cadreId === c.cadreId)!;
    const reasons =
      c.kind === 'promote'
        ? [
            {
              text: `连续 ${c.run} 个季度处于高贡献区（各季度概率均 ≥ ${s.minProbability}），本季度概率 ${pct(c.probability)}`,
              evidence: [],
            },
            {
              text: `实绩贡献 ${p.contribution.toFixed(1)}（± ${(1.96 * p.contributionSe).toFixed(1)}），高于门槛 ${threshold.contribution.toFixed(1)}；近四个季度无确认的政绩观偏差记录`,
              evidence: outstanding.get(c.cadreId) ?? [],
            },
          ]
        : [
            {
              text: `本季度处于低效区的概率 ${pct(c.probability)}${c.run > 1 ? `，已连续 ${c.run} 个季度` : ''}；实绩贡献 ${p.contribution.toFixed(1)}（± ${(1.96 * p.contributionSe).toFixed(1)}）低于门槛 ${threshold.contribution.toFixed(1)}`,
              evidence: [],
            },
            {
              text: `近四个季度确认的政绩观偏差记录 ${p.deviations} 条`,
              evidence: deviations.get(c.cadreId) ?? [],
            },
          ];
    const inserted = await tx
      .insert(quadrantRecommendations)
      .values({
        quarter,
        cadreId: c.cadreId,
        kind: c.kind,
        run: c.run,
        probability: r4(c.probability),
        reasons,
        unsure: c.unsure,
      })
      .onConflictDoNothing()
      .returning({ id: quadrantRecommendations.id });
    n += inserted.length;
  }
  if (n)
    await addTodo(ctx, tx, {
      module: 'quadrant',
      kind: 'quadrant_candidates',
      title: `季度微调：${quarterLabel(quarter)}实绩象限提出人选 ${n} 人，请研究拟定`,
      link: `/quadrant/recommendations?quarter=${quarter}`,
      recordType: 'growth_run',
      recordId: run.id,
      assigneeRole: 'assessment_officer',
      sourceKey: `quadrant.candidates:${quarter}:${run.id}`,
    });
  return { quarter, placements: placements.length, recommendations: n, runId: run.id };
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

function viewPart(
  key: 'conduct' | 'opinion',
  p: Part | undefined,
  weight: number,
  records: Ref[] | undefined,
) {
  return {
    key,
    label: VIEW_PART_LABELS[key],
    value: p?.own ?? null,
    se: p?.ownSe ?? null,
    weight,
    records: records ?? [],
  };
}

/** Confirmed outstanding conduct (担当作为突出) in the window. */
async function outstandingConduct(ex: Executor, from: string, to: string): Promise<Map<string, Ref[]>> {
  const found = await rows<{ cadre_id: string; id: string; reason: string }>(
    ex,
    sql`select n.cadre_id, n.id::text, n.reason from scene_nominations n
        where n.status = 'confirmed' and n.decided_at >= ${from}::date and n.decided_at < (${to}::date + 1)`,
  );
  const out = new Map<string, Ref[]>();
  for (const f of found)
    out.set(f.cadre_id, [
      ...(out.get(f.cadre_id) ?? []),
      {
        type: 'scene_nomination',
        id: f.id,
        label: `担当作为突出：${f.reason.slice(0, 40)}`,
        link: '/scene/nominations',
      },
    ]);
  return out;
}

/** The records behind the calibrated parts: the quarter's conduct and opinion measures. */
async function measureTraces(ex: Executor, quarter: string): Promise<Map<string, Ref[]>> {
  const found = await ex
    .select({ cadreId: growthMeasures.cadreId, measure: growthMeasures.measure, trace: growthMeasures.trace })
    .from(growthMeasures)
    .where(and(eq(growthMeasures.quarter, quarter), inArray(growthMeasures.measure, ['conduct', 'opinion'])));
  return new Map(found.map((f) => [`${f.cadreId}|${f.measure}`, (f.trace as Ref[]).slice(0, 20)]));
}

/** Each cadre's zone probabilities by quarter, up to this one (its placements stored first). */
async function historiesOf(ex: Executor, quarter: string) {
  const earlier = await ex
    .select({
      cadreId: quadrantPlacements.cadreId,
      quarter: quadrantPlacements.quarter,
      probabilities: quadrantPlacements.probabilities,
    })
    .from(quadrantPlacements)
    .where(lte(quadrantPlacements.quarter, quarter));
  const h = new Map<string, Map<string, ZoneProbabilities>>();
  for (const e of earlier) {
    const m = h.get(e.cadreId) ?? new Map();
    m.set(e.quarter, e.probabilities as ZoneProbabilities);
    h.set(e.cadreId, m);
  }
  return h;
}

async function isReleased(ex: Executor, quarter: string) {
  const [r] = await ex.select().from(quadrantReleases).where(eq(quadrantReleases.quarter, quarter));
  return !!r;
}

export function release(ctx: Ctx, quarter: string) {
  return write(ctx, async (tx, audit) => {
    const [p] = await tx
      .select({ id: quadrantPlacements.id })
      .from(quadrantPlacements)
      .where(eq(quadrantPlacements.quarter, quarter))
      .limit(1);
    if (!p) throw new AppError('QUADRANT_NOT_COMPUTED');
    if (await isReleased(tx, quarter)) throw new AppError('QUADRANT_ALREADY_RELEASED');
    const [r] = await tx
      .insert(quadrantReleases)
      .values({ quarter, createdBy: ctx.actor?.userId })
      .returning({ id: quadrantReleases.id });
    audit({ action: 'quadrant.release', objectType: 'quadrant_release', objectId: r!.id });
    return { quarter };
  });
}

interface PointRow {
  id: string;
  cadre_id: string;
  name: string;
  unit_id: string | null;
  unit_name: string | null;
  rank_code: string | null;
  rank_name: string | null;
  sex: string;
  birth_year: number;
  identified: boolean;
  contribution: string;
  contribution_se: string;
  view: string;
  view_se: string;
  deviations: number;
  probabilities: ZoneProbabilities;
  zone: ZoneKey;
  evidence: { threshold: { contribution: number; view: number } };
  settings_version: number;
  run_id: string;
  created_at: Date;
}

/** The fields of a position, from its row. */
const position = (p: PointRow) => ({
  identified: p.identified,
  contribution: Number(p.contribution),
  contributionSe: Number(p.contribution_se),
  view: Number(p.view),
  viewSe: Number(p.view_se),
  deviations: p.deviations,
  probabilities: p.probabilities,
  zone: p.zone,
});

const pointsSql = (where: ReturnType<typeof sql>) =>
  sql`select p.id, p.cadre_id, c.name, p.unit_id, u.name as unit_name, c.rank_code,
             (select name from org_dict_items d where d.kind = 'rank' and d.code = c.rank_code limit 1) as rank_name,
             c.sex, c.birth_year, p.identified, p.contribution::text, p.contribution_se::text, p.view::text,
             p.view_se::text, p.deviations, p.probabilities, p.zone, p.evidence, p.settings_version, p.run_id,
             p.created_at
      from quadrant_placements p join org_cadres c on c.id = p.cadre_id left join org_units u on u.id = p.unit_id
      where ${where}`;

export async function quarterView(ctx: Ctx, quarter: string, q: z.infer<typeof QuarterQuery>) {
  const all = await rows<PointRow>(ctx.db, pointsSql(sql`p.quarter = ${quarter}`));
  const settings = await currentSettings(ctx.db);
  const year = Number(quarter.slice(0, 4));
  const released = await isReleased(ctx.db, quarter);
  const quarters = (
    await rows<{ quarter: string }>(
      ctx.db,
      sql`select quarter from quadrant_placements union select quarter from growth_runs order by quarter desc`,
    )
  ).map((r) => r.quarter);
  const histories = await historiesOf(ctx.db, quarter);
  const domains = q.domain
    ? await currentDomains(
        ctx.db,
        all.map((p) => p.cadre_id),
        quarterBounds(quarter).end,
      )
    : null;
  const recommended = new Set(
    (
      await ctx.db
        .select({ cadreId: quadrantRecommendations.cadreId })
        .from(quadrantRecommendations)
        .where(eq(quadrantRecommendations.quarter, quarter))
    ).map((r) => r.cadreId),
  );
  const points = all.map((p) => ({
    placementId: p.id,
    cadreId: p.cadre_id,
    name: p.name,
    unitId: p.unit_id,
    unitName: p.unit_name,
    rankName: p.rank_name,
    sex: p.sex,
    ageBand: ageBand(p.birth_year, year),
    ...position(p),
    run: runLength(histories.get(p.cadre_id) ?? new Map(), p.zone, quarter, settings.params.minProbability),
  }));
  const shown = points.filter(
    (p, i) =>
      (!q.unitId || p.unitId === q.unitId) &&
      (!q.rankCode || all[i]!.rank_code === q.rankCode) &&
      (!q.ageBand || p.ageBand === q.ageBand) &&
      (!domains || (domains.get(p.cadreId) ?? []).includes(q.domain!)),
  );
  const counts = Object.fromEntries(
    ZONE_KEYS.map((z) => [z, shown.filter((p) => p.zone === z).length]),
  ) as Record<ZoneKey, number>;
  const fairness = (['sex', 'age'] as const).flatMap((by) =>
    (['high', 'recommended'] as const).map((what) => ({
      by,
      what,
      ...fourFifths(
        points.map((p) => ({
          group: by === 'sex' ? p.sex : p.ageBand,
          selected: what === 'high' ? p.zone === 'high' : recommended.has(p.cadreId),
        })),
      ),
    })),
  );
  const first = all[0];
  return {
    quarter,
    computed: !!first,
    computedAt: first ? new Date(first.created_at) : null,
    runId: first?.run_id ?? null,
    settingsVersion: first?.settings_version ?? null,
    threshold: first?.evidence.threshold ?? null,
    released,
    quarters,
    points: shown,
    counts,
    fairness,
    can: { compute: isDept(ctx.actor), release: mayDecide(ctx.actor) && !!first && !released },
  };
}

export async function placementView(ctx: Ctx, id: string) {
  const [p] = await rows<
    PointRow & { post: string | null; evidence: StoredEvidence & PointRow['evidence']; quarter: string }
  >(
    ctx.db,
    sql`select x.*, c.post, p.quarter from (${pointsSql(sql`p.id = ${id}`)}) x
        join quadrant_placements p on p.id = x.id join org_cadres c on c.id = x.cadre_id`,
  );
  if (!p) throw notFound('象限位置');
  assertMayReadCadre(ctx.actor, p.cadre_id);
  assertReleasedFor(ctx.actor, await isReleased(ctx.db, p.quarter));
  return {
    id: p.id,
    quarter: p.quarter,
    cadre: { id: p.cadre_id, name: p.name, unitName: p.unit_name, post: p.post },
    ...position(p),
    threshold: p.evidence.threshold,
    contributionParts: p.evidence.contribution.map((c) => ({
      ...c,
      records: [
        {
          type: 'growth_result',
          id: p.run_id,
          label: `个体成长解析（${quarterLabel(p.quarter)}测算）`,
          link: `/growth/cadres/${p.cadre_id}?quarter=${p.quarter}`,
        },
      ],
    })),
    viewParts: p.evidence.view,
    growthLink: `/growth/cadres/${p.cadre_id}?quarter=${p.quarter}`,
  };
}

/** A cadre's zones by quarter (for the cadre: released quarters only) and the decisions about them. */
export async function history(ctx: Ctx, cadreId: string) {
  const [c] = await rows<{ id: string; name: string; unit_name: string | null; post: string | null }>(
    ctx.db,
    sql`select c.id, c.name, u.name as unit_name, c.post from org_cadres c left join org_units u on u.id = c.unit_id
        where c.id = ${cadreId}`,
  );
  if (!c) throw notFound('干部');
  assertMayReadCadre(ctx.actor, cadreId);
  const own = !isDept(ctx.actor) && selfOf(ctx.actor) === cadreId;
  const found = await rows<PointRow & { quarter: string }>(
    ctx.db,
    sql`select x.*, p.quarter from (${pointsSql(sql`p.cadre_id = ${cadreId}`)}) x
        join quadrant_placements p on p.id = x.id
        where ${own ? sql`exists (select 1 from quadrant_releases r where r.quarter = p.quarter)` : sql`true`}
        order by p.quarter`,
  );
  const decisions = await rows<{
    id: string;
    kind: string;
    status: string;
    quarter: string;
    effective_on: string | null;
    doc_no: string | null;
  }>(
    ctx.db,
    sql`select id, kind, status, quarter, effective_on::text, doc_no from quadrant_decisions
        where cadre_id = ${cadreId} ${own ? sql`and status = 'effective'` : sql``}
        order by drafted_at desc`,
  );
  return {
    cadre: { id: c.id, name: c.name, unitName: c.unit_name, post: c.post },
    quarters: found.map((p) => ({
      placementId: p.id,
      quarter: p.quarter,
      ...position(p),
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      kind: d.kind as never,
      status: d.status as never,
      quarter: d.quarter,
      effectiveOn: d.effective_on,
      docNo: d.doc_no,
    })),
  };
}
