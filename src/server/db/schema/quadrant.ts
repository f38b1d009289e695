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
import { growthRuns } from './growth.ts';
import { orgAppointments, orgCadres, orgUnits } from './org.ts';

/**
 * 实绩象限 and 季度微调 (module quadrant): each cadre placed per quarter on 实绩贡献 × 政绩观 with the
 * probability of each zone; candidates with their reasons; personnel decisions from draft to
 * effect, which change the registry in the transaction that makes them effective.
 */

/** Versioned settings: thresholds, the 政绩观 weights, the rule of 长期处于, the jurisdiction. */
export const quadrantSettings = pgTable(
  'quadrant_settings',
  {
    id: id(),
    version: integer('version').notNull(),
    params: jsonb('params').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('quadrant_settings_uq').on(t.version)],
);

/** A cadre's place in a quarter, computed from that quarter's growth run and the evidence. */
export const quadrantPlacements = pgTable(
  'quadrant_placements',
  {
    id: id(),
    quarter: text('quarter').notNull(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    runId: uuid('run_id')
      .notNull()
      .references(() => growthRuns.id),
    settingsVersion: integer('settings_version').notNull(),
    identified: boolean('identified').notNull(),
    contribution: numeric('contribution', { precision: 10, scale: 4 }).notNull(),
    contributionSe: numeric('contribution_se', { precision: 10, scale: 4 }).notNull(),
    view: numeric('view', { precision: 10, scale: 4 }).notNull(),
    viewSe: numeric('view_se', { precision: 10, scale: 4 }).notNull(),
    deviations: integer('deviations').notNull(),
    /** { high, mixedView, mixedContribution, low } */
    probabilities: jsonb('probabilities').notNull(),
    zone: text('zone').notNull(),
    /** { contribution: [{ measure, own, ownSe, weight }], view: [{ part, value, se, weight, records }] } */
    evidence: jsonb('evidence').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('quadrant_placements_uq').on(t.quarter, t.cadreId),
    index('quadrant_placements_cadre_idx').on(t.cadreId),
    check('quadrant_placements_zone_chk', sql`${t.zone} in ('high','mixedView','mixedContribution','low')`),
  ],
);

/** A quarter released by a leader: each cadre sees their own zone history up to it. */
export const quadrantReleases = pgTable(
  'quadrant_releases',
  {
    id: id(),
    quarter: text('quarter').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('quadrant_releases_uq').on(t.quarter)],
);

/** A candidate the quarter's computation lists, with its reasons and what is unsure. */
export const quadrantRecommendations = pgTable(
  'quadrant_recommendations',
  {
    id: id(),
    quarter: text('quarter').notNull(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** promote | adjust */
    kind: text('kind').notNull(),
    run: integer('run').notNull(),
    probability: numeric('probability', { precision: 5, scale: 4 }).notNull(),
    /** [{ text, evidence: [{ type, id, label, link }] }] */
    reasons: jsonb('reasons').notNull(),
    unsure: jsonb('unsure').notNull(),
    /** open | drafted | dismissed */
    status: text('status').notNull().default('open'),
    /** 不予采纳: when, by whom and why (set with status dismissed). */
    dismissedAt: ts('dismissed_at'),
    dismissedBy: actorRef('dismissed_by'),
    dismissedReason: text('dismissed_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('quadrant_recommendations_uq').on(t.quarter, t.cadreId, t.kind),
    check('quadrant_recommendations_kind_chk', sql`${t.kind} in ('promote','adjust')`),
    check('quadrant_recommendations_status_chk', sql`${t.status} in ('open','drafted','dismissed')`),
  ],
);

/**
 * A personnel decision: drafted by an officer, adopted by the 部务会 (a leader records it), made
 * effective with the deciding body and its 任免文号. Promotions carry the checks of 凡提四必 and the
 * 任前公示; adjustments and moves down the 谈心谈话 and the cadre's 说明 with the decision's answer.
 */
export const quadrantDecisions = pgTable(
  'quadrant_decisions',
  {
    id: id(),
    recommendationId: uuid('recommendation_id').references(() => quadrantRecommendations.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    quarter: text('quarter').notNull(),
    /** promote | rank_up | prioritize | transfer | dismiss | demote | non_leading */
    kind: text('kind').notNull(),
    /** draft | adopted | publicity | effective | withdrawn */
    status: text('status').notNull().default('draft'),
    /** The placement after the decision: { unitId, post, teamPlace, rankCode }. */
    target: jsonb('target').notNull(),
    reasons: text('reasons').notNull(),
    /** [{ type, id, label, link }] */
    evidence: jsonb('evidence').notNull(),
    /** [{ kind, result, note, files: [{ id, name, sm3 }], recordedAt, recordedBy }] — 凡提四必. */
    checks: jsonb('checks').notNull().default(sql`'[]'::jsonb`),
    petitionRaised: boolean('petition_raised').notNull().default(false),
    publicityFrom: date('publicity_from'),
    publicityUntil: date('publicity_until'),
    /** [{ id, text, source, recordedAt, recordedBy, result, handling, handledAt, handledBy }] */
    objections: jsonb('objections').notNull().default(sql`'[]'::jsonb`),
    talkOn: date('talk_on'),
    talkBy: text('talk_by'),
    talkNote: text('talk_note'),
    /** The cadre's written 说明 (its gist; the signed document in `statementFiles`), and the decision's answer to it. */
    statement: text('statement'),
    /** [{ id, name, sm3 }]: evidence files (owner quadrant_decision) of the signed 说明. */
    statementFiles: jsonb('statement_files').notNull().default(sql`'[]'::jsonb`),
    answer: text('answer'),
    draftedAt: ts('drafted_at').notNull(),
    draftedBy: actorRef('drafted_by'),
    adoptedAt: ts('adopted_at'),
    adoptedBy: actorRef('adopted_by'),
    /** 部务会: the meeting that adopted it. */
    meeting: text('meeting'),
    body: text('body'),
    docNo: text('doc_no'),
    effectiveOn: date('effective_on'),
    decidedAt: ts('decided_at'),
    decidedBy: actorRef('decided_by'),
    appointmentId: uuid('appointment_id').references(() => orgAppointments.id),
    withdrawnReason: text('withdrawn_reason'),
    /** Why a promotion ended: a substantiated objection during 任前公示. */
    terminatedReason: text('terminated_reason'),
  },
  (t) => [
    index('quadrant_decisions_cadre_idx').on(t.cadreId),
    index('quadrant_decisions_quarter_idx').on(t.quarter),
    check(
      'quadrant_decisions_kind_chk',
      sql`${t.kind} in ('promote','rank_up','prioritize','transfer','dismiss','demote','non_leading')`,
    ),
    check(
      'quadrant_decisions_status_chk',
      sql`${t.status} in ('draft','adopted','publicity','effective','withdrawn','terminated')`,
    ),
    check(
      'quadrant_decisions_effective_chk',
      sql`${t.status} <> 'effective' or (${t.body} is not null and ${t.docNo} is not null and ${t.effectiveOn} is not null and ${t.decidedBy} is not null)`,
    ),
  ],
);
