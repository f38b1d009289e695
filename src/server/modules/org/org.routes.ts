import {
  CadreBody,
  CadreQuery,
  CadreUpdateBody,
  ChangePostBody,
  DictBody,
  DictQuery,
  DirectoryQuery,
  DivisionBody,
  LiaisonGroupBody,
  PeriodBody,
  RegionBody,
  ResponsibilityQuery,
  RetireBody,
  TimelineQuery,
  TransferBody,
  UnitBody,
  UnitQuery,
} from '../../../common/contracts/org.ts';
import { IdParams, pageWindow } from '../../../common/contracts/page.ts';
import { attachmentDisposition } from '../../http/download.ts';
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

export async function orgRoutes(app: App) {
  // ——— directory: names, units and posts, for every staff role ———
  app.get(
    '/api/org/regions',
    { config: { access: 'org.directory.read' }, schema: { tags, summary: '区域（辖区与乡镇街道）' } },
    async (req) => ({ items: await registry.listRegions(req.ctx.db) }),
  );

  app.get(
    '/api/org/units',
    {
      config: { access: 'org.directory.read' },
      schema: { tags, summary: '单位列表', querystring: UnitQuery },
    },
    async (req) => {
      const { page, pageSize, ...f } = req.query;
      return { ...(await registry.listUnits(req.ctx.db, f, pageWindow(req.query))), page, pageSize };
    },
  );

  app.get(
    '/api/org/units/tree',
    { config: { access: 'org.directory.read' }, schema: { tags, summary: '单位树（按编组）' } },
    async (req) => ({ tree: await registry.unitTree(req.ctx.db) }),
  );

  app.get(
    '/api/org/units/:id',
    { config: { access: 'org.directory.read' }, schema: { tags, summary: '单位', params: IdParams } },
    async (req) => registry.getUnit(req.ctx.db, req.params.id),
  );

  app.get(
    '/api/org/directory/cadres',
    {
      config: { access: 'org.directory.read' },
      schema: { tags, summary: '干部通讯录（仅姓名、单位、职务）', querystring: DirectoryQuery },
    },
    async (req) => {
      const { page, pageSize, ...f } = req.query;
      return { ...(await cadres.cadreDirectory(req.ctx.db, f, pageWindow(req.query))), page, pageSize };
    },
  );

  app.get(
    '/api/org/liaison-groups',
    { config: { access: 'org.directory.read' }, schema: { tags, summary: '编组与包联领导' } },
    async (req) => ({ items: await registry.listLiaisonGroups(req.ctx.db) }),
  );

  app.get(
    '/api/org/dict',
    {
      config: { access: 'org.directory.read' },
      schema: { tags, summary: '字典（职级、角色类型、领域、标签、数据部门）', querystring: DictQuery },
    },
    async (req) => ({
      items: await registry.listDict(req.ctx.db, req.query.kind, req.query.includeInactive),
    }),
  );

  // ——— registry maintenance (organization department) ———
  app.post(
    '/api/org/regions',
    { config: { access: 'org.manage' }, schema: { tags, summary: '新增乡镇街道', body: RegionBody } },
    async (req, reply) => {
      reply.status(201);
      return registry.createRegion(req.ctx, req.body);
    },
  );
  app.post(
    '/api/org/units',
    { config: { access: 'org.manage' }, schema: { tags, summary: '新建单位', body: UnitBody } },
    async (req, reply) => {
      reply.status(201);
      return registry.saveUnit(req.ctx, null, req.body);
    },
  );
  app.put(
    '/api/org/units/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '修改单位', params: IdParams, body: UnitBody },
    },
    async (req) => registry.saveUnit(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/org/liaison-groups',
    { config: { access: 'org.manage' }, schema: { tags, summary: '新建编组', body: LiaisonGroupBody } },
    async (req, reply) => {
      reply.status(201);
      return registry.saveLiaisonGroup(req.ctx, null, req.body);
    },
  );
  app.put(
    '/api/org/liaison-groups/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '修改编组', params: IdParams, body: LiaisonGroupBody },
    },
    async (req) => registry.saveLiaisonGroup(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/org/dict',
    { config: { access: 'org.manage' }, schema: { tags, summary: '新增字典项', body: DictBody } },
    async (req, reply) => {
      reply.status(201);
      return registry.createDictItem(req.ctx, req.body);
    },
  );
  app.put(
    '/api/org/dict/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '修改字典项', params: IdParams, body: DictBody },
    },
    async (req) => registry.updateDictItem(req.ctx, req.params.id, req.body),
  );

  // ——— cadres: assessment content, scoped and audited ———
  app.get(
    '/api/org/cadres',
    {
      config: { access: 'org.read' },
      schema: { tags, summary: '干部列表（检索、筛选、分页）', querystring: CadreQuery },
    },
    async (req) => ({
      ...(await cadres.listCadres(req.ctx, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/org/cadres/export',
    {
      config: { access: 'org.export' },
      schema: {
        tags,
        summary: '导出干部名册（xlsx，带水印）',
        querystring: CadreQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (req, reply) => {
      const list = await cadres.listCadres(req.ctx, { ...req.query, page: 1, pageSize: 100_000 });
      const bytes = await exportXlsx(req.ctx, {
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
        .header(
          'content-disposition',
          attachmentDisposition(`干部名册-${localDay(req.ctx.clock.now())}.xlsx`),
        );
      return reply.send(bytes);
    },
  );

  app.get(
    '/api/org/cadres/:id',
    { config: { access: 'org.read' }, schema: { tags, summary: '干部详情', params: IdParams } },
    async (req) => cadres.getCadre(req.ctx, req.params.id),
  );
  app.get(
    '/api/org/cadres/:id/appointments',
    { config: { access: 'org.read' }, schema: { tags, summary: '任免经历', params: IdParams } },
    async (req) => ({ items: await cadres.listAppointments(req.ctx, req.params.id) }),
  );
  app.get(
    '/api/org/cadres/:id/responsibilities',
    {
      config: { access: 'org.read' },
      schema: {
        tags,
        summary: '某日的职责范围（按当日有效的班子分工）',
        params: IdParams,
        querystring: ResponsibilityQuery,
      },
    },
    async (req) => division.cadreResponsibilities(req.ctx, req.params.id, req.query.date),
  );
  app.get(
    '/api/org/cadres/:id/timeline',
    {
      config: { access: 'org.timeline.read' },
      schema: { tags, summary: '干部时间轴', params: IdParams, querystring: TimelineQuery },
    },
    async (req) => {
      const c = await cadres.cadreRow(req.ctx.db, req.params.id);
      assertCadreInScope(req.ctx, c);
      const items = await listTimeline(req.ctx.db, c.id, visibleTimeline(req.ctx, c), req.query);
      await recordAudit(req.ctx, { action: 'org.timeline.read', objectType: 'cadre', objectId: c.id });
      return { items };
    },
  );

  app.post(
    '/api/org/cadres',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '新建干部（含首次任职）', body: CadreBody },
    },
    async (req, reply) => {
      reply.status(201);
      return cadres.createCadre(req.ctx, req.body);
    },
  );
  app.put(
    '/api/org/cadres/:id',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '修改干部基本信息', params: IdParams, body: CadreUpdateBody },
    },
    async (req) => cadres.updateCadre(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/org/cadres/:id/transfer',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '调动', params: IdParams, body: TransferBody },
    },
    async (req) => cadres.transferCadre(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/org/cadres/:id/post',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '职务变动（任职、晋升、降职）', params: IdParams, body: ChangePostBody },
    },
    async (req) => cadres.changePost(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/org/cadres/:id/retire',
    {
      config: { access: 'org.manage' },
      schema: { tags, summary: '退休或离任', params: IdParams, body: RetireBody },
    },
    async (req) => cadres.retireCadre(req.ctx, req.params.id, req.body),
  );

  // ——— division of labour ———
  app.get(
    '/api/org/units/:id/divisions',
    { config: { access: 'org.read' }, schema: { tags, summary: '班子分工版本历史', params: IdParams } },
    async (req) => ({ items: await division.listDivisions(req.ctx, req.params.id) }),
  );
  app.post(
    '/api/org/units/:id/divisions',
    {
      config: { access: 'org.division.edit' },
      schema: { tags, summary: '新增班子分工版本', params: IdParams, body: DivisionBody },
    },
    async (req, reply) => {
      reply.status(201);
      return division.createDivision(req.ctx, req.params.id, req.body);
    },
  );
  app.get(
    '/api/org/divisions/:id',
    { config: { access: 'org.read' }, schema: { tags, summary: '班子分工版本详情', params: IdParams } },
    async (req) => division.getDivision(req.ctx, req.params.id),
  );

  // ——— periods ———
  app.get(
    '/api/org/periods',
    { config: { access: 'authenticated' }, schema: { tags, summary: '考核期' } },
    async (req) => ({ items: await periods.listPeriods(req.ctx.db) }),
  );
  app.post(
    '/api/org/periods',
    {
      config: { access: 'org.periods.manage' },
      schema: { tags, summary: '开设考核年度（含四个季度）', body: PeriodBody },
    },
    async (req, reply) => {
      reply.status(201);
      return { items: await periods.createYear(req.ctx, req.body.year) };
    },
  );
  for (const [verb, status] of [
    ['close', 'closed'],
    ['reopen', 'open'],
  ] as const) {
    app.post(
      `/api/org/periods/:id/${verb}`,
      {
        config: { access: 'org.periods.manage' },
        schema: { tags, summary: verb === 'close' ? '关闭考核期' : '重新开放考核期', params: IdParams },
      },
      async (req) => periods.setPeriodStatus(req.ctx, req.params.id, status),
    );
  }
}
