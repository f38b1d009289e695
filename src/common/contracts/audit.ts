import { z } from 'zod';
import { endpoint, Instant, listOf, pageOf } from '../api.ts';
import { PageQuery, Uuid } from './page.ts';

/** 审计 (module audit): the contract. */

export const AuditEntryQuery = PageQuery.extend({
  userId: Uuid.optional(),
  action: z.string().trim().max(100).optional(),
  actionPrefix: z.string().trim().max(100).optional(),
  objectType: z.string().trim().max(60).optional(),
  objectId: z.string().trim().max(100).optional(),
  result: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.coerce.date({ message: '开始时间格式不正确' }).optional(),
  to: z.coerce.date({ message: '结束时间格式不正确' }).optional(),
});

export const CheckpointBody = z.object({
  seq: z.number().int().min(0),
  headHash: z.string().regex(/^[0-9a-f]{64}$/, '哈希应为 64 位十六进制'),
  count: z.number().int().min(0),
  at: z.string().max(40),
});

export const VerifyBody = z.object({ checkpoint: CheckpointBody.optional() });

/** One entry of the tamper-evident log (its predecessor's hash is not shown). */
export const AuditEntryView = z.object({
  seq: z.number().int(),
  at: Instant,
  userId: z.string().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.string(),
  code: z.string().nullable(),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntryView = z.output<typeof AuditEntryView>;

/** A checkpoint as exported and kept elsewhere; `at` stays the text it was exported with. */
export const CheckpointView = z.object({
  seq: z.number().int(),
  headHash: z.string(),
  count: z.number().int(),
  at: z.string(),
});

export const VerifyResultView = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  failure: z
    .object({
      seq: z.number().int(),
      kind: z.enum(['gap', 'prev_mismatch', 'hash_mismatch', 'checkpoint_missing', 'checkpoint_mismatch']),
      message: z.string(),
    })
    .nullable(),
  checkpoint: CheckpointView.nullable(),
});

export const auditApi = {
  entries: endpoint({
    method: 'GET',
    path: '/api/audit/entries',
    access: 'audit.read',
    summary: '审计日志',
    query: AuditEntryQuery,
    response: pageOf(AuditEntryView),
  }),
  verify: endpoint({
    method: 'POST',
    path: '/api/audit/verify',
    access: 'audit.read',
    summary: '校验审计链',
    body: VerifyBody,
    response: VerifyResultView,
  }),
  checkpoints: endpoint({
    method: 'GET',
    path: '/api/audit/checkpoints',
    access: 'audit.read',
    summary: '检查点列表',
    response: listOf(CheckpointView),
  }),
  createCheckpoint: endpoint({
    method: 'POST',
    path: '/api/audit/checkpoints',
    access: 'audit.read',
    summary: '生成检查点（导出后异地保存）',
    status: 201,
    response: CheckpointView,
  }),
};
