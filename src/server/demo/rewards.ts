import { and, asc, eq, ne } from 'drizzle-orm';
import { DEFAULT_FLOW_RULES } from '../../analytics/reward-clock.ts';
import { STEP_LABELS } from '../../common/contracts/rewards.ts';
import type { Tx } from '../db/client.ts';
import {
  orgCadres,
  orgUnits,
  rewardsApplicationCadres,
  rewardsApplications,
  rewardsBatches,
  rewardsOpinions,
  rewardsSteps,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { addDays, endOfLocalDay, localDay } from '../lib/time.ts';
import { addTimelineEvents } from '../modules/org/timeline.service.ts';
import { sweepOverdue } from '../modules/rewards/alerts.service.ts';
import { deedKeyOf } from '../modules/rewards/applications.service.ts';
import { OPINION_RECORD, STEP_OWNER, STEP_RECORD } from '../modules/rewards/flow.service.ts';
import { calendarFrom } from '../modules/rewards/records.service.ts';
import { addTodo } from '../modules/todo/todo.service.ts';

/**
 * 一事一奖 demo, as the article has it: 2 batches, 37 units applying for 69 timely rewards, of
 * which 2 collectives and 6 cadres are awarded; the others at every step, a few returned to their
 * unit, a few refused, and some steps past their deadline (reminded and escalated by the sweep).
 * Dates count back from the day the demo is seeded, so the month's clocks show work in progress.
 */

const DEEDS = [
  '牵头完成环东区块 {n} 户房屋征迁签约，提前 {d} 天腾空交地',
  '协调解决企业用地审批堵点，项目提前 {d} 天开工',
  '防汛抗台期间连续 {d} 昼夜坚守一线，安全转移群众 {n} 人',
  '招引智能装备项目落地，总投资 {n} 亿元，当年签约当年开工',
  '推动老旧小区改造 {n} 户，群众满意率达 98%',
  '牵头化解一起涉及 {n} 名群众的信访积案',
  '帮助 {n} 家企业争取技改资金，亩均效益提升明显',
  '组织开展重大项目攻坚，完成节点任务 {d} 项',
  '在台风“普拉桑”抢险中带队排除险情 {d} 处',
  '推行“一件事”集成改革，审批时间压缩 {d} 个工作日',
];
const KIND_NAMES: Record<string, string> = {
  commendation: '嘉奖',
  merit_third: '记三等功',
  merit_second: '记二等功',
  circular_praise: '通报表扬',
  collective_commendation: '集体嘉奖',
  collective_merit: '集体记功',
};
const COLLECTIVES = [
  '环东区块征迁攻坚组',
  '城中村改造专班',
  '防汛抗台突击队',
  '重大项目服务专班',
  '营商环境攻坚组',
  '标准地出让专班',
];

type Target = 'review' | 'approve' | 'award' | 'awarded' | 'returned' | 'rejected';

export async function seedRewards(
  ctx: Ctx,
  tx: Tx,
  scale: 'full' | 'small',
  people: { officer: string; leader: string },
) {
  const rng = new Rng(2026_1507);
  const now = ctx.clock.now();
  const today = localDay(now);
  const cal = await calendarFrom(tx, addDays(today, -120), today);
  const units = await tx
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(ne(orgUnits.name, '市委组织部'))
    .orderBy(asc(orgUnits.code));
  const cadres = await tx
    .select({ id: orgCadres.id, name: orgCadres.name, unitId: orgCadres.unitId })
    .from(orgCadres)
    .where(eq(orgCadres.status, 'active'))
    .orderBy(asc(orgCadres.code));
  const byUnit = new Map<string, { id: string; name: string }[]>();
  for (const c of cadres) if (c.unitId) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  const jiwei = units.find((u) => u.name.includes('纪委'));
  const applying = rng.shuffle(units.filter((u) => u !== jiwei && (byUnit.get(u.id)?.length ?? 0) >= 4));
  const nUnits = scale === 'full' ? 37 : Math.min(4, applying.length);
  const total = scale === 'full' ? 69 : 12;
  const chosen = applying.slice(0, nUnits);

  const batches = [];
  for (const [title, opens, closes] of [
    ['第一批及时奖励申报', -70, -40],
    ['第二批及时奖励申报', -32, 12],
  ] as const) {
    const [b] = await tx
      .insert(rewardsBatches)
      .values({
        title: `${today.slice(0, 4)} 年${title}`,
        opensOn: addDays(today, opens),
        closesOn: addDays(today, closes),
        rules: DEFAULT_FLOW_RULES,
        createdAt: endOfLocalDay(addDays(today, opens - 3)),
        createdBy: people.officer,
      })
      .returning();
    batches.push(b!);
  }

  // What becomes of each application: 2 collectives and 6 cadres awarded, the rest in the flow.
  const targets: Target[] =
    scale === 'full'
      ? [
          ...Array<Target>(8).fill('awarded'),
          ...Array<Target>(3).fill('rejected'),
          ...Array<Target>(9).fill('award'),
          ...Array<Target>(14).fill('approve'),
          ...Array<Target>(30).fill('review'),
          ...Array<Target>(5).fill('returned'),
        ]
      : [
          'awarded',
          'awarded',
          'awarded',
          'rejected',
          'award',
          'approve',
          'approve',
          'review',
          'review',
          'review',
          'returned',
          'review',
        ];
  // A moment of a day, never later than now (a step begun today began before the seeding).
  const at = (day: string, hh: number) =>
    new Date(Math.min(endOfLocalDay(day).getTime() + 1 - (24 - hh) * 3_600_000, now.getTime() - 60_000));
  const used = new Set<string>();
  const timeline = [];
  for (let i = 0; i < total; i++) {
    const target = targets[i]!;
    const unit = chosen[i % chosen.length]!;
    const members = (byUnit.get(unit.id) ?? []).filter((c) => !used.has(c.id));
    // The first two awarded are the collectives; batch one holds the finished ones.
    const collective = (target === 'awarded' && i < 2) || (target !== 'awarded' && i % 11 === 5);
    const team = collective ? members.slice(0, 4) : members.slice(0, 1);
    if (!team.length) continue;
    if (target === 'awarded' || !collective) for (const c of team) used.add(c.id);
    const done = target === 'awarded' || target === 'rejected';
    const deed = rng
      .pick(DEEDS)
      .replace('{n}', String(rng.int(12, 400)))
      .replace('{d}', String(rng.int(3, 20)));
    const kindCode = collective
      ? rng.pick(['collective_commendation', 'collective_merit'])
      : rng.pick(['commendation', 'commendation', 'circular_praise', 'merit_third', 'merit_second']);
    // The steps walked: closed ones a few days each, then the open one (begun long enough ago, for
    // every fourth, to be past its deadline). Finished ones were submitted in the first batch.
    const order = ['review', 'approve', 'award'] as const;
    const closed = { review: 0, approve: 1, award: 2, awarded: 3, rejected: 2, returned: 1 }[target];
    const gaps = Array.from({ length: done ? closed : closed }, () => (done ? rng.int(3, 8) : rng.int(1, 4)));
    if (target === 'rejected') gaps.push(rng.int(2, 5));
    const late = i % 4 === 0;
    const openOn = done ? null : late ? addDays(today, -rng.int(13, 20)) : addDays(today, -rng.int(0, 5));
    const submittedOn = done
      ? addDays(batches[0]!.opensOn, rng.int(2, 10))
      : addDays(openOn!, -gaps.reduce((x, y) => x + y, 0));
    const batch = submittedOn < batches[1]!.opensOn ? batches[0]! : batches[1]!;
    const [a] = await tx
      .insert(rewardsApplications)
      .values({
        batchId: batch.id,
        unitId: unit.id,
        kindCode,
        collectiveName: collective ? COLLECTIVES[i % COLLECTIVES.length]! : null,
        deed: `${unit.name.replace(/^市/, '')}：${deed}`,
        deedKey: deedKeyOf(`${unit.name}${deed}${i}`),
        status: target,
        createdAt: at(addDays(submittedOn, -2), 15),
      })
      .returning();
    await tx
      .insert(rewardsApplicationCadres)
      .values(team.map((c) => ({ applicationId: a!.id, cadreId: c.id, deedKey: a!.deedKey })));
    const steps: (typeof rewardsSteps.$inferInsert)[] = [
      {
        applicationId: a!.id,
        step: 'apply',
        ownerRole: 'unit_admin',
        ownerUnitId: unit.id,
        startedAt: a!.createdAt,
        endedAt: at(submittedOn, 9),
        outcome: 'passed',
      },
    ];
    let day = submittedOn;
    for (let k = 0; k < order.length && k <= gaps.length; k++) {
      const step = order[k]!;
      const isOpen = k === gaps.length;
      if (isOpen && (target === 'returned' || done)) break;
      const startOn = isOpen ? openOn! : day;
      const end = isOpen ? null : addDays(day, gaps[k]!);
      const last = k === gaps.length - 1;
      const outcome = isOpen
        ? null
        : last && target === 'returned'
          ? 'returned'
          : last && target === 'rejected'
            ? 'rejected'
            : 'passed';
      steps.push({
        applicationId: a!.id,
        step,
        ownerRole: STEP_OWNER[step],
        startedAt: at(startOn, 14),
        dueOn: cal.addWorkingDays(startOn, DEFAULT_FLOW_RULES.stepDays[step]),
        endedAt: end ? at(end, 11) : null,
        outcome,
        note:
          outcome === 'returned'
            ? '请补充事迹佐证材料和单位党委（党组）意见'
            : outcome === 'rejected'
              ? '事迹属本职常规工作，未达及时奖励标准'
              : null,
        actedBy: end ? (step === 'approve' ? people.leader : people.officer) : null,
      });
      if (end) day = end;
    }
    if (target === 'returned') {
      steps.push({
        applicationId: a!.id,
        step: 'apply',
        ownerRole: 'unit_admin',
        ownerUnitId: unit.id,
        startedAt: at(day, 12),
      });
    }
    const inserted = await tx.insert(rewardsSteps).values(steps).returning();
    const review = inserted.find((s) => s.step === 'review')!;
    // 会签 of the 纪委监委: answered where the review has passed, pending (some late) where it is open.
    if (jiwei && (i % 2 === 0 || target === 'review')) {
      const askedOn = localDay(review.startedAt);
      const dueOn = cal.addWorkingDays(askedOn, DEFAULT_FLOW_RULES.opinionDays);
      const answered = review.endedAt !== null || (target === 'review' && i % 3 === 1);
      const [o] = await tx
        .insert(rewardsOpinions)
        .values({
          applicationId: a!.id,
          stepId: review.id,
          unitId: jiwei.id,
          topic: '廉政意见',
          dueOn,
          status: answered ? 'agree' : 'pending',
          opinion: answered ? '经查，未发现该同志（集体）存在违纪违法问题，同意' : null,
          // Recorded by the officer from the paper reply of the 纪委监委.
          onPaper: answered,
          answeredAt: answered
            ? review.endedAt && review.endedAt < at(askedOn, 18)
              ? review.endedAt
              : at(askedOn, 18)
            : null,
          answeredBy: answered ? people.officer : null,
          createdAt: review.startedAt,
          createdBy: people.officer,
        })
        .returning();
      if (!answered)
        await addTodo(ctx, tx, {
          module: 'rewards',
          kind: 'opinion',
          title: `会签廉政意见：${unit.name}奖励申报“${deed.slice(0, 18)}”`,
          link: `/rewards/applications/${a!.id}`,
          recordType: OPINION_RECORD,
          recordId: o!.id,
          assigneeRole: 'unit_admin',
          assigneeUnitId: jiwei.id,
          dueAt: endOfLocalDay(dueOn),
          sourceKey: `rewards.opinion:${o!.id}`,
        });
    }
    const open = inserted.find((s) => !s.endedAt);
    if (open && open.step !== 'apply')
      await addTodo(ctx, tx, {
        module: 'rewards',
        kind: open.step,
        title: `${STEP_LABELS[open.step as 'review']}奖励申报：${unit.name}“${deed.slice(0, 18)}”`,
        link: `/rewards/applications/${a!.id}`,
        recordType: STEP_RECORD,
        recordId: open.id,
        assigneeRole: STEP_OWNER[open.step as 'review'],
        dueAt: endOfLocalDay(open.dueOn!),
        sourceKey: `rewards.step:${open.id}`,
      });
    const last = inserted[inserted.length - 1]!;
    await tx
      .update(rewardsApplications)
      .set({
        submittedAt: at(submittedOn, 9),
        returnReason:
          target === 'returned' || target === 'rejected'
            ? (last.note ?? inserted.at(-2)?.note ?? null)
            : null,
        ...(target === 'awarded'
          ? {
              documentNo: `玉组〔${today.slice(0, 4)}〕${30 + i}号`,
              bonus: collective ? '10000' : String(rng.pick([2000, 3000, 5000])),
              paidOn: localDay(last.endedAt!),
              awardedAt: last.endedAt,
              awardedBy: people.officer,
            }
          : {}),
      })
      .where(and(eq(rewardsApplications.id, a!.id)));
    if (target === 'awarded')
      timeline.push(
        ...team.map((c) => ({
          cadreId: c.id,
          occurredOn: localDay(last.endedAt!),
          module: 'rewards',
          kind: 'award',
          title: collective
            ? `${COLLECTIVES[i % COLLECTIVES.length]}获${KIND_NAMES[kindCode]}（一事一奖）：${deed.slice(0, 18)}`
            : `获${KIND_NAMES[kindCode]}（一事一奖）：${deed.slice(0, 18)}`,
          recordType: 'rewards_application',
          recordId: a!.id,
          visibility: 'org_unit_self' as const,
          createdBy: people.officer,
        })),
      );
  }
  await addTimelineEvents(tx, timeline);
  // The overdue steps and opinions, reminded and escalated as the hourly sweep would.
  await sweepOverdue(ctx, tx);
}
