import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorRef, createdAt, id, ts } from './columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** 导入批次: one uploaded file through the shared import engine. */
export const importBatches = pgTable(
  'import_batches',
  {
    id: id(),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    fileSm3: text('file_sm3').notNull(),
    /** queued | validating | invalid | applying | done | failed */
    status: text('status').notNull().default('queued'),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    /** Per-row problems: [{ row, column, message }] (the first 1,000). */
    errors: jsonb('errors'),
    errorCount: integer('error_count').notNull().default(0),
    /** { inserted, updated, unchanged } */
    result: jsonb('result'),
    jobId: integer('job_id'),
    /** The import's options, kept between the validation and the chunked apply. */
    rows: jsonb('rows'),
    /** The uploaded file, kept until the batch is done (so any server can run the job). */
    fileData: bytea('file_data'),
    createdAt: createdAt(),
    createdBy: actorRef('created_by'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('import_batches_kind_idx').on(t.kind, t.createdAt),
    check(
      'import_batches_status_chk',
      sql`${t.status} in ('queued','validating','invalid','applying','done','failed')`,
    ),
  ],
);

/**
 * The checked rows of a batch, cut into the chunks the apply step writes one at a time: each
 * step reads one small row (not the whole file again) and deletes it with the rows it wrote.
 */
export const importBatchChunks = pgTable(
  'import_batch_chunks',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => importBatches.id),
    seq: integer('seq').notNull(),
    rows: jsonb('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);
