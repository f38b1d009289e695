import { z } from 'zod';
import { canFlags, DayString, endpoint, Instant, listOf, pageOf } from '../api.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

/** 走进现场察担当: the contract of module `scene`. */

export const SCENE_KINDS = ['meeting', 'emergency', 'event'] as const;
export type SceneKind = (typeof SCENE_KINDS)[number];
export const SCENE_KIND_LABELS: Record<SceneKind, string> = {
  meeting: '列席党委（党组）会议',
  emergency: '急难险重专项考察',
  event: '破难挑战活动',
};
export const SCENE_SUBTYPES: Record<SceneKind, Record<string, string>> = {
  meeting: { party_committee: '党委（党组）会议' },
  emergency: { flood_typhoon: '防汛抗台', project_push: '重大项目攻坚', other: '其他急难险重任务' },
  event: { challenge: '实践破难挑战赛', lecture: '实践真知上讲台' },
};
export const AGENDA_TAG_KEYS = ['policy', 'sanzhong_yida', 'other'] as const;
export const AGENDA_TAGS = {
  policy: '政策贯彻落实',
  sanzhong_yida: '“三重一大”决策',
  other: '其他',
} as const;
export const FOLLOWED_RULES_LABELS = { yes: '符合决策规则', partly: '部分符合', no: '不符合' } as const;
export const FOLLOWED_RULES = ['yes', 'partly', 'no'] as const;
export const NOMINATION_STATUSES = ['pending', 'confirmed', 'declined'] as const;
export const NOMINATION_STATUS_LABELS = {
  pending: '待确认',
  confirmed: '已确认',
  declined: '未采纳',
} as const;

export interface Dimension {
  code: string;
  name: string;
  /** Events: the criterion's weight in the total. */
  weight?: number;
}

/** The dimensions each kind is rated on, unless the activity states its own. */
export const DEFAULT_DIMENSIONS: Record<SceneKind, Dimension[]> = {
  meeting: [
    { code: 'stance', name: '表态担当' },
    { code: 'rules', name: '决策规范' },
    { code: 'initiative', name: '主动作为' },
  ],
  emergency: [
    { code: 'front', name: '主动冲锋在前' },
    { code: 'command', name: '现场指挥协调' },
    { code: 'masses', name: '群众工作' },
  ],
  event: [
    { code: 'idea', name: '思路', weight: 30 },
    { code: 'measure', name: '实招', weight: 40 },
    { code: 'effect', name: '成效', weight: 30 },
  ],
};

const Code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,29}$/, '编码只能用小写字母、数字和下划线');

export const ActivityBody = z
  .object({
    kind: z.enum(SCENE_KINDS, { message: '活动类型不正确' }),
    subtype: z.string().trim().min(1).max(30),
    title: z.string().trim().min(1, '请填写活动名称').max(80, '名称不能超过 80 个字'),
    unitId: Uuid.nullable().optional(),
    place: z.string().trim().max(100).nullable().optional(),
    startsOn: Day,
    endsOn: Day,
    agenda: z
      .array(
        z.object({
          title: z.string().trim().min(1, '议题不能为空').max(200),
          tag: z.enum(AGENDA_TAG_KEYS, { message: '议题类型不正确' }),
        }),
      )
      .max(30)
      .default([]),
    dimensions: z
      .array(
        z.object({
          code: Code,
          name: z.string().trim().min(1).max(20),
          weight: z.number().positive().max(100).optional(),
        }),
      )
      .min(1)
      .max(10)
      .optional(),
    summary: z.string().trim().max(2000).nullable().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.startsOn > a.endsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '结束日期不能早于开始日期' });
    if (!SCENE_SUBTYPES[a.kind][a.subtype])
      ctx.addIssue({ code: 'custom', path: ['subtype'], message: '活动细类与类型不符' });
    if (a.kind === 'meeting' && !a.unitId)
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: '列席会议须选择召开会议的单位' });
    if (a.kind === 'meeting' && a.agenda.length === 0)
      ctx.addIssue({ code: 'custom', path: ['agenda'], message: '请至少填写一项议题' });
    if (a.dimensions && new Set(a.dimensions.map((d) => d.code)).size !== a.dimensions.length)
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: '维度编码重复' });
  });
export type ActivityBody = z.infer<typeof ActivityBody>;

export const ActivityQuery = PageQuery.extend({
  kind: z.enum(SCENE_KINDS).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(30).optional(),
});

export const ObservationBody = z.object({
  cadreId: Uuid,
  ratings: z.record(z.string().max(30), z.number().int().min(1, '评分为 1–5').max(5, '评分为 1–5')),
  stance: z.string().trim().max(500).nullable().optional(),
  followedRules: z.enum(FOLLOWED_RULES).nullable().optional(),
  notes: z.string().trim().min(1, '请填写观察记录').max(2000, '观察记录不能超过 2000 字'),
});
export type ObservationBody = z.infer<typeof ObservationBody>;

export const ScoreBody = z.object({
  judge: z.string().trim().min(1, '请填写评委').max(30),
  cadreId: Uuid,
  scores: z.record(z.string().max(30), z.number().min(0, '得分为 0–100').max(100, '得分为 0–100')),
});

export const NominationBody = z.object({
  cadreId: Uuid,
  reason: z.string().trim().min(5, '推荐理由至少 5 个字').max(1000),
});
export const DecisionBody = z.object({
  decision: z.enum(['confirmed', 'declined'], { message: '请选择确认或不予采纳' }),
  note: z.string().trim().max(500).nullable().optional(),
});
export const NominationQuery = PageQuery.extend({
  status: z.enum(NOMINATION_STATUSES).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const StatsQuery = z.object({
  from: Day,
  to: Day,
});

// ——— what the API answers ———

export const DimensionView = z.object({
  code: z.string(),
  name: z.string(),
  weight: z.number().optional(),
});
export const AgendaItemView = z.object({ title: z.string(), tag: z.enum(AGENDA_TAG_KEYS) });

/** An activity as stored (the answer of creating or changing one). */
export const ActivityView = z.object({
  id: z.uuid(),
  kind: z.enum(SCENE_KINDS),
  subtype: z.string(),
  title: z.string(),
  unitId: z.uuid().nullable(),
  place: z.string().nullable(),
  startsOn: DayString,
  endsOn: DayString,
  agenda: z.array(AgendaItemView),
  dimensions: z.array(DimensionView),
  summary: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const ActivityListItem = z.object({
  id: z.uuid(),
  kind: z.enum(SCENE_KINDS),
  subtype: z.string(),
  title: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  place: z.string().nullable(),
  startsOn: DayString,
  endsOn: DayString,
  /** Cadres observed (meetings, inspections) or taking part (events). */
  observed: z.number().int(),
  scored: z.number().int(),
  /** Confirmed 担当作为突出. */
  outstanding: z.number().int(),
});

/** An estimate with its standard error and its 95% interval. */
export const EstimateView = z.object({
  estimate: z.number(),
  se: z.number(),
  low: z.number(),
  high: z.number(),
});

/** A judge or an observer: how many they rated, their plain mean and their leniency. */
export const RaterView = z.object({
  /** The judge as named on the sheet; an observer's account id. */
  key: z.string(),
  name: z.string(),
  targets: z.number().int(),
  mean: z.number(),
  /** Points above (+) or below (−) a typical rater on the same people; null when uncalibrated. */
  leniency: EstimateView.nullable(),
  /** Compared with other raters through people they both rated. */
  calibrated: z.boolean(),
});

export const CALIBRATION_WARNINGS = ['FEW_TARGETS', 'DISCONNECTED', 'NOT_CONVERGED'] as const;

/** How ratings were calibrated for their raters' leniency (a crossed random-effects fit), or why not. */
export const CalibrationView = z.object({
  method: z.enum(['crossed', 'uncalibrated']),
  reason: z.string().nullable(),
  formula: z.string().nullable(),
  /** Standard deviations of the fit: between the people rated, between raters, residual. */
  sd: z.object({ target: z.number(), rater: z.number(), residual: z.number() }).nullable(),
  raters: z.array(RaterView),
  warnings: z.array(
    z.object({
      code: z.enum(CALIBRATION_WARNINGS),
      message: z.string(),
      /** FEW_TARGETS: the rater's key. */
      rater: z.string().optional(),
    }),
  ),
});

/** One participant of an event's ranking. */
export const RankRowView = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  unitName: z.string().nullable(),
  judges: z.number().int(),
  /** The plain mean of the judges' totals, and the rank it alone would give. */
  raw: z.number(),
  rawRank: z.number().int(),
  /** The score calibrated for the judges' leniency, with its interval; null when uncalibrated. */
  calibrated: EstimateView.nullable(),
  /** False where the participant's level cannot be told from the leniency of its judges. */
  identified: z.boolean(),
  rank: z.number().int(),
  byJudge: z.array(z.object({ judge: z.string(), total: z.number() })),
});

export const EventRankingView = CalibrationView.extend({ participants: z.array(RankRowView) });

/** An observation as the activity's detail gives it. */
export const ObservationView = z.object({
  id: z.uuid(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  post: z.string().nullable(),
  unitName: z.string().nullable(),
  ratings: z.record(z.string(), z.number()),
  stance: z.string().nullable(),
  followedRules: z.enum(FOLLOWED_RULES).nullable(),
  notes: z.string(),
  releasedAt: Instant.nullable(),
  createdAt: Instant,
  /** Who recorded (observed) it. */
  observer: z.string().nullable(),
  /** The mean of its ratings, and that mean less the observer's leniency (null when uncalibrated). */
  mean: z.number(),
  calibrated: EstimateView.nullable(),
  can: canFlags('correct', 'release', 'attach'),
});

/** The observer calibration behind an activity's observations, and the observations it rests on. */
export const ObservationCalibrationView = CalibrationView.extend({
  /** The observations fitted together: those of this kind of activity in the activity's year. */
  scope: z.string(),
});

export const NominationView = z.object({
  id: z.uuid(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  reason: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  decidedAt: Instant.nullable(),
  decisionNote: z.string().nullable(),
  createdAt: Instant,
  can: canFlags('decide'),
});

export const ActivityDetail = ActivityView.extend({
  kindLabel: z.string(),
  unitName: z.string().nullable(),
  can: canFlags('update', 'record', 'nominate'),
  observations: z.array(ObservationView),
  /** Meetings and inspections. */
  observationCalibration: ObservationCalibrationView.nullable(),
  nominations: z.array(NominationView),
  /** Events. */
  ranking: EventRankingView.nullable(),
});

/** An observation as stored (the answer of recording, correcting or releasing one). */
export const ObservationRecord = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  cadreId: z.uuid(),
  ratings: z.record(z.string(), z.number()),
  stance: z.string().nullable(),
  followedRules: z.enum(FOLLOWED_RULES).nullable(),
  notes: z.string(),
  releasedAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const ScoreRecord = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  judge: z.string(),
  cadreId: z.uuid(),
  scores: z.record(z.string(), z.number()),
  createdAt: Instant,
  updatedAt: Instant,
});

export const NominationRecord = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  cadreId: z.uuid(),
  reason: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  decidedAt: Instant.nullable(),
  decidedBy: z.uuid().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: Instant,
});

export const NominationListItem = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  activityTitle: z.string(),
  kind: z.enum(SCENE_KINDS),
  startsOn: DayString,
  cadreId: z.uuid(),
  cadreName: z.string(),
  unitName: z.string().nullable(),
  reason: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  createdAt: Instant,
  decidedAt: Instant.nullable(),
  decisionNote: z.string().nullable(),
  can: canFlags('decide'),
});

/** What a cadre sees of an observation of them: ratings, notes and dimensions once released. */
export const MyObservation = z.object({
  id: z.uuid(),
  activityTitle: z.string(),
  kind: z.enum(SCENE_KINDS),
  startsOn: DayString,
  ratings: z.record(z.string(), z.number()).nullable(),
  notes: z.string().nullable(),
  dimensions: z.array(DimensionView).nullable(),
  releasedAt: Instant.nullable(),
  /** Why the content is withheld, until a leader releases it. */
  pending: z.string().nullable(),
});

export const SceneStats = z.object({
  from: DayString,
  to: DayString,
  activities: z.number().int(),
  byKind: z.array(z.object({ kind: z.enum(SCENE_KINDS), subtype: z.string(), n: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), kind: z.enum(SCENE_KINDS), n: z.number().int() })),
  cadresObserved: z.number().int(),
  observations: z.number().int(),
  cadresScored: z.number().int(),
  outstandingCount: z.number().int(),
  pendingNominations: z.number().int(),
  outstanding: z.array(
    z.object({
      cadreId: z.uuid(),
      name: z.string(),
      post: z.string().nullable(),
      unitName: z.string().nullable(),
      activityId: z.uuid(),
      activityTitle: z.string(),
      kind: z.enum(SCENE_KINDS),
      reason: z.string(),
      decidedAt: Instant.nullable(),
    }),
  ),
  /** May open the activities and nominations behind the figures; may decide nominations; may open cadres. */
  can: canFlags('openActivities', 'decide', 'openCadres'),
});

export const sceneApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/scene/activities',
    access: 'scene.read',
    summary: '现场考察活动',
    query: ActivityQuery,
    response: pageOf(ActivityListItem).extend({ can: canFlags('create') }),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/scene/activities',
    access: 'scene.record',
    summary: '登记现场考察活动',
    body: ActivityBody,
    response: ActivityView,
    status: 201,
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/scene/activities/:id',
    access: 'scene.read',
    summary: '活动详情：观察记录（观察人宽严校正）、评委评分排名（评委宽严校正）、推荐',
    params: IdParams,
    response: ActivityDetail,
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/scene/activities/:id',
    access: 'scene.record',
    summary: '修改活动',
    params: IdParams,
    body: ActivityBody,
    response: ActivityView,
  }),
  observe: endpoint({
    method: 'POST',
    path: '/api/scene/activities/:id/observations',
    access: 'scene.record',
    summary: '记录（或更正）对某干部的观察',
    params: IdParams,
    body: ObservationBody,
    response: ObservationRecord,
  }),
  release: endpoint({
    method: 'POST',
    path: '/api/scene/observations/:id/release',
    access: 'scene.decide',
    summary: '向干部本人公开观察记录',
    params: IdParams,
    response: ObservationRecord,
  }),
  score: endpoint({
    method: 'POST',
    path: '/api/scene/activities/:id/scores',
    access: 'scene.record',
    summary: '录入（或更正）评委对某参赛干部的评分',
    params: IdParams,
    body: ScoreBody,
    response: ScoreRecord,
  }),
  nominate: endpoint({
    method: 'POST',
    path: '/api/scene/activities/:id/nominations',
    access: 'scene.record',
    summary: '推荐担当作为突出干部',
    params: IdParams,
    body: NominationBody,
    response: NominationRecord,
    status: 201,
  }),
  nominations: endpoint({
    method: 'GET',
    path: '/api/scene/nominations',
    access: 'scene.read',
    summary: '担当作为突出推荐',
    query: NominationQuery,
    response: pageOf(NominationListItem).extend({ can: canFlags('decide') }),
  }),
  decide: endpoint({
    method: 'POST',
    path: '/api/scene/nominations/:id/decide',
    access: 'scene.decide',
    summary: '确认或不予采纳推荐',
    params: IdParams,
    body: DecisionBody,
    response: NominationRecord,
  }),
  mine: endpoint({
    method: 'GET',
    path: '/api/scene/mine',
    access: 'scene.self',
    summary: '本人被现场考察的记录（公开后可见内容）',
    response: listOf(MyObservation),
  }),
  stats: endpoint({
    method: 'GET',
    path: '/api/scene/stats',
    shared: true,
    access: 'scene.stats',
    summary: '现场考察统计',
    query: StatsQuery,
    response: SceneStats,
  }),
  statsExport: endpoint({
    method: 'GET',
    path: '/api/scene/stats/export',
    access: 'scene.stats',
    summary: '导出现场考察统计（xlsx）',
    query: StatsQuery,
    response: 'file',
  }),
  options: endpoint({
    method: 'GET',
    path: '/api/scene/options',
    access: 'scene.read',
    summary: '活动类型与细类',
    response: z.object({
      kinds: z.record(z.string(), z.string()),
      subtypes: z.record(z.string(), z.record(z.string(), z.string())),
    }),
  }),
};

/** The module's error codes (merged into ERRORS in common/errors.ts). */
export const SCENE_ERRORS = {
  SCENE_KIND_FIXED: { status: 409, message: '活动类型不能修改' },
  SCENE_DIMENSIONS_LOCKED: { status: 409, message: '已有观察记录或评分，不能再修改评价维度' },
  SCENE_EVENT_NEEDS_SCORES: { status: 409, message: '破难挑战活动由评委评分，请录入评委评分' },
  SCENE_NOT_AN_EVENT: { status: 409, message: '只有破难挑战活动由评委评分' },
  SCENE_OBSERVATION_RELEASED: { status: 409, message: '该观察记录已向本人公开' },
  SCENE_NOT_ON_RECORD: { status: 409, message: '只能推荐本次活动中有观察记录或评分的干部' },
  SCENE_ALREADY_NOMINATED: { status: 409, message: '该干部在本次活动中已被推荐' },
  SCENE_NOMINATION_DECIDED: { status: 409, message: '该推荐已有结论' },
} as const;
