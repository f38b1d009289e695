import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
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
import { importBatches } from './imports.ts';
import { orgCadres, orgRegions, orgUnits } from './org.ts';

/**
 * 经济指标目录: what each indicator means, how often it is counted, which way is better, and
 * which department (发改局, 统计局, 财政局 …, a 数据部门 dictionary name) provides it.
 */
export const economyIndicators = pgTable(
  'economy_indicators',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    definition: text('definition').notNull().default(''),
    unit: text('unit').notNull(),
    /** month | quarter | year */
    frequency: text('frequency').notNull(),
    /** up | down */
    direction: text('direction').notNull(),
    /** amount | count | rate | index */
    kind: text('kind').notNull(),
    department: text('department').notNull(),
    /** The 领域 through which the indicator reaches the cadres responsible for it. */
    domain: text('domain'),
    core: boolean('core').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('economy_indicators_code_uq').on(t.code),
    index('economy_indicators_department_idx').on(t.department),
    check('economy_indicators_frequency_chk', sql`${t.frequency} in ('month','quarter','year')`),
    check('economy_indicators_direction_chk', sql`${t.direction} in ('up','down')`),
    check('economy_indicators_kind_chk', sql`${t.kind} in ('amount','count','rate','index')`),
  ],
);

/**
 * The current value of an indicator for one region or unit and one period. A changed delivery
 * raises `revision` and leaves the previous value in economy_value_revisions.
 */
export const economyValues = pgTable(
  'economy_values',
  {
    id: id(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => economyIndicators.id),
    regionId: uuid('region_id').references(() => orgRegions.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** 'region:<id>' or 'unit:<id>': one key for the unique index. */
    scopeKey: text('scope_key').notNull(),
    period: text('period').notNull(),
    /** For ordering and windows: consecutive periods of one frequency have consecutive numbers. */
    periodIndex: integer('period_index').notNull(),
    value: numeric('value', { precision: 20, scale: 6, mode: 'number' }).notNull(),
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('economy_values_uq').on(t.indicatorId, t.scopeKey, t.period),
    index('economy_values_scope_idx').on(t.scopeKey, t.indicatorId, t.periodIndex),
    check('economy_values_scope_chk', sql`(${t.regionId} is null) <> (${t.unitId} is null)`),
  ],
);

/** Every delivery that set or changed a value: the value, the one before, who sent it and how. */
export const economyValueRevisions = pgTable(
  'economy_value_revisions',
  {
    id: id(),
    valueId: uuid('value_id')
      .notNull()
      .references(() => economyValues.id),
    revision: integer('revision').notNull(),
    value: numeric('value', { precision: 20, scale: 6, mode: 'number' }).notNull(),
    previousValue: numeric('previous_value', { precision: 20, scale: 6, mode: 'number' }),
    /** upload | api | seed */
    via: text('via').notNull(),
    sentBy: actorRef('sent_by'),
    apiKeyId: uuid('api_key_id').references(() => economyApiKeys.id),
    importBatchId: uuid('import_batch_id').references(() => importBatches.id),
    department: text('department'),
    sentAt: createdAt(),
  },
  (t) => [
    uniqueIndex('economy_value_revisions_uq').on(t.valueId, t.revision),
    check('economy_value_revisions_via_chk', sql`${t.via} in ('upload','api','seed')`),
  ],
);

/** 年度目标 of an indicator in a region, drawn as the target line. */
export const economyTargets = pgTable(
  'economy_targets',
  {
    id: id(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => economyIndicators.id),
    regionId: uuid('region_id')
      .notNull()
      .references(() => orgRegions.id),
    year: integer('year').notNull(),
    value: numeric('value', { precision: 20, scale: 6, mode: 'number' }).notNull(),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [uniqueIndex('economy_targets_uq').on(t.indicatorId, t.regionId, t.year)],
);

/** A department's key for the REST feed: only its SM3 is kept; the key is shown once. */
export const economyApiKeys = pgTable(
  'economy_api_keys',
  {
    id: id(),
    department: text('department').notNull(),
    label: text('label').notNull(),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: actorRef('revoked_by'),
  },
  (t) => [uniqueIndex('economy_api_keys_hash_uq').on(t.keyHash)],
);

/**
 * 差异化评价标准: a role type's KPI. A change is a new version (same key); the old one is
 * superseded, never overwritten.
 */
export const economyKpis = pgTable(
  'economy_kpis',
  {
    id: id(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    roleType: text('role_type').notNull(),
    name: text('name').notNull(),
    /** ratio | change | level */
    formula: text('formula').notNull(),
    numeratorId: uuid('numerator_id')
      .notNull()
      .references(() => economyIndicators.id),
    denominatorId: uuid('denominator_id').references(() => economyIndicators.id),
    window: integer('window').notNull().default(1),
    lag: integer('lag').notNull().default(0),
    percent: boolean('percent').notNull().default(false),
    direction: text('direction').notNull(),
    target: doublePrecision('target').notNull(),
    weight: doublePrecision('weight').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    supersededAt: ts('superseded_at'),
    supersededBy: actorRef('superseded_by'),
  },
  (t) => [
    uniqueIndex('economy_kpis_key_version_uq').on(t.key, t.version),
    check('economy_kpis_formula_chk', sql`${t.formula} in ('ratio','change','level')`),
  ],
);

/** 预警规则: one version of an anomaly rule; a change is a new version with the same key. */
export const economyRules = pgTable(
  'economy_rules',
  {
    id: id(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    /** quantity_quality | growth_efficiency | crosscheck | jump | benford */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    primaryId: uuid('primary_id').references(() => economyIndicators.id),
    secondaryId: uuid('secondary_id').references(() => economyIndicators.id),
    department: text('department'),
    periods: integer('periods').notNull(),
    minRise: doublePrecision('min_rise').notNull().default(0),
    minFall: doublePrecision('min_fall').notNull().default(0),
    threshold: doublePrecision('threshold').notNull().default(0),
    fdr: doublePrecision('fdr').notNull().default(0.05),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    supersededAt: ts('superseded_at'),
    supersededBy: actorRef('superseded_by'),
  },
  (t) => [
    uniqueIndex('economy_rules_key_version_uq').on(t.key, t.version),
    check(
      'economy_rules_kind_chk',
      sql`${t.kind} in ('quantity_quality','growth_efficiency','crosscheck','jump','benford')`,
    ),
  ],
);

/**
 * 问题预警: one rule hit with the figures that triggered it. `hitKey` (rule key, scope, the
 * first period of the run) makes a hit raise one alert however often the rules are evaluated.
 */
export const economyAlerts = pgTable(
  'economy_alerts',
  {
    id: id(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => economyRules.id),
    hitKey: text('hit_key').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    regionId: uuid('region_id').references(() => orgRegions.id),
    department: text('department'),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** [{ indicatorId, indicator, unit, period, value, change, valueId, revision }] */
    figures: jsonb('figures').notNull(),
    pValue: doublePrecision('p_value'),
    qValue: doublePrecision('q_value'),
    /** AlertBasis: the statistics the alert was raised on (method, family, digits, unit values), frozen. */
    basis: jsonb('basis'),
    /** AlertNote[]: what later evaluations found (an alert is never changed by them). */
    notes: jsonb('notes').notNull().default([]),
    /** open | dismissed | escalated */
    status: text('status').notNull().default('open'),
    decidedAt: ts('decided_at'),
    decidedBy: actorRef('decided_by'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('economy_alerts_hit_uq').on(t.hitKey),
    index('economy_alerts_status_idx').on(t.status, t.createdAt),
    check('economy_alerts_status_chk', sql`${t.status} in ('open','dismissed','escalated')`),
  ],
);

/** The cadres an alert reaches through the division of labour, as it stood in the alert's period. */
export const economyAlertCadres = pgTable(
  'economy_alert_cadres',
  {
    id: id(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => economyAlerts.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** The division version and domain that tie the cadre to the figures. */
    basis: text('basis').notNull(),
  },
  (t) => [uniqueIndex('economy_alert_cadres_uq').on(t.alertId, t.cadreId)],
);

/** 约谈: who was interviewed, when, why, what they said, what was agreed and whether it was done. */
export const economyInterviews = pgTable(
  'economy_interviews',
  {
    id: id(),
    alertId: uuid('alert_id').references(() => economyAlerts.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    interviewedOn: date('interviewed_on').notNull(),
    interviewers: text('interviewers').notNull(),
    issue: sealedText('economy_interviews', 'issue').notNull(),
    cadreAccount: sealedText('economy_interviews', 'cadre_account').notNull().default(''),
    followUp: sealedText('economy_interviews', 'follow_up').notNull(),
    followUpDue: date('follow_up_due').notNull(),
    /** done | not_done once checked */
    checkResult: text('check_result'),
    checkNote: sealedText('economy_interviews', 'check_note'),
    checkedAt: ts('checked_at'),
    checkedBy: actorRef('checked_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    index('economy_interviews_cadre_idx').on(t.cadreId),
    index('economy_interviews_alert_idx').on(t.alertId),
    check(
      'economy_interviews_check_chk',
      sql`${t.checkResult} is null or ${t.checkResult} in ('done','not_done')`,
    ),
  ],
);
