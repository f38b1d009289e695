import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { evidenceApi } from '../../../common/contracts/evidence.ts';
import type { ErrorDetail } from '../../../common/errors.ts';
import { assertNoNul, multipartError } from '../../http/input-guard.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import * as evidence from './evidence.service.ts';

const tags = ['evidence 证据材料'];

const degrees = (label: string, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d{1,12})?$/, `${label}应为十进制度数，如 38.0428`)
    .transform(Number)
    .refine((v) => Math.abs(v) <= max, `${label}应在 -${max} 到 ${max} 之间`);

/** The text fields of an upload form; every value arrives as a string. */
const UploadFields = z
  .strictObject(
    {
      ownerType: z.string({ message: '请指定材料归属类型' }).trim().min(1, '请指定材料归属类型'),
      ownerId: z.string({ message: '请指定材料所属记录' }).trim().min(1, '请指定材料所属记录'),
      latitude: degrees('纬度', 90).optional(),
      longitude: degrees('经度', 180).optional(),
      accuracy: z
        .string()
        .trim()
        .regex(/^\d{1,6}$/, '定位精度应为不超过 100000 的整数（米）')
        .transform(Number)
        .refine((v) => v <= 100_000, '定位精度应为不超过 100000 的整数（米）')
        .optional(),
    },
    { message: '表单中有无法识别的字段' },
  )
  .refine((f) => (f.latitude === undefined) === (f.longitude === undefined), {
    message: '经度和纬度须同时提供',
    path: ['longitude'],
  })
  .refine((f) => f.accuracy === undefined || f.latitude !== undefined, {
    message: '提供定位精度时须同时提供经纬度',
    path: ['accuracy'],
  });

export async function evidenceRoutes(app: App) {
  routes(app, tags, evidenceApi, {
    upload: async ({ ctx, req }) => {
      const upload = await readUpload(req);
      const fields = parseFields(upload.fields);
      return evidence.storeEvidence(ctx, {
        ownerType: fields.ownerType,
        ownerId: fields.ownerId,
        originalName: upload.file.name,
        bytes: upload.file.bytes,
        location:
          fields.latitude !== undefined && fields.longitude !== undefined
            ? { latitude: fields.latitude, longitude: fields.longitude, accuracyM: fields.accuracy ?? null }
            : null,
      });
    },
    list: async ({ ctx, query }) => ({
      items: await evidence.listEvidence(ctx, query.ownerType, query.ownerId),
    }),
    get: ({ ctx, params }) => evidence.getEvidence(ctx, params.id),
    content: async ({ ctx, params, query, reply }) => {
      const { meta, type, bytes } = await evidence.readEvidenceContent(ctx, params.id);
      const inline = query.inline === '1' && type.image;
      reply
        .header('content-type', type.contentType)
        .header('content-length', String(bytes.length))
        .header(
          'content-disposition',
          contentDisposition(inline ? 'inline' : 'attachment', meta.originalName),
        )
        // Even a file that fooled the type check cannot run script or be sniffed into HTML.
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  });
}

// ——— multipart ———

interface Upload {
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer };
}

/** Reads the form: text fields and exactly one file, held in memory up to our size limit. */
async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件');
  }
  const fields: Record<string, string> = {};
  let file: Upload['file'] | null = null;
  const parts = req.parts({
    // One byte over our limit is enough to know a file is too large; the parser drops the rest.
    limits: { fileSize: evidence.MAX_EVIDENCE_BYTES + 1, files: 2, fields: 10, fieldSize: 1024, parts: 12 },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        if (file) {
          part.file.destroy();
          throw invalid('每次只能上传一个文件');
        }
        file = { name: part.filename, bytes: await readCapped(part.file) };
        continue;
      }
      const name = part.fieldname;
      if (part.fieldnameTruncated || part.valueTruncated || typeof part.value !== 'string') {
        throw invalid(`表单字段 ${name} 的内容过长或格式不正确`);
      }
      if (Object.hasOwn(fields, name)) throw invalid(`表单字段 ${name} 重复`);
      fields[name] = part.value;
    }
  } catch (err) {
    if (!(err instanceof AppError)) req.log.debug({ err }, 'multipart parse failed');
    throw multipartError(err, evidence.tooLarge);
  }
  assertNoNul(fields, 'body');
  if (!file) throw invalid('请选择要上传的文件');
  return { fields, file };
}

/** Reads a file stream into memory, giving up as soon as it passes the limit. */
async function readCapped(stream: Readable & { truncated?: boolean }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    // Leaving the loop destroys the stream, so the rest of an oversize upload is not read.
    if (size > evidence.MAX_EVIDENCE_BYTES) throw evidence.tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (stream.truncated) throw evidence.tooLarge();
  return Buffer.concat(chunks, size);
}

function parseFields(raw: Record<string, string>): z.infer<typeof UploadFields> {
  // An empty form field means “not given” (a browser sends empty inputs as empty strings).
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v.trim() !== ''));
  const parsed = UploadFields.safeParse(given);
  if (parsed.success) return parsed.data;
  const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
    path: ['body', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw invalid(`上传表单有误：${details[0]?.message ?? '内容不符合要求'}`, details);
}

// ——— download headers ———

/**
 * RFC 6266: a plain-ASCII `filename` for old clients and the real (often Chinese) name as
 * UTF-8 in `filename*`. Quotes, backslashes and percent signs are replaced in the fallback so
 * that no client misreads it.
 */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
