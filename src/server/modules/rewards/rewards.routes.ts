import { asc } from 'drizzle-orm';
import { LINK_TYPE_LABELS, rewardsApi, STEP_LABELS } from '../../../common/contracts/rewards.ts';
import { rewardsKinds } from '../../db/schema/index.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import * as apps from './applications.service.ts';
import * as boards from './board.service.ts';
import * as flow from './flow.service.ts';

const tags = ['rewards 一事一奖'];

export async function rewardsRoutes(app: App) {
  routes(app, tags, rewardsApi, {
    options: async ({ ctx }) => ({
      kinds: await ctx.db
        .select({ code: rewardsKinds.code, name: rewardsKinds.name, collective: rewardsKinds.collective })
        .from(rewardsKinds)
        .orderBy(asc(rewardsKinds.sortOrder)),
      steps: STEP_LABELS,
      linkTypes: LINK_TYPE_LABELS,
    }),
    batches: ({ ctx }) => apps.listBatches(ctx),
    createBatch: ({ ctx, body }) => apps.createBatch(ctx, body),
    list: ({ ctx, query }) => apps.listApplications(ctx, query),
    candidates: ({ ctx, query }) => apps.candidates(ctx, query.cadreIds),
    create: ({ ctx, body }) => apps.createApplication(ctx, body),
    get: ({ ctx, params }) => flow.getApplication(ctx, params.id),
    update: ({ ctx, params, body }) => apps.updateApplication(ctx, params.id, body),
    submit: ({ ctx, params }) => apps.submitApplication(ctx, params.id),
    requestOpinions: ({ ctx, params, body }) => flow.requestOpinions(ctx, params.id, body),
    answerOpinion: ({ ctx, params, body }) => flow.answerOpinion(ctx, params.id, body),
    recordOpinion: ({ ctx, params, body }) => flow.recordOpinion(ctx, params.id, body),
    review: ({ ctx, params, body }) => flow.review(ctx, params.id, body),
    approve: ({ ctx, params, body }) => flow.approve(ctx, params.id, body),
    award: ({ ctx, params, body }) => flow.award(ctx, params.id, body),
    board: ({ ctx, query }) => boards.board(ctx, query.batchId),
    stats: ({ ctx }) => boards.stats(ctx),
    awards: ({ ctx, query }) => boards.awards(ctx, query),
  });
}
