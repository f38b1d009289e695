import { and, eq, sql } from 'drizzle-orm';
import { standardise } from '../../analytics/growth.ts';
import { MEASURES, type Measure } from '../../common/contracts/growth.ts';
import { rows, type Tx } from '../db/client.ts';
import {
  growthMeasures,
  growthOutstanding,
  growthReleases,
  growthResources,
  growthSettings,
  growthShareDeclarations,
  growthShares,
  orgAppointments,
  orgCadres,
  orgUnits,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { addDays } from '../lib/time.ts';
import type { Audit } from '../lib/tx.ts';
import { fitRun } from '../modules/growth/analysis.service.ts';
import { computePlatformMeasures, unitsOn } from '../modules/growth/measures.service.ts';
import { quarterBounds, quartersBetween } from '../modules/growth/quarters.ts';
import { lockQuarterIn } from '../modules/growth/scope.service.ts';
import { addTimelineEvent } from '../modules/org/timeline.service.ts';
import { completeTodosOf } from '../modules/todo/todo.service.ts';

/**
 * 个体成长解析 demo: two years of history before the platform (2024–2025: quarterly results and the
 * annual grades, as a county would import them), each unit's resources, earlier posts of about a
 * quarter of the cadres (the movers that let the person be told apart from the platform), shares
 * declared on shared key tasks, and the analysis of 2026Q3 run by the service itself — which finds
 * the article's 28 outstanding cadres, confirmed by a leader.
 *
 * The history is generated from effects planted per cadre (their own ability, consistent with
 * their records on the platform in 2026), per unit (the platform) and from the resources; the
 * planted cadre effects are kept (growth_settings kind `demo_truth`) so that anyone can check
 * how well the analysis recovers them.
 */

const HISTORY = quartersBetween('2024Q1', '2025Q4');
const RUN_QUARTER = '2026Q3';
const OUTSTANDING = 28;

function gauss(rng: Rng): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export async function seedGrowth(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  scale: 'full' | 'small',
  people: { officer: string; leader: string },
) {
  const rng = new Rng(2026_1305);
  const t0 = Date.now();
  const tick = (what: string) => process.env.DEMO_TIMING && console.log(what, Date.now() - t0);
  const cadres = await tx
    .select({
      id: orgCadres.id,
      unitId: orgCadres.unitId,
      roleType: orgCadres.roleTypeCode,
      teamPlace: orgCadres.teamPlace,
      post: orgCadres.post,
    })
    .from(orgCadres)
    .where(eq(orgCadres.status, 'active'))
    .orderBy(orgCadres.code);
  const units = await tx
    .select({ id: orgUnits.id, kind: orgUnits.kind })
    .from(orgUnits)
    .orderBy(orgUnits.code);
  const seats = await tx
    .select()
    .from(orgAppointments)
    .orderBy(orgAppointments.cadreId, orgAppointments.startsOn);

  // ——— movers: an earlier post in another unit of the same kind for about a quarter of the cadres
  for (const c of cadres) {
    const current = seats.filter((a) => a.cadreId === c.id).at(-1);
    if (!current?.unitId || current.startsOn <= '2024-03-31' || !rng.chance(scale === 'full' ? 0.9 : 1))
      continue;
    const kind = units.find((u) => u.id === current.unitId)?.kind;
    const others = units.filter((u) => u.id !== current.unitId && u.kind === kind);
    if (!others.length) continue;
    await tx.insert(orgAppointments).values({
      cadreId: c.id,
      kind: 'appoint',
      unitId: rng.pick(others).id,
      post: current.post,
      teamPlace: current.teamPlace,
      rankCode: current.rankCode,
      roleTypeCode: current.roleTypeCode,
      startsOn: `${rng.int(2019, 2022)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
      endsOn: addDays(current.startsOn, -1),
      docNo: `玉委〔${rng.int(2019, 2022)}〕${rng.int(10, 120)}号`,
      note: '任职经历',
      createdBy: people.officer,
    });
  }

  tick('movers');
  // ——— the platform's own records of 2026 first: each cadre's planted ability follows them
  for (const q of quartersBetween('2026Q1', RUN_QUARTER)) await computePlatformMeasures(ctx, tx, q);
  const platform = await tx
    .select({
      cadreId: growthMeasures.cadreId,
      quarter: growthMeasures.quarter,
      measure: growthMeasures.measure,
      value: growthMeasures.value,
      unitId: growthMeasures.unitId,
    })
    .from(growthMeasures);
  const scored = standardise(
    platform
      .filter((p) => p.unitId)
      .map((p) => ({
        cadreId: p.cadreId,
        unitId: p.unitId!,
        quarter: `${p.quarter}|${p.measure}`,
        roleType: '*',
        value: Number(p.value),
        resources: { staffing: 0, budgetPerPost: 0, investment: 0, economicBase: 0 },
      })),
  );
  const seen = new Map<string, number[]>();
  for (const s of scored) seen.set(s.cadreId, [...(seen.get(s.cadreId) ?? []), (s.score - 50) / 10]);
  // The recent quarters' mean per cadre (all measures), to pick stars whose 2026 bears them out.
  const recentOk = new Set<string>();
  for (const c of cadres) {
    const qs = quartersBetween('2026Q1', RUN_QUARTER).map((q) => {
      const v = scored.filter((s) => s.cadreId === c.id && s.quarter.startsWith(q)).map((s) => s.score);
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
    });
    if (qs.reduce((a, b) => a + b, 0) / qs.length > 56) recentOk.add(c.id);
  }
  const deviating = new Set(
    (
      await rows<{ cadre_id: string }>(
        tx,
        sql`select cadre_id from delivery_findings where kind in ('false_report','ineffective')
            union select cadre_id from keywork_findings where tags ? 'buck_passing' or tags ? 'ignoring_whole'
            union select cadre_id from economy_interviews`,
      )
    ).map((r) => r.cadre_id),
  );
  // A unit some mover served in is linked to another unit: its cadres' own effects can be told apart.
  const linkedUnits = new Set(
    (
      await rows<{ unit_id: string }>(
        tx,
        sql`with w as (select * from org_appointments where unit_id is not null
                         and (ends_on is null or ends_on >= '2024-03-31') and starts_on <= '2026-09-30')
            select distinct unit_id from w where cadre_id in
              (select cadre_id from w group by cadre_id having count(distinct unit_id) > 1)`,
      )
    ).map((r) => r.unit_id),
  );
  tick('platform');
  // ——— units: their platform effect and resources (richer units, better results)
  const unitEffect = new Map<string, number>();
  for (const u of units) unitEffect.set(u.id, 0.9 * gauss(rng));

  // Each cadre's own ability: partly what the platform saw in 2026, partly not (history is not the
  // present). Above average it levels off, so that the stars stand apart from the rest.
  const ability = new Map<string, number>();
  for (const c of cadres) {
    const s = seen.get(c.id) ?? [];
    const evidence = s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
    const x = 0.45 * evidence + 0.4 * gauss(rng);
    ability.set(c.id, x > 0 ? 0.45 * Math.tanh(x / 0.45) : x);
  }
  const candidates = cadres.filter(
    (c) =>
      recentOk.has(c.id) &&
      !deviating.has(c.id) &&
      linkedUnits.has(c.unitId ?? '') &&
      (unitEffect.get(c.unitId ?? '') ?? 0) < 0.6,
  );
  // The stars: the candidates whose 2026 records stand out most (in a shuffled order among equals).
  const evidenceOf = (id: string) => {
    const v = seen.get(id) ?? [];
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
  };
  const stars = new Set(
    rng
      .shuffle(candidates)
      .sort((a, b) => evidenceOf(b.id) - evidenceOf(a.id))
      .slice(0, scale === 'full' ? OUTSTANDING : 2)
      .map((c) => c.id),
  );
  tick(`candidates ${candidates.length}`);
  for (const id of stars) ability.set(id, 2.2 + 0.2 * gauss(rng));

  const resources = [];
  for (const u of units) {
    const e = unitEffect.get(u.id)!;
    const budgeted = rng.int(12, 60);
    for (const year of [2024, 2025, 2026]) {
      resources.push({
        unitId: u.id,
        year,
        postsBudgeted: budgeted,
        postsFilled: Math.max(6, budgeted - rng.int(0, 6)),
        budget: String(
          Math.round((800 + 1500 * Math.exp(0.4 * e) + 200 * rng.next()) * (1 + 0.04 * (year - 2024))),
        ),
        investment: String(
          u.kind === 'town' || u.kind === 'street' ? rng.int(5000, 60000) : rng.int(0, 3000),
        ),
        economicBase: String(Math.round((100 + 18 * e + 8 * gauss(rng)) * 100) / 100),
        createdBy: people.officer,
      });
    }
  }
  await tx.insert(growthResources).values(resources);

  tick('units');
  // ——— history 2024–2025 as imported results
  const history = [];
  for (const q of HISTORY) {
    const units = await unitsOn(tx, quarterBounds(q).end);
    for (const c of cadres) {
      const unitId = units.get(c.id);
      if (!unitId) continue;
      const level = (measure: Measure) =>
        ability.get(c.id)! * (measure === 'annual' ? 1.2 : 1) + unitEffect.get(unitId)! + 0.45 * gauss(rng);
      const measures: Measure[] = ['delivery', 'keywork'];
      if (q.endsWith('Q2') || q.endsWith('Q4')) measures.push('opinion');
      if (q.endsWith('Q4')) measures.push('annual');
      if (c.roleType === 'zs' || c.roleType === 'gy') measures.push('kpi');
      for (const m of measures) {
        const z = level(m);
        const value =
          m === 'annual'
            ? z > 1.1
              ? 90
              : z > -1.4
                ? 75
                : 55
            : Math.round(Math.max(0, Math.min(100, 72 + 9 * z)) * 10) / 10;
        history.push({
          cadreId: c.id,
          unitId,
          quarter: q,
          measure: m,
          value: String(value),
          source: 'import',
          trace: [{ type: 'import_batch', id: 'demo', label: '历史考核结果导入（演示）', link: null }],
          createdBy: people.officer,
        });
      }
    }
  }
  for (let i = 0; i < history.length; i += 1000)
    await tx.insert(growthMeasures).values(history.slice(i, i + 1000));
  await tx.insert(growthSettings).values({
    kind: 'demo_truth',
    version: 1,
    params: Object.fromEntries(ability),
    reason: '演示数据生成时设定的干部本人能力（用于核对测算的还原程度）',
    createdBy: people.officer,
  });
  await tx.insert(growthSettings).values({
    kind: 'outstanding',
    version: 1,
    params: { topQuantile: 0.9, minProbability: 0.95, quarters: 3 },
    reason:
      '综合本人贡献居全县前 10% 的概率不低于 90%，最近 3 个季度表现均高于同类干部平均，且无政绩观偏差记录',
    createdBy: people.leader,
  });

  tick('history');
  // ——— scopes locked at the start of each quarter of 2026
  for (const q of quartersBetween('2026Q1', '2026Q4')) await lockQuarterIn(ctx, tx, audit, q);

  tick('locks');
  // ——— shares declared on shared key tasks (most verified, one with an objection waiting)
  const shared = await rows<{ id: string; lead_unit_id: string | null; cadres: string[] }>(
    tx,
    sql`select t.id, t.lead_unit_id, array_agg(tc.cadre_id order by tc.cadre_id) as cadres
        from keywork_tasks t join keywork_task_cadres tc on tc.task_id = t.id and tc.role = 'responsible'
        group by t.id, t.lead_unit_id having count(*) >= 2 order by t.title`,
  );
  for (const [i, t] of shared.entries()) {
    const verified = i % 4 !== 3;
    const [d] = await tx
      .insert(growthShareDeclarations)
      .values({
        subjectType: 'keywork_task',
        subjectId: t.id,
        unitId: t.lead_unit_id,
        status: verified ? 'verified' : 'declared',
        declaredAt: new Date('2026-04-08T02:00:00Z'),
        verifiedAt: verified ? new Date('2026-04-20T06:00:00Z') : null,
        verifiedBy: verified ? people.officer : null,
        verifyNote: verified ? '对照节点责任分工和调度会纪要核定' : null,
      })
      .returning({ id: growthShareDeclarations.id });
    const lead = 40 + rng.int(0, 20);
    const rest = t.cadres.length - 1;
    for (const [k, cadreId] of t.cadres.entries()) {
      const pct = k === 0 ? lead : Math.floor((100 - lead) / rest);
      const corrected = verified && k === 1 && i % 5 === 0;
      await tx.insert(growthShares).values({
        declarationId: d!.id,
        cadreId,
        role: k === 0 ? '牵头负责' : '配合推进',
        declaredPct: String(pct),
        verifiedPct: verified ? String(corrected ? pct + 5 : pct) : null,
        correction: corrected ? '该同志实际承担征迁协调，按调度会纪要调增' : null,
        objection: !verified && k === 1 ? '本人实际负责项目审批与要素保障，所占份额偏低' : null,
        objectedAt: !verified && k === 1 ? new Date('2026-04-12T03:00:00Z') : null,
      });
    }
  }

  tick('shares');
  // ——— the analysis of 2026Q3, its outstanding cadres confirmed, and the quarter released
  // The platform's measures of 2026 were computed above and nothing since has changed them.
  const runId = await fitRun(ctx, tx, RUN_QUARTER);
  tick('run');
  const found = await tx.select().from(growthOutstanding).where(eq(growthOutstanding.runId, runId));
  for (const o of found) {
    // The leader confirms the proposals the county's people bear out; a proposal resting on a team's
    // push rather than the cadre's own (one the demo did not plant) is declined with the reason.
    if (!stars.has(o.cadreId)) {
      await tx
        .update(growthOutstanding)
        .set({
          status: 'declined',
          decidedAt: new Date('2026-10-20T07:00:00Z'),
          decidedBy: people.leader,
          decisionNote: '经核实，该同志本期实绩主要依托专班集体攻坚，个人作用有待继续观察，暂不确认',
        })
        .where(eq(growthOutstanding.id, o.id));
      continue;
    }
    await tx
      .update(growthOutstanding)
      .set({ status: 'confirmed', decidedAt: new Date('2026-10-20T07:00:00Z'), decidedBy: people.leader })
      .where(and(eq(growthOutstanding.id, o.id)));
    await addTimelineEvent(tx, {
      cadreId: o.cadreId,
      occurredOn: '2026-10-20',
      module: 'growth',
      kind: 'outstanding',
      title: `${o.year}年度在政绩观考察中脱颖而出（个体成长解析）`,
      recordType: 'growth_outstanding',
      recordId: o.id,
      visibility: 'org_self',
      createdBy: people.leader,
    });
  }
  await completeTodosOf(ctx, tx, { recordType: 'growth_run', recordId: runId });
  await tx.insert(growthReleases).values({ quarter: RUN_QUARTER, runId, createdBy: people.leader });
  audit({ action: 'growth.run', objectType: 'growth_run', objectId: runId });
  return {
    runId,
    outstanding: found.filter((o) => stars.has(o.cadreId)).length,
    stars: stars.size,
    measures: MEASURES.length,
  };
}
