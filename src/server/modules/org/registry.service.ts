import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  DictBody,
  LiaisonGroupBody,
  RegionBody,
  UnitBody,
  UnitView,
} from '../../../common/contracts/org.ts';
import type { Executor } from '../../db/client.ts';
import { orgCadres, orgDictItems, orgLiaisonGroups, orgRegions, orgUnits } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

// ——— regions ———

export async function listRegions(ex: Executor) {
  return ex.select().from(orgRegions).orderBy(asc(orgRegions.sort), asc(orgRegions.name));
}

/** A town or street (the jurisdiction itself is made at set-up). */
export async function createRegion(ctx: Ctx, body: z.infer<typeof RegionBody>) {
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(orgRegions)
      .values({ ...body, sort: body.sort ?? 0, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
      .returning();
    audit({ action: 'org.region.create', objectType: 'region', objectId: row!.id });
    return row!;
  });
}

// ——— dictionaries ———

export type DictKind = 'rank' | 'role_type' | 'domain' | 'tag' | 'department';

export async function listDict(ex: Executor, kind?: DictKind, includeInactive = false) {
  const parts = [];
  if (kind) parts.push(eq(orgDictItems.kind, kind));
  if (!includeInactive) parts.push(eq(orgDictItems.active, true));
  return ex
    .select()
    .from(orgDictItems)
    .where(parts.length ? and(...parts) : undefined)
    .orderBy(asc(orgDictItems.kind), asc(orgDictItems.sort), asc(orgDictItems.code));
}

/** code → name of one dictionary, for labels. */
export async function dictNames(ex: Executor, kind: DictKind): Promise<Map<string, string>> {
  const rows = await ex
    .select({ code: orgDictItems.code, name: orgDictItems.name })
    .from(orgDictItems)
    .where(eq(orgDictItems.kind, kind));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function createDictItem(ctx: Ctx, body: z.infer<typeof DictBody>) {
  return write(ctx, async (tx, audit) => {
    const [row] = await tx
      .insert(orgDictItems)
      .values({ ...body, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
      .returning();
    audit({ action: 'org.dict.create', objectType: 'dict_item', objectId: row!.id });
    return row!;
  });
}

export async function updateDictItem(ctx: Ctx, id: string, body: z.infer<typeof DictBody>) {
  return write(ctx, async (tx, audit) => {
    const [cur] = await tx.select().from(orgDictItems).where(eq(orgDictItems.id, id)).for('update');
    if (!cur) throw notFound('字典项');
    if (cur.kind !== body.kind || cur.code !== body.code) {
      // Codes are referenced by records; renaming a code would orphan them.
      throw new AppError('CONFLICT', '字典项的类型和编码不能修改，可修改名称或停用');
    }
    const [row] = await tx
      .update(orgDictItems)
      .set({ ...body, updatedBy: ctx.actor?.userId, updatedAt: ctx.clock.now() })
      .where(eq(orgDictItems.id, id))
      .returning();
    audit({ action: 'org.dict.update', objectType: 'dict_item', objectId: id });
    return row!;
  });
}

// ——— liaison groups ———

export async function listLiaisonGroups(ex: Executor) {
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
    .orderBy(asc(orgLiaisonGroups.sort), asc(orgLiaisonGroups.name));
}

export async function saveLiaisonGroup(ctx: Ctx, id: string | null, body: z.infer<typeof LiaisonGroupBody>) {
  return write(ctx, async (tx, audit) => {
    const values = { name: body.name, leaderCadreId: body.leaderCadreId ?? null, sort: body.sort ?? 0 };
    let row: typeof orgLiaisonGroups.$inferSelect | undefined;
    if (id) {
      [row] = await tx
        .update(orgLiaisonGroups)
        .set({ ...values, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
        .where(eq(orgLiaisonGroups.id, id))
        .returning();
      if (!row) throw notFound('编组');
    } else {
      [row] = await tx
        .insert(orgLiaisonGroups)
        .values({ ...values, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
        .returning();
    }
    audit({
      action: id ? 'org.group.update' : 'org.group.create',
      objectType: 'liaison_group',
      objectId: row!.id,
    });
    return row!;
  });
}

// ——— units ———

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
  return { items: items as UnitView[], total };
}

export async function getUnit(ex: Executor, id: string): Promise<UnitView> {
  const [row] = await ex
    .select(unitSelect())
    .from(orgUnits)
    .leftJoin(orgRegions, eq(orgRegions.id, orgUnits.regionId))
    .leftJoin(orgLiaisonGroups, eq(orgLiaisonGroups.id, orgUnits.liaisonGroupId))
    .where(eq(orgUnits.id, id));
  if (!row) throw notFound('单位');
  return row as UnitView;
}

export interface UnitTreeNode {
  key: string;
  title: string;
  kind: 'group' | 'unit';
  unit?: UnitView;
  children?: UnitTreeNode[];
}

/**
 * The unit tree as the organization department sees it: liaison groups, their units, and
 * sub-units under their parents; units outside any group come last.
 */
export async function unitTree(ex: Executor): Promise<UnitTreeNode[]> {
  const { items } = await listUnits(ex, {}, { limit: 100000, offset: 0 });
  const groups = await listLiaisonGroups(ex);
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
  return tree;
}

export async function saveUnit(ctx: Ctx, id: string | null, body: z.infer<typeof UnitBody>) {
  return write(ctx, async (tx, audit) => {
    if (id && body.parentId === id) throw new AppError('VALIDATION_FAILED', '上级单位不能是本单位');
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
    let row: typeof orgUnits.$inferSelect | undefined;
    if (id) {
      [row] = await tx
        .update(orgUnits)
        .set({ ...values, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.userId })
        .where(eq(orgUnits.id, id))
        .returning();
      if (!row) throw notFound('单位');
    } else {
      [row] = await tx
        .insert(orgUnits)
        .values({ ...values, createdBy: ctx.actor?.userId, updatedBy: ctx.actor?.userId })
        .returning();
    }
    audit({ action: id ? 'org.unit.update' : 'org.unit.create', objectType: 'unit', objectId: row!.id });
    return row!;
  });
}
