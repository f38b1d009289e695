import {
  OUTCOME_LABELS,
  PLAN_KIND_LABELS,
  PLAN_STATUS_LABELS,
} from '../../../common/contracts/development.ts';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import {
  DECISION_KIND_LABELS,
  DECISION_STATUS_LABELS,
  ZONE_NAMES,
} from '../../../common/contracts/quadrant.ts';
import { listPlans, myPlans } from '../development/plans.service.ts';
import { cadreGrowth } from '../growth/cadre.service.ts';
import { history } from '../quadrant/placements.service.ts';
import { awards } from '../rewards/board.service.ts';
import { growthQuartersOf, unreleasedQuadrantQuarters } from './profile.repository.ts';
import { dayOf, emptyBody, inYear, pm, r1, row, type SectionBody, type SectionInput } from './sections.ts';

/**
 * The sections of what came of it: 个人贡献与成长, 实绩象限, 人事决定, 一事一奖, 一人一策. The
 * growth and quadrant services apply their own release rules to a cadre reading their own.
 */

/** 个体成长解析 of the year's latest quarter the reader may see, with own contribution by quarter. */
export async function growthSection({ ctx, cadre, year, viewer }: SectionInput): Promise<SectionBody> {
  const quarters = await growthQuartersOf(ctx.db, year);
  const pick = viewer === 'department' ? quarters[0] : quarters.find((q) => q.released);
  const later = pick ? quarters.filter((q) => q.quarter > pick.quarter) : quarters;
  const withheld =
    viewer === 'self' && later.length
      ? `${later.map((q) => quarterLabel(q.quarter)).join('、')}的解析尚未发布`
      : null;
  if (!pick) return { ...emptyBody(), link: `/growth/cadres/${cadre.id}`, withheld };
  const g = await cadreGrowth(ctx, cadre.id, pick.quarter);
  const link = `/growth/cadres/${cadre.id}?quarter=${pick.quarter}`;
  const slope = g.growth.slope;
  return {
    ...emptyBody(),
    summary:
      g.composite === null
        ? `${quarterLabel(pick.quarter)}：${g.unidentifiedReason ?? '尚无本人贡献估计'}`
        : `${quarterLabel(pick.quarter)}：综合本人贡献 ${pm(g.composite, g.compositeSe)}` +
          (slope === null ? '' : `，成长速度每季度 ${slope > 0 ? '+' : ''}${r1(slope)}`) +
          (g.growth.percentile === null ? '' : `，同类干部中第 ${Math.round(g.growth.percentile)} 百分位`),
    link,
    withheld,
    rows: [
      ...g.parts.map((p, i) =>
        row({
          title: p.label,
          detail: g.sentences[i] ?? null,
          figure: p.own === null ? '无法区分' : `本人贡献 ${pm(p.own, p.ownSe)}`,
          link,
          tone: p.own === null ? null : p.own >= 0 ? 'good' : 'warn',
        }),
      ),
      ...(g.outstanding && g.outstanding.status === 'confirmed'
        ? [
            row({
              title: `${g.outstanding.year} 年脱颖而出`,
              figure: '已确认',
              link: '/growth/outstanding',
              tone: 'good',
            }),
          ]
        : []),
    ],
    series: g.growth.quarters.length
      ? [
          {
            name: '本人贡献',
            points: g.growth.quarters.map((q) => ({
              x: quarterLabel(q.quarter),
              y: Math.round(q.own * 100) / 100,
              link: `/growth/cadres/${cadre.id}?quarter=${q.quarter}`,
            })),
          },
        ]
      : [],
  };
}

/** 实绩象限 history: the year's placements, and both axes over every quarter the reader may see. */
export async function quadrantSection({ ctx, cadre, year, viewer }: SectionInput): Promise<SectionBody> {
  const h = await history(ctx, cadre.id);
  const link = (placementId: string) => `/quadrant/cadres/${cadre.id}?placement=${placementId}`;
  const ofYear = h.quarters.filter((q) => q.quarter.startsWith(`${year}Q`));
  const last = ofYear.at(-1);
  const unreleased = viewer === 'self' ? await unreleasedQuadrantQuarters(ctx.db, cadre.id, year) : 0;
  return {
    ...emptyBody(),
    summary: last ? `${quarterLabel(last.quarter)}最可能处于${ZONE_NAMES[last.zone]}` : null,
    link: `/quadrant/cadres/${cadre.id}`,
    withheld: unreleased ? '只显示已发布季度的象限' : null,
    rows: ofYear.map((q) =>
      row({
        title: quarterLabel(q.quarter),
        detail: `实绩贡献 ${pm(q.contribution, q.contributionSe)}；政绩观 ${pm(q.view, q.viewSe)}${q.deviations ? `；偏差记录 ${q.deviations} 项` : ''}`,
        figure: `${ZONE_NAMES[q.zone]}（${Math.round(q.probabilities[q.zone] * 100)}%）`,
        link: link(q.placementId),
        tone: q.zone === 'high' ? 'good' : q.zone === 'low' ? 'bad' : 'warn',
      }),
    ),
    series: h.quarters.length
      ? (['contribution', 'view'] as const).map((axis) => ({
          name: axis === 'contribution' ? '实绩贡献' : '政绩观',
          points: h.quarters.map((q) => ({
            x: quarterLabel(q.quarter),
            y: Math.round(q[axis] * 100) / 100,
            link: link(q.placementId),
          })),
        }))
      : [],
  };
}

/** 季度微调 personnel decisions about the cadre (a cadre sees only effective ones). */
export async function decisionsSection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const h = await history(ctx, cadre.id);
  const ofYear = h.decisions.filter(
    (d) => d.quarter.startsWith(`${year}Q`) || d.effectiveOn?.startsWith(`${year}`),
  );
  return {
    ...emptyBody(),
    summary: ofYear.length ? `${year} 年人事决定 ${ofYear.length} 项` : null,
    link: `/quadrant/cadres/${cadre.id}`,
    rows: ofYear.map((d) =>
      row({
        title: DECISION_KIND_LABELS[d.kind],
        detail: `${quarterLabel(d.quarter)}${d.docNo ? ` · 任免文号 ${d.docNo}` : ''}`,
        figure: DECISION_STATUS_LABELS[d.status],
        date: d.effectiveOn,
        link: `/quadrant/decisions/${d.id}`,
      }),
    ),
  };
}

/** 一事一奖 awards of the year naming the cadre. */
export async function rewardsSection({ ctx, cadre, year }: SectionInput): Promise<SectionBody> {
  const list = (await awards(ctx, { page: 1, pageSize: 200, cadreId: cadre.id })).items.filter((a) =>
    inYear(a.awardedAt, year),
  );
  return {
    ...emptyBody(),
    summary: list.length ? `${year} 年获一事一奖 ${list.length} 次` : null,
    link: '/rewards/awards',
    rows: list.map((a) =>
      row({
        title: a.kindName + (a.collective && a.collectiveName ? `（${a.collectiveName}）` : ''),
        detail: a.deed,
        figure: a.bonus === null ? '已兑现' : `奖金 ${Number(a.bonus)} 元`,
        date: dayOf(a.awardedAt),
        link: `/rewards/applications/${a.id}`,
        tone: 'good',
      }),
    ),
  };
}

/** 一人一策 plans running in the year: the department's list, or the cadre's own. */
export async function developmentSection({ ctx, cadre, year, viewer }: SectionInput): Promise<SectionBody> {
  const plans =
    viewer === 'department'
      ? (await listPlans(ctx, { page: 1, pageSize: 200, cadreId: cadre.id })).items
      : (await myPlans(ctx)).items.filter((p) => p.cadre.id === cadre.id);
  const ofYear = plans.filter((p) => p.startsOn <= `${year}-12-31` && p.endsOn >= `${year}-01-01`);
  return {
    ...emptyBody(),
    summary: ofYear.length ? `${year} 年培养计划 ${ofYear.length} 项` : null,
    link: viewer === 'department' ? '/development/plans' : '/development/mine',
    rows: ofYear.map((p) =>
      row({
        title: `${PLAN_KIND_LABELS[p.kind]}：${p.title}`,
        detail: `节点达成 ${p.milestones.met}/${p.milestones.total}${p.milestones.overdue ? `，逾期 ${p.milestones.overdue}` : ''}${p.mentorName ? ` · 导师 ${p.mentorName}` : ''}`,
        figure: p.outcome ? OUTCOME_LABELS[p.outcome] : PLAN_STATUS_LABELS[p.status],
        date: `${p.startsOn} 至 ${p.endsOn}`,
        link: `/development/plans/${p.id}`,
        tone: p.milestones.missed || p.milestones.overdue ? 'warn' : null,
      }),
    ),
  };
}
