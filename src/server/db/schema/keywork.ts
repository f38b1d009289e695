import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, sealedText, ts, updatedAt } from './columns.ts';
import { orgCadres, orgUnits } from './org.ts';

/** 市级专题研究会 / 专班攻坚调度会: the city-level meetings key tasks come from. */
export const keyworkMeetings = pgTable(
  'keywork_meetings',
  {
    id: id(),
    /** study | dispatch */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on').notNull(),
    host: text('host'),
    summary: text('summary'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('keywork_meetings_held_idx').on(t.heldOn),
    check('keywork_meetings_kind_chk', sql`${t.kind} in ('study','dispatch')`),
  ],
);

/** The organization department's attendance of a meeting: who went and what it learned. */
export const keyworkAttendances = pgTable(
  'keywork_attendances',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => keyworkMeetings.id),
    attendees: text('attendees').notNull(),
    anomalies: text('anomalies').notNull(),
    /** The tasks discussed (ids). */
    taskIds: jsonb('task_ids').notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [uniqueIndex('keywork_attendances_meeting_uq').on(t.meetingId)],
);

/** 重点任务: decided at a city-level meeting, led by one unit, reported on at a cadence. */
export const keyworkTasks = pgTable(
  'keywork_tasks',
  {
    id: id(),
    title: text('title').notNull(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => keyworkMeetings.id),
    domain: text('domain'),
    description: text('description'),
    leadUnitId: uuid('lead_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** weekly | biweekly | monthly */
    cadence: text('cadence').notNull(),
    startsOn: date('starts_on').notNull(),
    dueOn: date('due_on').notNull(),
    /** active | done | suspended */
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('keywork_tasks_lead_idx').on(t.leadUnitId),
    check('keywork_tasks_cadence_chk', sql`${t.cadence} in ('weekly','biweekly','monthly')`),
    check('keywork_tasks_status_chk', sql`${t.status} in ('active','done','suspended')`),
    check('keywork_tasks_dates_chk', sql`${t.startsOn} < ${t.dueOn}`),
  ],
);

/** The cooperating units of a task (配合单位). */
export const keyworkTaskUnits = pgTable(
  'keywork_task_units',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
  },
  (t) => [
    uniqueIndex('keywork_task_units_uq').on(t.taskId, t.unitId),
    index('keywork_task_units_unit_idx').on(t.unitId),
  ],
);

/** Responsible cadres (责任领导) with their part, and task-force members (专班成员). */
export const keyworkTaskCadres = pgTable(
  'keywork_task_cadres',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** The cadre's unit when assigned. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** responsible | taskforce */
    role: text('role').notNull(),
    part: text('part'),
  },
  (t) => [
    uniqueIndex('keywork_task_cadres_uq').on(t.taskId, t.cadreId),
    index('keywork_task_cadres_cadre_idx').on(t.cadreId),
    check('keywork_task_cadres_role_chk', sql`${t.role} in ('responsible','taskforce')`),
  ],
);

/**
 * A milestone: its baseline date never changes (the plan progress is measured against it);
 * `planned_on` is the date in force, and every change of it is a row of keywork_milestone_slips.
 */
export const keyworkMilestones = pgTable(
  'keywork_milestones',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    baselineOn: date('baseline_on').notNull(),
    plannedOn: date('planned_on').notNull(),
    /** Cumulative planned progress (0–100) on reaching the milestone. */
    plannedProgress: numeric('planned_progress', { precision: 5, scale: 1 }).notNull(),
    responsibleCadreId: uuid('responsible_cadre_id').references(() => orgCadres.id),
    doneOn: date('done_on'),
    doneBy: actorRef('done_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('keywork_milestones_task_seq_uq').on(t.taskId, t.seq),
    check('keywork_milestones_progress_chk', sql`${t.plannedProgress} between 0 and 100`),
  ],
);

/** Each change of a milestone's planned date (a slip), never overwritten. */
export const keyworkMilestoneSlips = pgTable(
  'keywork_milestone_slips',
  {
    id: id(),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => keyworkMilestones.id),
    fromOn: date('from_on').notNull(),
    toOn: date('to_on').notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [index('keywork_milestone_slips_ms_idx').on(t.milestoneId)],
);

/** A progress report of the lead unit for one cadence period (keyed by the period's last day). */
export const keyworkReports = pgTable(
  'keywork_reports',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    periodEnd: date('period_end').notNull(),
    dueOn: date('due_on').notNull(),
    progress: numeric('progress', { precision: 5, scale: 1 }).notNull(),
    /** The baseline plan's progress at the period's end, kept with the report. */
    plannedProgress: numeric('planned_progress', { precision: 5, scale: 1 }).notNull(),
    summary: text('summary').notNull(),
    problems: text('problems'),
    submittedAt: ts('submitted_at').notNull(),
    submittedBy: actorRef('submitted_by'),
  },
  (t) => [
    uniqueIndex('keywork_reports_task_period_uq').on(t.taskId, t.periodEnd),
    check('keywork_reports_progress_chk', sql`${t.progress} between 0 and 100`),
  ],
);

/** A request for coordination in a report, addressed to a cooperating unit, with a deadline. */
export const keyworkRequests = pgTable(
  'keywork_requests',
  {
    id: id(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => keyworkReports.id),
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    toUnitId: uuid('to_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    content: text('content').notNull(),
    dueOn: date('due_on').notNull(),
    answer: text('answer'),
    answeredAt: ts('answered_at'),
    answeredBy: actorRef('answered_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [index('keywork_requests_task_idx').on(t.taskId), index('keywork_requests_unit_idx').on(t.toUnitId)],
);

/** A version of a trigger rule. Versions are added, never changed; the latest is in force. */
export const keyworkRuleVersions = pgTable(
  'keywork_rule_versions',
  {
    id: id(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    threshold: numeric('threshold', { precision: 6, scale: 1 }).notNull(),
    /** Working days the officer has for the inspection a hit opens. */
    inspectionDays: integer('inspection_days').notNull(),
    enabled: boolean('enabled').notNull(),
    note: text('note').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('keywork_rule_versions_code_version_uq').on(t.code, t.version),
    check(
      'keywork_rule_versions_code_chk',
      sql`${t.code} in ('lag','milestone_overdue','missed_reports','repeated_slips','coordination_unanswered')`,
    ),
  ],
);

/** 定向考察: opened by a rule hit (or by hand), assigned to an officer, closed with a conclusion. */
export const keyworkInspections = pgTable(
  'keywork_inspections',
  {
    id: id(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    /** trigger | manual */
    origin: text('origin').notNull(),
    reason: text('reason').notNull(),
    /** open | concluded */
    status: text('status').notNull().default('open'),
    assigneeUserId: uuid('assignee_user_id'),
    deadline: ts('deadline').notNull(),
    openedAt: ts('opened_at').notNull(),
    /** ineffective | partly | objective | effective */
    conclusionKind: text('conclusion_kind'),
    conclusion: text('conclusion'),
    concludedAt: ts('concluded_at'),
    concludedBy: actorRef('concluded_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('keywork_inspections_task_idx').on(t.taskId),
    check('keywork_inspections_status_chk', sql`${t.status} in ('open','concluded')`),
    check('keywork_inspections_origin_chk', sql`${t.origin} in ('trigger','manual')`),
  ],
);

/**
 * A rule hit: unique per rule version, subject (the task) and hit key (what was found, e.g. the
 * report or milestone and date), so a re-run or a restart never records it twice.
 */
export const keyworkHits = pgTable(
  'keywork_hits',
  {
    id: id(),
    ruleVersionId: uuid('rule_version_id')
      .notNull()
      .references(() => keyworkRuleVersions.id),
    ruleCode: text('rule_code').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => keyworkTasks.id),
    hitKey: text('hit_key').notNull(),
    /** What the rule saw: figures and the records they come from. */
    detail: jsonb('detail').notNull(),
    message: text('message').notNull(),
    inspectionId: uuid('inspection_id').references(() => keyworkInspections.id),
    hitOn: date('hit_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('keywork_hits_uq').on(t.ruleVersionId, t.taskId, t.hitKey),
    index('keywork_hits_task_idx').on(t.taskId),
    index('keywork_hits_code_key_idx').on(t.ruleCode, t.taskId, t.hitKey),
  ],
);

/** What the officer found about one cadre: cause, tags, whether it held the task up or moved it. */
export const keyworkFindings = pgTable(
  'keywork_findings',
  {
    id: id(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => keyworkInspections.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** The cadre's unit at the time. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    milestoneId: uuid('milestone_id').references(() => keyworkMilestones.id),
    /** held_up | moved | neutral */
    effect: text('effect').notNull(),
    tags: jsonb('tags').notNull(),
    cause: sealedText('keywork_findings', 'cause').notNull(),
    evidence: sealedText('keywork_findings', 'evidence'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('keywork_findings_inspection_cadre_uq').on(t.inspectionId, t.cadreId),
    index('keywork_findings_cadre_idx').on(t.cadreId),
    check('keywork_findings_effect_chk', sql`${t.effect} in ('held_up','moved','neutral')`),
  ],
);

/** 专项研判 of a unit's leadership team for key tasks judged 推进不力. */
export const keyworkAssessments = pgTable(
  'keywork_assessments',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    year: integer('year').notNull(),
    taskIds: jsonb('task_ids').notNull(),
    findings: sealedText('keywork_assessments', 'findings').notNull(),
    measures: sealedText('keywork_assessments', 'measures'),
    /** draft | concluded */
    status: text('status').notNull().default('draft'),
    /** weak | improving | adjust */
    conclusionKind: text('conclusion_kind'),
    conclusion: sealedText('keywork_assessments', 'conclusion'),
    concludedAt: ts('concluded_at'),
    concludedBy: actorRef('concluded_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('keywork_assessments_unit_year_uq').on(t.unitId, t.year),
    check('keywork_assessments_status_chk', sql`${t.status} in ('draft','concluded')`),
  ],
);
