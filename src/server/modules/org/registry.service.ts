import { and, asc, count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  DictBody,
  DictItemView,
  LiaisonGroupBody,
  LiaisonGroupView,
  RegionBody,
  RegionView,
  UnitBody,
  UnitTreeNode,
  UnitView,
} from '../../../common/contracts/org.ts';
import type { Executor } from '../../db/client.ts';
import { orgCadres, orgDictItems, orgLiaisonGroups, orgRegions, orgUnits } from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { homeUnit, registryCan, unitCan } from './org.policy.ts';

type Region = z.infer<typeof RegionView>;
type DictItem = z.infer<typeof DictItemView>;
type LiaisonGroup = z.infer<typeof LiaisonGroupView>;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

// ——— regions ———

const regionColumns = {
  id: orgRegions.id,
  code: orgRegions.code,
  name: orgRegions.name,
  kind: orgRegions.kind,
  sort: orgRegions.sort,
};
// The table's check constraint guarantees the kinds.
const toRegion = (r: { kind: string } & Omit<Region, 'kind'>): Region => ({
  ...r,
  kind: r.kind as Region['kind'],
});

export async function listRegions(ex: Executor): Promise<Region[]> {
  const rows = await ex
    .select(regionColumns)
    .from(orgRegions)
    .orderBy(asc(orgRegions.sort), asc(orgRegions.name));
  return rows.map(toRegion);
}

/** A town or street (the jurisdiction itself is made at set-up). */
export async function createRegion(ctx: Ctx, body: z.infer<typeof RegionBody>): Promise<Region> {
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(orgRegions)
      .values({ ...body, sort: body.sort ?? 0, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
      .returning(regionColumns);
    audit({ action: 'org.region.create', objectType: 'region', objectId: row!.id });
    return toRegion(row!);
  });
}

// ——— dictionaries ———

export type DictKind = 'rank' | 'role_type' | 'domain' | 'tag' | 'department';

const dictColumns = {
  id: orgDictItems.id,
  kind: orgDictItems.kind,
  code: orgDictItems.code,
  name: orgDictItems.name,
  description: orgDictItems.description,
  sort: orgDictItems.sort,
  active: orgDictItems.active,
};
function toDictItem(actor: Actor | null, r: Omit<DictItem, 'kind' | 'can'> & { kind: string }): DictItem {
  return { ...r, kind: r.kind as DictKind, can: registryCan(actor) };
}

export async function listDict(
  ex: Executor,
  actor: Actor | null,
  kind?: DictKind,
  includeInactive = false,
): Promise<DictItem[]> {
  const parts = [];
  if (kind) parts.push(eq(orgDictItems.kind, kind));
  if (!includeInactive) parts.push(eq(orgDictItems.active, true));
  const rows = await ex
    .select(dictColumns)
    .from(orgDictItems)
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(asc(orgDictItems.kind), asc(orgDictItems.sort), asc(orgDictItems.code));
  return rows.map((r) => toDictItem(actor, r));
}

/** code → name of one dictionary, for labels. */
export async function dictNames(ex: Executor, kind: DictKind): Promise<Map<string, string>> {
  return (await dictNamesOf(ex, [kind]))[kind];
}

/** code → name of several dictionaries, read together. */
export async function dictNamesOf<K extends DictKind>(
  ex: Executor,
  kinds: K[],
): Promise<Record<K, Map<string, string>>> {
  const rows = await ex
    .select({ kind: orgDictItems.kind, code: orgDictItems.code, name: orgDictItems.name })
    .from(orgDictItems)
    .where(inArray(orgDictItems.kind, kinds));
  const out = Object.fromEntries(kinds.map((k) => [k, new Map<string, string>()])) as Record<
    K,
    Map<string, string>
  >;
  for (const r of rows) out[r.kind as K].set(r.code, r.name);
  return out;
}

export async function createDictItem(ctx: Ctx, body: z.infer<typeof DictBody>): Promise<DictItem> {
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(orgDictItems)
      .values({ ...body, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
      .returning(dictColumns);
    audit({ action: 'org.dict.create', objectType: 'dict_item', objectId: row!.id });
    return toDictItem(ctx.actor, row!);
  });
}

export async function updateDictItem(
  ctx: Ctx,
  id: string,
  body: z.infer<typeof DictBody>,
): Promise<DictItem> {
  return write(ctx, async (tx, audit) => {
    const [cur] = await tx.select().from(orgDictItems).where(eq(orgDictItems.id, id)).for('update');
    if (!cur) throw notFound('字典项');
    if (cur.kind !== body.kind || cur.code !== body.code) {
      // Codes are referenced by records; renaming a code would orphan them.
      throw new AppError('ORG_DICT_KEY_FIXED', undefined, [
        { path: cur.kind !== body.kind ? 'body.kind' : 'body.code', message: '创建后不能修改' },
      ]);
    }
    const [row] = await tx
      .update(orgDictItems)
      .set({ ...body, updatedBy: ctx.actor?.userId, updatedAt: ctx.clock.now() })
      .where(eq(orgDictItems.id, id))
      .returning(dictColumns);
    audit({ action: 'org.dict.update', objectType: 'dict_item', objectId: id });
    return toDictItem(ctx.actor, row!);
  });
}

// ——— liaison groups ———

function groupQuery(ex: Executor) {
  return ex
    .select({
      id: orgLiaisonGroups.id,
      name: orgLiaisonGroups.name,
      sort: orgLiaisonGroups.sort,
      leaderCadreId: orgLiaisonGroups.leaderCadreId,
      leaderName: orgCadres.name,
      leaderPost: orgCadres.post,
      unitCount:
        sql<number>`(select count(*) from ${orgUnits} u where u.liaison_group_id = ${orgLiaisonGroups.id} and u.status = 'active')`.mapWith(
          Number,
        ),
    })
    .from(orgLiaisonGroups)
    .leftJoin(orgCadres, eq(orgCadres.id, orgLiaisonGroups.leaderCadreId))
    .$dynamic();
}

export async function listLiaisonGroups(ex: Executor, actor: Actor | null): Promise<LiaisonGroup[]> {
  const rows = await groupQuery(ex).orderBy(asc(orgLiaisonGroups.sort), asc(orgLiaisonGroups.name));
  return rows.map((g) => ({ ...g, can: registryCan(actor) }));
}

async function getLiaisonGroup(ex: Executor, actor: Actor | null, id: string): Promise<LiaisonGroup> {
  const [g] = await groupQuery(ex).where(eq(orgLiaisonGroups.id, id));
  if (!g) throw notFound('编组');
  return { ...g, can: registryCan(actor) };
}

export async function saveLiaisonGroup(
  ctx: Ctx,
  id: string | null,
  body: z.infer<typeof LiaisonGroupBody>,
): Promise<LiaisonGroup> {
  return write(ctx, async (tx, audit) => {
    const values = { name: body.name, leaderCadreId: body.leaderCadreId ?? null, sort: body.sort ?? 0 };
    let row: { id: string } | undefined;
    if (id) {
      [row] = await tx
        .update(orgLiaisonGroups)
        .set({ ...values, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
        .where(eq(orgLiaisonGroups.id, id))
        .returning({ id: orgLiaisonGroups.id });
      if (!row) throw notFound('编组');
    } else {
      [row] = await tx
        .insert(orgLiaisonGroups)
        .values({ ...values, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
        .returning({ id: orgLiaisonGroups.id });
    }
    audit({
      action: id ? 'org.group.update' : 'org.group.create',
      objectType: 'liaison_group',
      objectId: row!.id,
    });
    return getLiaisonGroup(tx, ctx.actor, row!.id);
  });
}

// ——— units ———

type UnitRow = Omit<UnitView, 'kind' | 'status' | 'can'> & { kind: string; status: string };

// The table's check constraints guarantee the kinds and statuses.
function toUnit(actor: Actor | null, u: UnitRow): UnitView {
  return {
    ...u,
    kind: u.kind as UnitView['kind'],
    status: u.status as UnitView['status'],
    can: unitCan(actor, u.id),
  };
}

function unitSelect() {
  return {
    id: orgUnits.id,
    code: orgUnits.code,
    name: orgUnits.name,
    shortName: orgUnits.shortName,
    kind: orgUnits.kind,
    parentId: orgUnits.parentId,
    regionId: orgUnits.regionId,
    regionName: orgRegions.name,
    liaisonGroupId: orgUnits.liaisonGroupId,
    liaisonGroupName: orgLiaisonGroups.name,
    sort: orgUnits.sort,
    status: orgUnits.status,
    cadreCount:
      sql<number>`(select count(*) from ${orgCadres} c where c.unit_id = ${orgUnits.id} and c.status = 'active')`.mapWith(
        Number,
      ),
  };
}

export async function listUnits(
  ex: Executor,
  actor: Actor | null,
  f: { q?: string; kind?: string; liaisonGroupId?: string },
  page: { limit: number; offset: number },
): Promise<{ items: UnitView[]; total: number }> {
  const parts = [eq(orgUnits.status, 'active')];
  if (f.q) parts.push(or(ilike(orgUnits.name, like(f.q)), ilike(orgUnits.code, like(f.q)))!);
  if (f.kind) parts.push(eq(orgUnits.kind, f.kind));
  if (f.liaisonGroupId) parts.push(eq(orgUnits.liaisonGroupId, f.liaisonGroupId));
  const where = and(...parts);
  const items = await ex
    .select(unitSelect())
    .from(orgUnits)
    .leftJoin(orgRegions, eq(orgRegions.id, orgUnits.regionId))
    .leftJoin(orgLiaisonGroups, eq(orgLiaisonGroups.id, orgUnits.liaisonGroupId))
    .where(where)
    .orderBy(asc(orgUnits.sort), asc(orgUnits.name))
    .limit(page.limit)
    .offset(page.offset);
  const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(orgUnits).where(where);
  return { items: items.map((u) => toUnit(actor, u)), total };
}

export async function getUnit(ex: Executor, actor: Actor | null, id: string): Promise<UnitView> {
  const [row] = await ex
    .select(unitSelect())
    .from(orgUnits)
    .leftJoin(orgRegions, eq(orgRegions.id, orgUnits.regionId))
    .leftJoin(orgLiaisonGroups, eq(orgLiaisonGroups.id, orgUnits.liaisonGroupId))
    .where(eq(orgUnits.id, id));
  if (!row) throw notFound('单位');
  return toUnit(actor, row);
}

/**
 * The unit tree as the organization department sees it: liaison groups, their units, and
 * sub-units under their parents; units outside any group come last.
 */
export async function unitTree(
  ex: Executor,
  actor: Actor | null,
): Promise<{ tree: UnitTreeNode[]; home: string | null }> {
  const { items } = await listUnits(ex, actor, {}, { limit: 100000, offset: 0 });
  const groups = await listLiaisonGroups(ex, actor);
  const byParent = new Map<string, UnitView[]>();
  for (const u of items) {
    if (!u.parentId) continue;
    byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  }
  const node = (u: UnitView): UnitTreeNode => {
    const kids = byParent.get(u.id) ?? [];
    return {
      key: u.id,
      title: u.name,
      kind: 'unit',
      unit: u,
      ...(kids.length ? { children: kids.map(node) } : {}),
    };
  };
  const top = items.filter((u) => !u.parentId);
  const tree: UnitTreeNode[] = groups.map((g) => ({
    key: `group:${g.id}`,
    title: `${g.name}${g.leaderName ? `（包联：${g.leaderName}）` : ''}`,
    kind: 'group',
    children: top.filter((u) => u.liaisonGroupId === g.id).map(node),
  }));
  const loose = top.filter((u) => !u.liaisonGroupId);
  if (loose.length)
    tree.push({ key: 'group:none', title: '未编组单位', kind: 'group', children: loose.map(node) });
  return { tree, home: homeUnit(actor) };
}

export async function saveUnit(
  ctx: Ctx,
  id: string | null,
  body: z.infer<typeof UnitBody>,
): Promise<UnitView> {
  return write(ctx, async (tx, audit) => {
    if (id && body.parentId && (await isWithin(tx, body.parentId, id)))
      throw new AppError('ORG_UNIT_OWN_PARENT', undefined, [
        { path: 'body.parentId', message: '上级单位不能是本单位或其下属单位' },
      ]);
    const values = {
      code: body.code,
      name: body.name,
      shortName: body.shortName ?? null,
      kind: body.kind,
      parentId: body.parentId ?? null,
      regionId: body.regionId,
      liaisonGroupId: body.liaisonGroupId ?? null,
      sort: body.sort ?? 0,
    };
    let row: { id: string } | undefined;
    if (id) {
      [row] = await tx
        .update(orgUnits)
        .set({ ...values, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
        .where(eq(orgUnits.id, id))
        .returning({ id: orgUnits.id });
      if (!row) throw notFound('单位');
    } else {
      [row] = await tx
        .insert(orgUnits)
        .values({ ...values, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
        .returning({ id: orgUnits.id });
    }
    audit({ action: id ? 'org.unit.update' : 'org.unit.create', objectType: 'unit', objectId: row!.id });
    return getUnit(tx, ctx.actor, row!.id);
  });
}

/** Whether `unitId` is `ancestorId` or below it (a unit cannot be placed under itself). */
async function isWithin(ex: Executor, unitId: string, ancestorId: string): Promise<boolean> {
  const seen = new Set<string>();
  let cur: string | null = unitId;
  while (cur && !seen.has(cur)) {
    if (cur === ancestorId) return true;
    seen.add(cur);
    const [u]: { parentId: string | null }[] = await ex
      .select({ parentId: orgUnits.parentId })
      .from(orgUnits)
      .where(eq(orgUnits.id, cur));
    cur = u?.parentId ?? null;
  }
  return false;
}
