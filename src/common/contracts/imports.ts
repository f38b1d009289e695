import { z } from 'zod';
import { endpoint, Instant, listOf } from '../api.ts';
import { Uuid } from './page.ts';

/** 导入 (module imports): the contract. */

export const ImportKindParams = z.object({ kind: z.string().regex(/^[a-z.]{2,40}$/, '导入类型不正确') });

export const BATCH_STATUSES = ['queued', 'validating', 'invalid', 'applying', 'done', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** One problem found in an import file; row 0 is the file as a whole. */
export const ImportIssue = z.object({
  row: z.number().int(),
  column: z.string().optional(),
  message: z.string(),
  file: z.string().optional(),
});
export type ImportIssue = z.output<typeof ImportIssue>;

/** A batch: its progress and, once validated, its report row by row. */
export const ImportBatchView = z.object({
  id: z.uuid(),
  kind: z.string(),
  fileName: z.string(),
  status: z.enum(BATCH_STATUSES),
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  errors: z.array(ImportIssue).nullable(),
  errorCount: z.number().int(),
  result: z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number() }).nullable(),
  createdAt: Instant,
  finishedAt: Instant.nullable(),
});
export type ImportBatchView = z.output<typeof ImportBatchView>;

export const importsApi = {
  template: endpoint({
    method: 'GET',
    path: '/api/imports/:kind/template',
    access: 'imports.use',
    summary: '下载导入模板',
    params: ImportKindParams,
    response: 'file',
  }),
  /** multipart: file (several .lrmx allowed) and options as JSON; the work is queued. */
  upload: endpoint({
    method: 'POST',
    path: '/api/imports/:kind',
    access: 'imports.use',
    summary: '上传文件导入（multipart：file，可多个 .lrmx；options 为 JSON）',
    params: ImportKindParams,
    multipart: true,
    status: 202,
    response: ImportBatchView,
  }),
  batches: endpoint({
    method: 'GET',
    path: '/api/imports/:kind/batches',
    access: 'imports.use',
    summary: '最近的导入批次',
    params: ImportKindParams,
    response: listOf(ImportBatchView),
  }),
  batch: endpoint({
    method: 'GET',
    path: '/api/imports/batches/:id',
    access: 'imports.use',
    summary: '导入批次的进度与逐行报告',
    params: z.object({ id: Uuid }),
    response: ImportBatchView,
  }),
};
