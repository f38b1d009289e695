import { asc, eq, ne } from 'drizzle-orm';
import { addMonths, midDay } from '../../analytics/development.ts';
import {
  type EvidenceRef,
  GUIDANCE_MONTHS,
  OUTCOME_LABELS,
  type Outcome,
  PLAN_KIND_LABELS,
  type PlanKind,
  type PostKind,
  PROGRESS_LABELS,
  type Progress,
} from '../../common/contracts/development.ts';
import type { Tx } from '../db/client.ts';
import {
  developmentGoals,
  developmentMentorScopes,
  developmentMilestones,
  developmentNotes,
  developmentPlans,
  developmentReviews,
  keyworkTasks,
  orgCadres,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { addDays, endOfLocalDay, localDay } from '../lib/time.ts';
import { ensureReviewTodos } from '../modules/development/reminders.service.ts';
import { evidenceSources } from '../modules/development/suggestions.service.ts';
import { addTimelineEvent } from '../modules/org/timeline.service.ts';

/**
 * 一人一策 demo: the article's "已对6名干部落实一人一策" — six plans of the three kinds at different
 * stages: two guidance periods (one with the demo cadre as mentee and the demo mentor), two study
 * plans placed on key projects (one ended 达到预期), two pressure posts (one extended). The cadres
 * come from the evidence sources where those suggest them, so each plan cites real records.
 */

interface Spec {
  kind: PlanKind;
  title: string;
  reason: string;
  /** Months before today that the plan started. */
  startedAgo: number;
  months: number;
  assignments?: string[];
  studyTopic?: string;
  post?: [PostKind, string];
  goals: [string, string][];
  milestones: [string, string, number][];
  outcome?: Outcome;
  extend?: number;
}

const SPECS: Spec[] = [
  {
    kind: 'guidance',
    title: '履职辅导期：复杂矛盾处置',
    reason: '现场考察中处理复杂问题能力偏弱，统筹协调经验不足',
    startedAgo: 4,
    months: GUIDANCE_MONTHS,
    assignments: ['牵头化解一件信访积案', '参与防汛应急值守并担任现场协调', '列席县领导包联企业协调会'],
    goals: [
      ['独立牵头处置复杂事项', '牵头化解的积案件数、群众满意度'],
      ['现场指挥协调能力', '下一次现场考察评分'],
    ],
    milestones: [
      ['化解第一件积案', '≥1 件，当事人签字息诉', 2],
      ['完成防汛值守并复盘', '提交复盘报告 1 份', 3],
      ['化解三件积案', '累计 ≥3 件', 5],
    ],
  },
  {
    kind: 'guidance',
    title: '履职辅导期：基层治理实务',
    reason: '新提任年轻干部，急难险重现场表现不稳定',
    startedAgo: 1,
    months: GUIDANCE_MONTHS,
    assignments: ['跟班处置突发事件两次', '牵头一个村级矛盾调处'],
    goals: [['突发事件处置', '跟班处置次数与带教评价']],
    milestones: [
      ['跟班处置突发事件', '≥2 次', 2],
      ['独立调处村级矛盾', '调处成功 1 件', 5],
    ],
  },
  {
    kind: 'study',
    title: '专题研修：招商引资与项目谋划',
    reason: '考察发现成效不实，项目谋划专业能力不足',
    startedAgo: 5,
    months: 6,
    studyTopic: '招商引资政策与项目包装',
    goals: [
      ['掌握项目谋划方法', '研修结业考核'],
      ['在对口重点工程中独立负责一个环节', '所负责节点按期完成率'],
    ],
    milestones: [
      ['完成专题研修', '结业考核合格', 2],
      ['负责重点工程一个环节', '节点按期完成', 5],
    ],
  },
  {
    kind: 'study',
    title: '专题研修：财政资金绩效管理',
    reason: '干事清单中资金类事项多次进度滞后，专业能力不足',
    startedAgo: 8,
    months: 6,
    studyTopic: '财政资金绩效管理',
    goals: [['资金绩效管理能力', '所管项目资金支出进度']],
    milestones: [
      ['完成专题研修', '结业考核合格', 2],
      ['资金支出进度达标', '≥序时进度', 6],
    ],
    outcome: 'met',
  },
  {
    kind: 'pressure',
    title: '压力岗：扶工助企专班',
    reason: '干事动力不足，本人贡献连续低于同类岗位',
    startedAgo: 2,
    months: 6,
    post: ['enterprise', '扶工助企专班副组长'],
    goals: [['帮扶企业解决实际难题', '解决问题件数、企业评价']],
    milestones: [
      ['走访专班联系企业', '≥20 家', 2],
      ['协调解决企业难题', '≥10 件', 5],
    ],
  },
  {
    kind: 'pressure',
    title: '压力岗：城东片区成片拆改',
    reason: '干事清单多项滞后，攻坚意识不强',
    startedAgo: 7,
    months: 6,
    post: ['demolition', '城东片区成片拆改指挥部副指挥长'],
    goals: [['完成片区签约腾退', '签约率']],
    milestones: [
      ['完成入户调查', '100% 入户', 2],
      ['签约率过半', '≥50%', 4],
      ['签约率达 90%', '≥90%', 6],
    ],
    outcome: 'extended',
    extend: 3,
  },
];

const PROGRESS_CYCLE: Progress[] = ['fair', 'good', 'good', 'behind', 'good', 'good'];

export async function seedDevelopment(
  ctx: Ctx,
  tx: Tx,
  people: { officer: string; leader: string; mentor: string; mentorCadreId: string; cadreId: string },
) {
  const now = ctx.clock.now();
  const today = localDay(now);
  /** The end of a past day, and never later than an hour ago (the demo has no records from the future). */
  const stamp = (day: string) => new Date(Math.min(endOfLocalDay(day).getTime(), now.getTime() - 3_600_000));
  // Cadres the evidence suggests, per kind, with their records.
  const suggested = new Map<PlanKind, { cadreId: string; evidence: EvidenceRef[] }[]>();
  for (const s of await evidenceSources(tx)) {
    for (const sig of await s.signals(tx, today)) {
      const list = suggested.get(sig.kind) ?? [];
      const found = list.find((x) => x.cadreId === sig.cadreId);
      if (found) found.evidence.push(...sig.evidence);
      else list.push({ cadreId: sig.cadreId, evidence: [...sig.evidence] });
      suggested.set(sig.kind, list);
    }
  }
  const used = new Set<string>([people.mentorCadreId]);
  const fallback = await tx
    .select({ id: orgCadres.id })
    .from(orgCadres)
    .where(ne(orgCadres.id, people.mentorCadreId))
    .orderBy(asc(orgCadres.code))
    .limit(60);
  const tasks = await tx
    .select({ id: keyworkTasks.id })
    .from(keyworkTasks)
    .orderBy(asc(keyworkTasks.startsOn))
    .limit(2);
  const pick = (kind: PlanKind, first: boolean) => {
    if (first && kind === 'guidance' && !used.has(people.cadreId)) {
      used.add(people.cadreId);
      const ev = suggested.get('guidance')?.find((x) => x.cadreId === people.cadreId)?.evidence ?? [];
      return { cadreId: people.cadreId, evidence: ev };
    }
    const s = (suggested.get(kind) ?? []).find((x) => !used.has(x.cadreId));
    const c = s ?? { cadreId: fallback.find((f) => !used.has(f.id))!.id, evidence: [] };
    used.add(c.cadreId);
    return c;
  };

  let studies = 0;
  for (const [i, spec] of SPECS.entries()) {
    const who = pick(spec.kind, i === 0);
    const [cadre] = await tx.select().from(orgCadres).where(eq(orgCadres.id, who.cadreId));
    const startsOn = addMonths(today, -spec.startedAgo);
    const firstEnd = addMonths(startsOn, spec.months);
    const ended = spec.outcome && spec.outcome !== 'extended';
    const endsOn = spec.extend ? addMonths(firstEnd, spec.extend) : firstEnd;
    const createdAt = stamp(addDays(startsOn, -3));
    const mentor = spec.kind === 'guidance' ? people.mentorCadreId : null;
    const [plan] = await tx
      .insert(developmentPlans)
      .values({
        cadreId: cadre!.id,
        unitId: cadre!.unitId,
        kind: spec.kind,
        title: spec.title,
        reason: spec.reason,
        startsOn,
        endsOn,
        mentorCadreId: mentor,
        assignments: spec.assignments ?? [],
        studyTopic: spec.studyTopic ?? null,
        keyworkTaskId:
          spec.kind === 'study' ? (tasks[studies++ % Math.max(1, tasks.length)]?.id ?? null) : null,
        postKind: spec.post?.[0] ?? null,
        postName: spec.post?.[1] ?? null,
        evidence: who.evidence.slice(0, 8),
        status: ended ? 'ended' : 'active',
        createdAt,
        createdBy: people.officer,
        updatedAt: createdAt,
        updatedBy: people.officer,
      })
      .returning();
    const p = plan!;
    const goals = await tx
      .insert(developmentGoals)
      .values(
        spec.goals.map(([title, measure], k) => ({
          planId: p.id,
          seq: k + 1,
          title,
          measure,
          createdAt,
          createdBy: people.officer,
        })),
      )
      .returning({ id: developmentGoals.id });
    for (const [k, [title, target, month]] of spec.milestones.entries()) {
      const dueOn = addDays(addMonths(startsOn, month), -1);
      const past = dueOn < today;
      const met = past && !(spec.outcome === 'extended' && k === spec.milestones.length - 1);
      await tx.insert(developmentMilestones).values({
        planId: p.id,
        goalId: goals[Math.min(k, goals.length - 1)]!.id,
        title,
        target,
        dueOn,
        status: past ? (met ? 'met' : 'missed') : 'open',
        result: past ? (met ? '按期达成，见月度评议' : '未达到标准，差距见期末评估') : null,
        decidedAt: past ? stamp(addDays(dueOn, 2)) : null,
        decidedBy: past ? people.officer : null,
        createdAt,
        createdBy: people.officer,
      });
    }
    if (mentor)
      await tx
        .insert(developmentMentorScopes)
        .values({ planId: p.id, mentorCadreId: mentor, grantedAt: createdAt, grantedBy: people.officer });
    await addTimelineEvent(tx, {
      cadreId: p.cadreId,
      occurredOn: startsOn,
      module: 'development',
      kind: 'plan.start',
      title: `纳入一人一策：${PLAN_KIND_LABELS[spec.kind]}`,
      recordType: 'development_plan',
      recordId: p.id,
      visibility: 'org_self',
      createdBy: people.officer,
    });
    // Monthly reviews of the months past (by the mentor for a guidance period), mid and end reviews.
    const lastDay = ended ? firstEnd : today;
    for (let n = 0; ; n++) {
      const reviewDay = addMonths(startsOn, n + 1);
      if (reviewDay > lastDay || reviewDay > endsOn) break;
      const period = addMonths(startsOn, n).slice(0, 7);
      const progress = PROGRESS_CYCLE[n % PROGRESS_CYCLE.length]!;
      await tx.insert(developmentReviews).values({
        planId: p.id,
        kind: 'monthly',
        period,
        progress,
        summary: `${period} 月：${PROGRESS_LABELS[progress]}。${mentor ? '结对帮带按计划开展，' : ''}压担任务推进中。`,
        authorRole: mentor ? 'mentor' : 'officer',
        createdAt: stamp(addDays(reviewDay, 2)),
        createdBy: mentor ? people.mentor : people.officer,
      });
      if (mentor && n % 2 === 0)
        await tx.insert(developmentNotes).values({
          planId: p.id,
          text:
            n === 0
              ? '内部：性格偏急，与群众沟通时需放慢节奏，多倾听。'
              : '本月带教处置一起邻里纠纷，复盘了沟通方法。',
          internal: n === 0,
          authorRole: 'mentor',
          createdAt: stamp(addDays(reviewDay, 1)),
          createdBy: people.mentor,
        });
    }
    const mid = midDay(startsOn, firstEnd);
    const reviewOn = async (kind: 'mid' | 'end', day: string, period: string, progress: Progress) => {
      const [r] = await tx
        .insert(developmentReviews)
        .values({
          planId: p.id,
          kind,
          period,
          progress,
          summary:
            kind === 'mid' ? '中期评估：节点基本按期，短板有所改善。' : '期末评估：对照目标和节点逐项评估。',
          authorRole: 'officer',
          createdAt: stamp(day),
          createdBy: people.officer,
        })
        .returning({ id: developmentReviews.id });
      await addTimelineEvent(tx, {
        cadreId: p.cadreId,
        occurredOn: day,
        module: 'development',
        kind: `review.${kind}`,
        title: `一人一策${kind === 'mid' ? '中期评估' : '期末评估'}：${PROGRESS_LABELS[progress]}`,
        recordType: 'development_review',
        recordId: r!.id,
        visibility: 'org_self',
        createdBy: people.officer,
      });
      return r!.id;
    };
    if (addDays(mid, 3) <= today) await reviewOn('mid', addDays(mid, 3), 'mid', 'fair');
    if (spec.outcome) {
      const endDay = addDays(firstEnd, -2);
      const endReview = await reviewOn('end', endDay, firstEnd, spec.outcome === 'met' ? 'good' : 'behind');
      const at = stamp(addDays(firstEnd, 1));
      await tx
        .update(developmentPlans)
        .set({
          outcome: spec.outcome,
          outcomeNote:
            spec.outcome === 'met'
              ? '研修结业合格，资金支出进度达标，达到预期。'
              : `签约率未达 90%，延期 ${spec.extend} 个月继续攻坚。`,
          outcomeReviewId: endReview,
          outcomeAt: at,
          outcomeBy: people.leader,
        })
        .where(eq(developmentPlans.id, p.id));
      await addTimelineEvent(tx, {
        cadreId: p.cadreId,
        occurredOn: localDay(at),
        module: 'development',
        kind: `plan.${spec.outcome}`,
        title:
          spec.outcome === 'extended'
            ? `一人一策延期 ${spec.extend} 个月（至 ${endsOn}）`
            : `一人一策结束：${OUTCOME_LABELS[spec.outcome]}`,
        recordType: 'development_plan',
        recordId: p.id,
        visibility: 'org_self',
        createdBy: people.leader,
      });
    }
    if (!ended) await ensureReviewTodos(ctx, tx, { ...p, endsOn }, today);
  }
}
