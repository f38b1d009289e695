import { importsApi } from '../../../common/contracts/imports.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { assertNoNul, multipartError } from '../../http/input-guard.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import * as imports from './imports.service.ts';

const tags = ['imports 导入'];

export async function importsRoutes(app: App) {
  routes(app, tags, importsApi, {
    template: async ({ ctx, params, reply }) => {
      const t = await imports.importTemplate(ctx, params.kind);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachmentDisposition(t.name));
      reply.send(t.bytes);
    },
    upload: async ({ ctx, params, req }) => {
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
      return imports.startImport(ctx, params.kind, files, options);
    },
    batches: async ({ ctx, params }) => ({ items: await imports.listBatches(ctx, params.kind) }),
    batch: ({ ctx, params }) => imports.getBatch(ctx, params.id),
  });
}
