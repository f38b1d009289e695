import { and, count, desc, eq, inArray, isNull, lt, not, or, type SQL, sql } from 'drizzle-orm';
import type { Role } from '../../../common/roles.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUserRoles,
  authUsers,
  orgLiaisonGroups,
  orgUnits,
  todoItems,
  todoNotifications,
} from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { defineJob, enqueue } from '../system/jobs.service.ts';
import { stillWaiting, waitingStateOf } from './waiting-states.ts';

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
  if (!waitingStateOf(input))
    throw new Error(
      `to-do of an unregistered waiting state: ${input.module}/${input.kind}/${input.recordType}`,
    );
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

/**
 * Open: not done by hand and the record still waits (waiting-states.ts); done: marked done, or
 * its record no longer waits — whoever ended the wait, however.
 */
function openWhere(ctx: Ctx): SQL {
  return and(eq(todoItems.status, 'open'), stillWaiting(ctx.clock.now()))!;
}

function statusWhere(ctx: Ctx, status: 'open' | 'done'): SQL {
  return status === 'open'
    ? openWhere(ctx)
    : or(
        eq(todoItems.status, 'done'),
        and(eq(todoItems.status, 'open'), not(stillWaiting(ctx.clock.now()))),
      )!;
}

export async function listTodos(ctx: Ctx, status: 'open' | 'done', page: { limit: number; offset: number }) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  const where = and(mine(ctx.actor), statusWhere(ctx, status));
  const items = await ctx.db
    .select({
      ...TODO_VIEW,
      // A to-do whose record no longer waits reads as done, like one marked done.
      status: sql<'open' | 'done'>`${status}::text`,
    })
    .from(todoItems)
    .where(where)
    .orderBy(
      status === 'open' ? sql`${todoItems.dueAt} asc nulls last` : sql`${todoItems.doneAt} desc nulls first`,
      desc(todoItems.createdAt),
    )
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(todoItems).where(where);
  return { items: items.map(withState), total };
}

/** The number the home page shows: the same rule as the list's open tab. */
export async function openTodoCount(ctx: Ctx): Promise<number> {
  if (!ctx.actor) return 0;
  const [r] = await ctx.db
    .select({ n: count() })
    .from(todoItems)
    .where(and(mine(ctx.actor), openWhere(ctx)));
  return r?.n ?? 0;
}

/** A to-do with the label of its waiting state, and whether it closes by itself. */
function withState<T extends { module: string; kind: string; recordType: string | null }>(row: T) {
  const state = waitingStateOf(row);
  return { ...row, state: state?.label ?? null, closesItself: !!state?.waiting };
}

/** Marks one of the actor's to-dos done: only those that do not close by themselves. */
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
    if (waitingStateOf(item)?.waiting)
      throw new AppError('CONFLICT', '该待办在事项办结后自动关闭，请前往处理该事项');
    const [live] = await tx
      .select({ id: todoItems.id })
      .from(todoItems)
      .where(and(eq(todoItems.id, id), openWhere(ctx)));
    if (!live) throw new AppError('CONFLICT', '该待办已处理');
    const [row] = await tx
      .update(todoItems)
      .set({ status: 'done', doneAt: ctx.clock.now(), doneBy: actor.userId })
      .where(eq(todoItems.id, id))
      .returning(TODO_VIEW);
    audit({ action: 'todo.done', objectType: 'todo', objectId: id });
    return withState(row!);
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
  // Nobody is told of a wait that has already ended.
  const [item] = await tx
    .select()
    .from(todoItems)
    .where(and(eq(todoItems.id, String(payload.todoId)), openWhere(ctx)));
  if (!item) return { result: { notified: 0 } };
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

/**
 * A to-do for the organization department's leaders about a unit: the leader of the unit's
 * liaison group (包联) through their account(s); every leader where no group or no account applies.
 * Returns the to-dos written (none where each was already there).
 */
export async function addTodoForLeaders(
  ctx: Ctx,
  tx: Tx,
  unitId: string | null,
  input: Omit<TodoInput, 'assigneeUserId' | 'assigneeRole' | 'assigneeUnitId'>,
): Promise<string[]> {
  const accounts = unitId ? await groupLeaderAccounts(tx, unitId) : [];
  const ids: (string | null)[] = [];
  if (!accounts.length) ids.push(await addTodo(ctx, tx, { ...input, assigneeRole: 'org_leader' }));
  for (const userId of accounts)
    ids.push(
      await addTodo(ctx, tx, {
        ...input,
        assigneeUserId: userId,
        sourceKey: input.sourceKey ? `${input.sourceKey}:${userId}` : null,
      }),
    );
  return ids.filter((id): id is string => id !== null);
}

/** The active leader accounts of the liaison group the unit belongs to. */
export async function groupLeaderAccounts(ex: Executor, unitId: string): Promise<string[]> {
  const rows = await ex
    .select({ userId: authUserRoles.userId })
    .from(orgUnits)
    .innerJoin(orgLiaisonGroups, eq(orgLiaisonGroups.id, orgUnits.liaisonGroupId))
    .innerJoin(
      authUserRoles,
      and(eq(authUserRoles.cadreId, orgLiaisonGroups.leaderCadreId), eq(authUserRoles.role, 'org_leader')),
    )
    .innerJoin(authUsers, eq(authUsers.id, authUserRoles.userId))
    .where(and(eq(orgUnits.id, unitId), eq(authUsers.status, 'active')));
  return [...new Set(rows.map((r) => r.userId))];
}
