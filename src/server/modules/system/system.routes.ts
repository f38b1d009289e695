import { Jurisdiction } from '../../../common/settings.ts';
import type { App } from '../../http/types.ts';
import { write } from '../../lib/tx.ts';
import { jobStats } from './jobs.service.ts';
import { overviewFor } from './overview.service.ts';
import { demoLogins, getMode, getSetting, setSetting } from './settings.service.ts';

const tags = ['system 平台'];

export async function systemRoutes(app: App, opts: { databaseKind: string }) {
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags, summary: '健康检查' } },
    async (req) => {
      const mode = (await getMode(req.ctx.db)) ?? 'production';
      return { status: 'ok', database: opts.databaseKind, mode };
    },
  );

  app.get(
    '/api/system/info',
    { config: { access: 'public' }, schema: { tags, summary: '平台名称、辖区与运行模式（登录页用）' } },
    async (req) => ({
      mode: (await getMode(req.ctx.db)) ?? 'production',
      jurisdiction: await getSetting(req.ctx.db, 'jurisdiction'),
      // In demo mode the login page offers the demo accounts; never in production.
      demo: await demoLogins(req.ctx.db),
    }),
  );

  app.get(
    '/api/system/overview',
    { config: { access: 'authenticated' }, schema: { tags, summary: '首页实时数字（按角色）' } },
    async (req) => ({ cards: await overviewFor(req.ctx) }),
  );

  app.put(
    '/api/system/settings/jurisdiction',
    {
      config: { access: 'system.settings.manage' },
      schema: { tags, summary: '设置辖区名称与层级', body: Jurisdiction },
    },
    async (req) => {
      await write(req.ctx, async (tx, audit) => {
        await setSetting(tx, 'jurisdiction', req.body, req.ctx.actor?.userId ?? null);
        audit({ action: 'system.settings.update', objectType: 'setting', objectId: 'jurisdiction' });
      });
      return req.body;
    },
  );

  app.get(
    '/api/system/jobs',
    { config: { access: 'system.jobs.read' }, schema: { tags, summary: '后台任务状态' } },
    async (req) => jobStats(req.ctx.db),
  );
}
