import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import { opinionVisits } from '../db/schema/index.ts';
import type { Rng } from '../lib/random.ts';
import { addDays } from '../lib/time.ts';
import { FIELD_SHARE } from '../modules/opinion/visits.service.ts';
import type { WorkingCalendar } from '../modules/org/calendar.service.ts';
import { addTimelineEvents, type TimelineEventInput } from '../modules/org/timeline.service.ts';
import { DEMO_YEAR } from './county.ts';
import type { Cadre, Seat, Unit } from './opinion.ts';
import { at, insertChunks } from './seed-helpers.ts';

/** Demo opinion data: the liaison visits to the units. */

// ——— liaison visits ———

const LEARNED: Record<'town' | 'department' | 'soe', string[]> = {
  town: [
    '和美乡村创建推进顺利，但部分村集体经济增收渠道单一，对政策性补助依赖较大',
    '成片拆改区块征迁签约过半，群众最关心安置房建设进度和过渡费发放',
    '辖区重点企业反映用工紧张，技能人才招引难，希望加强校企对接',
    '基层治理“一件事”改革落地，网格员队伍稳定，矛盾纠纷就地化解率提高',
    '察看污水零直排区建设现场，工程进度符合计划，个别管网施工影响群众出行',
    '与村（社区）书记座谈，村干部队伍年龄结构偏大，后备力量不足',
    '低效工业用地整治腾出空间，承接项目还需加快招引',
    '信访积案化解有进展，仍有两件涉及土地历史遗留问题需要市级层面协调',
    '防汛物资储备和应急队伍到位，山塘水库巡查制度落实较好',
  ],
  department: [
    '班子分工落实较好，重点项目推进总体有序，个别指标进度偏慢',
    '年度干事清单执行情况良好，中层干部对部门发展思路认同度高',
    '与中层干部座谈，反映跨部门协调事项多、审批链条长',
    '班子团结，主要负责人担当意识强，年轻干部培养有计划',
    '察看重点项目现场，项目前期手续办理较慢，需要要素保障部门合力推动',
    '窗口服务事项网办率提高，群众办事“最多跑一次”基本实现',
    '机关党建与业务融合有抓手，作风建设专项整治问题已整改',
    '了解部门数字化改革场景应用情况，数据共享仍有堵点',
  ],
  soe: [
    '公司重大项目投资进度正常，融资成本有所下降，资金保障压力仍在',
    '与经营层座谈，市场化转型压力较大，主业盈利能力有待提升',
    '听取公司党建与生产经营融合情况汇报，基层党组织作用发挥较好',
    '公司内部管理制度修订完成，招投标和工程变更管理更加规范',
    '职工代表反映薪酬考核与业绩挂钩更加紧密，积极性提高',
  ],
};
const MET_EXTRA: Record<'town' | 'department' | 'soe', string[]> = {
  town: ['及部分村（社区）书记', '及辖区企业负责人', '及站所负责人', '及基层干部群众代表'],
  department: ['及中层干部', '及业务科室负责人', '及基层所站负责人', '及服务对象代表'],
  soe: ['及经营层成员', '及职工代表', '及项目部负责人'],
};
const MET_GROUPS: Record<'town' | 'department' | 'soe', string[]> = {
  town: ['村（社区）干部和群众代表', '辖区企业负责人', '网格员和志愿者代表', '新任村（社区）干部'],
  department: ['中层干部和一般干部', '业务科室负责人', '窗口工作人员'],
  soe: ['中层管理人员', '一线职工代表', '项目部负责人'],
};

export async function seedVisits(
  tx: Tx,
  rng: Rng,
  today: string,
  calendar: WorkingCalendar,
  d: {
    units: Unit[];
    groups: { id: string; leaderCadreId: string | null }[];
    seatsOn: (day: string) => (Cadre & Seat)[];
    people: { officer: string; leader: string };
    /** The positions (by group order) of the leaders who fall short of one third. */
    short: Set<number>;
  },
) {
  const from = `${DEMO_YEAR}-01-01`;
  const end = `${DEMO_YEAR}-12-31`;
  const to = today < end ? today : end;
  if (to < from) return;
  // As fieldTime measures it: one third of the working hours from 1 January to today.
  const required = calendar.workingHoursBetween(from, to) * FIELD_SHARE;
  const workdays: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1))
    if (day < today && calendar.isWorkingDay(day)) workdays.push(day);
  const seatCache = new Map<string, Map<string, (Cadre & Seat)[]>>();
  const teamOn = (day: string, unitId: string) => {
    const month = day.slice(0, 7);
    let m = seatCache.get(month);
    if (!m) {
      m = new Map();
      for (const s of d.seatsOn(`${month}-01`)) m.set(s.unitId, [...(m.get(s.unitId) ?? []), s]);
      seatCache.set(month, m);
    }
    return m.get(unitId) ?? [];
  };

  const rows = [];
  const events: TimelineEventInput[] = [];
  for (const [gi, g] of d.groups.entries()) {
    if (!g.leaderCadreId) continue;
    // The units of the group, but not the leader's own department.
    const home = d.seatsOn(from).find((s) => s.id === g.leaderCadreId)?.unitId;
    const own = d.units.filter((u) => u.liaisonGroupId === g.id && u.id !== home);
    if (own.length === 0) continue;
    const ratio = d.short.has(gi) ? 0.6 + rng.next() * 0.28 : 1.06 + rng.next() * 0.24;
    const target = required * ratio;
    const chosen: { day: string; hours: number }[] = [];
    let sum = 0;
    for (const day of rng.shuffle(workdays)) {
      if (sum >= target) break;
      let hours = rng.int(4, 16) / 2;
      if (d.short.has(gi) && sum + hours > target) {
        hours = Math.floor((target - sum) * 2) / 2;
        if (hours < 2) break;
      }
      chosen.push({ day, hours });
      sum += hours;
    }
    chosen.sort((a, b) => (a.day < b.day ? -1 : 1));
    for (const v of chosen) {
      // Towns and streets get more of the visits than departments and enterprises.
      const pool = own.flatMap((u) => (u.kind === 'town' || u.kind === 'street' ? [u, u] : [u]));
      const unit = rng.pick(pool);
      const kind =
        unit.kind === 'town' || unit.kind === 'street' ? 'town' : unit.kind === 'soe' ? 'soe' : 'department';
      const team = teamOn(v.day, unit.id);
      const linked = team.length && rng.chance(0.55) ? rng.shuffle(team).slice(0, rng.int(1, 2)) : [];
      const met = linked.length
        ? `${linked.map((s) => `${s.post?.split('、').pop() ?? ''}${s.name}`).join('、')}${rng.pick(MET_EXTRA[kind])}`
        : `${unit.name}${rng.pick(MET_GROUPS[kind])} ${rng.int(3, 12)} 人`;
      let learned = rng.pick(LEARNED[kind]);
      if (linked.length && rng.chance(0.6))
        learned += `；${linked[0]!.name}同志${rng.pick(['分管工作思路清晰、推进有力', '在一线协调解决问题较多，基层评价好', '对分管领域情况掌握不够细，需加强调研', '工作积极主动，群众反映较好'])}`;
      const id = randomUUID();
      const recorded = at(v.day, 18, rng.int(0, 59));
      rows.push({
        id,
        leaderCadreId: g.leaderCadreId,
        visitDate: v.day,
        unitId: unit.id,
        hours: String(v.hours),
        met,
        learned: `${learned}。`,
        cadreIds: linked.map((s) => s.id),
        createdAt: recorded,
        createdBy: d.people.officer,
        updatedAt: recorded,
        updatedBy: d.people.officer,
      });
      for (const s of linked)
        events.push({
          cadreId: s.id,
          occurredOn: v.day,
          module: 'opinion',
          kind: 'visit',
          title: '包联领导走访时了解情况',
          recordType: 'opinion_visit',
          recordId: id,
          visibility: 'org',
          createdBy: d.people.officer,
        });
    }
  }
  await insertChunks(tx, opinionVisits, rows);
  for (let i = 0; i < events.length; i += 1000) await addTimelineEvents(tx, events.slice(i, i + 1000));
}
