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
import { actorRef, createdAt, id, ts } from './columns.ts';
import { orgCadres, orgUnits } from './org.ts';

/**
 * 与个体成长同步解析 (module growth): each cadre's own contribution, separated from the unit (the
 * platform, 平台光环) and its resources, on measures taken per quarter. Quarters are written
 * `2026Q3`; history from before the platform can be imported.
 */

/** 职责锁定: the division of labour in force for a cadre at the start of a quarter, frozen. */
export const growthScopeLocks = pgTable(
  'growth_scope_locks',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    quarter: text('quarter').notNull(),
    /** The first day of the quarter: the day whose scope was frozen. */
    lockedOn: date('locked_on').notNull(),
    /** { responsibilities, keyTasks, taskItems } as they stood. */
    snapshot: jsonb('snapshot').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('growth_scope_locks_uq').on(t.cadreId, t.quarter)],
);

/** A dated change of a locked scope: a new division version that touched the cadre. */
export const growthScopeAmendments = pgTable(
  'growth_scope_amendments',
  {
    id: id(),
    lockId: uuid('lock_id')
      .notNull()
      .references(() => growthScopeLocks.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    effectiveOn: date('effective_on').notNull(),
    /** The division version (or appointment) that made the change. */
    sourceKey: text('source_key').notNull(),
    added: jsonb('added').notNull(),
    removed: jsonb('removed').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('growth_scope_amendments_uq').on(t.lockId, t.sourceKey)],
);

/**
 * 贡献份额申报: the lead unit's declaration of each cadre's part in a shared key task; the cadres
 * concerned may object; an officer verifies or corrects it (never the declaring unit).
 */
export const growthShareDeclarations = pgTable(
  'growth_share_declarations',
  {
    id: id(),
    /** keywork_task */
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** declared | verified */
    status: text('status').notNull().default('declared'),
    declaredAt: ts('declared_at').notNull(),
    declaredBy: actorRef('declared_by'),
    verifiedAt: ts('verified_at'),
    verifiedBy: actorRef('verified_by'),
    verifyNote: text('verify_note'),
  },
  (t) => [
    uniqueIndex('growth_share_declarations_subject_uq').on(t.subjectType, t.subjectId),
    check('growth_share_declarations_status_chk', sql`${t.status} in ('declared','verified')`),
  ],
);

export const growthShares = pgTable(
  'growth_shares',
  {
    id: id(),
    declarationId: uuid('declaration_id')
      .notNull()
      .references(() => growthShareDeclarations.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    role: text('role').notNull(),
    declaredPct: numeric('declared_pct', { precision: 5, scale: 2 }).notNull(),
    verifiedPct: numeric('verified_pct', { precision: 5, scale: 2 }),
    /** Why the officer changed the declared share. */
    correction: text('correction'),
    objection: text('objection'),
    objectedAt: ts('objected_at'),
    objectedBy: actorRef('objected_by'),
  },
  (t) => [
    uniqueIndex('growth_shares_uq').on(t.declarationId, t.cadreId),
    check('growth_shares_pct_chk', sql`${t.declaredPct} between 0 and 100`),
  ],
);

/** One outcome measure of a cadre in a quarter (0–100 before standardising), with its records. */
export const growthMeasures = pgTable(
  'growth_measures',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** The unit the cadre served in that quarter (the platform of the result). */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    quarter: text('quarter').notNull(),
    /** delivery | keywork | kpi | conduct | opinion | annual */
    measure: text('measure').notNull(),
    value: numeric('value', { precision: 8, scale: 3 }).notNull(),
    /** platform (computed from the records below) | import (history) */
    source: text('source').notNull(),
    /** The records the value came from: [{ type, id, label }]. */
    trace: jsonb('trace').notNull(),
    importBatchId: uuid('import_batch_id'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('growth_measures_uq').on(t.cadreId, t.quarter, t.measure),
    index('growth_measures_quarter_idx').on(t.quarter, t.measure),
  ],
);

/** 外部资源加持: a unit's resources and conditions in a year. */
export const growthResources = pgTable(
  'growth_resources',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    year: integer('year').notNull(),
    /** 编制 and 实有 posts. */
    postsBudgeted: integer('posts_budgeted').notNull(),
    postsFilled: integer('posts_filled').notNull(),
    /** 万元 */
    budget: numeric('budget', { precision: 14, scale: 2 }).notNull(),
    investment: numeric('investment', { precision: 14, scale: 2 }).notNull(),
    /** The region's economic base, an index (the county = 100). */
    economicBase: numeric('economic_base', { precision: 8, scale: 2 }).notNull(),
    importBatchId: uuid('import_batch_id'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('growth_resources_uq').on(t.unitId, t.year)],
);

/**
 * One analysis: every measure's model fitted over all quarters up to `quarter`, frozen with its
 * data counts and diagnostics, so every figure shown can be traced to the fit that made it.
 */
export const growthRuns = pgTable('growth_runs', {
  id: id(),
  quarter: text('quarter').notNull(),
  /** The weights and rule versions used: { weightsVersion, ruleVersion }. */
  versions: jsonb('versions').notNull(),
  /** Per measure: formula, counts, variance components, fixed effects, diagnostics. */
  models: jsonb('models').notNull(),
  createdAt: createdAt(),
  createdBy: actorRef('created_by'),
});

/** A cadre's result in a run: the decomposition per measure, the composite, growth and potential. */
export const growthResults = pgTable(
  'growth_results',
  {
    id: id(),
    runId: uuid('run_id')
      .notNull()
      .references(() => growthRuns.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    identified: boolean('identified').notNull(),
    /** Composite own contribution (standardised units) and its standard error; null when unidentified. */
    composite: numeric('composite', { precision: 10, scale: 4 }),
    compositeSe: numeric('composite_se', { precision: 10, scale: 4 }),
    /** Compared with colleagues in the same unit, for the unidentified. */
    withinUnit: numeric('within_unit', { precision: 10, scale: 4 }),
    /** { measure: { raw, platform, resources, own, ownSe, n } } */
    parts: jsonb('parts').notNull(),
    /** { slope, slopeSe, percentile, projected, projectedSe, quarters: [{ quarter, own }] } */
    growth: jsonb('growth').notNull(),
  },
  (t) => [
    uniqueIndex('growth_results_uq').on(t.runId, t.cadreId),
    index('growth_results_cadre_idx').on(t.cadreId),
  ],
);

/** Versioned settings: composite weights per role type, and the rule for outstanding cadres. */
export const growthSettings = pgTable(
  'growth_settings',
  {
    id: id(),
    /** weights | outstanding */
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    params: jsonb('params').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('growth_settings_uq').on(t.kind, t.version)],
);

/** A quarter's results released to the cadres (each sees only their own). */
export const growthReleases = pgTable(
  'growth_releases',
  {
    id: id(),
    quarter: text('quarter').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => growthRuns.id),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('growth_releases_uq').on(t.quarter)],
);

/** 脱颖而出: a cadre the year's rule found outstanding, with the reasons; confirmed or declined by a leader. */
export const growthOutstanding = pgTable(
  'growth_outstanding',
  {
    id: id(),
    year: integer('year').notNull(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    runId: uuid('run_id')
      .notNull()
      .references(() => growthRuns.id),
    ruleVersion: integer('rule_version').notNull(),
    /** The probability that the cadre truly is in the top band. */
    probability: numeric('probability', { precision: 5, scale: 4 }).notNull(),
    /** [{ text, evidence: [{ type, id, label }] }] */
    reasons: jsonb('reasons').notNull(),
    /** proposed | confirmed | declined */
    status: text('status').notNull().default('proposed'),
    decidedAt: ts('decided_at'),
    decidedBy: actorRef('decided_by'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('growth_outstanding_uq').on(t.year, t.cadreId),
    check('growth_outstanding_status_chk', sql`${t.status} in ('proposed','confirmed','declined')`),
  ],
);
