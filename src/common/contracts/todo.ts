import { z } from 'zod';
import { endpoint, Instant, listOf, pageOf } from '../api.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 待办与通知: the contract of module `todo`. */

export const TODO_STATUSES = ['open', 'done', 'cancelled'] as const;

export const TodoView = z.object({
  id: z.uuid(),
  /** The module the to-do comes from (`delivery`, `keywork`, …). */
  module: z.string(),
  kind: z.string(),
  title: z.string(),
  /** The page where it is done, and the record it is about. */
  link: z.string().nullable(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  /** The waiting state it stands for (年度干事清单待确认, …), from the registry. */
  state: z.string().nullable(),
  /** It closes by itself once the record no longer waits; only the others are marked done by hand. */
  closesItself: z.boolean(),
  dueAt: Instant.nullable(),
  status: z.enum(TODO_STATUSES),
  createdAt: Instant,
  doneAt: Instant.nullable(),
});

export const NoticeView = z.object({
  id: z.uuid(),
  title: z.string(),
  link: z.string().nullable(),
  readAt: Instant.nullable(),
  createdAt: Instant,
});

export const todoApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/todo/items',
    access: 'todo.read',
    summary: '我的待办',
    query: PageQuery.extend({ status: z.enum(['open', 'done']).default('open') }),
    response: pageOf(TodoView),
  }),
  done: endpoint({
    method: 'POST',
    path: '/api/todo/items/:id/done',
    access: 'todo.read',
    summary: '标记待办已处理',
    params: IdParams,
    response: TodoView,
  }),
  notifications: endpoint({
    method: 'GET',
    path: '/api/todo/notifications',
    access: 'authenticated',
    summary: '站内通知',
    response: listOf(NoticeView).extend({ unread: z.number().int() }),
  }),
  markRead: endpoint({
    method: 'POST',
    path: '/api/todo/notifications/read',
    access: 'authenticated',
    summary: '标记通知已读',
    body: z.object({ ids: z.array(Uuid).max(200).optional() }),
    response: z.object({ ok: z.literal(true) }),
  }),
};
