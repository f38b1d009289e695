import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { actorRef, createdAt, ts, updatedAt } from './columns.ts';

/** Key/value configuration: mode (demo/production), jurisdiction, password policy … */
export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
  updatedBy: actorRef('updated_by'),
});

/** The job table: reminders, deadlines, triggers and chunked imports, run in-process. */
export const systemJobs = pgTable(
  'system_jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    uniqueKey: text('unique_key').unique(),
    status: text('status').notNull().default('pending'),
    runAt: ts('run_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lastError: text('last_error'),
    progress: jsonb('progress'),
    result: jsonb('result'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('system_jobs_due_idx').on(t.status, t.runAt),
    check('system_jobs_status_chk', sql`${t.status} in ('pending','done','failed','cancelled')`),
  ],
);

/**
 * Request counts of the rate limits, shared by every server process on one PostgreSQL database
 * (`http/shared-rate-store.ts`): one row per route, client key and fixed window. Rows of ended
 * windows are deleted as the counts are flushed.
 */
export const systemRateCounts = pgTable('system_rate_counts', {
  key: text('key').primaryKey(),
  windowEnd: ts('window_end').notNull(),
  count: integer('count').notNull(),
});
