import { sql } from 'drizzle-orm';
import { clearlyBelow } from '../../../analytics/development.ts';
import type { ResultOf } from '../../../common/api.ts';
import { VERDICT_LABELS, type Verdict } from '../../../common/contracts/delivery.ts';
import type { developmentApi, EvidenceRef, PlanKind } from '../../../common/contracts/development.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import { ZONE_NAMES, type ZoneKey } from '../../../common/contracts/quadrant.ts';
import { type Executor, rows } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { addDays, localDay } from '../../lib/time.ts';
import { recordAudit } from '../audit/audit.service.ts';

/**
 * Suggestions of 一人一策 from the evidence: each source turns records into signals (a cadre, the
 * kind of plan the shortfall calls for, a sentence, and the records behind it). The article's
 * mapping: weak handling of complex problems → 履职辅导期; lacking professional ability (or a
 * 政绩观 deviation) → 专题研修; lacking drive → 压力岗.
 */

export interface EvidenceSignal {
  cadreId: string;
  kind: PlanKind;
  text: string;
  evidence: EvidenceRef[];
}

export interface EvidenceSource {
  key: string;
  label: string;
  /** Whether the source's tables exist in this installation. */
  available(ex: Executor): Promise<boolean>;
  signals(ex: Executor, today: string): Promise<EvidenceSignal[]>;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const LOOKBACK_DAYS = 365;

async function tableExists(ex: Executor, name: string): Promise<boolean> {
  const [r] = await rows<{ t: string | null }>(ex, sql`select to_regclass(${name})::text as t`);
  return !!r?.t;
}

/** 个体成长: own contribution clearly below average, or a clearly falling trend (latest run). */
const growthSource: EvidenceSource = {
  key: 'growth',
  label: '个体成长解析',
  available: (ex) => tableExists(ex, 'growth_results'),
  async signals(ex) {
    const found = await rows<{
      id: string;
      cadre_id: string;
      quarter: string;
      composite: string | null;
      composite_se: string | null;
      growth: { slope?: number | null; slopeSe?: number | null } | null;
    }>(
      ex,
      sql`select r.id, r.cadre_id, u.quarter, r.composite, r.composite_se, r.growth
          from growth_results r
          join (select id, quarter from growth_runs order by quarter desc, created_at desc limit 1) u
            on u.id = r.run_id
          where r.identified`,
    );
    const out: EvidenceSignal[] = [];
    for (const f of found) {
      const ref: EvidenceRef = {
        type: 'growth_result',
        id: f.id,
        label: `${quarterLabel(f.quarter)}个体成长解析`,
        link: `/growth/cadres/${f.cadre_id}?quarter=${f.quarter}`,
      };
      const own = f.composite === null ? null : Number(f.composite);
      const se = f.composite_se === null ? null : Number(f.composite_se);
      if (own !== null && se !== null && clearlyBelow(own, se))
        out.push({
          cadreId: f.cadre_id,
          kind: 'pressure',
          text: `本人贡献明显低于平均：${r2(own)}（95% 区间 ${r2(own - 1.96 * se)} 至 ${r2(own + 1.96 * se)}）`,
          evidence: [ref],
        });
      const slope = f.growth?.slope;
      const slopeSe = f.growth?.slopeSe;
      if (typeof slope === 'number' && typeof slopeSe === 'number' && clearlyBelow(slope, slopeSe))
        out.push({
          cadreId: f.cadre_id,
          kind: 'pressure',
          text: `成长放缓：本人贡献逐季下降（每季 ${r2(slope)}，标准误 ${r2(slopeSe)}）`,
          evidence: [ref],
        });
    }
    return out;
  },
};

/** 走进一线看实绩: findings made final in the past year. */
const findingsSource: EvidenceSource = {
  key: 'delivery',
  label: '考察发现',
  available: (ex) => tableExists(ex, 'delivery_findings'),
  async signals(ex, today) {
    const since = addDays(today, -LOOKBACK_DAYS);
    const found = await rows<{ id: string; cadre_id: string; kind: string }>(
      ex,
      sql`select id, cadre_id, kind from delivery_findings
          where status = 'final' and created_at >= ${since}::date order by created_at`,
    );
    return found.map((f) => ({
      cadreId: f.cadre_id,
      // 进度滞后 speaks of drive; 成效不实 and 虚报 of ability and of 政绩观.
      kind: f.kind === 'lagging' ? ('pressure' as const) : ('study' as const),
      text: `已认定的考察发现：${VERDICT_LABELS[f.kind as Verdict] ?? f.kind}`,
      evidence: [
        {
          type: 'delivery_finding',
          id: f.id,
          label: `考察发现（${VERDICT_LABELS[f.kind as Verdict] ?? f.kind}）`,
          link: `/delivery/findings/${f.id}`,
        },
      ],
    }));
  },
};

/** 走进现场察担当: weak conduct in meetings and emergencies (mean rating ≤ 2.5 of 5). */
const sceneSource: EvidenceSource = {
  key: 'scene',
  label: '现场考察',
  available: (ex) => tableExists(ex, 'scene_observations'),
  async signals(ex, today) {
    const since = addDays(today, -LOOKBACK_DAYS);
    const found = await rows<{
      id: string;
      cadre_id: string;
      activity_id: string;
      title: string;
      ratings: Record<string, unknown>;
    }>(
      ex,
      sql`select o.id, o.cadre_id, a.id as activity_id, a.title, o.ratings from scene_observations o
          join scene_activities a on a.id = o.activity_id
          where a.kind in ('emergency', 'meeting') and a.starts_on >= ${since}::date order by a.starts_on`,
    );
    const out: EvidenceSignal[] = [];
    for (const f of found) {
      const v = Object.values(f.ratings ?? {}).filter((x): x is number => typeof x === 'number');
      if (!v.length) continue;
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      if (mean > 2.5) continue;
      out.push({
        cadreId: f.cadre_id,
        kind: 'guidance',
        text: `处理复杂问题偏弱：「${f.title}」现场评分均值 ${r2(mean)}（满分 5）`,
        evidence: [
          {
            type: 'scene_observation',
            id: f.id,
            label: `现场考察：${f.title}`,
            link: `/scene/activities/${f.activity_id}`,
          },
        ],
      });
    }
    return out;
  },
};

/**
 * 实绩象限: each cadre's latest placement — in 低效区 (drive: a 压力岗), or on the deviating side of
 * the 政绩观 axis (a confirmed deviation record: 专题研修).
 */
const quadrantSource: EvidenceSource = {
  key: 'quadrant',
  label: '实绩象限',
  available: (ex) => tableExists(ex, 'quadrant_placements'),
  async signals(ex) {
    const found = await rows<{
      id: string;
      cadre_id: string;
      quarter: string;
      zone: ZoneKey;
      deviations: number;
    }>(
      ex,
      sql`select distinct on (cadre_id) id, cadre_id, quarter, zone, deviations
          from quadrant_placements order by cadre_id, quarter desc`,
    );
    const out: EvidenceSignal[] = [];
    for (const f of found) {
      const ref: EvidenceRef = {
        type: 'quadrant_placement',
        id: f.id,
        label: `${quarterLabel(f.quarter)}实绩象限：${ZONE_NAMES[f.zone] ?? f.zone}`,
        link: `/quadrant/cadres/${f.cadre_id}`,
      };
      if (f.zone === 'low')
        out.push({ cadreId: f.cadre_id, kind: 'pressure', text: '实绩象限定位于低效区', evidence: [ref] });
      if (Number(f.deviations) > 0)
        out.push({ cadreId: f.cadre_id, kind: 'study', text: '实绩象限显示政绩观偏差', evidence: [ref] });
    }
    return out;
  },
};

const SOURCES: EvidenceSource[] = [quadrantSource, growthSource, findingsSource, sceneSource];

/** Adds a source (a later module's), replacing one of the same key. */
export function registerEvidenceSource(s: EvidenceSource): void {
  const i = SOURCES.findIndex((x) => x.key === s.key);
  if (i >= 0) SOURCES[i] = s;
  else SOURCES.push(s);
}

/** The evidence sources present in this installation, in order. */
export async function evidenceSources(ex: Executor): Promise<EvidenceSource[]> {
  const out: EvidenceSource[] = [];
  for (const s of SOURCES) if (await s.available(ex)) out.push(s);
  return out;
}

type Answer = ResultOf<(typeof developmentApi)['suggestions']>;

/** Signals grouped per cadre and kind, with each reason's records; cadres with an active plan say so. */
export async function listSuggestions(ctx: Ctx): Promise<Answer> {
  const today = localDay(ctx.clock.now());
  const sources = await evidenceSources(ctx.db);
  const groups = new Map<
    string,
    { cadreId: string; kind: PlanKind; reasons: Answer['items'][number]['reasons'] }
  >();
  for (const s of sources) {
    for (const sig of await s.signals(ctx.db, today)) {
      const key = `${sig.cadreId}:${sig.kind}`;
      const g = groups.get(key) ?? { cadreId: sig.cadreId, kind: sig.kind, reasons: [] };
      g.reasons.push({ source: s.label, text: sig.text, evidence: sig.evidence });
      groups.set(key, g);
    }
  }
  const ids = [...new Set([...groups.values()].map((g) => g.cadreId))];
  const cadres = ids.length
    ? await rows<{
        id: string;
        name: string;
        unit_name: string | null;
        post: string | null;
        plan_id: string | null;
      }>(
        ctx.db,
        sql`select c.id, c.name, u.name as unit_name, c.post,
              (select p.id from development_plans p where p.cadre_id = c.id and p.status = 'active' limit 1) as plan_id
            from org_cadres c left join org_units u on u.id = c.unit_id
            where c.id in (${sql.join(
              ids.map((i) => sql`${i}::uuid`),
              sql`, `,
            )})`,
      )
    : [];
  const byId = new Map(cadres.map((c) => [c.id, c]));
  const items = [...groups.entries()]
    .filter(([, g]) => byId.has(g.cadreId))
    .map(([key, g]) => {
      const c = byId.get(g.cadreId)!;
      return {
        key,
        cadre: { id: c.id, name: c.name, unitName: c.unit_name, post: c.post },
        kind: g.kind,
        reasons: g.reasons,
        activePlanId: c.plan_id,
      };
    })
    .sort(
      (a, b) =>
        Number(!!a.activePlanId) - Number(!!b.activePlanId) ||
        b.reasons.length - a.reasons.length ||
        a.cadre.name.localeCompare(b.cadre.name, 'zh'),
    );
  await recordAudit(ctx, { action: 'development.suggestions.read', objectType: 'development_plan' });
  return { items, sources: sources.map((s) => s.label) };
}
