import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts, updatedAt } from './columns.ts';
import { orgCadres } from './org.ts';

/**
 * 干部考察材料 (module reports): one report per cadre and period, drafted from the platform's
 * records, edited by the officers (each edit a new version, never overwritten) and finalised by a
 * leader, which locks it; a cadre reads it only once a leader releases it.
 */
export const reportsCadreReports = pgTable(
  'reports_cadre_reports',
  {
    id: id(),
    cadreId: uuid('cadre_id')
      .notNull()
      .references(() => orgCadres.id),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    /** draft | final */
    status: text('status').notNull().default('draft'),
    /** The number of the latest version (1 = the draft from the records). */
    currentVersion: integer('current_version').notNull().default(1),
    finalisedAt: ts('finalised_at'),
    finalisedBy: actorRef('finalised_by'),
    releasedAt: ts('released_at'),
    releasedBy: actorRef('released_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    updatedAt: updatedAt(),
    updatedBy: actorRef('updated_by'),
  },
  (t) => [
    index('reports_cadre_reports_cadre_idx').on(t.cadreId),
    check('reports_cadre_reports_status_ck', sql`${t.status} in ('draft', 'final')`),
    check('reports_cadre_reports_period_ck', sql`${t.periodFrom} <= ${t.periodTo}`),
  ],
);

/** Every version of a report: the sections with their statements and source links, who and when. */
export const reportsVersions = pgTable(
  'reports_versions',
  {
    id: id(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reportsCadreReports.id),
    version: integer('version').notNull(),
    /** [{ key, statements: [{ text, sources: [{ type, id, label, link }] }] }] */
    sections: jsonb('sections').notNull(),
    /** What the editor says changed (the draft: 根据平台记录生成). */
    note: text('note').notNull(),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [uniqueIndex('reports_versions_uq').on(t.reportId, t.version)],
);
