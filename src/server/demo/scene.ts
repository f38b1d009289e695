import { and, asc, eq } from 'drizzle-orm';
import { rankEvent } from '../../analytics/judging.ts';
import {
  DEFAULT_DIMENSIONS,
  type Dimension,
  SCENE_KIND_LABELS,
  type SceneKind,
} from '../../common/contracts/scene.ts';
import type { Tx } from '../db/client.ts';
import {
  authUserRoles,
  authUsers,
  orgAppointments,
  orgCadres,
  orgUnits,
  sceneActivities,
  sceneNominations,
  sceneObservations,
  sceneScores,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { addDays, endOfLocalDay, localDay } from '../lib/time.ts';
import { addTimelineEvents, type TimelineEventInput } from '../modules/org/timeline.service.ts';
import { nominationTodo } from '../modules/scene/scene.todos.ts';
import { DEMO_YEAR } from './county.ts';

/**
 * 走进现场察担当 for the demo county: the organization department attends units' party committee
 * meetings (政策贯彻落实 and “三重一大” agenda items), inspects flood and typhoon defence and major
 * project pushes, and holds 实践破难挑战赛 and 实践真知上讲台 where five judges (one lenient, one
 * strict) score 思路/实招/成效. The full county has the article's year: 15 activities and 17 cadres
 * confirmed as 担当作为突出, with a few nominations pending and two declined. Rows, timeline events
 * and release marks are written as scene.service writes them.
 */

type Scale = 'full' | 'small';
type Level = 'high' | 'mid' | 'low';

interface ActivitySpec {
  kind: SceneKind;
  subtype: string;
  title: string;
  /** The unit whose meeting was attended, or the lead unit of an inspection. */
  unit?: string;
  place: string;
  startsOn: string;
  endsOn: string;
  agenda?: { title: string; tag: 'policy' | 'sanzhong_yida' | 'other' }[];
  summary: string;
  /** Meetings and inspections: how many cadres of which units were observed. */
  observe?: [unit: string, count: number][];
  /** Include the demo cadre's own record (and whether the observation is released). */
  demoCadre?: 'released' | 'hidden';
  /** Events: the units participants come from and how many take part. */
  participants?: { units: string[]; count: number };
  /** Nominations: confirmed (by position among the observed, or by rank), pending, declined. */
  confirm?: number;
  pending?: number;
  decline?: number;
  /** Share of observations a leader has released to the cadre. */
  released?: number;
}

const Y = DEMO_YEAR;
const d = (md: string) => `${Y}-${md}`;

/** The panel: one lenient judge and one strict one, each sitting in one session of the day. */
const JUDGES: { name: string; bias: number; session?: 'am' | 'pm' }[] = [
  { name: '周明远（市委党校）', bias: 0 },
  { name: '林晓燕（市发展和改革局）', bias: 0.5 },
  { name: '陈国栋（高校特聘专家）', bias: -9, session: 'pm' },
  { name: '吴建华（企业家代表）', bias: 8, session: 'am' },
  { name: '郑雅琴（群众代表）', bias: -0.5 },
];

const FULL: ActivitySpec[] = [
  {
    kind: 'meeting',
    subtype: 'party_committee',
    title: '列席市发展和改革局党组会议',
    unit: '市发展和改革局',
    place: '市发展和改革局三楼会议室',
    startsOn: d('03-18'),
    endsOn: d('03-18'),
    agenda: [
      { title: '传达学习省委经济工作会议精神，研究贯彻落实举措', tag: 'policy' },
      { title: '2026年度政府投资项目计划安排', tag: 'sanzhong_yida' },
      { title: '局机关中层干部轮岗交流方案', tag: 'sanzhong_yida' },
      { title: '机关作风建设专项整治工作', tag: 'other' },
    ],
    summary: '议题事先征求意见，“三重一大”事项逐项表决，班子成员表态明确，个别议题论证材料不够充分。',
    observe: [['市发展和改革局', 6]],
    confirm: 1,
    released: 0.5,
  },
  {
    kind: 'meeting',
    subtype: 'party_committee',
    title: '列席市投资促进中心党组会议',
    unit: '市投资促进中心',
    place: '市投资促进中心会议室',
    startsOn: d('04-15'),
    endsOn: d('04-15'),
    agenda: [
      { title: '传达学习全省招商引资工作会议精神', tag: 'policy' },
      { title: '重大产业项目招引政策兑现（专项资金使用）', tag: 'sanzhong_yida' },
      { title: '驻外招商小分队人员调整', tag: 'other' },
    ],
    summary: '政策兑现事项经集体研究、依规决策；驻外招商力量调整方案讨论充分。',
    observe: [['市投资促进中心', 5]],
    demoCadre: 'released',
    decline: 1,
    released: 0.6,
  },
  {
    kind: 'meeting',
    subtype: 'party_committee',
    title: '列席清溪镇党委会议',
    unit: '清溪镇',
    place: '清溪镇党委会议室',
    startsOn: d('05-20'),
    endsOn: d('05-20'),
    agenda: [
      { title: '深化“千万工程”推进和美乡村建设', tag: 'policy' },
      { title: '镇强村公司投资项目决策', tag: 'sanzhong_yida' },
      { title: '村级工程项目招投标监管办法', tag: 'sanzhong_yida' },
    ],
    summary: '班子围绕强村富民充分讨论，投资项目经风险评估后表决，会后明确责任分工。',
    observe: [['清溪镇', 6]],
    confirm: 1,
    released: 0.3,
  },
  {
    kind: 'meeting',
    subtype: 'party_committee',
    title: '列席市城市建设投资集团党委会议',
    unit: '市城市建设投资集团',
    place: '城投集团会议中心',
    startsOn: d('06-17'),
    endsOn: d('06-17'),
    agenda: [
      { title: '贯彻落实国有企业改革深化提升行动', tag: 'policy' },
      { title: '城市有机更新项目融资方案', tag: 'sanzhong_yida' },
      { title: '工程招标代理机构选定', tag: 'sanzhong_yida' },
      { title: '安全生产月活动安排', tag: 'other' },
    ],
    summary: '党委前置研究重大经营事项，融资方案表决前补充了债务风险测算。',
    observe: [['市城市建设投资集团', 5]],
    confirm: 1,
    released: 0.4,
  },
  {
    kind: 'meeting',
    subtype: 'party_committee',
    title: '列席芦湾镇党委会议',
    unit: '芦湾镇',
    place: '芦湾镇党委会议室',
    startsOn: d('09-09'),
    endsOn: d('09-09'),
    agenda: [
      { title: '防汛防台工作复盘及问题整改', tag: 'policy' },
      { title: '工业园区低效用地整治收储', tag: 'sanzhong_yida' },
      { title: '年度财政预算调整', tag: 'sanzhong_yida' },
    ],
    summary: '复盘直面问题，整改措施具体；低效用地收储方案表决程序规范。',
    observe: [['芦湾镇', 6]],
    confirm: 1,
    released: 0.3,
  },
  {
    kind: 'meeting',
    subtype: 'party_committee',
    title: '列席市住房和城乡建设局党组会议',
    unit: '市住房和城乡建设局',
    place: '市住房和城乡建设局会议室',
    startsOn: d('10-21'),
    endsOn: d('10-21'),
    agenda: [
      { title: '贯彻落实全省住房城乡建设工作要点', tag: 'policy' },
      { title: '老旧小区改造项目资金安排', tag: 'sanzhong_yida' },
      { title: '建筑市场领域专项整治', tag: 'other' },
    ],
    summary: '资金安排事项会前充分酝酿，个别班子成员发言较少。',
    observe: [['市住房和城乡建设局', 5]],
    pending: 1,
  },
  {
    kind: 'emergency',
    subtype: 'project_push',
    title: '城东片区成片拆改征迁攻坚现场考察',
    unit: '市城市更新与发展中心',
    place: '城东片区征迁现场',
    startsOn: d('04-07'),
    endsOn: d('04-10'),
    summary: '征迁签约进入攻坚阶段，考察组驻点 4 天，查看包户台账，走访被征迁户。',
    observe: [
      ['市城市更新与发展中心', 5],
      ['东城街道', 4],
    ],
    confirm: 2,
    released: 0.4,
  },
  {
    kind: 'emergency',
    subtype: 'flood_typhoon',
    title: '梅汛期强降雨防汛抢险现场考察',
    unit: '龙门镇',
    place: '龙门镇山塘水库、地质灾害隐患点',
    startsOn: d('06-22'),
    endsOn: d('06-24'),
    summary: '强降雨期间随镇防指检查山塘水库和地质灾害隐患点，查看人员转移和值班值守。',
    observe: [
      ['龙门镇', 6],
      ['市水利局', 2],
    ],
    confirm: 2,
    decline: 1,
    released: 0.3,
  },
  {
    kind: 'emergency',
    subtype: 'flood_typhoon',
    title: '第4号台风防御一线考察',
    unit: '沙岙镇',
    place: '沙岙镇沿海村居、渔港、海塘',
    startsOn: d('07-28'),
    endsOn: d('07-30'),
    summary: '台风登陆前后全程跟进，查看渔船回港、危旧房人员转移和海塘巡查。',
    observe: [
      ['沙岙镇', 6],
      ['市应急管理局', 2],
      ['市港航口岸和渔业局', 2],
    ],
    confirm: 2,
    released: 0.5,
  },
  {
    kind: 'emergency',
    subtype: 'flood_typhoon',
    title: '第12号台风防御及灾后恢复考察',
    unit: '海屿镇',
    place: '海屿镇海岛村、避灾安置点',
    startsOn: d('09-14'),
    endsOn: d('09-17'),
    summary: '考察台风防御和灾后恢复：安置点保障、电力通信抢修、受损农田和养殖塘排涝。',
    observe: [
      ['海屿镇', 6],
      ['市应急管理局', 1],
      ['市农业农村局', 2],
    ],
    confirm: 2,
    released: 0.4,
  },
  {
    kind: 'emergency',
    subtype: 'project_push',
    title: '重大产业项目“签约即开工”攻坚考察',
    unit: '市重点工程建设中心',
    place: '市经济开发区重大产业项目现场',
    startsOn: d('10-13'),
    endsOn: d('10-16'),
    summary: '跟踪 3 个重大产业项目从签约到开工的审批、供地和施工准备，查看专班运转。',
    observe: [
      ['市重点工程建设中心', 4],
      ['市经济开发区管委会', 4],
      ['市投资促进中心', 1],
    ],
    demoCadre: 'hidden',
    confirm: 1,
    pending: 1,
  },
  {
    kind: 'event',
    subtype: 'challenge',
    title: '第一期实践破难挑战赛：招商引资破难题',
    place: '市委党校报告厅',
    startsOn: d('05-27'),
    endsOn: d('05-27'),
    summary: '10 名干部围绕招商引资中的真难题现场答辩，评委从思路、实招、成效三方面打分。',
    participants: {
      units: ['市商务局', '市经济和信息化局', '市科学技术局', '市高新技术产业园区管委会', '市财政局'],
      count: 10,
    },
    confirm: 2,
  },
  {
    kind: 'event',
    subtype: 'lecture',
    title: '实践真知上讲台（第一讲）：基层治理一线经验',
    place: '市委党校报告厅',
    startsOn: d('06-26'),
    endsOn: d('06-26'),
    summary: '8 名乡镇（街道）干部讲述基层治理中的实招硬招，评委现场点评打分。',
    participants: { units: ['西岙街道', '南港街道', '北湖街道', '清溪镇'], count: 8 },
    confirm: 1,
  },
  {
    kind: 'event',
    subtype: 'challenge',
    title: '第二期实践破难挑战赛：城市更新攻坚',
    place: '市委党校报告厅',
    startsOn: d('09-24'),
    endsOn: d('09-24'),
    summary: '12 名干部围绕城市更新中的征迁、融资和运营难题现场比拼。',
    participants: {
      units: ['市自然资源和规划局', '市土地储备中心', '市住房保障中心', '南港街道', '市交通投资集团'],
      count: 12,
    },
    confirm: 1,
  },
  {
    kind: 'event',
    subtype: 'lecture',
    title: '实践真知上讲台（第二讲）：重大项目推进方法论',
    place: '市委党校报告厅',
    startsOn: d('11-11'),
    endsOn: d('11-11'),
    summary: '9 名项目一线干部分享重大项目从谋划到落地的推进方法。',
    participants: {
      units: ['市交通运输局', '市公路与运输管理中心', '市高新技术产业园区管委会', '市水利局'],
      count: 9,
    },
    pending: 1,
  },
];

const SMALL: ActivitySpec[] = [
  {
    ...FULL[1]!,
    observe: [['市投资促进中心', 4]],
    decline: 1,
  },
  {
    kind: 'emergency',
    subtype: 'flood_typhoon',
    title: '第4号台风防御一线考察',
    unit: '东城街道',
    place: '东城街道沿江社区、地下车库',
    startsOn: d('07-28'),
    endsOn: d('07-30'),
    summary: '台风过境期间查看低洼区域人员转移、地下空间挡水和值班值守。',
    observe: [['东城街道', 5]],
    confirm: 1,
    released: 0.4,
  },
  {
    kind: 'emergency',
    subtype: 'project_push',
    title: '城东片区成片拆改征迁攻坚现场考察',
    unit: '市城市更新与发展中心',
    place: '城东片区征迁现场',
    startsOn: d('10-13'),
    endsOn: d('10-16'),
    summary: '征迁签约进入攻坚阶段，考察组驻点 4 天，查看包户台账，走访被征迁户。',
    observe: [
      ['市城市更新与发展中心', 4],
      ['市经济和信息化局', 2],
    ],
    demoCadre: 'hidden',
    pending: 1,
  },
  {
    kind: 'event',
    subtype: 'lecture',
    title: '实践真知上讲台（第一讲）：重大项目推进方法论',
    place: '市委党校报告厅',
    startsOn: d('09-24'),
    endsOn: d('09-24'),
    summary: '6 名干部分享重大项目推进中的实招硬招，评委现场点评打分。',
    participants: { units: ['市经济和信息化局', '市城市建设投资集团', '东城街道'], count: 6 },
    confirm: 1,
  },
];

// ——— what the notes say ———

const MEETING_NOTES: Record<Level, string[]> = {
  high: [
    '围绕“{t}”主动表态，结合分管领域提出分步实施的具体举措，对不同意见逐条回应，敢于拍板、勇于担责。',
    '发言紧扣“{t}”，事前做了充分调研，提出的风险防控建议被会议采纳，主动承担牵头任务。',
    '对“{t}”中的难点不回避，明确提出时间表和责任人，体现了较强的担当意识和决策能力。',
    '就“{t}”提出测算依据和备选方案，提醒补充合法性审查，会后第一时间牵头落实。',
  ],
  mid: [
    '对“{t}”表示同意，结合分管工作作了补充说明，发言较为简要。',
    '围绕“{t}”发表了意见，提出一条具体建议，对其他议题发言较少。',
    '对“{t}”表态明确，但对落实中的难点分析不够深入。',
    '就“{t}”谈了分管领域的落实打算，措施较为原则。',
    '对“{t}”提出需加强部门协同，具体路径未展开。',
    '讨论“{t}”时能够结合实际发表意见，主动认领任务不多。',
  ],
  low: [
    '对“{t}”仅作原则性表态，未结合分管领域提出意见。',
    '讨论“{t}”时发言较少，会前对议题材料准备不够充分。',
    '对“{t}”的表态以附和为主，对风险点未作回应。',
  ],
};
const STANCES: Record<Level, string[]> = {
  high: ['同意，并建议先行试点、分两批实施', '同意，主动承担牵头落实任务', '同意，补充提出风险防控措施'],
  mid: ['同意', '原则同意，建议完善配套细则', '同意，建议加强部门协同'],
  low: ['原则同意', '未明确表态'],
};
const EMERGENCY_NOTES: Record<string, Record<Level, string[]>> = {
  flood_typhoon: {
    high: [
      '台风登陆前连续 30 余小时驻守一线，带队逐户转移危旧房群众 {n} 人，现场调度有序，冲锋在前。',
      '强降雨期间坚守山塘水库巡查点，发现险情第一时间组织抢护，果断转移下游群众 {n} 人。',
      '灾后第一时间带队清淤排涝，协调电力通信抢修，安置点群众生活保障到位。',
      '夜间巡查发现海塘渗漏，立即组织抢险队封堵，并提前转移低洼区群众 {n} 人。',
    ],
    mid: [
      '按防指部署落实包片责任，完成人员转移 {n} 人，值班值守到位。',
      '参与巡查和转移工作，台账记录完整，现场协调能力有待提升。',
      '在岗在位，完成分配的转移和巡查任务，对突发情况处置稍显被动。',
      '负责安置点保障，物资调配基本到位，与村社衔接还不够顺畅。',
      '按要求检查渔船回港和船员上岸情况，未发现遗漏，主动补位不多。',
      '参与灾后排涝和道路清障，完成分配任务，统筹协调作用发挥一般。',
    ],
    low: [
      '到岗时间偏晚，包片区域转移台账不够清楚，经提醒后补齐。',
      '现场履职较被动，主要依靠村社干部推进，靠前指挥不够。',
      '对包片区域隐患点底数掌握不清，转移名单与实际有出入。',
    ],
  },
  project_push: {
    high: [
      '驻点攻坚，逐户上门做工作，协调解决历史遗留问题 {n} 个，签约进度全片第一。',
      '牵头项目专班，倒排工期、挂图作战，审批供地环节主动上门服务，推动项目提前开工。',
      '面对群众诉求不推不躲，现场研究解决方案，化解矛盾纠纷 {n} 起。',
      '主动对接企业梳理堵点清单，跨部门协调并联审批，施工许可比计划提前办结。',
    ],
    mid: [
      '按专班分工推进包户工作，进度基本符合计划，个别难点户仍在协调。',
      '参与项目协调会并落实分工事项，主动对接企业不够。',
      '完成包联任务，工作台账较完整，攻坚办法不多。',
      '负责政策解释和评估对接，答复群众问题较准确，上门频次偏少。',
      '跟进审批事项办理，按时报送进度，对跨部门问题等待协调较多。',
      '按计划完成分配的包户签约，对难点户的工作方法还需丰富。',
    ],
    low: [
      '包户进度滞后，遇到难点等靠上级协调，主动作为不够。',
      '对项目推进中的堵点掌握不清，现场答复企业问题不够具体。',
      '驻点时间不足，包户台账更新不及时。',
    ],
  },
};

const REASONS: Record<string, string[]> = {
  meeting: [
    '列席会议中围绕“三重一大”事项主动表态、依规决策，提出的风险防控建议被采纳，担当作为突出。',
    '在重大事项决策中敢于拍板、勇于担责，会后牵头抓落实成效明显。',
  ],
  flood_typhoon: [
    '防汛防台一线冲锋在前，带队转移群众、处置险情果断有力，担当作为突出。',
    '强降雨和台风期间坚守一线，靠前指挥、组织有力，未发生人员伤亡。',
    '灾后恢复中主动作为，统筹抢修和安置保障，群众评价高。',
  ],
  project_push: [
    '重大项目攻坚中驻点一线、逐户攻坚，推动征迁签约提前完成，担当作为突出。',
    '牵头项目专班，破解审批供地堵点，推动项目“签约即开工”。',
  ],
  challenge: [
    '实践破难挑战赛中思路清晰、实招管用、成效可量化，经评委校正后排名前列。',
    '挑战赛中直面本领域真难题，提出的破解办法已在实际工作中见效，评委评价高。',
  ],
  lecture: [
    '实践真知上讲台中分享的经验可复制可推广，评委校正后得分位居前列。',
    '讲述的一线工作方法扎实管用，已在多个乡镇（部门）推广。',
  ],
};
const DECLINE_NOTES = [
  '现场表现较好，但担当作为的实绩依据尚不充分，暂不认定。',
  '同一事项已在其他活动中认定，不再重复认定。',
];

const gauss = (rng: Rng) => {
  let u = 0;
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
};
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
/** A local time of day on a day, as an instant. */
const at = (day: string, hh: number, mm = 0) =>
  new Date(endOfLocalDay(day).getTime() + 1 - (24 - hh) * 3_600_000 + mm * 60_000);

interface Cadre {
  id: string;
  name: string;
  unitId: string | null;
  unitName: string;
  teamPlace: string | null;
}

const TEAM_ORDER: Record<string, number> = { 正职: 0, 副职: 1, 成员: 2 };

export async function seedScene(
  ctx: Ctx,
  tx: Tx,
  scale: Scale,
  people: { officer: string; leader: string },
): Promise<void> {
  const rng = new Rng(20260722);
  const specs = scale === 'full' ? FULL : SMALL;
  const units = await tx.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits);
  const unitId = new Map(units.map((u) => [u.name, u.id]));
  const cadres: Cadre[] = await tx
    .select({
      id: orgCadres.id,
      name: orgCadres.name,
      unitId: orgCadres.unitId,
      unitName: orgUnits.name,
      teamPlace: orgCadres.teamPlace,
    })
    .from(orgCadres)
    .innerJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .where(eq(orgCadres.status, 'active'))
    .orderBy(asc(orgCadres.code));
  // Cadres transferred during the year sat elsewhere on some activity days: leave them out.
  const movers = new Set(
    (
      await tx
        .select({ cadreId: orgAppointments.cadreId })
        .from(orgAppointments)
        .where(eq(orgAppointments.kind, 'transfer'))
    ).map((m) => m.cadreId),
  );
  const [own] = await tx
    .select({ cadreId: authUserRoles.cadreId })
    .from(authUserRoles)
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .where(and(eq(authUsers.username, 'cadre'), eq(authUserRoles.role, 'cadre')));
  const demoCadre = own?.cadreId ?? null;
  const byUnit = new Map<string, Cadre[]>();
  for (const c of cadres) {
    if (movers.has(c.id) || c.id === demoCadre) continue;
    byUnit.set(c.unitName, [...(byUnit.get(c.unitName) ?? []), c]);
  }
  for (const list of byUnit.values())
    list.sort((a, b) => (TEAM_ORDER[a.teamPlace ?? ''] ?? 3) - (TEAM_ORDER[b.teamPlace ?? ''] ?? 3));
  const used = new Set<string>();
  /** The next cadres of a unit not yet taken (team order: 正职 first), so everyone shows once. */
  const take = (unit: string, n: number) => {
    const out = (byUnit.get(unit) ?? []).filter((c) => !used.has(c.id)).slice(0, n);
    for (const c of out) used.add(c.id);
    return out;
  };
  const cadreById = new Map(cadres.map((c) => [c.id, c]));

  const activityRows = await tx
    .insert(sceneActivities)
    .values(
      specs.map((s) => ({
        kind: s.kind,
        subtype: s.subtype,
        title: s.title,
        unitId: s.unit ? (unitId.get(s.unit) ?? null) : null,
        place: s.place,
        startsOn: s.startsOn,
        endsOn: s.endsOn,
        agenda: s.agenda ?? [],
        dimensions: DEFAULT_DIMENSIONS[s.kind],
        summary: s.summary,
        createdAt: at(addDays(s.startsOn, -3), 9),
        createdBy: people.officer,
        updatedAt: at(addDays(s.startsOn, -3), 9),
        updatedBy: people.officer,
      })),
    )
    .returning({ id: sceneActivities.id });

  const observations: (typeof sceneObservations.$inferInsert)[] = [];
  const scores: (typeof sceneScores.$inferInsert)[] = [];
  const nominations: (typeof sceneNominations.$inferInsert & { title: string })[] = [];
  let declines = 0;

  for (const [i, s] of specs.entries()) {
    const activityId = activityRows[i]!.id;
    const dims: Dimension[] = DEFAULT_DIMENSIONS[s.kind];
    const recordedAt = at(addDays(s.endsOn, 1), 16, rng.int(0, 59));
    const nominatedOn = addDays(s.endsOn, rng.int(2, 4));
    const decidedOn = addDays(nominatedOn, rng.int(5, 9));
    // Notes and reasons of one activity do not repeat each other (until a level's templates run out).
    const said = new Set<string>();
    const fresh = (list: string[]) => {
      const left = list.filter((x) => !said.has(x));
      const t = rng.pick(left.length ? left : list);
      said.add(t);
      return t;
    };
    /** Candidates for nomination in order of merit. */
    let ranked: string[] = [];

    if (s.kind !== 'event') {
      const chosen = (s.observe ?? []).flatMap(([u, n]) => take(u, n));
      if (s.demoCadre && demoCadre) chosen.splice(1, 0, cadreById.get(demoCadre)!);
      // Who stood out: the nominated first, a few weaker ones at the end.
      const nominate = (s.confirm ?? 0) + (s.pending ?? 0) + (s.decline ?? 0);
      const order = rng.shuffle(chosen.filter((c) => c.id !== demoCadre));
      const weak = order.length >= 8 ? 2 : order.length >= 4 ? 1 : 0;
      const levels = new Map<string, Level>();
      for (const [k, c] of order.entries())
        levels.set(c.id, k < nominate ? 'high' : k >= order.length - weak ? 'low' : 'mid');
      if (demoCadre) levels.set(demoCadre, 'high');
      ranked = order.slice(0, nominate).map((c) => c.id);
      const releasedShare = s.released ?? 0;
      for (const c of chosen) {
        const level = levels.get(c.id)!;
        const ratings: Record<string, number> = {};
        for (const dim of dims) {
          const base = level === 'high' ? 4.6 : level === 'mid' ? 3.6 : 2.5;
          ratings[dim.code] = Math.round(clamp(base + gauss(rng) * 0.5, 1, 5));
        }
        const topic = s.agenda?.length ? rng.pick(s.agenda.filter((a) => a.tag !== 'other')).title : '';
        const template = fresh(
          s.kind === 'meeting'
            ? MEETING_NOTES[level]
            : EMERGENCY_NOTES[s.subtype === 'flood_typhoon' ? 'flood_typhoon' : 'project_push']![level],
        );
        const released = c.id === demoCadre ? s.demoCadre === 'released' : rng.chance(releasedShare);
        observations.push({
          activityId,
          cadreId: c.id,
          unitId: c.unitId,
          ratings,
          stance: s.kind === 'meeting' ? rng.pick(STANCES[level]) : null,
          followedRules:
            s.kind === 'meeting' ? (level === 'low' ? (rng.chance(0.5) ? 'partly' : 'yes') : 'yes') : null,
          notes: template.replace('{t}', topic).replace('{n}', String(rng.int(12, 160))),
          releasedAt: released ? at(addDays(s.endsOn, 10), 10, rng.int(0, 59)) : null,
          releasedBy: released ? people.leader : null,
          createdAt: recordedAt,
          createdBy: people.officer,
          updatedAt: recordedAt,
          updatedBy: people.officer,
        });
      }
    } else {
      const pool = rng.shuffle(s.participants!.units.flatMap((u) => take(u, 4)));
      const who = pool.slice(0, s.participants!.count);
      for (const c of pool.slice(s.participants!.count)) used.delete(c.id);
      const sheet: { judge: string; cadreId: string; scores: Record<string, number> }[] = [];
      for (const [k, c] of who.entries()) {
        const quality = 72 + gauss(rng) * 8;
        const byDim = Object.fromEntries(dims.map((dim) => [dim.code, quality + gauss(rng) * 4]));
        // Two sessions: the lenient judge sits in the morning only, the strict one in the afternoon.
        const session = k % 2 === 0 ? 'am' : 'pm';
        for (const j of JUDGES) {
          if (j.session && j.session !== session) continue;
          const sc: Record<string, number> = {};
          for (const dim of dims)
            sc[dim.code] = Math.round(clamp(byDim[dim.code]! + j.bias + gauss(rng) * 3, 40, 100));
          sheet.push({ judge: j.name, cadreId: c.id, scores: sc });
        }
      }
      // Judges enter their sheets one after another; the ranking is the one the activity page shows.
      for (const [k, row] of sheet.entries()) {
        const when = at(s.endsOn, 15, k % 50);
        scores.push({
          activityId,
          ...row,
          createdAt: when,
          createdBy: people.officer,
          updatedAt: when,
          updatedBy: people.officer,
        });
      }
      ranked = rankEvent(
        dims,
        sheet.map((x) => ({ judge: x.judge, participant: x.cadreId, scores: x.scores })),
      ).participants.map((p) => p.target);
    }

    // Nominations: the best first (confirmed), then the pending ones, then any declined.
    const plan: ('confirmed' | 'pending' | 'declined')[] = [
      ...Array<'confirmed'>(s.confirm ?? 0).fill('confirmed'),
      ...Array<'pending'>(s.pending ?? 0).fill('pending'),
      ...Array<'declined'>(s.decline ?? 0).fill('declined'),
    ];
    const reasonKey = s.kind === 'meeting' ? 'meeting' : s.subtype;
    for (const [k, status] of plan.entries()) {
      const cadreId = ranked[k];
      if (!cadreId) break;
      const decided = status !== 'pending';
      nominations.push({
        activityId,
        cadreId,
        reason: fresh(REASONS[reasonKey]!),
        status,
        decidedAt: decided ? at(decidedOn, 17) : null,
        decidedBy: decided ? people.leader : null,
        decisionNote:
          status === 'declined'
            ? DECLINE_NOTES[declines++ % DECLINE_NOTES.length]!
            : status === 'confirmed'
              ? '经部务会研究，认定为担当作为突出'
              : null,
        createdAt: at(nominatedOn, 11, k),
        createdBy: people.officer,
        title: s.title,
      });
    }
  }

  const obsRows = observations.length
    ? await tx.insert(sceneObservations).values(observations).returning({
        id: sceneObservations.id,
        cadreId: sceneObservations.cadreId,
        activityId: sceneObservations.activityId,
      })
    : [];
  if (scores.length) await tx.insert(sceneScores).values(scores);
  const nomRows = nominations.length
    ? await tx
        .insert(sceneNominations)
        .values(nominations.map(({ title: _t, ...n }) => n))
        .returning({ id: sceneNominations.id })
    : [];

  // The timeline as saveObservation and decideNomination write it.
  const specOf = new Map(activityRows.map((a, i) => [a.id, specs[i]!]));
  const events: TimelineEventInput[] = obsRows.map((o) => {
    const s = specOf.get(o.activityId)!;
    return {
      cadreId: o.cadreId,
      occurredOn: s.startsOn,
      module: 'scene',
      kind: 'observation',
      title: `现场考察：${SCENE_KIND_LABELS[s.kind]}`,
      recordType: 'scene_observation',
      recordId: o.id,
      visibility: 'org_self',
      createdBy: people.officer,
    };
  });
  nominations.forEach((n, k) => {
    if (n.status !== 'confirmed') return;
    events.push({
      cadreId: n.cadreId,
      occurredOn: localDay(n.decidedAt!),
      module: 'scene',
      kind: 'outstanding',
      title: `担当作为突出：${n.title}`,
      recordType: 'scene_nomination',
      recordId: nomRows[k]!.id,
      visibility: 'org_self',
      createdBy: people.leader,
    });
  });
  await addTimelineEvents(tx, events);
  // The nominations still waiting for 确认 are on their leader's to-do list, as nominate puts them.
  for (const [k, n] of nominations.entries())
    if (n.status === 'pending')
      await nominationTodo(ctx, tx, { id: nomRows[k]!.id, cadreId: n.cadreId, activityTitle: n.title });
}
