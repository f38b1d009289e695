import { reportsApi } from '../../../common/contracts/reports.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import * as reports from './cadre-reports.service.ts';
import { periodFile, periodReport } from './period.service.ts';

const tags = ['reports 考察材料与报告'];
const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

export async function reportsRoutes(app: App) {
  routes(app, tags, reportsApi, {
    list: ({ ctx, query }) => reports.listReports(ctx, query),
    draft: ({ ctx, body }) => reports.draftReport(ctx, body),
    report: ({ ctx, params, query }) => reports.getReport(ctx, params.id, query.version),
    edit: ({ ctx, params, body }) => reports.editReport(ctx, params.id, body),
    finalise: ({ ctx, params }) => reports.finaliseReport(ctx, params.id),
    release: ({ ctx, params }) => reports.releaseReport(ctx, params.id),
    download: async ({ ctx, params, query, reply }) => {
      const f = await reports.reportFile(ctx, params.id, query);
      reply
        .header('content-type', TYPES[query.format])
        .header('content-disposition', attachmentDisposition(f.name));
      return reply.send(f.bytes);
    },
    latestFinal: ({ ctx, params }) => reports.latestFinal(ctx, params.cadreId),
    period: ({ ctx, query }) => periodReport(ctx, query.from, query.to),
    periodDownload: async ({ ctx, query, reply }) => {
      const f = await periodFile(ctx, query);
      reply
        .header('content-type', TYPES[query.format])
        .header('content-disposition', attachmentDisposition(f.name));
      return reply.send(f.bytes);
    },
  });
}
