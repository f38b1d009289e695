import { and, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { authUserRoles, authUsers, todoItems, todoNotifications } from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { defineJob, enqueue } from '../system/jobs.service.ts';

export interface TodoInput {
  module: string;
  kind: string;
  title: string;
  link?: string | null;
  recordType?: string | null;
  recordId?: string | null;
  /** One person … */
  assigneeUserId?: string | null;
  /** … or everyone holding a role (in a unit, for unit administrators and cadres). */
  assigneeRole?: Role | null;
  assigneeUnitId?: string | null;
  dueAt?: Date | null;
  /** When to remind (default: a day before the deadline). */
  remindAt?: Date | null;
  /** The same source never makes two to-dos. */
  sourceKey?: string | null;
}

const REMIND_BEFORE_MS = 24 * 3_600_000;

/**
 * Puts an item on a to-do list in the caller's transaction; a job then notifies the people
 * concerned, and another reminds them a day before the deadline.
 */
export async function addTodo(ctx: Ctx, tx: Tx, input: TodoInput): Promise<string | null> {
  if (!input.assigneeUserId && !input.assigneeRole) throw new Error('to-do without an assignee');
  const [row] = await tx
    .insert(todoItems)
    .values({
      module: input.module,
      kind: input.kind,
      title: input.title,
      link: input.link ?? null,
      recordType: input.recordType ?? null,
      recordId: input.recordId ?? null,
      assigneeUserId: input.assigneeUserId ?? null,
      assigneeRole: input.assigneeRole ?? null,
      assigneeUnitId: input.assigneeUnitId ?? null,
      dueAt: input.dueAt ?? null,
      sourceKey: input.sourceKey ?? null,
      createdBy: ctx.actor?.userId ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: todoItems.id });
  if (!row) return null;
  const now = ctx.clock.now();
  await enqueue(tx, {
    kind: 'todo.notify',
    payload: { todoId: row.id, reason: 'new' },
    runAt: now,
    uniqueKey: `todo.notify:${row.id}`,
  });
  if (input.dueAt) {
    const wanted = input.remindAt?.getTime() ?? input.dueAt.getTime() - REMIND_BEFORE_MS;
    const at = new Date(Math.max(now.getTime(), wanted));
    await enqueue(tx, {
      kind: 'todo.notify',
      payload: { todoId: row.id, reason: 'remind' },
      runAt: at,
      uniqueKey: `todo.remind:${row.id}`,
    });
  }
  return row.id;
}

/** Closes the open to-dos of a record when the thing they asked for was done elsewhere. */
export async function completeTodosOf(
  ctx: Ctx,
  tx: Tx,
  where: { recordType: string; recordId: string; kind?: string },
): Promise<void> {
  const parts = [
    eq(todoItems.recordType, where.recordType),
    eq(todoItems.recordId, where.recordId),
    eq(todoItems.status, 'open'),
  ];
  if (where.kind) parts.push(eq(todoItems.kind, where.kind));
  await closeTodos(ctx, tx, 'done', parts);
}

/**
 * Withdraws open to-dos that no longer ask for anything: of the given records, or of a kind of
 * record whose deadline has passed (a report period that can no longer be reported).
 */
export async function cancelTodosOf(
  ctx: Ctx,
  tx: Tx,
  where: { recordType: string; recordIds?: string[]; dueBefore?: Date },
): Promise<void> {
  const parts = [eq(todoItems.recordType, where.recordType), eq(todoItems.status, 'open')];
  if (where.recordIds) {
    if (!where.recordIds.length) return;
    parts.push(inArray(todoItems.recordId, where.recordIds));
  }
  if (where.dueBefore) parts.push(lt(todoItems.dueAt, where.dueBefore));
  await closeTodos(ctx, tx, 'cancelled', parts);
}

async function closeTodos(ctx: Ctx, tx: Tx, status: 'done' | 'cancelled', parts: SQL[]): Promise<void> {
  await tx
    .update(todoItems)
    .set({ status, doneAt: ctx.clock.now(), doneBy: ctx.actor?.userId ?? null })
    .where(and(...parts));
}

/** SQL: the to-do is this actor's, directly or through one of their roles. */
function mine(actor: Actor): SQL {
  const byRole = actor.grants.map((g) =>
    and(
      eq(todoItems.assigneeRole, g.role),
      g.role === 'unit_admin' && g.unitId
        ? or(isNull(todoItems.assigneeUnitId), eq(todoItems.assigneeUnitId, g.unitId))
        : isNull(todoItems.assigneeUnitId),
    ),
  );
  return or(eq(todoItems.assigneeUserId, actor.userId), ...byRole)!;
}

/** The columns of a to-do as the contract shows it (`TodoView`). */
const TODO_VIEW = {
  id: todoItems.id,
  module: todoItems.module,
  kind: todoItems.kind,
  title: todoItems.title,
  link: todoItems.link,
  recordType: todoItems.recordType,
  recordId: todoItems.recordId,
  dueAt: todoItems.dueAt,
  status: sql<'open' | 'done' | 'cancelled'>`${todoItems.status}`,
  createdAt: todoItems.createdAt,
  doneAt: todoItems.doneAt,
};

export async function listTodos(ctx: Ctx, status: 'open' | 'done', page: { limit: number; offset: number }) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const where = and(mine(ctx.actor), eq(todoItems.status, status));
  const items = await ctx.db
    .select(TODO_VIEW)
    .from(todoItems)
    .where(where)
    .orderBy(sql`${todoItems.dueAt} asc nulls last`, desc(todoItems.createdAt))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(todoItems).where(where);
  return { items, total };
}

export async function openTodoCount(ctx: Ctx): Promise<number> {
  if (!ctx.actor) return 0;
  const [r] = await ctx.db
    .select({ n: count() })
    .from(todoItems)
    .where(and(mine(ctx.actor), eq(todoItems.status, 'open')));
  return r?.n ?? 0;
}

/** Marks one of the actor's to-dos done. */
export async function completeTodo(ctx: Ctx, id: string) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const actor = ctx.actor;
  return write(ctx, async (tx, audit) => {
    const [item] = await tx
      .select()
      .from(todoItems)
      .where(and(eq(todoItems.id, id), mine(actor)))
      .for('update');
    if (!item) throw notFound('待办');
    if (item.status !== 'open') throw new AppError('CONFLICT', '该待办已处理');
    const [row] = await tx
      .update(todoItems)
      .set({ status: 'done', doneAt: ctx.clock.now(), doneBy: actor.userId })
      .where(eq(todoItems.id, id))
      .returning(TODO_VIEW);
    audit({ action: 'todo.done', objectType: 'todo', objectId: id });
    return row!;
  });
}

/** The people a to-do concerns: its user, or the active holders of its role (in its unit). */
async function assignees(ex: Executor, item: typeof todoItems.$inferSelect): Promise<string[]> {
  if (item.assigneeUserId) return [item.assigneeUserId];
  const parts = [eq(authUserRoles.role, item.assigneeRole!), eq(authUsers.status, 'active')];
  if (item.assigneeUnitId) parts.push(eq(authUserRoles.unitId, item.assigneeUnitId));
  const found = await ex
    .select({ id: authUsers.id })
    .from(authUserRoles)
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .where(and(...parts));
  return found.map((f) => f.id);
}

// The notification outbox: in-app entries now; a webhook channel to government messaging
// platforms reads the same rows later.
defineJob('todo.notify', async (payload, { tx, ctx }) => {
  const [item] = await tx
    .select()
    .from(todoItems)
    .where(eq(todoItems.id, String(payload.todoId)));
  if (item?.status !== 'open') return { result: { notified: 0 } };
  const remind = payload.reason === 'remind';
  const users = await assignees(tx, item);
  if (users.length) {
    await tx
      .insert(todoNotifications)
      .values(
        users.map((userId) => ({
          userId,
          title: remind ? `待办即将到期：${item.title}` : `新的待办：${item.title}`,
          link: item.link,
          todoId: item.id,
          status: 'sent',
          sentAt: ctx.clock.now(),
          sourceKey: `${remind ? 'remind' : 'new'}:${item.id}`,
        })),
      )
      .onConflictDoNothing();
  }
  return { result: { notified: users.length } };
});

export async function listNotifications(ctx: Ctx, limit = 30) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const items = await ctx.db
    .select({
      id: todoNotifications.id,
      title: todoNotifications.title,
      link: todoNotifications.link,
      readAt: todoNotifications.readAt,
      createdAt: todoNotifications.createdAt,
    })
    .from(todoNotifications)
    .where(eq(todoNotifications.userId, ctx.actor.userId))
    .orderBy(desc(todoNotifications.createdAt))
    .limit(limit);
  const [{ unread } = { unread: 0 }] = await ctx.db
    .select({ unread: count() })
    .from(todoNotifications)
    .where(and(eq(todoNotifications.userId, ctx.actor.userId), isNull(todoNotifications.readAt)));
  return { items, unread };
}

export async function markNotificationsRead(ctx: Ctx, ids: string[] | 'all') {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const parts = [eq(todoNotifications.userId, ctx.actor.userId), isNull(todoNotifications.readAt)];
  if (ids !== 'all')
    parts.push(inArray(todoNotifications.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']));
  await ctx.db
    .update(todoNotifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(...parts));
}

/**
 * A to-do for a cadre: their own account(s) if they have one, otherwise the administrators of
 * their unit, who act for them.
 */
export async function addTodoForCadre(
  ctx: Ctx,
  tx: Tx,
  cadre: { id: string; unitId: string | null },
  input: Omit<TodoInput, 'assigneeUserId' | 'assigneeRole' | 'assigneeUnitId'>,
): Promise<void> {
  const accounts = await tx
    .select({ userId: authUserRoles.userId })
    .from(authUserRoles)
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .where(
      and(
        eq(authUserRoles.role, 'cadre'),
        eq(authUserRoles.cadreId, cadre.id),
        eq(authUsers.status, 'active'),
      ),
    );
  if (accounts.length) {
    for (const a of accounts) {
      await addTodo(ctx, tx, {
        ...input,
        assigneeUserId: a.userId,
        sourceKey: input.sourceKey ? `${input.sourceKey}:${a.userId}` : null,
      });
    }
    return;
  }
  if (cadre.unitId)
    await addTodo(ctx, tx, { ...input, assigneeRole: 'unit_admin', assigneeUnitId: cadre.unitId });
}
