import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts } from './columns.ts';

/** 待办: things to confirm, reply, review, approve — for one user, or for a role (in a unit). */
export const todoItems = pgTable(
  'todo_items',
  {
    id: id(),
    module: text('module').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The page that deals with it. */
    link: text('link'),
    recordType: text('record_type'),
    recordId: text('record_id'),
    assigneeUserId: uuid('assignee_user_id'),
    assigneeRole: text('assignee_role'),
    assigneeUnitId: uuid('assignee_unit_id'),
    dueAt: ts('due_at'),
    status: text('status').notNull().default('open'),
    /** Makes the same to-do from the same source idempotent. */
    sourceKey: text('source_key'),
    doneAt: ts('done_at'),
    doneBy: actorRef('done_by'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
  },
  (t) => [
    uniqueIndex('todo_items_source_uq').on(t.sourceKey),
    index('todo_items_user_idx').on(t.assigneeUserId, t.status),
    index('todo_items_role_idx').on(t.assigneeRole, t.status),
    check('todo_items_status_chk', sql`${t.status} in ('open','done','cancelled')`),
    check('todo_items_assignee_chk', sql`${t.assigneeUserId} is not null or ${t.assigneeRole} is not null`),
  ],
);

/** The notification outbox: in-app now; a webhook adapter for government messaging later. */
export const todoNotifications = pgTable(
  'todo_notifications',
  {
    id: id(),
    userId: uuid('user_id').notNull(),
    /** in_app | webhook */
    channel: text('channel').notNull().default('in_app'),
    title: text('title').notNull(),
    link: text('link'),
    todoId: uuid('todo_id').references(() => todoItems.id),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    sourceKey: text('source_key'),
    sentAt: ts('sent_at'),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('todo_notifications_user_idx').on(t.userId, t.readAt),
    uniqueIndex('todo_notifications_source_uq').on(t.userId, t.sourceKey),
    check('todo_notifications_status_chk', sql`${t.status} in ('pending','sent','failed')`),
  ],
);
