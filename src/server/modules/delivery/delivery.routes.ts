import { z } from 'zod';
import {
  AmendBody,
  BoardQuery,
  CadreYearParams,
  CandidateQuery,
  CheckBody,
  DecideBody,
  FinalizeBody,
  ITEM_KIND_LABELS,
  ItemBody,
  ListQuery,
  PlanBody,
  RecheckBody,
  ReportBody,
  StatsQuery,
  TextBody,
  VERDICT_LABELS,
} from '../../../common/contracts/delivery.ts';
import { IdParams, Uuid } from '../../../common/contracts/page.ts';
import { attachmentDisposition } from '../../http/download.ts';
import type { App } from '../../http/types.ts';
import { exportDocx } from '../../lib/docx.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import * as findings from './findings.service.ts';
import * as lists from './lists.service.ts';
import * as plans from './plans.service.ts';
import * as reports from './reports.service.ts';
import * as stats from './stats.service.ts';

const tags = ['delivery 走进一线看实绩'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function deliveryRoutes(app: App) {
  // ——— annual task lists ———
  app.get(
    '/api/delivery/lists',
    {
      config: { access: 'delivery.read' },
      schema: { tags, summary: '年度干事清单一览', querystring: ListQuery },
    },
    async (req) => ({
      ...(await lists.listLists(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );
  app.get(
    '/api/delivery/lists/:cadreId/:year',
    {
      config: { access: 'delivery.read' },
      schema: { tags, summary: '某干部某年度的干事清单、月度交付与差距', params: CadreYearParams },
    },
    async (req) => lists.getList(req.ctx, req.params.cadreId, req.params.year),
  );
  app.get(
    '/api/delivery/lists/:cadreId/:year/export',
    {
      config: { access: 'delivery.read' },
      schema: { tags, summary: '导出干事清单（xlsx）', params: CadreYearParams },
    },
    async (req, reply) => {
      const l = await lists.getList(req.ctx, req.params.cadreId, req.params.year);
      const bytes = await exportXlsx(req.ctx, {
        action: 'delivery.list.export',
        sheetName: '干事清单',
        title: `${l.cadre.name} ${req.params.year} 年度干事清单`,
        columns: [
          { title: '序号', width: 6 },
          { title: '类型', width: 10 },
          { title: '事项', width: 36 },
          { title: '领域', width: 12 },
          { title: '目标', width: 14 },
          { title: '权重', width: 6 },
          ...Array.from({ length: 12 }, (_, m) => ({ title: `${m + 1}月计划/实际`, width: 12 })),
          { title: '在职责范围内', width: 10 },
        ],
        rows: l.items
          .filter((i) => !i.withdrawnAt)
          .map((i) => [
            i.seq,
            ITEM_KIND_LABELS[i.kind as 'indicator'],
            i.title,
            i.domainCode,
            i.targetKind === 'value'
              ? `${Number(i.targetValue)}${i.measureUnit ?? ''}`
              : `${(i.milestones as unknown[]).length} 个节点`,
            Number(i.weight),
            ...(i.monthlyPlan as number[]).map((p, m) => `${p} / ${i.reports[m]?.progress ?? '—'}`),
            i.inScope ? '是' : '否（不在分工范围）',
          ]),
      });
      reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          attachmentDisposition(`干事清单-${l.cadre.name}-${req.params.year}.xlsx`),
        );
      return reply.send(bytes);
    },
  );
  app.post(
    '/api/delivery/lists/:cadreId/:year/items',
    {
      config: { access: 'delivery.draft' },
      schema: { tags, summary: '在草稿清单中新增事项', params: CadreYearParams, body: ItemBody },
    },
    async (req, reply) => {
      reply.status(201);
      const [row] = await lists.addItems(req.ctx, req.params.cadreId, req.params.year, [req.body]);
      return row;
    },
  );
  app.put(
    '/api/delivery/items/:id',
    {
      config: { access: 'delivery.draft' },
      schema: { tags, summary: '修改草稿清单中的事项', params: IdParams, body: ItemBody },
    },
    async (req) => lists.updateItem(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/delivery/items/:id',
    {
      config: { access: 'delivery.draft' },
      schema: { tags, summary: '删除草稿清单中的事项', params: IdParams },
    },
    async (req) => {
      await lists.removeItem(req.ctx, req.params.id);
      return { ok: true };
    },
  );
  app.post(
    '/api/delivery/lists/:cadreId/:year/submit',
    {
      config: { access: 'delivery.draft' },
      schema: { tags, summary: '提交清单待组织部门确认', params: CadreYearParams },
    },
    async (req) => lists.submitList(req.ctx, req.params.cadreId, req.params.year),
  );
  app.post(
    '/api/delivery/lists/:id/confirm',
    {
      config: { access: 'delivery.confirm' },
      schema: { tags, summary: '确认清单（确认后锁定）', params: IdParams },
    },
    async (req) => lists.confirmList(req.ctx, req.params.id),
  );
  app.post(
    '/api/delivery/lists/:id/return',
    {
      config: { access: 'delivery.confirm' },
      schema: { tags, summary: '退回清单修改', params: IdParams, body: TextBody },
    },
    async (req) => {
      await lists.returnList(req.ctx, req.params.id, req.body.text);
      return { ok: true };
    },
  );
  app.post(
    '/api/delivery/lists/:id/amend',
    {
      config: { access: 'delivery.amend' },
      schema: { tags, summary: '登记已确认清单的变更', params: IdParams, body: AmendBody },
    },
    async (req, reply) => {
      reply.status(201);
      return lists.amendList(req.ctx, req.params.id, req.body);
    },
  );

  // ——— monthly delivery ———
  app.post(
    '/api/delivery/items/:id/reports',
    {
      config: { access: 'delivery.report' },
      schema: { tags, summary: '填报月度履职交付', params: IdParams, body: ReportBody },
    },
    async (req, reply) => {
      reply.status(201);
      return reports.submitReport(req.ctx, req.params.id, req.body);
    },
  );

  // ——— verification visits (the organization department only; secret until started) ———
  app.get(
    '/api/delivery/plans/preview',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '按规则预览考察对象', querystring: CandidateQuery },
    },
    async (req) => plans.previewTargets(req.ctx, req.query),
  );
  app.get(
    '/api/delivery/plans',
    { config: { access: 'delivery.verify' }, schema: { tags, summary: '对账考察计划' } },
    async (req) => ({ items: await plans.listPlans(req.ctx) }),
  );
  app.post(
    '/api/delivery/plans',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '制定考察计划（保密）', body: PlanBody },
    },
    async (req, reply) => {
      reply.status(201);
      return plans.createPlan(req.ctx, req.body);
    },
  );
  app.get(
    '/api/delivery/plans/:id',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '考察计划、对象与核验记录', params: IdParams },
    },
    async (req) => plans.getPlan(req.ctx, req.params.id),
  );
  app.get(
    '/api/delivery/plans/:id/replay',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '按记录的随机种子复现抽取', params: IdParams },
    },
    async (req) => ({ cadreIds: await plans.replayDraw(req.ctx, req.params.id) }),
  );
  app.post(
    '/api/delivery/plans/:id/start',
    { config: { access: 'delivery.verify' }, schema: { tags, summary: '出发：开始考察', params: IdParams } },
    async (req) => plans.startPlan(req.ctx, req.params.id),
  );
  app.post(
    '/api/delivery/plans/:id/complete',
    { config: { access: 'delivery.verify' }, schema: { tags, summary: '结束考察', params: IdParams } },
    async (req) => plans.completePlan(req.ctx, req.params.id),
  );
  app.post(
    '/api/delivery/plans/:id/checks',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '记录一项现场核验', params: IdParams, body: CheckBody },
    },
    async (req) => plans.recordCheck(req.ctx, req.params.id, req.body),
  );

  // ——— findings and rectification ———
  app.get(
    '/api/delivery/findings',
    {
      config: { access: 'delivery.read' },
      schema: {
        tags,
        summary: '考察发现',
        querystring: z.object({ cadreId: Uuid.optional(), status: z.string().max(20).optional() }),
      },
    },
    async (req) => ({ items: await findings.listFindings(req.ctx, req.query) }),
  );
  app.get(
    '/api/delivery/findings/:id',
    { config: { access: 'delivery.read' }, schema: { tags, summary: '考察发现详情', params: IdParams } },
    async (req) => findings.getFinding(req.ctx, req.params.id),
  );
  app.post(
    '/api/delivery/findings/:id/explain',
    {
      config: { access: 'delivery.respond' },
      schema: { tags, summary: '干部作出说明', params: IdParams, body: TextBody },
    },
    async (req) => {
      await findings.explainFinding(req.ctx, req.params.id, req.body.text);
      return { ok: true };
    },
  );
  app.post(
    '/api/delivery/findings/:id/finalize',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '答复说明并认定或撤销', params: IdParams, body: FinalizeBody },
    },
    async (req) => findings.finalizeFinding(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/delivery/findings/:id/appeal',
    {
      config: { access: 'delivery.respond' },
      schema: { tags, summary: '对认定的问题申诉', params: IdParams, body: TextBody },
    },
    async (req) => {
      await findings.appealFinding(req.ctx, req.params.id, req.body.text);
      return { ok: true };
    },
  );
  app.post(
    '/api/delivery/findings/:id/decide',
    {
      config: { access: 'delivery.decide' },
      schema: { tags, summary: '领导决定申诉', params: IdParams, body: DecideBody },
    },
    async (req) => {
      await findings.decideAppeal(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );
  app.get(
    '/api/delivery/rectifications',
    { config: { access: 'delivery.read' }, schema: { tags, summary: '整改看板', querystring: BoardQuery } },
    async (req) => ({
      ...(await findings.rectificationBoard(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );
  app.get(
    '/api/delivery/rectifications/:id',
    { config: { access: 'delivery.read' }, schema: { tags, summary: '整改单', params: IdParams } },
    async (req) => findings.getRectification(req.ctx, req.params.id),
  );
  app.post(
    '/api/delivery/rectifications/:id/reply',
    {
      config: { access: 'delivery.respond' },
      schema: { tags, summary: '单位回复整改', params: IdParams, body: TextBody },
    },
    async (req) => {
      await findings.replyRectification(req.ctx, req.params.id, req.body.text);
      return { ok: true };
    },
  );
  app.post(
    '/api/delivery/rectifications/:id/recheck',
    {
      config: { access: 'delivery.verify' },
      schema: { tags, summary: '复核整改：销号或退回', params: IdParams, body: RecheckBody },
    },
    async (req) => findings.recheckRectification(req.ctx, req.params.id, req.body),
  );

  // ——— statistics and report ———
  app.get(
    '/api/delivery/stats',
    {
      config: { access: 'delivery.stats' },
      schema: { tags, summary: '对账考察统计（按领域、乡镇）', querystring: StatsQuery },
    },
    async (req) => stats.deliveryStats(req.ctx, req.query.from, req.query.to),
  );
  app.get(
    '/api/delivery/stats/checks',
    {
      config: { access: 'delivery.stats' },
      schema: {
        tags,
        summary: '统计数字背后的核验记录',
        querystring: StatsQuery.extend({ domain: z.string().max(30).optional(), regionId: Uuid.optional() }),
      },
    },
    async (req) => ({ items: await stats.statsChecks(req.ctx, req.query.from, req.query.to, req.query) }),
  );
  app.get(
    '/api/delivery/stats/report',
    {
      config: { access: 'delivery.stats' },
      schema: {
        tags,
        summary: '一键生成报告（Word 或 Excel）',
        querystring: StatsQuery.extend({ format: z.enum(['docx', 'xlsx']).default('docx') }),
      },
    },
    async (req, reply) => {
      const s = await stats.deliveryStats(req.ctx, req.query.from, req.query.to);
      const columns = [
        '领域/乡镇',
        '考察干部（人）',
        '核验事项（项）',
        '发现问题（个）',
        '已整改（个）',
        '整改中（个）',
        '平均整改天数',
      ];
      const row = (name: string, x: typeof s.overall) => [
        name,
        x.cadres,
        x.items,
        x.findings,
        x.rectified,
        x.open,
        x.avgDaysToRectify ?? '—',
      ];
      const title = `走进一线看实绩对账考察情况（${s.from} 至 ${s.to}）`;
      const kinds = Object.entries(s.overall.findingsByKind)
        .map(([k, n]) => `${VERDICT_LABELS[k as 'true']} ${n} 个`)
        .join('，');
      if (req.query.format === 'xlsx') {
        const bytes = await exportXlsx(req.ctx, {
          action: 'delivery.stats.export',
          sheetName: '对账考察统计',
          title,
          columns: [{ title: '类别', width: 8 }, ...columns.map((c) => ({ title: c, width: 14 }))],
          rows: [
            ['合计', ...row('全部', s.overall)],
            ...s.byDomain.map((d) => ['领域', ...row(d.name, d)]),
            ...s.byTown.map((t) => ['乡镇', ...row(t.name, t)]),
          ],
        });
        reply
          .header('content-type', XLSX)
          .header('content-disposition', attachmentDisposition(`${title}.xlsx`));
        return reply.send(bytes);
      }
      const bytes = await exportDocx(req.ctx, {
        action: 'delivery.stats.export',
        title,
        sections: [
          { paragraphs: [s.sentence, kinds ? `发现的问题中，${kinds}。` : ''].filter(Boolean) },
          { heading: '分领域情况', table: { columns, rows: s.byDomain.map((d) => row(d.name, d)) } },
          { heading: '分乡镇（街道）情况', table: { columns, rows: s.byTown.map((t) => row(t.name, t)) } },
        ],
      });
      reply
        .header('content-type', DOCX)
        .header('content-disposition', attachmentDisposition(`${title}.docx`));
      return reply.send(bytes);
    },
  );
}
