import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, sealedText, ts, updatedAt } from './columns.ts';
import { orgCadres, orgUnits } from './org.ts';

/**
 * 现场考察活动: attendance at a unit's party committee meeting (列席党委(党组)会议), an emergency
 * or hard-task inspection (急难险重专项考察), or an event (实践破难挑战赛 / 实践真知上讲台).
 */
export const sceneActivities = pgTable(
  'scene_activities',
  {
    id: id(),
    /** meeting | emergency | event */
    kind: text('kind').notNull(),
    /** meeting: party_committee; emergency: flood_typhoon | project_push | other; event: challenge | lecture */
    subtype: text('subtype').notNull(),
    title: text('title').notNull(),
    /** The unit whose meeting was attended, or the lead unit of an inspection. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    place: text('place'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** meeting: [{ title, tag: policy | sanzhong_yida | other }] */
    agenda: jsonb('agenda').notNull().default(sql`'[]'::jsonb`),
    /** The stated dimensions observations are rated on (1–5), or an event's criteria with weights. */
    dimensions: jsonb('dimensions').notNull(),
    summary: text('summary'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('scene_activities_starts_idx').on(t.startsOn),
    check('scene_activities_kind_chk', sql`${t.kind} in ('meeting','emergency','event')`),
    check('scene_activities_dates_chk', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

/** One cadre's conduct as observed in an activity: ratings on the stated dimensions and notes. */
export const sceneObservations = pgTable(
  'scene_observations',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => sceneActivities.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** The cadre's unit at the time. */
    unitId: uuid('unit_id').references(() => orgUnits.id),
    /** { dimensionCode: 1–5 } */
    ratings: jsonb('ratings').notNull(),
    /** meeting: the stance taken and whether decisions followed the rules (三重一大). */
    stance: text('stance'),
    followedRules: text('followed_rules'),
    notes: sealedText('scene_observations', 'notes').notNull(),
    /** Notes and ratings reach the cadre only once a leader releases them. */
    releasedAt: ts('released_at'),
    releasedBy: actorRef('released_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('scene_observations_activity_cadre_uq').on(t.activityId, t.cadreId),
    index('scene_observations_cadre_idx').on(t.cadreId),
    check(
      'scene_observations_rules_chk',
      sql`${t.followedRules} is null or ${t.followedRules} in ('yes','partly','no')`,
    ),
  ],
);

/** An event judge's scores of one participant on the event's criteria. */
export const sceneScores = pgTable(
  'scene_scores',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => sceneActivities.id),
    /** How the judge is named on the score sheet (judges need no account). */
    judge: text('judge').notNull(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** { criterionCode: 0–100 } */
    scores: jsonb('scores').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [uniqueIndex('scene_scores_activity_judge_cadre_uq').on(t.activityId, t.judge, t.cadreId)],
);

/** 担当作为突出: a nomination from a record, confirmed or declined by the organization department. */
export const sceneNominations = pgTable(
  'scene_nominations',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => sceneActivities.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    reason: text('reason').notNull(),
    /** pending | confirmed | declined */
    status: text('status').notNull().default('pending'),
    decidedAt: ts('decided_at'),
    decidedBy: actorRef('decided_by'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('scene_nominations_activity_cadre_uq').on(t.activityId, t.cadreId),
    check('scene_nominations_status_chk', sql`${t.status} in ('pending','confirmed','declined')`),
  ],
);
