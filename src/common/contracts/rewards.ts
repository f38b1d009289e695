import { z } from 'zod';
import { canFlags, DayString, Decimal, endpoint, Instant, listOf, Named, pageOf } from '../api.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 一事一奖 (module rewards): timely rewards for one deed, within a month from the unit's submission. */

export const REWARD_STEPS = ['apply', 'review', 'approve', 'award'] as const;
export type RewardStepName = (typeof REWARD_STEPS)[number];
export const STEP_LABELS: Record<RewardStepName, string> = {
  apply: '申报',
  review: '审核',
  approve: '审批',
  award: '兑现',
};
export const APPLICATION_STATUSES = [
  'draft',
  'review',
  'approve',
  'award',
  'awarded',
  'returned',
  'rejected',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  review: '审核中',
  approve: '待审批',
  award: '待兑现',
  awarded: '已兑现',
  returned: '已退回单位',
  rejected: '未予批准',
};
export const OPINION_STATUS_LABELS = { pending: '待回复', agree: '同意', disagree: '不同意' } as const;

/** The platform records that can show a deed. */
export const LINK_TYPES = [
  'delivery_check',
  'scene_observation',
  'keywork_milestone',
  'keywork_inspection',
  'scene_nomination',
  'growth_outstanding',
] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export const LINK_TYPE_LABELS: Record<LinkType, string> = {
  delivery_check: '履职交付现场核验属实',
  scene_observation: '现场考察记录',
  keywork_milestone: '重点任务节点完成',
  keywork_inspection: '重点任务定向考察',
  scene_nomination: '担当作为突出确认',
  growth_outstanding: '优秀干部确认',
};

/** The flow's rules a batch keeps: months for the whole flow, working days per step and opinion. */
export const FlowRulesBody = z.object({
  flowMonths: z.number().int().min(1, '全流程至少 1 个月').max(6, '全流程不超过 6 个月'),
  stepDays: z.object({
    review: z.number().int().min(1).max(30),
    approve: z.number().int().min(1).max(30),
    award: z.number().int().min(1).max(30),
  }),
  opinionDays: z.number().int().min(1).max(20),
  escalateAfterDays: z.number().int().min(0).max(10),
});

export const BatchBody = z
  .object({
    title: z.string().trim().min(2, '请填写批次名称').max(60),
    opensOn: Day,
    closesOn: Day,
    rules: FlowRulesBody.optional(),
  })
  .refine((b) => b.opensOn <= b.closesOn, { path: ['closesOn'], message: '截止日期不能早于开始日期' });

const LinkBody = z.object({ recordType: z.enum(LINK_TYPES), recordId: Uuid });

export const ApplicationBody = z.object({
  batchId: Uuid,
  kindCode: z.string().min(1, '请选择奖励类别'),
  collectiveName: z.string().trim().max(60).nullable().optional(),
  deed: z.string().trim().min(10, '请具体写明事迹，至少 10 个字').max(2000, '事迹不超过 2000 字'),
  cadreIds: z.array(Uuid).min(1, '请至少选择一名干部').max(50),
  links: z.array(LinkBody).max(20).default([]),
});
export type ApplicationBody = z.infer<typeof ApplicationBody>;

export const ApplicationQuery = PageQuery.extend({
  batchId: Uuid.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
});
export const BoardQuery = z.object({ batchId: Uuid.optional() });
export const AwardsQuery = PageQuery.extend({ cadreId: Uuid.optional() });
export const CandidatesQuery = z.object({
  cadreIds: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
    z.array(Uuid).min(1).max(50),
  ),
});

export const OpinionRequestBody = z.object({
  requests: z
    .array(z.object({ unitId: Uuid, topic: z.string().trim().min(2, '请写明征求何种意见').max(30) }))
    .min(1, '请至少选择一个会签部门')
    .max(10),
});
export const OpinionAnswerBody = z.object({
  status: z.enum(['agree', 'disagree'], { message: '请选择同意或不同意' }),
  opinion: z.string().trim().min(2, '请填写意见').max(1000),
});
export const PaperOpinionBody = OpinionAnswerBody.extend({
  /** The scan of the paper reply, uploaded to the opinion first. */
  evidenceId: Uuid,
});
export const ReviewBody = z
  .object({
    decision: z.enum(['pass', 'return'], { message: '请选择通过或退回' }),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .refine((b) => b.decision === 'pass' || (b.note?.length ?? 0) >= 2, {
    path: ['note'],
    message: '退回须写明理由',
  });
export const ApproveBody = z
  .object({
    decision: z.enum(['approve', 'return', 'reject'], { message: '请选择批准、退回或不予批准' }),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .refine((b) => b.decision === 'approve' || (b.note?.length ?? 0) >= 2, {
    path: ['note'],
    message: '退回或不予批准须写明理由',
  });
export const AwardBody = z.object({
  documentNo: z.string().trim().min(2, '请填写奖励文件文号').max(60),
  bonus: z.number().min(0).max(1_000_000).nullable().optional(),
  paidOn: Day.nullable().optional(),
});

// ——— what the API answers ———

export const KindView = z.object({ code: z.string(), name: z.string(), collective: z.boolean() });
export const FlowRulesView = FlowRulesBody;

export const BatchView = z.object({
  id: z.uuid(),
  title: z.string(),
  opensOn: DayString,
  closesOn: DayString,
  rules: FlowRulesView,
  open: z.boolean(),
  units: z.number().int(),
  applications: z.number().int(),
  createdAt: Instant,
});

export const ClockView = z.object({
  submittedOn: DayString,
  dueOn: DayString,
  elapsedDays: z.number().int(),
  remainingDays: z.number().int(),
  withUnitWorkingDays: z.number().int(),
  overdue: z.boolean(),
});

export const LinkView = z.object({
  recordType: z.enum(LINK_TYPES),
  recordId: z.uuid(),
  label: z.string(),
});
export const CandidateView = LinkView.extend({ cadreId: z.uuid(), cadreName: z.string(), on: DayString });

export const ApplicationListItem = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  batchTitle: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  kindCode: z.string(),
  kindName: z.string(),
  collective: z.boolean(),
  collectiveName: z.string().nullable(),
  deed: z.string(),
  cadres: z.array(Named),
  status: z.enum(APPLICATION_STATUSES),
  submittedAt: Instant.nullable(),
  /** The open step's last day and how many working days it is past it. */
  stepDueOn: DayString.nullable(),
  overdueDays: z.number().int(),
  clock: ClockView.nullable(),
});

export const StepView = z.object({
  id: z.uuid(),
  step: z.enum(REWARD_STEPS),
  ownerRole: z.string(),
  ownerUnitName: z.string().nullable(),
  startedAt: Instant,
  dueOn: DayString.nullable(),
  endedAt: Instant.nullable(),
  outcome: z.enum(['passed', 'returned', 'rejected']).nullable(),
  note: z.string().nullable(),
  actedByName: z.string().nullable(),
  workingDays: z.number().int(),
  overdueDays: z.number().int(),
  reminded: z.boolean(),
  escalated: z.boolean(),
});

export const OpinionView = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  topic: z.string(),
  dueOn: DayString,
  status: z.enum(['pending', 'agree', 'disagree']),
  opinion: z.string().nullable(),
  onPaper: z.boolean(),
  answeredAt: Instant.nullable(),
  answeredByName: z.string().nullable(),
  overdueDays: z.number().int(),
  can: canFlags('answer', 'record'),
});

export const ApplicationDetail = ApplicationListItem.extend({
  returnReason: z.string().nullable(),
  documentNo: z.string().nullable(),
  bonus: Decimal.nullable(),
  paidOn: DayString.nullable(),
  awardedAt: Instant.nullable(),
  links: z.array(LinkView),
  steps: z.array(StepView),
  opinions: z.array(OpinionView),
  can: canFlags('edit', 'submit', 'attach', 'requestOpinions', 'review', 'approve', 'award'),
});

export const BoardCard = z.object({
  id: z.uuid(),
  unitName: z.string(),
  kindName: z.string(),
  deed: z.string(),
  cadreNames: z.array(z.string()),
  collectiveName: z.string().nullable(),
  status: z.enum(APPLICATION_STATUSES),
  stepStartedAt: Instant,
  stepDueOn: DayString.nullable(),
  overdueDays: z.number().int(),
  /** Working days spent in each step so far (申报: with the unit after a return). */
  daysByStep: z.record(z.enum(REWARD_STEPS), z.number().int()),
  pendingOpinions: z.number().int(),
  clock: ClockView,
});
export const BoardView = z.object({
  columns: z.array(
    z.object({ status: z.enum(APPLICATION_STATUSES), label: z.string(), items: z.array(BoardCard) }),
  ),
  overdue: z.number().int(),
});

export const StatsView = z.object({
  batches: z.number().int(),
  units: z.number().int(),
  applications: z.number().int(),
  awardedCadres: z.number().int(),
  awardedCollectives: z.number().int(),
  overdueSteps: z.number().int(),
  /** Days from submission to award, of those awarded: mean and longest. */
  meanDaysToAward: z.number().nullable(),
  maxDaysToAward: z.number().int().nullable(),
  byBatch: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      closesOn: DayString,
      units: z.number().int(),
      applications: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
    }),
  ),
  byKind: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      applications: z.number().int(),
      awarded: z.number().int(),
    }),
  ),
});

export const AwardItem = z.object({
  id: z.uuid(),
  unitName: z.string(),
  kindName: z.string(),
  collective: z.boolean(),
  collectiveName: z.string().nullable(),
  cadres: z.array(Named),
  deed: z.string(),
  documentNo: z.string().nullable(),
  bonus: Decimal.nullable(),
  paidOn: DayString.nullable(),
  submittedAt: Instant.nullable(),
  awardedAt: Instant,
  days: z.number().int(),
});

export const rewardsApi = {
  options: endpoint({
    method: 'GET',
    path: '/api/rewards/options',
    access: 'rewards.read',
    summary: '奖励类别、环节与可关联的记录类型',
    response: z.object({
      kinds: z.array(KindView),
      steps: z.record(z.string(), z.string()),
      linkTypes: z.record(z.string(), z.string()),
    }),
  }),
  batches: endpoint({
    method: 'GET',
    path: '/api/rewards/batches',
    access: 'rewards.read',
    summary: '申报批次',
    response: listOf(BatchView).extend({ can: canFlags('create') }),
  }),
  createBatch: endpoint({
    method: 'POST',
    path: '/api/rewards/batches',
    access: 'rewards.review',
    summary: '开启申报批次',
    body: BatchBody,
    response: BatchView,
    status: 201,
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/rewards/applications',
    access: 'rewards.read',
    summary: '奖励申报（单位管理员只见本单位）',
    query: ApplicationQuery,
    response: pageOf(ApplicationListItem).extend({ can: canFlags('apply') }),
  }),
  candidates: endpoint({
    method: 'GET',
    path: '/api/rewards/candidates',
    access: 'rewards.apply',
    summary: '所选干部可关联的平台记录',
    query: CandidatesQuery,
    response: listOf(CandidateView),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/rewards/applications',
    access: 'rewards.apply',
    summary: '新建奖励申报（草稿）',
    body: ApplicationBody,
    response: ApplicationDetail,
    status: 201,
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/rewards/applications/:id',
    access: 'rewards.read',
    summary: '申报详情：各环节、会签意见、全流程计时',
    params: IdParams,
    response: ApplicationDetail,
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/rewards/applications/:id',
    access: 'rewards.apply',
    summary: '修改草稿或退回的申报',
    params: IdParams,
    body: ApplicationBody,
    response: ApplicationDetail,
  }),
  submit: endpoint({
    method: 'POST',
    path: '/api/rewards/applications/:id/submit',
    access: 'rewards.apply',
    summary: '提交申报（退回后再次提交，全流程计时不重置）',
    params: IdParams,
    response: ApplicationDetail,
  }),
  requestOpinions: endpoint({
    method: 'POST',
    path: '/api/rewards/applications/:id/opinions',
    access: 'rewards.review',
    summary: '发起会签：征求有关部门意见',
    params: IdParams,
    body: OpinionRequestBody,
    response: ApplicationDetail,
  }),
  answerOpinion: endpoint({
    method: 'POST',
    path: '/api/rewards/opinions/:id/answer',
    access: 'rewards.opinion',
    summary: '会签部门回复意见',
    params: IdParams,
    body: OpinionAnswerBody,
    response: OpinionView,
  }),
  recordOpinion: endpoint({
    method: 'POST',
    path: '/api/rewards/opinions/:id/record',
    access: 'rewards.review',
    summary: '登记纸质回复的会签意见（附扫描件）',
    params: IdParams,
    body: PaperOpinionBody,
    response: OpinionView,
  }),
  review: endpoint({
    method: 'POST',
    path: '/api/rewards/applications/:id/review',
    access: 'rewards.review',
    summary: '审核：通过送审批，或退回单位',
    params: IdParams,
    body: ReviewBody,
    response: ApplicationDetail,
  }),
  approve: endpoint({
    method: 'POST',
    path: '/api/rewards/applications/:id/approve',
    access: 'rewards.approve',
    summary: '审批：批准、退回或不予批准',
    params: IdParams,
    body: ApproveBody,
    response: ApplicationDetail,
  }),
  award: endpoint({
    method: 'POST',
    path: '/api/rewards/applications/:id/award',
    access: 'rewards.review',
    summary: '兑现：登记奖励文件与奖金发放',
    params: IdParams,
    body: AwardBody,
    response: ApplicationDetail,
  }),
  board: endpoint({
    method: 'GET',
    path: '/api/rewards/board',
    shared: true,
    access: 'rewards.board',
    summary: '按环节看板：各环节用时与全流程一个月计时',
    query: BoardQuery,
    response: BoardView,
  }),
  stats: endpoint({
    method: 'GET',
    path: '/api/rewards/stats',
    shared: true,
    access: 'rewards.board',
    summary: '批次统计',
    response: StatsView,
  }),
  awards: endpoint({
    method: 'GET',
    path: '/api/rewards/awards',
    access: 'rewards.read',
    summary: '已兑现的奖励（可按干部筛选）',
    query: AwardsQuery,
    response: pageOf(AwardItem),
  }),
};

/** The module's error codes (merged into ERRORS in common/errors.ts). */
export const REWARDS_ERRORS = {
  REWARDS_OWN_APPLICATION: { status: 409, message: '不能审核、审批或会签本单位的申报' },
  REWARDS_CADRE_OUTSIDE_UNIT: { status: 409, message: '只能为本单位的干部申报' },
  REWARDS_DUPLICATE_DEED: { status: 409, message: '该干部的同一事迹已有申报' },
  REWARDS_BATCH_CLOSED: { status: 409, message: '该批次不在申报期内' },
  REWARDS_KIND_MISMATCH: { status: 400, message: '奖励类别与申报对象不符' },
  REWARDS_LINK_INVALID: { status: 409, message: '关联的记录不属于所申报的干部' },
  REWARDS_WRONG_STEP: { status: 409, message: '申报不在该环节' },
  REWARDS_OPINIONS_PENDING: { status: 409, message: '尚有会签意见未回复' },
} as const;
