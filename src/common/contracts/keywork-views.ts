import { z } from 'zod';
import { canFlags, DayString, Instant, Named } from '../api.ts';
import {
  ASSESSMENT_CONCLUSIONS,
  ASSESSMENT_STATUSES,
  CADENCES,
  CONCLUSION_KINDS,
  EFFECTS,
  INSPECTION_ORIGINS,
  INSPECTION_STATUSES,
  MEETING_KINDS,
  PROBLEM_TAGS,
  RULE_CODES,
  TASK_ROLES,
  TASK_STATUSES,
} from './keywork-terms.ts';

/** 与重点工作同步评估: the response views of module `keywork`. */

export const Int = z.number().int();
export const Id = z.uuid();
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
