import { z } from 'zod';
import { canFlags, endpoint, Instant, listOf } from '../api.ts';
import { IdParams, Uuid } from './page.ts';

/** 与个体成长同步解析 (module growth): the contract. */

export const Quarter = z.string().regex(/^\d{4}Q[1-4]$/, '季度格式应为 2026Q3');
export const quarterLabel = (q: string) => `${q.slice(0, 4)}年第${'一二三四'[Number(q.slice(5)) - 1]}季度`;

export const MEASURES = ['delivery', 'keywork', 'kpi', 'conduct', 'opinion', 'annual'] as const;
export type Measure = (typeof MEASURES)[number];
export const MEASURE_LABELS: Record<Measure, string> = {
  delivery: '干事清单履职',
  keywork: '重点任务推进',
  kpi: '差异化指标达成',
  conduct: '现场考察表现',
  opinion: '群众口碑',
  annual: '年度考核',
};
/** Default composite weights (a role type may have its own, versioned). */
export const DEFAULT_WEIGHTS: Record<Measure, number> = {
  delivery: 25,
  keywork: 20,
  kpi: 20,
  conduct: 10,
  opinion: 15,
  annual: 10,
};

/** A record a figure rests on, with the page that shows it. */
export const RecordRef = z.object({
  type: z.string(),
  id: z.string(),
  label: z.string(),
  link: z.string().nullable(),
  /** For a figure with uncertainty (a calibrated 360 score): its standard error and method. */
  se: z.number().optional(),
  method: z.string().optional(),
});

const Num = z.number();
const CadreRef = z.object({
  id: z.uuid(),
  name: z.string(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
});

// ——— responsibility locked in advance ———
export const ScopeLockView = z.object({
  id: z.uuid(),
  quarter: z.string(),
  lockedOn: z.string(),
  createdAt: Instant,
  responsibilities: z.array(
    z.object({
      unitName: z.string(),
      duties: z.string().nullable(),
      docNo: z.string().nullable(),
      scopes: z.array(z.object({ kind: z.string(), label: z.string(), lead: z.boolean() })),
    }),
  ),
  keyTasks: z.array(z.object({ id: z.uuid(), title: z.string(), part: z.string().nullable() })),
  amendments: z.array(
    z.object({
      effectiveOn: z.string(),
      added: z.array(z.string()),
      removed: z.array(z.string()),
      createdAt: Instant,
    }),
  ),
});
export const LockBody = z.object({ quarter: Quarter });

// ——— shares on the same task ———
export const ShareLine = z.object({
  cadreId: Uuid,
  role: z.string().trim().min(1, '请填写角色').max(40),
  pct: z.number().min(0, '份额不能小于 0%').max(100, '份额不能大于 100%'),
});
export const DeclareBody = z
  .object({ taskId: Uuid, shares: z.array(ShareLine).min(1, '请至少申报一名干部').max(30) })
  .refine((b) => b.shares.reduce((s, x) => s + x.pct, 0) <= 100.0001, {
    message: '各干部份额合计不能超过 100%',
    path: ['shares'],
  })
  .refine((b) => new Set(b.shares.map((s) => s.cadreId)).size === b.shares.length, {
    message: '同一干部只能申报一次',
    path: ['shares'],
  });
export const ObjectBody = z.object({
  reason: z.string().trim().min(5, '请写明异议理由（至少 5 个字）').max(500),
});
export const VerifyBody = z
  .object({
    shares: z
      .array(
        z.object({
          cadreId: Uuid,
          pct: z.number().min(0, '份额不能小于 0%').max(100, '份额不能大于 100%'),
          correction: z.string().trim().max(300).optional(),
        }),
      )
      .min(1),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.shares.reduce((s, x) => s + x.pct, 0) <= 100.0001, {
    message: '各干部份额合计不能超过 100%',
    path: ['shares'],
  });

export const ShareView = z.object({
  id: z.uuid(),
  cadre: CadreRef,
  role: z.string(),
  declaredPct: Num,
  verifiedPct: Num.nullable(),
  correction: z.string().nullable(),
  objection: z.string().nullable(),
  objectedAt: Instant.nullable(),
  /** From the key-task causal chain: milestones this cadre is responsible for. */
  milestones: z.object({ total: Num, doneOnTime: Num, late: Num, open: Num, overdue: Num }),
  findings: z.array(z.object({ id: z.uuid(), tags: z.array(z.string()), effect: z.string().nullable() })),
  can: canFlags('object'),
});
export const DeclarationView = z.object({
  id: z.uuid(),
  task: z.object({ id: z.uuid(), title: z.string(), leadUnitName: z.string().nullable() }),
  status: z.enum(['declared', 'verified']),
  declaredAt: Instant,
  declaredByName: z.string().nullable(),
  verifiedAt: Instant.nullable(),
  verifiedByName: z.string().nullable(),
  verifyNote: z.string().nullable(),
  shares: z.array(ShareView),
  can: canFlags('declare', 'verify'),
});
/** A key task with several responsible cadres, and its declaration if any. */
export const SharedTaskView = z.object({
  task: z.object({ id: z.uuid(), title: z.string(), leadUnitName: z.string().nullable() }),
  cadres: z.array(CadreRef.extend({ part: z.string().nullable() })),
  declaration: DeclarationView.nullable(),
  objections: Num,
  can: canFlags('declare'),
});
export const SharesQuery = z.object({
  status: z.enum(['undeclared', 'declared', 'objected', 'verified', 'all']).default('all'),
});

// ——— decomposition, growth, potential ———
export const MeasurePart = z.object({
  measure: z.enum(MEASURES),
  label: z.string(),
  /** Mean T-score over the cadre's quarters (county mean 50). */
  raw: Num,
  platform: Num,
  resources: Num,
  own: Num.nullable(),
  ownSe: Num.nullable(),
  withinUnit: Num,
  n: Num,
  values: z.array(
    z.object({
      quarter: z.string(),
      value: Num,
      source: z.enum(['platform', 'import']),
      records: z.array(RecordRef),
    }),
  ),
});
export const GrowthSummary = z.object({
  slope: Num.nullable(),
  slopeSe: Num.nullable(),
  /** Among peers of the same rank and role type. */
  percentile: Num.nullable(),
  projected: Num.nullable(),
  projectedSe: Num.nullable(),
  quarters: z.array(z.object({ quarter: z.string(), own: Num })),
});
export const RunRef = z.object({ id: z.uuid(), quarter: z.string(), createdAt: Instant });
export const CadreGrowthView = z.object({
  cadre: CadreRef.extend({ rankName: z.string().nullable(), roleTypeName: z.string().nullable() }),
  run: RunRef.nullable(),
  released: z.boolean(),
  identified: z.boolean(),
  /** Why the split cannot be made, when it cannot. */
  unidentifiedReason: z.string().nullable(),
  composite: Num.nullable(),
  compositeSe: Num.nullable(),
  withinUnit: Num.nullable(),
  /** The decomposition in words, per measure. */
  sentences: z.array(z.string()),
  parts: z.array(MeasurePart),
  growth: GrowthSummary,
  potential: z.object({
    projected: Num.nullable(),
    projectedSe: Num.nullable(),
    hardSettings: z.object({ mean: Num.nullable(), n: Num, records: z.array(RecordRef) }),
    posts: Num,
    units: Num,
    tasksAboveLevel: z.array(RecordRef),
  }),
  scopes: z.array(ScopeLockView),
  shares: z.array(DeclarationView),
  outstanding: z
    .object({
      id: z.uuid(),
      year: Num,
      status: z.enum(['proposed', 'confirmed', 'declined']),
      reasons: z.array(z.object({ text: z.string(), evidence: z.array(RecordRef) })),
    })
    .nullable(),
});
export const CadreGrowthQuery = z.object({ quarter: Quarter.optional() });

export const CountyQuery = z.object({
  quarter: Quarter.optional(),
  domain: z.string().trim().max(30).optional(),
  rankCode: z.string().trim().max(30).optional(),
  roleType: z.string().trim().max(30).optional(),
  unitId: Uuid.optional(),
});
export const CountyPoint = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  unitName: z.string().nullable(),
  rankName: z.string().nullable(),
  roleTypeName: z.string().nullable(),
  identified: z.boolean(),
  own: Num.nullable(),
  ownSe: Num.nullable(),
  platform: Num,
  withinUnit: Num,
  outstanding: z.boolean(),
});
export const FairnessView = z.object({
  by: z.enum(['sex', 'age']),
  rows: z.array(z.object({ group: z.string(), n: Num, mean: Num, topShare: Num })),
  ratio: Num.nullable(),
  flagged: z.boolean(),
});
export const CountyView = z.object({
  run: RunRef.nullable(),
  quarters: z.array(z.string()),
  points: z.array(CountyPoint),
  unidentified: z.array(
    z.object({ cadreId: z.uuid(), name: z.string(), unitName: z.string().nullable(), reason: z.string() }),
  ),
  fairness: z.array(FairnessView),
  released: z.boolean(),
});

export const MeasureModelView = z.object({
  measure: z.enum(MEASURES),
  label: z.string(),
  formula: z.string(),
  nobs: Num,
  cadres: Num,
  units: Num,
  movers: Num,
  sets: z.array(z.object({ persons: Num, platforms: Num, observations: Num })),
  sd: z.object({ cadre: Num, unit: Num, residual: Num }),
  fixef: z.record(z.string(), z.object({ estimate: Num, se: Num })),
  converged: z.boolean(),
  singular: z.boolean(),
  fitMs: Num,
});
export const RunView = z.object({
  id: z.uuid(),
  quarter: z.string(),
  createdAt: Instant,
  createdByName: z.string().nullable(),
  versions: z.object({ weights: Num, rule: Num }),
  models: z.array(MeasureModelView),
  counts: z.object({ measures: Num, imported: Num, platform: Num, cadres: Num, identified: Num }),
  /** The command that refits a measure's model on the exported data. */
  command: z.string(),
  released: z.boolean(),
});
export const RunBody = z.object({ quarter: Quarter });

export const OutstandingView = z.object({
  id: z.uuid(),
  year: Num,
  cadre: CadreRef,
  probability: Num,
  composite: Num.nullable(),
  compositeSe: Num.nullable(),
  ruleVersion: Num,
  reasons: z.array(z.object({ text: z.string(), evidence: z.array(RecordRef) })),
  status: z.enum(['proposed', 'confirmed', 'declined']),
  decidedAt: Instant.nullable(),
  decidedByName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  can: canFlags('decide'),
});
export const OutstandingQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const DecideBody = z.object({ note: z.string().trim().max(500).optional() });
export const DeclineBody = z.object({ note: z.string().trim().min(2, '请写明理由').max(500) });

export const SettingsView = z.object({
  weights: z.object({
    version: Num,
    params: z.record(z.string(), z.record(z.string(), Num)),
    createdAt: Instant.nullable(),
  }),
  rule: z.object({
    version: Num,
    params: z.object({ topQuantile: Num, minProbability: Num, quarters: Num }),
    createdAt: Instant.nullable(),
  }),
});
export const WeightsBody = z.object({
  /** role type code (or `*` for every other) → measure → weight */
  params: z.record(z.string(), z.record(z.enum(MEASURES), z.number().min(0).max(100))),
  reason: z.string().trim().min(2, '请写明调整理由').max(300),
});
export const RuleBody = z.object({
  params: z.object({
    topQuantile: z.number().min(0.5).max(0.99),
    minProbability: z.number().min(0.5).max(0.999),
    quarters: z.number().int().min(1).max(8),
  }),
  reason: z.string().trim().min(2, '请写明调整理由').max(300),
});

const QuarterParams = z.object({ quarter: Quarter });

export const growthApi = {
  county: endpoint({
    method: 'GET',
    path: '/api/growth/county',
    access: 'growth.read',
    summary: '全县：本人贡献与平台效应（散点）、无法区分的干部、公平性核查',
    query: CountyQuery,
    response: CountyView,
  }),
  cadre: endpoint({
    method: 'GET',
    path: '/api/growth/cadres/:id',
    access: 'growth.self',
    summary: '个体成长解析：职责锁定、同一任务贡献对比、分解、成长速度与潜力',
    params: IdParams,
    query: CadreGrowthQuery,
    response: CadreGrowthView,
  }),
  runs: endpoint({
    method: 'GET',
    path: '/api/growth/runs',
    access: 'growth.read',
    summary: '各次测算',
    response: listOf(RunView),
  }),
  run: endpoint({
    method: 'GET',
    path: '/api/growth/runs/:id',
    access: 'growth.read',
    summary: '一次测算的模型：公式、数据量、方差分量、诊断',
    params: IdParams,
    response: RunView,
  }),
  runData: endpoint({
    method: 'GET',
    path: '/api/growth/runs/:id/data.csv',
    access: 'growth.read',
    summary: '导出测算数据（CSV，可用 npx yuzhidu model fit 复算）',
    params: IdParams,
    query: z.object({ measure: z.enum(MEASURES) }),
    response: 'file',
  }),
  startRun: endpoint({
    method: 'POST',
    path: '/api/growth/runs',
    access: 'growth.manage',
    summary: '按季度测算（先由平台记录计算各项实绩，再拟合模型）',
    body: RunBody,
    response: RunView,
    status: 201,
  }),
  release: endpoint({
    method: 'POST',
    path: '/api/growth/releases/:quarter',
    access: 'growth.decide',
    summary: '发布本季度结果（干部本人可见自己的分解）',
    params: QuarterParams,
    response: z.object({ quarter: z.string(), runId: z.uuid() }),
  }),
  lock: endpoint({
    method: 'POST',
    path: '/api/growth/locks',
    access: 'growth.manage',
    summary: '锁定本季度职责范围（按班子分工，逐人快照）',
    body: LockBody,
    response: z.object({ quarter: z.string(), locked: Num, already: Num }),
  }),
  sharedTasks: endpoint({
    method: 'GET',
    path: '/api/growth/shares',
    access: 'growth.shares',
    summary: '多人负责的重点任务与份额申报',
    query: SharesQuery,
    response: listOf(SharedTaskView),
  }),
  declare: endpoint({
    method: 'POST',
    path: '/api/growth/shares',
    access: 'growth.declare',
    summary: '牵头单位申报各干部的角色与份额',
    body: DeclareBody,
    response: DeclarationView,
    status: 201,
  }),
  object: endpoint({
    method: 'POST',
    path: '/api/growth/shares/:id/object',
    access: 'growth.self',
    summary: '干部对本人份额提出异议',
    params: IdParams,
    body: ObjectBody,
    response: DeclarationView,
  }),
  verify: endpoint({
    method: 'POST',
    path: '/api/growth/declarations/:id/verify',
    access: 'growth.manage',
    summary: '考察组核定份额（可更正，须写理由）',
    params: IdParams,
    body: VerifyBody,
    response: DeclarationView,
  }),
  outstanding: endpoint({
    method: 'GET',
    path: '/api/growth/outstanding',
    access: 'growth.read',
    summary: '脱颖而出的干部（按规则测算，组织部门确认）',
    query: OutstandingQuery,
    response: listOf(OutstandingView).extend({ year: Num, ruleVersion: Num }),
  }),
  confirmOutstanding: endpoint({
    method: 'POST',
    path: '/api/growth/outstanding/:id/confirm',
    access: 'growth.decide',
    summary: '确认为脱颖而出的优秀干部（记入时间轴）',
    params: IdParams,
    body: DecideBody,
    response: OutstandingView,
  }),
  declineOutstanding: endpoint({
    method: 'POST',
    path: '/api/growth/outstanding/:id/decline',
    access: 'growth.decide',
    summary: '不予确认（写明理由）',
    params: IdParams,
    body: DeclineBody,
    response: OutstandingView,
  }),
  settings: endpoint({
    method: 'GET',
    path: '/api/growth/settings',
    access: 'growth.read',
    summary: '综合权重与脱颖而出规则（现行版本）',
    response: SettingsView,
  }),
  saveWeights: endpoint({
    method: 'POST',
    path: '/api/growth/settings/weights',
    access: 'growth.manage',
    summary: '调整综合权重（新版本，不覆盖旧版本）',
    body: WeightsBody,
    response: SettingsView,
  }),
  saveRule: endpoint({
    method: 'POST',
    path: '/api/growth/settings/rule',
    access: 'growth.decide',
    summary: '调整脱颖而出规则（新版本）',
    body: RuleBody,
    response: SettingsView,
  }),
};

/** Error codes of module `growth`. */
export const GROWTH_ERRORS = {
  GROWTH_NO_RUN: { status: 409, message: '该季度尚未测算' },
  GROWTH_NOT_RELEASED: { status: 403, message: '本季度结果尚未发布' },
  GROWTH_NO_DATA: { status: 409, message: '该季度没有可用于测算的实绩数据' },
  GROWTH_ALREADY_RELEASED: { status: 409, message: '该季度结果已经发布' },
  GROWTH_NOT_LEAD_UNIT: { status: 403, message: '只有任务的牵头单位可以申报份额' },
  GROWTH_NOT_TASK_CADRE: { status: 409, message: '所申报的干部不是该任务的责任干部' },
  GROWTH_DECLARATION_VERIFIED: { status: 409, message: '份额已由考察组核定，不能再修改' },
  GROWTH_SELF_VERIFY: { status: 403, message: '申报单位不能核定本单位的申报' },
  GROWTH_NOT_YOUR_SHARE: { status: 403, message: '只能对本人的份额提出异议' },
  GROWTH_CORRECTION_REASON: { status: 400, message: '更正份额须写明理由' },
  GROWTH_ALREADY_DECIDED: { status: 409, message: '已经作出决定' },
  GROWTH_QUARTER_NOT_OVER: { status: 409, message: '该季度尚未开始' },
} as const satisfies Record<string, { status: number; message: string }>;
