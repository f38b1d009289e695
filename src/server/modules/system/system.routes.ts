import { systemApi } from '../../../common/contracts/system.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { write } from '../../lib/tx.ts';
import { jobStats } from './jobs.service.ts';
import { overviewFor } from './overview.service.ts';
import { demoLogins, getMode, getSetting, setSetting } from './settings.service.ts';

const tags = ['system 平台'];

export async function systemRoutes(app: App, opts: { databaseKind: string }) {
  routes(app, tags, systemApi, {
    health: async ({ ctx }) => ({
      status: 'ok' as const,
      database: opts.databaseKind,
      mode: (await getMode(ctx.db)) ?? 'production',
    }),
    info: async ({ ctx }) => ({
      mode: (await getMode(ctx.db)) ?? 'production',
      jurisdiction: (await getSetting(ctx.db, 'jurisdiction')) ?? null,
      // In demo mode the login page offers the demo accounts; never in production.
      demo: await demoLogins(ctx.db),
    }),
    overview: ({ ctx }) => overviewFor(ctx),
    saveJurisdiction: async ({ ctx, body }) => {
      await write(ctx, async (tx, audit) => {
        await setSetting(tx, 'jurisdiction', body, ctx.actor?.userId ?? null);
        audit({ action: 'system.settings.update', objectType: 'setting', objectId: 'jurisdiction' });
      });
      return body;
    },
    jobs: ({ ctx }) => jobStats(ctx.db),
  });
}
