import { type SQL, sql } from 'drizzle-orm';
import { DOWN_KINDS, PUBLICITY_KINDS } from '../../../common/contracts/quadrant.ts';
import type { PeriodView } from '../../../common/contracts/reports.ts';
import { rows } from '../../db/client.ts';
import type { Ctx } from '../../lib/context.ts';
import { type DocxSection, exportDocx } from '../../lib/docx.ts';
import { AppError } from '../../lib/errors.ts';
import { convertToPdf, pdfAvailable } from '../../lib/pdf.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { deliveryStats } from '../delivery/stats.service.ts';

/**
 * The period report of the whole method, in the article's form: each 走进 and 同步, then what the
 * results were used for (能上能下, 一事一奖, 一人一策), each with its sentence and the figures in it.
 * Every figure is a count over the records of the period (the `basis` says which and how); nothing
 * is typed in. A day is the jurisdiction's (Asia/Shanghai).
 */

const PERIOD_TITLE = '“三走进三同步”领导干部政绩观考察工作情况报告';

type Part = PeriodView['parts'][number];
type Figure = Part['figures'][number];

const day = (col: string) => sql.raw(`(${col} at time zone 'Asia/Shanghai')::date`);
const kinds = (ks: readonly string[]) => sql.raw(ks.map((k) => `'${k.replace(/'/g, '')}'`).join(', '));

async function count(ctx: Ctx, q: SQL): Promise<number> {
  const [r] = await rows<{ n: number }>(ctx.db, sql`select (${q})::int as n`);
  return Number(r?.n ?? 0);
}

const fig = (
  key: string,
  label: string,
  value: number,
  unit: string,
  basis: string,
  link: string | null = null,
): Figure => ({
  key,
  label,
  value,
  unit,
  basis,
  link,
});

async function walkDelivery(ctx: Ctx, from: string, to: string): Promise<Part> {
  const s = await deliveryStats(ctx, from, to);
  const basis = '对账考察（已开始的计划）中核验日期在本期的核验记录';
  const link = `/delivery/stats?from=${from}&to=${to}`;
  return {
    key: 'delivery',
    title: '走进一线看实绩',
    group: 'walk',
    sentence: s.sentence,
    figures: [
      fig('domains', '考察领域', s.overall.domains, '个', `${basis}所涉履职事项的领域数`, link),
      fig('towns', '考察乡镇（街道）', s.overall.towns, '个', `${basis}所涉干部所在乡镇（街道）数`, link),
      fig('cadres', '对账考察领导干部', s.overall.cadres, '名', `${basis}的干部人数（去重）`, link),
      fig('items', '现场核验履职清单', s.overall.items, '项', `${basis}条数`, link),
      fig(
        'findings',
        '发现并督促整改问题',
        s.overall.findings,
        '个',
        '上述核验形成且已认定（含申诉中）的考察发现',
        link,
      ),
      fig('rectified', '已整改销号', s.overall.rectified, '个', '上述问题中整改单已销号的', link),
    ],
  };
}

async function walkScene(ctx: Ctx, from: string, to: string): Promise<Part> {
  const act = (kind?: string) =>
    count(
      ctx,
      sql`select count(*) from scene_activities where starts_on between ${from}::date and ${to}::date
          ${kind ? sql`and kind = ${kind}` : sql``}`,
    );
  const [all, meeting, emergency, event] = await Promise.all([
    act(),
    act('meeting'),
    act('emergency'),
    act('event'),
  ]);
  const outstanding = await count(
    ctx,
    sql`select count(distinct cadre_id) from scene_nominations
        where status = 'confirmed' and ${day('decided_at')} between ${from}::date and ${to}::date`,
  );
  const basis = '开始日期在本期的现场考察活动';
  return {
    key: 'scene',
    title: '走进现场察担当',
    group: 'walk',
    sentence: `已开展现场考察调研活动 ${all} 场次（列席党委（党组）会议 ${meeting} 场次、急难险重专项考察 ${emergency} 场次、实践破难挑战等活动 ${event} 场次），发现担当作为、实绩突出的干部 ${outstanding} 人。`,
    figures: [
      fig('activities', '现场考察调研活动', all, '场次', basis, '/scene/activities'),
      fig('meetings', '列席党委（党组）会议', meeting, '场次', `${basis}（列席会议）`, '/scene/activities'),
      fig('emergencies', '急难险重专项考察', emergency, '场次', `${basis}（急难险重）`, '/scene/activities'),
      fig('events', '破难挑战等活动', event, '场次', `${basis}（破难挑战）`, '/scene/activities'),
      fig(
        'outstanding',
        '担当作为、实绩突出的干部',
        outstanding,
        '人',
        '本期经领导确认的担当作为突出提名（按干部去重）',
        '/scene/nominations',
      ),
    ],
  };
}

async function walkOpinion(ctx: Ctx, from: string, to: string): Promise<Part> {
  const closed = sql`select id from opinion_campaigns where status = 'closed'
                     and ${day('closed_at')} between ${from}::date and ${to}::date`;
  const [units, visits, rounds, cadres, entries] = await Promise.all([
    count(ctx, sql`select count(*) from org_units where liaison_group_id is not null`),
    count(
      ctx,
      sql`select count(*) from opinion_visits where withdrawn_at is null and visit_date between ${from}::date and ${to}::date`,
    ),
    count(ctx, sql`select count(*) from (${closed}) c`),
    count(ctx, sql`select count(distinct cadre_id) from opinion_profiles where campaign_id in (${closed})`),
    count(ctx, sql`select count(*) from opinion_entries where campaign_id in (${closed})`),
  ]);
  return {
    key: 'opinion',
    title: '走进群众听民意',
    group: 'walk',
    sentence: `部务会成员包联 ${units} 家单位，本期一线走访 ${visits} 次；完成 ${rounds} 轮“上级评价+同级互评+下级评议+群众测评”，为 ${cadres} 名领导干部形成口碑档案，形成评价内容 ${entries} 条。`,
    figures: [
      fig('units', '编组包联单位', units, '家', '已编入包联组的单位（当前）', '/org/units'),
      fig('visits', '包联一线走访', visits, '次', '走访日期在本期且未撤回的走访记录', '/opinion/visits'),
      fig('rounds', '完成测评', rounds, '轮', '本期关闭的测评', '/opinion/campaigns'),
      fig(
        'cadres',
        '形成口碑档案的领导干部',
        cadres,
        '名',
        '本期关闭的测评中有口碑档案的干部（去重）',
        '/opinion/campaigns',
      ),
      fig('entries', '评价内容', entries, '条', '本期关闭的测评中收到的文字评价', '/opinion/entries'),
    ],
  };
}

async function syncEconomy(ctx: Ctx, from: string, to: string): Promise<Part> {
  const [core, alerts, divergence, talked] = await Promise.all([
    count(ctx, sql`select count(*) from economy_indicators where core and active`),
    count(
      ctx,
      sql`select count(*) from economy_alerts where status = 'escalated' and ${day('created_at')} between ${from}::date and ${to}::date`,
    ),
    count(
      ctx,
      sql`select count(*) from economy_alerts where status = 'escalated' and kind in ('quantity_quality', 'growth_efficiency')
          and ${day('created_at')} between ${from}::date and ${to}::date`,
    ),
    count(
      ctx,
      sql`select count(distinct cadre_id) from economy_interviews where interviewed_on between ${from}::date and ${to}::date`,
    ),
  ]);
  return {
    key: 'economy',
    title: '与经济运行同步诊断',
    group: 'sync',
    sentence: `将 ${core} 项核心经济指标纳入领导干部政绩观考察评价体系；通过数据联动分析，发现经济运行中的问题 ${alerts} 个（其中“重数量轻质量”“重增速轻效益”问题 ${divergence} 个），约谈干部 ${talked} 人。`,
    figures: [
      fig('core', '核心经济指标', core, '项', '指标目录中在用的核心指标（当前）', '/economy/catalog'),
      fig('alerts', '发现经济运行问题', alerts, '个', '本期产生并经研判升级的预警', '/economy/alerts'),
      fig(
        'divergence',
        '其中背离问题',
        divergence,
        '个',
        '上述预警中类型为重数量轻质量、重增速轻效益的',
        '/economy/alerts',
      ),
      fig(
        'interviewed',
        '约谈干部',
        talked,
        '人',
        '约谈日期在本期的约谈记录（按干部去重）',
        '/economy/interviews',
      ),
    ],
  };
}

async function syncKeywork(ctx: Ctx, from: string, to: string): Promise<Part> {
  const [meetings, inspections, units] = await Promise.all([
    count(
      ctx,
      sql`select count(distinct m.id) from keywork_meetings m join keywork_attendances a on a.meeting_id = m.id
          where m.held_on between ${from}::date and ${to}::date`,
    ),
    count(
      ctx,
      sql`select count(*) from keywork_inspections where ${day('opened_at')} between ${from}::date and ${to}::date`,
    ),
    count(
      ctx,
      sql`select count(distinct unit_id) from keywork_assessments
          where concluded_at is not null and ${day('concluded_at')} between ${from}::date and ${to}::date`,
    ),
  ]);
  return {
    key: 'keywork',
    title: '与重点工作同步评估',
    group: 'sync',
    sentence: `组织部门列席市级专题研究会、专班攻坚调度会 ${meetings} 次，针对任务进度异常开展定向考察 ${inspections} 次，对 ${units} 家单位班子开展专项研判。`,
    figures: [
      fig(
        'meetings',
        '列席专题研究会、调度会',
        meetings,
        '次',
        '召开日期在本期且有列席记录的会议',
        '/keywork/meetings',
      ),
      fig('inspections', '定向考察', inspections, '次', '本期启动的定向考察', '/keywork/inspections'),
      fig(
        'assessed',
        '专项研判单位班子',
        units,
        '家',
        '本期作出结论的专项研判（按单位去重）',
        '/keywork/assessments',
      ),
    ],
  };
}

async function syncGrowth(ctx: Ctx, from: string, to: string): Promise<Part> {
  const outstanding = await count(
    ctx,
    sql`select count(distinct cadre_id) from growth_outstanding
        where status = 'confirmed' and ${day('decided_at')} between ${from}::date and ${to}::date`,
  );
  return {
    key: 'growth',
    title: '与个体成长同步解析',
    group: 'sync',
    sentence: `依托领导班子分工锁定职责范围，区分平台资源与个人贡献，已有 ${outstanding} 名优秀干部在政绩观考察中脱颖而出。`,
    figures: [
      fig(
        'outstanding',
        '脱颖而出的优秀干部',
        outstanding,
        '名',
        '本期经领导确认的脱颖而出（按干部去重）',
        '/growth/outstanding',
      ),
    ],
  };
}

async function resultsInUse(ctx: Ctx, from: string, to: string): Promise<Part[]> {
  const effective = (ks: readonly string[]) =>
    count(
      ctx,
      sql`select count(distinct cadre_id) from quadrant_decisions
          where status = 'effective' and kind in (${kinds(ks)}) and effective_on between ${from}::date and ${to}::date`,
    );
  const awarded = sql`select id, collective_name from rewards_applications
                      where status = 'awarded' and ${day('awarded_at')} between ${from}::date and ${to}::date`;
  const [up, down, collectives, individuals, applications, applicants, plans] = await Promise.all([
    effective(PUBLICITY_KINDS),
    effective(DOWN_KINDS),
    count(ctx, sql`select count(*) from (${awarded}) a where a.collective_name is not null`),
    count(
      ctx,
      sql`select count(distinct x.cadre_id) from rewards_application_cadres x
          join (${awarded}) a on a.id = x.application_id where a.collective_name is null`,
    ),
    count(
      ctx,
      sql`select count(*) from rewards_applications where submitted_at is not null
          and ${day('submitted_at')} between ${from}::date and ${to}::date`,
    ),
    count(
      ctx,
      sql`select count(distinct unit_id) from rewards_applications where submitted_at is not null
          and ${day('submitted_at')} between ${from}::date and ${to}::date`,
    ),
    count(
      ctx,
      sql`select count(distinct cadre_id) from development_plans where starts_on between ${from}::date and ${to}::date`,
    ),
  ]);
  return [
    {
      key: 'quadrant',
      title: '能上能下明导向',
      group: 'use',
      sentence: `依据实绩象限，${up} 名干部获得提拔或晋升职级，对 ${down} 名不适宜担任现职的干部落实“下”的处理。`,
      figures: [
        fig(
          'up',
          '提拔或晋升职级',
          up,
          '名',
          '本期生效的提拔、晋升职级决定（按干部去重）',
          '/quadrant/decisions',
        ),
        fig(
          'down',
          '落实“下”的处理',
          down,
          '名',
          '本期生效的免职、降职、改任非领导职务决定（按干部去重）',
          '/quadrant/decisions',
        ),
      ],
    },
    {
      key: 'rewards',
      title: '一事一奖强激励',
      group: 'use',
      sentence: `已对 ${collectives} 个集体及 ${individuals} 名干部给予及时奖励，收到 ${applicants} 家单位及时奖励申报 ${applications} 项。`,
      figures: [
        fig('collectives', '受奖集体', collectives, '个', '本期兑现的集体奖励', '/rewards/awards'),
        fig(
          'individuals',
          '受奖干部',
          individuals,
          '名',
          '本期兑现的个人奖励（按干部去重）',
          '/rewards/awards',
        ),
        fig('applications', '及时奖励申报', applications, '项', '本期提交的申报', '/rewards/applications'),
        fig('units', '申报单位', applicants, '家', '本期提交申报的单位（去重）', '/rewards/applications'),
      ],
    },
    {
      key: 'development',
      title: '一人一策补短板',
      group: 'use',
      sentence: `已对 ${plans} 名干部落实一人一策。`,
      figures: [
        fig(
          'plans',
          '落实一人一策的干部',
          plans,
          '名',
          '开始日期在本期的培养计划（按干部去重）',
          '/development/plans',
        ),
      ],
    },
  ];
}

/** The period report: every part with its sentence and figures. Audited as a read. */
export async function periodReport(ctx: Ctx, from: string, to: string): Promise<PeriodView> {
  const parts: Part[] = [
    await walkDelivery(ctx, from, to),
    await walkScene(ctx, from, to),
    await walkOpinion(ctx, from, to),
    await syncEconomy(ctx, from, to),
    await syncKeywork(ctx, from, to),
    await syncGrowth(ctx, from, to),
    ...(await resultsInUse(ctx, from, to)),
  ];
  await recordAudit(ctx, {
    action: 'reports.period.read',
    objectType: 'reports_period',
    objectId: `${from}/${to}`,
  });
  return {
    from,
    to,
    title: `${PERIOD_TITLE}（${from} 至 ${to}）`,
    parts,
    pdf: await pdfAvailable(),
  };
}

/** The period report as Word, PDF (from the Word file) or the statistics tables as Excel. */
export async function periodFile(
  ctx: Ctx,
  q: { from: string; to: string; format: 'docx' | 'pdf' | 'xlsx' },
): Promise<{ name: string; bytes: Buffer }> {
  if (q.format === 'pdf' && !(await pdfAvailable())) throw new AppError('REPORTS_PDF_UNAVAILABLE');
  const r = await periodReport(ctx, q.from, q.to);
  if (q.format === 'xlsx') {
    const bytes = await exportXlsx(ctx, {
      action: 'reports.period.export',
      sheetName: '三走进三同步统计',
      title: r.title,
      columns: [
        { title: '工作', width: 18 },
        { title: '统计项', width: 26 },
        { title: '数值', width: 8, type: 'number', decimals: 0 },
        { title: '单位', width: 6 },
        { title: '统计口径', width: 50 },
      ],
      rows: r.parts.flatMap((p) => p.figures.map((f) => [p.title, f.label, f.value, f.unit, f.basis])),
    });
    return { name: `${r.title}.xlsx`, bytes };
  }
  const groups: Record<Part['group'], string> = {
    walk: '一、“三走进”动态考察',
    sync: '二、“三同步”系统研判',
    use: '三、考评结果运用',
  };
  const sections: DocxSection[] = [
    { paragraphs: [`统计期：${r.from} 至 ${r.to}。以下数字均由本期平台记录统计，口径见附表。`] },
  ];
  for (const g of ['walk', 'sync', 'use'] as const) {
    sections.push({ heading: groups[g] });
    for (const p of r.parts.filter((x) => x.group === g))
      sections.push({ paragraphs: [`${p.title}。${p.sentence}`] });
  }
  sections.push({
    heading: '附：统计口径',
    table: {
      columns: ['工作', '统计项', '数值', '统计口径'],
      rows: r.parts.flatMap((p) => p.figures.map((f) => [p.title, f.label, `${f.value} ${f.unit}`, f.basis])),
    },
  });
  const docx = await exportDocx(ctx, { action: 'reports.period.export', title: PERIOD_TITLE, sections });
  if (q.format === 'docx') return { name: `${r.title}.docx`, bytes: docx };
  return { name: `${r.title}.pdf`, bytes: await convertToPdf(docx, 'docx') };
}
