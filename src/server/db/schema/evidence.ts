import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { actorRef, id, ts } from './columns.ts';

/** 证据材料: photos and documents of every module; the bytes live under DATA_DIR/files. */
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: id(),
    /** The record the file belongs to; access follows it. */
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    originalName: text('original_name').notNull(),
    contentType: text('content_type').notNull(),
    extension: text('extension').notNull(),
    size: integer('size').notNull(),
    sm3: text('sm3').notNull(),
    latitude: text('latitude'),
    longitude: text('longitude'),
    accuracyM: integer('accuracy_m'),
    uploadedAt: ts('uploaded_at').notNull(),
    uploadedBy: actorRef('uploaded_by'),
  },
  (t) => [index('evidence_files_owner_idx').on(t.ownerType, t.ownerId)],
);
