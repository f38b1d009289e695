import type { z } from 'zod';
import type { Permission } from '../../../common/permissions.ts';
import type { Executor, Tx } from '../../db/client.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import type { Audit } from '../../lib/tx.ts';

export interface ImportColumn {
  key: string;
  title: string;
  required?: boolean;
  example?: string;
  note?: string;
  /**
   * A year-month (出生年月) or date (任职日期) column: the engine reads the cell as the file holds it
   * (a date cell, a number in its shown format, text) and hands `parse` `YYYY-MM` / `YYYY-MM-DD`;
   * a value that could mean two months refuses the row, naming the cell. The template formats the
   * column as text so that what is typed is kept.
   */
  kind?: 'month' | 'day';
  /**
   * A number column: the engine refuses a cell that is not one (「目标值」应为数字，实际为「约 5 个」)
   * before `parse` sees the row, so every such cell of every row is reported.
   */
  type?: 'number' | 'integer';
}

export interface RowIssue {
  row: number;
  column?: string;
  message: string;
}

export interface ApplyCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * One kind of import. The engine reads the file, hands each row to `parse`, refuses the whole
 * file when any row has a problem, and otherwise calls `apply` chunk by chunk; `apply` must be
 * idempotent (the same row twice changes nothing).
 */
export interface Importer<Row = unknown, Prep = unknown, Options = unknown> {
  kind: string;
  /** What the file holds, in Chinese (干部名册). */
  title: string;
  permission: Permission;
  columns: ImportColumn[];
  /** File types accepted: 'xlsx', 'csv', 'lrmx'. */
  accept: ('xlsx' | 'csv' | 'lrmx')[];
  /** Choices made in the upload form that apply to every row (e.g. the unit of lrmx files). */
  options?: z.ZodType<Options>;
  notes?: string[];
  /** Loads what validation needs (dictionaries, existing records) once per run; `actor` is the uploader, `now` the job's clock. */
  prepare(ex: Executor, options: Options, actor: Actor | null, now: Date): Promise<Prep>;
  /** One row of text by column key → a row to apply, or its problems. */
  parse(
    raw: Record<string, string>,
    prep: Prep,
    options: Options,
  ): { row?: Row; issues?: { column?: string; message: string }[] };
  /** The natural key: the same key twice in one file is an error. */
  key(row: Row): string;
  /** Writes one chunk of checked rows (validation loaded `prepare`'s data; apply reads what it needs). */
  apply(ctx: Ctx, tx: Tx, audit: Audit, rows: Row[], options: Options, batchId: string): Promise<ApplyCounts>;
  /** Rows written per transaction (default 100): larger for simple rows written in bulk. */
  chunkSize?: number;
  /** The most rows one file may hold (default 50,000). */
  maxRows?: number;
  /** For files that are not tables (lrmx): the rows they hold. */
  readFile?(name: string, bytes: Buffer): Record<string, string>;
}

/** The problem with a number column's cell, or null when it holds what the column expects. */
export function numberCellProblem(column: ImportColumn, text: string): string | null {
  if (!column.type || text === '') return null;
  const value = Number(text);
  const integer = column.type === 'integer';
  if (Number.isFinite(value) && (!integer || Number.isInteger(value))) return null;
  return `「${column.title}」应为${integer ? '整数' : '数字'}，实际为「${text}」`;
}

/** A required column left empty. */
export function emptyCellProblem(column: ImportColumn, text: string): string | null {
  return column.required && text === '' ? `「${column.title}」必须填写` : null;
}

/**
 * The words for one problem, as the uploader reads it outside the report's table:
 * 第 3 行「目标值」应为数字，实际为「约 5 个」.
 */
export function issueText(i: RowIssue): string {
  const where = i.row > 0 ? `第 ${i.row} 行` : '';
  const column = i.column && !i.message.startsWith(`「${i.column}」`) ? `「${i.column}」` : '';
  return `${where}${column}${i.message}`;
}

const importers = new Map<string, Importer>();

/** Each module declares its imports at load time. */
export function defineImporter<Row, Prep, Options>(i: Importer<Row, Prep, Options>): void {
  importers.set(i.kind, i as unknown as Importer);
}

export function getImporter(kind: string): Importer | undefined {
  return importers.get(kind);
}

export function listImporters(): Importer[] {
  return [...importers.values()];
}
