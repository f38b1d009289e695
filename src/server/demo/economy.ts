import { eq, inArray } from 'drizzle-orm';
import { type Frequency, parsePeriod, periodAt } from '../../analytics/period.ts';
import type { RuleBody } from '../../common/contracts/economy.ts';
import type { Tx } from '../db/client.ts';
import {
  economyAlertCadres,
  economyAlerts,
  economyIndicators,
  economyInterviews,
  economyKpis,
  economyRules,
  economyTargets,
  orgCadres,
  orgRegions,
  orgUnits,
} from '../db/schema/index.ts';
import type { Ctx } from '../lib/context.ts';
import { Rng } from '../lib/random.ts';
import { findHits, storeHits } from '../modules/economy/rules.service.ts';
import { deliverValues, type ResolvedValue } from '../modules/economy/values.service.ts';
import { addTimelineEvents } from '../modules/org/timeline.service.ts';

type Scale = 'full' | 'small';

/**
 * 与经济运行同步诊断 in the demo county: the 12 core indicators and the supporting series the
 * rules need, 36 months of figures (2023-11 to 2026-10) for the city and each town or street
 * from the departments, the role KPIs of 招商 and 工业 cadres, the anomaly rules, and — in the
 * full demo — the article's outcome: 5 problems found (重数量轻质量, 重增速轻效益 and a widening
 * gap to electricity use) and 13 cadres interviewed, with a few alerts explained and dismissed.
 */

interface Spec {
  code: string;
  name: string;
  unit: string;
  frequency: Frequency;
  kind: 'amount' | 'count' | 'rate' | 'index';
  direction?: 'up' | 'down';
  department: string;
  domain: string | null;
  core: boolean;
  definition: string;
  /** Level of the city in the first period; towns get a share. Rates: the value itself. */
  base: number;
  /** Yearly growth of the level (amounts and counts). */
  growth: number;
  seasonal?: boolean;
  /** Reported per unit rather than per region (each unit's level drawn across three orders of magnitude). */
  perUnit?: boolean;
}

export const INDICATORS: Spec[] = [
  {
    code: 'GDP_GROWTH',
    name: '地区生产总值增速',
    unit: '%',
    frequency: 'quarter',
    kind: 'rate',
    department: '统计局',
    domain: null,
    core: true,
    definition: '按不变价计算的地区生产总值累计同比增长速度',
    base: 6.4,
    growth: 0,
  },
  {
    code: 'FAI',
    name: '固定资产投资',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '发改局',
    domain: 'project_investment',
    core: true,
    definition: '当月完成的固定资产投资额（不含农户）',
    base: 38,
    growth: 0.07,
    seasonal: true,
  },
  {
    code: 'IND_OUTPUT',
    name: '规上工业总产值',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '统计局',
    domain: 'industry',
    core: true,
    definition: '规模以上工业企业当月工业总产值（当年价）',
    base: 165,
    growth: 0.06,
    seasonal: true,
  },
  {
    code: 'IND_VA_GROWTH',
    name: '规上工业增加值增速',
    unit: '%',
    frequency: 'month',
    kind: 'rate',
    department: '统计局',
    domain: 'industry',
    core: true,
    definition: '规模以上工业增加值累计同比增长速度',
    base: 7.2,
    growth: 0,
  },
  {
    code: 'MU_BENEFIT',
    name: '亩均效益（亩均税收）',
    unit: '万元/亩',
    frequency: 'quarter',
    kind: 'rate',
    department: '经信局',
    domain: 'industry',
    core: true,
    definition: '规上工业企业税收（年化）与用地面积之比',
    base: 31.5,
    growth: 0.04,
  },
  {
    code: 'RETAIL',
    name: '社会消费品零售总额',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '商务局',
    domain: 'livelihood',
    core: true,
    definition: '当月社会消费品零售总额',
    base: 27,
    growth: 0.05,
    seasonal: true,
  },
  {
    code: 'FISCAL_REV',
    name: '一般公共预算收入',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '财政局',
    domain: null,
    core: true,
    definition: '当月一般公共预算收入',
    base: 9.6,
    growth: 0.05,
    seasonal: true,
  },
  {
    code: 'TAX_REV',
    name: '税收收入',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '税务局',
    domain: null,
    core: true,
    definition: '当月入库税收收入',
    base: 8.1,
    growth: 0.05,
    seasonal: true,
  },
  {
    code: 'EXPORT',
    name: '出口总额',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '商务局',
    domain: 'marine',
    core: true,
    definition: '当月货物出口总额',
    base: 21,
    growth: 0.06,
    seasonal: true,
  },
  {
    code: 'PROJ_SIGNED',
    name: '签约项目数',
    unit: '个',
    frequency: 'quarter',
    kind: 'count',
    department: '商务局',
    domain: 'investment_attraction',
    core: true,
    definition: '当季新签约亿元以上产业项目个数',
    base: 48,
    growth: 0.05,
  },
  {
    code: 'PROJ_PRODUCED',
    name: '项目达产数',
    unit: '个',
    frequency: 'quarter',
    kind: 'count',
    department: '发改局',
    domain: 'investment_attraction',
    core: true,
    definition: '当季竣工投产并达到设计产能的签约项目个数',
    base: 19,
    growth: 0.05,
  },
  {
    code: 'FDI',
    name: '实际利用外资',
    unit: '万美元',
    frequency: 'month',
    kind: 'amount',
    department: '商务局',
    domain: 'investment_attraction',
    core: true,
    definition: '当月实际到位外资',
    base: 1650,
    growth: 0.06,
    seasonal: true,
  },
  {
    code: 'ELEC_IND',
    name: '工业用电量',
    unit: '万千瓦时',
    frequency: 'month',
    kind: 'amount',
    department: '供电公司',
    domain: 'industry',
    core: false,
    definition: '当月工业用电量（与产值交叉核验）',
    base: 52000,
    growth: 0.05,
    seasonal: true,
  },
  {
    code: 'IND_PROFIT',
    name: '规上工业利润总额',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '统计局',
    domain: 'industry',
    core: false,
    definition: '规模以上工业企业当月利润总额（效益）',
    base: 9.2,
    growth: 0.06,
    seasonal: true,
  },
  {
    code: 'IND_TAX',
    name: '工业税收',
    unit: '亿元',
    frequency: 'month',
    kind: 'amount',
    department: '税务局',
    domain: 'industry',
    core: false,
    definition: '工业企业当月入库税收',
    base: 3.4,
    growth: 0.06,
    seasonal: true,
  },
  {
    code: 'LAND_IND',
    name: '工业用地面积',
    unit: '亩',
    frequency: 'quarter',
    kind: 'amount',
    department: '自然资源和规划局',
    domain: 'industry',
    core: false,
    definition: '规上工业企业在用工业用地面积',
    base: 42000,
    growth: 0.01,
  },
  {
    code: 'UNIT_SPEND',
    name: '部门预算支出',
    unit: '万元',
    frequency: 'month',
    kind: 'amount',
    department: '财政局',
    domain: null,
    core: false,
    definition: '各单位当月一般公共预算支出（按单位报送）',
    base: 0,
    growth: 0.04,
    seasonal: true,
    perUnit: true,
  },
  {
    code: 'PROJ_INVEST',
    name: '签约项目计划投资额',
    unit: '亿元',
    frequency: 'quarter',
    kind: 'amount',
    department: '商务局',
    domain: 'investment_attraction',
    core: false,
    definition: '当季签约项目的计划总投资',
    base: 86,
    growth: 0.05,
  },
];

/** The 36 months shown: 2023-11 to 2026-10 (October's figures are the latest published). */
const LAST_MONTH = '2026-10';
const MONTHS = 36;

/** Each town's share of the city, spread over an order of magnitude (figures span many). */
const TOWN_SHARE = [0.16, 0.12, 0.09, 0.07, 0.14, 0.06, 0.05, 0.1, 0.03];

/**
 * The planted problems of the full demo: [rule, town index, first period, periods, how much
 * the rising measure rises and the falling one falls, year on year].
 */
const PROBLEMS: {
  rule: 'growth_efficiency' | 'quantity_quality' | 'crosscheck';
  town: number;
  from: string;
  n: number;
  interviews: number;
  issue: string;
}[] = [
  {
    rule: 'growth_efficiency',
    town: 4,
    from: '2026-03',
    n: 4,
    interviews: 3,
    issue: '规上工业产值增速较快但利润持续下滑，存在以量换速、低价竞争、追求增速而忽视效益的倾向',
  },
  {
    rule: 'growth_efficiency',
    town: 1,
    from: '2026-05',
    n: 4,
    interviews: 2,
    issue: '工业产值冲高而利润连续下降，部分企业靠贸易性产值、代加工冲规模',
  },
  {
    rule: 'quantity_quality',
    town: 7,
    from: '2025-Q4',
    n: 3,
    interviews: 3,
    issue: '签约项目数量连续攀升但达产项目连续减少，“重签约、轻落地”',
  },
  {
    rule: 'quantity_quality',
    town: -1,
    from: '2026-Q1',
    n: 3,
    interviews: 3,
    issue: '全市签约项目数大幅增长而项目达产数下降，招商考核偏重签约个数',
  },
  {
    rule: 'crosscheck',
    town: 0,
    from: '2026-04',
    n: 5,
    interviews: 2,
    issue: '工业产值增速与工业用电量增速背离并持续扩大，产值数据需核实',
  },
];

function seasonalFactor(month: number): number {
  // Lower in February (Spring Festival), higher at the year's end.
  return [0.96, 0.78, 1.0, 0.99, 1.0, 1.02, 0.98, 0.97, 1.0, 1.01, 1.05, 1.24][month - 1]!;
}

interface Region {
  id: string;
  name: string;
  share: number;
  town: number;
}

function level(spec: Spec, region: Region, period: string, rng: Rng, first: number): number {
  const p = parsePeriod(period);
  const perYear = spec.frequency === 'month' ? 12 : spec.frequency === 'quarter' ? 4 : 1;
  const years = (p.index - first) / perYear;
  const noise = 1 + (rng.next() - 0.5) * 0.03;
  if (spec.kind === 'rate') {
    const townBias = region.town < 0 ? 0 : ((region.town % 3) - 1) * 0.6;
    return Number(((spec.base + townBias) * (1 + spec.growth * years) * noise).toFixed(2));
  }
  const season = spec.seasonal && p.frequency === 'month' ? seasonalFactor(p.sub) : 1;
  const v = spec.base * region.share * (1 + spec.growth) ** years * season * noise;
  return spec.kind === 'count' ? Math.max(1, Math.round(v)) : Number(v.toFixed(v < 10 ? 3 : 2));
}

export async function seedEconomy(
  ctx: Ctx,
  tx: Tx,
  scale: Scale,
  people: { officer: string; leader: string; provider?: string },
): Promise<void> {
  const rng = new Rng(20261025);
  const inserted = await tx
    .insert(economyIndicators)
    .values(
      INDICATORS.map((s) => ({
        code: s.code,
        name: s.name,
        definition: s.definition,
        unit: s.unit,
        frequency: s.frequency,
        direction: s.direction ?? 'up',
        kind: s.kind,
        department: s.department,
        domain: s.domain,
        core: s.core,
      })),
    )
    .returning();
  const ind = new Map(inserted.map((i) => [i.code, i]));

  const regionRows = await tx.select().from(orgRegions).orderBy(orgRegions.sort);
  const units = await tx.select({ id: orgUnits.id }).from(orgUnits).orderBy(orgUnits.sort);
  const regions: Region[] = regionRows.map((r) => ({
    id: r.id,
    name: r.name,
    share: r.kind === 'jurisdiction' ? 1 : (TOWN_SHARE[r.sort - 1] ?? 0.05),
    town: r.kind === 'jurisdiction' ? -1 : r.sort - 1,
  }));

  // The planted problems bend the series of one region over a few periods.
  const planted = scale === 'full' ? PROBLEMS : [];
  const bend = (code: string, region: Region, period: string): number => {
    let factor = 1;
    for (const p of planted) {
      if (p.town !== region.town) continue;
      const f = parsePeriod(p.from);
      const here = parsePeriod(period);
      if (here.frequency !== f.frequency || here.index < f.index || here.index >= f.index + p.n) continue;
      const step = here.index - f.index + 1;
      if (p.rule === 'growth_efficiency') {
        // Output (and the power it takes) really grew; the profit did not follow.
        if (code === 'IND_OUTPUT' || code === 'ELEC_IND') factor = 1.14 + 0.01 * step;
        if (code === 'IND_PROFIT') factor = 0.86 - 0.01 * step;
      } else if (p.rule === 'quantity_quality') {
        if (code === 'PROJ_SIGNED') factor = 1.35 + 0.05 * step;
        if (code === 'PROJ_PRODUCED') factor = 0.7 - 0.05 * step;
      } else if (code === 'IND_OUTPUT') factor = 1 + 0.04 * step;
    }
    return factor;
  };

  const lastMonth = parsePeriod(LAST_MONTH).index;
  // The last quarter that has ended by the last month.
  const lastQuarter = Math.floor((lastMonth + 1) / 3) - 1;
  const values: ResolvedValue[] = [];
  for (const spec of INDICATORS) {
    const indicator = ind.get(spec.code)!;
    const periods =
      spec.frequency === 'month'
        ? Array.from({ length: MONTHS }, (_, i) => periodAt('month', lastMonth - MONTHS + 1 + i))
        : Array.from({ length: MONTHS / 3 }, (_, i) => periodAt('quarter', lastQuarter - MONTHS / 3 + 1 + i));
    const first = parsePeriod(periods[0]!).index;
    if (spec.perUnit) {
      for (const unit of units) {
        const level0 = 10 ** (1 + 3 * rng.next());
        for (const period of periods) {
          const p = parsePeriod(period);
          const v =
            level0 *
            (1 + spec.growth) ** ((p.index - first) / 12) *
            seasonalFactor(p.sub) *
            // Spending is lumpy: a month may be a third or three times the usual.
            10 ** (rng.next() - 0.5);
          values.push({
            indicatorId: indicator.id,
            regionId: null,
            unitId: unit.id,
            period,
            periodIndex: p.index,
            value: Number(v.toFixed(2)),
          });
        }
      }
      continue;
    }
    for (const region of regions) {
      for (const period of periods) {
        const raw = level(spec, region, period, rng, first) * bend(spec.code, region, period);
        values.push({
          indicatorId: indicator.id,
          regionId: region.id,
          unitId: null,
          period,
          periodIndex: parsePeriod(period).index,
          value: spec.kind === 'count' ? Math.round(raw) : Number(raw.toFixed(3)),
        });
      }
    }
  }
  // A one-off: land-transfer income booked in one month (explained and dismissed in the full demo).
  if (scale === 'full') {
    const fiscal = values.find(
      (v) =>
        v.indicatorId === ind.get('FISCAL_REV')!.id &&
        v.regionId === regions[0]!.id &&
        v.period === '2026-06',
    )!;
    fiscal.value = Number((fiscal.value * 2.6).toFixed(3));
  }
  for (let i = 0; i < values.length; i += 2000)
    await deliverValues(ctx, tx, values.slice(i, i + 2000), {
      via: 'seed',
      userId: null,
      apiKeyId: null,
      importBatchId: null,
      department: null,
    });
  // The statistics bureau's revision of a preliminary figure (初步数 → 核实数).
  const output = values.find(
    (v) =>
      v.indicatorId === ind.get('IND_OUTPUT')!.id && v.regionId === regions[0]!.id && v.period === '2026-08',
  )!;
  await deliverValues(ctx, tx, [{ ...output, value: Number((output.value * 1.012).toFixed(3)) }], {
    via: 'upload',
    userId: people.provider ?? null,
    apiKeyId: null,
    importBatchId: null,
    department: '统计局',
  });

  // Targets: the city's yearly targets of the rates.
  const city = regions[0]!;
  const targets = [
    ['GDP_GROWTH', [6.5, 6.5, 6.8]],
    ['IND_VA_GROWTH', [7.5, 7.5, 8]],
    ['MU_BENEFIT', [32, 33.5, 35]],
  ] as const;
  await tx.insert(economyTargets).values(
    targets.flatMap(([code, list]) =>
      list.map((value, i) => ({
        indicatorId: ind.get(code)!.id,
        regionId: city.id,
        year: 2024 + i,
        value,
        updatedBy: people.leader,
      })),
    ),
  );

  // Role KPIs (差异化评价标准).
  const kpi = (key: string, roleType: string, name: string, v: Partial<typeof economyKpis.$inferInsert>) => ({
    key,
    version: 1,
    roleType,
    name,
    formula: 'level',
    numeratorId: '',
    window: 1,
    lag: 0,
    percent: false,
    direction: 'up',
    target: 0,
    weight: 0,
    createdBy: people.leader,
    ...v,
  });
  await tx.insert(economyKpis).values([
    kpi('kpi_zs_conversion', 'zs', '项目转化达产率', {
      formula: 'ratio',
      numeratorId: ind.get('PROJ_PRODUCED')!.id,
      denominatorId: ind.get('PROJ_SIGNED')!.id,
      window: 4,
      lag: 4,
      percent: true,
      target: 40,
      weight: 60,
      note: '近4个季度达产项目数 ÷ 再往前4个季度签约项目数（签约到达产约一年）',
    }),
    kpi('kpi_zs_invest', 'zs', '签约项目计划投资额', {
      numeratorId: ind.get('PROJ_INVEST')!.id,
      window: 4,
      target: 330,
      weight: 40,
      note: '近4个季度签约项目计划总投资（亿元），以全市或本镇街为范围',
    }),
    kpi('kpi_gy_mu', 'gy', '亩均效益提升值', {
      formula: 'change',
      numeratorId: ind.get('MU_BENEFIT')!.id,
      lag: 4,
      target: 1.5,
      weight: 60,
      note: '本季度亩均税收比上年同季度提高的万元数',
    }),
    kpi('kpi_gy_elec', 'gy', '工业用电量', {
      numeratorId: ind.get('ELEC_IND')!.id,
      window: 12,
      target: 640000,
      weight: 40,
      note: '近12个月工业用电量（万千瓦时），反映实际开工',
    }),
  ]);

  // Anomaly rules.
  const rule = (key: string, body: Partial<RuleBody> & { kind: RuleBody['kind']; name: string }) => ({
    key,
    version: 1,
    kind: body.kind,
    name: body.name,
    primaryId: body.primary ?? null,
    secondaryId: body.secondary ?? null,
    department: body.department ?? null,
    periods: body.periods ?? 3,
    minRise: body.minRise ?? 0,
    minFall: body.minFall ?? 0,
    threshold: body.threshold ?? 0,
    fdr: body.fdr ?? 0.05,
    createdBy: people.leader,
  });
  await tx.insert(economyRules).values([
    rule('rule_growth_efficiency', {
      kind: 'growth_efficiency',
      name: '产值冲高、利润下滑',
      primary: ind.get('IND_OUTPUT')!.id,
      secondary: ind.get('IND_PROFIT')!.id,
      periods: 3,
      minRise: 0.08,
      minFall: 0.05,
    }),
    rule('rule_quantity_quality', {
      kind: 'quantity_quality',
      name: '签约多、达产少',
      primary: ind.get('PROJ_SIGNED')!.id,
      secondary: ind.get('PROJ_PRODUCED')!.id,
      periods: 3,
      minRise: 0.15,
      minFall: 0.15,
    }),
    rule('rule_output_electricity', {
      kind: 'crosscheck',
      name: '产值与用电量背离',
      primary: ind.get('IND_OUTPUT')!.id,
      secondary: ind.get('ELEC_IND')!.id,
      periods: 3,
      threshold: 0.02,
      fdr: 0.02,
    }),
    rule('rule_revenue_tax', {
      kind: 'crosscheck',
      name: '财政收入与税收背离',
      primary: ind.get('FISCAL_REV')!.id,
      secondary: ind.get('TAX_REV')!.id,
      periods: 3,
      threshold: 0.02,
      fdr: 0.02,
    }),
    rule('rule_jump', {
      kind: 'jump',
      name: '财政收入同比异常跳变',
      primary: ind.get('FISCAL_REV')!.id,
      threshold: 3.5,
      fdr: 0.02,
    }),
    rule('rule_benford', { kind: 'benford', name: '按单位报送金额的首位数字检验', fdr: 0.01 }),
  ]);

  const hits = await findHits(tx);
  await storeHits(ctx, tx, () => {}, hits);
  if (scale !== 'full') return;
  await decideDemoAlerts(tx, rng, regions, people);
}

/** The article's outcome: 5 problems escalated, 13 cadres interviewed; the other alerts explained. */
async function decideDemoAlerts(
  tx: Tx,
  rng: Rng,
  regions: Region[],
  people: { officer: string; leader: string },
): Promise<void> {
  const alerts = await tx.select().from(economyAlerts);
  const interviewed = new Set<string>();
  const problems = new Set<string>();
  const timeline: Parameters<typeof addTimelineEvents>[1] = [];
  for (const [n, p] of PROBLEMS.entries()) {
    const region = regions.find((r) => r.town === p.town)!;
    // The alert's run may start a period before the planted one (the first rise is measured from it).
    const from = parsePeriod(p.from).index;
    const alert = alerts.find(
      (a) =>
        a.kind === p.rule &&
        a.regionId === region.id &&
        parsePeriod(a.periodFrom).index <= from + p.n - 1 &&
        parsePeriod(a.periodTo).index >= from,
    );
    if (!alert)
      throw new Error(`demo: the planted problem ${p.rule} in ${region.name} from ${p.from} raised no alert`);
    problems.add(alert.id);
    const periodEnd = parsePeriod(alert.periodTo);
    const month = periodEnd.frequency === 'month' ? periodEnd.sub : periodEnd.sub * 3;
    const raised = new Date(Date.UTC(periodEnd.year, month, 18, 2));
    const decided = new Date(raised.getTime() + 3 * 86_400_000);
    await tx
      .update(economyAlerts)
      .set({
        createdAt: raised,
        status: 'escalated',
        decidedAt: decided,
        decidedBy: people.leader,
        decisionNote: `经核实，${p.issue}，转约谈相关责任干部。`,
      })
      .where(eq(economyAlerts.id, alert.id));
    const linked = await tx.select().from(economyAlertCadres).where(eq(economyAlertCadres.alertId, alert.id));
    const unitIds = (await tx.select().from(orgUnits).where(eq(orgUnits.regionId, region.id))).map(
      (u) => u.id,
    );
    const more = await tx
      .select()
      .from(orgCadres)
      .where(inArray(orgCadres.unitId, unitIds.length ? unitIds : ['00000000-0000-0000-0000-000000000000']));
    const candidates = [
      ...linked.map((l) => l.cadreId),
      ...more
        .filter((c) => c.status === 'active' && (c.teamPlace === '副职' || c.teamPlace === '正职'))
        .map((c) => c.id),
    ].filter((id, i, all) => all.indexOf(id) === i && !interviewed.has(id));
    const chosen = candidates.slice(0, p.interviews);
    const day = new Date(decided.getTime() + (5 + n) * 86_400_000).toISOString().slice(0, 10);
    const due = new Date(decided.getTime() + (50 + n * 3) * 86_400_000).toISOString().slice(0, 10);
    const checked = due < '2026-11-20';
    for (const cadreId of chosen) {
      interviewed.add(cadreId);
      const [c] = await tx.select().from(orgCadres).where(eq(orgCadres.id, cadreId));
      const [row] = await tx
        .insert(economyInterviews)
        .values({
          alertId: alert.id,
          cadreId,
          unitId: c!.unitId,
          interviewedOn: day,
          interviewers: '组织部分管副部长、干部科科长',
          issue: p.issue,
          cadreAccount: rng.pick([
            '承认对效益指标关注不够，前期主要精力放在冲进度上。',
            '说明部分数据口径与统计部门存在差异，愿意配合核实。',
            '表示招商考核压力大，存在先签约再落地的想法，今后将把达产作为首要目标。',
          ]),
          followUp: rng.pick([
            '一个月内报送整改方案，逐个梳理签约未落地项目并明确时间表',
            '对产值、用电、税收数据开展交叉核实，报送核实报告',
            '调整本镇街工业考核办法，增加亩均效益和利润指标权重',
          ]),
          followUpDue: due,
          checkResult: checked ? (rng.chance(0.85) ? 'done' : 'not_done') : null,
          checkNote: checked ? '经实地核查和材料审核，跟进事项已按期落实。' : null,
          checkedAt: checked ? new Date(`${due}T08:00:00Z`) : null,
          checkedBy: checked ? people.officer : null,
          createdAt: new Date(`${day}T08:00:00Z`),
          createdBy: people.officer,
        })
        .returning();
      timeline.push({
        cadreId,
        occurredOn: day,
        module: 'economy',
        kind: 'interview',
        title: '经济运行问题约谈',
        recordType: 'economy_interview',
        recordId: row!.id,
        visibility: 'org_self',
        createdBy: people.officer,
      });
    }
    if (chosen.length !== p.interviews)
      throw new Error(`demo: ${region.name} has too few cadres to interview`);
  }
  await addTimelineEvents(tx, timeline);
  // Everything else the rules raised was looked into and explained.
  for (const a of alerts.filter((x) => !problems.has(x.id))) {
    await tx
      .update(economyAlerts)
      .set({
        status: 'dismissed',
        decidedAt: new Date(a.createdAt.getTime()),
        decidedBy: people.officer,
        decisionNote:
          a.kind === 'jump'
            ? '经与财政局核实，系一次性土地出让收入集中入库，非数据质量问题。'
            : '经核实为统计口径调整所致，已与报送部门确认，予以排除。',
      })
      .where(eq(economyAlerts.id, a.id));
  }
}
