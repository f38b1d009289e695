import { z } from 'zod';
import { canFlags, Instant } from '../api.ts';
import { DIRECTIONS, PeriodLabel } from './economy-indicators.ts';
import { PageQuery, Uuid } from './page.ts';

/** 与经济运行同步诊断: role KPIs (差异化评价标准) and the anomaly rules (预警规则), both versioned. */

const Num = z.number();
/** A cadre as economy pages show them: name, unit and post (empty when unknown). */
export const CadreRef = z.object({ id: z.uuid(), name: z.string(), unitName: z.string(), post: z.string() });

/** ?history=true lists the replaced versions too. */
export const HistoryQuery = z.object({ history: z.enum(['true', 'false']).optional() });
/** A versioned record's stable key. */
export const KeyParams = z.object({ key: z.string().trim().min(1).max(40) });

// ---------------------------------------------------------------- role KPIs (差异化评价标准)

/**
 * ratio: sum of the numerator over `window` periods ending at the period, divided by the sum of
 *   the denominator over `window` periods ending `lag` periods earlier (项目转化达产率);
 * change: value at the period minus value `lag` periods earlier (亩均效益提升值);
 * level: the value at the period (or the sum over `window` periods for counts and amounts).
 */
export const KPI_FORMULAS = ['ratio', 'change', 'level'] as const;
export type KpiFormula = (typeof KPI_FORMULAS)[number];
export const KPI_FORMULA_LABELS: Record<KpiFormula, string> = {
  ratio: '比值（分子 ÷ 滞后的分母）',
  change: '提升值（本期 − 滞后期）',
  level: '水平值',
};

export const KpiBody = z
  .object({
    roleType: z.string().trim().min(1, '请选择角色类型').max(30),
    name: z.string().trim().min(1, '请填写指标名称').max(40),
    formula: z.enum(KPI_FORMULAS, { message: '计算方式不正确' }),
    numerator: Uuid,
    denominator: Uuid.nullable().default(null),
    /** Periods of the numerator's frequency. */
    window: z.number().int().min(1).max(36).default(1),
    lag: z.number().int().min(0).max(36).default(0),
    /** ratio → percent (×100). */
    percent: z.boolean().default(false),
    direction: z.enum(DIRECTIONS),
    target: z.number().finite(),
    weight: z.number().min(0).max(100),
    note: z.string().trim().max(200).default(''),
  })
  .refine((k) => k.formula !== 'ratio' || !!k.denominator, {
    message: '比值须选择分母指标',
    path: ['denominator'],
  })
  .refine((k) => k.formula !== 'change' || k.lag > 0, { message: '提升值须设置滞后期数', path: ['lag'] });
export type KpiBody = z.infer<typeof KpiBody>;

const IndicatorRef = z.object({ id: z.uuid(), code: z.string(), name: z.string(), unit: z.string() });
export const KpiView = z.object({
  id: z.uuid(),
  /** Stable across versions. */
  key: z.string(),
  version: Num,
  roleType: z.string(),
  roleTypeName: z.string(),
  name: z.string(),
  formula: z.enum(KPI_FORMULAS),
  numerator: IndicatorRef,
  denominator: IndicatorRef.nullable(),
  window: Num,
  lag: Num,
  percent: z.boolean(),
  direction: z.enum(DIRECTIONS),
  target: Num,
  weight: Num,
  note: z.string(),
  /** A sentence: 近12个月达产项目数 ÷ 12个月前的12个月签约项目数 × 100%. */
  description: z.string(),
  createdAt: Instant,
  createdBy: z.string().nullable(),
  /** Set on versions replaced by a later one. */
  supersededAt: Instant.nullable(),
  /** revise: a new version (only the current version, by who configures). */
  can: canFlags('revise'),
});
export type KpiView = z.infer<typeof KpiView>;

export const KpiValueQuery = PageQuery.extend({
  period: PeriodLabel,
  roleType: z.string().trim().max(30).optional(),
  unitId: Uuid.optional(),
  q: z.string().trim().max(40).optional(),
});

export const KpiValueRow = z.object({
  cadreId: z.uuid(),
  cadreName: z.string(),
  unitName: z.string(),
  post: z.string(),
  roleType: z.string(),
  roleTypeName: z.string(),
  kpiKey: z.string(),
  kpiVersion: Num,
  kpiName: z.string(),
  scopeName: z.string(),
  value: Num.nullable(),
  /** The unit of value and target: % for a percentage, the indicator's unit otherwise. */
  unit: z.string(),
  target: Num,
  /** value against target, by direction; null without a value. */
  attainment: Num.nullable(),
  met: z.boolean().nullable(),
  weight: Num,
  /** Why there is no value (missing data). */
  missing: z.string().nullable(),
});
export type KpiValueRow = z.infer<typeof KpiValueRow>;

export const KpiTraceQuery = z.object({ cadreId: Uuid, kpiKey: z.string().min(1), period: PeriodLabel });
export const KpiTrace = z.object({
  kpi: KpiView,
  cadre: CadreRef,
  scope: z.object({ kind: z.literal('region'), id: z.uuid(), name: z.string() }),
  /** The responsibility that ties the cadre to the indicator (division version and domain). */
  basis: z.string(),
  value: Num.nullable(),
  numeratorSum: Num.nullable(),
  denominatorSum: Num.nullable(),
  inputs: z.array(
    z.object({
      role: z.enum(['numerator', 'denominator']),
      indicator: z.string(),
      period: z.string(),
      value: Num.nullable(),
      valueId: z.uuid().nullable(),
      revision: Num.nullable(),
    }),
  ),
});
export type KpiTrace = z.infer<typeof KpiTrace>;

// ---------------------------------------------------------------- anomaly rules (预警规则)

/**
 * quantity_quality 重数量轻质量 and growth_efficiency 重增速轻效益: over `periods` consecutive
 *   periods, the year-on-year change of `rising` stays above `minRise` while that of `falling`
 *   stays below −`minFall`;
 * crosscheck 交叉核验: the gap between the growth of a reported series and an independent one widened:
 *   its mean over the last year minus that over the year before, scaled by the region's own gap
 *   variability, significant at `fdr` and above `threshold` (0.02 = 2 points);
 * jump 异常跳变: modified z of year-on-year changes above `threshold` (3.5), calibrated p-values,
 *   significant at `fdr`; judged only from 24 changes on;
 * benford 首位数字检验: first digits of a department's amounts, one value per unit (its annual
 *   total), by the MAD's calibrated p-value, from 50 units on.
 * Tests with p-values form one false-discovery family per rule and year.
 */
export const RULE_KINDS = ['quantity_quality', 'growth_efficiency', 'crosscheck', 'jump', 'benford'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  quantity_quality: '重数量轻质量',
  growth_efficiency: '重增速轻效益',
  crosscheck: '交叉核验背离',
  jump: '数据异常跳变',
  benford: '首位数字分布异常',
};

export const RuleBody = z.object({
  kind: z.enum(RULE_KINDS, { message: '规则类型不正确' }),
  name: z.string().trim().min(1, '请填写规则名称').max(40),
  /** quantity_quality / growth_efficiency: the measure that rises; crosscheck: the reported series; jump: the series. */
  primary: Uuid.nullable().default(null),
  /** quantity_quality / growth_efficiency: the measure that falls; crosscheck: the independent series. */
  secondary: Uuid.nullable().default(null),
  /** benford: the department whose amounts are tested. */
  department: z.string().trim().max(30).nullable().default(null),
  periods: z.number().int().min(1).max(24).default(3),
  /** Growth rates as fractions: 0.05 = 5 个百分点. */
  minRise: z.number().min(0).max(10).default(0),
  minFall: z.number().min(0).max(10).default(0),
  threshold: z.number().min(0).max(100).default(0),
  /** The false-discovery level for tests with p-values (crosscheck, jump, benford), per rule and year. */
  fdr: z.number().gt(0).max(0.5).default(0.02),
  active: z.boolean().default(true),
});
export type RuleBody = z.infer<typeof RuleBody>;

const IndicatorShort = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export const RuleView = z.object({
  id: z.uuid(),
  key: z.string(),
  version: Num,
  kind: z.enum(RULE_KINDS),
  name: z.string(),
  primary: IndicatorShort.nullable(),
  secondary: IndicatorShort.nullable(),
  department: z.string().nullable(),
  periods: Num,
  minRise: Num,
  minFall: Num,
  threshold: Num,
  fdr: Num,
  active: z.boolean(),
  description: z.string(),
  createdAt: Instant,
  createdBy: z.string().nullable(),
  supersededAt: Instant.nullable(),
  alertCount: Num,
  /** revise: a new version (only the current version, by who configures). */
  can: canFlags('revise'),
});
export type RuleView = z.infer<typeof RuleView>;
