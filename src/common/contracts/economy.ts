import { z } from 'zod';
import type { ErrorTable } from '../errors.ts';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

/** 与经济运行同步诊断 (module economy): indicators, feeds, role KPIs, anomaly rules, alerts, interviews. */

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

export interface IndicatorView {
  id: string;
  code: string;
  name: string;
  definition: string;
  unit: string;
  frequency: Frequency;
  direction: Direction;
  kind: IndicatorKind;
  department: string;
  domain: string | null;
  domainName: string | null;
  core: boolean;
  active: boolean;
  /** How many values the platform holds, and the latest period (in a series: within its scope). */
  valueCount: number;
  latestPeriod: string | null;
  updatedAt: string;
}

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

export interface FeedResult {
  inserted: number;
  revised: number;
  unchanged: number;
}

export const SeriesQuery = z.object({
  indicatorId: Uuid,
  regionId: Uuid.optional(),
  unitId: Uuid.optional(),
  from: PeriodLabel.optional(),
  to: PeriodLabel.optional(),
});

export interface SeriesPointView {
  period: string;
  value: number;
  valueId: string;
  /** 1 for a value never revised. */
  revision: number;
  updatedAt: string;
}

export interface SeriesView {
  indicator: IndicatorView;
  scope: { kind: 'region' | 'unit'; id: string; name: string };
  points: SeriesPointView[];
  /** 年度目标 per year, drawn as a target line. */
  targets: { year: number; value: number }[];
}

/** The curves page: indicators of a domain (in a region), or all core indicators of a region. */
export const CurvesQuery = z.object({
  regionId: Uuid.optional(),
  domain: z.string().trim().max(30).optional(),
  from: PeriodLabel.optional(),
  to: PeriodLabel.optional(),
});

export interface RevisionView {
  revision: number;
  value: number;
  previousValue: number | null;
  via: FeedVia;
  /** Who sent it: the uploader's name, or the API key's department and label. */
  sentBy: string;
  department: string | null;
  importBatchId: string | null;
  sentAt: string;
}

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
export interface ApiKeyView {
  id: string;
  department: string;
  label: string;
  /** The first characters, to tell keys apart; the key itself is shown once. */
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

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

export interface KpiView {
  id: string;
  /** Stable across versions. */
  key: string;
  version: number;
  roleType: string;
  roleTypeName: string;
  name: string;
  formula: KpiFormula;
  numerator: { id: string; code: string; name: string; unit: string };
  denominator: { id: string; code: string; name: string; unit: string } | null;
  window: number;
  lag: number;
  percent: boolean;
  direction: Direction;
  target: number;
  weight: number;
  note: string;
  /** A sentence: 近12个月达产项目数 ÷ 12个月前的12个月签约项目数 × 100%. */
  description: string;
  createdAt: string;
  createdBy: string | null;
  /** Set on versions replaced by a later one. */
  supersededAt: string | null;
}

export const KpiValueQuery = PageQuery.extend({
  period: PeriodLabel,
  roleType: z.string().trim().max(30).optional(),
  unitId: Uuid.optional(),
  q: z.string().trim().max(40).optional(),
});

export interface KpiValueRow {
  cadreId: string;
  cadreName: string;
  unitName: string;
  post: string;
  roleType: string;
  roleTypeName: string;
  kpiKey: string;
  kpiVersion: number;
  kpiName: string;
  scopeName: string;
  value: number | null;
  /** The unit of value and target: % for a percentage, the indicator's unit otherwise. */
  unit: string;
  target: number;
  /** value against target, by direction; null without a value. */
  attainment: number | null;
  met: boolean | null;
  weight: number;
  /** Why there is no value (missing data). */
  missing: string | null;
}

export const KpiTraceQuery = z.object({ cadreId: Uuid, kpiKey: z.string().min(1), period: PeriodLabel });
export interface KpiTrace {
  kpi: KpiView;
  cadre: { id: string; name: string; unitName: string; post: string };
  scope: { kind: 'region'; id: string; name: string };
  /** The responsibility that ties the cadre to the indicator (division version and domain). */
  basis: string;
  value: number | null;
  numeratorSum: number | null;
  denominatorSum: number | null;
  inputs: {
    role: 'numerator' | 'denominator';
    indicator: string;
    period: string;
    value: number | null;
    valueId: string | null;
    revision: number | null;
  }[];
}

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

export interface RuleView extends Omit<RuleBody, 'primary' | 'secondary'> {
  id: string;
  key: string;
  version: number;
  primary: { id: string; code: string; name: string } | null;
  secondary: { id: string; code: string; name: string } | null;
  description: string;
  createdAt: string;
  createdBy: string | null;
  supersededAt: string | null;
  alertCount: number;
}

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
export interface AlertFigure {
  indicatorId: string;
  indicator: string;
  unit: string;
  period: string;
  value: number | null;
  /** Year-on-year change, or the gap, as the rule saw it. */
  change: number | null;
  valueId: string | null;
  revision: number | null;
}

export interface AlertView {
  id: string;
  kind: RuleKind;
  kindLabel: string;
  ruleId: string;
  ruleKey: string;
  ruleVersion: number;
  ruleName: string;
  title: string;
  summary: string;
  scope: { kind: 'region' | 'department'; id: string | null; name: string };
  periodFrom: string;
  periodTo: string;
  pValue: number | null;
  /** Benjamini–Hochberg adjusted level among the tests of the same run. */
  qValue: number | null;
  status: AlertStatus;
  cadres: { id: string; name: string; unitName: string; post: string }[];
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  interviewCount: number;
}

/**
 * The statistics an alert was raised on, frozen with it: a later evaluation with more months
 * never changes them (it may add a note).
 */
export interface AlertBasis {
  /** The method, in Chinese. */
  method: string;
  /** The test's family: the rule's tests of the same year, corrected together. */
  family: { year: string; size: number; fdr: number };
  /** Named statistics, already formatted (e.g. 修正 z 值 → 5.21). */
  statistics: { label: string; value: string }[];
  /** benford: the digits counted; the value of each unit. */
  digits?: { digit: number; count: number; expected: number; observed: number }[];
  units?: { unitId: string; value: number }[];
}

/** A note added to an alert by a later evaluation (the alert itself is never changed by it). */
export interface AlertNote {
  at: string;
  text: string;
}

export interface AlertDetail extends AlertView {
  figures: AlertFigure[];
  basis: AlertBasis | null;
  notes: AlertNote[];
  /** The series of the rule, for the chart. */
  series: {
    indicator: string;
    unit: string;
    points: { period: string; value: number; change: number | null }[];
  }[];
  interviews: InterviewView[];
}

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

export interface InterviewView {
  id: string;
  alertId: string | null;
  alertTitle: string | null;
  cadre: { id: string; name: string; unitName: string; post: string };
  interviewedOn: string;
  interviewers: string;
  issue: string;
  cadreAccount: string;
  followUp: string;
  followUpDue: string;
  status: InterviewStatus;
  checkedAt: string | null;
  checkedBy: string | null;
  checkNote: string | null;
  createdAt: string;
  createdBy: string | null;
}

// ---------------------------------------------------------------- forensics (数据体检)

export const ForensicsQuery = z.object({
  department: z.string().trim().max(30).optional(),
  regionId: Uuid.optional(),
  /** Overrides every rule's false-discovery level; without it each rule's own level applies. */
  fdr: z.coerce.number().gt(0).max(0.5).optional(),
});

/** One finding of 数据体检: a plain sentence first, the statistics one click away. */
export interface ForensicsFinding {
  /** What was found, in plain Chinese, following the rule that raised it. */
  sentence: string;
  /** needs a look (线索) / nothing found / not judged (too little data). */
  verdict: 'lead' | 'clear' | 'unjudged';
  /** The statistics behind the sentence, already formatted. */
  statistics: { label: string; value: string }[];
}

export interface ForensicsView {
  /** The levels used, per rule. */
  fdr: { benford: number; jump: number; crosscheck: number };
  benford: (ForensicsFinding & {
    department: string;
    indicator: string | null;
    year: string | null;
    units: number;
    digits: { digit: number; expected: number; observed: number; count: number }[];
  })[];
  /** The leads among the jumps (and the base effects linked to them), most extreme first. */
  jumps: (ForensicsFinding & {
    indicator: string;
    region: string;
    period: string;
    change: number;
    z: number;
    pValue: number;
    qValue: number;
    baseEffectOf: string | null;
  })[];
  crosschecks: (ForensicsFinding & {
    reported: string;
    independent: string;
    region: string;
    widening: number | null;
    gaps: { period: string; gap: number; widening: boolean }[];
  })[];
  /** How many tests with p-values were run, and how many pass the adjusted level. */
  tests: number;
  discoveries: number;
  /** The rules' rates measured on simulated county data (npm run bench). */
  calibration: ForensicsCalibration;
}

/** The forensic rules' measured false-alarm and detection rates, per gap-noise level. */
export interface ForensicsCalibration {
  settings: {
    jump: { threshold?: number; fdr: number };
    crosscheck: { fdr: number; minWidening: number };
    benford: { fdr: number };
  };
  levels: {
    /** Standard deviation of the monthly gap between the two growth rates (0.035 = 3.5 points). */
    gapSd: number;
    counties: number;
    /** Share of clean counties with any alert in a year. */
    countiesWithAlert: number;
    /** Per clean region-year (Benford: per department-year). */
    falseAlarm: { jump: number; crosscheck: number; benford: number };
    /** Detection of the fabrication each rule is meant for, and the AUC of its score. */
    detection: {
      jump: { label: string; rate: number; auc: number };
      crosscheck: { label: string; rate: number; auc: number };
    };
  }[];
}

export interface EconomyStats {
  coreIndicators: number;
  indicators: number;
  values: number;
  latestPeriod: string | null;
  alerts: Record<AlertStatus, number>;
  /** 发现问题: alerts escalated to interviews. */
  problems: number;
  interviews: number;
  /** 约谈干部: distinct cadres interviewed. */
  cadresInterviewed: number;
  followUpsOverdue: number;
}

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
