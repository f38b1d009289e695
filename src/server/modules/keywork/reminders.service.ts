import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Cadence } from '../../../common/contracts/keywork.ts';
import type { Executor, Tx } from '../../db/client.ts';
import { keyworkReports, keyworkTasks, todoItems } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { addDays, endOfLocalDay, localDay } from '../../lib/time.ts';
import { loadCalendar } from '../org/calendar.service.ts';
import { defineRecurringJob } from '../system/jobs.service.ts';
import { addTodo, cancelTodosOf } from '../todo/todo.service.ts';
import { type ReportPeriod, reportPeriods } from './keywork.rules.ts';

/**
 * 报送提醒: each report period of a running task is a to-do of the lead unit's administrators,
 * due on the period's report deadline; the report closes it, and a period that can no longer be
 * reported (its deadline passed) is withdrawn from the list.
 */

/** To-dos of report periods point at `<task id>:<period end>`. */
export const PERIOD_RECORD = 'keywork_period';
export const periodRecordId = (taskId: string, periodEnd: string) => `${taskId}:${periodEnd}`;

type TaskRow = typeof keyworkTasks.$inferSelect;

/** The report periods of tasks as of today, with their due dates from the working-day calendar. */
export async function periodsOf(
  ex: Executor,
  tasks: TaskRow[],
  today: string,
): Promise<Map<string, ReportPeriod[]>> {
  const out = new Map<string, ReportPeriod[]>();
  if (!tasks.length) return out;
  const reports = await ex
    .select({ taskId: keyworkReports.taskId, periodEnd: keyworkReports.periodEnd })
    .from(keyworkReports)
    .where(
      inArray(
        keyworkReports.taskId,
        tasks.map((t) => t.id),
      ),
    );
  const from = tasks.map((t) => t.startsOn).sort()[0]!;
  // The current period ends at most a month from today; its report is due some working days later.
  const cal = await loadCalendar(ex, from, addDays(today, 80));
  for (const t of tasks) {
    const reported = new Set(reports.filter((r) => r.taskId === t.id).map((r) => r.periodEnd));
    out.set(t.id, reportPeriods(cal, { ...t, cadence: t.cadence as Cadence }, reported, today));
  }
  return out;
}

/**
 * Puts every open report period of running tasks (all, or the given ones) on the lead unit's
 * to-do list — once: the source key names the task, the period, the cadence and the lead unit,
 * so a re-run adds nothing and a corrected task gets the to-dos of its new lead unit.
 */
export async function scheduleReportTodos(ctx: Ctx, tx: Tx, taskIds?: string[]): Promise<number> {
  const today = localDay(ctx.clock.now());
  const tasks = await tx
    .select()
    .from(keyworkTasks)
    .where(
      and(
        eq(keyworkTasks.status, 'active'),
        lte(keyworkTasks.startsOn, today),
        taskIds ? inArray(keyworkTasks.id, taskIds) : undefined,
      ),
    );
  const periods = await periodsOf(tx, tasks, today);
  const wanted = tasks.flatMap((t) =>
    (periods.get(t.id) ?? [])
      .filter((p) => p.status === 'open')
      .map((p) => ({ t, p, key: `keywork.report:${t.id}:${p.periodEnd}:${t.cadence}:${t.leadUnitId}` })),
  );
  const known = new Set(
    wanted.length
      ? (
          await tx
            .select({ key: todoItems.sourceKey })
            .from(todoItems)
            .where(
              inArray(
                todoItems.sourceKey,
                wanted.map((w) => w.key),
              ),
            )
        ).map((r) => r.key)
      : [],
  );
  let added = 0;
  for (const { t, p, key } of wanted) {
    if (known.has(key)) continue;
    const id = await addTodo(ctx, tx, {
      module: 'keywork',
      kind: 'report',
      title: `报送《${t.title}》第 ${p.n} 期进度`,
      link: `/keywork/tasks/${t.id}`,
      recordType: PERIOD_RECORD,
      recordId: periodRecordId(t.id, p.periodEnd),
      assigneeRole: 'unit_admin',
      assigneeUnitId: t.leadUnitId,
      dueAt: endOfLocalDay(p.dueOn),
      sourceKey: key,
    });
    if (id) added += 1;
  }
  return added;
}

/** Withdraws the open report to-dos of a task's periods as they stood before a change of it. */
export async function withdrawReportTodos(ctx: Ctx, tx: Tx, task: TaskRow): Promise<void> {
  const today = localDay(ctx.clock.now());
  const periods = (await periodsOf(tx, [task], today)).get(task.id) ?? [];
  await cancelTodosOf(ctx, tx, {
    recordType: PERIOD_RECORD,
    recordIds: periods.map((p) => periodRecordId(task.id, p.periodEnd)),
  });
}

// Every hour: the periods that have begun go on the lead units' lists, and those whose report
// deadline has passed (missed, as the trigger rules count them) come off.
defineRecurringJob('keywork.report-todos', 3_600_000, async (_p, { ctx, tx }) => {
  const todos = await scheduleReportTodos(ctx, tx);
  await cancelTodosOf(ctx, tx, { recordType: PERIOD_RECORD, dueBefore: ctx.clock.now() });
  return { result: { todos } };
});
