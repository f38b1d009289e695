import path from 'node:path';
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ImportBatchView, ImportIssue } from '../../../common/contracts/imports.ts';
import { roleHas } from '../../../common/permissions.ts';
import type { Tx } from '../../db/client.ts';
import { rows } from '../../db/client.ts';
import { authUsers, importBatchChunks, importBatches } from '../../db/schema/index.ts';
import { dayCell, yearMonthCell } from '../../lib/cell-dates.ts';
import type { Actor, Ctx } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { sm3Hex } from '../../lib/hash.ts';
import { type Audit, write } from '../../lib/tx.ts';
import { cellAddress, readCsv, readXlsx, templateXlsx } from '../../lib/xlsx.ts';
import { grantsOf } from '../auth/auth.repository.ts';
import { defineJob, enqueue, wakeJobs } from '../system/jobs.service.ts';
import {
  type ApplyCounts,
  emptyCellProblem,
  getImporter,
  type Importer,
  numberCellProblem,
  type RowIssue,
} from './imports.engine.ts';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
// Small enough that one chunk holds the embedded database for only tens of milliseconds.
const APPLY_CHUNK = 100;
const MAX_REPORTED_ISSUES = 1000;

type Batch = typeof importBatches.$inferSelect;

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

function importerFor(ctx: Ctx, kind: string): Importer {
  const imp = getImporter(kind);
  if (!imp) throw notFound('导入类型');
  // The command line (no actor) is run by whoever operates the server.
  if (ctx.actor && !ctx.actor.grants.some((g) => roleHas(g.role, imp.permission)))
    throw new AppError('FORBIDDEN');
  return imp;
}

export async function importTemplate(ctx: Ctx, kind: string): Promise<{ name: string; bytes: Buffer }> {
  const imp = importerFor(ctx, kind);
  if (!imp.accept.includes('xlsx')) throw new AppError('BAD_REQUEST', `${imp.title}不使用表格模板`);
  return {
    name: `${imp.title}导入模板.xlsx`,
    bytes: await templateXlsx({ title: imp.title, columns: imp.columns, notes: imp.notes }),
  };
}

function extensionOf(name: string): string {
  return path.extname(name).slice(1).toLowerCase();
}

/**
 * Accepts a file (or several lrmx files) for import: checks type and size, stores it with the
 * batch, and queues the job that validates and applies it.
 */
export async function startImport(ctx: Ctx, kind: string, files: UploadedFile[], rawOptions: unknown) {
  const imp = importerFor(ctx, kind);
  if (files.length === 0) throw new AppError('VALIDATION_FAILED', '请选择要导入的文件');
  for (const f of files) {
    const ext = extensionOf(f.name);
    if (!imp.accept.includes(ext as 'xlsx')) {
      throw new AppError(
        'FILE_TYPE_NOT_ALLOWED',
        `${imp.title}只接受 ${imp.accept.map((a) => `.${a}`).join('、')} 文件，“${f.name}”不是`,
      );
    }
    if (f.bytes.length === 0) throw new AppError('IMPORT_INVALID', `文件“${f.name}”是空的`);
  }
  if (files.length > 1 && !imp.accept.includes('lrmx'))
    throw new AppError('VALIDATION_FAILED', '一次只能导入一个表格文件');
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > MAX_IMPORT_BYTES)
    throw new AppError('FILE_TOO_LARGE', `导入文件合计不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  let options: unknown = {};
  if (imp.options) {
    const parsed = imp.options.safeParse(rawOptions ?? {});
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        `导入选项有误：${parsed.error.issues[0]?.message ?? ''}`,
        parsed.error.issues.map((i) => ({ path: `options.${i.path.join('.')}`, message: i.message })),
      );
    }
    options = parsed.data;
  }
  const envelope = Buffer.from(
    JSON.stringify({
      options,
      files: files.map((f) => ({ name: f.name, data: f.bytes.toString('base64') })),
    }),
  );
  const fileSm3 = sm3Hex(...files.map((f) => f.bytes));
  const batch = await write(ctx, async (tx, audit) => {
    const [b] = await tx
      .insert(importBatches)
      .values({
        kind,
        fileName: files.length === 1 ? files[0]!.name : `${files[0]!.name} 等 ${files.length} 个文件`,
        fileSm3,
        fileData: envelope,
        createdBy: ctx.actor?.userId ?? null,
      })
      .returning();
    const jobId = await enqueue(tx, {
      kind: 'imports.run',
      payload: { batchId: b!.id },
      runAt: ctx.clock.now(),
      maxAttempts: 3,
    });
    await tx.update(importBatches).set({ jobId }).where(eq(importBatches.id, b!.id));
    audit({ action: 'imports.start', objectType: 'import_batch', objectId: b!.id });
    return b!;
  });
  wakeJobs();
  return view(batch);
}

function view(b: Batch): ImportBatchView {
  return {
    id: b.id,
    kind: b.kind,
    fileName: b.fileName,
    status: b.status as ImportBatchView['status'],
    totalRows: b.totalRows,
    processedRows: b.processedRows,
    errors: (b.errors as ImportIssue[] | null) ?? null,
    errorCount: b.errorCount,
    result: (b.result as ApplyCounts | null) ?? null,
    createdAt: b.createdAt,
    finishedAt: b.finishedAt,
  };
}

export async function getBatch(ctx: Ctx, id: string) {
  const [b] = await ctx.db.select().from(importBatches).where(eq(importBatches.id, id));
  if (!b) throw notFound('导入批次');
  // Whoever may run this kind of import may follow its batches.
  importerFor(ctx, b.kind);
  return view(b);
}

export async function listBatches(ctx: Ctx, kind: string) {
  importerFor(ctx, kind);
  const list = await ctx.db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.kind, kind)))
    .orderBy(desc(importBatches.createdAt))
    .limit(20);
  return list.map(view);
}

interface Envelope {
  options: unknown;
  files: { name: string; data: string }[];
}

interface ReadRow {
  row: number;
  raw: Record<string, string>;
  file: string;
  /** Cells the engine itself refused (an ambiguous year-month), by column title. */
  cellIssues?: { column: string; message: string }[];
}

/** Text rows keyed by column key, with the row number the user sees in the file. */
async function readRows(imp: Importer, env: Envelope): Promise<{ rows: ReadRow[]; issues: RowIssue[] }> {
  const out: ReadRow[] = [];
  const issues: (RowIssue & { file?: string })[] = [];
  for (const [n, f] of env.files.entries()) {
    const bytes = Buffer.from(f.data, 'base64');
    const ext = extensionOf(f.name);
    if (ext === 'lrmx') {
      // One record per file: a bad file is reported by name, and the others are still checked.
      try {
        out.push({ row: n + 1, raw: imp.readFile!(f.name, bytes), file: f.name });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        issues.push({ row: n + 1, file: f.name, message: `${f.name}：${err.message}` });
      }
      continue;
    }
    const table = ext === 'csv' ? readCsv(bytes) : await readXlsx(bytes);
    const norm = (s: string) => s.replace(/[*＊\s]/g, '');
    // The header is the first row naming at least half of the columns (a watermark or
    // title line above it is skipped).
    const headerAt = table.findIndex((r) => {
      const names = new Set(r.cells.map(norm));
      return (
        imp.columns.filter((c) => names.has(c.title) || names.has(c.key)).length >=
        Math.ceil(imp.columns.length / 2)
      );
    });
    if (headerAt < 0) {
      throw new AppError('IMPORT_INVALID', `文件“${f.name}”中找不到表头，请使用页面上下载的模板`);
    }
    const header = table[headerAt]!.cells.map(norm);
    const index = new Map<string, number>();
    for (const c of imp.columns) {
      const i = header.findIndex((h) => h === c.title || h === c.key);
      if (i >= 0) index.set(c.key, i);
    }
    const missing = imp.columns.filter((c) => c.required && !index.has(c.key));
    if (missing.length) {
      throw new AppError(
        'IMPORT_INVALID',
        `文件“${f.name}”缺少必填列：${missing.map((c) => c.title).join('、')}`,
      );
    }
    const example = imp.columns.map((c) => c.example ?? '');
    for (const r of table.slice(headerAt + 1)) {
      const raw: Record<string, string> = {};
      for (const [key, i] of index) raw[key] = (r.cells[i] ?? '').trim();
      // The template's example row, left in by mistake, is not data.
      if (imp.columns.every((c, i) => (raw[c.key] ?? '') === example[i] || !index.has(c.key))) continue;
      const cellIssues: { column: string; message: string }[] = [];
      for (const c of imp.columns) {
        const i = index.get(c.key);
        if (i === undefined) continue;
        const problem = emptyCellProblem(c, raw[c.key] ?? '') ?? numberCellProblem(c, raw[c.key] ?? '');
        if (problem) {
          cellIssues.push({ column: c.title, message: problem });
          continue;
        }
        if (!c.kind || !raw[c.key]) continue;
        const reading = r.readings?.[i] ?? { text: raw[c.key]! };
        const got = c.kind === 'month' ? yearMonthCell(reading) : dayCell(reading);
        if ('value' in got) raw[c.key] = got.value.trim();
        else
          cellIssues.push({
            column: c.title,
            message: `单元格 ${cellAddress(i, r.rowNumber)}（${c.title}）${got.problem}`,
          });
      }
      out.push({ row: r.rowNumber, raw, file: f.name, ...(cellIssues.length ? { cellIssues } : {}) });
    }
  }
  const maxRows = imp.maxRows ?? MAX_IMPORT_ROWS;
  if (out.length > maxRows) throw new AppError('IMPORT_INVALID', `一次最多导入 ${maxRows} 行`);
  return { rows: out, issues };
}

async function finish(tx: Tx, id: string, patch: Partial<typeof importBatches.$inferInsert>) {
  await tx.update(importBatches).set(patch).where(eq(importBatches.id, id));
}

// Validation reads the whole file in one step (nothing is written unless every row is right);
// applying then goes in chunks, each its own transaction, so the server keeps answering.
defineJob(
  'imports.run',
  async (payload, { tx, ctx, audit, progress }) => {
    // The file and the stored rows are large: read the batch without them, and only what this
    // step needs (the file when validating, one chunk of rows when applying).
    const { fileData: _f, rows: _r, ...slim } = getTableColumns(importBatches);
    const [b] = await tx
      .select(slim)
      .from(importBatches)
      .where(eq(importBatches.id, String(payload.batchId)))
      .for('update');
    if (!b || b.status === 'done' || b.status === 'invalid' || b.status === 'failed') return;
    const imp = getImporter(b.kind);
    if (!imp) {
      await finish(tx, b.id, {
        status: 'failed',
        errors: [{ row: 0, message: '导入类型已不存在' }],
        errorCount: 1,
        fileData: null,
      });
      return;
    }
    const now = ctx.clock.now();
    // The rows are written in the name of whoever uploaded the file.
    const [uploader] = b.createdBy
      ? await tx.select().from(authUsers).where(eq(authUsers.id, b.createdBy))
      : [];
    const actor: Actor | null = uploader
      ? {
          userId: uploader.id,
          username: uploader.username,
          displayName: uploader.displayName,
          grants: await grantsOf(tx, uploader.id),
          isDemo: uploader.isDemo,
          activeRole: null,
        }
      : null;
    const auditAs: Audit = (e) => audit({ userId: actor?.userId, username: actor?.username, ...e });
    if (b.status === 'queued' || b.status === 'validating') {
      const [file] = await tx
        .select({ data: importBatches.fileData })
        .from(importBatches)
        .where(eq(importBatches.id, b.id));
      const env = JSON.parse(
        Buffer.from(file?.data ?? Buffer.from('{"files":[]}')).toString('utf8'),
      ) as Envelope;
      let read: Awaited<ReturnType<typeof readRows>>['rows'];
      const issues: (RowIssue & { file?: string })[] = [];
      try {
        const got = await readRows(imp, env);
        read = got.rows;
        issues.push(...got.issues);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        await finish(tx, b.id, {
          status: 'invalid',
          errors: [{ row: 0, message: err.message }],
          errorCount: 1,
          totalRows: 0,
          fileData: null,
          finishedAt: now,
        });
        return;
      }
      const prep = await imp.prepare(tx, env.options, actor, now);
      const good: unknown[] = [];
      const seen = new Map<string, number>();
      for (const r of read) {
        let parsed: ReturnType<Importer['parse']>;
        try {
          parsed = imp.parse(r.raw, prep, env.options);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          parsed = { issues: [{ message: err.message }] };
        }
        const where = env.files.length > 1 ? { file: r.file } : {};
        // A cell the engine refused is reported once, in the engine's words.
        const refused = new Set(r.cellIssues?.map((i) => i.column));
        const rowIssues = [
          ...(r.cellIssues ?? []),
          ...(parsed.issues ?? []).filter((i) => !i.column || !refused.has(i.column)),
        ];
        for (const i of rowIssues) issues.push({ row: r.row, ...i, ...where });
        if (parsed.row !== undefined && !rowIssues.length) {
          const key = imp.key(parsed.row);
          const first = seen.get(key);
          if (first !== undefined) {
            issues.push({ row: r.row, message: `与第 ${first} 行重复（${key}）`, ...where });
          } else {
            seen.set(key, r.row);
            good.push(parsed.row);
          }
        }
      }
      if (read.length === 0 && issues.length === 0) issues.push({ row: 0, message: '文件中没有数据行' });
      if (issues.length) {
        await finish(tx, b.id, {
          status: 'invalid',
          totalRows: read.length,
          errors: issues.slice(0, MAX_REPORTED_ISSUES),
          errorCount: issues.length,
          fileData: null,
          finishedAt: now,
        });
        auditAs({
          action: 'imports.invalid',
          objectType: 'import_batch',
          objectId: b.id,
          result: 'failed',
          code: 'IMPORT_INVALID',
        });
        return;
      }
      const size = imp.chunkSize ?? APPLY_CHUNK;
      for (let i = 0; i < good.length; i += size * 20) {
        await tx.insert(importBatchChunks).values(
          Array.from({ length: Math.min(20, Math.ceil((good.length - i) / size)) }, (_, k) => ({
            batchId: b.id,
            seq: i / size + k,
            rows: good.slice(i + k * size, i + (k + 1) * size),
          })),
        );
      }
      await finish(tx, b.id, {
        status: 'applying',
        totalRows: good.length,
        rows: { options: env.options },
        processedRows: 0,
        fileData: null,
      });
      progress(0, good.length);
      return { again: true };
    }
    // applying
    const seq = Math.floor(b.processedRows / (imp.chunkSize ?? APPLY_CHUNK));
    const [stored] = await rows<{ options: unknown; chunk: unknown[] | null }>(
      tx,
      sql`select ${importBatches.rows}->'options' as options,
                 (select c.rows from ${importBatchChunks} c where c.batch_id = ${b.id} and c.seq = ${seq}) as chunk
          from ${importBatches} where ${importBatches.id} = ${b.id}`,
    );
    const chunk = stored?.chunk ?? [];
    await tx
      .delete(importBatchChunks)
      .where(and(eq(importBatchChunks.batchId, b.id), eq(importBatchChunks.seq, seq)));
    const counts = await imp.apply(
      { ...ctx, actor, db: tx as never },
      tx,
      auditAs,
      chunk,
      stored?.options,
      b.id,
    );
    const before = (b.result as ApplyCounts | null) ?? { inserted: 0, updated: 0, unchanged: 0 };
    const result = {
      inserted: before.inserted + counts.inserted,
      updated: before.updated + counts.updated,
      unchanged: before.unchanged + counts.unchanged,
    };
    const processed = b.processedRows + chunk.length;
    progress(processed, b.totalRows ?? processed);
    if (processed >= (b.totalRows ?? 0) || chunk.length === 0) {
      await finish(tx, b.id, {
        status: 'done',
        processedRows: processed,
        result,
        rows: null,
        fileData: null,
        finishedAt: now,
      });
      auditAs({ action: 'imports.done', objectType: 'import_batch', objectId: b.id });
      return { result };
    }
    await finish(tx, b.id, { processedRows: processed, result });
    return { again: true };
  },
  {
    // The job gave up (an unexpected error, three times): the batch says so instead of waiting forever.
    onFailed: async (payload, tx, message) => {
      await tx.delete(importBatchChunks).where(eq(importBatchChunks.batchId, String(payload.batchId)));
      await finish(tx, String(payload.batchId), {
        status: 'failed',
        errors: [
          {
            row: 0,
            message: `导入中断：${message.slice(0, 200)}。已写入的部分保留，可修正后重新上传同一文件（重复行不会重复导入）`,
          },
        ],
        errorCount: 1,
        fileData: null,
        rows: null,
      });
    },
  },
);
