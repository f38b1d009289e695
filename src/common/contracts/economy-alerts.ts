import { z } from 'zod';
import { canFlags, DayString, Instant, pageOf } from '../api.ts';
import { CadreRef, RULE_KINDS } from './economy-kpis.ts';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

/** 与经济运行同步诊断: alerts (问题预警) and their 研判, interviews (约谈), 数据体检 and the overview figures. */

const Num = z.number();

export const ALERT_STATUSES = ['open', 'dismissed', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  open: '待研判',
  dismissed: '已排除',
  escalated: '已转约谈',
};

export const AlertQuery = PageQuery.extend({
  status: z.enum(ALERT_STATUSES).optional(),
  kind: z.enum(RULE_KINDS).optional(),
  regionId: Uuid.optional(),
  q: z.string().trim().max(40).optional(),
});

/** A figure behind an alert: which value of which series, as it stood when the rule fired. */
export const AlertFigure = z.object({
  indicatorId: z.uuid(),
  indicator: z.string(),
  unit: z.string(),
  period: z.string(),
  value: Num.nullable(),
  /** Year-on-year change, or the gap, as the rule saw it. */
  change: Num.nullable(),
  valueId: z.uuid().nullable(),
  revision: Num.nullable(),
});
export type AlertFigure = z.infer<typeof AlertFigure>;

export const AlertView = z.object({
  id: z.uuid(),
  kind: z.enum(RULE_KINDS),
  kindLabel: z.string(),
  ruleId: z.uuid(),
  ruleKey: z.string(),
  ruleVersion: Num,
  ruleName: z.string(),
  title: z.string(),
  summary: z.string(),
  scope: z.object({ kind: z.enum(['region', 'department']), id: z.uuid().nullable(), name: z.string() }),
  periodFrom: z.string(),
  periodTo: z.string(),
  pValue: Num.nullable(),
  /** Benjamini–Hochberg adjusted level among the tests of the same run. */
  qValue: Num.nullable(),
  status: z.enum(ALERT_STATUSES),
  cadres: z.array(CadreRef),
  createdAt: Instant,
  decidedAt: Instant.nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  interviewCount: Num,
  /** dismiss / escalate an open alert; interview: record an interview on an escalated one. */
  can: canFlags('dismiss', 'escalate', 'interview'),
});
export type AlertView = z.infer<typeof AlertView>;

/**
 * The statistics an alert was raised on, frozen with it: a later evaluation with more months
 * never changes them (it may add a note).
 */
const Statistic = z.object({ label: z.string(), value: z.string() });
const DigitCount = z.object({ digit: Num, count: Num, expected: Num, observed: Num });
export const AlertBasis = z.object({
  /** The method, in Chinese. */
  method: z.string(),
  /** The test's family: the rule's tests of the same year, corrected together. */
  family: z.object({ year: z.string(), size: Num, fdr: Num }),
  /** Named statistics, already formatted (e.g. 修正 z 值 → 5.21). */
  statistics: z.array(Statistic),
  /** benford: the digits counted; the value of each unit. */
  digits: z.array(DigitCount).optional(),
  units: z.array(z.object({ unitId: z.uuid(), value: Num })).optional(),
});
export type AlertBasis = z.infer<typeof AlertBasis>;

/** A note added to an alert by a later evaluation (the alert itself is never changed by it). */
export const AlertNote = z.object({ at: z.string(), text: z.string() });
export type AlertNote = z.infer<typeof AlertNote>;

export const DismissBody = z.object({ reason: z.string().trim().min(2, '请填写排除理由').max(500) });
export const EscalateBody = z.object({ note: z.string().trim().min(2, '请填写研判意见').max(500) });

// ---------------------------------------------------------------- interviews (约谈)

export const InterviewBody = z.object({
  alertId: Uuid.nullable().default(null),
  cadreId: Uuid,
  interviewedOn: Day,
  interviewers: z.string().trim().min(1, '请填写约谈人').max(100),
  issue: z.string().trim().min(2, '请填写约谈事由').max(1000),
  cadreAccount: z.string().trim().max(2000).default(''),
  followUp: z.string().trim().min(2, '请填写整改跟进事项').max(1000),
  followUpDue: Day,
});
export type InterviewBody = z.infer<typeof InterviewBody>;

export const FollowUpBody = z.object({
  result: z.enum(['done', 'not_done'], { message: '请选择跟进结果' }),
  note: z.string().trim().min(2, '请填写核查情况').max(1000),
});

export const INTERVIEW_STATUSES = ['pending', 'done', 'not_done', 'overdue'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export const INTERVIEW_STATUS_LABELS: Record<InterviewStatus, string> = {
  pending: '跟进中',
  done: '已落实',
  not_done: '未落实',
  overdue: '跟进逾期',
};

export const InterviewQuery = PageQuery.extend({
  status: z.enum(INTERVIEW_STATUSES).optional(),
  q: z.string().trim().max(40).optional(),
  alertId: Uuid.optional(),
});

export const InterviewView = z.object({
  id: z.uuid(),
  alertId: z.uuid().nullable(),
  alertTitle: z.string().nullable(),
  cadre: CadreRef,
  interviewedOn: DayString,
  interviewers: z.string(),
  issue: z.string(),
  cadreAccount: z.string(),
  followUp: z.string(),
  followUpDue: DayString,
  status: z.enum(INTERVIEW_STATUSES),
  checkedAt: Instant.nullable(),
  checkedBy: z.string().nullable(),
  checkNote: z.string().nullable(),
  createdAt: Instant,
  createdBy: z.string().nullable(),
  /** check: record whether the follow-up was done (once). */
  can: canFlags('check'),
});
export type InterviewView = z.infer<typeof InterviewView>;

export const AlertDetail = AlertView.extend({
  figures: z.array(AlertFigure),
  basis: AlertBasis.nullable(),
  notes: z.array(AlertNote),
  /** The series of the rule, for the chart. */
  series: z.array(
    z.object({
      indicator: z.string(),
      unit: z.string(),
      points: z.array(z.object({ period: z.string(), value: Num, change: Num.nullable() })),
    }),
  ),
  interviews: z.array(InterviewView),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

// ---------------------------------------------------------------- forensics (数据体检)

export const ForensicsQuery = z.object({
  department: z.string().trim().max(30).optional(),
  regionId: Uuid.optional(),
  /** Overrides every rule's false-discovery level; without it each rule's own level applies. */
  fdr: z.coerce.number().gt(0).max(0.5).optional(),
});

/** One finding of 数据体检: a plain sentence first, the statistics one click away. */
const ForensicsFinding = z.object({
  /** What was found, in plain Chinese, following the rule that raised it. */
  sentence: z.string(),
  /** needs a look (线索) / nothing found / not judged (too little data). */
  verdict: z.enum(['lead', 'clear', 'unjudged']),
  /** The statistics behind the sentence, already formatted. */
  statistics: z.array(Statistic),
});
export type ForensicsFinding = z.infer<typeof ForensicsFinding>;

const Rates = z.object({ label: z.string(), rate: Num, auc: Num });
export const ForensicsCalibration = z.object({
  settings: z.object({
    jump: z.object({ threshold: Num.optional(), fdr: Num }),
    crosscheck: z.object({ fdr: Num, minWidening: Num }),
    benford: z.object({ fdr: Num }),
  }),
  levels: z.array(
    z.object({
      /** Standard deviation of the monthly gap between the two growth rates (0.035 = 3.5 points). */
      gapSd: Num,
      counties: Num,
      /** Share of clean counties with any alert in a year. */
      countiesWithAlert: Num,
      /** Per clean region-year (Benford: per department-year). */
      falseAlarm: z.object({ jump: Num, crosscheck: Num, benford: Num }),
      /** Detection of the fabrication each rule is meant for, and the AUC of its score. */
      detection: z.object({ jump: Rates, crosscheck: Rates }),
    }),
  ),
});
/** The forensic rules' measured false-alarm and detection rates, per gap-noise level. */
export type ForensicsCalibration = z.infer<typeof ForensicsCalibration>;

export const ForensicsView = z.object({
  /** The levels used, per rule. */
  fdr: z.object({ benford: Num, jump: Num, crosscheck: Num }),
  benford: z.array(
    ForensicsFinding.extend({
      department: z.string(),
      indicator: z.string().nullable(),
      year: z.string().nullable(),
      units: Num,
      digits: z.array(DigitCount),
    }),
  ),
  /** The leads among the jumps (and the base effects linked to them), most extreme first. */
  jumps: z.array(
    ForensicsFinding.extend({
      indicator: z.string(),
      region: z.string(),
      period: z.string(),
      change: Num,
      z: Num,
      pValue: Num,
      qValue: Num,
      baseEffectOf: z.string().nullable(),
    }),
  ),
  crosschecks: z.array(
    ForensicsFinding.extend({
      reported: z.string(),
      independent: z.string(),
      region: z.string(),
      widening: Num.nullable(),
      gaps: z.array(z.object({ period: z.string(), gap: Num, widening: z.boolean() })),
    }),
  ),
  /** How many tests with p-values were run, and how many pass the adjusted level. */
  tests: Num,
  discoveries: Num,
  /** The rules' rates measured on simulated county data (npm run bench). */
  calibration: ForensicsCalibration,
});
export type ForensicsView = z.infer<typeof ForensicsView>;

export const EconomyStats = z.object({
  coreIndicators: Num,
  indicators: Num,
  values: Num,
  latestPeriod: z.string().nullable(),
  alerts: z.object({ open: Num, dismissed: Num, escalated: Num }),
  /** 发现问题: alerts escalated to interviews. */
  problems: Num,
  interviews: Num,
  /** 约谈干部: distinct cadres interviewed. */
  cadresInterviewed: Num,
  followUpsOverdue: Num,
});
export type EconomyStats = z.infer<typeof EconomyStats>;

export const AlertPage = pageOf(AlertView).extend({
  /** Per status, under the other filters. */
  counts: z.object({ open: Num, dismissed: Num, escalated: Num }),
});
