import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts, updatedAt } from './columns.ts';

/** 区域: the jurisdiction itself and each town or street. */
export const orgRegions = pgTable(
  'org_regions',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** jurisdiction | town | street */
    kind: text('kind').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('org_regions_code_uq').on(t.code),
    check('org_regions_kind_chk', sql`${t.kind} in ('jurisdiction','town','street')`),
  ],
);

/** 字典: ranks, role types, domains, tags, data departments — managed by the organization department. */
export const orgDictItems = pgTable(
  'org_dict_items',
  {
    id: id(),
    /** rank | role_type | domain | tag | department */
    kind: text('kind').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('org_dict_items_kind_code_uq').on(t.kind, t.code),
    uniqueIndex('org_dict_items_kind_name_uq').on(t.kind, t.name),
    check('org_dict_items_kind_chk', sql`${t.kind} in ('rank','role_type','domain','tag','department')`),
  ],
);

/** 编组: a liaison group of units, led by one organization-department leader (包联). */
export const orgLiaisonGroups = pgTable(
  'org_liaison_groups',
  {
    id: id(),
    name: text('name').notNull(),
    /** The leader's cadre record (a 部务会成员 in the organization department). */
    leaderCadreId: uuid('leader_cadre_id').references((): AnyPgColumn => orgCadres.id),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [uniqueIndex('org_liaison_groups_name_uq').on(t.name)],
);

/** 单位: departments, towns and streets, state enterprises. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    /** department | town | street | soe | other */
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id),
    regionId: uuid('region_id')
      .notNull()
      .references(() => orgRegions.id),
    liaisonGroupId: uuid('liaison_group_id').references(() => orgLiaisonGroups.id),
    sort: integer('sort').notNull().default(0),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('org_units_code_uq').on(t.code),
    uniqueIndex('org_units_name_uq').on(t.name),
    index('org_units_group_idx').on(t.liaisonGroupId),
    check('org_units_kind_chk', sql`${t.kind} in ('department','town','street','soe','other')`),
    check('org_units_status_chk', sql`${t.status} in ('active','abolished')`),
  ],
);

/**
 * 干部: a leading cadre. The current placement (unit, post, team place, rank, role type) mirrors
 * the open appointment; the history is in org_appointments.
 */
export const orgCadres = pgTable(
  'org_cadres',
  {
    id: id(),
    /** 人员编号 — the natural key of imports. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    sex: text('sex').notNull(),
    birthYear: integer('birth_year').notNull(),
    birthMonth: integer('birth_month'),
    ethnicity: text('ethnicity'),
    education: text('education'),
    /** 简历, as in the 任免审批表. */
    resume: text('resume'),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    post: text('post'),
    /** 正职 | 副职 | 成员 */
    teamPlace: text('team_place'),
    rankCode: text('rank_code'),
    roleTypeCode: text('role_type_code'),
    young: boolean('young').notNull().default(false),
    /** active | retired | left */
    status: text('status').notNull().default('active'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The list's default order — the unit's 排序 and name, then 正职, 副职, others — kept on the
     * cadre by database triggers (the cadre's unit or team place changes, a unit is renamed or
     * re-sorted), so that the first page of the cadre list is read from an index in that order.
     */
    unitSort: integer('unit_sort'),
    unitName: text('unit_name'),
    /** 0 正职, 1 副职, 2 others. */
    placeRank: smallint('place_rank').notNull().default(2),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('org_cadres_code_uq').on(t.code),
    index('org_cadres_unit_idx').on(t.unitId),
    index('org_cadres_name_idx').on(t.name),
    index('org_cadres_list_order_idx').on(t.status, t.unitSort, t.unitName, t.placeRank, t.name, t.id),
    check('org_cadres_sex_chk', sql`${t.sex} in ('男','女')`),
    check(
      'org_cadres_team_place_chk',
      sql`${t.teamPlace} is null or ${t.teamPlace} in ('正职','副职','成员')`,
    ),
    check('org_cadres_status_chk', sql`${t.status} in ('active','retired','left')`),
    check(
      'org_cadres_birth_chk',
      sql`${t.birthYear} between 1940 and 2010 and (${t.birthMonth} is null or ${t.birthMonth} between 1 and 12)`,
    ),
  ],
);

/** 任免: appointment history. A transfer closes one row and opens the next; rows are never deleted. */
export const orgAppointments = pgTable(
  'org_appointments',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** appoint | transfer | promote | demote | retire | leave */
    kind: text('kind').notNull(),
    unitId: uuid('unit_id').references(() => orgUnits.id),
    post: text('post'),
    teamPlace: text('team_place'),
    rankCode: text('rank_code'),
    roleTypeCode: text('role_type_code'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    docNo: text('doc_no'),
    note: text('note'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    index('org_appointments_cadre_idx').on(t.cadreId, t.startsOn),
    index('org_appointments_unit_idx').on(t.unitId),
    check(
      'org_appointments_kind_chk',
      sql`${t.kind} in ('appoint','transfer','promote','demote','retire','leave')`,
    ),
    check('org_appointments_dates_chk', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** 班子分工: one effective-dated version of a unit's division of labour. Never overwritten. */
export const orgDivisions = pgTable(
  'org_divisions',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => orgUnits.id),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    /** 分工文件文号 */
    docNo: text('doc_no'),
    reason: text('reason'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('org_divisions_unit_version_uq').on(t.unitId, t.version),
    index('org_divisions_unit_from_idx').on(t.unitId, t.effectiveFrom),
    // The current version of every unit (`distinct on (unit_id) … order by unit_id, effective_from
    // desc, version desc`, read by each page of the cadre list) straight from the index, unsorted.
    index('org_divisions_current_idx').on(
      t.unitId,
      t.effectiveFrom.desc().nullsFirst(),
      t.version.desc().nullsFirst(),
    ),
  ],
);

/** One cadre's part in a division version: their duties in words. */
export const orgDivisionMembers = pgTable(
  'org_division_members',
  {
    id: id(),
    divisionId: uuid('division_id')
      .notNull()
      .references(() => orgDivisions.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    duties: text('duties'),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('org_division_members_uq').on(t.divisionId, t.cadreId)],
);

/**
 * What a cadre is responsible for in a division version: a domain, a region, and later an
 * indicator or a task (later modules add kinds).
 */
export const orgDivisionScopes = pgTable(
  'org_division_scopes',
  {
    id: id(),
    divisionId: uuid('division_id')
      .notNull()
      .references(() => orgDivisions.id),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    /** domain | region | indicator | task */
    kind: text('kind').notNull(),
    /** The domain's code, or the region's / indicator's / task's id. */
    ref: text('ref').notNull(),
    /** 主要负责 (lead) or 协助 (assist). */
    lead: boolean('lead').notNull().default(true),
  },
  (t) => [
    uniqueIndex('org_division_scopes_uq').on(t.divisionId, t.cadreId, t.kind, t.ref),
    index('org_division_scopes_cadre_idx').on(t.cadreId),
    index('org_division_scopes_ref_idx').on(t.kind, t.ref),
  ],
);

/** 考核期: years and quarters, opened and closed by the organization department. */
export const orgPeriods = pgTable(
  'org_periods',
  {
    id: id(),
    /** year | quarter */
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    quarter: integer('quarter'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    status: text('status').notNull().default('open'),
    closedAt: ts('closed_at'),
    closedBy: actorRef('closed_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    uniqueIndex('org_periods_uq').on(t.year, sql`coalesce(${t.quarter}, 0)`),
    check(
      'org_periods_kind_chk',
      sql`(${t.kind} = 'year' and ${t.quarter} is null) or (${t.kind} = 'quarter' and ${t.quarter} between 1 and 4)`,
    ),
    check('org_periods_status_chk', sql`${t.status} in ('open','closed')`),
  ],
);

/** 工作日历: public holidays and adjusted working days (调休); other days follow the week. */
export const orgCalendarDays = pgTable(
  'org_calendar_days',
  {
    day: date('day').primaryKey(),
    /** holiday | workday */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Where the day comes from (the State Council notice), or that it is provisional. */
    source: text('source'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [check('org_calendar_days_kind_chk', sql`${t.kind} in ('holiday','workday')`)],
);

/**
 * 干部时间轴: events every module adds for a cadre, each linking to its record. `visibility`
 * says who besides the organization department may see it.
 */
export const orgTimelineEvents = pgTable(
  'org_timeline_events',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    occurredOn: date('occurred_on').notNull(),
    module: text('module').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    /** org | org_self | org_unit | org_unit_self */
    visibility: text('visibility').notNull().default('org'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    index('org_timeline_cadre_idx').on(t.cadreId, t.occurredOn),
    uniqueIndex('org_timeline_record_uq').on(t.cadreId, t.kind, t.recordType, t.recordId),
    check(
      'org_timeline_visibility_chk',
      sql`${t.visibility} in ('org','org_self','org_unit','org_unit_self')`,
    ),
  ],
);
