import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Cadence } from '../../common/contracts/keywork.ts';
import type { Tx } from '../db/client.ts';
import {
  keyworkAssessments,
  keyworkAttendances,
  keyworkFindings,
  keyworkHits,
  keyworkInspections,
  keyworkMeetings,
  keyworkMilestoneSlips,
  keyworkMilestones,
  keyworkReports,
  keyworkRequests,
  keyworkTaskCadres,
  keyworkTasks,
  keyworkTaskUnits,
  orgCadres,
  orgUnits,
  todoItems,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { addDays, endOfLocalDay } from '../lib/time.ts';
import type { Audit } from '../lib/tx.ts';
import { tagText } from '../modules/keywork/inspections.service.ts';
import { periodEnds, plannedAt, reportDue } from '../modules/keywork/keywork.rules.ts';
import { assessmentTodo } from '../modules/keywork/keywork.todos.ts';
import { evaluate } from '../modules/keywork/triggers.service.ts';
import { loadCalendar } from '../modules/org/calendar.service.ts';
import { addTimelineEvents, type TimelineEventInput } from '../modules/org/timeline.service.ts';
import { DEMO_YEAR } from './county.ts';

/**
 * 与重点工作同步评估 for the demo county: city-level meetings deploy key tasks with milestones; lead
 * units report at their cadence — most on plan, some behind, some silent, some milestones slipped
 * twice; the rules (the service's own) find the hits and open inspections; most inspections are
 * concluded with findings (推诿扯皮, 不顾大局 …) and the units whose cadres held tasks up — 7 in the
 * full county — are under special assessment (专项研判).
 */

type Scale = 'full' | 'small';
const Y = DEMO_YEAR;
const d = (md: string) => `${Y}-${md}`;
const at = (day: string, hh: number) => new Date(endOfLocalDay(day).getTime() + 1 - (24 - hh) * 3_600_000);

const MEETINGS: [kind: 'study' | 'dispatch', title: string, heldOn: string][] = [
  ['study', '全市重大项目建设专题研究会', d('01-20')],
  ['dispatch', '城市有机更新专班攻坚调度会（第一次）', d('02-10')],
  ['study', '招商引资和产业项目落地专题研究会', d('02-26')],
  ['dispatch', '综合交通重点工程专班攻坚调度会', d('03-12')],
  ['dispatch', '成片拆改攻坚调度会', d('04-08')],
  ['study', '营商环境优化提升专题研究会', d('05-14')],
  ['dispatch', '城市有机更新专班攻坚调度会（第二次）', d('06-18')],
  ['dispatch', '重大项目“赛马比拼”调度会', d('08-06')],
  ['study', '三季度经济运行和重点任务推进专题研究会', d('09-24')],
  ['dispatch', '年度重点任务冲刺攻坚调度会', d('10-22')],
];

/** Each key task with the unit that would lead it in a county, and its field. */
const TASKS: [title: string, lead: string, domain: string][] = [
  ['环东区块房屋征迁清零', '市城市更新与发展中心', '成片拆改'],
  ['湾区大道快速路二期工程', '市交通运输局', '综合交通'],
  ['智能装备产业园一期招引落地', '市投资促进中心', '招商'],
  ['老城区管网改造提升', '市住房和城乡建设局', '城市更新'],
  ['滨港新区安置房建设', '市住房保障中心', '城市更新'],
  ['汽配产业园亩均效益提升', '市经济和信息化局', '工业'],
  ['东城片区成片拆改', '东城街道', '成片拆改'],
  ['沿海防洪堤加固工程', '市水利局', '项目投资'],
  ['新能源电池项目开工', '市经济开发区管委会', '项目投资'],
  ['城北学校新建工程', '市教育局', '项目投资'],
  ['西岙工业区低效用地整治', '西岙街道', '工业'],
  ['农贸市场改造提升', '市市场监督管理局', '城市更新'],
  ['中心医院迁建工程', '市卫生健康局', '项目投资'],
  ['港区疏港公路建设', '市交通运输局', '综合交通'],
  ['海洋经济产业招商', '市港航口岸和渔业局', '招商'],
  ['老旧小区加装电梯', '市住房和城乡建设局', '城市更新'],
  ['城南商贸综合体招引', '市商务局', '招商'],
  ['客运枢纽站改造', '市公路与运输管理中心', '综合交通'],
  ['数字经济园区建设', '市高新技术产业园区管委会', '工业'],
  ['污水处理厂提标改造', '市水务集团', '项目投资'],
  ['高铁站前片区开发', '市自然资源和规划局', '城市更新'],
  ['乡村振兴示范带建设', '市农业农村局', '项目投资'],
  ['企业上市培育', '市发展和改革局', '工业'],
  ['城市绿道贯通工程', '市城市建设投资集团', '城市更新'],
];

/** The units a task may be led by, for the demo test: the task's own lead. */
export const DEMO_TASK_LEADS: ReadonlyMap<string, string> = new Map(TASKS.map(([t, lead]) => [t, lead]));

const HELD_UP_CAUSES: [string[], string][] = [
  [['buck_passing'], '协调会上以“不属本单位职责”为由推脱，政策处理意见迟迟未出，节点被迫推迟'],
  [
    ['buck_passing', 'ignoring_whole'],
    '只顾本单位考核指标，拒绝调整施工时序，相互推诿扯皮，影响全市重点工程整体进度',
  ],
  [['ignoring_whole'], '为保本单位项目用地，拖延腾退，不顾全市项目大局'],
  [['inaction'], '多次督办未见行动，协调事项逾期未答复'],
  [['incapacity'], '对征迁政策把握不准，方案反复修改，推进缓慢'],
];
const MOVED_CAUSES: [string[], string][] = [
  [['initiative'], '连续驻点一线，逐户上门做工作，牵头推进有力；节点滞后主要在配合环节'],
  [['coordination'], '牵头召开专题协调会，打通审批堵点，协调有力'],
];

interface UnitRow {
  id: string;
  name: string;
}
interface CadreRow {
  id: string;
  unitId: string;
  teamPlace: string | null;
}

export async function seedKeywork(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  scale: Scale,
  people: { officer: string; leader: string; joint: string },
): Promise<void> {
  const rng = new Rng(20260808);
  // The demo's “today”, as in the other demo modules: late November of the demo year.
  const today = d('11-20');
  const asOf: Ctx = { ...ctx, clock: { now: () => at(today, 10) } };
  const units: UnitRow[] = await tx
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(ne(orgUnits.name, '市委组织部'))
    .orderBy(asc(orgUnits.code));
  const cadres: CadreRow[] = (
    await tx
      .select({ id: orgCadres.id, unitId: orgCadres.unitId, teamPlace: orgCadres.teamPlace })
      .from(orgCadres)
      .where(eq(orgCadres.status, 'active'))
      .orderBy(asc(orgCadres.code))
  ).filter((c): c is CadreRow => !!c.unitId);
  const byUnit = new Map<string, CadreRow[]>();
  for (const c of cadres) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  const staffed = units.filter((u) => (byUnit.get(u.id)?.length ?? 0) >= 2);

  const meetingSpecs = scale === 'full' ? MEETINGS : MEETINGS.slice(1, 3);
  const meetings = await tx
    .insert(keyworkMeetings)
    .values(
      meetingSpecs.map(([kind, title, heldOn]) => ({
        kind,
        title,
        heldOn,
        host: kind === 'dispatch' ? '市政府分管副市长' : '市委副书记、市长',
        summary: '听取各牵头单位任务推进情况汇报，研究解决堵点问题，明确下一阶段节点。',
        createdAt: at(heldOn, 17),
        createdBy: people.joint,
        updatedAt: at(heldOn, 17),
        updatedBy: people.joint,
      })),
    )
    .returning();

  // Tasks: the first few of the lead hints, then units in turn; cooperating units the next ones.
  const count = scale === 'full' ? 24 : 4;
  // Units whose cadres will be found to hold tasks up: 7 in the full county.
  const weak = scale === 'full' ? 7 : 1;
  const cal = await loadCalendar(tx, d('01-01'), addDays(today, 60));
  const taskRows: (typeof keyworkTasks.$inferInsert & { coop: string[] })[] = [];
  for (let i = 0; i < count; i++) {
    const m = meetings[i % meetings.length]!;
    const [title, leadName, domain] = TASKS[i % TASKS.length]!;
    // The unit that would lead such a task (another staffed unit only in a county without it).
    const lead = staffed.find((u) => u.name === leadName) ?? staffed[i % staffed.length]!;
    const others = staffed.filter((u) => u.id !== lead.id);
    const coop = [
      others[(i * 3) % others.length]!.id,
      ...(i % 3 === 0 ? [others[(i * 3 + 5) % others.length]!.id] : []),
    ];
    const startsOn = addDays(m.heldOn, 7);
    taskRows.push({
      title,
      meetingId: m.id,
      domain,
      leadUnitId: lead.id,
      cadence: (i % 3 === 2 ? 'monthly' : 'weekly') as Cadence,
      startsOn,
      dueOn: addDays(startsOn, 240 + (i % 4) * 30),
      status: 'active',
      createdAt: at(m.heldOn, 18),
      createdBy: people.joint,
      updatedAt: at(m.heldOn, 18),
      updatedBy: people.joint,
      coop,
    });
  }
  const tasks = await tx
    .insert(keyworkTasks)
    .values(taskRows.map(({ coop: _c, ...t }) => t))
    .returning();
  await tx
    .insert(keyworkTaskUnits)
    .values(tasks.flatMap((t, i) => taskRows[i]!.coop.map((unitId) => ({ taskId: t.id, unitId }))));

  const taskCadres: (typeof keyworkTaskCadres.$inferInsert)[] = [];
  const milestones: (typeof keyworkMilestones.$inferInsert)[] = [];
  const roster = new Map<string, { lead: CadreRow; coop: CadreRow[] }>();
  for (const [i, t] of tasks.entries()) {
    const leadCadres = byUnit.get(t.leadUnitId)!;
    const lead = leadCadres[i % leadCadres.length]!;
    const coop = taskRows[i]!.coop.map((u) => byUnit.get(u)![(i + 1) % byUnit.get(u)!.length]!);
    roster.set(t.id, { lead, coop });
    taskCadres.push({
      taskId: t.id,
      cadreId: lead.id,
      unitId: lead.unitId,
      role: 'responsible',
      part: '总牵头，统筹推进',
    });
    for (const c of coop)
      if (c.id !== lead.id)
        taskCadres.push({
          taskId: t.id,
          cadreId: c.id,
          unitId: c.unitId,
          role: 'taskforce',
          part: '配合政策处理和要素保障',
        });
    const span = (new Date(t.dueOn).getTime() - new Date(t.startsOn).getTime()) / 86_400_000;
    const names = ['完成前期手续', '完成政策处理', '主体工程过半', '完工验收'];
    names.forEach((title, k) => {
      const on = addDays(t.startsOn, Math.round((span * (k + 1)) / names.length));
      milestones.push({
        taskId: t.id,
        seq: k + 1,
        title,
        baselineOn: on,
        plannedOn: on,
        plannedProgress: String([20, 45, 75, 100][k]),
        responsibleCadreId: k === 1 ? (coop[0]?.id ?? lead.id) : lead.id,
        createdAt: t.createdAt,
        createdBy: people.joint,
      });
    });
  }
  await tx.insert(keyworkTaskCadres).values(taskCadres);
  const msRows = await tx.insert(keyworkMilestones).values(milestones).returning();

  // Behaviour per task: most on plan; the first `weak` tasks run behind with a silent partner.
  const reports: (typeof keyworkReports.$inferInsert)[] = [];
  const slips: (typeof keyworkMilestoneSlips.$inferInsert)[] = [];
  const requests: (Omit<typeof keyworkRequests.$inferInsert, 'reportId'> & { reportIdx: number })[] = [];
  const doneUpdates: { id: string; doneOn: string }[] = [];
  for (const [i, t] of tasks.entries()) {
    const behind = i < weak + 2;
    const silent = i === weak + 2;
    const ms = msRows.filter((m) => m.taskId === t.id);
    const points = ms.map((m) => ({ on: m.baselineOn, progress: Number(m.plannedProgress) }));
    const ends = periodEnds(t.cadence as Cadence, t.startsOn, addDays(today, -1)).filter(
      (e) => reportDue(cal, t.cadence as Cadence, e) < today || e < today,
    );
    let last = 0;
    for (const [k, end] of ends.entries()) {
      if (end > t.dueOn) break;
      if (silent && end > addDays(t.startsOn, 60)) break;
      if (!behind && !silent && rng.chance(0.04)) continue;
      const planned = plannedAt(t.startsOn, points, end);
      const factor =
        behind && end > addDays(t.startsOn, 45) ? 0.55 + rng.next() * 0.15 : 0.97 + rng.next() * 0.08;
      const progress = Math.max(last, Math.min(100, Math.round(planned * factor * 10) / 10));
      last = progress;
      const submitted = at(addDays(end, 1), 16);
      reports.push({
        taskId: t.id,
        periodEnd: end,
        dueOn: reportDue(cal, t.cadence as Cadence, end),
        progress: String(progress),
        plannedProgress: String(planned),
        summary:
          progress >= planned ? '按节点计划推进，本期完成既定工作量' : '受政策处理等因素影响，进度滞后于计划',
        problems: progress < planned - 5 ? '配合单位政策处理意见未及时出具，部分地块未能按期交地' : null,
        submittedAt: submitted,
        submittedBy: null,
      });
      if (behind && k === Math.floor(ends.length / 2)) {
        const coopUnit = taskRows[i]!.coop[0]!;
        requests.push({
          reportIdx: reports.length - 1,
          taskId: t.id,
          toUnitId: coopUnit,
          content: '请于期限内出具地块政策处理意见并派员参加现场协调',
          dueOn: addDays(end, 7),
          answer: null,
          createdAt: submitted,
          createdBy: null,
        });
      }
    }
    // Milestones reached on plan are marked done; a lagging task's second milestone slips twice.
    for (const m of ms) {
      if (!behind && m.baselineOn < today)
        doneUpdates.push({ id: m.id, doneOn: addDays(m.baselineOn, -rng.int(0, 3)) });
      if (behind && m.seq === 2 && m.baselineOn < today) {
        const first = addDays(m.baselineOn, 20);
        const second = addDays(first, 25);
        slips.push(
          {
            milestoneId: m.id,
            fromOn: m.baselineOn,
            toOn: first,
            reason: '政策处理未完成，申请延期',
            createdAt: at(addDays(m.baselineOn, -3), 10),
            createdBy: people.joint,
          },
          {
            milestoneId: m.id,
            fromOn: first,
            toOn: second,
            reason: '配合单位意见未出，再次延期',
            createdAt: at(addDays(first, -2), 10),
            createdBy: people.joint,
          },
        );
        await tx.update(keyworkMilestones).set({ plannedOn: second }).where(eq(keyworkMilestones.id, m.id));
      }
    }
  }
  const reportRows = reports.length
    ? await tx.insert(keyworkReports).values(reports).returning({ id: keyworkReports.id })
    : [];
  if (requests.length)
    await tx
      .insert(keyworkRequests)
      .values(requests.map(({ reportIdx, ...r }) => ({ ...r, reportId: reportRows[reportIdx]!.id })));
  if (slips.length) await tx.insert(keyworkMilestoneSlips).values(slips);
  for (const u of doneUpdates)
    await tx
      .update(keyworkMilestones)
      .set({ doneOn: u.doneOn, doneBy: people.joint })
      .where(eq(keyworkMilestones.id, u.id));

  // The department's attendance of most meetings.
  await tx.insert(keyworkAttendances).values(
    meetings.slice(0, Math.max(1, meetings.length - 2)).map((m) => ({
      meetingId: m.id,
      attendees: '市委组织部干部一科科长、考察组 2 人',
      anomalies: '个别任务节点滞后，牵头与配合单位对政策处理职责存在分歧，需跟踪了解相关干部担当表现。',
      taskIds: tasks.filter((t) => t.meetingId === m.id).map((t) => t.id),
      createdAt: at(m.heldOn, 18),
      createdBy: people.officer,
      updatedAt: at(m.heldOn, 18),
      updatedBy: people.officer,
    })),
  );

  // The rules find the hits (the service's own evaluation), opening inspections.
  await evaluate(asOf, tx, audit);
  const inspections = await tx.select().from(keyworkInspections).orderBy(asc(keyworkInspections.createdAt));
  const firstHit = new Map(
    (
      await tx
        .select({ i: keyworkHits.inspectionId, on: keyworkHits.hitOn })
        .from(keyworkHits)
        .orderBy(asc(keyworkHits.hitOn))
    )
      .map((h) => [h.i, h.on] as const)
      .reverse(),
  );
  const findings: (typeof keyworkFindings.$inferInsert)[] = [];
  const concluded: { id: string; taskId: string; on: string }[] = [];
  for (const [k, ins] of inspections.entries()) {
    const openedOn = firstHit.get(ins.id) ?? today;
    const openedAt = at(openedOn, 9);
    const deadline = endOfLocalDay(cal.addWorkingDays(openedOn, 10));
    const ti = tasks.findIndex((t) => t.id === ins.taskId);
    const conclude = addDays(openedOn, 12) < today && (ti < weak || k % 5 !== 4);
    const r = roster.get(ins.taskId)!;
    const on = addDays(openedOn, rng.int(6, 11));
    await tx
      .update(keyworkInspections)
      .set({
        openedAt,
        deadline,
        createdAt: openedAt,
        ...(conclude
          ? {
              status: 'concluded',
              conclusionKind: ti < weak ? 'ineffective' : 'partly',
              conclusion:
                ti < weak
                  ? '配合单位班子成员推诿扯皮、不顾大局，是任务滞后的主要原因'
                  : '进度滞后有客观原因，相关单位存在协调不力问题',
              concludedAt: at(on, 17),
              concludedBy: people.officer,
              updatedAt: at(on, 17),
            }
          : {}),
      })
      .where(eq(keyworkInspections.id, ins.id));
    if (!conclude) continue;
    concluded.push({ id: ins.id, taskId: ins.taskId, on });
    const [tags, cause] = ti < weak ? HELD_UP_CAUSES[k % 2]! : HELD_UP_CAUSES[2 + (k % 3)]!;
    const held = ti < weak ? r.coop[0]! : (r.coop[0] ?? r.lead);
    findings.push({
      inspectionId: ins.id,
      cadreId: held.id,
      unitId: held.unitId,
      milestoneId: msRows.find((m) => m.taskId === ins.taskId && m.seq === 2)?.id ?? null,
      effect: ti < weak || ti < weak + 2 ? 'held_up' : 'neutral',
      tags: ti < weak || ti < weak + 2 ? tags : ['objective'],
      cause,
      evidence: '调度会纪要、协调函签收记录、现场访谈笔录',
      createdAt: at(addDays(on, -2), 15),
      createdBy: people.officer,
      updatedAt: at(addDays(on, -2), 15),
      updatedBy: people.officer,
    });
    if (held.id !== r.lead.id) {
      const [mt, mc] = MOVED_CAUSES[k % 2]!;
      findings.push({
        inspectionId: ins.id,
        cadreId: r.lead.id,
        unitId: r.lead.unitId,
        milestoneId: null,
        effect: 'moved',
        tags: mt,
        cause: mc,
        evidence: '现场察看、征迁户访谈',
        createdAt: at(addDays(on, -2), 16),
        createdBy: people.officer,
        updatedAt: at(addDays(on, -2), 16),
        updatedBy: people.officer,
      });
    }
  }
  const fRows = findings.length ? await tx.insert(keyworkFindings).values(findings).returning() : [];
  const titleOf = new Map(tasks.map((t) => [t.id, t.title]));
  const byIns = new Map(concluded.map((c) => [c.id, c]));
  const events: TimelineEventInput[] = fRows.map((f) => ({
    cadreId: f.cadreId,
    occurredOn: byIns.get(f.inspectionId)!.on,
    module: 'keywork',
    kind: 'inspection',
    title: `重点任务定向考察：${titleOf.get(byIns.get(f.inspectionId)!.taskId)}（${tagText(f.tags)}）`,
    recordType: 'keywork_finding',
    recordId: f.id,
    visibility: 'org_unit_self',
    createdBy: people.officer,
  }));
  await addTimelineEvents(tx, events);
  if (concluded.length)
    await tx
      .update(todoItems)
      .set({ status: 'done', doneAt: asOf.clock.now(), doneBy: people.officer })
      .where(
        and(
          eq(todoItems.recordType, 'keywork_inspection'),
          inArray(
            todoItems.recordId,
            concluded.map((c) => c.id),
          ),
        ),
      );

  // 专项研判: the units whose cadres held tasks up (held_up findings of the weak tasks).
  const weakTasks = new Set(tasks.slice(0, weak).map((t) => t.id));
  const weakUnits = [
    ...new Set(
      fRows
        .filter((f) => f.effect === 'held_up' && weakTasks.has(byIns.get(f.inspectionId)!.taskId))
        .map((f) => f.unitId!),
    ),
  ];
  if (weakUnits.length) {
    const assessed = await tx
      .insert(keyworkAssessments)
      .values(
        weakUnits.map((unitId, k) => {
          // The tasks the unit was found holding up (被认定拖延的任务), all taken into the assessment.
          const ids = [
            ...new Set(
              fRows
                .filter((f) => f.effect === 'held_up' && f.unitId === unitId)
                .map((f) => byIns.get(f.inspectionId)!.taskId),
            ),
          ];
          const done = k < weakUnits.length - 2 || scale === 'small';
          const on = addDays(today, -20 + k);
          return {
            unitId,
            year: Y,
            taskIds: ids,
            findings:
              '班子在重点任务推进中配合不力，定向考察认定相关班子成员存在推诿扯皮、不顾大局问题，致使节点多次推迟。',
            measures: done
              ? '约谈班子主要负责人；限期整改，三个月后复核；列入季度实绩象限研判'
              : '拟约谈班子主要负责人',
            status: done ? 'concluded' : 'draft',
            conclusionKind: done ? (k % 3 === 2 ? 'adjust' : 'weak') : null,
            conclusion: done ? '班子推进重点任务不力，政绩观存在“重本单位、轻全局”偏差' : null,
            concludedAt: done ? at(on, 17) : null,
            concludedBy: done ? people.leader : null,
            createdAt: at(addDays(on, -5), 10),
            createdBy: people.officer,
            updatedAt: at(on, 17),
            updatedBy: done ? people.leader : people.officer,
          };
        }),
      )
      .returning();
    // 研判中（待领导结论）: on the leader's to-do list, as createAssessment puts it.
    for (const a of assessed) if (a.status === 'draft') await assessmentTodo(ctx, tx, a);
  }
}
