import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { quarterLabel } from '../../../common/contracts/growth.ts';
import { rows, type Tx, uuidArray } from '../../db/client.ts';
import { growthScopeAmendments, growthScopeLocks, orgCadres } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { type Responsibility, responsibilitiesOnDay } from '../org/division.service.ts';
import { addTimelineEvents } from '../org/timeline.service.ts';
import { defineRecurringJob } from '../system/jobs.service.ts';
import { quarterBounds, quarterOf } from './quarters.ts';

/**
 * 职责锁定: at the start of a quarter each cadre's responsibility scope (the division of labour in
 * force, the key tasks they answer for, their task-list items) is frozen, before any result
 * comes in. A later change of the division becomes a dated amendment; outcomes are attributed by
 * the scope in force on each day. Lock and amendments go on the cadre's timeline.
 */

export interface ScopeSnapshot {
  responsibilities: Pick<Responsibility, 'unitName' | 'duties' | 'docNo' | 'scopes' | 'divisionId'>[];
  keyTasks: { id: string; title: string; part: string | null }[];
  taskItems: { id: string; title: string }[];
}

/** The labels a scope consists of (unit: domain …), to compare two scopes. */
export function scopeLabels(s: Pick<ScopeSnapshot, 'responsibilities' | 'keyTasks'>): string[] {
  const out = new Set<string>();
  for (const r of s.responsibilities)
    for (const x of r.scopes) out.add(`${r.unitName}：${x.lead ? '分管' : '协管'}${x.label}`);
  for (const t of s.keyTasks) out.add(`重点任务：${t.title}`);
  return [...out].sort();
}

/** Every cadre's scope on a day, at once: divisions in force, key tasks, the year's task-list items. */
async function snapshotsOn(tx: Tx, day: string, year: number): Promise<Map<string, ScopeSnapshot>> {
  const resp = await responsibilitiesOnDay(tx, day);
  const keyTasks = await rows<{ cadre_id: string; id: string; title: string; part: string | null }>(
    tx,
    sql`select tc.cadre_id, t.id, t.title, tc.part from keywork_task_cadres tc join keywork_tasks t on t.id = tc.task_id
        where tc.role = 'responsible' and t.starts_on <= ${day} and t.due_on >= ${day} order by t.title`,
  );
  const taskItems = await rows<{ cadre_id: string; id: string; title: string }>(
    tx,
    sql`select l.cadre_id, i.id, i.title from delivery_lists l join delivery_items i on i.list_id = l.id and i.withdrawn_at is null
        where l.year = ${year} order by i.seq`,
  );
  const out = new Map<string, ScopeSnapshot>();
  const of = (id: string) => {
    let x = out.get(id);
    if (!x) {
      x = { responsibilities: [], keyTasks: [], taskItems: [] };
      out.set(id, x);
    }
    return x;
  };
  for (const [id, list] of resp)
    of(id).responsibilities = list.map((r) => ({
      unitName: r.unitName,
      duties: r.duties,
      docNo: r.docNo,
      scopes: r.scopes,
      divisionId: r.divisionId,
    }));
  for (const t of keyTasks) of(t.cadre_id).keyTasks.push({ id: t.id, title: t.title, part: t.part });
  for (const t of taskItems) of(t.cadre_id).taskItems.push({ id: t.id, title: t.title });
  return out;
}

const EMPTY: ScopeSnapshot = { responsibilities: [], keyTasks: [], taskItems: [] };

/** Locks the quarter's scope of every active cadre not yet locked (the day frozen: the quarter's first). */
export async function lockQuarter(ctx: Ctx, quarter: string) {
  return write(ctx, (tx, audit) => lockQuarterIn(ctx, tx, audit, quarter));
}

export async function lockQuarterIn(ctx: Ctx, tx: Tx, audit: Audit, quarter: string) {
  const b = quarterBounds(quarter);
  // A cadre appointed during the quarter is locked on their first day.
  const cadres = await rows<{ id: string; since: string }>(
    tx,
    sql`select c.id, greatest(${b.start}::date, min(a.starts_on))::text as since
        from org_cadres c join org_appointments a on a.cadre_id = c.id
        where c.status = 'active' and a.starts_on <= ${b.end} and (a.ends_on is null or a.ends_on >= ${b.start})
        group by c.id`,
  );
  const done = new Set(
    (
      await tx
        .select({ cadreId: growthScopeLocks.cadreId })
        .from(growthScopeLocks)
        .where(eq(growthScopeLocks.quarter, quarter))
    ).map((r) => r.cadreId),
  );
  let locked = 0;
  const events = [];
  const byDay = new Map<string, Map<string, ScopeSnapshot>>();
  for (const c of cadres) {
    if (done.has(c.id)) continue;
    if (!byDay.has(c.since)) byDay.set(c.since, await snapshotsOn(tx, c.since, b.year));
    const snapshot = byDay.get(c.since)!.get(c.id) ?? EMPTY;
    const [row] = await tx
      .insert(growthScopeLocks)
      .values({ cadreId: c.id, quarter, lockedOn: c.since, snapshot, createdBy: ctx.actor?.userId ?? null })
      .onConflictDoNothing()
      .returning({ id: growthScopeLocks.id });
    if (!row) continue;
    locked++;
    events.push({
      cadreId: c.id,
      occurredOn: c.since,
      module: 'growth',
      kind: 'scope_lock',
      title: `职责范围锁定：${quarterLabel(quarter)}（${scopeLabels(snapshot).length} 项）`,
      recordType: 'growth_scope_lock',
      recordId: row.id,
      visibility: 'org_self' as const,
      createdBy: ctx.actor?.userId ?? null,
    });
  }
  for (let i = 0; i < events.length; i += 500) await addTimelineEvents(tx, events.slice(i, i + 500));
  audit({ action: 'growth.scope.lock', objectType: 'growth_quarter', objectId: quarter });
  return { quarter, locked, already: done.size };
}

/**
 * Records, for each locked scope of the quarter, a dated amendment where the division of labour
 * in force on `day` differs from the lock and the amendments so far. Runs daily, and after a lock.
 */
export async function recordAmendments(ctx: Ctx, tx: Tx, quarter: string, day: string): Promise<number> {
  const b = quarterBounds(quarter);
  if (day < b.start) return 0;
  const on = day > b.end ? b.end : day;
  const locks = await tx.select().from(growthScopeLocks).where(eq(growthScopeLocks.quarter, quarter));
  if (!locks.length) return 0;
  const amendments = await tx
    .select()
    .from(growthScopeAmendments)
    .where(
      inArray(
        growthScopeAmendments.lockId,
        locks.map((l) => l.id),
      ),
    )
    .orderBy(asc(growthScopeAmendments.effectiveOn));
  const active = new Set(
    (await tx.select({ id: orgCadres.id }).from(orgCadres).where(eq(orgCadres.status, 'active'))).map(
      (c) => c.id,
    ),
  );
  let n = 0;
  const events = [];
  const today = await snapshotsOn(tx, on, b.year);
  for (const lock of locks) {
    if (!active.has(lock.cadreId)) continue;
    const snap = lock.snapshot as ScopeSnapshot;
    const current = new Set(scopeLabels(snap));
    for (const a of amendments.filter((x) => x.lockId === lock.id)) {
      for (const r of a.removed as string[]) current.delete(r);
      for (const x of a.added as string[]) current.add(x);
    }
    const now = today.get(lock.cadreId) ?? EMPTY;
    const next = new Set(scopeLabels(now));
    const added = [...next].filter((x) => !current.has(x));
    const removed = [...current].filter((x) => !next.has(x));
    if (!added.length && !removed.length) continue;
    // Dated by the division version that brought the change (its effective date), or the day seen.
    const versions = now.responsibilities.map((r) => r.divisionId).sort();
    const since = await rows<{ d: string | null }>(
      tx,
      sql`select max(effective_from)::text as d from org_divisions where id = any(${uuidArray(versions)})`,
    );
    const effectiveOn = [since[0]?.d ?? on, on].filter((d) => d >= lock.lockedOn).sort()[0] ?? on;
    const [row] = await tx
      .insert(growthScopeAmendments)
      .values({
        lockId: lock.id,
        cadreId: lock.cadreId,
        effectiveOn,
        sourceKey: `${versions.join(',')}|${added.join('|')}|${removed.join('|')}`.slice(0, 2000),
        added,
        removed,
        createdBy: ctx.actor?.userId ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: growthScopeAmendments.id });
    if (!row) continue;
    n++;
    events.push({
      cadreId: lock.cadreId,
      occurredOn: effectiveOn,
      module: 'growth',
      kind: 'scope_amendment',
      title: `职责范围调整：${[...added.map((x) => `增 ${x}`), ...removed.map((x) => `减 ${x}`)].slice(0, 3).join('；')}`,
      recordType: 'growth_scope_amendment',
      recordId: row.id,
      visibility: 'org_self' as const,
      createdBy: ctx.actor?.userId ?? null,
    });
  }
  for (let i = 0; i < events.length; i += 500) await addTimelineEvents(tx, events.slice(i, i + 500));
  return n;
}

/** A cadre's locked scopes (latest first), with their amendments. */
export async function scopesOf(tx: Tx, cadreId: string) {
  const locks = await tx
    .select()
    .from(growthScopeLocks)
    .where(eq(growthScopeLocks.cadreId, cadreId))
    .orderBy(sql`${growthScopeLocks.quarter} desc`);
  const amendments = locks.length
    ? await tx
        .select()
        .from(growthScopeAmendments)
        .where(
          and(
            eq(growthScopeAmendments.cadreId, cadreId),
            inArray(
              growthScopeAmendments.lockId,
              locks.map((l) => l.id),
            ),
          ),
        )
        .orderBy(asc(growthScopeAmendments.effectiveOn))
    : [];
  return locks.map((l) => {
    const s = l.snapshot as ScopeSnapshot;
    return {
      id: l.id,
      quarter: l.quarter,
      lockedOn: l.lockedOn,
      createdAt: l.createdAt,
      responsibilities: s.responsibilities.map((r) => ({
        unitName: r.unitName,
        duties: r.duties,
        docNo: r.docNo,
        scopes: r.scopes.map((x) => ({ kind: x.kind, label: x.label, lead: x.lead })),
      })),
      keyTasks: s.keyTasks,
      amendments: amendments
        .filter((a) => a.lockId === l.id)
        .map((a) => ({
          effectiveOn: a.effectiveOn,
          added: a.added as string[],
          removed: a.removed as string[],
          createdAt: a.createdAt,
        })),
    };
  });
}

/** Daily: lock the current quarter once it has begun, and record amendments since. */
defineRecurringJob('growth.scopes', 24 * 3_600_000, async (_p, { ctx, tx, audit }) => {
  const quarter = quarterOf(ctx.clock.now());
  const lock = await lockQuarterIn(ctx, tx, audit, quarter);
  const amended = await recordAmendments(ctx, tx, quarter, localDay(ctx.clock.now()));
  return { result: { ...lock, amended } };
});
