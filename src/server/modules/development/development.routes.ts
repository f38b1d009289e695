import { developmentApi } from '../../../common/contracts/development.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import * as plans from './plans.service.ts';
import { listSuggestions } from './suggestions.service.ts';

const tags = ['development 一人一策'];

export async function developmentRoutes(app: App) {
  routes(app, tags, developmentApi, {
    plans: ({ ctx, query }) => plans.listPlans(ctx, query),
    create: ({ ctx, body }) => plans.createPlan(ctx, body),
    plan: ({ ctx, params }) => plans.getPlan(ctx, params.id),
    note: ({ ctx, params, body }) => plans.addNote(ctx, params.id, body),
    review: ({ ctx, params, body }) => plans.addReview(ctx, params.id, body),
    milestone: ({ ctx, params, body }) => plans.decideMilestone(ctx, params.id, params.milestoneId, body),
    outcome: ({ ctx, params, body }) => plans.decideOutcome(ctx, params.id, body),
    suggestions: ({ ctx }) => listSuggestions(ctx),
    mine: ({ ctx }) => plans.myPlans(ctx),
    mentoring: ({ ctx }) => plans.mentoringPlans(ctx),
    mentors: ({ ctx, query }) => plans.mentorOptions(ctx, query.q),
  });
}
