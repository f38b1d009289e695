import type { FastifyRequest } from 'fastify';
import {
  CALIBRATION_METHOD_LABELS,
  opinionApi,
  RATER_GROUP_LABELS,
} from '../../../common/contracts/opinion.ts';
import type { Config } from '../../config.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { type RouteExtras, routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import * as ballots from './ballots.service.ts';
import * as links from './campaign-links.service.ts';
import * as campaigns from './campaigns.service.ts';
import * as results from './results.service.ts';
import * as visits from './visits.service.ts';

const tags = ['opinion 走进群众听民意'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GUESS_WINDOW_MS = 10 * 60_000;

/** Counts unknown tokens per address; past the limit the address is refused for the window. */
function guessThrottle(limit: number, now: () => number) {
  const misses = new Map<string, { n: number; until: number }>();
  return {
    check(ip: string) {
      const m = misses.get(ip);
      if (m && m.until > now() && m.n >= limit) {
        const minutes = Math.ceil((m.until - now()) / 60_000);
        throw new AppError('RATE_LIMITED', `无效链接尝试次数过多，请 ${minutes} 分钟后再试`);
      }
    },
    miss(ip: string) {
      const m = misses.get(ip);
      if (!m || m.until <= now()) misses.set(ip, { n: 1, until: now() + GUESS_WINDOW_MS });
      else m.n += 1;
      if (misses.size > 100_000) misses.clear();
    },
  };
}

export async function opinionRoutes(
  app: App,
  opts: { config: Pick<Config, 'ballotRateLimit' | 'ballotGuessLimit'> },
) {
  const guesses = guessThrottle(opts.config.ballotGuessLimit, () => Date.now());
  const ballotLimit: RouteExtras = {
    config: { rateLimit: { max: opts.config.ballotRateLimit, timeWindow: '1 minute' } },
  };
  const guarded = (req: FastifyRequest) => {
    guesses.check(req.ip);
    return () => guesses.miss(req.ip);
  };

  routes(
    app,
    tags,
    opinionApi,
    {
      // ——— campaigns ———
      campaigns: async ({ ctx, query }) => ({
        ...(await campaigns.listCampaigns(ctx, query)),
        page: query.page,
        pageSize: query.pageSize,
      }),
      createCampaign: ({ ctx, body }) => campaigns.createCampaign(ctx, body),
      campaign: ({ ctx, params }) => campaigns.getCampaign(ctx, params.id),
      updateCampaign: ({ ctx, params, body }) => campaigns.updateCampaign(ctx, params.id, body),
      openCampaign: ({ ctx, params }) => campaigns.openCampaign(ctx, params.id),
      closeCampaign: ({ ctx, params }) => campaigns.closeCampaign(ctx, params.id),

      // ——— raters and links ———
      assignRaters: ({ ctx, params, body }) => links.assignByRule(ctx, params.id, body.groups),
      createPublicLinks: ({ ctx, params, body }) => links.createPublicLinks(ctx, params.id, body),
      issueSlipCodes: ({ ctx, params, body }) =>
        links.issueSlipCodes(ctx, params.id, params.linkId, body.count),
      links: async ({ ctx, params }) => ({ items: await links.listLinks(ctx, params.id) }),
      revokeLink: async ({ ctx, params }) => {
        await links.revokeLink(ctx, params.id, params.linkId);
        return undefined;
      },
      issueLinks: ({ ctx, params, body }) => links.issueLinks(ctx, params.id, body),
      slipsXlsx: async ({ ctx, params, body, req, reply }) => {
        const c = await campaigns.loadCampaign(ctx.db, params.id);
        const base = `${req.protocol}://${req.host}`;
        const bytes = await exportXlsx(ctx, {
          action: 'opinion.slips.export',
          sheetName: '评价链接',
          title: `${c.title} 评价链接发放表`,
          columns: [
            { title: '序号', width: 6 },
            { title: '单位', width: 24 },
            { title: '评价者组', width: 14 },
            { title: '评价者', width: 18 },
            { title: '评价人数', width: 8 },
            { title: '评价链接（一次有效）', width: 70 },
          ],
          rows: body.slips.map((s, i) => [
            i + 1,
            s.unitName ?? '',
            s.groupLabel,
            s.raterLabel ?? '',
            s.cadres,
            `${base}/v/${s.token}`,
          ]),
        });
        reply
          .header('content-type', XLSX)
          .header('content-disposition', attachmentDisposition(`评价链接-${c.title}.xlsx`));
        reply.send(bytes);
      },
      progress: ({ ctx, params }) => links.progress(ctx, params.id),

      // ——— results and profiles ———
      results: ({ ctx, params, query }) => results.listResults(ctx, params.id, query),
      exportResults: async ({ ctx, params, query, reply }) => {
        const c = await campaigns.getCampaign(ctx, params.id);
        const all = await results.listResults(ctx, params.id, { ...query, page: 1, pageSize: 100_000 });
        const dims = c.questionnaire.dimensions;
        const bytes = await exportXlsx(ctx, {
          action: 'opinion.results.export',
          sheetName: '测评结果',
          title: `${c.title} 测评结果`,
          columns: [
            { title: '单位', width: 24 },
            { title: '姓名', width: 10 },
            { title: '职务', width: 20 },
            { title: '综合得分', width: 10 },
            { title: '校正得分', width: 10 },
            { title: '校正得分 95% 区间', width: 16 },
            { title: '校正方法', width: 22 },
            ...dims.map((d) => ({ title: d.name, width: 10 })),
            { title: '计分票数', width: 10 },
            { title: '未单独显示的评价者组（不足 5 份）', width: 30 },
          ],
          rows: all.items.map((r) => [
            r.unitName,
            r.name,
            r.post,
            r.overall,
            r.calibrated?.estimate ?? null,
            r.calibrated ? `${r.calibrated.low.toFixed(2)} – ${r.calibrated.high.toFixed(2)}` : null,
            r.calibrated ? CALIBRATION_METHOD_LABELS[r.calibrated.method] : null,
            ...dims.map((d) => r.byDimension[d.code] ?? null),
            r.ballotsShown,
            r.withheld.map((g) => RATER_GROUP_LABELS[g]).join('、'),
          ]),
        });
        reply
          .header('content-type', XLSX)
          .header('content-disposition', attachmentDisposition(`测评结果-${c.title}.xlsx`));
        reply.send(bytes);
      },
      cadreResult: ({ ctx, params }) => results.cadreInCampaign(ctx, params.id, params.cadreId),
      profile: ({ ctx, params }) => results.profileOf(ctx, params.id),
      entries: ({ ctx, query }) => results.listEntries(ctx, query),
      tagEntry: ({ ctx, params, body }) => results.tagEntry(ctx, params.id, body.tags),

      // ——— the ballot pages (no login) ———
      openBallot: ({ ctx, params, req }) => ballots.openPersonal(ctx, params.token, guarded(req)),
      submitBallot: ({ ctx, params, body, req }) =>
        ballots.submitPersonal(ctx, params.token, body, guarded(req)),
      openPublic: ({ ctx, params, req }) => ballots.openPublic(ctx, params.code, guarded(req)),
      checkSlip: ({ ctx, params, req }) => ballots.checkSlip(ctx, params.code, params.slip, guarded(req)),
      submitPublic: ({ ctx, params, body, req }) => {
        const { slip, ...rest } = body;
        return ballots.submitPublic(ctx, params.code, slip, rest, guarded(req));
      },

      // ——— liaison visits (包联走访) and field time ———
      leaders: async ({ ctx }) => ({ items: await visits.leaderOptions(ctx) }),
      visits: ({ ctx, query }) => visits.listVisits(ctx, query),
      createVisit: ({ ctx, body }) => visits.createVisit(ctx, body),
      updateVisit: ({ ctx, params, body }) => visits.updateVisit(ctx, params.id, body),
      withdrawVisit: ({ ctx, params, body }) => visits.withdrawVisit(ctx, params.id, body.reason),
      fieldTime: ({ ctx, query }) => visits.fieldTime(ctx, query.year),
    },
    {
      openBallot: ballotLimit,
      submitBallot: ballotLimit,
      openPublic: ballotLimit,
      checkSlip: ballotLimit,
      submitPublic: ballotLimit,
    },
  );
}
