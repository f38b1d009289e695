import { deliveryApi, ITEM_KIND_LABELS, VERDICT_LABELS } from '../../../common/contracts/delivery.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { exportDocx } from '../../lib/docx.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import { holds } from './delivery.policy.ts';
import * as findings from './findings.service.ts';
import * as lists from './lists.service.ts';
import * as plans from './plans.service.ts';
import * as reports from './reports.service.ts';
import * as stats from './stats.service.ts';

const tags = ['delivery 走进一线看实绩'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function deliveryRoutes(app: App) {
  routes(app, tags, deliveryApi, {
    // ——— annual task lists ———
    lists: async ({ ctx, query }) => ({
      ...(await lists.listLists(ctx, query)),
      page: query.page,
      pageSize: query.pageSize,
    }),
    list: ({ ctx, params }) => lists.getList(ctx, params.cadreId, params.year),
    exportList: async ({ ctx, params, reply }) => {
      const l = await lists.getList(ctx, params.cadreId, params.year);
      const bytes = await exportXlsx(ctx, {
        action: 'delivery.list.export',
        sheetName: '干事清单',
        title: `${l.cadre.name} ${params.year} 年度干事清单`,
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
            ITEM_KIND_LABELS[i.kind],
            i.title,
            i.domainCode,
            i.targetKind === 'value'
              ? `${i.targetValue}${i.measureUnit ?? ''}`
              : `${i.milestones?.length ?? 0} 个节点`,
            i.weight,
            ...i.monthlyPlan.map((p, m) => `${p} / ${i.reports[m]?.progress ?? '—'}`),
            i.inScope ? '是' : '否（不在分工范围）',
          ]),
      });
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachmentDisposition(`干事清单-${l.cadre.name}-${params.year}.xlsx`));
      return reply.send(bytes);
    },
    addItem: async ({ ctx, params, body }) => {
      const [row] = await lists.addItems(ctx, params.cadreId, params.year, [body]);
      return lists.savedItem(row!);
    },
    updateItem: ({ ctx, params, body }) => lists.updateItem(ctx, params.id, body),
    removeItem: async ({ ctx, params }) => {
      await lists.removeItem(ctx, params.id);
      return undefined;
    },
    submitList: ({ ctx, params }) => lists.submitList(ctx, params.cadreId, params.year),
    confirmList: ({ ctx, params }) => lists.confirmList(ctx, params.id),
    returnList: ({ ctx, params, body }) => lists.returnList(ctx, params.id, body.text),
    amendList: ({ ctx, params, body }) => lists.amendList(ctx, params.id, body),

    // ——— monthly delivery ———
    report: ({ ctx, params, body }) => reports.submitReport(ctx, params.id, body),

    // ——— verification visits (the organization department only; secret until started) ———
    previewPlan: ({ ctx, query }) => plans.previewTargets(ctx, query),
    plans: async ({ ctx }) => ({ items: await plans.listPlans(ctx) }),
    createPlan: ({ ctx, body }) => plans.createPlan(ctx, body),
    plan: ({ ctx, params }) => plans.getPlan(ctx, params.id),
    replayPlan: async ({ ctx, params }) => ({ cadreIds: await plans.replayDraw(ctx, params.id) }),
    startPlan: ({ ctx, params }) => plans.startPlan(ctx, params.id),
    completePlan: ({ ctx, params }) => plans.completePlan(ctx, params.id),
    recordCheck: ({ ctx, params, body }) => plans.recordCheck(ctx, params.id, body),

    // ——— findings and rectification ———
    findings: async ({ ctx, query }) => ({ items: await findings.listFindings(ctx, query) }),
    finding: ({ ctx, params }) => findings.getFinding(ctx, params.id),
    explain: ({ ctx, params, body }) => findings.explainFinding(ctx, params.id, body.text),
    finalize: ({ ctx, params, body }) => findings.finalizeFinding(ctx, params.id, body),
    appeal: ({ ctx, params, body }) => findings.appealFinding(ctx, params.id, body.text),
    decide: ({ ctx, params, body }) => findings.decideAppeal(ctx, params.id, body),
    rectifications: async ({ ctx, query }) => ({
      ...(await findings.rectificationBoard(ctx, query)),
      page: query.page,
      pageSize: query.pageSize,
    }),
    rectification: ({ ctx, params }) => findings.getRectification(ctx, params.id),
    reply: ({ ctx, params, body }) => findings.replyRectification(ctx, params.id, body.text),
    recheck: ({ ctx, params, body }) => findings.recheckRectification(ctx, params.id, body),

    // ——— statistics and report ———
    stats: ({ ctx, query }) => stats.deliveryStats(ctx, query.from, query.to),
    statsChecks: async ({ ctx, query }) => ({
      items: await stats.statsChecks(ctx, query.from, query.to, query),
      can: { readFinding: holds(ctx.actor, 'delivery.read'), readPlan: holds(ctx.actor, 'delivery.verify') },
    }),
    statsReport: async ({ ctx, query, reply }) => {
      const s = await stats.deliveryStats(ctx, query.from, query.to);
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
        .map(([k, n]) => `${VERDICT_LABELS[k as keyof typeof VERDICT_LABELS]} ${n} 个`)
        .join('，');
      if (query.format === 'xlsx') {
        const bytes = await exportXlsx(ctx, {
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
      const bytes = await exportDocx(ctx, {
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
  });
}
