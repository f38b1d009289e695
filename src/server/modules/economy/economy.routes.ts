import { z } from 'zod';
import {
  ALERT_STATUS_LABELS,
  AlertQuery,
  ApiKeyBody,
  CurvesQuery,
  DismissBody,
  EscalateBody,
  FeedBody,
  FollowUpBody,
  ForensicsQuery,
  INTERVIEW_STATUS_LABELS,
  IndicatorBody,
  IndicatorQuery,
  InterviewBody,
  InterviewQuery,
  KpiBody,
  KpiTraceQuery,
  KpiValueQuery,
  RuleBody,
  SeriesQuery,
  TargetBody,
} from '../../../common/contracts/economy.ts';
import { IdParams } from '../../../common/contracts/page.ts';
import { attachmentDisposition } from '../../http/download.ts';
import type { App } from '../../http/types.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportSpec, exportXlsx } from '../../lib/xlsx.ts';
import * as alerts from './alerts.service.ts';
import * as forensicsService from './forensics.service.ts';
import * as kpis from './kpis.service.ts';
import * as rules from './rules.service.ts';
import * as values from './values.service.ts';

const tags = ['economy 与经济运行同步诊断'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const History = z.object({ history: z.enum(['true', 'false']).optional() });
const KeyParams = z.object({ key: z.string().trim().min(1).max(40) });
const fmt = (x: number | null, digits = 2) => (x === null ? '' : Number(x.toFixed(digits)));

async function sendXlsx(
  ctx: Ctx,
  reply: { header(k: string, v: string): unknown; send(b: Buffer): unknown },
  name: string,
  spec: ExportSpec,
) {
  const bytes = await exportXlsx(ctx, spec);
  reply.header('content-type', XLSX);
  reply.header('content-disposition', attachmentDisposition(name));
  return reply.send(bytes);
}

export async function economyRoutes(app: App) {
  // ------------------------------------------------------------ catalog and figures
  app.get(
    '/api/economy/stats',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '经济运行诊断概况' } },
    async (req) => alerts.stats(req.ctx),
  );
  app.get(
    '/api/economy/departments',
    { config: { access: 'economy.catalog.read' }, schema: { tags, summary: '数据部门' } },
    async (req) => values.listDepartments(req.ctx),
  );
  app.get(
    '/api/economy/indicators',
    {
      config: { access: 'economy.catalog.read' },
      schema: { tags, summary: '指标目录', querystring: IndicatorQuery },
    },
    async (req) => values.listIndicators(req.ctx, req.query),
  );
  app.get(
    '/api/economy/indicators/:id',
    { config: { access: 'economy.catalog.read' }, schema: { tags, summary: '指标详情', params: IdParams } },
    async (req) => values.getIndicator(req.ctx, req.params.id),
  );
  app.post(
    '/api/economy/indicators',
    {
      config: { access: 'economy.catalog.manage' },
      schema: { tags, summary: '新增指标', body: IndicatorBody },
    },
    async (req, reply) => reply.code(201).send(await values.createIndicator(req.ctx, req.body)),
  );
  app.put(
    '/api/economy/indicators/:id',
    {
      config: { access: 'economy.catalog.manage' },
      schema: { tags, summary: '修改指标', params: IdParams, body: IndicatorBody },
    },
    async (req) => values.updateIndicator(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/economy/targets',
    {
      config: { access: 'economy.catalog.manage' },
      schema: { tags, summary: '设置年度目标', body: TargetBody },
    },
    async (req) => values.setTarget(req.ctx, req.body),
  );
  app.get(
    '/api/economy/series',
    {
      config: { access: 'economy.read' },
      schema: { tags, summary: '一个指标在一个区域或单位的序列', querystring: SeriesQuery },
    },
    async (req) => values.getSeries(req.ctx, req.query),
  );
  app.get(
    '/api/economy/curves',
    {
      config: { access: 'economy.read' },
      schema: { tags, summary: '指标曲线：按领域或区域', querystring: CurvesQuery },
    },
    async (req) => values.getCurves(req.ctx, req.query),
  );
  app.get(
    '/api/economy/values/:id/revisions',
    { config: { access: 'economy.read' }, schema: { tags, summary: '数值的修订记录', params: IdParams } },
    async (req) => values.valueRevisions(req.ctx, req.params.id),
  );

  // ------------------------------------------------------------ department feed and keys
  app.post(
    '/api/economy/feed',
    {
      config: { access: 'public' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: '数据部门推送指标数值（请求头 X-Api-Key：本部门密钥；只能写本部门指标；全部成功或全部不写）',
        body: FeedBody,
      },
    },
    async (req) => values.feedByKey(req.ctx, req.headers['x-api-key'] as string | undefined, req.body),
  );
  app.get(
    '/api/economy/api-keys',
    { config: { access: 'economy.keys.manage' }, schema: { tags, summary: '数据接口密钥' } },
    async (req) => values.listApiKeys(req.ctx),
  );
  app.post(
    '/api/economy/api-keys',
    {
      config: { access: 'economy.keys.manage' },
      schema: { tags, summary: '为数据部门生成密钥（只显示一次）', body: ApiKeyBody },
    },
    async (req, reply) => reply.code(201).send(await values.createApiKey(req.ctx, req.body)),
  );
  app.post(
    '/api/economy/api-keys/:id/revoke',
    { config: { access: 'economy.keys.manage' }, schema: { tags, summary: '停用密钥', params: IdParams } },
    async (req) => values.revokeApiKey(req.ctx, req.params.id),
  );

  // ------------------------------------------------------------ role KPIs
  app.get(
    '/api/economy/kpis',
    {
      config: { access: 'economy.assess' },
      schema: { tags, summary: '差异化评价标准', querystring: History },
    },
    async (req) => kpis.listKpis(req.ctx, req.query.history === 'true'),
  );
  app.post(
    '/api/economy/kpis',
    { config: { access: 'economy.configure' }, schema: { tags, summary: '新增评价标准', body: KpiBody } },
    async (req, reply) => reply.code(201).send(await kpis.saveKpi(req.ctx, null, req.body)),
  );
  app.put(
    '/api/economy/kpis/:key',
    {
      config: { access: 'economy.configure' },
      schema: { tags, summary: '修订评价标准（产生新版本）', params: KeyParams, body: KpiBody },
    },
    async (req) => kpis.saveKpi(req.ctx, req.params.key, req.body),
  );
  app.get(
    '/api/economy/kpis/:key/versions',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '评价标准的版本', params: KeyParams } },
    async (req) => kpis.kpiVersions(req.ctx, req.params.key),
  );
  app.get(
    '/api/economy/kpi-values',
    {
      config: { access: 'economy.assess' },
      schema: { tags, summary: '干部的差异化评价指标值', querystring: KpiValueQuery },
    },
    async (req) => kpis.kpiValues(req.ctx, req.query),
  );
  app.get(
    '/api/economy/kpi-values.xlsx',
    {
      config: { access: 'economy.assess' },
      schema: { tags, summary: '导出干部的差异化评价指标值', querystring: KpiValueQuery },
    },
    async (req, reply) => {
      const list = await kpis.kpiValueRows(req.ctx, req.query);
      return sendXlsx(req.ctx, reply, `差异化评价-${req.query.period}.xlsx`, {
        action: 'economy.kpi_values.export',
        sheetName: '差异化评价',
        title: `干部差异化评价指标值（${req.query.period}）`,
        columns: [
          { title: '姓名', width: 10 },
          { title: '单位', width: 24 },
          { title: '职务', width: 22 },
          { title: '角色类型', width: 10 },
          { title: '评价标准', width: 18 },
          { title: '版本', width: 6 },
          { title: '范围与期别', width: 22 },
          { title: '实际值', width: 10 },
          { title: '目标值', width: 10 },
          { title: '完成率', width: 10 },
          { title: '权重', width: 8 },
          { title: '说明', width: 30 },
        ],
        rows: list.map((r) => [
          r.cadreName,
          r.unitName,
          r.post,
          r.roleTypeName,
          r.kpiName,
          r.kpiVersion,
          r.scopeName,
          r.value === null ? '' : `${fmt(r.value)} ${r.unit}`.trim(),
          `${r.target} ${r.unit}`.trim(),
          r.attainment === null ? '' : `${(r.attainment * 100).toFixed(1)}%`,
          r.weight,
          r.missing ?? '',
        ]),
      });
    },
  );
  app.get(
    '/api/economy/kpi-values/trace',
    {
      config: { access: 'economy.assess' },
      schema: { tags, summary: '指标值的来源（用到的每个数值）', querystring: KpiTraceQuery },
    },
    async (req) => kpis.kpiTrace(req.ctx, req.query),
  );

  // ------------------------------------------------------------ anomaly rules and alerts
  app.get(
    '/api/economy/rules',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '预警规则', querystring: History } },
    async (req) => rules.listRules(req.ctx, req.query.history === 'true'),
  );
  app.post(
    '/api/economy/rules',
    { config: { access: 'economy.configure' }, schema: { tags, summary: '新增预警规则', body: RuleBody } },
    async (req, reply) => reply.code(201).send(await rules.saveRule(req.ctx, null, req.body)),
  );
  app.put(
    '/api/economy/rules/:key',
    {
      config: { access: 'economy.configure' },
      schema: { tags, summary: '修订预警规则（产生新版本）', params: KeyParams, body: RuleBody },
    },
    async (req) => rules.saveRule(req.ctx, req.params.key, req.body),
  );
  app.post(
    '/api/economy/rules/evaluate',
    { config: { access: 'economy.configure' }, schema: { tags, summary: '立即按规则研判全部数据' } },
    async (req) => rules.evaluateNow(req.ctx),
  );
  app.get(
    '/api/economy/alerts',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '预警', querystring: AlertQuery } },
    async (req) => alerts.listAlerts(req.ctx, req.query),
  );
  app.get(
    '/api/economy/alerts.xlsx',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '导出预警', querystring: AlertQuery } },
    async (req, reply) => {
      const list = await alerts.alertRows(req.ctx, req.query);
      return sendXlsx(req.ctx, reply, '经济运行预警.xlsx', {
        action: 'economy.alerts.export',
        sheetName: '预警',
        title: `经济运行预警（${list.length} 条）`,
        columns: [
          { title: '类型', width: 14 },
          { title: '预警', width: 36 },
          { title: '说明', width: 60 },
          { title: '范围', width: 14 },
          { title: '期别', width: 18 },
          { title: '校正后显著性 q', width: 12 },
          { title: '涉及干部', width: 30 },
          { title: '状态', width: 10 },
          { title: '研判意见', width: 40 },
        ],
        rows: list.map((a) => [
          a.kindLabel,
          a.title,
          a.summary,
          a.scope.name,
          a.periodFrom === a.periodTo ? a.periodTo : `${a.periodFrom}—${a.periodTo}`,
          a.qValue === null ? '' : Number(a.qValue.toPrecision(3)),
          a.cadres.map((c) => c.name).join('、'),
          ALERT_STATUS_LABELS[a.status],
          a.decisionNote ?? '',
        ]),
      });
    },
  );
  app.get(
    '/api/economy/alerts/:id',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '预警详情', params: IdParams } },
    async (req) => alerts.getAlert(req.ctx, req.params.id),
  );
  app.post(
    '/api/economy/alerts/:id/dismiss',
    {
      config: { access: 'economy.review' },
      schema: { tags, summary: '排除预警', params: IdParams, body: DismissBody },
    },
    async (req) => alerts.dismissAlert(req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/api/economy/alerts/:id/escalate',
    {
      config: { access: 'economy.review' },
      schema: { tags, summary: '预警转约谈', params: IdParams, body: EscalateBody },
    },
    async (req) => alerts.escalateAlert(req.ctx, req.params.id, req.body.note),
  );

  // ------------------------------------------------------------ interviews
  app.get(
    '/api/economy/interviews',
    {
      config: { access: 'economy.assess' },
      schema: { tags, summary: '约谈记录', querystring: InterviewQuery },
    },
    async (req) => alerts.listInterviews(req.ctx, req.query),
  );
  app.get(
    '/api/economy/interviews.xlsx',
    {
      config: { access: 'economy.assess' },
      schema: { tags, summary: '导出约谈记录', querystring: InterviewQuery },
    },
    async (req, reply) => {
      const list = await alerts.allInterviews(req.ctx, req.query);
      return sendXlsx(req.ctx, reply, '约谈记录.xlsx', {
        action: 'economy.interviews.export',
        sheetName: '约谈',
        title: `经济运行问题约谈记录（${list.length} 人次）`,
        columns: [
          { title: '约谈日期', width: 12 },
          { title: '姓名', width: 10 },
          { title: '单位', width: 24 },
          { title: '职务', width: 22 },
          { title: '约谈人', width: 16 },
          { title: '事由', width: 40 },
          { title: '本人说明', width: 40 },
          { title: '跟进事项', width: 40 },
          { title: '跟进期限', width: 12 },
          { title: '状态', width: 10 },
          { title: '核查情况', width: 40 },
        ],
        rows: list.map((i) => [
          i.interviewedOn,
          i.cadre.name,
          i.cadre.unitName,
          i.cadre.post,
          i.interviewers,
          i.issue,
          i.cadreAccount,
          i.followUp,
          i.followUpDue,
          INTERVIEW_STATUS_LABELS[i.status],
          i.checkNote ?? '',
        ]),
      });
    },
  );
  app.post(
    '/api/economy/interviews',
    { config: { access: 'economy.review' }, schema: { tags, summary: '登记约谈', body: InterviewBody } },
    async (req, reply) => reply.code(201).send(await alerts.createInterview(req.ctx, req.body)),
  );
  app.get(
    '/api/economy/interviews/:id',
    { config: { access: 'economy.assess' }, schema: { tags, summary: '约谈详情', params: IdParams } },
    async (req) => alerts.getInterview(req.ctx, req.params.id),
  );
  app.post(
    '/api/economy/interviews/:id/check',
    {
      config: { access: 'economy.review' },
      schema: { tags, summary: '核查跟进落实情况', params: IdParams, body: FollowUpBody },
    },
    async (req) => alerts.checkInterview(req.ctx, req.params.id, req.body),
  );

  // ------------------------------------------------------------ forensics
  app.get(
    '/api/economy/forensics',
    {
      config: { access: 'economy.read' },
      schema: { tags, summary: '数据体检：首位数字、异常跳变、交叉核验', querystring: ForensicsQuery },
    },
    async (req) => forensicsService.forensics(req.ctx, req.query),
  );
}
