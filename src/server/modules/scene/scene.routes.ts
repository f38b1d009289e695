import { IdParams } from '../../../common/contracts/page.ts';
import {
  ActivityBody,
  ActivityQuery,
  DecisionBody,
  NominationBody,
  NominationQuery,
  ObservationBody,
  SCENE_KIND_LABELS,
  SCENE_SUBTYPES,
  type SceneKind,
  ScoreBody,
  StatsQuery,
} from '../../../common/contracts/scene.ts';
import { attachmentDisposition } from '../../http/download.ts';
import type { App } from '../../http/types.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import * as scene from './scene.service.ts';

const tags = ['scene 走进现场察担当'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function sceneRoutes(app: App) {
  app.get(
    '/api/scene/activities',
    {
      config: { access: 'scene.read' },
      schema: { tags, summary: '现场考察活动', querystring: ActivityQuery },
    },
    async (req) => scene.listActivities(req.ctx, req.query),
  );
  app.post(
    '/api/scene/activities',
    { config: { access: 'scene.record' }, schema: { tags, summary: '登记现场考察活动', body: ActivityBody } },
    async (req, reply) => reply.code(201).send(await scene.createActivity(req.ctx, req.body)),
  );
  app.get(
    '/api/scene/activities/:id',
    {
      config: { access: 'scene.read' },
      schema: { tags, summary: '活动详情：观察记录、评分排名、推荐', params: IdParams },
    },
    async (req) => scene.getActivity(req.ctx, req.params.id),
  );
  app.put(
    '/api/scene/activities/:id',
    {
      config: { access: 'scene.record' },
      schema: { tags, summary: '修改活动', params: IdParams, body: ActivityBody },
    },
    async (req) => scene.updateActivity(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/scene/activities/:id/observations',
    {
      config: { access: 'scene.record' },
      schema: { tags, summary: '记录（或更正）对某干部的观察', params: IdParams, body: ObservationBody },
    },
    async (req) => scene.saveObservation(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/scene/observations/:id/release',
    {
      config: { access: 'scene.decide' },
      schema: { tags, summary: '向干部本人公开观察记录', params: IdParams },
    },
    async (req) => scene.releaseObservation(req.ctx, req.params.id),
  );
  app.post(
    '/api/scene/activities/:id/scores',
    {
      config: { access: 'scene.record' },
      schema: { tags, summary: '录入（或更正）评委对某参赛干部的评分', params: IdParams, body: ScoreBody },
    },
    async (req) => scene.saveScore(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/scene/activities/:id/nominations',
    {
      config: { access: 'scene.record' },
      schema: { tags, summary: '推荐担当作为突出干部', params: IdParams, body: NominationBody },
    },
    async (req, reply) => reply.code(201).send(await scene.nominate(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/scene/nominations',
    {
      config: { access: 'scene.read' },
      schema: { tags, summary: '担当作为突出推荐', querystring: NominationQuery },
    },
    async (req) => scene.listNominations(req.ctx, req.query),
  );
  app.post(
    '/api/scene/nominations/:id/decide',
    {
      config: { access: 'scene.decide' },
      schema: { tags, summary: '确认或不予采纳推荐', params: IdParams, body: DecisionBody },
    },
    async (req) => scene.decideNomination(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/scene/mine',
    { config: { access: 'scene.self' }, schema: { tags, summary: '本人被现场考察的记录（公开后可见内容）' } },
    async (req) => scene.myObservations(req.ctx),
  );
  app.get(
    '/api/scene/stats',
    { config: { access: 'scene.stats' }, schema: { tags, summary: '现场考察统计', querystring: StatsQuery } },
    async (req) => scene.stats(req.ctx, req.query.from, req.query.to),
  );
  app.get(
    '/api/scene/stats/export',
    {
      config: { access: 'scene.stats' },
      schema: { tags, summary: '导出现场考察统计（xlsx）', querystring: StatsQuery },
    },
    async (req, reply) => {
      const s = await scene.stats(req.ctx, req.query.from, req.query.to);
      const bytes = await exportXlsx(req.ctx, {
        action: 'scene.stats.export',
        sheetName: '担当作为突出干部',
        title: `现场考察统计 ${s.from} 至 ${s.to}：活动 ${s.activities} 场次，考察干部 ${s.cadresObserved + s.cadresScored} 人次，担当作为突出 ${s.outstandingCount} 人`,
        columns: [
          { title: '姓名', width: 10 },
          { title: '单位', width: 24 },
          { title: '职务', width: 20 },
          { title: '活动', width: 30 },
          { title: '类型', width: 18 },
          { title: '推荐理由', width: 50 },
        ],
        rows: s.outstanding.map((o) => [
          o.name,
          o.unitName,
          o.post,
          o.activityTitle,
          SCENE_KIND_LABELS[o.kind as SceneKind],
          o.reason,
        ]),
      });
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachmentDisposition(`现场考察统计-${s.from}-${s.to}.xlsx`));
      return reply.send(bytes);
    },
  );
  app.get(
    '/api/scene/options',
    { config: { access: 'scene.read' }, schema: { tags, summary: '活动类型与细类' } },
    async () => ({ kinds: SCENE_KIND_LABELS, subtypes: SCENE_SUBTYPES }),
  );
}
