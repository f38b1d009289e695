import { bigint, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts } from './columns.ts';

/**
 * The tamper-evident audit chain. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE,
 * and on PostgreSQL the application role holds only SELECT and INSERT.
 * hash = SM3(prev_hash || RFC 8785 canonical JSON of the fixed fields).
 */
export const auditEntries = pgTable('audit_entries', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  userId: uuid('user_id'),
  username: text('username'),
  role: text('role'),
  action: text('action').notNull(),
  objectType: text('object_type'),
  objectId: text('object_id'),
  result: text('result').notNull(),
  code: text('code'),
  requestId: text('request_id'),
  clientIp: text('client_ip'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: id(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(),
  entryCount: bigint('entry_count', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
  createdBy: actorRef('created_by'),
  at: ts('at').notNull(),
});
