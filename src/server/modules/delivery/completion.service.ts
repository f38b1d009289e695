import { sql } from 'drizzle-orm';
import { type CompletionSeries, seriesFromSums } from '../../../analytics/delivery.ts';
import { type Executor, rows, uuidArray } from '../../db/client.ts';

/**
 * Every list's weighted completion by month for a year, worked out where the items and reports
 * are stored: the same series completionSeries gives from one list's items and reports (see
 * analytics/delivery.ts), for many cadres at once. Only sums per list and month leave the
 * database. The sums are taken in whatever order the database adds them: the percentages are
 * rounded alike whatever the order (see `pct` in analytics/delivery.ts), so every figure is the
 * very one completionSeries gives on the list's page.
 */

export interface ListCompletion {
  listId: string;
  cadreId: string;
  completion: CompletionSeries;
}

export async function listCompletions(
  ex: Executor,
  year: number,
  cadreIds?: readonly string[],
): Promise<ListCompletion[]> {
  const months = Array.from({ length: 12 }, (_, m) => m + 1);
  // Per item: the progress reported for each month, and the latest report up to each month
  // (progress is cumulative; a month without a report counts the latest earlier one).
  const pivot = sql.raw(
    months.map((m) => `max(progress::float8) filter (where month = ${m}) as p${m}`).join(', '),
  );
  const carried = sql.raw(
    months
      .map((m) => `coalesce(${Array.from({ length: m }, (_, k) => `rp.p${m - k}`).join(', ')}) as r${m}`)
      .join(', '),
  );
  // Per list, the sums completionSeries takes, over the items that count, in the items' order.
  const planned = sql.raw(
    months
      .map((m) => `sum(c.w * coalesce((c.plan ->> ${m - 1})::float8, 0) / c.t) filter (where c.t > 0)`)
      .join(', '),
  );
  const reported = sql.raw(months.map((m) => `sum(c.w * c.r${m} / c.t) filter (where c.t > 0)`).join(', '));
  const only = cadreIds ? sql`and l.cadre_id = any(${uuidArray(cadreIds)})` : sql``;
  const found = await rows<{
    list_id: string;
    cadre_id: string;
    weights: number | null;
    first: number | null;
    last: number | null;
    planned: (number | null)[];
    reported: (number | null)[];
  }>(
    ex,
    sql`select c.list_id, c.cadre_id, sum(c.w) filter (where c.t > 0) as weights,
               min(c.first) filter (where c.t > 0) as first, max(c.last) filter (where c.t > 0) as last,
               array[${planned}]::float8[] as planned, array[${reported}]::float8[] as reported
        from (select l.id as list_id, l.cadre_id, i.seq, i.weight::float8 as w, i.monthly_plan as plan,
                     case when i.target_kind = 'value' then coalesce(i.target_value::float8, 0)
                          when jsonb_typeof(i.milestones) = 'array' then jsonb_array_length(i.milestones)::float8
                          else 0 end as t,
                     rp.first, rp.last, ${carried}
              from delivery_lists l
              left join delivery_items i on i.list_id = l.id and i.withdrawn_at is null
              left join (select item_id, min(month) as first, max(month) as last, ${pivot}
                         from delivery_reports where year = ${year} group by item_id) rp on rp.item_id = i.id
              where l.year = ${year} ${only}) c
        group by c.list_id, c.cadre_id`,
  );
  return found.map((l) => {
    const reportedSums = new Map<number, number>();
    if (l.first !== null && l.last !== null)
      for (let m = Number(l.first); m <= Number(l.last); m++)
        reportedSums.set(m, Number(l.reported[m - 1] ?? 0));
    return {
      listId: l.list_id,
      cadreId: l.cadre_id,
      completion: seriesFromSums({
        weights: Number(l.weights ?? 0),
        planned: l.planned.map((v) => Number(v ?? 0)),
        reported: reportedSums,
      }),
    };
  });
}
