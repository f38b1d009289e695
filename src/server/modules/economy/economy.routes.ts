import {
  ALERT_STATUS_LABELS,
  economyApi,
  INTERVIEW_STATUS_LABELS,
} from '../../../common/contracts/economy.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
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
  reply.send(bytes);
}

export async function economyRoutes(app: App) {
  routes(
    app,
    tags,
    economyApi,
    {
      // catalog and figures
      stats: ({ ctx }) => alerts.stats(ctx),
      departments: ({ ctx }) => values.listDepartments(ctx),
      indicators: ({ ctx, query }) => values.listIndicators(ctx, query),
      indicator: ({ ctx, params }) => values.getIndicator(ctx, params.id),
      createIndicator: ({ ctx, body }) => values.createIndicator(ctx, body),
      updateIndicator: ({ ctx, params, body }) => values.updateIndicator(ctx, params.id, body),
      setTarget: ({ ctx, body }) => values.setTarget(ctx, body),
      series: ({ ctx, query }) => values.getSeries(ctx, query),
      curves: ({ ctx, query }) => values.getCurves(ctx, query),
      revisions: ({ ctx, params }) => values.valueRevisions(ctx, params.id),

      // department feed and keys
      feed: ({ ctx, req, body }) =>
        values.feedByKey(ctx, req.headers['x-api-key'] as string | undefined, body),
      apiKeys: ({ ctx }) => values.listApiKeys(ctx),
      createApiKey: ({ ctx, body }) => values.createApiKey(ctx, body),
      revokeApiKey: ({ ctx, params }) => values.revokeApiKey(ctx, params.id),

      // role KPIs
      kpis: ({ ctx, query }) => kpis.listKpis(ctx, query.history === 'true'),
      createKpi: ({ ctx, body }) => kpis.saveKpi(ctx, null, body),
      reviseKpi: ({ ctx, params, body }) => kpis.saveKpi(ctx, params.key, body),
      kpiVersions: ({ ctx, params }) => kpis.kpiVersions(ctx, params.key),
      kpiValues: ({ ctx, query }) => kpis.kpiValues(ctx, query),
      kpiValuesXlsx: async ({ ctx, query, reply }) => {
        const list = await kpis.kpiValueRows(ctx, query);
        await sendXlsx(ctx, reply, `差异化评价-${query.period}.xlsx`, {
          action: 'economy.kpi_values.export',
          sheetName: '差异化评价',
          title: `干部差异化评价指标值（${query.period}）`,
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
      kpiTrace: ({ ctx, query }) => kpis.kpiTrace(ctx, query),

      // anomaly rules and alerts
      rules: ({ ctx, query }) => rules.listRules(ctx, query.history === 'true'),
      createRule: ({ ctx, body }) => rules.saveRule(ctx, null, body),
      reviseRule: ({ ctx, params, body }) => rules.saveRule(ctx, params.key, body),
      evaluate: ({ ctx }) => rules.evaluateNow(ctx),
      alerts: ({ ctx, query }) => alerts.listAlerts(ctx, query),
      alertsXlsx: async ({ ctx, query, reply }) => {
        const list = await alerts.alertRows(ctx, query);
        await sendXlsx(ctx, reply, '经济运行预警.xlsx', {
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
      alert: ({ ctx, params }) => alerts.getAlert(ctx, params.id),
      dismissAlert: ({ ctx, params, body }) => alerts.dismissAlert(ctx, params.id, body.reason),
      escalateAlert: ({ ctx, params, body }) => alerts.escalateAlert(ctx, params.id, body.note),

      // interviews
      interviews: ({ ctx, query }) => alerts.listInterviews(ctx, query),
      interviewsXlsx: async ({ ctx, query, reply }) => {
        const list = await alerts.allInterviews(ctx, query);
        await sendXlsx(ctx, reply, '约谈记录.xlsx', {
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
      createInterview: ({ ctx, body }) => alerts.createInterview(ctx, body),
      interview: ({ ctx, params }) => alerts.getInterview(ctx, params.id),
      checkInterview: ({ ctx, params, body }) => alerts.checkInterview(ctx, params.id, body),

      // forensics
      forensics: ({ ctx, query }) => forensicsService.forensics(ctx, query),
    },
    { feed: { bodyLimit: 2 * 1024 * 1024 } },
  );
}
