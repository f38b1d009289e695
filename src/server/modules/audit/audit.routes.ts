import { auditApi } from '../../../common/contracts/audit.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import * as audit from './audit.service.ts';

const tags = ['audit 审计'];

export async function auditRoutes(app: App) {
  routes(app, tags, auditApi, {
    entries: async ({ ctx, query }) => {
      const { page, pageSize, ...filter } = query;
      const { items, total } = await audit.listEntries(ctx.db, filter, pageWindow(query));
      // The predecessor's hash is part of the chain's proof, not of what the page shows.
      return { items: items.map(({ prevHash: _p, ...e }) => e), total, page, pageSize };
    },
    verify: async ({ ctx, body }) => {
      const result = await audit.verifyChain(ctx.db, body.checkpoint ?? null);
      await audit.recordAudit(ctx, {
        action: 'audit.verify',
        result: result.ok ? 'ok' : 'failed',
        code: result.failure?.kind ?? null,
      });
      return result;
    },
    checkpoints: async ({ ctx }) => ({ items: await audit.listCheckpoints(ctx.db) }),
    createCheckpoint: ({ ctx }) => audit.createCheckpoint(ctx),
  });
}
