import { growthApi } from '../../../common/contracts/growth.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { county, getRun, listRuns, release, runData, startRun } from './analysis.service.ts';
import { cadreGrowth } from './cadre.service.ts';
import { decideOutstanding, listOutstanding } from './outstanding.service.ts';
import { lockQuarter } from './scope.service.ts';
import { currentSettings, saveRule, saveWeights } from './settings.service.ts';
import * as shares from './shares.service.ts';

const tags = ['growth 与个体成长同步解析'];

export async function growthRoutes(app: App) {
  routes(app, tags, growthApi, {
    county: ({ ctx, query }) => county(ctx, query),
    cadre: ({ ctx, params, query }) => cadreGrowth(ctx, params.id, query.quarter),
    runs: ({ ctx }) => listRuns(ctx),
    run: ({ ctx, params }) => getRun(ctx, params.id),
    runData: async ({ ctx, params, query, reply }) => {
      const { name, csv } = await runData(ctx, params.id, query.measure);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentDisposition(name));
      reply.send(`\ufeff${csv}`);
    },
    startRun: ({ ctx, body }) => startRun(ctx, body.quarter),
    release: ({ ctx, params }) => release(ctx, params.quarter),
    lock: ({ ctx, body }) => lockQuarter(ctx, body.quarter),
    sharedTasks: ({ ctx, query }) => shares.listSharedTasks(ctx, query),
    declare: ({ ctx, body }) => shares.declare(ctx, body),
    object: ({ ctx, params, body }) => shares.object(ctx, params.id, body),
    verify: ({ ctx, params, body }) => shares.verify(ctx, params.id, body),
    outstanding: ({ ctx, query }) => listOutstanding(ctx, query.year),
    confirmOutstanding: ({ ctx, params, body }) => decideOutstanding(ctx, params.id, true, body.note),
    declineOutstanding: ({ ctx, params, body }) => decideOutstanding(ctx, params.id, false, body.note),
    settings: ({ ctx }) => currentSettings(ctx.db),
    saveWeights: ({ ctx, body }) => saveWeights(ctx, body),
    saveRule: ({ ctx, body }) => saveRule(ctx, body),
  });
}
