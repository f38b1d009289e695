import { latestReport } from '../../../analytics/delivery.ts';
import {
  FINDING_STATUS_LABELS,
  ITEM_KIND_LABELS,
  LIST_STATUS_LABELS,
  RECTIFICATION_STATUS_LABELS,
  VERDICT_LABELS,
} from '../../../common/contracts/delivery.ts';
import { ALERT_STATUS_LABELS } from '../../../common/contracts/economy.ts';
import { EFFECT_LABELS, TASK_ROLE_LABELS, TASK_STATUS_LABELS } from '../../../common/contracts/keywork.ts';
import { SCENE_KIND_LABELS, type SceneKind } from '../../../common/contracts/scene.ts';
import type { Tx } from '../../db/client.ts';
import { localDay } from '../../lib/time.ts';
import { listFindings, rectificationBoard } from '../delivery/findings.service.ts';
import { getList } from '../delivery/lists.service.ts';
import { alertRows } from '../economy/alerts.service.ts';
import { kpiValueRows } from '../economy/kpis.service.ts';
import { cadreChain } from '../keywork/inspections.service.ts';
import { profileOf } from '../opinion/results.service.ts';
import { listAppointments } from '../org/cadres.service.ts';
import { type Responsibility, responsibilitiesAt } from '../org/division.service.ts';
import { myObservations } from '../scene/scene.service.ts';
import { sceneObservationsOf } from './profile.repository.ts';
import {
  dayOf,
  emptyBody,
  inYear,
  kpiPeriod,
  r1,
  row,
  type SectionBody,
  type SectionInput,
} from './sections.ts';

/**
 * The sections of what a cadre was responsible for and did: 职责范围, 干事清单, 考察发现与整改,
 * 现场考察, 口碑测评, 经济指标与预警, 重点工作. Each reads its module's own service, so the module's
 * scope and release rules apply as they do on its own pages.
 */

const round2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/** 职责范围 over the year: the division versions in force at each quarter's start and at year end, and the posts held. */
export async function responsibilitySection({
  ctx,
  cadre,
  year,
  viewer,
}: SectionInput): Promise<SectionBody> {
  const today = localDay(ctx.clock.now());
  const days = ['01-01', '04-01', '07-01', '10-01', '12-31']
    .map((d) => `${year}-${d}`)
    .filter((d) => d <= today);
  const seen = new Map<string, Responsibility>();
  for (const day of days)
    for (const r of await responsibilitiesAt(ctx.db as unknown as Tx, cadre.id, day))
      seen.set(r.divisionId, r);
  const posts = (await listAppointments(ctx, cadre.id)).filter(
    (a) => a.startsOn <= `${year}-12-31` && (!a.endsOn || a.endsOn >= `${year}-01-01`),
  );
  const unitLink = (unitId: string | null) =>
    viewer === 'department' ? (unitId ? `/org/units/${unitId}` : null) : '/me';
  const divisions = [...seen.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return {
    ...emptyBody(),
    summary: `${year} 年任职 ${posts.length} 项，所在班子分工版本 ${divisions.length} 个`,
    link: viewer === 'department' ? `/org/cadres/${cadre.id}` : '/me',
    rows: [
      ...posts.map((a) =>
        row({
          title: `${a.kindLabel}：${a.unitName ?? ''} ${a.post ?? ''}`.trim(),
          detail: a.docNo ? `文号 ${a.docNo}` : null,
          date: a.endsOn ? `${a.startsOn} 至 ${a.endsOn}` : `${a.startsOn} 起`,
          link: viewer === 'department' ? `/org/cadres/${cadre.id}` : '/me',
        }),
      ),
      ...divisions.map((d) =>
        row({
          title: `${d.unitName} 班子分工第 ${d.version} 版`,
          detail: [d.duties, d.scopes.map((s) => s.label + (s.lead ? '（主要负责）' : '')).join('、')]
            .filter(Boolean)
            .join('；'),
          date: d.effectiveTo ? `${d.effectiveFrom} 至 ${d.effectiveTo}` : `${d.effectiveFrom} 起`,
          link: unitLink(d.unitId),
        }),
      ),
    ],
  };
}

/** 年度干事清单 with each item's latest cumulative progress and the weighted completion by month. */
export async function tasksSection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const d = await getList(ctx, cadre.id, year);
  const link = `/delivery/lists/${cadre.id}/${year}`;
  const items = d.items.filter((i) => !i.withdrawnAt);
  const lastMonth = d.completion.reported.findLastIndex((v) => v !== null);
  const summary = d.list
    ? `清单${LIST_STATUS_LABELS[d.list.status as keyof typeof LIST_STATUS_LABELS] ?? ''}，共 ${items.length} 项` +
      (lastMonth >= 0
        ? `；截至 ${lastMonth + 1} 月加权完成 ${d.completion.reported[lastMonth]}%（计划 ${d.completion.planned[lastMonth]}%）`
        : '；尚无月度交付')
    : `${year} 年度尚未制定干事清单`;
  return {
    ...emptyBody(),
    summary,
    link,
    rows: items.map((i) => {
      const last = latestReport(i.reports);
      const gap = i.gap === null ? null : Math.round(i.gap * 100);
      return row({
        title: `${i.seq}. ${i.title}`,
        detail: `${ITEM_KIND_LABELS[i.kind]} · 权重 ${i.weight}${i.inScope ? '' : ' · 超出分工'}`,
        figure: last
          ? `${last.month} 月累计 ${last.progress}${i.measureUnit ?? ''}${gap === null ? '' : `，差距 ${gap}%`}`
          : '尚未报送',
        date: last ? dayOf(last.submittedAt) : null,
        link,
        tone: gap === null ? null : gap > 20 ? 'bad' : gap > 0 ? 'warn' : 'good',
      });
    }),
    series: d.list
      ? [
          {
            name: '计划完成',
            points: d.completion.planned.map((y, m) => ({ x: `${m + 1}月`, y, link })),
          },
          {
            name: '实际完成',
            points: d.completion.reported.map((y, m) => ({ x: `${m + 1}月`, y, link })),
          },
        ]
      : [],
  };
}

/** 对账考察 findings of the year and their rectification orders. */
export async function findingsSection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const findings = (await listFindings(ctx, { cadreId: cadre.id })).filter((f) => inYear(f.createdAt, year));
  const orders = (await rectificationBoard(ctx, { cadreId: cadre.id, page: 1, pageSize: 200 })).items.filter(
    (o) => inYear(o.createdAt, year),
  );
  const final = findings.filter((f) => f.status === 'final').length;
  const closed = orders.filter((o) => o.status === 'closed').length;
  const overdue = orders.filter((o) => o.overdue).length;
  return {
    ...emptyBody(),
    summary: `考察发现 ${findings.length} 条（已认定 ${final} 条），整改单 ${orders.length} 张（已销号 ${closed} 张，逾期 ${overdue} 张）`,
    link: '/delivery/findings',
    rows: [
      ...findings.map((f) =>
        row({
          title: `考察发现：${VERDICT_LABELS[f.kind]}`,
          detail: f.description,
          figure: FINDING_STATUS_LABELS[f.status],
          date: dayOf(f.createdAt),
          link: `/delivery/findings/${f.id}`,
          tone: f.status === 'final' ? 'bad' : f.status === 'withdrawn' ? 'good' : 'warn',
        }),
      ),
      ...orders.map((o) =>
        row({
          title: '整改单',
          detail: o.requirement,
          figure: RECTIFICATION_STATUS_LABELS[o.status] + (o.overdue ? '（逾期）' : ''),
          date: `限期 ${o.deadline}`,
          link: `/delivery/rectifications/${o.id}`,
          tone: o.status === 'closed' ? 'good' : o.overdue ? 'bad' : 'warn',
        }),
      ),
    ],
  };
}

const avgRating = (ratings: Record<string, number> | null) =>
  mean(Object.values(ratings ?? {}).filter((x): x is number => typeof x === 'number'));

/** 现场考察: the department sees every observation; the cadre only those a leader released. */
export async function sceneSection({ ctx, cadre, year, viewer }: SectionInput): Promise<SectionBody> {
  if (viewer === 'self') {
    const mine = (await myObservations(ctx)).items.filter((o) => inYear(o.startsOn, year));
    const shown = mine.filter((o) => o.pending === null);
    const avg = (r: Record<string, number> | null) => avgRating(r);
    return {
      ...emptyBody(),
      summary: `${year} 年现场考察 ${mine.length} 次，已向本人公开 ${shown.length} 次`,
      link: '/scene/mine',
      withheld: mine.length > shown.length ? `${mine.length - shown.length} 条考察记录尚未向本人公开` : null,
      rows: shown.map((o) => {
        const a = avg(o.ratings);
        return row({
          title: o.activityTitle,
          detail: SCENE_KIND_LABELS[o.kind],
          figure: a === null ? null : `平均 ${r1(a)} / 5`,
          date: o.startsOn,
          link: '/scene/mine',
        });
      }),
    };
  }
  const list = await sceneObservationsOf(ctx.db, cadre.id, year);
  const confirmed = list.filter((o) => o.nominated === 'confirmed').length;
  return {
    ...emptyBody(),
    summary: `${year} 年现场考察 ${list.length} 次，确认担当作为突出 ${confirmed} 次`,
    link: '/scene/activities',
    rows: list.map((o) => {
      const a = avgRating(o.ratings);
      return row({
        title: o.title,
        detail:
          SCENE_KIND_LABELS[o.kind as SceneKind] +
          (o.nominated === 'confirmed' ? ' · 担当作为突出' : '') +
          (o.released ? '' : ' · 未向本人公开'),
        figure: a === null ? null : `平均 ${r1(a)} / 5`,
        date: o.starts_on,
        link: `/scene/activities/${o.activity_id}`,
        tone: o.nominated === 'confirmed' ? 'good' : a !== null && a < 3 ? 'warn' : null,
      });
    }),
  };
}

/** 口碑测评: the closed rounds' frozen figures (small groups already withheld by module opinion). */
export async function opinionSection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const p = await profileOf(ctx, cadre.id);
  const link = (campaignId: string) => `/opinion/campaigns/${campaignId}/cadres/${cadre.id}`;
  const rounds = p.rounds.filter((r) => r.campaign.year === year);
  return {
    ...emptyBody(),
    summary: rounds.length
      ? `${year} 年测评 ${rounds.length} 轮，最近一轮综合得分 ${rounds.at(-1)!.result.overall ?? '—'}`
      : null,
    link: `/opinion/profiles/${cadre.id}`,
    rows: rounds.map((r) =>
      row({
        title: r.campaign.title,
        detail: `计入 ${r.result.ballotsShown} 票${r.change?.overall == null ? '' : `，较上轮 ${r.change.overall > 0 ? '+' : ''}${r.change.overall}`}`,
        figure: r.result.overall === null ? '票数不足，不出分' : `综合 ${r.result.overall}`,
        date: dayOf(r.campaign.closedAt),
        link: link(r.campaign.id),
        tone: r.change?.overall == null ? null : r.change.overall < 0 ? 'warn' : 'good',
      }),
    ),
    series: p.rounds.length
      ? [
          {
            name: '综合得分',
            points: p.rounds.map((r) => ({
              x: `${r.campaign.year}年第${r.campaign.round}轮`,
              y: r.result.overall,
              link: link(r.campaign.id),
            })),
          },
        ]
      : [],
  };
}

/** 差异化评价 KPIs for the year and the alerts naming the cadre. */
export async function economySection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const period = kpiPeriod(year, localDay(ctx.clock.now()));
  const kpis = await kpiValueRows(ctx, { period, cadreId: cadre.id });
  const alerts = (await alertRows(ctx, {})).filter(
    (a) =>
      a.cadres.some((c) => c.id === cadre.id) &&
      (a.periodFrom.startsWith(`${year}`) || a.periodTo.startsWith(`${year}`)),
  );
  const met = kpis.filter((k) => k.met === true).length;
  return {
    ...emptyBody(),
    summary: `角色指标按 ${period} 计算 ${kpis.length} 项（达标 ${met} 项）；${year} 年涉及预警 ${alerts.length} 条`,
    link: '/economy/kpis',
    rows: [
      ...kpis.map((k) =>
        row({
          title: k.kpiName,
          detail: `${k.scopeName} · 权重 ${k.weight}`,
          figure:
            k.value === null
              ? (k.missing ?? '无数据')
              : `${round2(k.value)}${k.unit} / 目标 ${round2(k.target)}${k.unit}`,
          link: '/economy/kpis',
          tone: k.met === null ? null : k.met ? 'good' : 'bad',
        }),
      ),
      ...alerts.map((a) =>
        row({
          title: `预警：${a.title}`,
          detail: a.summary,
          figure: ALERT_STATUS_LABELS[a.status],
          date: dayOf(a.createdAt),
          link: `/economy/alerts/${a.id}`,
          tone: 'warn',
        }),
      ),
    ],
  };
}

/** 重点工作: the key tasks the cadre answers for, their milestones, and inspection findings of the year. */
export async function keyworkSection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const chain = await cadreChain(ctx, cadre.id);
  const findings = chain.tasks.flatMap((t) => t.findings.map((f) => ({ ...f, taskTitle: t.title })));
  const ofYear = findings.filter((f) => inYear(f.createdAt, year));
  return {
    ...emptyBody(),
    summary: `承担重点任务 ${chain.tasks.length} 项；${year} 年定向考察认定推动 ${ofYear.filter((f) => f.effect === 'moved').length} 次、拖延 ${ofYear.filter((f) => f.effect === 'held_up').length} 次`,
    link: `/keywork/cadres/${cadre.id}`,
    rows: [
      ...chain.tasks.map((t) => {
        const done = t.milestones.filter((m) => m.doneOn).length;
        return row({
          title: t.title,
          detail: `${t.role ? TASK_ROLE_LABELS[t.role] : '考察涉及'} · 牵头 ${t.leadUnitName}${t.milestones.length ? ` · 负责节点完成 ${done}/${t.milestones.length}` : ''}`,
          figure: TASK_STATUS_LABELS[t.status],
          date: t.dueOn ? `期限 ${t.dueOn}` : null,
          link: `/keywork/tasks/${t.id}`,
        });
      }),
      ...ofYear.map((f) =>
        row({
          title: `定向考察：${f.taskTitle}`,
          detail: f.cause,
          figure: EFFECT_LABELS[f.effect],
          date: dayOf(f.createdAt),
          link: `/keywork/inspections/${f.inspectionId}`,
          tone: f.effect === 'held_up' ? 'bad' : f.effect === 'moved' ? 'good' : null,
        }),
      ),
    ],
  };
}
