import { z } from 'zod';
import { canFlags, Instant } from '../api.ts';
import { PageQuery, Uuid } from './page.ts';

/** 与经济运行同步诊断: the indicator catalogue, delivered values and their feeds, series, targets, API keys. */

const Num = z.number();

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
