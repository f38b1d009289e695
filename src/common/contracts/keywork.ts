import { z } from 'zod';
import { canFlags, DayString, endpoint, Instant, listOf, Named, pageOf } from '../api.ts';
import type { ErrorTable } from '../errors.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 与重点工作同步评估: the contract of module `keywork`. */

/** 市级专题研究会 / 专班攻坚调度会: the city-level meetings key tasks come from. */
export const MEETING_KINDS = ['study', 'dispatch'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  study: '专题研究会',
  dispatch: '专班攻坚调度会',
};

export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const CADENCE_LABELS: Record<Cadence, string> = {
  weekly: '每周',
  biweekly: '每两周',
  monthly: '每月',
};

export const TASK_STATUSES = ['active', 'done', 'suspended'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS = { active: '推进中', done: '已完成', suspended: '已暂停' } as const;

/** A cadre's place in a task: responsible for a part of it, or a member of its task force (专班). */
export const TASK_ROLES = ['responsible', 'taskforce'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];
export const TASK_ROLE_LABELS = { responsible: '责任领导', taskforce: '专班成员' } as const;

/** 中心工作定向考察触发机制: the rules that open a targeted inspection. */
export const RULE_CODES = [
  'lag',
  'milestone_overdue',
  'missed_reports',
  'repeated_slips',
  'coordination_unanswered',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];
export const RULE_LABELS: Record<RuleCode, string> = {
  lag: '进度落后于计划',
  milestone_overdue: '节点逾期未完成',
  missed_reports: '连续未按期报送进度',
  repeated_slips: '同一节点多次推迟',
  coordination_unanswered: '配合单位逾期未回应协调事项',
};
/** What each rule's threshold means, for forms and rule lists. */
export const RULE_THRESHOLD_LABELS: Record<RuleCode, string> = {
  lag: '落后计划超过（百分点）',
  milestone_overdue: '逾期超过（工作日）',
  missed_reports: '连续漏报次数达到',
  repeated_slips: '推迟次数达到',
  coordination_unanswered: '超过答复期限（天）',
};

/** Problem tags of a finding; the first five hold a task up, the last two moved it. */
export const PROBLEM_TAGS = [
  'buck_passing',
  'ignoring_whole',
  'inaction',
  'incapacity',
  'objective',
  'initiative',
  'coordination',
] as const;
export type ProblemTag = (typeof PROBLEM_TAGS)[number];
export const PROBLEM_TAG_LABELS: Record<ProblemTag, string> = {
  buck_passing: '推诿扯皮',
  ignoring_whole: '不顾大局',
  inaction: '不作为',
  incapacity: '能力不足',
  objective: '客观原因',
  initiative: '主动担当',
  coordination: '协调有力',
};
/** Whether the conduct found held the task up or moved it. */
export const EFFECTS = ['held_up', 'moved', 'neutral'] as const;
export type Effect = (typeof EFFECTS)[number];
export const EFFECT_LABELS = { held_up: '拖延任务', moved: '推动任务', neutral: '无明显影响' } as const;

/** The evidence store's owner type of a finding's files (photos, minutes, documents). */
export const FINDING_EVIDENCE_OWNER = 'keywork_finding';

export const INSPECTION_STATUS_LABELS = { open: '考察中', concluded: '已结论' } as const;
export const INSPECTION_STATUSES = ['open', 'concluded'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_ORIGINS = ['trigger', 'manual'] as const;
export const CONCLUSION_KINDS = ['ineffective', 'partly', 'objective', 'effective'] as const;
export type ConclusionKind = (typeof CONCLUSION_KINDS)[number];
export const CONCLUSION_LABELS = {
  ineffective: '推进不力，责任在人',
  partly: '部分责任',
  objective: '客观原因，不追责',
  effective: '推进有力',
} as const;
export const ASSESSMENT_STATUS_LABELS = { draft: '研判中', concluded: '已结论' } as const;
export const ASSESSMENT_STATUSES = ['draft', 'concluded'] as const;
export const ASSESSMENT_CONCLUSIONS = ['weak', 'improving', 'adjust'] as const;
export const ASSESSMENT_CONCLUSION_LABELS = {
  weak: '班子推进重点任务不力',
  improving: '存在问题，限期改进',
  adjust: '建议调整班子成员',
} as const;

const Text = (max: number, what: string) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 字`);
const Optional = (max: number) => z.string().trim().max(max).nullable().optional();
const Year = z.coerce.number().int().min(2000).max(2100);

export const MeetingBody = z.object({
  kind: z.enum(MEETING_KINDS, { message: '会议类型应为专题研究会或专班攻坚调度会' }),
  title: Text(80, '会议名称'),
  heldOn: Day,
  host: Optional(60),
  summary: Optional(2000),
});
export type MeetingBody = z.infer<typeof MeetingBody>;
export const MeetingQuery = PageQuery.extend({
  kind: z.enum(MEETING_KINDS).optional(),
  year: Year.optional(),
  q: z.string().trim().max(30).optional(),
});

/** 组织部门列席: who attended, what was learned about progress anomalies, about which tasks. */
export const AttendanceBody = z.object({
  attendees: Text(200, '列席人员'),
  anomalies: Text(2000, '了解到的进度异常情况'),
  taskIds: z.array(Uuid).max(30).default([]),
});

export const MilestoneInput = z.object({
  title: Text(80, '节点名称'),
  plannedOn: Day,
  plannedProgress: z.number().min(0, '计划进度为 0–100').max(100, '计划进度为 0–100'),
  responsibleCadreId: Uuid.nullable().optional(),
});
/** What the joint office may correct on a running task: everything but its meeting, dates and plan. */
const TaskBasicsShape = {
  title: Text(80, '任务名称'),
  domain: Optional(30),
  description: Optional(2000),
  leadUnitId: Uuid,
  cooperatingUnitIds: z.array(Uuid).max(20).default([]),
  cadres: z
    .array(
      z.object({
        cadreId: Uuid,
        role: z.enum(TASK_ROLES, { message: '角色应为责任领导或专班成员' }),
        part: Optional(200),
      }),
    )
    .max(40)
    .default([]),
  cadence: z.enum(CADENCES, { message: '报送频次应为每周、每两周或每月' }),
};
type TaskBasicsShape = z.infer<z.ZodObject<typeof TaskBasicsShape>>;

function checkBasics(t: TaskBasicsShape, ctx: z.RefinementCtx) {
  if (t.cooperatingUnitIds.includes(t.leadUnitId))
    ctx.addIssue({ code: 'custom', path: ['cooperatingUnitIds'], message: '牵头单位不能同时是配合单位' });
  if (!t.cadres.some((c) => c.role === 'responsible'))
    ctx.addIssue({ code: 'custom', path: ['cadres'], message: '请至少指定一名责任领导' });
  if (new Set(t.cadres.map((c) => c.cadreId)).size !== t.cadres.length)
    ctx.addIssue({ code: 'custom', path: ['cadres'], message: '同一干部不能重复列入' });
}

export const TaskBody = z
  .object({
    ...TaskBasicsShape,
    meetingId: Uuid,
    startsOn: Day,
    dueOn: Day,
    milestones: z.array(MilestoneInput).min(1, '请至少设置一个节点').max(30),
  })
  .superRefine((t, ctx) => {
    if (t.startsOn >= t.dueOn)
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '完成时限须晚于开始日期' });
    checkBasics(t, ctx);
    const ms = [...t.milestones].sort((a, b) => a.plannedOn.localeCompare(b.plannedOn));
    ms.forEach((m, i) => {
      if (m.plannedOn < t.startsOn || m.plannedOn > t.dueOn)
        ctx.addIssue({ code: 'custom', path: ['milestones'], message: `节点“${m.title}”不在任务期限内` });
      if (i > 0 && m.plannedProgress < ms[i - 1]!.plannedProgress)
        ctx.addIssue({ code: 'custom', path: ['milestones'], message: '计划进度须随节点日期递增' });
    });
  });
export type TaskBody = z.infer<typeof TaskBody>;
/** 更正任务信息: the basics of a task; its meeting, dates and milestones stay as they are. */
export const TaskUpdateBody = z.object(TaskBasicsShape).superRefine(checkBasics);
export type TaskUpdateBody = z.infer<typeof TaskUpdateBody>;
export type MilestoneInput = z.infer<typeof MilestoneInput>;
export const TaskQuery = PageQuery.extend({
  status: z.enum(TASK_STATUSES).optional(),
  unitId: Uuid.optional(),
  q: z.string().trim().max(30).optional(),
  /** Only tasks behind plan by more than the lag rule's threshold. */
  lagging: z.enum(['1']).optional(),
});

export const SlipBody = z.object({
  plannedOn: Day,
  reason: Text(500, '推迟原因'),
});
export const MilestoneDoneBody = z.object({ doneOn: Day });

export const ReportBody = z.object({
  progress: z.number().min(0, '累计进度为 0–100').max(100, '累计进度为 0–100'),
  summary: Text(2000, '进展情况'),
  problems: Optional(2000),
  requests: z
    .array(
      z.object({
        toUnitId: Uuid,
        content: Text(500, '协调事项'),
        dueOn: Day,
      }),
    )
    .max(10)
    .default([]),
});
export type ReportBody = z.infer<typeof ReportBody>;
export const AnswerBody = z.object({ answer: Text(1000, '答复内容') });

export const RuleBody = z.object({
  threshold: z.number().min(0).max(100, '阈值不能超过 100'),
  inspectionDays: z.number().int().min(1, '考察期限至少 1 个工作日').max(60, '考察期限不超过 60 个工作日'),
  enabled: z.boolean(),
  note: Text(200, '调整说明'),
});

export const InspectionQuery = PageQuery.extend({
  status: z.enum(['open', 'concluded']).optional(),
  taskId: Uuid.optional(),
  mine: z.enum(['1']).optional(),
  q: z.string().trim().max(30).optional(),
});
export const InspectionOpenBody = z.object({
  taskId: Uuid,
  reason: Text(500, '考察缘由'),
});
export const FindingBody = z.object({
  cadreId: Uuid,
  milestoneId: Uuid.nullable().optional(),
  effect: z.enum(EFFECTS, { message: '请选择对任务推进的影响' }),
  tags: z
    .array(z.enum(PROBLEM_TAGS, { message: '问题标签不正确' }))
    .min(1, '请至少选择一个标签')
    .max(5),
  cause: Text(2000, '原因分析'),
  evidence: Optional(1000),
});
export type FindingBody = z.infer<typeof FindingBody>;
export const ConcludeBody = z.object({
  kind: z.enum(CONCLUSION_KINDS, { message: '请选择考察结论' }),
  conclusion: Text(2000, '考察结论'),
});

export const AssessmentBody = z.object({
  unitId: Uuid,
  year: Year,
  taskIds: z.array(Uuid).min(1, '请至少选择一项重点任务').max(30),
  findings: Text(4000, '研判发现'),
  measures: Optional(2000),
});
export const AssessmentConcludeBody = z.object({
  kind: z.enum(ASSESSMENT_CONCLUSIONS, { message: '请选择研判结论' }),
  conclusion: Text(2000, '研判结论'),
  measures: Text(2000, '整改措施'),
});
export const AssessmentQuery = PageQuery.extend({
  year: Year.optional(),
  status: z.enum(['draft', 'concluded']).optional(),
});
export const HitQuery = PageQuery.extend({
  rule: z.enum(RULE_CODES).optional(),
  taskId: Uuid.optional(),
});

export const RuleParams = z.object({ code: z.enum(RULE_CODES, { message: '触发规则不存在' }) });
export const YearQuery = z.object({ year: Year });

// ——— response views ———

const Int = z.number().int();
const Id = z.uuid();
const Text0 = z.string().nullable();
/** What a rule saw: figures and the ids of the records they come from. */
const HitDetail = z.record(z.string(), z.unknown());

export const MeetingRowView = z.object({
  id: Id,
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  heldOn: DayString,
  host: Text0,
  tasks: Int,
  /** Whether the organization department recorded its attendance; null for those who may not know. */
  attended: z.boolean().nullable(),
});
export const MeetingView = z.object({
  id: Id,
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  heldOn: DayString,
  host: Text0,
  summary: Text0,
});
export const AttendanceView = z.object({
  meetingId: Id,
  attendees: z.string(),
  anomalies: z.string(),
  taskIds: z.array(Id),
  updatedAt: Instant,
});
export const MeetingDetailView = MeetingView.extend({
  tasks: z.array(
    z.object({ id: Id, title: z.string(), leadUnitName: z.string(), status: z.enum(TASK_STATUSES) }),
  ),
  /** The organization department's own record: null for others. */
  attendance: AttendanceView.nullable(),
  can: canFlags('attend'),
});

const TaskBase = {
  id: Id,
  title: z.string(),
  meetingId: Id,
  domain: Text0,
  description: Text0,
  leadUnitId: Id,
  cadence: z.enum(CADENCES),
  startsOn: DayString,
  dueOn: DayString,
  status: z.enum(TASK_STATUSES),
};
export const TaskView = z.object({ ...TaskBase, updatedAt: Instant });
export const TaskRowView = z.object({
  ...TaskBase,
  leadUnitName: z.string(),
  meetingTitle: z.string(),
  /** The latest reported progress (%), and the period it was for. */
  latest: z.number().nullable(),
  latestPeriod: DayString.nullable(),
  /** The baseline plan's progress today (%). */
  planned: z.number(),
  /** Percentage points behind plan (negative: ahead); null before any report. */
  gap: z.number().nullable(),
  openInspections: Int,
});
export const SlipView = z.object({
  id: Id,
  fromOn: DayString,
  toOn: DayString,
  reason: z.string(),
  createdAt: Instant,
});
export const MilestoneView = z.object({
  id: Id,
  seq: Int,
  title: z.string(),
  baselineOn: DayString,
  plannedOn: DayString,
  plannedProgress: z.number(),
  doneOn: DayString.nullable(),
  responsibleCadreId: Id.nullable(),
  responsibleName: Text0,
  slips: z.array(SlipView),
});
export const MilestoneSavedView = MilestoneView.omit({ responsibleName: true, slips: true });
export const MilestoneDoneView = z.object({ id: Id, doneOn: DayString });
export const ReportView = z.object({
  id: Id,
  periodEnd: DayString,
  dueOn: DayString,
  progress: z.number(),
  plannedProgress: z.number(),
  summary: z.string(),
  problems: Text0,
  submittedAt: Instant,
});
export const RequestView = z.object({
  id: Id,
  reportId: Id,
  toUnitId: Id,
  toUnitName: z.string(),
  content: z.string(),
  dueOn: DayString,
  answer: Text0,
  answeredAt: Instant.nullable(),
  can: canFlags('answer'),
});
export const RequestAnsweredView = z.object({ id: Id, answer: z.string(), answeredAt: Instant });
export const TaskCadreView = z.object({
  cadreId: Id,
  name: z.string(),
  post: Text0,
  unitName: Text0,
  role: z.enum(TASK_ROLES),
  part: Text0,
});
export const PeriodView = z.object({
  /** 第 N 期, counted from the task's start. */
  n: Int,
  periodEnd: DayString,
  dueOn: DayString,
  status: z.enum(['reported', 'missed', 'waived', 'open']),
});
export const TaskDetailView = z.object({
  ...TaskBase,
  meeting: z.object({ id: Id, kind: z.enum(MEETING_KINDS), title: z.string(), heldOn: DayString }).nullable(),
  leadUnit: Named.nullable(),
  cooperating: z.array(Named),
  cadres: z.array(TaskCadreView),
  milestones: z.array(MilestoneView.extend({ can: canFlags('slip', 'complete') })),
  reports: z.array(ReportView),
  requests: z.array(RequestView),
  periods: z.array(PeriodView),
  plannedToday: z.number(),
  /** The baseline plan as a line: the start, then each milestone. */
  plan: z.array(z.object({ on: DayString, progress: z.number() })),
  can: canFlags('edit', 'report', 'addMilestone', 'chain'),
});

export const RuleVersionView = z.object({
  id: Id,
  code: z.enum(RULE_CODES),
  version: Int,
  threshold: z.number(),
  inspectionDays: Int,
  enabled: z.boolean(),
  note: z.string(),
  createdAt: Instant,
  /** Hits found under this version. */
  hits: Int,
});
export const RuleView = z.object({
  code: z.enum(RULE_CODES),
  label: z.string(),
  current: z.object({
    version: Int,
    threshold: z.number(),
    inspectionDays: Int,
    enabled: z.boolean(),
  }),
  versions: z.array(RuleVersionView),
});
export const HitView = z.object({
  id: Id,
  ruleCode: z.enum(RULE_CODES),
  version: Int,
  threshold: z.number(),
  taskId: Id,
  taskTitle: z.string(),
  message: z.string(),
  detail: HitDetail,
  hitOn: DayString,
  createdAt: Instant,
  inspectionId: Id.nullable(),
  inspectionStatus: z.enum(INSPECTION_STATUSES).nullable(),
  assigneeName: Text0,
  deadline: Instant.nullable(),
});

export const InspectionRowView = z.object({
  id: Id,
  taskId: Id,
  taskTitle: z.string(),
  leadUnitName: z.string(),
  origin: z.enum(INSPECTION_ORIGINS),
  reason: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  assigneeName: Text0,
  deadline: Instant,
  openedAt: Instant,
  concludedAt: Instant.nullable(),
  conclusionKind: z.enum(CONCLUSION_KINDS).nullable(),
  /** Rule hits behind it; null for a unit, which does not see them. */
  hits: Int.nullable(),
  findings: Int,
  tags: z.array(z.enum(PROBLEM_TAGS)),
});
export const InspectionView = z.object({
  id: Id,
  taskId: Id,
  origin: z.enum(INSPECTION_ORIGINS),
  reason: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  deadline: Instant,
  openedAt: Instant,
  conclusionKind: z.enum(CONCLUSION_KINDS).nullable(),
  conclusion: Text0,
  concludedAt: Instant.nullable(),
  /** The user who concluded it. */
  concludedBy: Id.nullable(),
});
export const FindingView = z.object({
  id: Id,
  inspectionId: Id,
  cadreId: Id,
  cadreName: z.string(),
  post: Text0,
  unitId: Id.nullable(),
  unitName: Text0,
  milestoneId: Id.nullable(),
  milestoneTitle: Text0,
  effect: z.enum(EFFECTS),
  tags: z.array(z.enum(PROBLEM_TAGS)),
  cause: z.string(),
  evidence: Text0,
  /** Files in the evidence store (owner FINDING_EVIDENCE_OWNER). */
  files: Int,
  createdAt: Instant,
  recordedBy: Text0,
  can: canFlags('edit', 'remove', 'attach'),
});
export const FindingSavedView = z.object({ id: Id, inspectionId: Id, cadreId: Id });
export const InspectionDetailView = InspectionView.extend({
  task: z.object({
    id: Id,
    title: z.string(),
    leadUnitName: Text0,
    startsOn: DayString,
    dueOn: DayString,
  }),
  assigneeName: Text0,
  concludedByName: Text0,
  hits: z.array(
    z.object({
      id: Id,
      ruleCode: z.enum(RULE_CODES),
      version: Int,
      threshold: z.number(),
      message: z.string(),
      detail: HitDetail,
      hitOn: DayString,
    }),
  ),
  findings: z.array(FindingView),
  milestones: z.array(z.object({ id: Id, title: z.string(), plannedOn: DayString })),
  units: z.array(z.object({ id: Id, name: z.string(), role: z.enum(['lead', 'cooperating']) })),
  can: canFlags('record', 'conclude'),
});

export const ChainFindingView = z.object({
  id: Id,
  inspectionId: Id,
  inspectionStatus: z.enum(INSPECTION_STATUSES),
  concludedAt: Instant.nullable(),
  conclusion: Text0,
  taskId: Id,
  cadreId: Id,
  cadreName: z.string(),
  unitName: Text0,
  milestoneId: Id.nullable(),
  effect: z.enum(EFFECTS),
  tags: z.array(z.enum(PROBLEM_TAGS)),
  cause: z.string(),
  createdAt: Instant,
});
export const ChainHitView = z.object({
  id: Id,
  ruleCode: z.enum(RULE_CODES),
  message: z.string(),
  detail: HitDetail,
  hitOn: DayString,
  inspectionId: Id.nullable(),
});
export const TaskChainView = z.object({
  task: z.object({
    id: Id,
    title: z.string(),
    startsOn: DayString,
    dueOn: DayString,
    status: z.enum(TASK_STATUSES),
  }),
  milestones: z.array(
    MilestoneView.extend({
      state: z.enum(['done', 'done_late', 'overdue', 'pending']),
      hits: z.array(ChainHitView),
      findings: z.array(ChainFindingView),
    }),
  ),
  taskFindings: z.array(ChainFindingView),
  taskHits: z.array(ChainHitView),
  /** Per cadre: how often found to have moved the task or held it up. */
  people: z.array(
    z.object({
      cadreId: Id,
      name: z.string(),
      unitName: Text0,
      role: z.enum(TASK_ROLES).nullable(),
      part: Text0,
      moved: Int,
      heldUp: Int,
    }),
  ),
});
/** A task named in another record: a chain, an assessment. */
const TaskRef = z.object({ id: Id, title: z.string(), status: z.enum(TASK_STATUSES), dueOn: DayString });
export const CadreChainView = z.object({
  cadre: z.object({ id: Id, name: z.string(), post: Text0, unitName: Text0 }),
  tasks: z.array(
    TaskRef.extend({
      leadUnitName: z.string(),
      role: z.enum(TASK_ROLES).nullable(),
      part: Text0,
      milestones: z.array(
        z.object({
          id: Id,
          title: z.string(),
          plannedOn: DayString,
          baselineOn: DayString,
          doneOn: DayString.nullable(),
        }),
      ),
      findings: z.array(ChainFindingView),
    }),
  ),
  moved: Int,
  heldUp: Int,
});

export const AssessmentRowView = z.object({
  id: Id,
  unitId: Id,
  unitName: z.string(),
  year: Int,
  status: z.enum(ASSESSMENT_STATUSES),
  conclusionKind: z.enum(ASSESSMENT_CONCLUSIONS).nullable(),
  concludedAt: Instant.nullable(),
  createdAt: Instant,
  /** How many key tasks it covers. */
  tasks: Int,
});
export const AssessmentView = z.object({
  id: Id,
  unitId: Id,
  year: Int,
  taskIds: z.array(Id),
  findings: z.string(),
  measures: Text0,
  status: z.enum(ASSESSMENT_STATUSES),
  conclusionKind: z.enum(ASSESSMENT_CONCLUSIONS).nullable(),
  conclusion: Text0,
  concludedAt: Instant.nullable(),
  concludedBy: Id.nullable(),
  createdAt: Instant,
});
export const AssessmentDetailView = AssessmentView.extend({
  unitName: Text0,
  tasks: z.array(
    TaskRef.extend({
      /** Whether the unit leads the task (else it cooperates). */
      lead: z.boolean(),
    }),
  ),
  /** The evidence: findings about the unit's cadres in those tasks' inspections. */
  cadreFindings: z.array(ChainFindingView),
  createdByName: Text0,
  concludedByName: Text0,
  can: canFlags('edit', 'conclude'),
});
export const CandidateView = z.object({
  unitId: Id,
  unitName: z.string(),
  /** Findings of holding a task up, in concluded inspections of the year. */
  findings: Int,
  tasks: Int,
  taskIds: z.array(Id),
  assessed: z.boolean(),
});

// ——— the endpoints ———

const tasksPage = pageOf(TaskRowView).extend({
  /** Tasks behind plan by more than the lag rule's threshold (over the whole filter). */
  lagging: Int,
  can: canFlags('create'),
});

export const keyworkApi = {
  // meetings
  meetings: endpoint({
    method: 'GET',
    path: '/api/keywork/meetings',
    access: 'keywork.read',
    summary: '市级专题研究会、专班攻坚调度会',
    query: MeetingQuery,
    response: pageOf(MeetingRowView).extend({ can: canFlags('create', 'attend') }),
  }),
  createMeeting: endpoint({
    method: 'POST',
    path: '/api/keywork/meetings',
    access: 'keywork.meetings.write',
    summary: '登记会议',
    body: MeetingBody,
    response: MeetingView,
    status: 201,
  }),
  meeting: endpoint({
    method: 'GET',
    path: '/api/keywork/meetings/:id',
    access: 'keywork.read',
    summary: '会议详情：部署的任务、组织部门列席记录',
    params: IdParams,
    response: MeetingDetailView,
  }),
  saveAttendance: endpoint({
    method: 'PUT',
    path: '/api/keywork/meetings/:id/attendance',
    access: 'keywork.attend',
    summary: '记录（或更正）组织部门列席情况',
    params: IdParams,
    body: AttendanceBody,
    response: AttendanceView,
  }),

  // tasks
  tasks: endpoint({
    method: 'GET',
    path: '/api/keywork/tasks',
    access: 'keywork.read',
    summary: '重点任务看板：实际进度与计划',
    query: TaskQuery,
    response: tasksPage,
  }),
  exportTasks: endpoint({
    method: 'GET',
    path: '/api/keywork/tasks/export',
    access: 'keywork.read',
    summary: '导出重点任务（xlsx）',
    query: TaskQuery,
    response: 'file',
  }),
  createTask: endpoint({
    method: 'POST',
    path: '/api/keywork/tasks',
    access: 'keywork.manage',
    summary: '按会议部署新建重点任务',
    body: TaskBody,
    response: TaskView,
    status: 201,
  }),
  task: endpoint({
    method: 'GET',
    path: '/api/keywork/tasks/:id',
    access: 'keywork.read',
    summary: '任务详情：节点、报送、协调事项',
    params: IdParams,
    response: TaskDetailView,
  }),
  updateTask: endpoint({
    method: 'PUT',
    path: '/api/keywork/tasks/:id',
    access: 'keywork.manage',
    summary: '更正任务信息（名称、说明、频次、牵头/配合单位、责任领导与专班；留痕）',
    params: IdParams,
    body: TaskUpdateBody,
    response: TaskView,
  }),
  addMilestone: endpoint({
    method: 'POST',
    path: '/api/keywork/tasks/:id/milestones',
    access: 'keywork.manage',
    summary: '为任务新增节点',
    params: IdParams,
    body: MilestoneInput,
    response: MilestoneSavedView,
    status: 201,
  }),
  submitReport: endpoint({
    method: 'POST',
    path: '/api/keywork/tasks/:id/reports',
    access: 'keywork.report',
    summary: '牵头单位报送进度',
    params: IdParams,
    body: ReportBody,
    response: ReportView,
    status: 201,
  }),
  slipMilestone: endpoint({
    method: 'POST',
    path: '/api/keywork/milestones/:id/slip',
    access: 'keywork.manage',
    summary: '调整节点计划日期（留痕）',
    params: IdParams,
    body: SlipBody,
    response: SlipView,
  }),
  completeMilestone: endpoint({
    method: 'POST',
    path: '/api/keywork/milestones/:id/done',
    access: 'keywork.manage',
    summary: '确认节点完成',
    params: IdParams,
    body: MilestoneDoneBody,
    response: MilestoneDoneView,
  }),
  answerRequest: endpoint({
    method: 'POST',
    path: '/api/keywork/requests/:id/answer',
    access: 'keywork.report',
    summary: '配合单位答复协调事项',
    params: IdParams,
    body: AnswerBody,
    response: RequestAnsweredView,
  }),

  // trigger rules and hits
  rules: endpoint({
    method: 'GET',
    path: '/api/keywork/rules',
    access: 'keywork.rules.read',
    summary: '触发规则及其版本',
    response: listOf(RuleView).extend({ can: canFlags('change', 'evaluate') }),
  }),
  changeRule: endpoint({
    method: 'POST',
    path: '/api/keywork/rules/:code/versions',
    access: 'keywork.rules.manage',
    summary: '调整触发规则（新增版本，既往触发不变）',
    params: RuleParams,
    body: RuleBody,
    response: RuleVersionView,
    status: 201,
  }),
  evaluate: endpoint({
    method: 'POST',
    path: '/api/keywork/rules/evaluate',
    access: 'keywork.inspect',
    summary: '立即按规则检查全部推进中的任务',
    response: z.object({ jobId: Int.nullable() }),
    status: 202,
  }),
  hits: endpoint({
    method: 'GET',
    path: '/api/keywork/hits',
    access: 'keywork.inspect',
    summary: '触发收件箱',
    query: HitQuery,
    response: pageOf(HitView),
  }),

  // inspections
  inspections: endpoint({
    method: 'GET',
    path: '/api/keywork/inspections',
    access: 'keywork.inspections.read',
    summary: '定向考察',
    query: InspectionQuery,
    response: pageOf(InspectionRowView).extend({ can: canFlags('open', 'export') }),
  }),
  exportInspections: endpoint({
    method: 'GET',
    path: '/api/keywork/inspections/export',
    access: 'keywork.inspect',
    summary: '导出定向考察（xlsx）',
    query: InspectionQuery,
    response: 'file',
  }),
  openInspection: endpoint({
    method: 'POST',
    path: '/api/keywork/inspections',
    access: 'keywork.inspect',
    summary: '发起定向考察',
    body: InspectionOpenBody,
    response: InspectionView,
    status: 201,
  }),
  inspection: endpoint({
    method: 'GET',
    path: '/api/keywork/inspections/:id',
    access: 'keywork.inspections.read',
    summary: '定向考察详情',
    params: IdParams,
    response: InspectionDetailView,
  }),
  saveFinding: endpoint({
    method: 'POST',
    path: '/api/keywork/inspections/:id/findings',
    access: 'keywork.inspect',
    summary: '记录（或更正）对某干部的考察发现',
    params: IdParams,
    body: FindingBody,
    response: FindingSavedView,
  }),
  deleteFinding: endpoint({
    method: 'DELETE',
    path: '/api/keywork/findings/:id',
    access: 'keywork.inspect',
    summary: '删除考察发现（结论前）',
    params: IdParams,
    response: z.object({ id: Id }),
  }),
  concludeInspection: endpoint({
    method: 'POST',
    path: '/api/keywork/inspections/:id/conclude',
    access: 'keywork.inspect',
    summary: '作出考察结论（进入干部时间轴）',
    params: IdParams,
    body: ConcludeBody,
    response: InspectionView,
  }),

  // the causal chain
  taskChain: endpoint({
    method: 'GET',
    path: '/api/keywork/tasks/:id/chain',
    access: 'keywork.chain',
    summary: '任务推进—干部担当因果链',
    params: IdParams,
    response: TaskChainView,
  }),
  cadreChain: endpoint({
    method: 'GET',
    path: '/api/keywork/cadres/:id/chain',
    access: 'keywork.chain',
    summary: '干部在重点任务中的担当表现',
    params: IdParams,
    response: CadreChainView,
  }),

  // 专项研判
  assessments: endpoint({
    method: 'GET',
    path: '/api/keywork/assessments',
    access: 'keywork.assess',
    summary: '专项研判',
    query: AssessmentQuery,
    response: pageOf(AssessmentRowView),
  }),
  candidates: endpoint({
    method: 'GET',
    path: '/api/keywork/assessments/candidates',
    access: 'keywork.assess',
    summary: '重点任务推进不力的单位',
    query: YearQuery,
    response: listOf(CandidateView),
  }),
  createAssessment: endpoint({
    method: 'POST',
    path: '/api/keywork/assessments',
    access: 'keywork.assess',
    summary: '新建单位班子专项研判',
    body: AssessmentBody,
    response: AssessmentView,
    status: 201,
  }),
  assessment: endpoint({
    method: 'GET',
    path: '/api/keywork/assessments/:id',
    access: 'keywork.assess',
    summary: '专项研判详情',
    params: IdParams,
    response: AssessmentDetailView,
  }),
  updateAssessment: endpoint({
    method: 'PUT',
    path: '/api/keywork/assessments/:id',
    access: 'keywork.assess',
    summary: '修改专项研判（结论前）',
    params: IdParams,
    body: AssessmentBody,
    response: AssessmentView,
  }),
  concludeAssessment: endpoint({
    method: 'POST',
    path: '/api/keywork/assessments/:id/conclude',
    access: 'keywork.decide',
    summary: '作出专项研判结论',
    params: IdParams,
    body: AssessmentConcludeBody,
    response: AssessmentView,
  }),
};

/** Error codes of module `keywork`. */
export const KEYWORK_ERRORS = {
  KEYWORK_NO_OPEN_PERIOD: { status: 409, message: '当前没有可报送的进度期：本期已报送，或报送期限已过' },
  KEYWORK_TASK_CLOSED: { status: 409, message: '该任务已完成或暂停，不再报送进度' },
  KEYWORK_MILESTONE_DONE: { status: 409, message: '该节点已完成，不能再调整' },
  KEYWORK_RULE_UNCHANGED: { status: 409, message: '规则未作任何调整，无需新增版本' },
  KEYWORK_INSPECTION_OPEN: { status: 409, message: '该任务已有进行中的定向考察' },
  KEYWORK_INSPECTION_CONCLUDED: { status: 409, message: '该定向考察已作出结论，记录只读' },
  KEYWORK_NO_FINDINGS: { status: 409, message: '请先记录至少一名干部的考察发现，再作结论' },
  KEYWORK_CADRE_NOT_IN_TASK: { status: 409, message: '所选干部不属于本任务的牵头、配合单位或专班' },
  KEYWORK_ASSESSMENT_CONCLUDED: { status: 409, message: '该专项研判已作出结论，记录只读' },
  KEYWORK_TASK_UNCHANGED: { status: 409, message: '任务信息未作任何修改' },
  KEYWORK_TASK_REPORTED: {
    status: 409,
    message: '该任务已有进度报送，不能更改牵头单位或报送频次，否则已报送的进度将无所归属',
  },
  KEYWORK_TASK_IN_USE: { status: 409, message: '所删除的单位或人员仍关联本任务的协调事项或节点，不能删除' },
  KEYWORK_FINDING_HAS_FILES: {
    status: 409,
    message: '该考察发现已附证据材料，不能删除；如需更正，请修改发现内容',
  },
  KEYWORK_REQUEST_ANSWERED: { status: 409, message: '该协调事项已答复' },
  KEYWORK_ASSESSMENT_EXISTS: { status: 409, message: '该单位本年度已有专项研判' },
  KEYWORK_NOT_LEAD_UNIT: { status: 403, message: '只有牵头单位可以报送进度' },
  KEYWORK_NOT_ADDRESSEE: { status: 403, message: '只能答复发给本单位的协调事项' },
  KEYWORK_TASK_NOT_STARTED: { status: 409, message: '任务尚未开始，不能报送进度' },
} as const satisfies ErrorTable;
