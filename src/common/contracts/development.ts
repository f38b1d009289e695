import { z } from 'zod';
import { canFlags, DayString, endpoint, Instant, listOf, pageOf } from '../api.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 一人一策 (module development): the contract. */

export const PLAN_KINDS = ['guidance', 'study', 'pressure'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  guidance: '履职辅导期',
  study: '专题研修',
  pressure: '压力岗',
};
/** What each kind is for (the article's shortfalls). */
export const PLAN_KIND_HINTS: Record<PlanKind, string> = {
  guidance: '处理复杂问题能力弱：6 个月结对帮带 + 压担历练',
  study: '专业能力不足：专题研修定向补强，选派到对口重点工程历练',
  pressure: '干事动力不足：安排到扶工助企、成片拆改等压力岗攻坚',
};
/** The guidance period lasts six months. */
export const GUIDANCE_MONTHS = 6;

export const POST_KINDS = ['enterprise', 'demolition', 'other'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const POST_KIND_LABELS: Record<PostKind, string> = {
  enterprise: '扶工助企',
  demolition: '成片拆改',
  other: '其他攻坚岗位',
};

export const OUTCOMES = ['met', 'extended', 'reassigned'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  met: '达到预期',
  extended: '延期',
  reassigned: '调整岗位',
};

export const REVIEW_KINDS = ['monthly', 'mid', 'end'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  monthly: '月度评议',
  mid: '中期评估',
  end: '期末评估',
};
export const PROGRESS = ['good', 'fair', 'behind'] as const;
export type Progress = (typeof PROGRESS)[number];
export const PROGRESS_LABELS: Record<Progress, string> = {
  good: '进展良好',
  fair: '基本符合',
  behind: '进展滞后',
};
export const PLAN_STATUS_LABELS = { active: '进行中', ended: '已结束' } as const;
export const MILESTONE_STATUS_LABELS = { open: '进行中', met: '已达成', missed: '未达成' } as const;

/** A record a plan, a review or a suggestion rests on, with the page that shows it. */
export const EvidenceRef = z.object({
  type: z.string(),
  id: z.string(),
  label: z.string(),
  link: z.string().nullable(),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

const Text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, `请填写${what}${min > 1 ? `（至少 ${min} 个字）` : ''}`)
    .max(max, `${what}最多 ${max} 个字`);

const GoalInput = z.object({ title: Text(2, 100, '目标'), measure: Text(2, 200, '衡量方式') });
const MilestoneInput = z.object({
  title: Text(2, 100, '节点名称'),
  target: Text(1, 200, '可衡量的标准'),
  dueOn: DayString,
  /** The goal (by its position in `goals`, from 0) this milestone measures. */
  goal: z.number().int().min(0).optional(),
});

export const PlanBody = z
  .object({
    cadreId: Uuid,
    kind: z.enum(PLAN_KINDS, { message: '培养方式应为 履职辅导期 / 专题研修 / 压力岗' }),
    title: Text(2, 100, '计划名称'),
    reason: Text(5, 1000, '短板与制定理由'),
    startsOn: DayString,
    /** Length in months (the guidance period is always six). */
    months: z.number().int().min(1, '期限至少 1 个月').max(24, '期限最多 24 个月').default(GUIDANCE_MONTHS),
    mentorCadreId: Uuid.optional(),
    assignments: z
      .array(Text(2, 200, '压担任务'))
      .max(10)
      .default([]),
    studyTopic: Text(2, 200, '研修专题').optional(),
    keyworkTaskId: Uuid.optional(),
    postKind: z.enum(POST_KINDS).optional(),
    postName: Text(2, 100, '岗位').optional(),
    goals: z.array(GoalInput).min(1, '请至少写一个目标').max(10),
    milestones: z.array(MilestoneInput).min(1, '请至少设一个可衡量的节点').max(24),
    /** The evidence of the suggestion the plan is made from. */
    evidence: z.array(EvidenceRef).max(50).default([]),
  })
  .superRefine((b, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (b.kind === 'guidance') {
      need(!!b.mentorCadreId, 'mentorCadreId', '履职辅导期须指定结对帮带的导师');
      need(b.assignments.length > 0, 'assignments', '履职辅导期须列出压担历练的任务');
      need(b.months === GUIDANCE_MONTHS, 'months', '履职辅导期为 6 个月');
    }
    if (b.kind === 'study') {
      need(!!b.studyTopic, 'studyTopic', '专题研修须写明研修专题');
      need(!!b.keyworkTaskId, 'keyworkTaskId', '专题研修须选派到对口的重点工程');
    }
    if (b.kind === 'pressure') {
      need(!!b.postKind, 'postKind', '压力岗须选择岗位类型');
      need(!!b.postName, 'postName', '压力岗须写明具体岗位');
    }
    b.milestones.forEach((m, i) => {
      if (m.goal !== undefined && m.goal >= b.goals.length)
        ctx.addIssue({ code: 'custom', path: ['milestones', i, 'goal'], message: '节点对应的目标不存在' });
    });
  });
export type PlanBody = z.infer<typeof PlanBody>;

export const PlansQuery = PageQuery.extend({
  status: z.enum(['active', 'ended']).optional(),
  kind: z.enum(PLAN_KINDS).optional(),
  q: z.string().trim().max(50).optional(),
  cadreId: Uuid.optional(),
});

export const NoteBody = z.object({
  text: Text(2, 2000, '帮带记录'),
  /** Internal: the mentor and the department see it, the cadre never. */
  internal: z.boolean().default(false),
});
export const ReviewBody = z
  .object({
    kind: z.enum(REVIEW_KINDS, { message: '评议类型不正确' }),
    /** monthly: the month reviewed, 2026-08. */
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-08')
      .optional(),
    progress: z.enum(PROGRESS, { message: '请选择进展情况' }),
    summary: Text(5, 2000, '评议意见'),
    milestoneIds: z.array(Uuid).max(24).default([]),
  })
  .refine((b) => b.kind !== 'monthly' || !!b.month, { path: ['month'], message: '月度评议须写明月份' });
export const MilestoneBody = z.object({
  status: z.enum(['met', 'missed'], { message: '请选择达成或未达成' }),
  result: Text(2, 500, '完成情况'),
});
export const OutcomeBody = z
  .object({
    outcome: z.enum(OUTCOMES, { message: '结果应为 达到预期 / 延期 / 调整岗位' }),
    note: Text(5, 1000, '结论说明'),
    /** 延期: by how many months. */
    extendMonths: z.number().int().min(1).max(6).optional(),
  })
  .refine((b) => b.outcome !== 'extended' || !!b.extendMonths, {
    path: ['extendMonths'],
    message: '延期须写明延长几个月',
  });
export const MentorsQuery = z.object({ q: z.string().trim().max(50).optional() });

const CadreRef = z.object({
  id: z.uuid(),
  name: z.string(),
  unitName: z.string().nullable(),
  post: z.string().nullable(),
});
const ByWhom = { at: Instant, byName: z.string().nullable() };

export const PlanRowView = z.object({
  id: z.uuid(),
  cadre: CadreRef,
  kind: z.enum(PLAN_KINDS),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['active', 'ended']),
  outcome: z.enum(OUTCOMES).nullable(),
  mentorName: z.string().nullable(),
  milestones: z.object({ total: z.number(), met: z.number(), missed: z.number(), overdue: z.number() }),
  reviews: z.number(),
  lastReviewAt: Instant.nullable(),
});

export const GoalView = z.object({ id: z.uuid(), title: z.string(), measure: z.string() });
export const MilestoneView = z.object({
  id: z.uuid(),
  goalId: z.uuid().nullable(),
  title: z.string(),
  target: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'met', 'missed']),
  overdue: z.boolean(),
  result: z.string().nullable(),
  decided: z.object(ByWhom).nullable(),
});
export const NoteView = z.object({
  id: z.uuid(),
  text: z.string(),
  internal: z.boolean(),
  authorRole: z.enum(['mentor', 'officer']),
  ...ByWhom,
});
export const ReviewView = z.object({
  id: z.uuid(),
  kind: z.enum(REVIEW_KINDS),
  period: z.string(),
  progress: z.enum(PROGRESS),
  summary: z.string(),
  evidence: z.array(EvidenceRef),
  authorRole: z.enum(['mentor', 'officer']),
  ...ByWhom,
});
/** The cadre's own contribution at one quarter: the estimate and its 95% interval. */
export const FigurePoint = z.object({
  quarter: z.string(),
  own: z.number(),
  low: z.number(),
  high: z.number(),
  runId: z.uuid(),
  resultId: z.uuid(),
});
export const FiguresView = z.object({
  series: z.array(FigurePoint),
  before: FigurePoint.nullable(),
  after: FigurePoint.nullable(),
  /** after − before with its interval; null unless both exist. */
  change: z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable(),
  note: z.string(),
});
export const PlanView = PlanRowView.extend({
  reason: z.string(),
  unitName: z.string().nullable(),
  mentor: CadreRef.nullable(),
  assignments: z.array(z.string()),
  studyTopic: z.string().nullable(),
  keyworkTask: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  postKind: z.enum(POST_KINDS).nullable(),
  postName: z.string().nullable(),
  /** The records that led to the plan (the department only). */
  evidence: z.array(EvidenceRef),
  goals: z.array(GoalView),
  milestoneList: z.array(MilestoneView),
  notes: z.array(NoteView),
  reviewList: z.array(ReviewView),
  outcomeNote: z.string().nullable(),
  outcomeDecided: z.object(ByWhom).nullable(),
  created: z.object(ByWhom),
  /** The cadre's own contribution before and after (the department only; null elsewhere). */
  figures: FiguresView.nullable(),
  /** How the viewer stands to the plan. */
  viewer: z.enum(['department', 'mentor', 'self']),
  can: canFlags('note', 'monthly', 'midEnd', 'milestone', 'outcome'),
});

export const SuggestionView = z.object({
  /** cadreId:kind */
  key: z.string(),
  cadre: CadreRef,
  kind: z.enum(PLAN_KINDS),
  reasons: z.array(z.object({ source: z.string(), text: z.string(), evidence: z.array(EvidenceRef) })),
  /** The cadre's active plan, if one is already in force. */
  activePlanId: z.uuid().nullable(),
});

export const MentorOption = CadreRef;

const PlanParams = IdParams;
const MilestoneParams = z.object({ id: Uuid, milestoneId: Uuid });

export const developmentApi = {
  plans: endpoint({
    method: 'GET',
    path: '/api/development/plans',
    access: 'development.manage',
    summary: '一人一策培养计划（筛选、分页）',
    query: PlansQuery,
    response: pageOf(PlanRowView),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/development/plans',
    access: 'development.manage',
    summary: '制定培养计划（目标、可衡量的节点；履职辅导期指定导师）',
    body: PlanBody,
    response: PlanView,
    status: 201,
  }),
  plan: endpoint({
    method: 'GET',
    path: '/api/development/plans/:id',
    access: 'development.read',
    summary: '培养计划详情（干部本人看不到内部帮带记录；导师只看所带计划）',
    params: PlanParams,
    response: PlanView,
  }),
  note: endpoint({
    method: 'POST',
    path: '/api/development/plans/:id/notes',
    access: 'development.mentor',
    summary: '写帮带记录（可标为内部，干部本人不可见）',
    params: PlanParams,
    body: NoteBody,
    response: PlanView,
    status: 201,
  }),
  review: endpoint({
    method: 'POST',
    path: '/api/development/plans/:id/reviews',
    access: 'development.mentor',
    summary: '月度评议（导师或组织部）、中期与期末评估（组织部）',
    params: PlanParams,
    body: ReviewBody,
    response: PlanView,
    status: 201,
  }),
  milestone: endpoint({
    method: 'POST',
    path: '/api/development/plans/:id/milestones/:milestoneId',
    access: 'development.manage',
    summary: '认定节点达成情况',
    params: MilestoneParams,
    body: MilestoneBody,
    response: PlanView,
  }),
  outcome: endpoint({
    method: 'POST',
    path: '/api/development/plans/:id/outcome',
    access: 'development.decide',
    summary: '确定培养结果：达到预期 / 延期 / 调整岗位（依据期末评估）',
    params: PlanParams,
    body: OutcomeBody,
    response: PlanView,
  }),
  suggestions: endpoint({
    method: 'GET',
    path: '/api/development/suggestions',
    access: 'development.manage',
    summary: '按实绩证据提出的一人一策建议（注明触发的记录）',
    response: listOf(SuggestionView).extend({ sources: z.array(z.string()) }),
  }),
  mine: endpoint({
    method: 'GET',
    path: '/api/development/mine',
    access: 'development.read',
    summary: '我的培养计划',
    response: listOf(PlanRowView),
  }),
  mentoring: endpoint({
    method: 'GET',
    path: '/api/development/mentoring',
    access: 'development.read',
    summary: '我帮带的培养计划（计划结束即收回）',
    response: listOf(PlanRowView),
  }),
  mentors: endpoint({
    method: 'GET',
    path: '/api/development/mentors',
    access: 'development.manage',
    summary: '可担任帮带导师的干部（须有本人账号）',
    query: MentorsQuery,
    response: listOf(MentorOption),
  }),
};

/** Error codes of module `development`. */
export const DEVELOPMENT_ERRORS = {
  DEVELOPMENT_ACTIVE_PLAN: { status: 409, message: '该干部已有进行中的培养计划' },
  DEVELOPMENT_MENTOR_NO_ACCOUNT: { status: 409, message: '帮带导师须为有本人账号的在职干部' },
  DEVELOPMENT_MENTOR_SELF: { status: 409, message: '干部不能担任自己的帮带导师' },
  DEVELOPMENT_PLAN_ENDED: { status: 409, message: '培养计划已结束，不能再修改' },
  DEVELOPMENT_NOT_YOUR_PLAN: { status: 403, message: '只能查看本人或本人帮带的培养计划' },
  DEVELOPMENT_REVIEW_EXISTS: { status: 409, message: '该期评议已经写过' },
  DEVELOPMENT_REVIEW_MONTH: { status: 400, message: '评议月份须在计划期内且不晚于本月' },
  DEVELOPMENT_END_REVIEW_REQUIRED: { status: 409, message: '须先完成期末评估，才能确定培养结果' },
  DEVELOPMENT_MILESTONE_DECIDED: { status: 409, message: '该节点已经认定' },
  DEVELOPMENT_OFFICER_ONLY: { status: 403, message: '中期与期末评估由组织部作出' },
} as const satisfies Record<string, { status: number; message: string }>;
