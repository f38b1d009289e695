import { z } from 'zod';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

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
export const TASK_STATUS_LABELS = { active: '推进中', done: '已完成', suspended: '已暂停' } as const;

/** A cadre's place in a task: responsible for a part of it, or a member of its task force (专班). */
export const TASK_ROLES = ['responsible', 'taskforce'] as const;
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
  milestone_overdue: '逾期超过（天）',
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
export const EFFECT_LABELS = { held_up: '拖延任务', moved: '推动任务', neutral: '无明显影响' } as const;

/** The evidence store's owner type of a finding's files (photos, minutes, documents). */
export const FINDING_EVIDENCE_OWNER = 'keywork_finding';

export const INSPECTION_STATUS_LABELS = { open: '考察中', concluded: '已结论' } as const;
export const CONCLUSION_KINDS = ['ineffective', 'partly', 'objective', 'effective'] as const;
export const CONCLUSION_LABELS = {
  ineffective: '推进不力，责任在人',
  partly: '部分责任',
  objective: '客观原因，不追责',
  effective: '推进有力',
} as const;
export const ASSESSMENT_STATUS_LABELS = { draft: '研判中', concluded: '已结论' } as const;
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
} as const satisfies Record<string, { status: number; message: string }>;
