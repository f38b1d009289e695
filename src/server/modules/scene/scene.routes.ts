import {
  SCENE_KIND_LABELS,
  SCENE_SUBTYPES,
  type SceneKind,
  sceneApi,
} from '../../../common/contracts/scene.ts';
import { attachmentDisposition } from '../../http/download.ts';
import { routes } from '../../http/route.ts';
import type { App } from '../../http/types.ts';
import { exportXlsx } from '../../lib/xlsx.ts';
import * as scene from './scene.service.ts';

const tags = ['scene 走进现场察担当'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function sceneRoutes(app: App) {
  routes(app, tags, sceneApi, {
    list: ({ ctx, query }) => scene.listActivities(ctx, query),
    create: ({ ctx, body }) => scene.createActivity(ctx, body),
    get: ({ ctx, params }) => scene.getActivity(ctx, params.id),
    update: ({ ctx, params, body }) => scene.updateActivity(ctx, params.id, body),
    observe: ({ ctx, params, body }) => scene.saveObservation(ctx, params.id, body),
    release: ({ ctx, params }) => scene.releaseObservation(ctx, params.id),
    score: ({ ctx, params, body }) => scene.saveScore(ctx, params.id, body),
    nominate: ({ ctx, params, body }) => scene.nominate(ctx, params.id, body),
    nominations: ({ ctx, query }) => scene.listNominations(ctx, query),
    decide: ({ ctx, params, body }) => scene.decideNomination(ctx, params.id, body),
    mine: ({ ctx }) => scene.myObservations(ctx),
    stats: ({ ctx, query }) => scene.stats(ctx, query.from, query.to),
    statsExport: async ({ ctx, query, reply }) => {
      const s = await scene.stats(ctx, query.from, query.to);
      const bytes = await exportXlsx(ctx, {
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
      await reply.send(bytes);
    },
    options: () => ({ kinds: SCENE_KIND_LABELS, subtypes: SCENE_SUBTYPES }),
  });
}
