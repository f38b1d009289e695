import { z } from 'zod';
import { canFlags, DayString, endpoint, Instant, listOf, pageOf } from '../api.ts';
import type { ErrorTable } from '../errors.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 与经济运行同步诊断 (module economy): indicators, feeds, role KPIs, anomaly rules, alerts, interviews. */

const Num = z.number();
/** A cadre as economy pages show them: name, unit and post (empty when unknown). */
const CadreRef = z.object({ id: z.uuid(), name: z.string(), unitName: z.string(), post: z.string() });

export const FREQUENCIES = ['month', 'quarter', 'year'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const FREQUENCY_LABELS: Record<Frequency, string> = { month: '月度', quarter: '季度', year: '年度' };

export const DIRECTIONS = ['up', 'down'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<Direction, string> = { up: '越高越好', down: '越低越好' };

/** 绝对量 (sums of money, output, energy), 计数, 比率 (growth rates, shares), 指数. */
export const INDICATOR_KINDS = ['amount', 'count', 'rate', 'index'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = {
  amount: '绝对量',
  count: '计数',
  rate: '比率',
  index: '指数',
};

export const FEED_VIAS = ['upload', 'api', 'seed'] as const;
export type FeedVia = (typeof FEED_VIAS)[number];
export const FEED_VIA_LABELS: Record<FeedVia, string> = {
  upload: '文件导入',
  api: '接口推送',
  seed: '初始数据',
};

/** A period label: 2026-03 (month), 2026-Q1 (quarter), 2026 (year). */
export const PeriodLabel = z
  .string()
  .trim()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, '期别格式应为 2026-03（月）、2026-Q1（季）或 2026（年）');

const IndicatorCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{1,39}$/, '指标编码以字母开头，只能包含字母、数字和下划线（2–40 位）');

export const IndicatorBody = z.object({
  code: IndicatorCode,
  name: z.string().trim().min(1, '请填写指标名称').max(40, '名称不能超过 40 个字'),
  definition: z.string().trim().max(500, '定义不能超过 500 个字').default(''),
  unit: z.string().trim().min(1, '请填写计量单位').max(20),
  frequency: z.enum(FREQUENCIES, { message: '统计周期应为 月度、季度 或 年度' }),
  direction: z.enum(DIRECTIONS, { message: '方向不正确' }),
  kind: z.enum(INDICATOR_KINDS, { message: '指标类型不正确' }),
  /** The providing department: a 数据部门 dictionary name (发改局, 统计局 …). */
  department: z.string().trim().min(1, '请选择提供部门').max(30),
  /** The 领域 (domain dictionary code) through which the indicator reaches cadres. */
  domain: z.string().trim().max(30).nullable().default(null),
  /** One of the 12 core indicators (核心指标) of the assessment. */
  core: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type IndicatorBody = z.infer<typeof IndicatorBody>;

export const IndicatorQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
  department: z.string().trim().max(30).optional(),
  domain: z.string().trim().max(30).optional(),
  core: z.enum(['true', 'false']).optional(),
});

export const IndicatorView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  definition: z.string(),
  unit: z.string(),
  frequency: z.enum(FREQUENCIES),
  direction: z.enum(DIRECTIONS),
  kind: z.enum(INDICATOR_KINDS),
  department: z.string(),
  domain: z.string().nullable(),
  domainName: z.string().nullable(),
  core: z.boolean(),
  active: z.boolean(),
  /** How many values the platform holds, and the latest period (in a series: within its scope). */
  valueCount: Num,
  latestPeriod: z.string().nullable(),
  updatedAt: Instant,
  /** edit: change the definition and set targets. */
  can: canFlags('edit'),
});
export type IndicatorView = z.infer<typeof IndicatorView>;

/** One delivered value: per indicator, region (code or name) or unit (code or name), period. */
export const FeedRow = z
  .object({
    indicator: z.string().trim().min(1, '请填写指标编码'),
    region: z.string().trim().max(60).optional(),
    unit: z.string().trim().max(60).optional(),
    period: PeriodLabel,
    value: z.number({ message: '数值应为数字' }).finite('数值应为有限数字'),
  })
  .refine((r) => !!r.region !== !!r.unit, { message: '区域和单位须填且只填一项' });
export const FeedBody = z.object({
  values: z.array(FeedRow).min(1, '至少提交一条数值').max(5000, '一次最多提交 5000 条'),
});
export type FeedBody = z.infer<typeof FeedBody>;

export const FeedResult = z.object({ inserted: Num, revised: Num, unchanged: Num });
export type FeedResult = z.infer<typeof FeedResult>;

export const SeriesQuery = z.object({
  indicatorId: Uuid,
  regionId: Uuid.optional(),
  unitId: Uuid.optional(),
  from: PeriodLabel.optional(),
  to: PeriodLabel.optional(),
});

export const SeriesPointView = z.object({
  period: z.string(),
  value: Num,
  valueId: z.uuid(),
  /** 1 for a value never revised. */
  revision: Num,
  updatedAt: Instant,
});
export type SeriesPointView = z.infer<typeof SeriesPointView>;

export const SeriesView = z.object({
  indicator: IndicatorView,
  scope: z.object({ kind: z.enum(['region', 'unit']), id: z.uuid(), name: z.string() }),
  points: z.array(SeriesPointView),
  /** 年度目标 per year, drawn as a target line. */
  targets: z.array(z.object({ year: Num, value: Num })),
});
export type SeriesView = z.infer<typeof SeriesView>;

/** The curves page: indicators of a domain (in a region), or all core indicators of a region. */
export const CurvesQuery = z.object({
  regionId: Uuid.optional(),
  domain: z.string().trim().max(30).optional(),
  from: PeriodLabel.optional(),
  to: PeriodLabel.optional(),
});

export const RevisionView = z.object({
  revision: Num,
  value: Num,
  previousValue: Num.nullable(),
  via: z.enum(FEED_VIAS),
  /** Who sent it: the uploader's name, or the API key's department and label. */
  sentBy: z.string(),
  department: z.string().nullable(),
  importBatchId: z.uuid().nullable(),
  sentAt: Instant,
});
export type RevisionView = z.infer<typeof RevisionView>;

export const TargetBody = z.object({
  indicatorId: Uuid,
  regionId: Uuid,
  year: z.number().int().min(2000).max(2100),
  value: z.number().finite(),
});

export const ApiKeyBody = z.object({
  department: z.string().trim().min(1, '请选择数据部门').max(30),
  label: z.string().trim().min(1, '请填写用途说明').max(40),
});
export const ApiKeyView = z.object({
  id: z.uuid(),
  department: z.string(),
  label: z.string(),
  /** The first characters, to tell keys apart; the key itself is shown once. */
  prefix: z.string(),
  createdAt: Instant,
  createdBy: z.string().nullable(),
  lastUsedAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
  can: canFlags('revoke'),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

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

// ---------------------------------------------------------------- anomaly rules and alerts (问题预警)

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

export const ALERT_STATUSES = ['open', 'dismissed', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  open: '待研判',
  dismissed: '已排除',
  escalated: '已转约谈',
};

export const AlertQuery = PageQuery.extend({
  status: z.enum(ALERT_STATUSES).optional(),
  kind: z.enum(RULE_KINDS).optional(),
  regionId: Uuid.optional(),
  q: z.string().trim().max(40).optional(),
});

/** A figure behind an alert: which value of which series, as it stood when the rule fired. */
export const AlertFigure = z.object({
  indicatorId: z.uuid(),
  indicator: z.string(),
  unit: z.string(),
  period: z.string(),
  value: Num.nullable(),
  /** Year-on-year change, or the gap, as the rule saw it. */
  change: Num.nullable(),
  valueId: z.uuid().nullable(),
  revision: Num.nullable(),
});
export type AlertFigure = z.infer<typeof AlertFigure>;

export const AlertView = z.object({
  id: z.uuid(),
  kind: z.enum(RULE_KINDS),
  kindLabel: z.string(),
  ruleId: z.uuid(),
  ruleKey: z.string(),
  ruleVersion: Num,
  ruleName: z.string(),
  title: z.string(),
  summary: z.string(),
  scope: z.object({ kind: z.enum(['region', 'department']), id: z.uuid().nullable(), name: z.string() }),
  periodFrom: z.string(),
  periodTo: z.string(),
  pValue: Num.nullable(),
  /** Benjamini–Hochberg adjusted level among the tests of the same run. */
  qValue: Num.nullable(),
  status: z.enum(ALERT_STATUSES),
  cadres: z.array(CadreRef),
  createdAt: Instant,
  decidedAt: Instant.nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  interviewCount: Num,
  /** dismiss / escalate an open alert; interview: record an interview on an escalated one. */
  can: canFlags('dismiss', 'escalate', 'interview'),
});
export type AlertView = z.infer<typeof AlertView>;

/**
 * The statistics an alert was raised on, frozen with it: a later evaluation with more months
 * never changes them (it may add a note).
 */
const Statistic = z.object({ label: z.string(), value: z.string() });
const DigitCount = z.object({ digit: Num, count: Num, expected: Num, observed: Num });
export const AlertBasis = z.object({
  /** The method, in Chinese. */
  method: z.string(),
  /** The test's family: the rule's tests of the same year, corrected together. */
  family: z.object({ year: z.string(), size: Num, fdr: Num }),
  /** Named statistics, already formatted (e.g. 修正 z 值 → 5.21). */
  statistics: z.array(Statistic),
  /** benford: the digits counted; the value of each unit. */
  digits: z.array(DigitCount).optional(),
  units: z.array(z.object({ unitId: z.uuid(), value: Num })).optional(),
});
export type AlertBasis = z.infer<typeof AlertBasis>;

/** A note added to an alert by a later evaluation (the alert itself is never changed by it). */
export const AlertNote = z.object({ at: z.string(), text: z.string() });
export type AlertNote = z.infer<typeof AlertNote>;

export const DismissBody = z.object({ reason: z.string().trim().min(2, '请填写排除理由').max(500) });
export const EscalateBody = z.object({ note: z.string().trim().min(2, '请填写研判意见').max(500) });

// ---------------------------------------------------------------- interviews (约谈)

export const InterviewBody = z.object({
  alertId: Uuid.nullable().default(null),
  cadreId: Uuid,
  interviewedOn: Day,
  interviewers: z.string().trim().min(1, '请填写约谈人').max(100),
  issue: z.string().trim().min(2, '请填写约谈事由').max(1000),
  cadreAccount: z.string().trim().max(2000).default(''),
  followUp: z.string().trim().min(2, '请填写整改跟进事项').max(1000),
  followUpDue: Day,
});
export type InterviewBody = z.infer<typeof InterviewBody>;

export const FollowUpBody = z.object({
  result: z.enum(['done', 'not_done'], { message: '请选择跟进结果' }),
  note: z.string().trim().min(2, '请填写核查情况').max(1000),
});

export const INTERVIEW_STATUSES = ['pending', 'done', 'not_done', 'overdue'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export const INTERVIEW_STATUS_LABELS: Record<InterviewStatus, string> = {
  pending: '跟进中',
  done: '已落实',
  not_done: '未落实',
  overdue: '跟进逾期',
};

export const InterviewQuery = PageQuery.extend({
  status: z.enum(INTERVIEW_STATUSES).optional(),
  q: z.string().trim().max(40).optional(),
  alertId: Uuid.optional(),
});

export const InterviewView = z.object({
  id: z.uuid(),
  alertId: z.uuid().nullable(),
  alertTitle: z.string().nullable(),
  cadre: CadreRef,
  interviewedOn: DayString,
  interviewers: z.string(),
  issue: z.string(),
  cadreAccount: z.string(),
  followUp: z.string(),
  followUpDue: DayString,
  status: z.enum(INTERVIEW_STATUSES),
  checkedAt: Instant.nullable(),
  checkedBy: z.string().nullable(),
  checkNote: z.string().nullable(),
  createdAt: Instant,
  createdBy: z.string().nullable(),
  /** check: record whether the follow-up was done (once). */
  can: canFlags('check'),
});
export type InterviewView = z.infer<typeof InterviewView>;

export const AlertDetail = AlertView.extend({
  figures: z.array(AlertFigure),
  basis: AlertBasis.nullable(),
  notes: z.array(AlertNote),
  /** The series of the rule, for the chart. */
  series: z.array(
    z.object({
      indicator: z.string(),
      unit: z.string(),
      points: z.array(z.object({ period: z.string(), value: Num, change: Num.nullable() })),
    }),
  ),
  interviews: z.array(InterviewView),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

// ---------------------------------------------------------------- forensics (数据体检)

export const ForensicsQuery = z.object({
  department: z.string().trim().max(30).optional(),
  regionId: Uuid.optional(),
  /** Overrides every rule's false-discovery level; without it each rule's own level applies. */
  fdr: z.coerce.number().gt(0).max(0.5).optional(),
});

/** One finding of 数据体检: a plain sentence first, the statistics one click away. */
const ForensicsFinding = z.object({
  /** What was found, in plain Chinese, following the rule that raised it. */
  sentence: z.string(),
  /** needs a look (线索) / nothing found / not judged (too little data). */
  verdict: z.enum(['lead', 'clear', 'unjudged']),
  /** The statistics behind the sentence, already formatted. */
  statistics: z.array(Statistic),
});
export type ForensicsFinding = z.infer<typeof ForensicsFinding>;

const Rates = z.object({ label: z.string(), rate: Num, auc: Num });
export const ForensicsCalibration = z.object({
  settings: z.object({
    jump: z.object({ threshold: Num.optional(), fdr: Num }),
    crosscheck: z.object({ fdr: Num, minWidening: Num }),
    benford: z.object({ fdr: Num }),
  }),
  levels: z.array(
    z.object({
      /** Standard deviation of the monthly gap between the two growth rates (0.035 = 3.5 points). */
      gapSd: Num,
      counties: Num,
      /** Share of clean counties with any alert in a year. */
      countiesWithAlert: Num,
      /** Per clean region-year (Benford: per department-year). */
      falseAlarm: z.object({ jump: Num, crosscheck: Num, benford: Num }),
      /** Detection of the fabrication each rule is meant for, and the AUC of its score. */
      detection: z.object({ jump: Rates, crosscheck: Rates }),
    }),
  ),
});
/** The forensic rules' measured false-alarm and detection rates, per gap-noise level. */
export type ForensicsCalibration = z.infer<typeof ForensicsCalibration>;

export const ForensicsView = z.object({
  /** The levels used, per rule. */
  fdr: z.object({ benford: Num, jump: Num, crosscheck: Num }),
  benford: z.array(
    ForensicsFinding.extend({
      department: z.string(),
      indicator: z.string().nullable(),
      year: z.string().nullable(),
      units: Num,
      digits: z.array(DigitCount),
    }),
  ),
  /** The leads among the jumps (and the base effects linked to them), most extreme first. */
  jumps: z.array(
    ForensicsFinding.extend({
      indicator: z.string(),
      region: z.string(),
      period: z.string(),
      change: Num,
      z: Num,
      pValue: Num,
      qValue: Num,
      baseEffectOf: z.string().nullable(),
    }),
  ),
  crosschecks: z.array(
    ForensicsFinding.extend({
      reported: z.string(),
      independent: z.string(),
      region: z.string(),
      widening: Num.nullable(),
      gaps: z.array(z.object({ period: z.string(), gap: Num, widening: z.boolean() })),
    }),
  ),
  /** How many tests with p-values were run, and how many pass the adjusted level. */
  tests: Num,
  discoveries: Num,
  /** The rules' rates measured on simulated county data (npm run bench). */
  calibration: ForensicsCalibration,
});
export type ForensicsView = z.infer<typeof ForensicsView>;

export const EconomyStats = z.object({
  coreIndicators: Num,
  indicators: Num,
  values: Num,
  latestPeriod: z.string().nullable(),
  alerts: z.object({ open: Num, dismissed: Num, escalated: Num }),
  /** 发现问题: alerts escalated to interviews. */
  problems: Num,
  interviews: Num,
  /** 约谈干部: distinct cadres interviewed. */
  cadresInterviewed: Num,
  followUpsOverdue: Num,
});
export type EconomyStats = z.infer<typeof EconomyStats>;

// ---------------------------------------------------------------- the endpoints

export const DepartmentView = z.object({
  code: z.string(),
  name: z.string(),
  indicatorCount: Num,
  keyCount: Num,
});
export const TargetView = z.object({
  indicatorId: z.uuid(),
  regionId: z.uuid(),
  year: Num,
  value: Num,
  updatedAt: Instant,
});
export const CurvesView = z.object({
  region: z.object({ id: z.uuid(), name: z.string() }),
  domain: z.object({ code: z.string(), name: z.string() }).nullable(),
  series: z.array(SeriesView),
});
/** A new key: its view and, this once, the key itself. */
export const NewApiKeyView = ApiKeyView.extend({ key: z.string() });
export const AlertPage = pageOf(AlertView).extend({
  /** Per status, under the other filters. */
  counts: z.object({ open: Num, dismissed: Num, escalated: Num }),
});

/** ?history=true lists the replaced versions too. */
export const HistoryQuery = z.object({ history: z.enum(['true', 'false']).optional() });
export const KeyParams = z.object({ key: z.string().trim().min(1).max(40) });

export const economyApi = {
  stats: endpoint({
    method: 'GET',
    path: '/api/economy/stats',
    shared: true,
    access: 'economy.assess',
    summary: '经济运行诊断概况',
    response: EconomyStats,
  }),
  departments: endpoint({
    method: 'GET',
    path: '/api/economy/departments',
    access: 'economy.catalog.read',
    summary: '数据部门',
    response: listOf(DepartmentView),
  }),
  indicators: endpoint({
    method: 'GET',
    path: '/api/economy/indicators',
    access: 'economy.catalog.read',
    summary: '指标目录',
    query: IndicatorQuery,
    response: pageOf(IndicatorView),
  }),
  indicator: endpoint({
    method: 'GET',
    path: '/api/economy/indicators/:id',
    access: 'economy.catalog.read',
    summary: '指标详情',
    params: IdParams,
    response: IndicatorView,
  }),
  createIndicator: endpoint({
    method: 'POST',
    path: '/api/economy/indicators',
    access: 'economy.catalog.manage',
    summary: '新增指标',
    body: IndicatorBody,
    response: IndicatorView,
    status: 201,
  }),
  updateIndicator: endpoint({
    method: 'PUT',
    path: '/api/economy/indicators/:id',
    access: 'economy.catalog.manage',
    summary: '修改指标',
    params: IdParams,
    body: IndicatorBody,
    response: IndicatorView,
  }),
  setTarget: endpoint({
    method: 'POST',
    path: '/api/economy/targets',
    access: 'economy.catalog.manage',
    summary: '设置年度目标',
    body: TargetBody,
    response: TargetView,
  }),
  series: endpoint({
    method: 'GET',
    path: '/api/economy/series',
    access: 'economy.read',
    summary: '一个指标在一个区域或单位的序列',
    query: SeriesQuery,
    response: SeriesView,
  }),
  curves: endpoint({
    method: 'GET',
    path: '/api/economy/curves',
    access: 'economy.read',
    summary: '指标曲线：按领域或区域',
    query: CurvesQuery,
    response: CurvesView,
  }),
  revisions: endpoint({
    method: 'GET',
    path: '/api/economy/values/:id/revisions',
    access: 'economy.read',
    summary: '数值的修订记录',
    params: IdParams,
    response: listOf(RevisionView),
  }),

  feed: endpoint({
    method: 'POST',
    path: '/api/economy/feed',
    access: 'public',
    summary: '数据部门推送指标数值（请求头 X-Api-Key：本部门密钥；只能写本部门指标；全部成功或全部不写）',
    body: FeedBody,
    response: FeedResult,
  }),
  apiKeys: endpoint({
    method: 'GET',
    path: '/api/economy/api-keys',
    access: 'economy.keys.manage',
    summary: '数据接口密钥',
    response: listOf(ApiKeyView),
  }),
  createApiKey: endpoint({
    method: 'POST',
    path: '/api/economy/api-keys',
    access: 'economy.keys.manage',
    summary: '为数据部门生成密钥（只显示一次）',
    body: ApiKeyBody,
    response: NewApiKeyView,
    status: 201,
  }),
  revokeApiKey: endpoint({
    method: 'POST',
    path: '/api/economy/api-keys/:id/revoke',
    access: 'economy.keys.manage',
    summary: '停用密钥',
    params: IdParams,
    response: ApiKeyView,
  }),

  kpis: endpoint({
    method: 'GET',
    path: '/api/economy/kpis',
    access: 'economy.assess',
    summary: '差异化评价标准',
    query: HistoryQuery,
    response: listOf(KpiView),
  }),
  createKpi: endpoint({
    method: 'POST',
    path: '/api/economy/kpis',
    access: 'economy.configure',
    summary: '新增评价标准',
    body: KpiBody,
    response: KpiView,
    status: 201,
  }),
  reviseKpi: endpoint({
    method: 'PUT',
    path: '/api/economy/kpis/:key',
    access: 'economy.configure',
    summary: '修订评价标准（产生新版本）',
    params: KeyParams,
    body: KpiBody,
    response: KpiView,
  }),
  kpiVersions: endpoint({
    method: 'GET',
    path: '/api/economy/kpis/:key/versions',
    access: 'economy.assess',
    summary: '评价标准的版本',
    params: KeyParams,
    response: listOf(KpiView),
  }),
  kpiValues: endpoint({
    method: 'GET',
    path: '/api/economy/kpi-values',
    access: 'economy.assess',
    summary: '干部的差异化评价指标值',
    query: KpiValueQuery,
    response: pageOf(KpiValueRow),
  }),
  kpiValuesXlsx: endpoint({
    method: 'GET',
    path: '/api/economy/kpi-values.xlsx',
    access: 'economy.assess',
    summary: '导出干部的差异化评价指标值',
    query: KpiValueQuery,
    response: 'file',
  }),
  kpiTrace: endpoint({
    method: 'GET',
    path: '/api/economy/kpi-values/trace',
    access: 'economy.assess',
    summary: '指标值的来源（用到的每个数值）',
    query: KpiTraceQuery,
    response: KpiTrace,
  }),

  rules: endpoint({
    method: 'GET',
    path: '/api/economy/rules',
    access: 'economy.assess',
    summary: '预警规则',
    query: HistoryQuery,
    response: listOf(RuleView),
  }),
  createRule: endpoint({
    method: 'POST',
    path: '/api/economy/rules',
    access: 'economy.configure',
    summary: '新增预警规则',
    body: RuleBody,
    response: RuleView,
    status: 201,
  }),
  reviseRule: endpoint({
    method: 'PUT',
    path: '/api/economy/rules/:key',
    access: 'economy.configure',
    summary: '修订预警规则（产生新版本）',
    params: KeyParams,
    body: RuleBody,
    response: RuleView,
  }),
  evaluate: endpoint({
    method: 'POST',
    path: '/api/economy/rules/evaluate',
    access: 'economy.configure',
    summary: '立即按规则研判全部数据',
    response: z.object({ jobId: Num.nullable() }),
  }),
  alerts: endpoint({
    method: 'GET',
    path: '/api/economy/alerts',
    access: 'economy.assess',
    summary: '预警',
    query: AlertQuery,
    response: AlertPage,
  }),
  alertsXlsx: endpoint({
    method: 'GET',
    path: '/api/economy/alerts.xlsx',
    access: 'economy.assess',
    summary: '导出预警',
    query: AlertQuery,
    response: 'file',
  }),
  alert: endpoint({
    method: 'GET',
    path: '/api/economy/alerts/:id',
    access: 'economy.assess',
    summary: '预警详情',
    params: IdParams,
    response: AlertDetail,
  }),
  dismissAlert: endpoint({
    method: 'POST',
    path: '/api/economy/alerts/:id/dismiss',
    access: 'economy.review',
    summary: '排除预警',
    params: IdParams,
    body: DismissBody,
    response: AlertDetail,
  }),
  escalateAlert: endpoint({
    method: 'POST',
    path: '/api/economy/alerts/:id/escalate',
    access: 'economy.review',
    summary: '预警转约谈',
    params: IdParams,
    body: EscalateBody,
    response: AlertDetail,
  }),

  interviews: endpoint({
    method: 'GET',
    path: '/api/economy/interviews',
    access: 'economy.assess',
    summary: '约谈记录',
    query: InterviewQuery,
    response: pageOf(InterviewView),
  }),
  interviewsXlsx: endpoint({
    method: 'GET',
    path: '/api/economy/interviews.xlsx',
    access: 'economy.assess',
    summary: '导出约谈记录',
    query: InterviewQuery,
    response: 'file',
  }),
  createInterview: endpoint({
    method: 'POST',
    path: '/api/economy/interviews',
    access: 'economy.review',
    summary: '登记约谈',
    body: InterviewBody,
    response: InterviewView,
    status: 201,
  }),
  interview: endpoint({
    method: 'GET',
    path: '/api/economy/interviews/:id',
    access: 'economy.assess',
    summary: '约谈详情',
    params: IdParams,
    response: InterviewView,
  }),
  checkInterview: endpoint({
    method: 'POST',
    path: '/api/economy/interviews/:id/check',
    access: 'economy.review',
    summary: '核查跟进落实情况',
    params: IdParams,
    body: FollowUpBody,
    response: InterviewView,
  }),

  forensics: endpoint({
    method: 'GET',
    path: '/api/economy/forensics',
    access: 'economy.read',
    summary: '数据体检：首位数字、异常跳变、交叉核验',
    query: ForensicsQuery,
    response: ForensicsView,
  }),
};

/** Error codes of module `economy`. */
export const ECONOMY_ERRORS = {
  ECONOMY_ALERT_DECIDED: { status: 409, message: '该预警已经研判，不能重复研判' },
  ECONOMY_ALERT_DISMISSED: { status: 409, message: '该预警已排除，不能据此约谈' },
  ECONOMY_ALERT_NOT_ESCALATED: { status: 409, message: '请先将预警研判为“转约谈”，再登记约谈' },
  ECONOMY_INTERVIEW_CHECKED: { status: 409, message: '该约谈的跟进情况已核查' },
  ECONOMY_INDICATOR_CODE_USED: { status: 409, message: '指标编码已被使用' },
  ECONOMY_INDICATOR_HAS_VALUES: {
    status: 409,
    message: '指标已有数据，不能修改编码或统计周期（可新建指标）',
  },
  ECONOMY_KEY_REVOKED: { status: 409, message: '该密钥已停用' },
  ECONOMY_UNKNOWN_DICT_ITEM: { status: 400, message: '所选项不在字典中' },
} as const satisfies ErrorTable;
