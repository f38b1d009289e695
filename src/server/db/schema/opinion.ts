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
import { orgCadres, orgRegions, orgUnits } from './org.ts';

/** 包联走访: one visit of an organization-department leader to a unit of the liaison group. */
export const opinionVisits = pgTable(
  'opinion_visits',
  {
    id: id(),
    /** The leader (a cadre of the registry who leads a liaison group). */
    leaderCadreId: uuid('leader_cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    visitDate: date('visit_date').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    hours: numeric('hours', { precision: 5, scale: 1 }).notNull(),
    /** Whom they met. */
    met: text('met').notNull(),
    /** What they learned. */
    learned: text('learned').notNull(),
    /** Cadres the visit concerns (linked to their timeline). */
    cadreIds: uuid('cadre_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** A visit is never deleted; a withdrawn one stops counting. */
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: actorRef('withdrawn_by'),
    withdrawReason: text('withdraw_reason'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('opinion_visits_leader_date_idx').on(t.leaderCadreId, t.visitDate),
    check('opinion_visits_hours_chk', sql`${t.hours} > 0 and ${t.hours} <= 24`),
  ],
);

/** 测评: one evaluation round over a scope of cadres, with its questionnaire and rater groups. */
export const opinionCampaigns = pgTable(
  'opinion_campaigns',
  {
    id: id(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    /** The round's number within the year (1, 2, …). */
    round: integer('round').notNull(),
    /** draft | open | closed */
    status: text('status').notNull().default('draft'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    /** { dimensions: [{ code, name, weight, items: [{ code, text }] }], scale: { min, max, labels }, freeText } */
    questionnaire: jsonb('questionnaire').notNull(),
    /** The rater groups used and their weights: [{ group, weight }]. */
    groups: jsonb('groups').notNull(),
    /** At most this many one-time public codes (现场评价码) may be issued for the round. */
    publicQuota: integer('public_quota').notNull().default(2000),
    openedAt: ts('opened_at'),
    openedBy: actorRef('opened_by'),
    closedAt: ts('closed_at'),
    closedBy: actorRef('closed_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('opinion_campaigns_year_round_uq').on(t.year, t.round),
    check('opinion_campaigns_status_chk', sql`${t.status} in ('draft','open','closed')`),
  ],
);

/** The cadres a campaign evaluates, with their unit at the time. */
export const opinionCampaignCadres = pgTable(
  'opinion_campaign_cadres',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
  },
  (t) => [uniqueIndex('opinion_campaign_cadres_uq').on(t.campaignId, t.cadreId)],
);

/**
 * 评价链接: who may vote — one personal link per rater (one-time token, only its hash kept) or one
 * public link per unit or region. This is the table of who has voted; it has no link to a ballot.
 */
export const opinionLinks = pgTable(
  'opinion_links',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    /** personal | public */
    kind: text('kind').notNull(),
    /** superior | peer | subordinate | public | service */
    raterGroup: text('rater_group').notNull(),
    /** SM3 of the token; null until the link is issued (a personal link's token is shown once). */
    tokenHash: text('token_hash'),
    /** For public links: the code in the public address (not secret). */
    publicCode: text('public_code'),
    /** How the slip names the rater (a registry cadre, or a line of an uploaded list). */
    raterLabel: text('rater_label'),
    raterCadreId: uuid('rater_cadre_id').references(() => orgCadres.id),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    regionId: uuid('region_id').references(() => orgRegions.id),
    /** The cadres this link rates. */
    cadreIds: uuid('cadre_ids').array().notNull(),
    issuedAt: ts('issued_at'),
    issuedBy: actorRef('issued_by'),
    /** How many times it was (re)issued; a reissue replaces the token. */
    issueCount: integer('issue_count').notNull().default(0),
    /** The day only: ballots carry no time, and neither does the mark that a link was used. */
    usedOn: date('used_on'),
    revokedAt: ts('revoked_at'),
    revokedBy: actorRef('revoked_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('opinion_links_token_uq').on(t.tokenHash),
    uniqueIndex('opinion_links_public_code_uq').on(t.publicCode),
    index('opinion_links_campaign_idx').on(t.campaignId, t.raterGroup),
    check('opinion_links_kind_chk', sql`${t.kind} in ('personal','public')`),
    check(
      'opinion_links_group_chk',
      sql`${t.raterGroup} in ('superior','peer','subordinate','public','service')`,
    ),
  ],
);

/**
 * 选票: one rater's answers about one cadre. No rater, no link, no time finer than the day. Rows are
 * written by the flush job in shuffled batches of several submissions, never in the transaction
 * that spent a link. The ballots of one submission share a random `submission_key` tied to no
 * identity only where at least 5 submissions of the round rated the same set of cadres (`linked`);
 * elsewhere the set would name the rater, so each ballot gets a key of its own.
 */
export const opinionBallots = pgTable(
  'opinion_ballots',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    raterGroup: text('rater_group').notNull(),
    submissionKey: uuid('submission_key').notNull(),
    /** { itemCode: score } */
    answers: jsonb('answers').notNull(),
    /** The day the batch was stored. */
    submittedOn: date('submitted_on').notNull(),
    /** Whether `submission_key` groups one rater's ballots (see above). */
    linked: boolean('linked').notNull().default(true),
  },
  (t) => [
    index('opinion_ballots_campaign_cadre_idx').on(t.campaignId, t.cadreId, t.raterGroup),
    uniqueIndex('opinion_ballots_submission_cadre_uq').on(t.submissionKey, t.cadreId),
  ],
);

/**
 * Submissions accepted but not yet stored as ballots: sealed with the master key (kept outside the
 * database), so that the row written in the transaction that spent the link tells nothing. The flush
 * job opens them and stores them in shuffled batches, then deletes them. No time column.
 */
export const opinionBallotQueue = pgTable(
  'opinion_ballot_queue',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    sealed: text('sealed').notNull(),
  },
  (t) => [index('opinion_ballot_queue_campaign_idx').on(t.campaignId)],
);

/**
 * How many submissions of a round rated each set of cadres (the SM3 of the sorted set): the flush
 * job keeps a submission's key only when its set reaches 5.
 */
export const opinionSubmissionSets = pgTable(
  'opinion_submission_sets',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    setHash: text('set_hash').notNull(),
    submissions: integer('submissions').notNull(),
  },
  (t) => [uniqueIndex('opinion_submission_sets_uq').on(t.campaignId, t.setHash)],
);

/**
 * 现场评价码: one-time codes for a public link, printed on tear-off cards handed out at a hall
 * session. A public ballot needs one, so that neither a dropped cookie nor a script adds ballots.
 * Only the SM3 of a code is kept; `usedOn` is the day only.
 */
export const opinionPublicCodes = pgTable(
  'opinion_public_codes',
  {
    id: id(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => opinionLinks.id),
    codeHash: text('code_hash').notNull(),
    usedOn: date('used_on'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('opinion_public_codes_hash_uq').on(t.codeHash),
    index('opinion_public_codes_link_idx').on(t.linkId),
  ],
);

/** 评价内容条目: a free-text entry of a ballot, tagged by theme by officers. */
export const opinionEntries = pgTable(
  'opinion_entries',
  {
    id: id(),
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => opinionBallots.id),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    raterGroup: text('rater_group').notNull(),
    text: sealedText('opinion_entries', 'text').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    taggedAt: ts('tagged_at'),
    taggedBy: actorRef('tagged_by'),
  },
  (t) => [index('opinion_entries_campaign_cadre_idx').on(t.campaignId, t.cadreId)],
);

/** 口碑档案: one cadre's figures of one round, frozen when the round closes and kept forever. */
export const opinionProfiles = pgTable(
  'opinion_profiles',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** The figures as `CadreResult` (only what may be shown), with the trace counts. */
    data: jsonb('data').notNull(),
    overall: numeric('overall', { precision: 6, scale: 2 }),
    ballots: integer('ballots').notNull(),
    /** Whether the figures could be shown at all (too few ballots: none). */
    shown: boolean('shown').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('opinion_profiles_campaign_cadre_uq').on(t.campaignId, t.cadreId)],
);
