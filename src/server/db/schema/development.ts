import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts, updatedAt } from './columns.ts';
import { keyworkTasks } from './keywork.ts';
import { orgCadres, orgUnits } from './org.ts';

/**
 * 一人一策 (module development): a development plan per cadre, of one of three kinds —
 * 履职辅导期 (six months with a mentor, 结对帮带 + 压担历练), 专题研修 with a placement on a matching
 * key project, or a 压力岗 — with goals, measurable milestones, mentor notes, reviews and an outcome.
 */
export const developmentPlans = pgTable(
  'development_plans',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** The cadre's unit when the plan was made. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** guidance 履职辅导期 | study 专题研修 | pressure 压力岗 */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The shortfall the plan addresses (政绩观 or ability), in the officer's words. */
    reason: text('reason').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** guidance: the mentor (a cadre with an account) and the loaded assignments 压担历练. */
    mentorCadreId: uuid('mentor_cadre_id').references(() => orgCadres.id),
    assignments: jsonb('assignments').notNull().default([]),
    /** study: the topic and the key project the cadre is placed on. */
    studyTopic: text('study_topic'),
    keyworkTaskId: uuid('keywork_task_id').references(() => keyworkTasks.id),
    /** pressure: enterprise 扶工助企 | demolition 成片拆改 | other; and the post itself. */
    postKind: text('post_kind'),
    postName: text('post_name'),
    /** The evidence records that led to the plan: [{ type, id, label, link }]. */
    evidence: jsonb('evidence').notNull().default([]),
    /** active | ended */
    status: text('status').notNull().default('active'),
    /** met 达到预期 | extended 延期 | reassigned 调整岗位 (an extension keeps the plan active). */
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    outcomeReviewId: uuid('outcome_review_id'),
    outcomeAt: ts('outcome_at'),
    outcomeBy: actorRef('outcome_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('development_plans_cadre_idx').on(t.cadreId),
    index('development_plans_mentor_idx').on(t.mentorCadreId),
    uniqueIndex('development_plans_active_uq').on(t.cadreId).where(sql`${t.status} = 'active'`),
    check('development_plans_kind_chk', sql`${t.kind} in ('guidance','study','pressure')`),
    check('development_plans_status_chk', sql`${t.status} in ('active','ended')`),
    check(
      'development_plans_outcome_chk',
      sql`${t.outcome} is null or ${t.outcome} in ('met','extended','reassigned')`,
    ),
    check('development_plans_dates_chk', sql`${t.startsOn} < ${t.endsOn}`),
    check(
      'development_plans_mentor_chk',
      sql`${t.mentorCadreId} is null or ${t.mentorCadreId} <> ${t.cadreId}`,
    ),
  ],
);

/** A goal of a plan and how it is measured. */
export const developmentGoals = pgTable(
  'development_goals',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => developmentPlans.id),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    measure: text('measure').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('development_goals_uq').on(t.planId, t.seq)],
);

/** A measurable milestone: a target by a day, judged met or missed with its evidence. */
export const developmentMilestones = pgTable(
  'development_milestones',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => developmentPlans.id),
    goalId: uuid('goal_id').references(() => developmentGoals.id),
    title: text('title').notNull(),
    target: text('target').notNull(),
    dueOn: date('due_on').notNull(),
    /** open | met | missed */
    status: text('status').notNull().default('open'),
    result: text('result'),
    /** [{ type, id, label, link }] */
    evidence: jsonb('evidence').notNull().default([]),
    decidedAt: ts('decided_at'),
    decidedBy: actorRef('decided_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    index('development_milestones_plan_idx').on(t.planId),
    check('development_milestones_status_chk', sql`${t.status} in ('open','met','missed')`),
  ],
);

/** A note by the mentor or the department; an internal note is never shown to the cadre. */
export const developmentNotes = pgTable(
  'development_notes',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => developmentPlans.id),
    text: text('text').notNull(),
    internal: boolean('internal').notNull().default(false),
    /** mentor | officer */
    authorRole: text('author_role').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [index('development_notes_plan_idx').on(t.planId)],
);

/** A review: monthly (by the mentor or the department), mid-term and end (by the department). */
export const developmentReviews = pgTable(
  'development_reviews',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => developmentPlans.id),
    /** monthly | mid | end */
    kind: text('kind').notNull(),
    /** monthly: the month reviewed (2026-08); mid and end: the kind itself. */
    period: text('period').notNull(),
    /** good 进展良好 | fair 基本符合 | behind 进展滞后 */
    progress: text('progress').notNull(),
    summary: text('summary').notNull(),
    /** The milestones and records the review rests on: [{ type, id, label, link }]. */
    evidence: jsonb('evidence').notNull().default([]),
    /** mentor | officer */
    authorRole: text('author_role').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('development_reviews_uq').on(t.planId, t.kind, t.period),
    check('development_reviews_kind_chk', sql`${t.kind} in ('monthly','mid','end')`),
    check('development_reviews_progress_chk', sql`${t.progress} in ('good','fair','behind')`),
  ],
);

/**
 * The mentor scope: naming a cadre as mentor grants them this plan (and nothing else of the
 * mentee); ending the plan or naming another mentor withdraws it. Kept with who and when.
 */
export const developmentMentorScopes = pgTable(
  'development_mentor_scopes',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => developmentPlans.id),
    mentorCadreId: uuid('mentor_cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    grantedAt: createdAt(),
    grantedBy: actorRef('granted_by'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: actorRef('withdrawn_by'),
  },
  (t) => [
    index('development_mentor_scopes_mentor_idx').on(t.mentorCadreId),
    uniqueIndex('development_mentor_scopes_active_uq').on(t.planId).where(sql`${t.withdrawnAt} is null`),
  ],
);
