import { orgApi } from '../../../common/contracts/org.ts';
import { pageWindow } from '../../../common/contracts/page.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { localDay } from '../../lib/time.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as cadres from './cadres.service.ts';
import * as division from './division.service.ts';
import { assertCadreInScope, visibleTimeline } from './org.policy.ts';
import * as periods from './periods.service.ts';
import * as registry from './registry.service.ts';
import { listTimeline } from './timeline.service.ts';

const tags = ['org 组织机构'];

// The calendar's endpoints are registered by calendar.routes.ts.
const {
  calendarYear: _y,
  workingTime: _w,
  setCalendarDay: _s,
  deleteCalendarDay: _d,
  ...registryApi
} = orgApi;

export async function orgRoutes(app: App) {
  routes(app, tags, registryApi, {
    // ——— directory: names, units and posts, for every staff role ———
    listRegions: async ({ ctx }) => ({ items: await registry.listRegions(ctx.db) }),
    listUnits: async ({ ctx, query }) => {
      const { page, pageSize, ...f } = query;
      return { ...(await registry.listUnits(ctx.db, ctx.actor, f, pageWindow(query))), page, pageSize };
    },
    unitTree: ({ ctx }) => registry.unitTree(ctx.db, ctx.actor),
    getUnit: ({ ctx, params }) => registry.getUnit(ctx.db, ctx.actor, params.id),
    directory: async ({ ctx, query }) => {
      const { page, pageSize, ...f } = query;
      return { ...(await cadres.cadreDirectory(ctx.db, f, pageWindow(query))), page, pageSize };
    },
    listGroups: async ({ ctx }) => ({ items: await registry.listLiaisonGroups(ctx.db, ctx.actor) }),
    listDict: async ({ ctx, query }) => ({
      items: await registry.listDict(ctx.db, ctx.actor, query.kind, query.includeInactive),
    }),

    // ——— registry maintenance (organization department) ———
    createRegion: ({ ctx, body }) => registry.createRegion(ctx, body),
    createUnit: ({ ctx, body }) => registry.saveUnit(ctx, null, body),
    updateUnit: ({ ctx, params, body }) => registry.saveUnit(ctx, params.id, body),
    createGroup: ({ ctx, body }) => registry.saveLiaisonGroup(ctx, null, body),
    updateGroup: ({ ctx, params, body }) => registry.saveLiaisonGroup(ctx, params.id, body),
    createDictItem: ({ ctx, body }) => registry.createDictItem(ctx, body),
    updateDictItem: ({ ctx, params, body }) => registry.updateDictItem(ctx, params.id, body),

    // ——— cadres: assessment content, scoped and audited ———
    listCadres: async ({ ctx, query }) => ({
      ...(await cadres.listCadres(ctx, query)),
      page: query.page,
      pageSize: query.pageSize,
    }),
    exportCadres: async ({ ctx, query, reply }) => {
      const list = await cadres.listCadres(ctx, { ...query, page: 1, pageSize: 100_000 });
      const bytes = await exportXlsx(ctx, {
        action: 'org.cadres.export',
        sheetName: '干部名册',
        title: `干部名册（${list.total} 人）`,
        columns: [
          { title: '人员编号', width: 14 },
          { title: '姓名', width: 10 },
          { title: '性别', width: 6 },
          { title: '出生年月', width: 10 },
          { title: '年龄', width: 6 },
          { title: '单位', width: 26 },
          { title: '职务', width: 20 },
          { title: '班子位置', width: 8 },
          { title: '职级', width: 12 },
          { title: '角色类型', width: 10 },
          { title: '分管领域', width: 30 },
          { title: '年轻干部', width: 8 },
        ],
        rows: list.items.map((c) => [
          c.code,
          c.name,
          c.sex,
          c.birthMonth ? `${c.birthYear}.${String(c.birthMonth).padStart(2, '0')}` : String(c.birthYear),
          c.age,
          c.unitName,
          c.post,
          c.teamPlace,
          c.rankName,
          c.roleTypeName,
          c.domains.join('、'),
          c.young ? '是' : '否',
        ]),
      });
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachmentDisposition(`干部名册-${localDay(ctx.clock.now())}.xlsx`));
      reply.send(bytes);
    },
    getCadre: ({ ctx, params }) => cadres.getCadre(ctx, params.id),
    appointments: async ({ ctx, params }) => ({ items: await cadres.listAppointments(ctx, params.id) }),
    responsibilities: ({ ctx, params, query }) => division.cadreResponsibilities(ctx, params.id, query.date),
    timeline: async ({ ctx, params, query }) => {
      const c = await cadres.cadreRow(ctx.db, params.id);
      assertCadreInScope(ctx, c);
      const items = await listTimeline(ctx.db, c.id, visibleTimeline(ctx, c), query);
      await recordAudit(ctx, { action: 'org.timeline.read', objectType: 'cadre', objectId: c.id });
      return { items };
    },
    createCadre: ({ ctx, body }) => cadres.createCadre(ctx, body),
    updateCadre: ({ ctx, params, body }) => cadres.updateCadre(ctx, params.id, body),
    transfer: ({ ctx, params, body }) => cadres.transferCadre(ctx, params.id, body),
    changePost: ({ ctx, params, body }) => cadres.changePost(ctx, params.id, body),
    retire: ({ ctx, params, body }) => cadres.retireCadre(ctx, params.id, body),

    // ——— division of labour ———
    listDivisions: ({ ctx, params }) => division.listDivisions(ctx, params.id),
    createDivision: ({ ctx, params, body }) => division.createDivision(ctx, params.id, body),
    getDivision: ({ ctx, params }) => division.getDivision(ctx, params.id),

    // ——— periods ———
    listPeriods: async ({ ctx }) => ({ items: await periods.listPeriods(ctx.db, ctx.actor) }),
    createYear: async ({ ctx, body }) => ({ items: await periods.createYear(ctx, body.year) }),
    closePeriod: ({ ctx, params }) => periods.setPeriodStatus(ctx, params.id, 'closed'),
    reopenPeriod: ({ ctx, params }) => periods.setPeriodStatus(ctx, params.id, 'open'),
  });
}
