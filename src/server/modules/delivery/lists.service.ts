import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { completionSeries, itemGap } from '../../../analytics/delivery.ts';
import type {
  AmendBody,
  AmendmentView,
  ItemBody,
  ItemKind,
  ItemSnapshotView,
  ItemView,
  ListDetailView,
  ListQuery,
  ListStateView,
  ListStatus,
  TargetKind,
} from '../../../common/contracts/delivery.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  authUsers,
  deliveryAmendments,
  deliveryItems,
  deliveryLists,
  deliveryReports,
  orgCadres,
  orgDictItems,
  orgUnits,
} from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { responsibilitiesAt } from '../org/division.service.ts';
import { cadreScope } from '../org/org.policy.ts';
import { assertPeriodOpen, listPeriods } from '../org/periods.service.ts';
import { addTodoForLeaders, completeTodosOf } from '../todo/todo.service.ts';
import {
  assertCanActFor,
  assertCanReadCadre,
  holds,
  isSelf,
  itemCan,
  listCan,
  ownCadreOnly,
} from './delivery.policy.ts';
import { lastDayOf } from './reports.service.ts';

export type ItemInput = z.infer<typeof ItemBody>;
type ListRow = typeof deliveryLists.$inferSelect;
type ItemRow = typeof deliveryItems.$inferSelect;

async function cadreHeader(ex: Executor, c: typeof orgCadres.$inferSelect) {
  const [u] = c.unitId
    ? await ex.select({ name: orgUnits.name }).from(orgUnits).where(eq(orgUnits.id, c.unitId))
    : [];
  return { id: c.id, name: c.name, unitId: c.unitId, unitName: u?.name ?? null, post: c.post };
}

/** Display names of users (who confirmed, who changed): staff may see who did what to a record. */
async function userNames(ex: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((i): i is string => !!i);
  if (!wanted.length) return new Map();
  const rows = await ex
    .select({ id: authUsers.id, name: authUsers.displayName })
    .from(authUsers)
    .where(inArray(authUsers.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function cadreOf(ex: Executor, cadreId: string) {
  const [c] = await ex.select().from(orgCadres).where(eq(orgCadres.id, cadreId));
  if (!c) throw notFound('干部');
  return c;
}

/** The domains a cadre is responsible for on a day (to flag items outside their scope). */
async function scopeDomains(tx: Tx, cadreId: string, day: string): Promise<Set<string>> {
  const list = await responsibilitiesAt(tx, cadreId, day);
  return new Set(list.flatMap((r) => r.scopes.filter((s) => s.kind === 'domain').map((s) => s.ref)));
}

function scopeDay(ctx: Ctx, year: number): string {
  const today = localDay(ctx.clock.now());
  return today.startsWith(String(year)) ? today : `${year}-12-31` < today ? `${year}-12-31` : `${year}-01-01`;
}

/** An item tied to a domain must be within the cadre's scope; an item tied to none is not flagged. */
function scopeFlag(domainCode: string | null | undefined, domains: Set<string>): boolean {
  return !domainCode || domains.has(domainCode);
}

/** `at`: where the item sits in the body (`item.` in an amendment), for the field error's path. */
async function assertDomains(tx: Executor, items: ItemInput[], at = '') {
  const codes = [...new Set(items.map((i) => i.domainCode).filter((d): d is string => !!d))];
  if (!codes.length) return;
  const found = await tx
    .select({ code: orgDictItems.code })
    .from(orgDictItems)
    .where(and(eq(orgDictItems.kind, 'domain'), inArray(orgDictItems.code, codes)));
  const missing = codes.filter((c) => !found.some((f) => f.code === c));
  if (missing.length) {
    const message = `领域“${missing.join('、')}”不在领域字典中`;
    throw new AppError('DELIVERY_UNKNOWN_DOMAIN', message, [{ path: `body.${at}domainCode`, message }]);
  }
}

function itemValues(i: ItemInput, inScope: boolean) {
  return {
    kind: i.kind,
    title: i.title,
    domainCode: i.domainCode ?? null,
    targetKind: i.targetKind,
    targetValue: i.targetKind === 'value' && i.targetValue != null ? String(i.targetValue) : null,
    measureUnit: i.measureUnit ?? null,
    milestones: i.targetKind === 'milestones' ? (i.milestones ?? []) : null,
    weight: String(i.weight),
    monthlyPlan: i.monthlyPlan,
    inScope,
  };
}

async function ensureList(ctx: Ctx, tx: Tx, cadreId: string, year: number): Promise<ListRow> {
  const [cur] = await tx
    .select()
    .from(deliveryLists)
    .where(and(eq(deliveryLists.cadreId, cadreId), eq(deliveryLists.year, year)))
    .for('update');
  if (cur) return cur;
  const c = await cadreOf(tx, cadreId);
  const [created] = await tx
    .insert(deliveryLists)
    .values({
      cadreId,
      year,
      unitId: c.unitId,
      createdBy: ctx.actor?.userId ?? null,
      updatedBy: ctx.actor?.userId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [again] = await tx
    .select()
    .from(deliveryLists)
    .where(and(eq(deliveryLists.cadreId, cadreId), eq(deliveryLists.year, year)));
  return again!;
}

function assertEditable(list: ListRow) {
  if (list.status === 'confirmed') throw new AppError('DELIVERY_LIST_LOCKED');
}

/** Adds items to a draft list (the list is created on first use); a submitted list returns to draft. */
export async function addItems(ctx: Ctx, cadreId: string, year: number, items: ItemInput[]) {
  const c = await cadreOf(ctx.db, cadreId);
  assertCanActFor(ctx, c);
  return write(ctx, (tx, audit) => insertItems(ctx, tx, audit, cadreId, year, items));
}

/** The insert of addItems in the caller's transaction (imports, demo). */
export async function insertItems(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  cadreId: string,
  year: number,
  items: ItemInput[],
) {
  const list = await ensureList(ctx, tx, cadreId, year);
  assertEditable(list);
  await assertDomains(tx, items);
  const [last] = await tx
    .select({ seq: sql<number>`coalesce(max(${deliveryItems.seq}), 0)`.mapWith(Number) })
    .from(deliveryItems)
    .where(eq(deliveryItems.listId, list.id));
  const domains = await scopeDomains(tx, cadreId, scopeDay(ctx, year));
  const by = ctx.actor?.userId ?? null;
  const rows = items.length
    ? await tx
        .insert(deliveryItems)
        .values(
          items.map((i, n) => ({
            listId: list.id,
            seq: (last?.seq ?? 0) + n + 1,
            ...itemValues(i, scopeFlag(i.domainCode, domains)),
            createdBy: by,
            updatedBy: by,
          })),
        )
        .returning()
    : [];
  if (list.status === 'submitted')
    await tx.update(deliveryLists).set({ status: 'draft' }).where(eq(deliveryLists.id, list.id));
  for (const r of rows)
    audit({ action: 'delivery.item.create', objectType: 'delivery_item', objectId: r.id });
  return rows;
}

async function itemWithList(tx: Executor, itemId: string) {
  const [r] = await tx
    .select({ item: deliveryItems, list: deliveryLists })
    .from(deliveryItems)
    .innerJoin(deliveryLists, eq(deliveryLists.id, deliveryItems.listId))
    .where(eq(deliveryItems.id, itemId));
  if (!r) throw notFound('清单事项');
  return r;
}

export async function updateItem(ctx: Ctx, itemId: string, input: ItemInput) {
  return write(ctx, async (tx, audit) => {
    const { item, list } = await itemWithList(tx, itemId);
    assertCanActFor(ctx, await cadreOf(tx, list.cadreId));
    assertEditable(list);
    await assertDomains(tx, [input]);
    const domains = await scopeDomains(tx, list.cadreId, scopeDay(ctx, list.year));
    const [row] = await tx
      .update(deliveryItems)
      .set({
        ...itemValues(input, scopeFlag(input.domainCode, domains)),
        updatedAt: ctx.clock.now(),
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(deliveryItems.id, item.id))
      .returning();
    if (list.status === 'submitted')
      await tx.update(deliveryLists).set({ status: 'draft' }).where(eq(deliveryLists.id, list.id));
    audit({ action: 'delivery.item.update', objectType: 'delivery_item', objectId: item.id });
    return savedItem(row!);
  });
}

export async function removeItem(ctx: Ctx, itemId: string) {
  return write(ctx, async (tx, audit) => {
    const { item, list } = await itemWithList(tx, itemId);
    assertCanActFor(ctx, await cadreOf(tx, list.cadreId));
    assertEditable(list);
    // A draft item has no reports or checks yet: it can go.
    await tx.delete(deliveryItems).where(eq(deliveryItems.id, item.id));
    audit({ action: 'delivery.item.delete', objectType: 'delivery_item', objectId: item.id });
  });
}

/** The cadre (or their unit) hands the list to the organization department for confirmation. */
export async function submitList(ctx: Ctx, cadreId: string, year: number) {
  const c = await cadreOf(ctx.db, cadreId);
  assertCanActFor(ctx, c);
  return write(ctx, async (tx, audit) => {
    const list = await ensureList(ctx, tx, cadreId, year);
    assertEditable(list);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(deliveryItems)
      .where(and(eq(deliveryItems.listId, list.id), isNull(deliveryItems.withdrawnAt)));
    if (n === 0) throw new AppError('DELIVERY_LIST_EMPTY');
    const [row] = await tx
      .update(deliveryLists)
      .set({ status: 'submitted', submittedAt: ctx.clock.now(), submittedBy: ctx.actor?.userId ?? null })
      .where(eq(deliveryLists.id, list.id))
      .returning();
    await addTodoForLeaders(ctx, tx, c.unitId, {
      module: 'delivery',
      kind: 'list.confirm',
      title: `确认${c.name}的${year}年度干事清单`,
      link: `/delivery/lists/${cadreId}/${year}`,
      recordType: 'delivery_list',
      recordId: list.id,
      sourceKey: `delivery.list.confirm:${list.id}:${ctx.clock.now().getTime()}`,
    });
    audit({ action: 'delivery.list.submit', objectType: 'delivery_list', objectId: list.id });
    return listState(tx, row!);
  });
}

/** A leader confirms a submitted list; from then on it changes only by recorded amendment. */
export async function confirmList(ctx: Ctx, listId: string) {
  return write(ctx, async (tx, audit) => {
    const [list] = await tx.select().from(deliveryLists).where(eq(deliveryLists.id, listId)).for('update');
    if (!list) throw notFound('干事清单');
    if (isSelf(ctx.actor, list.cadreId))
      throw new AppError('SELF_ACTION_FORBIDDEN', '不能确认本人的干事清单');
    if (list.status === 'confirmed') throw new AppError('DELIVERY_LIST_CONFIRMED');
    if (list.status !== 'submitted') throw new AppError('DELIVERY_LIST_NOT_SUBMITTED');
    const [row] = await tx
      .update(deliveryLists)
      .set({ status: 'confirmed', confirmedAt: ctx.clock.now(), confirmedBy: ctx.actor?.userId ?? null })
      .where(eq(deliveryLists.id, listId))
      .returning();
    await completeTodosOf(ctx, tx, { recordType: 'delivery_list', recordId: listId, kind: 'list.confirm' });
    audit({ action: 'delivery.list.confirm', objectType: 'delivery_list', objectId: listId });
    return listState(tx, row!);
  });
}

/** Sends a submitted list back to draft with the reason (in the audit chain and the to-do). */
export async function returnList(ctx: Ctx, listId: string, reason: string) {
  return write(ctx, async (tx, audit) => {
    const [list] = await tx.select().from(deliveryLists).where(eq(deliveryLists.id, listId)).for('update');
    if (!list) throw notFound('干事清单');
    if (isSelf(ctx.actor, list.cadreId))
      throw new AppError('SELF_ACTION_FORBIDDEN', '不能退回本人的干事清单');
    if (list.status !== 'submitted')
      throw new AppError('DELIVERY_LIST_NOT_SUBMITTED', '只有待确认的清单可以退回');
    const [row] = await tx
      .update(deliveryLists)
      .set({ status: 'draft' })
      .where(eq(deliveryLists.id, listId))
      .returning();
    await completeTodosOf(ctx, tx, { recordType: 'delivery_list', recordId: listId, kind: 'list.confirm' });
    await tx
      .insert(deliveryAmendments)
      .values({ listId, reason: `${RETURN_MARK}${reason}`, createdBy: ctx.actor?.userId ?? null });
    audit({ action: 'delivery.list.return', objectType: 'delivery_list', objectId: listId });
    return listState(tx, row!);
  });
}

function itemSnapshot(i: ItemRow) {
  const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = i;
  return rest;
}

/**
 * 变更: the organization department changes a confirmed list — adds, changes or withdraws an
 * item — and the amendment keeps who, when, why, and the item before and after.
 */
export async function amendList(ctx: Ctx, listId: string, body: z.infer<typeof AmendBody>) {
  return write(ctx, async (tx, audit) => {
    const [list] = await tx.select().from(deliveryLists).where(eq(deliveryLists.id, listId)).for('update');
    if (!list) throw notFound('干事清单');
    if (list.status !== 'confirmed')
      throw new AppError('DELIVERY_LIST_NOT_CONFIRMED', '清单尚未确认，可直接修改，无需登记变更');
    await assertPeriodOpen(tx, localDay(ctx.clock.now()));
    if (body.item) await assertDomains(tx, [body.item], 'item.');
    const by = ctx.actor?.userId ?? null;
    const domains = await scopeDomains(tx, list.cadreId, scopeDay(ctx, list.year));
    let before: ItemRow | null = null;
    let after: ItemRow | null | undefined = null;
    if (body.itemId) {
      const [cur] = await tx
        .select()
        .from(deliveryItems)
        .where(and(eq(deliveryItems.id, body.itemId), eq(deliveryItems.listId, listId)));
      if (!cur) throw notFound('清单事项');
      if (cur.withdrawnAt) throw new AppError('DELIVERY_ITEM_WITHDRAWN');
      before = cur;
      [after] = await tx
        .update(deliveryItems)
        .set(
          body.item
            ? {
                ...itemValues(body.item, scopeFlag(body.item.domainCode, domains)),
                updatedAt: ctx.clock.now(),
                updatedBy: by,
              }
            : { withdrawnAt: ctx.clock.now(), updatedAt: ctx.clock.now(), updatedBy: by },
        )
        .where(eq(deliveryItems.id, cur.id))
        .returning();
    } else if (body.item) {
      const [last] = await tx
        .select({ seq: sql<number>`coalesce(max(${deliveryItems.seq}), 0)`.mapWith(Number) })
        .from(deliveryItems)
        .where(eq(deliveryItems.listId, listId));
      [after] = await tx
        .insert(deliveryItems)
        .values({
          listId,
          seq: (last?.seq ?? 0) + 1,
          ...itemValues(body.item, scopeFlag(body.item.domainCode, domains)),
          createdBy: by,
          updatedBy: by,
        })
        .returning();
    }
    const [amendment] = await tx
      .insert(deliveryAmendments)
      .values({
        listId,
        itemId: (after ?? before)?.id ?? null,
        reason: body.reason,
        before: before ? itemSnapshot(before) : null,
        after: after ? itemSnapshot(after) : null,
        createdBy: by,
      })
      .returning();
    audit({ action: 'delivery.list.amend', objectType: 'delivery_list', objectId: listId });
    return amendmentView(amendment!, ctx.actor?.displayName ?? null);
  });
}

type Milestone = { name: string; month: number };
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/**
 * An item as an amendment kept it (a row without its timestamps, stored as JSON: numerics as
 * strings, dates as text).
 */
function snapshotView(raw: unknown): z.infer<typeof ItemSnapshotView> | null {
  if (!raw || typeof raw !== 'object') return null;
  const i = raw as Record<string, unknown>;
  return {
    seq: typeof i.seq === 'number' ? i.seq : null,
    kind: i.kind as ItemKind,
    title: String(i.title ?? ''),
    domainCode: (i.domainCode as string | null) ?? null,
    targetKind: i.targetKind === 'milestones' ? 'milestones' : 'value',
    targetValue: num((i.targetValue as string | number | null) ?? null),
    measureUnit: (i.measureUnit as string | null) ?? null,
    milestones: (i.milestones as Milestone[] | null) ?? null,
    weight: Number(i.weight ?? 1),
    monthlyPlan: ((i.monthlyPlan as number[] | null) ?? []).map(Number),
    withdrawn: !!i.withdrawnAt,
  };
}

/** A return to draft is kept as an amendment without items, its reason marked. */
const RETURN_MARK = '退回修改：';

function amendmentView(
  a: typeof deliveryAmendments.$inferSelect,
  createdByName: string | null,
): z.infer<typeof AmendmentView> {
  const before = snapshotView(a.before);
  const after = snapshotView(a.after);
  const kind = !before && !after ? 'return' : !before ? 'add' : after?.withdrawn ? 'withdraw' : 'change';
  return {
    id: a.id,
    kind,
    itemId: a.itemId,
    reason: kind === 'return' ? a.reason.replace(RETURN_MARK, '') : a.reason,
    before,
    after,
    createdAt: a.createdAt,
    createdByName,
  };
}

/** A list's state with the names of who submitted and who confirmed it. */
async function listState(ex: Executor, list: ListRow): Promise<z.infer<typeof ListStateView>> {
  const names = await userNames(ex, [list.submittedBy, list.confirmedBy]);
  return {
    id: list.id,
    cadreId: list.cadreId,
    year: list.year,
    status: list.status as ListStatus,
    submittedAt: list.submittedAt,
    submittedByName: names.get(list.submittedBy ?? '') ?? null,
    confirmedAt: list.confirmedAt,
    confirmedByName: names.get(list.confirmedBy ?? '') ?? null,
  };
}

/** An item as saved by a draft change. */
export const savedItem = (i: ItemRow) => ({ id: i.id, listId: i.listId, seq: i.seq, inScope: i.inScope });

/** The months of a year whose month end lies in a closed assessment period (no reports then). */
async function closedMonths(ex: Executor, year: number): Promise<number[]> {
  const closed = (await listPeriods(ex, null)).filter((p) => p.status === 'closed');
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const end = lastDayOf(year, m);
    if (closed.some((p) => p.startsOn <= end && end <= p.endsOn)) out.push(m);
  }
  return out;
}

/** One cadre's list for a year with items, reports, the gap to the plan and the completion; an audited read. */
export async function getList(
  ctx: Ctx,
  cadreId: string,
  year: number,
): Promise<z.infer<typeof ListDetailView>> {
  const c = await cadreOf(ctx.db, cadreId);
  assertCanReadCadre(ctx, c);
  const [list] = await ctx.db
    .select()
    .from(deliveryLists)
    .where(and(eq(deliveryLists.cadreId, cadreId), eq(deliveryLists.year, year)));
  await recordAudit(ctx, { action: 'delivery.list.read', objectType: 'cadre', objectId: cadreId });
  const cadre = await cadreHeader(ctx.db, c);
  const own = isSelf(ctx.actor, cadreId);
  const closed = await closedMonths(ctx.db, year);
  if (!list) {
    return {
      cadre,
      year,
      own,
      list: null,
      items: [],
      amendments: [],
      closedMonths: closed,
      completion: completionSeries([]),
      can: listCan(ctx.actor, c, 'none', 0),
    };
  }
  const items = await ctx.db
    .select()
    .from(deliveryItems)
    .where(eq(deliveryItems.listId, list.id))
    .orderBy(asc(deliveryItems.seq));
  const reports = items.length
    ? await ctx.db
        .select()
        .from(deliveryReports)
        .where(
          and(
            inArray(
              deliveryReports.itemId,
              items.map((i) => i.id),
            ),
            eq(deliveryReports.year, year),
          ),
        )
    : [];
  const amendments = await ctx.db
    .select({ a: deliveryAmendments, byName: authUsers.displayName })
    .from(deliveryAmendments)
    .leftJoin(authUsers, eq(authUsers.id, deliveryAmendments.createdBy))
    .where(eq(deliveryAmendments.listId, list.id))
    .orderBy(desc(deliveryAmendments.createdAt));
  const active = items.filter((i) => !i.withdrawnAt).length;
  const can = listCan(ctx.actor, c, list.status as ListStatus, active);
  // Reports can be given for months that have begun, up to the current one.
  const today = localDay(ctx.clock.now());
  const thisYear = Number(today.slice(0, 4));
  const lastOpen = year < thisYear ? 12 : year === thisYear ? Number(today.slice(5, 7)) : 0;
  const views = items.map((i): z.infer<typeof ItemView> => {
    const mine = reports.filter((r) => r.itemId === i.id);
    const byMonth = Array.from({ length: 12 }, (_, m) => {
      const r = mine.find((x) => x.month === m + 1);
      return r
        ? {
            month: r.month,
            progress: Number(r.progress),
            late: r.late,
            submittedAt: r.submittedAt,
            account: r.account,
          }
        : null;
    });
    const target = {
      targetKind: i.targetKind,
      targetValue: num(i.targetValue),
      milestones: i.milestones as Milestone[] | null,
    };
    const monthlyPlan = (i.monthlyPlan as number[]).map(Number);
    return {
      id: i.id,
      seq: i.seq,
      kind: i.kind as ItemKind,
      title: i.title,
      domainCode: i.domainCode,
      targetKind: i.targetKind as TargetKind,
      targetValue: target.targetValue,
      measureUnit: i.measureUnit,
      milestones: target.milestones,
      weight: Number(i.weight),
      monthlyPlan,
      inScope: i.inScope,
      withdrawnAt: i.withdrawnAt,
      reports: byMonth,
      gap: itemGap({ ...target, monthlyPlan }, byMonth),
      reportMonths: Array.from({ length: lastOpen }, (_, m) => m + 1).filter(
        (m) => !byMonth[m - 1] && !closed.includes(m),
      ),
      can: itemCan(can, !!i.withdrawnAt),
    };
  });
  return {
    cadre,
    year,
    own,
    list: await listState(ctx.db, list),
    items: views,
    amendments: amendments.map((r) => amendmentView(r.a, r.byName)),
    closedMonths: closed,
    completion: completionSeries(views.map((v) => ({ ...v, withdrawn: !!v.withdrawnAt }))),
    can,
  };
}

/** Lists of a year with their state and size, within the actor's scope. */
export async function listLists(ctx: Ctx, q: z.infer<typeof ListQuery>) {
  const year = q.year ?? Number(localDay(ctx.clock.now()).slice(0, 4));
  const scope = cadreScope(ctx.actor);
  const parts: SQL[] = [eq(orgCadres.status, 'active')];
  if (!scope.all) {
    const own: SQL[] = [];
    if (scope.unitIds.length) own.push(inArray(orgCadres.unitId, scope.unitIds));
    if (scope.cadreIds.length) own.push(inArray(orgCadres.id, scope.cadreIds));
    if (!own.length) return { items: [], total: 0, year, ownCadreId: null, can: { import: false } };
    parts.push(or(...own)!);
  }
  if (q.unitId) parts.push(eq(orgCadres.unitId, q.unitId));
  if (q.q) parts.push(ilike(orgCadres.name, `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  if (q.status === 'none') parts.push(isNull(deliveryLists.id));
  else if (q.status) parts.push(eq(deliveryLists.status, q.status));
  const where = and(...parts);
  const base = ctx.db
    .select({
      cadreId: orgCadres.id,
      name: orgCadres.name,
      post: orgCadres.post,
      unitId: orgCadres.unitId,
      unitName: orgUnits.name,
      listId: deliveryLists.id,
      status: deliveryLists.status,
      items:
        sql<number>`(select count(*) from ${deliveryItems} i where i.list_id = ${deliveryLists.id} and i.withdrawn_at is null)`.mapWith(
          Number,
        ),
      outOfScope:
        sql<number>`(select count(*) from ${deliveryItems} i where i.list_id = ${deliveryLists.id} and i.withdrawn_at is null and not i.in_scope)`.mapWith(
          Number,
        ),
    })
    .from(orgCadres)
    .leftJoin(orgUnits, eq(orgUnits.id, orgCadres.unitId))
    .leftJoin(deliveryLists, and(eq(deliveryLists.cadreId, orgCadres.id), eq(deliveryLists.year, year)));
  const items = await base
    .where(where)
    .orderBy(asc(orgUnits.sort), asc(orgCadres.name))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: count() })
    .from(orgCadres)
    .leftJoin(deliveryLists, and(eq(deliveryLists.cadreId, orgCadres.id), eq(deliveryLists.year, year)))
    .where(where);
  await recordAudit(ctx, { action: 'delivery.lists.read', objectType: 'delivery_list', objectId: null });
  const ownCadreId = ownCadreOnly(ctx.actor);
  return {
    items: items.map((i) => ({ ...i, status: (i.status ?? 'none') as ListStatus | 'none' })),
    total,
    year,
    ownCadreId,
    // A cadre drafts their own list on its page; an import is for those who draw up many.
    can: { import: holds(ctx.actor, 'delivery.draft') && !ownCadreId },
  };
}
