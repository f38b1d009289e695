import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { z } from 'zod';
import type { PeriodView } from '../../../common/contracts/org.ts';
import type { Executor } from '../../db/client.ts';
import { authUsers, orgPeriods } from '../../db/schema/index.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { write } from '../../lib/tx.ts';
import { periodCan } from './org.policy.ts';

export type PeriodRow = typeof orgPeriods.$inferSelect;
type Period = z.infer<typeof PeriodView>;

export function periodLabel(p: { year: number; quarter: number | null }): string {
  return p.quarter ? `${p.year}年第${'一二三四'[p.quarter - 1]}季度` : `${p.year}年度`;
}

const QUARTER_BOUNDS = [
  ['01-01', '03-31'],
  ['04-01', '06-30'],
  ['07-01', '09-30'],
  ['10-01', '12-31'],
] as const;

/** Periods as the actor sees them (all of them, or the given ids), by year and quarter. */
export async function listPeriods(ex: Executor, actor: Actor | null, ids?: string[]): Promise<Period[]> {
  const rows = await ex
    .select({
      id: orgPeriods.id,
      kind: orgPeriods.kind,
      year: orgPeriods.year,
      quarter: orgPeriods.quarter,
      startsOn: orgPeriods.startsOn,
      endsOn: orgPeriods.endsOn,
      status: orgPeriods.status,
      closedAt: orgPeriods.closedAt,
      closedByName: authUsers.displayName,
    })
    .from(orgPeriods)
    .leftJoin(authUsers, eq(authUsers.id, orgPeriods.closedBy))
    .where(ids ? inArray(orgPeriods.id, ids) : undefined)
    .orderBy(asc(orgPeriods.year), asc(orgPeriods.quarter));
  // The table's check constraints guarantee the kinds and statuses.
  return rows.map((p) => ({
    ...p,
    kind: p.kind as Period['kind'],
    status: p.status as Period['status'],
    label: periodLabel(p),
    can: periodCan(actor, p.status),
  }));
}

/** Opens an assessment year with its four quarters. */
export async function createYear(ctx: Ctx, year: number): Promise<Period[]> {
  return write(ctx, async (tx, audit) => {
    const existing = await tx.select().from(orgPeriods).where(eq(orgPeriods.year, year));
    if (existing.length) {
      const message = `${year}年度考核期已存在`;
      throw new AppError('ORG_PERIOD_YEAR_EXISTS', message, [{ path: 'body.year', message }]);
    }
    const by = ctx.actor?.userId;
    const rows = [
      {
        kind: 'year',
        year,
        quarter: null,
        startsOn: `${year}-01-01`,
        endsOn: `${year}-12-31`,
        createdBy: by,
      },
      ...QUARTER_BOUNDS.map(([s, e], i) => ({
        kind: 'quarter',
        year,
        quarter: i + 1,
        startsOn: `${year}-${s}`,
        endsOn: `${year}-${e}`,
        createdBy: by,
      })),
    ];
    const inserted = await tx.insert(orgPeriods).values(rows).returning({ id: orgPeriods.id });
    for (const p of inserted) audit({ action: 'org.period.create', objectType: 'period', objectId: p.id });
    return listPeriods(
      tx,
      ctx.actor,
      inserted.map((p) => p.id),
    );
  });
}

/** Closes or reopens a period; a closed period's records are read-only. */
export async function setPeriodStatus(ctx: Ctx, id: string, status: 'open' | 'closed'): Promise<Period> {
  return write(ctx, async (tx, audit) => {
    const [p] = await tx.select().from(orgPeriods).where(eq(orgPeriods.id, id)).for('update');
    if (!p) throw notFound('考核期');
    if (p.status === status)
      throw new AppError(
        'ORG_PERIOD_UNCHANGED',
        `${periodLabel(p)}已经是${status === 'closed' ? '关闭' : '开放'}状态`,
      );
    const now = ctx.clock.now();
    await tx
      .update(orgPeriods)
      .set({
        status,
        closedAt: status === 'closed' ? now : null,
        closedBy: status === 'closed' ? (ctx.actor?.userId ?? null) : null,
        updatedAt: now,
        updatedBy: ctx.actor?.userId,
      })
      .where(eq(orgPeriods.id, id));
    audit({
      action: status === 'closed' ? 'org.period.close' : 'org.period.reopen',
      objectType: 'period',
      objectId: id,
    });
    const [view] = await listPeriods(tx, ctx.actor, [id]);
    return view!;
  });
}

/**
 * Refuses a write dated inside a closed period. Every module calls this before changing a
 * record that belongs to a day.
 */
export async function assertPeriodOpen(ex: Executor, day: string): Promise<void> {
  const [closed] = await ex
    .select()
    .from(orgPeriods)
    .where(and(lte(orgPeriods.startsOn, day), gte(orgPeriods.endsOn, day), eq(orgPeriods.status, 'closed')))
    .limit(1);
  if (closed) {
    throw new AppError('PERIOD_CLOSED', `${day} 所在的考核期（${periodLabel(closed)}）已关闭，相关记录只读`);
  }
}
