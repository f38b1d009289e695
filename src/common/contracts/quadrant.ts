import { z } from 'zod';
import { canFlags, endpoint, Instant, listOf } from '../api.ts';
import { Quarter, RecordRef } from './growth.ts';
import { IdParams, Uuid } from './page.ts';

/** 实绩象限 and 季度微调 (module quadrant): the contract. */

export const ZONE_KEYS = ['high', 'mixedView', 'mixedContribution', 'low'] as const;
export type ZoneKey = (typeof ZONE_KEYS)[number];
export const ZONE_NAMES: Record<ZoneKey, string> = {
  high: '高贡献区',
  mixedView: '实绩高·政绩观待校正',
  mixedContribution: '政绩观正·实绩待提升',
  low: '低效区',
};

export const DECISION_KINDS = [
  'promote',
  'rank_up',
  'prioritize',
  'transfer',
  'dismiss',
  'demote',
  'non_leading',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  promote: '提拔',
  rank_up: '晋升职级',
  prioritize: '优先使用',
  transfer: '调整岗位',
  dismiss: '免职',
  demote: '降职',
  non_leading: '改任非领导职务',
};
/** Kinds that move a cadre up (凡提四必 and 任前公示 apply to promotions and rank promotions). */
export const UP_KINDS: readonly DecisionKind[] = ['promote', 'rank_up', 'prioritize'];
export const PUBLICITY_KINDS: readonly DecisionKind[] = ['promote', 'rank_up'];
/** 落实"下". */
export const DOWN_KINDS: readonly DecisionKind[] = ['dismiss', 'demote', 'non_leading'];

export const CHECK_KINDS = ['archive', 'personal_report', 'integrity', 'petition'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const CHECK_LABELS: Record<CheckKind, string> = {
  archive: '干部档案审核',
  personal_report: '个人有关事项报告核查',
  integrity: '纪检监察机关廉政意见',
  petition: '信访举报核查',
};

export const DECISION_STATUS = [
  'draft',
  'adopted',
  'publicity',
  'effective',
  'withdrawn',
  'terminated',
] as const;
export const DECISION_STATUS_LABELS: Record<(typeof DECISION_STATUS)[number], string> = {
  draft: '待部务会研究',
  adopted: '部务会已通过',
  publicity: '任前公示中',
  effective: '已决定并生效',
  withdrawn: '已撤回',
  terminated: '已终止',
};

/** 处理结果 of an objection raised during 任前公示: a substantiated one ends the promotion. */
export const OBJECTION_RESULTS = ['unfounded', 'minor', 'substantiated'] as const;
export type ObjectionResult = (typeof OBJECTION_RESULTS)[number];
export const OBJECTION_RESULT_LABELS: Record<ObjectionResult, string> = {
  unfounded: '经核查不属实',
  minor: '部分属实，不影响任用',
  substantiated: '属实，影响任用',
};

/** The owner type under which a decision's files (核查材料, 书面说明) sit in the evidence store. */
export const DECISION_EVIDENCE_OWNER = 'quadrant_decision';

const Num = z.number();
const Probabilities = z.object({ high: Num, mixedView: Num, mixedContribution: Num, low: Num });
const CadreRef = z.object({
  id: z.uuid(),
  name: z.string(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
});

/** A cadre's place on both axes, with each zone's probability. */
const Position = {
  identified: z.boolean(),
  contribution: Num,
  contributionSe: Num,
  view: Num,
  viewSe: Num,
  deviations: Num,
  probabilities: Probabilities,
  zone: z.enum(ZONE_KEYS),
};

// ——— the quarter's chart ———
export const QuarterQuery = z.object({
  unitId: Uuid.optional(),
  rankCode: z.string().trim().max(30).optional(),
  ageBand: z.string().trim().max(20).optional(),
  domain: z.string().trim().max(30).optional(),
});
export const PointView = z.object({
  placementId: z.uuid(),
  cadreId: z.uuid(),
  name: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  rankName: z.string().nullable(),
  sex: z.string(),
  ageBand: z.string(),
  ...Position,
  /** Consecutive quarters in this zone with probability ≥ the rule's. */
  run: Num,
});
export const FairnessRow = z.object({
  by: z.enum(['sex', 'age']),
  what: z.enum(['high', 'recommended']),
  rows: z.array(z.object({ group: z.string(), n: Num, selected: Num, rate: Num })),
  ratio: Num.nullable(),
  flagged: z.boolean(),
});
export const QuarterView = z.object({
  quarter: z.string(),
  computed: z.boolean(),
  computedAt: Instant.nullable(),
  runId: z.uuid().nullable(),
  settingsVersion: Num.nullable(),
  threshold: z.object({ contribution: Num, view: Num }).nullable(),
  released: z.boolean(),
  quarters: z.array(z.string()),
  points: z.array(PointView),
  counts: Probabilities,
  fairness: z.array(FairnessRow),
  can: canFlags('compute', 'release'),
});
export const ComputeView = z.object({
  quarter: z.string(),
  placements: Num,
  recommendations: Num,
  runId: z.uuid(),
});

// ——— a cadre ———
export const EvidencePart = z.object({
  key: z.string(),
  label: z.string(),
  value: Num.nullable(),
  se: Num.nullable(),
  weight: Num,
  records: z.array(RecordRef),
});
export const PlacementView = z.object({
  id: z.uuid(),
  quarter: z.string(),
  cadre: CadreRef,
  ...Position,
  threshold: z.object({ contribution: Num, view: Num }),
  contributionParts: z.array(EvidencePart),
  viewParts: z.array(EvidencePart),
  growthLink: z.string(),
});
export const DecisionBrief = z.object({
  id: z.uuid(),
  kind: z.enum(DECISION_KINDS),
  status: z.enum(DECISION_STATUS),
  quarter: z.string(),
  effectiveOn: z.string().nullable(),
  docNo: z.string().nullable(),
});
export const HistoryView = z.object({
  cadre: CadreRef,
  quarters: z.array(
    z.object({
      placementId: z.uuid(),
      quarter: z.string(),
      ...Position,
    }),
  ),
  decisions: z.array(DecisionBrief),
});

// ——— recommendations ———
export const Reason = z.object({ text: z.string(), evidence: z.array(RecordRef) });
export const RecommendationView = z.object({
  id: z.uuid(),
  quarter: z.string(),
  cadre: CadreRef.extend({ rankName: z.string().nullable(), young: z.boolean() }),
  kind: z.enum(['promote', 'adjust']),
  run: Num,
  probability: Num,
  reasons: z.array(Reason),
  unsure: z.array(z.string()),
  status: z.enum(['open', 'drafted', 'dismissed']),
  decisionId: z.uuid().nullable(),
  /** 不予采纳: when, by whom and why (null unless dismissed). */
  dismissedAt: Instant.nullable(),
  dismissedByName: z.string().nullable(),
  dismissedReason: z.string().nullable(),
  can: canFlags('draft', 'dismiss'),
});
export const RecommendationQuery = z.object({ quarter: Quarter.optional() });
export const DismissBody = z.object({
  reason: z
    .string({ message: '请写明不予采纳的理由' })
    .trim()
    .min(2, '请写明不予采纳的理由（至少 2 个字）')
    .max(500, '理由不超过 500 个字'),
});

// ——— decisions ———
export const Target = z.object({
  unitId: Uuid.nullish(),
  post: z.string().trim().max(80).nullish(),
  teamPlace: z.enum(['正职', '副职', '成员']).nullish(),
  rankCode: z.string().trim().max(30).nullish(),
});
const Day = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
export const DraftBody = z.object({
  cadreId: Uuid,
  recommendationId: Uuid.nullish(),
  quarter: Quarter,
  kind: z.enum(DECISION_KINDS, { message: '决定类型不正确' }),
  target: Target.default({}),
  reasons: z.string().trim().min(5, '请写明理由（至少 5 个字）').max(2000),
  petitionRaised: z.boolean().default(false),
});
/** Files already uploaded to the decision (owner `quadrant_decision`), by id. */
const FileIds = z.array(Uuid).max(10, '最多关联 10 个文件');
export const CheckBody = z.object({
  kind: z.enum(CHECK_KINDS, { message: '核查类型不正确' }),
  result: z.enum(['pass', 'issue'], { message: '请选择核查结论' }),
  note: z.string().trim().max(500).nullish(),
  fileIds: FileIds.default([]),
});
export const TalkBody = z.object({
  talkOn: Day,
  talkBy: z.string().trim().min(1, '请填写谈话人').max(60),
  note: z.string().trim().min(2, '请记录谈话要点').max(2000),
  statement: z.string().trim().min(2, '请录入干部本人的书面说明').max(4000),
  /** The signed 书面说明 as uploaded (a scan or the document). */
  statementFileIds: z
    .array(Uuid, { message: '请上传干部本人签字的书面说明' })
    .min(1, '请上传干部本人签字的书面说明')
    .max(10, '最多关联 10 个文件'),
});
export const AdoptBody = z.object({ meeting: z.string().trim().min(2, '请填写部务会名称或日期').max(120) });
export const PublicityBody = z.object({ from: Day });
export const ObjectionBody = z.object({
  text: z.string().trim().min(2, '请填写反映的问题').max(1000),
  source: z.string().trim().max(120).nullish(),
});
export const HandleObjectionBody = z.object({
  result: z.enum(OBJECTION_RESULTS, { message: '请选择处理结果' }),
  handling: z.string().trim().min(2, '请填写核查与处理情况').max(1000),
});
export const ObjectionParams = z.object({ id: Uuid, objectionId: Uuid });
export const EffectBody = z.object({
  body: z.string().trim().min(2, '请填写决定机关').max(60),
  docNo: z.string().trim().min(2, '请填写任免文号').max(60),
  effectiveOn: Day,
  answer: z.string().trim().max(2000).nullish(),
});
export const WithdrawBody = z.object({ reason: z.string().trim().min(2, '请写明撤回理由').max(500) });

export const FileRef = z.object({ id: z.uuid(), name: z.string(), sm3: z.string() });
export const ObjectionView = z.object({
  id: z.uuid(),
  text: z.string(),
  source: z.string().nullable(),
  recordedAt: Instant,
  recordedByName: z.string().nullable(),
  result: z.enum(OBJECTION_RESULTS).nullable(),
  handling: z.string().nullable(),
  handledAt: Instant.nullable(),
  handledByName: z.string().nullable(),
  can: canFlags('handle'),
});
export const DecisionView = z.object({
  id: z.uuid(),
  cadre: CadreRef.extend({ rankName: z.string().nullable() }),
  quarter: z.string(),
  kind: z.enum(DECISION_KINDS),
  status: z.enum(DECISION_STATUS),
  recommendationId: z.uuid().nullable(),
  target: z.object({
    unitId: z.uuid().nullable(),
    unitName: z.string().nullable(),
    post: z.string().nullable(),
    teamPlace: z.string().nullable(),
    rankCode: z.string().nullable(),
    rankName: z.string().nullable(),
  }),
  reasons: z.string(),
  evidence: z.array(RecordRef),
  checks: z.array(
    z.object({
      kind: z.enum(CHECK_KINDS),
      result: z.enum(['pass', 'issue']),
      note: z.string().nullable(),
      files: z.array(FileRef),
      recordedAt: Instant,
      recordedByName: z.string().nullable(),
    }),
  ),
  checksNeeded: z.array(z.enum(CHECK_KINDS)),
  petitionRaised: z.boolean(),
  publicityFrom: z.string().nullable(),
  publicityUntil: z.string().nullable(),
  objections: z.array(ObjectionView),
  talkOn: z.string().nullable(),
  talkBy: z.string().nullable(),
  talkNote: z.string().nullable(),
  statement: z.string().nullable(),
  statementFiles: z.array(FileRef),
  answer: z.string().nullable(),
  draftedAt: Instant,
  draftedByName: z.string().nullable(),
  adoptedAt: Instant.nullable(),
  adoptedByName: z.string().nullable(),
  meeting: z.string().nullable(),
  body: z.string().nullable(),
  docNo: z.string().nullable(),
  effectiveOn: z.string().nullable(),
  decidedAt: Instant.nullable(),
  decidedByName: z.string().nullable(),
  appointmentId: z.uuid().nullable(),
  withdrawnReason: z.string().nullable(),
  terminatedReason: z.string().nullable(),
  /** Files uploaded to the decision and not yet used by a check or the statement. */
  files: z.array(FileRef),
  can: canFlags('check', 'talk', 'adopt', 'publicity', 'object', 'effect', 'withdraw', 'upload', 'export'),
});
export const DecisionQuery = z.object({
  quarter: Quarter.optional(),
  status: z.enum(DECISION_STATUS).optional(),
  cadreId: Uuid.optional(),
});

// ——— settings ———
const between = (label: string, min: number, max: number, int = false) =>
  (int
    ? z.number({ message: `请填写${label}` }).int(`${label}应为整数`)
    : z.number({ message: `请填写${label}` })
  )
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`);
export const SettingsParams = z
  .object({
    /** null: the county average of the identified cadres' contribution. */
    contributionThreshold: between('实绩贡献门槛', -50, 50).nullable(),
    viewThreshold: between('政绩观门槛', -50, 50),
    viewWeights: z.object({
      conduct: between('现场考察表现权重', 0, 100),
      opinion: between('360 与群众评价权重', 0, 100),
      deviation: between('每条偏差记录扣分', 0, 50),
      outstanding: between('每条担当作为突出加分', 0, 50),
    }),
    quarters: between('连续季度数', 1, 8, true),
    minProbability: between('区内概率', 0.5, 0.99),
    maxHalfWidth: between('区间半宽上限', 0.5, 50),
    publicityDays: between('任前公示工作日', 5, 15, true),
    /** Ranks managed above the county (outside the department's jurisdiction). */
    outsideRanks: z.array(z.string().max(30)).max(20),
    /** 优秀年轻干部: at most this age at the decision. */
    youngAge: between('优秀年轻干部年龄上限', 25, 50, true),
    /** The body that decides appointments (filled into the decision and the 任免审批表). */
    decidingBody: z
      .string()
      .trim()
      .min(2, '请填写决定机关')
      .max(60, '决定机关不超过 60 个字')
      .default('县委常委会'),
  })
  .refine((p) => p.viewWeights.conduct + p.viewWeights.opinion > 0, {
    message: '现场考察表现与 360 与群众评价的权重不能同时为 0',
    path: ['viewWeights', 'conduct'],
  });
export const SettingsView = z.object({
  version: Num,
  params: SettingsParams,
  createdAt: Instant.nullable(),
  createdByName: z.string().nullable(),
  reason: z.string().nullable(),
  can: canFlags('save'),
});
/** One change of the settings: who, when, why, and each value before and after. */
export const SettingsVersionView = z.object({
  version: Num,
  createdAt: Instant,
  createdByName: z.string().nullable(),
  reason: z.string().nullable(),
  changes: z.array(z.object({ key: z.string(), label: z.string(), before: z.string(), after: z.string() })),
  /** Quarters whose placements were computed with this version. */
  quarters: z.array(z.string()),
});
export const SettingsBody = z.object({
  params: SettingsParams,
  reason: z.string().trim().min(2, '请写明调整理由').max(300),
});

export const StatisticsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const StatisticsView = z.object({
  year: Num,
  youngAge: Num,
  /** Effective decisions of the year. */
  promotions: Num,
  youngPromotions: Num,
  rankUps: Num,
  prioritized: Num,
  transfers: Num,
  down: z.object({ dismiss: Num, demote: Num, non_leading: Num, total: Num }),
  /** Members of the urban-renewal block forces promoted or raised in rank, and how many of them are young. */
  blockForce: z.object({ upMoves: Num, youngAmongThem: Num }),
  byDomain: z.array(z.object({ domain: z.string(), name: z.string(), up: Num, down: Num })),
});

const QuarterParams = z.object({ quarter: Quarter });

export const quadrantApi = {
  quarter: endpoint({
    method: 'GET',
    path: '/api/quadrant/quarters/:quarter',
    access: 'quadrant.read',
    summary: '本季度实绩象限：各干部的位置、区间与各区概率、公平性核查',
    params: QuarterParams,
    query: QuarterQuery,
    response: QuarterView,
  }),
  compute: endpoint({
    method: 'POST',
    path: '/api/quadrant/quarters/:quarter/compute',
    access: 'quadrant.manage',
    summary: '按本季度个体成长测算与各模块证据划定象限、提出人选',
    params: QuarterParams,
    response: ComputeView,
  }),
  release: endpoint({
    method: 'POST',
    path: '/api/quadrant/quarters/:quarter/release',
    access: 'quadrant.decide',
    summary: '发布本季度象限（干部本人可见自己的象限历史）',
    params: QuarterParams,
    response: z.object({ quarter: z.string() }),
  }),
  placement: endpoint({
    method: 'GET',
    path: '/api/quadrant/placements/:id',
    access: 'quadrant.self',
    summary: '一名干部一个季度的位置及两轴证据',
    params: IdParams,
    response: PlacementView,
  }),
  history: endpoint({
    method: 'GET',
    path: '/api/quadrant/cadres/:id',
    access: 'quadrant.self',
    summary: '干部的象限历史与关于本人的决定',
    params: IdParams,
    response: HistoryView,
  }),
  recommendations: endpoint({
    method: 'GET',
    path: '/api/quadrant/recommendations',
    access: 'quadrant.read',
    summary: '本季度人选建议及理由',
    query: RecommendationQuery,
    response: listOf(RecommendationView).extend({ quarter: z.string().nullable() }),
  }),
  dismiss: endpoint({
    method: 'POST',
    path: '/api/quadrant/recommendations/:id/dismiss',
    access: 'quadrant.manage',
    summary: '人选建议不予采纳（写明理由）',
    params: IdParams,
    body: DismissBody,
    response: RecommendationView,
  }),
  decisions: endpoint({
    method: 'GET',
    path: '/api/quadrant/decisions',
    access: 'quadrant.read',
    summary: '干部人事决定',
    query: DecisionQuery,
    response: listOf(DecisionView),
  }),
  decision: endpoint({
    method: 'GET',
    path: '/api/quadrant/decisions/:id',
    access: 'quadrant.self',
    summary: '一项决定及其程序记录',
    params: IdParams,
    response: DecisionView,
  }),
  draft: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions',
    access: 'quadrant.manage',
    summary: '拟定调整建议（提交部务会）',
    body: DraftBody,
    response: DecisionView,
    status: 201,
  }),
  check: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/checks',
    access: 'quadrant.manage',
    summary: '记录凡提四必的一项核查',
    params: IdParams,
    body: CheckBody,
    response: DecisionView,
  }),
  talk: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/talk',
    access: 'quadrant.manage',
    summary: '记录谈心谈话与干部本人的书面说明',
    params: IdParams,
    body: TalkBody,
    response: DecisionView,
  }),
  adopt: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/adopt',
    access: 'quadrant.decide',
    summary: '部务会研究通过',
    params: IdParams,
    body: AdoptBody,
    response: DecisionView,
  }),
  publicity: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/publicity',
    access: 'quadrant.manage',
    summary: '开始任前公示（默认 5 个工作日）',
    params: IdParams,
    body: PublicityBody,
    response: DecisionView,
  }),
  objection: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/objections',
    access: 'quadrant.manage',
    summary: '记录公示期间反映的问题及处理情况',
    params: IdParams,
    body: ObjectionBody,
    response: DecisionView,
  }),
  effect: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/effect',
    access: 'quadrant.decide',
    summary: '记录决定机关与任免文号，决定生效并更新干部名册',
    params: IdParams,
    body: EffectBody,
    response: DecisionView,
  }),
  withdraw: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/withdraw',
    access: 'quadrant.manage',
    summary: '撤回尚未生效的决定',
    params: IdParams,
    body: WithdrawBody,
    response: DecisionView,
  }),
  statistics: endpoint({
    method: 'GET',
    path: '/api/quadrant/statistics',
    shared: true,
    access: 'quadrant.read',
    summary: '年度统计：提拔（其中优秀年轻干部）、晋升职级、落实“下”，按领域与区块攻坚组',
    query: StatisticsQuery,
    response: StatisticsView,
  }),
  settings: endpoint({
    method: 'GET',
    path: '/api/quadrant/settings',
    access: 'quadrant.read',
    summary: '象限门槛、政绩观权重与规则（现行版本）',
    response: SettingsView,
  }),
  saveSettings: endpoint({
    method: 'POST',
    path: '/api/quadrant/settings',
    access: 'quadrant.decide',
    summary: '调整象限门槛与规则（新版本，不覆盖旧版本）',
    body: SettingsBody,
    response: SettingsView,
  }),
  settingsVersions: endpoint({
    method: 'GET',
    path: '/api/quadrant/settings/versions',
    access: 'quadrant.read',
    summary: '象限设置的历次调整：调整人、时间、理由及调整前后的值',
    response: listOf(SettingsVersionView),
  }),
  handleObjection: endpoint({
    method: 'POST',
    path: '/api/quadrant/decisions/:id/objections/:objectionId/handle',
    access: 'quadrant.manage',
    summary: '记录公示期间反映问题的核查处理结果（属实且影响任用的，终止该项提拔）',
    params: ObjectionParams,
    body: HandleObjectionBody,
    response: DecisionView,
  }),
  lrmx: endpoint({
    method: 'GET',
    path: '/api/quadrant/decisions/:id/lrmx',
    access: 'quadrant.manage',
    summary: '下载干部任免审批表（.lrmx，依据名册与本项决定填写）',
    params: IdParams,
    response: 'file',
  }),
  material: endpoint({
    method: 'GET',
    path: '/api/quadrant/decisions/:id/material',
    access: 'quadrant.manage',
    summary: '下载部务会研究材料（Word：象限历史、两轴证据、凡提四必、公示与谈话）',
    params: IdParams,
    response: 'file',
  }),
};

/** Error codes of module `quadrant`. */
export const QUADRANT_ERRORS = {
  QUADRANT_NO_RUN: { status: 409, message: '该季度尚未进行个体成长测算' },
  QUADRANT_NOT_COMPUTED: { status: 409, message: '该季度象限尚未划定' },
  QUADRANT_NOT_RELEASED: { status: 403, message: '本季度象限尚未发布' },
  QUADRANT_ALREADY_RELEASED: { status: 409, message: '该季度象限已经发布' },
  QUADRANT_OUTSIDE_JURISDICTION: { status: 403, message: '该干部不在本部门管理权限内' },
  QUADRANT_CADRE_NOT_ACTIVE: { status: 409, message: '该干部已退休或离任' },
  QUADRANT_WRONG_STATUS: { status: 409, message: '该决定当前状态不能进行此操作' },
  QUADRANT_CHECKS_INCOMPLETE: { status: 409, message: '凡提四必核查尚未完成或存在问题' },
  QUADRANT_TALK_REQUIRED: { status: 409, message: '调整或落实"下"之前须进行谈心谈话并录入干部本人说明' },
  QUADRANT_ANSWER_REQUIRED: { status: 400, message: '决定须回应干部本人的说明' },
  QUADRANT_PUBLICITY_NOT_OVER: { status: 409, message: '任前公示期尚未结束，不能生效' },
  QUADRANT_PUBLICITY_REQUIRED: { status: 409, message: '提拔或晋升职级须先进行任前公示' },
  QUADRANT_TARGET_REQUIRED: { status: 400, message: '请填写决定后的单位、职务或职级' },
  QUADRANT_HOLLOW_CONTRIBUTION: { status: 409, message: '该干部的本人贡献无法区分，不能仅凭实绩贡献提出' },
  QUADRANT_RECOMMENDATION_USED: { status: 409, message: '该人选建议已拟定决定' },
  QUADRANT_RECOMMENDATION_NOT_OPEN: {
    status: 409,
    message: '该人选建议已拟定决定或已不予采纳，不能再不予采纳',
  },
  QUADRANT_FILE_REQUIRED: { status: 409, message: '请先上传核查材料，核查结论须有材料佐证' },
  QUADRANT_FILE_INVALID: { status: 400, message: '所选文件不是本项决定上传的材料' },
  QUADRANT_OBJECTION_OPEN: { status: 409, message: '任前公示期间反映的问题尚未核查处理，决定不能生效' },
  QUADRANT_OBJECTION_HANDLED: { status: 409, message: '该反映问题已经处理' },
} as const satisfies Record<string, { status: number; message: string }>;

/** The age bands of the fairness check and the chart's filter (as analytics/quadrant ageBand). */
export const AGE_BAND_NAMES = ['35岁及以下', '36至45岁', '46至55岁', '56岁及以上'] as const;
export const ZONE_COLORS: Record<ZoneKey, string> = {
  high: '#cf1322',
  mixedView: '#fa8c16',
  mixedContribution: '#1677ff',
  low: '#595959',
};
