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

/** 年度干事清单: one cadre's list for one year. */
export const deliveryLists = pgTable(
  'delivery_lists',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    year: integer('year').notNull(),
    /** The unit when the list was drawn up (records stay with the unit of their time). */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** draft | submitted | confirmed */
    status: text('status').notNull().default('draft'),
    submittedAt: ts('submitted_at'),
    submittedBy: actorRef('submitted_by'),
    confirmedAt: ts('confirmed_at'),
    confirmedBy: actorRef('confirmed_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('delivery_lists_cadre_year_uq').on(t.cadreId, t.year),
    check('delivery_lists_status_chk', sql`${t.status} in ('draft','submitted','confirmed')`),
  ],
);

/** One item of a list: 指标争先 / 项目攻坚 / 改革突破, with a target and a monthly plan. */
export const deliveryItems = pgTable(
  'delivery_items',
  {
    id: id(),
    listId: uuid('list_id')
      .notNull()
      .references(() => deliveryLists.id),
    seq: integer('seq').notNull(),
    /** indicator | project | reform */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    domainCode: text('domain_code'),
    /** value | milestones */
    targetKind: text('target_kind').notNull().default('value'),
    targetValue: numeric('target_value', { precision: 18, scale: 4 }),
    measureUnit: text('measure_unit'),
    /** For milestone targets: [{ name, month }]. */
    milestones: jsonb('milestones'),
    weight: numeric('weight', { precision: 6, scale: 2 }).notNull().default('1'),
    /** Expected cumulative progress at the end of each month, 12 numbers (value, or milestones done). */
    monthlyPlan: jsonb('monthly_plan').notNull(),
    /** Whether the item falls within the cadre's responsibility scope (the division of labour). */
    inScope: boolean('in_scope').notNull().default(true),
    /** Set when an amendment removed the item; items are never deleted from a confirmed list. */
    withdrawnAt: ts('withdrawn_at'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('delivery_items_list_seq_uq').on(t.listId, t.seq),
    check('delivery_items_kind_chk', sql`${t.kind} in ('indicator','project','reform')`),
    check('delivery_items_target_chk', sql`${t.targetKind} in ('value','milestones')`),
  ],
);

/** 变更记录: a change to a confirmed list — who, when, why, before and after. */
export const deliveryAmendments = pgTable(
  'delivery_amendments',
  {
    id: id(),
    listId: uuid('list_id')
      .notNull()
      .references(() => deliveryLists.id),
    itemId: uuid('item_id').references(() => deliveryItems.id),
    reason: text('reason').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [index('delivery_amendments_list_idx').on(t.listId)],
);

/** 月度履职交付: the progress a cadre reports for an item and a month. */
export const deliveryReports = pgTable(
  'delivery_reports',
  {
    id: id(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => deliveryItems.id),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    /** Cumulative progress: the value reached, or the number of milestones done. */
    progress: numeric('progress', { precision: 18, scale: 4 }).notNull(),
    account: text('account'),
    deadline: date('deadline').notNull(),
    late: boolean('late').notNull().default(false),
    submittedAt: ts('submitted_at').notNull(),
    submittedBy: actorRef('submitted_by'),
  },
  (t) => [
    uniqueIndex('delivery_reports_item_month_uq').on(t.itemId, t.year, t.month),
    check('delivery_reports_month_chk', sql`${t.month} between 1 and 12`),
  ],
);

/** 对账考察计划: secret until the officer starts it. */
export const deliveryPlans = pgTable(
  'delivery_plans',
  {
    id: id(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    /** The month whose reports are checked. */
    month: integer('month').notNull(),
    /** secret | started | completed */
    status: text('status').notNull().default('secret'),
    /** { rule, params, seed, candidates } — enough to replay the draw. */
    selection: jsonb('selection').notNull(),
    plannedOn: date('planned_on'),
    startedAt: ts('started_at'),
    startedBy: actorRef('started_by'),
    completedAt: ts('completed_at'),
    completedBy: actorRef('completed_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [check('delivery_plans_status_chk', sql`${t.status} in ('secret','started','completed')`)],
);

/** The items a plan checks (and so the cadres it visits). */
export const deliveryPlanItems = pgTable(
  'delivery_plan_items',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => deliveryPlans.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => deliveryItems.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
  },
  (t) => [
    uniqueIndex('delivery_plan_items_uq').on(t.planId, t.itemId),
    index('delivery_plan_items_cadre_idx').on(t.cadreId),
  ],
);

/** 现场核验: reported against verified, item by item. */
export const deliveryChecks = pgTable(
  'delivery_checks',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => deliveryPlans.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => deliveryItems.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    reportedValue: numeric('reported_value', { precision: 18, scale: 4 }),
    verifiedValue: numeric('verified_value', { precision: 18, scale: 4 }),
    /** true | lagging | ineffective | false_report (属实 / 进度滞后 / 成效不实 / 虚报) */
    verdict: text('verdict').notNull(),
    notes: sealedText('delivery_checks', 'notes'),
    checkedAt: ts('checked_at').notNull(),
    checkedBy: actorRef('checked_by'),
  },
  (t) => [
    uniqueIndex('delivery_checks_plan_item_uq').on(t.planId, t.itemId),
    check(
      'delivery_checks_verdict_chk',
      sql`${t.verdict} in ('true','lagging','ineffective','false_report')`,
    ),
  ],
);

/** 问题: a finding from a verdict other than 属实, through explanation and appeal to final. */
export const deliveryFindings = pgTable(
  'delivery_findings',
  {
    id: id(),
    checkId: uuid('check_id')
      .notNull()
      .references(() => deliveryChecks.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => deliveryPlans.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    kind: text('kind').notNull(),
    description: sealedText('delivery_findings', 'description').notNull(),
    /** explaining | explained | final | appealed | withdrawn */
    status: text('status').notNull().default('explaining'),
    explanationDue: date('explanation_due').notNull(),
    explanation: sealedText('delivery_findings', 'explanation'),
    explainedAt: ts('explained_at'),
    explainedBy: actorRef('explained_by'),
    response: sealedText('delivery_findings', 'response'),
    finalAt: ts('final_at'),
    finalBy: actorRef('final_by'),
    appeal: sealedText('delivery_findings', 'appeal'),
    appealedAt: ts('appealed_at'),
    appealedBy: actorRef('appealed_by'),
    /** upheld | overturned */
    appealDecision: text('appeal_decision'),
    appealReason: sealedText('delivery_findings', 'appeal_reason'),
    decidedAt: ts('decided_at'),
    decidedBy: actorRef('decided_by'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: actorRef('withdrawn_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('delivery_findings_check_uq').on(t.checkId),
    index('delivery_findings_cadre_idx').on(t.cadreId),
    check(
      'delivery_findings_status_chk',
      sql`${t.status} in ('explaining','explained','final','appealed','withdrawn')`,
    ),
  ],
);

/** 整改: the order that follows a final finding, until the officer's re-check closes it. */
export const deliveryRectifications = pgTable(
  'delivery_rectifications',
  {
    id: id(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => deliveryFindings.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    requirement: sealedText('delivery_rectifications', 'requirement').notNull(),
    deadline: date('deadline').notNull(),
    /** open | replied | closed | cancelled */
    status: text('status').notNull().default('open'),
    reply: sealedText('delivery_rectifications', 'reply'),
    repliedAt: ts('replied_at'),
    repliedBy: actorRef('replied_by'),
    recheckNote: sealedText('delivery_rectifications', 'recheck_note'),
    recheckedAt: ts('rechecked_at'),
    recheckedBy: actorRef('rechecked_by'),
    closedAt: ts('closed_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('delivery_rectifications_finding_uq').on(t.findingId),
    index('delivery_rectifications_unit_idx').on(t.unitId, t.status),
    check('delivery_rectifications_status_chk', sql`${t.status} in ('open','replied','closed','cancelled')`),
    check(
      'delivery_rectifications_closed_chk',
      sql`${t.status} <> 'closed' or (${t.recheckedBy} is not null and ${t.closedAt} is not null)`,
    ),
  ],
);
