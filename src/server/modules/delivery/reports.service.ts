import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ReportBody } from '../../../common/contracts/delivery.ts';
import type { Tx } from '../../db/client.ts';
import { deliveryItems, deliveryLists, deliveryReports, orgCadres } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { addDays, endOfLocalDay, localDay } from '../../lib/time.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { loadCalendar } from '../org/calendar.service.ts';
import { assertPeriodOpen } from '../org/periods.service.ts';
import { defineJob, defineRecurringJob, enqueue } from '../system/jobs.service.ts';
import { addTodoForCadre, completeTodosOf } from '../todo/todo.service.ts';
import { assertCanActFor } from './delivery.policy.ts';

/** Reports are due by the 5th working day of the following month. */
export const REPORT_DUE_WORKING_DAYS = 5;

/** The last day of a month. */
export const lastDayOf = (year: number, month: number) =>
  addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`, -1);

/** The deadline (a day) of the report for a month: the n-th working day of the next month. */
export async function reportDeadline(ex: Tx, year: number, month: number): Promise<string> {
  const first = addDays(lastDayOf(year, month), 1);
  const cal = await loadCalendar(ex, first, addDays(first, 60));
  // The first working day of the month, then four more.
  return cal.addWorkingDays(cal.addWorkingDays(first, 0), REPORT_DUE_WORKING_DAYS - 1);
}

/**
 * 月度履职交付: the cumulative progress of an item at the end of a month, with an account. A
 * report after the deadline is kept and marked late. Reports are not overwritten.
 */
export async function submitReport(ctx: Ctx, itemId: string, body: z.infer<typeof ReportBody>) {
  return write(ctx, (tx, audit) => insertReport(ctx, tx, audit, itemId, body));
}

export async function insertReport(
  ctx: Ctx,
  tx: Tx,
  audit: Audit,
  itemId: string,
  body: z.infer<typeof ReportBody>,
) {
  const [r] = await tx
    .select({ item: deliveryItems, list: deliveryLists, cadre: orgCadres })
    .from(deliveryItems)
    .innerJoin(deliveryLists, eq(deliveryLists.id, deliveryItems.listId))
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryLists.cadreId))
    .where(eq(deliveryItems.id, itemId));
  if (!r) throw notFound('清单事项');
  if (ctx.actor) assertCanActFor(ctx, r.cadre);
  if (r.list.status !== 'confirmed')
    throw new AppError('DELIVERY_LIST_NOT_CONFIRMED', '清单经组织部门确认后才能填报月度进度');
  if (r.item.withdrawnAt) throw new AppError('DELIVERY_ITEM_WITHDRAWN', '该事项已撤回，无需填报');
  const now = ctx.clock.now();
  const today = localDay(now);
  const monthEnd = lastDayOf(r.list.year, body.month);
  if (`${r.list.year}-${String(body.month).padStart(2, '0')}-01` > today) {
    throw monthError('DELIVERY_MONTH_NOT_STARTED', `${body.month} 月尚未开始，不能填报`);
  }
  try {
    await assertPeriodOpen(tx, monthEnd);
  } catch (e) {
    // The month is what the user chose: say so next to it.
    if (e instanceof AppError)
      throw new AppError(e.code, e.message, [{ path: 'body.month', message: e.message }]);
    throw e;
  }
  const [prev] = await tx
    .select({ progress: deliveryReports.progress, month: deliveryReports.month })
    .from(deliveryReports)
    .where(
      and(
        eq(deliveryReports.itemId, itemId),
        eq(deliveryReports.year, r.list.year),
        sql`${deliveryReports.month} < ${body.month}`,
      ),
    )
    .orderBy(sql`${deliveryReports.month} desc`)
    .limit(1);
  if (prev && body.progress < Number(prev.progress)) {
    const message = `累计进度不能少于 ${prev.month} 月已填报的 ${Number(prev.progress)}`;
    throw new AppError('DELIVERY_PROGRESS_DECREASING', message, [{ path: 'body.progress', message }]);
  }
  const deadline = await reportDeadline(tx, r.list.year, body.month);
  const [row] = await tx
    .insert(deliveryReports)
    .values({
      itemId,
      year: r.list.year,
      month: body.month,
      progress: String(body.progress),
      account: body.account ?? null,
      deadline,
      late: now > endOfLocalDay(deadline),
      submittedAt: now,
      submittedBy: ctx.actor?.userId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw monthError('DELIVERY_REPORT_EXISTS', `${body.month} 月的进度已填报；如需更正，请联系组织部门登记`);
  // When every item of the list has this month's report, the month's to-do is done.
  const [{ missing } = { missing: 0 }] = await tx
    .select({ missing: sql<number>`count(*)`.mapWith(Number) })
    .from(deliveryItems)
    .where(
      and(
        eq(deliveryItems.listId, r.list.id),
        isNull(deliveryItems.withdrawnAt),
        sql`not exists (select 1 from ${deliveryReports} x where x.item_id = ${deliveryItems.id} and x.year = ${r.list.year} and x.month = ${body.month})`,
      ),
    );
  if (missing === 0) {
    await completeTodosOf(ctx, tx, {
      recordType: 'delivery_list',
      recordId: r.list.id,
      kind: `report.${r.list.year}-${body.month}`,
    });
  }
  audit({ action: 'delivery.report.submit', objectType: 'delivery_item', objectId: itemId });
  return {
    id: row.id,
    itemId: row.itemId,
    year: row.year,
    month: row.month,
    progress: Number(row.progress),
    account: row.account,
    deadline: row.deadline,
    late: row.late,
    submittedAt: row.submittedAt,
  };
}

const monthError = (code: 'DELIVERY_MONTH_NOT_STARTED' | 'DELIVERY_REPORT_EXISTS', message: string) =>
  new AppError(code, message, [{ path: 'body.month', message }]);

/**
 * Puts “report month M” on the to-do list of every cadre with a confirmed list once M has
 * ended, due on the deadline; addTodo's reminder comes a day before.
 */
export async function scheduleReportTodos(ctx: Ctx, tx: Tx, year: number, month: number): Promise<number> {
  const deadline = await reportDeadline(tx, year, month);
  // The reminder comes at 9:00 on the working day before the deadline.
  const first = addDays(lastDayOf(year, month), 1);
  const cal = await loadCalendar(tx, first, addDays(first, 60));
  const eve = cal.addWorkingDays(cal.addWorkingDays(first, 0), REPORT_DUE_WORKING_DAYS - 2);
  const _remindAt = new Date(endOfLocalDay(eve).getTime() - 15 * 3_600_000 + 1);
  const lists = await tx
    .select({
      listId: deliveryLists.id,
      cadreId: orgCadres.id,
      name: orgCadres.name,
      unitId: orgCadres.unitId,
    })
    .from(deliveryLists)
    .innerJoin(orgCadres, eq(orgCadres.id, deliveryLists.cadreId))
    .where(
      and(
        eq(deliveryLists.year, year),
        eq(deliveryLists.status, 'confirmed'),
        eq(orgCadres.status, 'active'),
      ),
    );
  const done = new Set(
    (
      await tx
        .select({ listId: deliveryItems.listId })
        .from(deliveryReports)
        .innerJoin(deliveryItems, eq(deliveryItems.id, deliveryReports.itemId))
        .where(
          and(
            eq(deliveryReports.year, year),
            eq(deliveryReports.month, month),
            inArray(
              deliveryItems.listId,
              lists.map((l) => l.listId).concat(['00000000-0000-0000-0000-000000000000']),
            ),
          ),
        )
    ).map((d) => d.listId),
  );
  let n = 0;
  for (const l of lists) {
    if (done.has(l.listId)) continue;
    await addTodoForCadre(
      ctx,
      tx,
      { id: l.cadreId, unitId: l.unitId },
      {
        module: 'delivery',
        kind: `report.${year}-${month}`,
        // A unit administrator acts for every cadre of the unit without an account: name each.
        title: `填报${l.name} ${year} 年 ${month} 月履职交付（截止 ${deadline}）`,
        link: `/delivery/lists/${l.cadreId}/${year}`,
        recordType: 'delivery_list',
        recordId: l.listId,
        dueAt: endOfLocalDay(deadline),
        sourceKey: `delivery.report:${l.listId}:${year}-${month}`,
      },
    );
    n += 1;
  }
  return n;
}

// Every few hours: once a month has ended, its reports go on the cadres' to-do lists — by a
// job with the month in its unique key, so that it happens once per month.
defineRecurringJob('delivery.report-todos', 6 * 3_600_000, async (_p, { ctx, tx }) => {
  const today = localDay(ctx.clock.now());
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const prev = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
  await enqueue(tx, {
    kind: 'delivery.report-todos.month',
    payload: prev,
    runAt: ctx.clock.now(),
    uniqueKey: `delivery.report-todos:${prev.year}-${prev.month}`,
  });
});

defineJob('delivery.report-todos.month', async (p, { ctx, tx }) => {
  const n = await scheduleReportTodos(ctx, tx, Number(p.year), Number(p.month));
  return { result: { todos: n } };
});
