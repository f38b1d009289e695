import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type BenfordFinding,
  benfordFindings,
  type JumpFinding,
  jumpFindings,
  type WideningFinding,
  wideningFindings,
  yearOf,
} from '../../../analytics/forensics.ts';
import { periodLabelZh, type SeriesPoint } from '../../../analytics/period.ts';
import {
  type AlertBasis,
  type AlertFigure,
  type ForensicsFinding,
  type ForensicsQuery,
  type ForensicsView,
  RULE_KIND_LABELS,
  type RuleKind,
} from '../../../common/contracts/economy.ts';
import { FORENSICS_CALIBRATION } from '../../../common/forensics-calibration.ts';
import type { Executor } from '../../db/client.ts';
import { economyIndicators, economyRules, orgRegions } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadSeries } from './values.service.ts';

/**
 * 数据体检: the three forensic rules (first digits, year-on-year jumps, cross-checks) over the
 * stored figures, each finding told in a plain sentence that follows the rule that raised it, with
 * its statistics one click away. The rule evaluation (rules.service) raises alerts from the same
 * findings; this page shows them all, flagged or not.
 */

type IndicatorRow = typeof economyIndicators.$inferSelect;
export type Series = Map<string, { value: number; id: string; revision: number }>;

export const LEAD = '这是线索，需要核实';
const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;
const points = (x: number) => `${Number((x * 100).toFixed(1))} 个百分点`;
const p = (x: number) => (x < 1e-4 ? x.toExponential(1) : String(Number(x.toPrecision(2))));

export const seriesPoints = (s: Series | undefined): SeriesPoint[] =>
  s ? [...s.entries()].map(([period, v]) => ({ period, value: v.value })) : [];

/** Region scopes that hold values of an indicator: scope key → region id. */
export function regionScopes(all: Map<string, Series>, indicatorId: string): string[] {
  return [...all.keys()]
    .filter((k) => k.startsWith(`${indicatorId}|region:`))
    .map((k) => k.slice(`${indicatorId}|region:`.length));
}

// ---------------------------------------------------------------- inputs

/**
 * What a first-digit test reads: for each amount indicator reported per unit and each year, one
 * value per unit — its total for the year. Months of one unit are not independent figures (a
 * unit repeats its first digit month after month), and region totals are a handful of series.
 */
export function benfordGroups(indicators: IndicatorRow[], all: Map<string, Series>, department?: string) {
  const groups: {
    key: { department: string; indicator: IndicatorRow };
    year: string;
    valuePerUnit: number[];
    units: { unitId: string; value: number }[];
  }[] = [];
  for (const ind of indicators.filter(
    (i) => i.kind === 'amount' && (!department || i.department === department),
  )) {
    const byYear = new Map<string, Map<string, number>>();
    for (const [k, s] of all) {
      if (!k.startsWith(`${ind.id}|unit:`)) continue;
      const unitId = k.slice(`${ind.id}|unit:`.length);
      for (const [period, v] of s) {
        const totals = byYear.get(yearOf(period)) ?? new Map<string, number>();
        byYear.set(yearOf(period), totals);
        totals.set(unitId, (totals.get(unitId) ?? 0) + v.value);
      }
    }
    for (const [year, totals] of [...byYear.entries()].sort()) {
      const units = [...totals.entries()].map(([unitId, value]) => ({ unitId, value }));
      groups.push({
        key: { department: ind.department, indicator: ind },
        year,
        valuePerUnit: units.map((u) => u.value),
        units,
      });
    }
  }
  return groups;
}

// ---------------------------------------------------------------- sentences and statistics

export function benfordSentence(department: string, indicator: string, f: BenfordFinding<unknown>): string {
  return f.flagged
    ? `${department}报送的${indicator}（${f.units} 家单位 ${f.year} 年合计）首位数字分布与自然形成的数据不符；${LEAD}数据来源`
    : `${department}报送的${indicator}（${f.units} 家单位 ${f.year} 年合计）首位数字分布未见异常`;
}

export function benfordStatistics(f: BenfordFinding<unknown>): { label: string; value: string }[] {
  return [
    { label: '单位数（每家一个年度合计）', value: String(f.units) },
    { label: 'MAD（平均绝对偏差）', value: `${f.mad.toFixed(4)}（Nigrini：${f.conformity}）` },
    { label: '校准 p 值（按单位数模拟）', value: p(f.pValue) },
    { label: 'BH 校正 q 值', value: `${p(f.qValue)}（同年 ${f.familySize} 项检验）` },
  ];
}

export function jumpSentence(place: string, indicator: string, f: JumpFinding<unknown>): string {
  const when = periodLabelZh(f.period);
  const move = `${f.change >= 0 ? '增长' : '下降'}${pct(Math.abs(f.change))}`;
  if (f.baseEffectOf)
    return `${place}${indicator}${when}同比${move}，是${periodLabelZh(f.baseEffectOf)}异常值的基数效应，并入该月的线索，不另行预警`;
  return f.flagged
    ? `${place}${indicator}${when}同比${move}，明显偏离该指标以往的变化幅度；${LEAD}`
    : `${place}${indicator}${when}同比${move}，变化较大但未达到预警标准`;
}

export function jumpStatistics(f: JumpFinding<unknown>): { label: string; value: string }[] {
  return [
    { label: '修正 z 值', value: f.z.toFixed(2) },
    { label: '校准 p 值（小样本参照分布）', value: p(f.pValue) },
    { label: 'BH 校正 q 值', value: `${p(f.qValue)}（同年 ${f.familySize} 项检验）` },
  ];
}

export function wideningSentence(
  place: string,
  reported: string,
  independent: string,
  f: WideningFinding<unknown>,
): string {
  if (f.flagged)
    return `${place}${reported}增速与${independent}增速的差距在扩大（近一年平均差距比上一年扩大 ${points(f.widening)}）；${LEAD}`;
  return f.widening > 0
    ? `${place}${reported}增速与${independent}增速的差距略有扩大（${points(f.widening)}），在本地区正常波动范围内`
    : `${place}${reported}增速与${independent}增速的差距没有扩大`;
}

export function wideningStatistics(f: WideningFinding<unknown>): { label: string; value: string }[] {
  return [
    { label: '比较期', value: `${periodLabelZh(f.from)}至${periodLabelZh(f.to)}（前后各一年）` },
    { label: '平均增速差', value: `前一年 ${points(f.startGap)}，近一年 ${points(f.endGap)}` },
    { label: '本地区增速差的波动（稳健标准差）', value: points(f.scale) },
    { label: '扩大幅度的 z 值', value: Number.isFinite(f.z) ? f.z.toFixed(2) : '—' },
    { label: '校准 p 值（单侧）', value: p(f.pValue) },
    { label: 'BH 校正 q 值', value: `${p(f.qValue)}（同年 ${f.familySize} 项检验）` },
  ];
}

/** The frozen basis of an alert raised on a finding. */
export function basisOf(
  method: string,
  f: { year: string; familySize: number },
  fdr: number,
  statistics: { label: string; value: string }[],
  extra: Pick<AlertBasis, 'digits' | 'units'> = {},
): AlertBasis {
  return { method, family: { year: f.year, size: f.familySize, fdr }, statistics, ...extra };
}

const verdict = (judged: boolean, flagged: boolean): ForensicsFinding['verdict'] =>
  !judged ? 'unjudged' : flagged ? 'lead' : 'clear';

// ---------------------------------------------------------------- alerts

type RuleRow = typeof economyRules.$inferSelect;

/** A rule's hit: an alert to raise (once per hit key), with the figures and the basis frozen with it. */
export interface Hit {
  rule: RuleRow;
  hitKey: string;
  title: string;
  summary: string;
  regionId: string | null;
  department: string | null;
  periodFrom: string;
  periodTo: string;
  figures: AlertFigure[];
  pValue: number | null;
  qValue: number | null;
  basis: AlertBasis | null;
  /** The domains whose responsible cadres the alert reaches. */
  domains: string[];
}

export function figure(
  ind: IndicatorRow,
  s: Series | undefined,
  period: string,
  change: number | null,
): AlertFigure {
  const v = s?.get(period);
  return {
    indicatorId: ind.id,
    indicator: ind.name,
    unit: ind.unit,
    period,
    value: v?.value ?? null,
    change,
    valueId: v?.id ?? null,
    revision: v?.revision ?? null,
  };
}

interface Data {
  indicators: IndicatorRow[];
  byId: Map<string, IndicatorRow>;
  all: Map<string, Series>;
  regions: Map<string, string>;
}

const note = (notes: Map<string, string[]>, key: string, text: string) =>
  notes.set(key, [...(notes.get(key) ?? []), text]);
const noLonger = (_f: { flagged: boolean }) =>
  '加入后续数据重新检验后，该线索已不再显著；原预警及其依据保持不变';

/**
 * The hits of a forensic rule (crosscheck, jump, benford), and notes for alerts already raised:
 * a test no longer significant notes so on its alert; a jump's base effect a year later notes
 * the original month's alert instead of raising one against whoever holds the post then.
 */
export function forensicHits(rule: RuleRow, d: Data, hits: Hit[], notes: Map<string, string[]>) {
  const label = RULE_KIND_LABELS[rule.kind as RuleKind];
  if (rule.kind === 'crosscheck') {
    const a = d.byId.get(rule.primaryId!);
    const b = d.byId.get(rule.secondaryId!);
    if (!a || !b) return;
    const found = wideningFindings(
      regionScopes(d.all, a.id)
        .filter((r) => d.all.has(`${b.id}|region:${r}`))
        .map((regionId) => ({
          key: regionId,
          reported: seriesPoints(d.all.get(`${a.id}|region:${regionId}`)),
          independent: seriesPoints(d.all.get(`${b.id}|region:${regionId}`)),
        })),
      { fdr: rule.fdr, minWidening: rule.threshold || FORENSICS_CALIBRATION.settings.crosscheck.minWidening },
    );
    for (const f of found) {
      const hitKey = `${rule.key}|region:${f.key}|${f.year}`;
      if (!f.flagged) {
        note(notes, hitKey, noLonger(f));
        continue;
      }
      const place = d.regions.get(f.key) ?? '';
      const sa = d.all.get(`${a.id}|region:${f.key}`);
      const sb = d.all.get(`${b.id}|region:${f.key}`);
      hits.push({
        rule,
        hitKey,
        title: `${place}${a.name}与${b.name}${label}`,
        summary: wideningSentence(place, a.name, b.name, f),
        regionId: f.key,
        department: null,
        periodFrom: f.from,
        periodTo: f.to,
        figures: f.gaps.flatMap((g) => [
          figure(a, sa, g.period, g.reportedGrowth),
          figure(b, sb, g.period, g.independentGrowth),
        ]),
        pValue: f.pValue,
        qValue: f.qValue,
        basis: basisOf(
          '增速差扩大（近一年均值减上一年均值，按本地区波动标准化）',
          f,
          rule.fdr,
          wideningStatistics(f),
        ),
        domains: [a.domain, b.domain].filter(Boolean) as string[],
      });
    }
  } else if (rule.kind === 'jump') {
    const targets = rule.primaryId
      ? ([d.byId.get(rule.primaryId)].filter(Boolean) as IndicatorRow[])
      : d.indicators.filter((i) => i.active && (i.kind === 'amount' || i.kind === 'count'));
    const found = jumpFindings(
      targets.flatMap((ind) =>
        regionScopes(d.all, ind.id).map((regionId) => ({
          key: { ind, regionId },
          points: seriesPoints(d.all.get(`${ind.id}|region:${regionId}`)),
        })),
      ),
      { threshold: rule.threshold, fdr: rule.fdr },
    );
    for (const f of found) {
      const { ind, regionId } = f.key;
      const place = d.regions.get(regionId) ?? '';
      const keyOf = (period: string) => `${rule.key}|region:${regionId}|${ind.id}|${period}`;
      if (f.baseEffectOf) {
        note(notes, keyOf(f.baseEffectOf), jumpSentence(place, ind.name, f));
        continue;
      }
      if (!f.flagged) {
        note(notes, keyOf(f.period), noLonger(f));
        continue;
      }
      hits.push({
        rule,
        hitKey: keyOf(f.period),
        title: `${place}${ind.name}${periodLabelZh(f.period)}${label}`,
        summary: jumpSentence(place, ind.name, f),
        regionId,
        department: ind.department,
        periodFrom: f.period,
        periodTo: f.period,
        figures: [figure(ind, d.all.get(`${ind.id}|region:${regionId}`), f.period, f.change)],
        pValue: f.pValue,
        qValue: f.qValue,
        basis: basisOf('同比变化的修正 z 值（小样本参照分布校准）', f, rule.fdr, jumpStatistics(f)),
        domains: ind.domain ? [ind.domain] : [],
      });
    }
  } else if (rule.kind === 'benford') {
    const groups = benfordGroups(d.indicators, d.all, rule.department ?? undefined);
    for (const f of benfordFindings(groups, { fdr: rule.fdr })) {
      const { department, indicator } = f.key;
      const hitKey = `${rule.key}|dept:${department}|${indicator.id}|${f.year}`;
      if (!f.flagged) {
        note(notes, hitKey, noLonger(f));
        continue;
      }
      const g = groups.find((x) => x.key === f.key && x.year === f.year)!;
      hits.push({
        rule,
        hitKey,
        title: `${department}报送的${indicator.name}${label}`,
        summary: benfordSentence(department, indicator.name, f),
        regionId: null,
        department,
        periodFrom: f.year,
        periodTo: f.year,
        figures: [],
        pValue: f.pValue,
        qValue: f.qValue,
        basis: basisOf(
          '首位数字（每家单位一个年度合计，MAD 按单位数模拟校准）',
          f,
          rule.fdr,
          benfordStatistics(f),
          {
            digits: f.digits,
            units: g.units,
          },
        ),
        domains: [],
      });
    }
  }
}

// ---------------------------------------------------------------- the page

/** Each rule kind's level: the override, else the active rule's own, else the calibrated one. */
async function levels(ex: Executor, override: number | undefined) {
  const rules = await ex
    .select()
    .from(economyRules)
    .where(and(isNull(economyRules.supersededAt), eq(economyRules.active, true)));
  const of = (kind: 'benford' | 'jump' | 'crosscheck') =>
    override ?? rules.find((r) => r.kind === kind)?.fdr ?? FORENSICS_CALIBRATION.settings[kind].fdr;
  return { rules, fdr: { benford: of('benford'), jump: of('jump'), crosscheck: of('crosscheck') } };
}

/** 数据体检: triage of what departments report — leads to check, never verdicts. */
export async function forensics(ctx: Ctx, q: z.infer<typeof ForensicsQuery>): Promise<ForensicsView> {
  const { rules, fdr } = await levels(ctx.db, q.fdr);
  const everyIndicator = await ctx.db.select().from(economyIndicators);
  const byId = new Map(everyIndicator.map((i) => [i.id, i]));
  const indicators = everyIndicator.filter((i) => !q.department || i.department === q.department);
  const regions = new Map((await ctx.db.select().from(orgRegions)).map((r) => [r.id, r.name]));
  const pairs = rules
    .filter((r) => r.kind === 'crosscheck')
    .map((r) => ({ rule: r, a: byId.get(r.primaryId!), b: byId.get(r.secondaryId!) }))
    .filter(
      (x) =>
        x.a && x.b && (!q.department || x.a.department === q.department || x.b.department === q.department),
    );
  const all = await loadSeries(ctx.db, [
    ...new Set([...indicators.map((i) => i.id), ...pairs.flatMap((x) => [x.a!.id, x.b!.id])]),
  ]);
  const inRegion = (regionId: string) => !q.regionId || regionId === q.regionId;

  // First digits: the latest year of each department's indicator.
  const groups = benfordGroups(indicators, all);
  const tested = benfordFindings(groups, { fdr: fdr.benford });
  const latest = new Map<string, (typeof groups)[number]>();
  for (const g of groups) latest.set(g.key.indicator.id, g);
  const departments = [...new Set(indicators.map((i) => i.department))];
  const benford = departments.flatMap((department): ForensicsView['benford'] => {
    const own = [...latest.values()].filter((g) => g.key.department === department);
    if (own.length === 0)
      return [
        {
          department,
          indicator: null,
          year: null,
          units: 0,
          digits: [],
          sentence: `${department}没有按单位报送的绝对量，不做首位数字检验（区域合计、比率、指数和目标不适用）`,
          verdict: 'unjudged' as const,
          statistics: [],
        },
      ];
    return own.map((g) => {
      const f = tested.find((t) => t.key === g.key && t.year === g.year);
      const name = g.key.indicator.name;
      if (!f)
        return {
          department,
          indicator: name,
          year: g.year,
          units: g.valuePerUnit.length,
          digits: [],
          sentence: `${department}报送的${name}只有 ${g.valuePerUnit.length} 家单位（或数值跨度不足两个数量级），不足以做首位数字检验`,
          verdict: 'unjudged' as const,
          statistics: [],
        };
      return {
        department,
        indicator: name,
        year: g.year,
        units: f.units,
        digits: f.digits,
        sentence: benfordSentence(department, name, f),
        verdict: verdict(true, f.flagged),
        statistics: benfordStatistics(f),
      };
    });
  });

  // Jumps: every amount and count series (one family per year whichever region is shown); the
  // leads of the regions shown and their base effects.
  const jumpSeries = indicators
    .filter((i) => i.kind === 'amount' || i.kind === 'count')
    .flatMap((ind) =>
      regionScopes(all, ind.id).map((regionId) => ({
        key: { ind, regionId },
        points: seriesPoints(all.get(`${ind.id}|region:${regionId}`)),
      })),
    );
  const jumpTests = jumpFindings(jumpSeries, { fdr: fdr.jump });
  const leads = new Set(
    jumpTests.filter((f) => f.flagged).map((f) => `${f.key.ind.id}|${f.key.regionId}|${f.period}`),
  );
  const jumps: ForensicsView['jumps'] = jumpTests
    .filter(
      (f) =>
        inRegion(f.key.regionId) &&
        (f.flagged || (f.baseEffectOf && leads.has(`${f.key.ind.id}|${f.key.regionId}|${f.baseEffectOf}`))),
    )
    .sort((x, y) => Math.abs(y.z) - Math.abs(x.z))
    .slice(0, 200)
    .map((f) => {
      const region = regions.get(f.key.regionId) ?? '';
      return {
        indicator: f.key.ind.name,
        region,
        period: f.period,
        change: f.change,
        z: f.z,
        pValue: f.pValue,
        qValue: f.qValue,
        baseEffectOf: f.baseEffectOf,
        sentence: jumpSentence(region, f.key.ind.name, f),
        verdict: verdict(true, f.flagged),
        statistics: jumpStatistics(f),
      };
    });

  // Cross-checks: the latest year of each configured pair in each region.
  const crosschecks: ForensicsView['crosschecks'] = pairs.flatMap(({ rule, a, b }) => {
    const regionIds = regionScopes(all, a!.id).filter((r) => all.has(`${b!.id}|region:${r}`));
    const found = wideningFindings(
      regionIds.map((regionId) => ({
        key: regionId,
        reported: seriesPoints(all.get(`${a!.id}|region:${regionId}`)),
        independent: seriesPoints(all.get(`${b!.id}|region:${regionId}`)),
      })),
      {
        fdr: fdr.crosscheck,
        minWidening: rule.threshold || FORENSICS_CALIBRATION.settings.crosscheck.minWidening,
      },
    );
    return regionIds.filter(inRegion).map((regionId) => {
      const region = regions.get(regionId) ?? '';
      const f = found.filter((x) => x.key === regionId).at(-1);
      const base = { reported: a!.name, independent: b!.name, region };
      if (!f)
        return {
          ...base,
          widening: null,
          gaps: [],
          sentence: `${region}${a!.name}与${b!.name}的数据不足两年，暂不判断`,
          verdict: 'unjudged' as const,
          statistics: [],
        };
      return {
        ...base,
        widening: f.widening,
        gaps: f.gaps.map((g, i) => ({
          period: g.period,
          gap: g.gap,
          widening: f.flagged && i >= f.gaps.length / 2,
        })),
        sentence: wideningSentence(region, a!.name, b!.name, f),
        verdict: verdict(true, f.flagged),
        statistics: wideningStatistics(f),
      };
    });
  });

  await recordAudit(ctx, {
    action: 'economy.forensics.read',
    objectType: 'economy_indicator',
    objectId: null,
  });
  return {
    fdr,
    benford,
    jumps,
    crosschecks,
    tests: tested.length + jumpTests.length + crosschecks.filter((c) => c.verdict !== 'unjudged').length,
    discoveries:
      tested.filter((t) => t.flagged).length +
      leads.size +
      crosschecks.filter((c) => c.verdict === 'lead').length,
    calibration: FORENSICS_CALIBRATION,
  };
}
