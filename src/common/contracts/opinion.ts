import { z } from 'zod';
import { endpoint, Instant, listOf, pageOf } from '../api.ts';
import { IdParams } from './page.ts';

export * from './opinion-ballots.ts';
export * from './opinion-campaigns.ts';
export * from './opinion-results.ts';
export * from './opinion-visits.ts';

import { BallotAccepted, BallotBody, BallotView, PublicBallotBody, SlipCode } from './opinion-ballots.ts';
import {
  AssignBody,
  CampaignBody,
  CampaignListItem,
  CampaignQuery,
  CampaignView,
  IssueBody,
  LinkParams,
  LinkView,
  ProgressView,
  PublicCodeParams,
  PublicLinksBody,
  SlipCodesBody,
  SlipsBody,
  SlipView,
  TokenParams,
} from './opinion-campaigns.ts';
import {
  CadreInCampaignView,
  CampaignCadreParams,
  EntriesView,
  EntryQuery,
  EntryTagsBody,
  ProfileView,
  ResultsQuery,
  ResultsView,
} from './opinion-results.ts';
import {
  FieldTimeQuery,
  FieldTimeView,
  LeaderOption,
  VisitBody,
  VisitQuery,
  VisitView,
  WithdrawBody,
} from './opinion-visits.ts';

/**
 * 走进群众听民意 (module opinion): its endpoints and error codes. The schemas live beside it:
 * campaigns, raters and links in `opinion-campaigns.ts`; the ballot pages in `opinion-ballots.ts`;
 * results, profiles and entries in `opinion-results.ts`; liaison visits in `opinion-visits.ts`
 * (all re-exported here).
 */

const Num = z.number();

/**
 * A no-login ballot page at one path: GET shows what to rate, POST submits it. The personal link
 * and the public link differ only in their path, its parameter and what the submission carries.
 */
function ballotPage<const P extends string, Params extends z.ZodType, Body extends z.ZodType>(
  path: P,
  params: Params,
  body: Body,
  summary: { open: string; submit: string },
) {
  return {
    open: endpoint({
      method: 'GET',
      path,
      access: 'public',
      summary: summary.open,
      params,
      response: BallotView,
    }),
    submit: endpoint({
      method: 'POST',
      path,
      access: 'public',
      summary: summary.submit,
      params,
      body,
      response: BallotAccepted,
      status: 201,
    }),
  };
}

const personalBallot = ballotPage('/api/opinion/ballot/:token', TokenParams, BallotBody, {
  open: '打开个人评价链接',
  submit: '提交个人评价（链接随即失效）',
});
const publicBallot = ballotPage('/api/opinion/public/:code', PublicCodeParams, PublicBallotBody, {
  open: '打开群众测评公开链接',
  submit: '提交群众测评（每张现场评价卡的评价码一次）',
});

// ——— the endpoints ———

export const opinionApi = {
  // campaigns
  campaigns: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns',
    access: 'opinion.read',
    summary: '测评一览',
    query: CampaignQuery,
    response: pageOf(CampaignListItem),
  }),
  createCampaign: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns',
    access: 'opinion.manage',
    summary: '新建测评',
    body: CampaignBody,
    response: CampaignView,
    status: 201,
  }),
  campaign: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id',
    access: 'opinion.read',
    summary: '测评详情',
    params: IdParams,
    response: CampaignView,
  }),
  updateCampaign: endpoint({
    method: 'PUT',
    path: '/api/opinion/campaigns/:id',
    access: 'opinion.manage',
    summary: '修改筹备中的测评',
    params: IdParams,
    body: CampaignBody,
    response: CampaignView,
  }),
  openCampaign: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/open',
    access: 'opinion.manage',
    summary: '开始测评',
    params: IdParams,
    response: CampaignView,
  }),
  closeCampaign: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/close',
    access: 'opinion.manage',
    summary: '结束测评并生成本轮口碑档案',
    params: IdParams,
    response: z.object({ id: z.uuid(), profiles: Num }),
  }),

  // raters and links
  assignRaters: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/raters/assign',
    access: 'opinion.manage',
    summary: '按规则从干部库产生评价者（上级、同级）',
    params: IdParams,
    body: AssignBody,
    response: z.object({ created: z.record(z.string(), Num) }),
  }),
  createPublicLinks: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/public-links',
    access: 'opinion.manage',
    summary: '为单位或区域生成群众测评公开链接',
    params: IdParams,
    body: PublicLinksBody,
    response: z.object({ created: Num }),
  }),
  issueSlipCodes: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/public-links/:linkId/slip-codes',
    access: 'opinion.manage',
    summary: '为公开链接生成现场评价卡（一次性评价码，只显示这一次）',
    params: LinkParams,
    body: SlipCodesBody,
    response: z.object({
      publicCode: z.string(),
      raterLabel: z.string().nullable(),
      cadres: Num,
      codes: z.array(z.string()),
    }),
  }),
  links: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/links',
    access: 'opinion.manage',
    summary: '评价链接（是否已用，不涉及选票内容）',
    params: IdParams,
    response: listOf(LinkView),
  }),
  revokeLink: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/links/:linkId/revoke',
    access: 'opinion.manage',
    summary: '撤销未使用的评价链接',
    params: LinkParams,
    response: null,
  }),
  issueLinks: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/issue',
    access: 'opinion.manage',
    summary: '发放评价链接（令牌只显示这一次）；reissue 为未使用的链接补发提醒单',
    params: IdParams,
    body: IssueBody,
    response: z.object({ slips: z.array(SlipView) }),
  }),
  slipsXlsx: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/slips.xlsx',
    access: 'opinion.manage',
    summary: '把刚发放的评价链接导出为 xlsx（服务器不保存令牌）',
    params: IdParams,
    body: SlipsBody,
    response: 'file',
  }),
  progress: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/progress',
    access: 'opinion.read',
    summary: '测评进度（按评价者组和单位）',
    params: IdParams,
    response: ProgressView,
  }),

  // results and profiles
  results: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/results',
    shared: true,
    access: 'opinion.read',
    summary: '测评结果（每名干部；不足 5 份的评价者组不单独显示）',
    params: IdParams,
    query: ResultsQuery,
    response: ResultsView,
  }),
  exportResults: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/results/export',
    access: 'opinion.read',
    summary: '导出测评结果（xlsx）',
    params: IdParams,
    query: ResultsQuery.omit({ page: true, pageSize: true }),
    response: 'file',
  }),
  cadreResult: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/cadres/:cadreId',
    access: 'opinion.read',
    summary: '某干部本轮测评结果、分布（口碑追溯）和评价内容条目',
    params: CampaignCadreParams,
    response: CadreInCampaignView,
  }),
  profile: endpoint({
    method: 'GET',
    path: '/api/opinion/profiles/:id',
    access: 'opinion.read',
    summary: '口碑档案：各轮测评的冻结结果与轮次变化',
    params: IdParams,
    response: ProfileView,
  }),
  entries: endpoint({
    method: 'GET',
    path: '/api/opinion/entries',
    access: 'opinion.read',
    summary: '评价内容条目',
    query: EntryQuery,
    response: EntriesView,
  }),
  tagEntry: endpoint({
    method: 'PUT',
    path: '/api/opinion/entries/:id/tags',
    access: 'opinion.manage',
    summary: '为评价内容条目标注主题',
    params: IdParams,
    body: EntryTagsBody,
    response: z.object({ id: z.uuid(), tags: z.array(z.string()), taggedAt: Instant.nullable() }),
  }),

  // the ballot pages (no login)
  openBallot: personalBallot.open,
  submitBallot: personalBallot.submit,
  openPublic: publicBallot.open,
  checkSlip: endpoint({
    method: 'GET',
    path: '/api/opinion/public/:code/slips/:slip',
    access: 'public',
    summary: '核对现场评价卡的评价码（开始评价前）',
    params: PublicCodeParams.extend({ slip: SlipCode }),
    response: z.object({ ok: z.literal(true) }),
  }),
  submitPublic: publicBallot.submit,

  // liaison visits (包联走访) and field time
  leaders: endpoint({
    method: 'GET',
    path: '/api/opinion/leaders',
    access: 'opinion.visits.read',
    summary: '包联领导（编组负责人）',
    response: listOf(LeaderOption),
  }),
  visits: endpoint({
    method: 'GET',
    path: '/api/opinion/visits',
    access: 'opinion.visits.read',
    summary: '包联走访记录',
    query: VisitQuery,
    response: pageOf(VisitView),
  }),
  createVisit: endpoint({
    method: 'POST',
    path: '/api/opinion/visits',
    access: 'opinion.visits.write',
    summary: '登记包联走访',
    body: VisitBody,
    response: VisitView,
    status: 201,
  }),
  updateVisit: endpoint({
    method: 'PUT',
    path: '/api/opinion/visits/:id',
    access: 'opinion.visits.write',
    summary: '修改包联走访',
    params: IdParams,
    body: VisitBody,
    response: VisitView,
  }),
  withdrawVisit: endpoint({
    method: 'POST',
    path: '/api/opinion/visits/:id/withdraw',
    access: 'opinion.visits.write',
    summary: '撤销包联走访（保留记录，不再计入）',
    params: IdParams,
    body: WithdrawBody,
    response: VisitView,
  }),
  fieldTime: endpoint({
    method: 'GET',
    path: '/api/opinion/field-time',
    access: 'opinion.visits.read',
    summary: '一线时间：每位包联领导走访时长对照工作时间三分之一',
    query: FieldTimeQuery,
    response: FieldTimeView,
  }),
};

/** Error codes of module `opinion`. */
export const OPINION_ERRORS = {
  LINK_INVALID: { status: 404, message: '评价链接无效，请核对链接或二维码' },
  LINK_USED: { status: 409, message: '该评价链接已经使用过' },
  SLIP_INVALID: { status: 404, message: '评价码无效，请核对评价卡上的评价码' },
  SLIP_USED: { status: 409, message: '该评价码已经使用过' },
  PUBLIC_QUOTA_EXCEEDED: { status: 409, message: '本轮群众测评的评价卡数量已达上限' },
  CAMPAIGN_NOT_OPEN: { status: 409, message: '测评尚未开始' },
  CAMPAIGN_CLOSED: { status: 409, message: '测评已经结束' },
  OPINION_CAMPAIGN_STATE: { status: 409, message: '测评当前所处阶段不能进行此操作' },
  OPINION_SCOPE_LOCKED: { status: 409, message: '已生成评价链接，不能再改变测评范围；请先撤销链接' },
  OPINION_NO_LINKS: { status: 409, message: '尚未产生任何评价者或公开链接，不能开始测评' },
  OPINION_RATERS_ASSIGNED: { status: 409, message: '该评价者组的评价者已经产生，不能重复产生' },
  OPINION_LINK_REVOKED: { status: 409, message: '该链接已撤销' },
  OPINION_LINK_SPENT: { status: 409, message: '该链接已经用过，不能撤销' },
  OPINION_RESULTS_NOT_READY: { status: 409, message: '测评结束后才能查看结果；测评进行中只显示参评进度' },
  OPINION_VISIT_WITHDRAWN: { status: 409, message: '该走访记录已撤销' },
} as const satisfies Record<string, { status: number; message: string }>;
