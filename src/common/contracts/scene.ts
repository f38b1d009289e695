import { z } from 'zod';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

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
export const AGENDA_TAGS = {
  policy: '政策贯彻落实',
  sanzhong_yida: '“三重一大”决策',
  other: '其他',
} as const;
export const FOLLOWED_RULES_LABELS = { yes: '符合决策规则', partly: '部分符合', no: '不符合' } as const;
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
          tag: z.enum(['policy', 'sanzhong_yida', 'other'], { message: '议题类型不正确' }),
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
  followedRules: z.enum(['yes', 'partly', 'no']).nullable().optional(),
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
  status: z.enum(['pending', 'confirmed', 'declined']).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const StatsQuery = z.object({
  from: Day,
  to: Day,
});
