import { z } from 'zod';
import { Uuid } from '../../../common/contracts/page.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { assertNoNul, multipartError } from '../../http/input-guard.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import * as imports from './imports.service.ts';

const tags = ['imports 导入'];
const KindParams = z.object({ kind: z.string().regex(/^[a-z.]{2,40}$/, '导入类型不正确') });

export async function importsRoutes(app: App) {
  app.get(
    '/api/imports/:kind/template',
    { config: { access: 'imports.use' }, schema: { tags, summary: '下载导入模板', params: KindParams } },
    async (req, reply) => {
      const t = await imports.importTemplate(req.ctx, req.params.kind);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachmentDisposition(t.name));
      return reply.send(t.bytes);
    },
  );

  app.post(
    '/api/imports/:kind',
    {
      config: { access: 'imports.use' },
      schema: {
        tags,
        summary: '上传文件导入（multipart：file，可多个 .lrmx；options 为 JSON）',
        params: KindParams,
      },
    },
    async (req, reply) => {
      if (!req.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
      const files: imports.UploadedFile[] = [];
      let options: unknown = {};
      const tooLarge = () =>
        new AppError('FILE_TOO_LARGE', `单个文件不能超过 ${imports.MAX_IMPORT_BYTES / 1024 / 1024} MB`);
      try {
        for await (const part of req.parts({ limits: { fileSize: imports.MAX_IMPORT_BYTES, files: 200 } })) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer();
            if (part.file.truncated) throw tooLarge();
            files.push({ name: part.filename || '未命名', bytes });
          } else if (part.fieldname === 'options') {
            try {
              options = JSON.parse(String(part.value || '{}'));
            } catch {
              throw new AppError('VALIDATION_FAILED', '导入选项不是有效的 JSON');
            }
          }
        }
      } catch (err) {
        throw multipartError(err, tooLarge);
      }
      assertNoNul(options, 'body');
      assertNoNul(
        files.map((f) => f.name),
        'body',
      );
      reply.status(202);
      return imports.startImport(req.ctx, req.params.kind, files, options);
    },
  );

  app.get(
    '/api/imports/:kind/batches',
    { config: { access: 'imports.use' }, schema: { tags, summary: '最近的导入批次', params: KindParams } },
    async (req) => ({ items: await imports.listBatches(req.ctx, req.params.kind) }),
  );

  app.get(
    '/api/imports/batches/:id',
    {
      config: { access: 'imports.use' },
      schema: { tags, summary: '导入批次的进度与逐行报告', params: z.object({ id: Uuid }) },
    },
    async (req) => imports.getBatch(req.ctx, req.params.id),
  );
}
