import { z } from 'zod';
import { canFlags, endpoint, listOf, pageOf } from '../api.ts';
import type { ErrorTable } from '../errors.ts';
import {
  ASSESSMENT_CONCLUSIONS,
  CADENCES,
  CONCLUSION_KINDS,
  EFFECTS,
  MEETING_KINDS,
  PROBLEM_TAGS,
  RULE_CODES,
  TASK_ROLES,
  TASK_STATUSES,
} from './keywork-terms.ts';
import {
  AssessmentDetailView,
  AssessmentRowView,
  AssessmentView,
  AttendanceView,
  CadreChainView,
  CandidateView,
  FindingSavedView,
  HitView,
  Id,
  InspectionDetailView,
  InspectionRowView,
  InspectionView,
  Int,
  MeetingDetailView,
  MeetingRowView,
  MeetingView,
  MilestoneDoneView,
  MilestoneSavedView,
  ReportView,
  RequestAnsweredView,
  RuleVersionView,
  RuleView,
  SlipView,
  TaskChainView,
  TaskDetailView,
  TaskRowView,
  TaskView,
} from './keywork-views.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

export * from './keywork-terms.ts';
export * from './keywork-views.ts';

/** 与重点工作同步评估: the contract of module `keywork`. */

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
