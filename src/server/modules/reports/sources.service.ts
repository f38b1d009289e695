import { sql } from 'drizzle-orm';
import { VERDICT_LABELS, type Verdict } from '../../../common/contracts/delivery.ts';
import { PLAN_KIND_LABELS, type PlanKind } from '../../../common/contracts/development.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import {
  EFFECT_LABELS,
  PROBLEM_TAG_LABELS,
  type ProblemTag,
  TASK_ROLE_LABELS,
} from '../../../common/contracts/keywork.ts';
import { ZONE_NAMES, type ZoneKey } from '../../../common/contracts/quadrant.ts';
import {
  SECTION_KEYS,
  type Section,
  type SectionKey,
  type SourceRef,
  type Statement,
} from '../../../common/contracts/reports.ts';
import { FOLLOWED_RULES_LABELS, SCENE_KIND_LABELS, type SceneKind } from '../../../common/contracts/scene.ts';
import { type Executor, rows } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { openSealed } from '../../lib/seal.ts';
import { kpiValueRows } from '../economy/kpis.service.ts';

/**
 * The draft of a 考察材料 from the records of a period: each source reads one module's tables for
 * the cadre and says what they show as statements under 德、能、勤、绩、廉 or 主要不足, each statement
 * with the records behind it. Nothing is said that a record does not show; a section without
 * records says so and asks the officers to complete it from the talks and letters.
 */

export interface Drafted {
  section: SectionKey;
  text: string;
  sources: SourceRef[];
}
interface Window {
  cadreId: string;
  from: string;
  to: string;
}
type Source = (ctx: Ctx, w: Window) => Promise<Drafted[]>;

/** The table of each kind of source record: a link resolves when its row exists. */
export const SOURCE_TABLES: Record<string, string> = {
  delivery_check: 'delivery_checks',
  delivery_finding: 'delivery_findings',
  delivery_report: 'delivery_reports',
  scene_observation: 'scene_observations',
  scene_nomination: 'scene_nominations',
  opinion_profile: 'opinion_profiles',
  economy_kpi: 'economy_kpis',
  economy_alert: 'economy_alerts',
  economy_interview: 'economy_interviews',
  keywork_task: 'keywork_tasks',
  keywork_finding: 'keywork_findings',
  growth_result: 'growth_results',
  growth_outstanding: 'growth_outstanding',
  quadrant_placement: 'quadrant_placements',
  rewards_application: 'rewards_applications',
  development_plan: 'development_plans',
};

const MAX_REFS = 12;
const r1 = (x: number) => Math.round(x * 10) / 10;
const inPeriod = (col: string) => sql.raw(`(${col} at time zone 'Asia/Shanghai')::date`);
const quarterOf = (day: string) => `${day.slice(0, 4)}Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
const quote = (s: string) => `「${s}」`;
const few = (xs: string[], n = 3) => xs.slice(0, n).map(quote).join('、') + (xs.length > n ? ' 等' : '');

/** 走进一线看实绩: monthly delivery, checks of started visits, findings that stand. */
const delivery: Source = async (ctx, w) => {
  const out: Drafted[] = [];
  const reports = await rows<{ id: string; late: boolean; title: string; year: number; month: number }>(
    ctx.db,
    sql`select r.id, r.late, i.title, r.year, r.month from delivery_reports r
        join delivery_items i on i.id = r.item_id join delivery_lists l on l.id = i.list_id
        where l.cadre_id = ${w.cadreId}
          and make_date(r.year, r.month, 1) between date_trunc('month', ${w.from}::date) and ${w.to}::date
        order by r.year, r.month`,
  );
  if (reports.length) {
    const late = reports.filter((r) => r.late).length;
    out.push({
      section: 'qin',
      text: `考察期内按月报送履职交付 ${reports.length} 项次${late ? `，其中逾期报送 ${late} 项次` : '，均按时报送'}。`,
      // The late ones first: they are what the sentence singles out.
      sources: [...reports.filter((r) => r.late), ...reports.filter((r) => !r.late)].slice(0, 6).map((r) => ({
        type: 'delivery_report',
        id: r.id,
        label: `${r.year}年${r.month}月履职交付：${r.title}`,
        link: `/delivery/lists/${w.cadreId}/${r.year}`,
      })),
    });
  }
  const checks = await rows<{ id: string; verdict: Verdict; title: string; plan_id: string; plan: string }>(
    ctx.db,
    sql`select k.id, k.verdict, i.title, p.id as plan_id, p.title as plan from delivery_checks k
        join delivery_plans p on p.id = k.plan_id and p.status <> 'secret'
        join delivery_items i on i.id = k.item_id
        where k.cadre_id = ${w.cadreId} and ${inPeriod('k.checked_at')} between ${w.from}::date and ${w.to}::date
        order by k.checked_at`,
  );
  const ref = (c: (typeof checks)[number]): SourceRef => ({
    type: 'delivery_check',
    id: c.id,
    label: `对账考察「${c.plan}」核验：${c.title}（${VERDICT_LABELS[c.verdict] ?? c.verdict}）`,
    link: `/delivery/plans/${c.plan_id}`,
  });
  const held = checks.filter((c) => c.verdict === 'true');
  if (held.length)
    out.push({
      section: 'ji',
      text: `对账考察现场核验履职清单 ${checks.length} 项，其中 ${held.length} 项核验属实，包括${few(held.map((c) => c.title))}。`,
      sources: held.slice(0, MAX_REFS).map(ref),
    });
  if (checks.length && !checks.some((c) => c.verdict === 'false_report'))
    out.push({
      section: 'lian',
      text: `对账考察核验的 ${checks.length} 项履职事项中，未发现虚报、瞒报等“数字政绩”问题。`,
      sources: checks.slice(0, MAX_REFS).map(ref),
    });
  const findings = await rows<{ id: string; kind: Verdict; description: string; status: string }>(
    ctx.db,
    sql`select f.id, f.kind, f.description, f.status from delivery_findings f
        where f.cadre_id = ${w.cadreId} and f.status in ('final', 'appealed')
          and ${inPeriod('f.created_at')} between ${w.from}::date and ${w.to}::date
        order by f.created_at`,
  );
  for (const f of findings)
    out.push({
      section: 'shortfall',
      text: `对账考察发现${VERDICT_LABELS[f.kind] ?? f.kind}问题：${openSealed(f.description, 'delivery_findings.description')}${f.status === 'appealed' ? '（申诉中）' : ''}。`,
      sources: [
        {
          type: 'delivery_finding',
          id: f.id,
          label: `考察发现（${VERDICT_LABELS[f.kind] ?? f.kind}）`,
          link: `/delivery/findings/${f.id}`,
        },
      ],
    });
  return out;
};

/** 走进现场察担当: observations (meetings speak of 德, the rest of 能) and confirmed nominations. */
const scene: Source = async (ctx, w) => {
  const out: Drafted[] = [];
  const obs = await rows<{
    id: string;
    activity_id: string;
    kind: SceneKind;
    title: string;
    ratings: Record<string, unknown> | null;
    stance: string | null;
    followed_rules: keyof typeof FOLLOWED_RULES_LABELS | null;
  }>(
    ctx.db,
    sql`select o.id, a.id as activity_id, a.kind, a.title, o.ratings, o.stance, o.followed_rules
        from scene_observations o join scene_activities a on a.id = o.activity_id
        where o.cadre_id = ${w.cadreId} and a.starts_on between ${w.from}::date and ${w.to}::date
        order by a.starts_on`,
  );
  for (const o of obs) {
    const ref: SourceRef = {
      type: 'scene_observation',
      id: o.id,
      label: `${SCENE_KIND_LABELS[o.kind] ?? o.kind}：${o.title}`,
      link: `/scene/activities/${o.activity_id}`,
    };
    const v = Object.values(o.ratings ?? {}).filter((x): x is number => typeof x === 'number');
    const mean = v.length ? r1(v.reduce((s, x) => s + x, 0) / v.length) : null;
    if (o.kind === 'meeting') {
      const parts = [
        o.stance ? `表态：${o.stance}` : null,
        o.followed_rules ? FOLLOWED_RULES_LABELS[o.followed_rules] : null,
        mean !== null ? `现场评分均值 ${mean}（满分 5）` : null,
      ].filter(Boolean);
      if (parts.length)
        out.push({
          section: o.followed_rules === 'no' ? 'shortfall' : 'de',
          text: `组织部门列席${quote(o.title)}，${parts.join('，')}。`,
          sources: [ref],
        });
    } else if (mean !== null) {
      out.push({
        section: mean <= 2.5 ? 'shortfall' : 'neng',
        text: `在${SCENE_KIND_LABELS[o.kind] ?? ''}${quote(o.title)}中，现场评分均值 ${mean}（满分 5）${mean <= 2.5 ? '，处理复杂问题能力偏弱' : ''}。`,
        sources: [ref],
      });
    }
  }
  const noms = await rows<{ id: string; activity_id: string; title: string; reason: string }>(
    ctx.db,
    sql`select n.id, a.id as activity_id, a.title, n.reason from scene_nominations n
        join scene_activities a on a.id = n.activity_id
        where n.cadre_id = ${w.cadreId} and n.status = 'confirmed'
          and ${inPeriod('n.decided_at')} between ${w.from}::date and ${w.to}::date`,
  );
  for (const n of noms)
    out.push({
      section: 'qin',
      text: `在${quote(n.title)}中经组织部领导确认为担当作为突出：${n.reason}。`,
      sources: [
        {
          type: 'scene_nomination',
          id: n.id,
          label: `担当作为突出：${n.title}`,
          link: `/scene/activities/${n.activity_id}`,
        },
      ],
    });
  return out;
};

/** 走进群众听民意: the frozen profiles of rounds closed in the period (figures of whole blocks only). */
const opinion: Source = async (ctx, w) => {
  const found = await rows<{ id: string; title: string; overall: string | null; ballots: number }>(
    ctx.db,
    sql`select p.id, c.title, p.overall, p.ballots from opinion_profiles p
        join opinion_campaigns c on c.id = p.campaign_id
        where p.cadre_id = ${w.cadreId} and c.status = 'closed' and p.shown
          and ${inPeriod('c.closed_at')} between ${w.from}::date and ${w.to}::date
        order by c.closed_at`,
  );
  return found
    .filter((p) => p.overall !== null)
    .map((p) => ({
      section: 'de' as const,
      text: `在${quote(p.title)}中，上级、同级、下级和群众（服务对象）综合评价得分 ${r1(Number(p.overall))}（有效评价 ${p.ballots} 份）。`,
      sources: [
        {
          type: 'opinion_profile',
          id: p.id,
          label: `口碑档案：${p.title}`,
          link: `/opinion/profiles/${w.cadreId}`,
        },
      ],
    }));
};

/** 与经济运行同步诊断: the role KPIs of the period's year; alerts and interviews naming the cadre. */
const economy: Source = async (ctx, w) => {
  const out: Drafted[] = [];
  const year = w.to.slice(0, 4);
  // The KPI service computes per cadre when asked for one (the query type does not name it).
  const query = { period: year, page: 1, pageSize: 200, cadreId: w.cadreId };
  const kpis = await kpiValueRows(ctx, query);
  for (const k of kpis.filter((x) => x.cadreId === w.cadreId && x.value !== null)) {
    const [row] = await rows<{ id: string }>(
      ctx.db,
      sql`select id from economy_kpis where key = ${k.kpiKey} and version = ${k.kpiVersion}`,
    );
    if (!row) continue;
    out.push({
      section: k.met === false ? 'shortfall' : 'ji',
      text: `${year}年差异化评价指标${quote(k.kpiName)}（${k.scopeName}）为 ${r1(k.value!)}${k.unit}，目标 ${k.target}${k.unit}，${k.met ? '已达成' : '未达成'}。`,
      sources: [
        {
          type: 'economy_kpi',
          id: row.id,
          label: `${k.kpiName}（第 ${k.kpiVersion} 版）`,
          link: `/economy/kpis?cadreId=${w.cadreId}&period=${year}`,
        },
      ],
    });
  }
  const alerts = await rows<{ id: string; title: string; summary: string; status: string }>(
    ctx.db,
    sql`select a.id, a.title, a.summary, a.status from economy_alerts a
        join economy_alert_cadres x on x.alert_id = a.id
        where x.cadre_id = ${w.cadreId} and a.status = 'escalated'
          and ${inPeriod('a.created_at')} between ${w.from}::date and ${w.to}::date`,
  );
  for (const a of alerts)
    out.push({
      section: 'shortfall',
      text: `经济运行预警${quote(a.title)}经研判认定：${a.summary}。`,
      sources: [
        {
          type: 'economy_alert',
          id: a.id,
          label: `经济运行预警：${a.title}`,
          link: `/economy/alerts/${a.id}`,
        },
      ],
    });
  const talks = await rows<{ id: string; issue: string; on: string; alert_id: string }>(
    ctx.db,
    sql`select id, issue, interviewed_on::text as on, alert_id from economy_interviews
        where cadre_id = ${w.cadreId} and interviewed_on between ${w.from}::date and ${w.to}::date`,
  );
  for (const t of talks)
    out.push({
      section: 'shortfall',
      text: `${t.on} 因${openSealed(t.issue, 'economy_interviews.issue')}被约谈。`,
      sources: [
        {
          type: 'economy_interview',
          id: t.id,
          label: `约谈记录（${t.on}）`,
          link: `/economy/alerts/${t.alert_id}`,
        },
      ],
    });
  return out;
};

/** 与重点工作同步评估: key tasks carried, and the inspection findings about the cadre. */
const keywork: Source = async (ctx, w) => {
  const out: Drafted[] = [];
  const tasks = await rows<{ id: string; title: string; role: keyof typeof TASK_ROLE_LABELS }>(
    ctx.db,
    sql`select distinct t.id, t.title, x.role from keywork_task_cadres x join keywork_tasks t on t.id = x.task_id
        where x.cadre_id = ${w.cadreId} and t.starts_on <= ${w.to}::date
          and (t.due_on is null or t.due_on >= ${w.from}::date)`,
  );
  if (tasks.length)
    out.push({
      section: 'qin',
      text: `考察期内承担重点任务 ${tasks.length} 项：${tasks.map((t) => `${quote(t.title)}（${TASK_ROLE_LABELS[t.role] ?? t.role}）`).join('、')}。`,
      sources: tasks.slice(0, MAX_REFS).map((t) => ({
        type: 'keywork_task',
        id: t.id,
        label: `重点任务：${t.title}`,
        link: `/keywork/tasks/${t.id}`,
      })),
    });
  const findings = await rows<{
    id: string;
    inspection_id: string;
    effect: keyof typeof EFFECT_LABELS;
    cause: string | null;
    tags: string[] | null;
    title: string;
  }>(
    ctx.db,
    sql`select f.id, f.inspection_id, f.effect, f.cause, f.tags, t.title from keywork_findings f
        join keywork_inspections i on i.id = f.inspection_id join keywork_tasks t on t.id = i.task_id
        where f.cadre_id = ${w.cadreId} and i.concluded_at is not null and ${inPeriod('f.created_at')} between ${w.from}::date and ${w.to}::date`,
  );
  for (const f of findings) {
    if (f.effect === 'neutral') continue;
    const names = (f.tags ?? []).map((x) => PROBLEM_TAG_LABELS[x as ProblemTag] ?? x);
    const tags = names.length ? `（${names.join('、')}）` : '';
    out.push({
      section: f.effect === 'held_up' ? 'shortfall' : 'ji',
      text: `重点任务${quote(f.title)}定向考察认定其${EFFECT_LABELS[f.effect]}${tags}${f.cause ? `：${openSealed(f.cause, 'keywork_findings.cause')}` : ''}。`,
      sources: [
        {
          type: 'keywork_finding',
          id: f.id,
          label: `定向考察发现：${f.title}`,
          link: `/keywork/inspections/${f.inspection_id}`,
        },
      ],
    });
  }
  return out;
};

/** 与个体成长同步解析: the latest run's own contribution in the period; confirmed 脱颖而出. */
const growth: Source = async (ctx, w) => {
  const out: Drafted[] = [];
  const [res] = await rows<{
    id: string;
    quarter: string;
    composite: string | null;
    composite_se: string | null;
  }>(
    ctx.db,
    sql`select r.id, u.quarter, r.composite, r.composite_se from growth_results r
        join growth_runs u on u.id = r.run_id
        where r.cadre_id = ${w.cadreId} and r.identified and r.composite is not null
          and u.quarter between ${quarterOf(w.from)} and ${quarterOf(w.to)}
        order by u.quarter desc, u.created_at desc limit 1`,
  );
  if (res && res.composite_se !== null) {
    const own = Number(res.composite);
    const se = Number(res.composite_se);
    const low = r1(own - 1.96 * se);
    const high = r1(own + 1.96 * se);
    const below = high < 0;
    out.push({
      section: below ? 'shortfall' : 'neng',
      text: `${quarterLabel(res.quarter)}个体成长解析剔除平台和资源因素后，本人贡献为 ${r1(own)}（95% 区间 ${low} 至 ${high}）${low > 0 ? '，明显高于平均' : below ? '，明显低于平均' : '，与平均水平无明显差别'}。`,
      sources: [
        {
          type: 'growth_result',
          id: res.id,
          label: `${quarterLabel(res.quarter)}个体成长解析`,
          link: `/growth/cadres/${w.cadreId}?quarter=${res.quarter}`,
        },
      ],
    });
  }
  const outstanding = await rows<{ id: string; year: number }>(
    ctx.db,
    sql`select id, year from growth_outstanding where cadre_id = ${w.cadreId} and status = 'confirmed'
        and year between ${Number(w.from.slice(0, 4))} and ${Number(w.to.slice(0, 4))}`,
  );
  for (const o of outstanding)
    out.push({
      section: 'ji',
      text: `${o.year}年在政绩观考察中脱颖而出（经组织部领导确认）。`,
      sources: [
        { type: 'growth_outstanding', id: o.id, label: `${o.year}年脱颖而出`, link: '/growth/outstanding' },
      ],
    });
  return out;
};

/** 实绩象限: the latest placement of the period; a deviation is a shortfall. */
const quadrant: Source = async (ctx, w) => {
  const [p] = await rows<{ id: string; quarter: string; zone: ZoneKey; deviations: number }>(
    ctx.db,
    sql`select id, quarter, zone, deviations from quadrant_placements
        where cadre_id = ${w.cadreId} and quarter between ${quarterOf(w.from)} and ${quarterOf(w.to)}
        order by quarter desc limit 1`,
  );
  if (!p) return [];
  const ref: SourceRef = {
    type: 'quadrant_placement',
    id: p.id,
    label: `${quarterLabel(p.quarter)}实绩象限：${ZONE_NAMES[p.zone] ?? p.zone}`,
    link: `/quadrant/cadres/${w.cadreId}`,
  };
  const out: Drafted[] = [
    {
      section: p.zone === 'low' ? 'shortfall' : 'de',
      text: `${quarterLabel(p.quarter)}实绩象限定位于“${ZONE_NAMES[p.zone] ?? p.zone}”。`,
      sources: [ref],
    },
  ];
  if (Number(p.deviations) > 0)
    out.push({
      section: 'shortfall',
      text: `存在经确认的政绩观偏差记录 ${p.deviations} 条。`,
      sources: [ref],
    });
  return out;
};

/** 一事一奖: awards to the cadre (alone or in a collective). */
const rewards: Source = async (ctx, w) => {
  const found = await rows<{ id: string; deed: string; kind: string | null; collective: string | null }>(
    ctx.db,
    sql`select a.id, a.deed, k.name as kind, a.collective_name as collective from rewards_applications a
        join rewards_application_cadres x on x.application_id = a.id
        left join rewards_kinds k on k.code = a.kind_code
        where x.cadre_id = ${w.cadreId} and a.status = 'awarded'
          and ${inPeriod('a.awarded_at')} between ${w.from}::date and ${w.to}::date`,
  );
  return found.map((a) => ({
    section: 'ji' as const,
    text: `${a.collective ? `作为${quote(a.collective)}成员` : ''}获一事一奖及时奖励${a.kind ? `（${a.kind}）` : ''}：${a.deed}。`,
    sources: [
      {
        type: 'rewards_application',
        id: a.id,
        label: `一事一奖：${a.kind ?? '及时奖励'}`,
        link: `/rewards/applications/${a.id}`,
      },
    ],
  }));
};

/** 一人一策: plans in force in the period (the shortfall they address). */
const development: Source = async (ctx, w) => {
  const found = await rows<{ id: string; kind: PlanKind; title: string; reason: string }>(
    ctx.db,
    sql`select id, kind, title, reason from development_plans
        where cadre_id = ${w.cadreId} and starts_on <= ${w.to}::date and ends_on >= ${w.from}::date`,
  );
  return found.map((p) => ({
    section: 'shortfall' as const,
    text: `${p.reason.replace(/[。；;.]+$/, '')}（已落实一人一策，培养方式：${PLAN_KIND_LABELS[p.kind] ?? p.kind}）。`,
    sources: [
      {
        type: 'development_plan',
        id: p.id,
        label: `一人一策：${p.title}`,
        link: `/development/plans/${p.id}`,
      },
    ],
  }));
};

const SOURCES: Source[] = [
  delivery,
  scene,
  opinion,
  economy,
  keywork,
  growth,
  quadrant,
  rewards,
  development,
];

/** What a section says when the period has no record for it: a request to the officers to fill it in. */
export const DRAFT_PROMPTS: Record<SectionKey, string> = {
  de: '考察期内平台无反映政治品质和道德品行的记录，请考察组根据谈话、民主测评等材料补充。',
  neng: '考察期内平台无反映履职能力的记录，请考察组根据谈话、述职等材料补充。',
  qin: '考察期内平台无反映工作作风的记录，请考察组补充。',
  ji: '考察期内平台无反映工作实绩的记录，请考察组补充。',
  lian: '考察期内平台无反映廉洁自律的记录，请考察组根据廉政意见回复等材料补充。',
  shortfall: '考察期内平台记录未反映明显不足，请考察组根据谈话情况如实补充。',
};

/** The six sections drafted from the records of the cadre in the period. */
export async function draftSections(ctx: Ctx, w: Window): Promise<Section[]> {
  const found: Drafted[] = [];
  for (const s of SOURCES) found.push(...(await s(ctx, w)));
  return SECTION_KEYS.map((key) => {
    const statements: Statement[] = found
      .filter((d) => d.section === key)
      .map(({ text, sources }) => ({ text, sources }));
    return { key, statements: statements.length ? statements : [{ text: DRAFT_PROMPTS[key], sources: [] }] };
  });
}

/** The sections that still hold the draft's request to the officers to fill them in. */
export function unfilledSections(sections: readonly Section[]): SectionKey[] {
  return sections
    .filter((sec) => sec.statements.some((st) => st.text.trim() === DRAFT_PROMPTS[sec.key]))
    .map((sec) => sec.key);
}

/** Whether a source link points at an existing record (unknown kinds never resolve). */
export async function sourceResolves(ex: Executor, ref: SourceRef): Promise<boolean> {
  const table = SOURCE_TABLES[ref.type];
  if (!table || !/^[0-9a-f-]{36}$/i.test(ref.id)) return false;
  const [r] = await rows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${sql.identifier(table)} where id = ${ref.id}::uuid`,
  );
  return (r?.n ?? 0) > 0;
}
