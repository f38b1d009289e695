import { quadrantApi } from '../../../common/contracts/quadrant.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import * as decisions from './decisions.service.ts';
import { handleObjection, recordObjection } from './objections.service.ts';
import { computeQuarter, history, placementView, quarterView, release } from './placements.service.ts';
import { decisionLrmx, decisionMaterial } from './quadrant.exports.ts';
import { saveSettings, settingsVersions, settingsView } from './settings.service.ts';
import { statistics } from './statistics.service.ts';

const tags = ['quadrant 实绩象限与季度微调'];
const LRMX = 'application/xml; charset=utf-8';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function quadrantRoutes(app: App) {
  routes(app, tags, quadrantApi, {
    quarter: ({ ctx, params, query }) => quarterView(ctx, params.quarter, query),
    compute: ({ ctx, params }) => computeQuarter(ctx, params.quarter),
    release: ({ ctx, params }) => release(ctx, params.quarter),
    placement: ({ ctx, params }) => placementView(ctx, params.id),
    history: ({ ctx, params }) => history(ctx, params.id),
    recommendations: ({ ctx, query }) => decisions.listRecommendations(ctx, query.quarter),
    dismiss: ({ ctx, params, body }) => decisions.dismissRecommendation(ctx, params.id, body),
    decisions: ({ ctx, query }) => decisions.listDecisions(ctx, query),
    decision: ({ ctx, params }) => decisions.getDecision(ctx, params.id),
    draft: ({ ctx, body }) => decisions.draft(ctx, body),
    check: ({ ctx, params, body }) => decisions.recordCheck(ctx, params.id, body),
    talk: ({ ctx, params, body }) => decisions.recordTalk(ctx, params.id, body),
    adopt: ({ ctx, params, body }) => decisions.adopt(ctx, params.id, body),
    publicity: ({ ctx, params, body }) => decisions.startPublicity(ctx, params.id, body.from),
    objection: ({ ctx, params, body }) => recordObjection(ctx, params.id, body),
    handleObjection: ({ ctx, params, body }) => handleObjection(ctx, params.id, params.objectionId, body),
    effect: ({ ctx, params, body }) => decisions.effect(ctx, params.id, body),
    withdraw: ({ ctx, params, body }) => decisions.withdraw(ctx, params.id, body),
    statistics: ({ ctx, query }) => statistics(ctx, query.year),
    settings: ({ ctx }) => settingsView(ctx),
    saveSettings: ({ ctx, body }) => saveSettings(ctx, body),
    settingsVersions: ({ ctx }) => settingsVersions(ctx),
    lrmx: async ({ ctx, params, reply }) => {
      const f = await decisionLrmx(ctx, params.id);
      return reply
        .header('content-type', LRMX)
        .header('content-disposition', attachmentDisposition(f.name))
        .send(f.bytes);
    },
    material: async ({ ctx, params, reply }) => {
      const f = await decisionMaterial(ctx, params.id);
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachmentDisposition(f.name))
        .send(f.bytes);
    },
  });
}
