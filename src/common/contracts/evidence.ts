import { z } from 'zod';
import { endpoint, Instant, listOf } from '../api.ts';
import { IdParams } from './page.ts';

/** 证据材料 (module evidence): the contract. */

export const EVIDENCE_ERRORS = {
  EVIDENCE_INTEGRITY_FAILED: {
    status: 409,
    message: '材料文件校验未通过，可能已被篡改或损坏，已拒绝下载并记入审计日志，请联系管理员',
  },
} as const;

export const EvidenceOwnerQuery = z.object({
  ownerType: z.string().trim().min(1, '请指定材料归属类型').max(40, '材料归属类型过长'),
  ownerId: z.string().trim().min(1, '请指定材料所属记录').max(100, '记录编号过长'),
});

export const EvidenceContentQuery = z.object({
  inline: z.enum(['0', '1'], { message: 'inline 只能为 0 或 1' }).optional(),
});

/** What anyone who may read the owner sees of a file (never its bytes). */
export const EvidenceMeta = z.object({
  id: z.uuid(),
  ownerType: z.string(),
  ownerId: z.string(),
  originalName: z.string(),
  contentType: z.string(),
  extension: z.string(),
  size: z.number().int(),
  sm3: z.string(),
  uploadedAt: Instant,
  uploadedBy: z.string().nullable(),
  /** Decimal degrees as stored (text, to keep every digit given). */
  location: z
    .object({ latitude: z.string(), longitude: z.string(), accuracyM: z.number().nullable() })
    .nullable(),
});
export type EvidenceMeta = z.output<typeof EvidenceMeta>;

export const evidenceApi = {
  /** multipart: ownerType, ownerId, optional latitude/longitude/accuracy and one file. */
  upload: endpoint({
    method: 'POST',
    path: '/api/evidence/files',
    access: 'evidence.upload',
    summary: '上传证据材料（multipart：ownerType、ownerId、可选 latitude/longitude/accuracy 及一个文件）',
    multipart: true,
    status: 201,
    response: EvidenceMeta,
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/evidence/files',
    access: 'evidence.read',
    summary: '某条记录的证据材料（仅元数据）',
    query: EvidenceOwnerQuery,
    response: listOf(EvidenceMeta),
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/evidence/files/:id',
    access: 'evidence.read',
    summary: '证据材料信息',
    params: IdParams,
    response: EvidenceMeta,
  }),
  content: endpoint({
    method: 'GET',
    path: '/api/evidence/files/:id/content',
    access: 'evidence.read',
    summary: '下载证据材料（图片可加 inline=1 在页面中显示）',
    params: IdParams,
    query: EvidenceContentQuery,
    response: 'file',
  }),
};
