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
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts } from './columns.ts';
import { orgCadres, orgUnits } from './org.ts';

/**
 * 一事一奖: timely rewards for one deed. The organization department opens batches; a unit applies
 * for an individual or collective reward; the application goes 申报 → 审核 (with 会签 opinions of
 * other departments) → 审批 → 兑现, each step with an owner and a deadline in working days, the
 * whole flow within the batch's months from the unit's submission.
 */

/** 申报批次: opened by the organization department, with a closing date and the flow's rules. */
export const rewardsBatches = pgTable(
  'rewards_batches',
  {
    id: id(),
    title: text('title').notNull(),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on').notNull(),
    /** { flowMonths, stepDays: { review, approve, award }, opinionDays, escalateAfterDays } */
    rules: jsonb('rules').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [check('rewards_batches_dates_chk', sql`${t.opensOn} <= ${t.closesOn}`)],
);

/** The kinds of reward (a dictionary): 嘉奖, 记三等功 … 集体记功. */
export const rewardsKinds = pgTable('rewards_kinds', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  collective: boolean('collective').notNull(),
  sortOrder: integer('sort_order').notNull(),
});

/** One unit's application for one deed. */
export const rewardsApplications = pgTable(
  'rewards_applications',
  {
    id: id(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => rewardsBatches.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    kindCode: text('kind_code')
      .notNull()
      .references(() => rewardsKinds.code),
    /** For a collective reward: the collective's name (e.g. 环东区块征迁攻坚组). */
    collectiveName: text('collective_name'),
    deed: text('deed').notNull(),
    /** The deed as compared for a second application (whitespace and punctuation removed). */
    deedKey: text('deed_key').notNull(),
    /** draft | review | approve | award | awarded | returned | rejected */
    status: text('status').notNull().default('draft'),
    submittedAt: ts('submitted_at'),
    returnReason: text('return_reason'),
    documentNo: text('document_no'),
    bonus: numeric('bonus', { precision: 12, scale: 2 }),
    paidOn: date('paid_on'),
    awardedAt: ts('awarded_at'),
    awardedBy: actorRef('awarded_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    index('rewards_applications_batch_idx').on(t.batchId),
    index('rewards_applications_unit_idx').on(t.unitId),
    check(
      'rewards_applications_status_chk',
      sql`${t.status} in ('draft','review','approve','award','awarded','returned','rejected')`,
    ),
  ],
);

/** The cadres an application names: the one rewarded, or the members of the collective. */
export const rewardsApplicationCadres = pgTable(
  'rewards_application_cadres',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => rewardsApplications.id, { onDelete: 'cascade' }),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** Copied from the application: one deed, one application per cadre. */
    deedKey: text('deed_key').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.cadreId] }),
    uniqueIndex('rewards_application_cadres_deed_uq').on(t.cadreId, t.deedKey),
  ],
);

/** Platform records that show the deed. */
export const rewardsLinks = pgTable(
  'rewards_links',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => rewardsApplications.id, { onDelete: 'cascade' }),
    /** delivery_item | keywork_inspection | scene_observation | keywork_milestone | scene_nomination */
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    label: text('label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.recordType, t.recordId] })],
);

/** One pass of an application through a step: who owns it, when it is due, how it ended. */
export const rewardsSteps = pgTable(
  'rewards_steps',
  {
    id: id(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => rewardsApplications.id),
    /** apply | review | approve | award */
    step: text('step').notNull(),
    /** The role that owns the step (the unit's administrators own 申报). */
    ownerRole: text('owner_role').notNull(),
    ownerUnitId: uuid('owner_unit_id').references(() => orgUnits.id),
    startedAt: ts('started_at').notNull(),
    /** null for 申报 after a return: the unit has the month's clock, not a step deadline. */
    dueOn: date('due_on'),
    endedAt: ts('ended_at'),
    /** passed | returned | rejected */
    outcome: text('outcome'),
    note: text('note'),
    actedBy: actorRef('acted_by'),
  },
  (t) => [
    index('rewards_steps_application_idx').on(t.applicationId),
    check('rewards_steps_step_chk', sql`${t.step} in ('apply','review','approve','award')`),
    check(
      'rewards_steps_outcome_chk',
      sql`${t.outcome} is null or ${t.outcome} in ('passed','returned','rejected')`,
    ),
  ],
);

/** 会签: a department's opinion asked for within 审核, with its own deadline. */
export const rewardsOpinions = pgTable(
  'rewards_opinions',
  {
    id: id(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => rewardsApplications.id),
    stepId: uuid('step_id')
      .notNull()
      .references(() => rewardsSteps.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** What is asked, e.g. 廉政意见, 主管部门意见. */
    topic: text('topic').notNull(),
    dueOn: date('due_on').notNull(),
    /** pending | agree | disagree */
    status: text('status').notNull().default('pending'),
    opinion: text('opinion'),
    /** Recorded by the organization department from a paper reply (the scan is attached). */
    onPaper: boolean('on_paper').notNull().default(false),
    answeredAt: ts('answered_at'),
    answeredBy: actorRef('answered_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('rewards_opinions_step_unit_topic_uq').on(t.stepId, t.unitId, t.topic),
    check('rewards_opinions_status_chk', sql`${t.status} in ('pending','agree','disagree')`),
  ],
);

/**
 * Reminders and escalations of an overdue step or opinion: one row per target and kind, so a step
 * is reminded once and escalated once, whatever the job's reruns and the server's restarts.
 */
export const rewardsAlerts = pgTable(
  'rewards_alerts',
  {
    id: id(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => rewardsApplications.id),
    /** 'step' | 'opinion' */
    targetType: text('target_type').notNull(),
    targetId: uuid('target_id').notNull(),
    /** remind | escalate */
    kind: text('kind').notNull(),
    dueOn: date('due_on').notNull(),
    todoId: uuid('todo_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rewards_alerts_target_kind_uq').on(t.targetId, t.kind),
    check('rewards_alerts_kind_chk', sql`${t.kind} in ('remind','escalate')`),
  ],
);
