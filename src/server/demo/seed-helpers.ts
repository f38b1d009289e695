/**
 * Helpers the demo's seeders share: instants at a local time of day, and bulk inserts.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.ts';
import { isSealedColumn } from '../db/schema/columns.ts';
import { endOfLocalDay } from '../lib/time.ts';

/** A local time of day on a day, as an instant. */
export const at = (day: string, hh: number, mm = 0) =>
  new Date(endOfLocalDay(day).getTime() + 1 - (24 - hh) * 3_600_000 + mm * 60_000);

/**
 * Bulk inserts: one JSON parameter per chunk, unpacked by jsonb_populate_recordset — on PGlite
 * several times faster than Drizzle's parameter per value. Defaults do not apply: every row gives
 * every column that must not be null.
 */
export async function insertChunks<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: T['$inferInsert'][],
  size = 5000,
) {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<
    string,
    { name: string; mapToDriverValue(v: unknown): unknown }
  >;
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
  const pairs = [...keys].map((k) => [k, columns[k]!.name] as const);
  // Raw SQL skips the column types: sealed free text is sealed here.
  const sealed = new Set([...keys].filter((k) => isSealedColumn(columns[k]!)));
  const list = sql.raw(pairs.map(([, n]) => `"${n}"`).join(', '));
  for (let i = 0; i < rows.length; i += size) {
    const json = JSON.stringify(
      rows.slice(i, i + size).map((r) =>
        Object.fromEntries(
          pairs.map(([k, n]) => {
            const v = (r as Record<string, unknown>)[k] ?? null;
            return [n, v !== null && sealed.has(k) ? columns[k]!.mapToDriverValue(v) : v];
          }),
        ),
      ),
    );
    await tx.execute(
      sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${json}::jsonb)`,
    );
  }
}
