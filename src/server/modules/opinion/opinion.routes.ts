import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AssignBody,
  BallotBody,
  CALIBRATION_METHOD_LABELS,
  CampaignBody,
  CampaignCadreParams,
  CampaignQuery,
  EntryQuery,
  EntryTagsBody,
  FieldTimeQuery,
  IssueBody,
  PublicBallotBody,
  PublicCodeParams,
  PublicLinksBody,
  RATER_GROUP_LABELS,
  ResultsQuery,
  SlipCode,
  SlipCodesBody,
  TokenParams,
  VisitBody,
  VisitQuery,
  WithdrawBody,
} from '../../../common/contracts/opinion.ts';
import { IdParams, Uuid } from '../../../common/contracts/page.ts';
import type { Config } from '../../config.ts';
import { attachmentDisposition } from '../../http/download.ts';
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
  const ballotLimit = { max: opts.config.ballotRateLimit, timeWindow: '1 minute' };
  const guarded = (req: FastifyRequest) => {
    guesses.check(req.ip);
    return () => guesses.miss(req.ip);
  };

  // ——— campaigns ———
  app.get(
    '/api/opinion/campaigns',
    { config: { access: 'opinion.read' }, schema: { tags, summary: '测评一览', querystring: CampaignQuery } },
    async (req) => ({
      ...(await campaigns.listCampaigns(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );
  app.post(
    '/api/opinion/campaigns',
    { config: { access: 'opinion.manage' }, schema: { tags, summary: '新建测评', body: CampaignBody } },
    async (req, reply) => reply.code(201).send(await campaigns.createCampaign(req.ctx, req.body)),
  );
  app.get(
    '/api/opinion/campaigns/:id',
    { config: { access: 'opinion.read' }, schema: { tags, summary: '测评详情', params: IdParams } },
    async (req) => campaigns.getCampaign(req.ctx, req.params.id),
  );
  app.put(
    '/api/opinion/campaigns/:id',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '修改筹备中的测评', params: IdParams, body: CampaignBody },
    },
    async (req) => campaigns.updateCampaign(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/opinion/campaigns/:id/open',
    { config: { access: 'opinion.manage' }, schema: { tags, summary: '开始测评', params: IdParams } },
    async (req) => campaigns.openCampaign(req.ctx, req.params.id),
  );
  app.post(
    '/api/opinion/campaigns/:id/close',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '结束测评并生成本轮口碑档案', params: IdParams },
    },
    async (req) => campaigns.closeCampaign(req.ctx, req.params.id),
  );

  // ——— raters and links ———
  app.post(
    '/api/opinion/campaigns/:id/raters/assign',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '按规则从干部库产生评价者（上级、同级）', params: IdParams, body: AssignBody },
    },
    async (req) => links.assignByRule(req.ctx, req.params.id, req.body.groups),
  );
  app.post(
    '/api/opinion/campaigns/:id/public-links',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '为单位或区域生成群众测评公开链接', params: IdParams, body: PublicLinksBody },
    },
    async (req) => links.createPublicLinks(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/opinion/campaigns/:id/public-links/:linkId/slip-codes',
    {
      config: { access: 'opinion.manage' },
      schema: {
        tags,
        summary: '为公开链接生成现场评价卡（一次性评价码，只显示这一次）',
        params: z.object({ id: Uuid, linkId: Uuid }),
        body: SlipCodesBody,
      },
    },
    async (req) => links.issueSlipCodes(req.ctx, req.params.id, req.params.linkId, req.body.count),
  );
  app.get(
    '/api/opinion/campaigns/:id/links',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '评价链接（是否已用，不涉及选票内容）', params: IdParams },
    },
    async (req) => ({ items: await links.listLinks(req.ctx, req.params.id) }),
  );
  app.post(
    '/api/opinion/campaigns/:id/links/:linkId/revoke',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '撤销未使用的评价链接', params: z.object({ id: Uuid, linkId: Uuid }) },
    },
    async (req, reply) => {
      await links.revokeLink(req.ctx, req.params.id, req.params.linkId);
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/opinion/campaigns/:id/issue',
    {
      config: { access: 'opinion.manage' },
      schema: {
        tags,
        summary: '发放评价链接（令牌只显示这一次）；reissue 为未使用的链接补发提醒单',
        params: IdParams,
        body: IssueBody,
      },
    },
    async (req) => links.issueLinks(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/opinion/campaigns/:id/slips.xlsx',
    {
      config: { access: 'opinion.manage' },
      schema: {
        tags,
        summary: '把刚发放的评价链接导出为 xlsx（服务器不保存令牌）',
        params: IdParams,
        body: z.object({
          slips: z
            .array(
              z.object({
                token: TokenParams.shape.token,
                groupLabel: z.string().max(20),
                raterLabel: z.string().max(120).nullable(),
                unitName: z.string().max(120).nullable(),
                cadres: z.number().int().min(0).max(1000),
              }),
            )
            .min(1)
            .max(5000),
        }),
      },
    },
    async (req, reply) => {
      const c = await campaigns.loadCampaign(req.ctx.db, req.params.id);
      const base = `${req.protocol}://${req.host}`;
      const bytes = await exportXlsx(req.ctx, {
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
        rows: req.body.slips.map((s, i) => [
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
      return reply.send(bytes);
    },
  );
  app.get(
    '/api/opinion/campaigns/:id/progress',
    {
      config: { access: 'opinion.read' },
      schema: { tags, summary: '测评进度（按评价者组和单位）', params: IdParams },
    },
    async (req) => links.progress(req.ctx, req.params.id),
  );

  // ——— results and profiles ———
  app.get(
    '/api/opinion/campaigns/:id/results',
    {
      config: { access: 'opinion.read' },
      schema: {
        tags,
        summary: '测评结果（每名干部；不足 5 份的评价者组不单独显示）',
        params: IdParams,
        querystring: ResultsQuery,
      },
    },
    async (req) => results.listResults(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/api/opinion/campaigns/:id/results/export',
    {
      config: { access: 'opinion.read' },
      schema: {
        tags,
        summary: '导出测评结果（xlsx）',
        params: IdParams,
        querystring: ResultsQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (req, reply) => {
      const c = await campaigns.getCampaign(req.ctx, req.params.id);
      const all = await results.listResults(req.ctx, req.params.id, {
        ...req.query,
        page: 1,
        pageSize: 100_000,
      });
      const dims = (c.questionnaire as { dimensions: { code: string; name: string }[] }).dimensions;
      const bytes = await exportXlsx(req.ctx, {
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
      return reply.send(bytes);
    },
  );
  app.get(
    '/api/opinion/campaigns/:id/cadres/:cadreId',
    {
      config: { access: 'opinion.read' },
      schema: {
        tags,
        summary: '某干部本轮测评结果、分布（口碑追溯）和评价内容条目',
        params: CampaignCadreParams,
      },
    },
    async (req) => results.cadreInCampaign(req.ctx, req.params.id, req.params.cadreId),
  );
  app.get(
    '/api/opinion/profiles/:id',
    {
      config: { access: 'opinion.read' },
      schema: { tags, summary: '口碑档案：各轮测评的冻结结果与轮次变化', params: IdParams },
    },
    async (req) => results.profileOf(req.ctx, req.params.id),
  );
  app.get(
    '/api/opinion/entries',
    {
      config: { access: 'opinion.read' },
      schema: { tags, summary: '评价内容条目', querystring: EntryQuery },
    },
    async (req) => results.listEntries(req.ctx, req.query),
  );
  app.put(
    '/api/opinion/entries/:id/tags',
    {
      config: { access: 'opinion.manage' },
      schema: { tags, summary: '为评价内容条目标注主题', params: IdParams, body: EntryTagsBody },
    },
    async (req) => results.tagEntry(req.ctx, req.params.id, req.body.tags),
  );

  // ——— the ballot pages (no login) ———
  app.get(
    '/api/opinion/ballot/:token',
    {
      config: { access: 'public', rateLimit: ballotLimit },
      schema: { tags, summary: '打开个人评价链接', params: TokenParams },
    },
    async (req) => ballots.openPersonal(req.ctx, req.params.token, guarded(req)),
  );
  app.post(
    '/api/opinion/ballot/:token',
    {
      config: { access: 'public', rateLimit: ballotLimit },
      schema: { tags, summary: '提交个人评价（链接随即失效）', params: TokenParams, body: BallotBody },
    },
    async (req, reply) =>
      reply.code(201).send(await ballots.submitPersonal(req.ctx, req.params.token, req.body, guarded(req))),
  );
  app.get(
    '/api/opinion/public/:code',
    {
      config: { access: 'public', rateLimit: ballotLimit },
      schema: { tags, summary: '打开群众测评公开链接', params: PublicCodeParams },
    },
    async (req) => ballots.openPublic(req.ctx, req.params.code, guarded(req)),
  );
  app.get(
    '/api/opinion/public/:code/slips/:slip',
    {
      config: { access: 'public', rateLimit: ballotLimit },
      schema: {
        tags,
        summary: '核对现场评价卡的评价码（开始评价前）',
        params: PublicCodeParams.extend({ slip: SlipCode }),
      },
    },
    async (req) => ballots.checkSlip(req.ctx, req.params.code, req.params.slip, guarded(req)),
  );
  app.post(
    '/api/opinion/public/:code',
    {
      config: { access: 'public', rateLimit: ballotLimit },
      schema: {
        tags,
        summary: '提交群众测评（每张现场评价卡的评价码一次）',
        params: PublicCodeParams,
        body: PublicBallotBody,
      },
    },
    async (req, reply) => {
      const { slip, ...body } = req.body;
      return reply
        .code(201)
        .send(await ballots.submitPublic(req.ctx, req.params.code, slip, body, guarded(req)));
    },
  );

  // ——— liaison visits (包联走访) and field time ———
  app.get(
    '/api/opinion/leaders',
    { config: { access: 'opinion.visits.read' }, schema: { tags, summary: '包联领导（编组负责人）' } },
    async (req) => ({ items: await visits.leaderOptions(req.ctx) }),
  );
  app.get(
    '/api/opinion/visits',
    {
      config: { access: 'opinion.visits.read' },
      schema: { tags, summary: '包联走访记录', querystring: VisitQuery },
    },
    async (req) => visits.listVisits(req.ctx, req.query),
  );
  app.post(
    '/api/opinion/visits',
    {
      config: { access: 'opinion.visits.write' },
      schema: { tags, summary: '登记包联走访', body: VisitBody },
    },
    async (req, reply) => reply.code(201).send(await visits.createVisit(req.ctx, req.body)),
  );
  app.put(
    '/api/opinion/visits/:id',
    {
      config: { access: 'opinion.visits.write' },
      schema: { tags, summary: '修改包联走访', params: IdParams, body: VisitBody },
    },
    async (req) => visits.updateVisit(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/opinion/visits/:id/withdraw',
    {
      config: { access: 'opinion.visits.write' },
      schema: { tags, summary: '撤销包联走访（保留记录，不再计入）', params: IdParams, body: WithdrawBody },
    },
    async (req) => visits.withdrawVisit(req.ctx, req.params.id, req.body.reason),
  );
  app.get(
    '/api/opinion/field-time',
    {
      config: { access: 'opinion.visits.read' },
      schema: {
        tags,
        summary: '一线时间：每位包联领导走访时长对照工作时间三分之一',
        querystring: FieldTimeQuery,
      },
    },
    async (req) => visits.fieldTime(req.ctx, req.query.year),
  );
}
