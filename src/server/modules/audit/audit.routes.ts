import { AuditEntryQuery, VerifyBody } from '../../../common/contracts/audit.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import type { App } from '../../http/types.ts';
import * as audit from './audit.service.ts';

const tags = ['audit 审计'];

export async function auditRoutes(app: App) {
  app.get(
    '/api/audit/entries',
    { config: { access: 'audit.read' }, schema: { tags, summary: '审计日志', querystring: AuditEntryQuery } },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      const { items, total } = await audit.listEntries(req.ctx.db, filter, pageWindow(req.query));
      return {
        items: items.map(({ prevHash: _p, ...e }) => ({ ...e, at: e.at.toISOString() })),
        total,
        page,
        pageSize,
      };
    },
  );

  app.post(
    '/api/audit/verify',
    { config: { access: 'audit.read' }, schema: { tags, summary: '校验审计链', body: VerifyBody } },
    async (req) => {
      const result = await audit.verifyChain(req.ctx.db, req.body.checkpoint ?? null);
      await audit.recordAudit(req.ctx, {
        action: 'audit.verify',
        result: result.ok ? 'ok' : 'failed',
        code: result.failure?.kind ?? null,
      });
      return result;
    },
  );

  app.get(
    '/api/audit/checkpoints',
    { config: { access: 'audit.read' }, schema: { tags, summary: '检查点列表' } },
    async (req) => ({ items: await audit.listCheckpoints(req.ctx.db) }),
  );

  app.post(
    '/api/audit/checkpoints',
    { config: { access: 'audit.read' }, schema: { tags, summary: '生成检查点（导出后异地保存）' } },
    async (req, reply) => {
      const cp = await audit.createCheckpoint(req.ctx);
      reply.status(201);
      return cp;
    },
  );
}
