import { z } from 'zod';
import { PageQuery, Uuid } from './page.ts';

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

export interface AuditEntryView {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  code: string | null;
  requestId: string | null;
  clientIp: string | null;
  hash: string;
}
