/** 与重点工作同步评估: the terms of module `keywork` — kinds, statuses, rules and their labels. */

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
