import { z } from 'zod';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

// ——— rater groups and the questionnaire ———

export const RATER_GROUPS = ['superior', 'peer', 'subordinate', 'public', 'service'] as const;
export type RaterGroup = (typeof RATER_GROUPS)[number];
export const RATER_GROUP_LABELS: Record<RaterGroup, string> = {
  superior: '上级评价',
  peer: '同级互评',
  subordinate: '下级评议',
  public: '群众测评',
  service: '服务对象反向评价',
};
/** The groups whose raters come from the registry by rule; the others from uploaded lists or public links. */
export const RULE_GROUPS = ['superior', 'peer'] as const satisfies readonly RaterGroup[];
export const LIST_GROUPS = ['subordinate', 'service'] as const satisfies readonly RaterGroup[];

/** A group (or the merged small groups) is shown only with at least this many ballots. */
export const MIN_GROUP_BALLOTS = 5;

export const CAMPAIGN_STATUS_LABELS = { draft: '筹备中', open: '测评中', closed: '已结束' } as const;
export type CampaignStatus = keyof typeof CAMPAIGN_STATUS_LABELS;

/** The theme tags officers give free-text entries (评价内容条目). */
export const ENTRY_TAGS = ['政绩观', '担当', '实绩', '作风', '廉洁', '服务态度', '能力', '其他'] as const;

const Code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,29}$/, '编码只能用小写字母、数字和下划线，以字母开头');

export const Questionnaire = z
  .object({
    scale: z
      .object({
        min: z.number().int().min(0).max(1),
        max: z.number().int().min(2, '量表至少 2 档').max(10, '量表最多 10 档'),
        /** The label of each point from min to max (e.g. 差 … 好). */
        labels: z.array(z.string().trim().min(1).max(10)).max(11).optional(),
      })
      .refine((s) => !s.labels || s.labels.length === s.max - s.min + 1, {
        message: '量表各档的名称数应与档数相同',
      }),
    dimensions: z
      .array(
        z.object({
          code: Code,
          name: z.string().trim().min(1, '维度名称不能为空').max(20),
          weight: z.number().positive('权重应大于 0').max(100),
          items: z
            .array(z.object({ code: Code, text: z.string().trim().min(1, '题目不能为空').max(200) }))
            .min(1, '每个维度至少一道题')
            .max(10),
        }),
      )
      .min(1, '至少一个维度')
      .max(10),
    freeText: z.boolean().default(true),
  })
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    for (const d of q.dimensions)
      for (const i of d.items) {
        if (seen.has(i.code)) ctx.addIssue({ code: 'custom', message: `题目编码 ${i.code} 重复` });
        seen.add(i.code);
      }
  });
export type Questionnaire = z.infer<typeof Questionnaire>;

/** The questionnaire a new campaign starts with: the article's five dimensions. */
export const DEFAULT_QUESTIONNAIRE: Questionnaire = {
  scale: { min: 1, max: 5, labels: ['差', '较差', '一般', '较好', '好'] },
  freeText: true,
  dimensions: [
    {
      code: 'zjg',
      name: '政绩观',
      weight: 30,
      items: [
        { code: 'zjg1', text: '坚持为民造福，不搞“形象工程”“政绩工程”' },
        { code: 'zjg2', text: '既做显功也做潜功，注重打基础、利长远' },
      ],
    },
    {
      code: 'dd',
      name: '担当',
      weight: 20,
      items: [
        { code: 'dd1', text: '面对急难险重任务敢于迎难而上' },
        { code: 'dd2', text: '遇到矛盾问题不推诿、不回避' },
      ],
    },
    {
      code: 'sj',
      name: '实绩',
      weight: 20,
      items: [
        { code: 'sj1', text: '分管工作取得群众看得见、摸得着的成效' },
        { code: 'sj2', text: '年度目标任务按期完成' },
      ],
    },
    {
      code: 'zf',
      name: '作风',
      weight: 15,
      items: [
        { code: 'zf1', text: '深入基层，联系服务群众' },
        { code: 'zf2', text: '办事公道，服务热情，效率高' },
      ],
    },
    {
      code: 'lj',
      name: '廉洁',
      weight: 15,
      items: [{ code: 'lj1', text: '遵守廉洁自律规定，干净做事' }],
    },
  ],
};

export const GroupWeights = z
  .array(
    z.object({
      group: z.enum(RATER_GROUPS, { message: '评价者组不正确' }),
      weight: z.number().positive().max(100),
    }),
  )
  .min(1, '至少选择一个评价者组')
  .refine((g) => new Set(g.map((x) => x.group)).size === g.length, { message: '评价者组重复' });

export const DEFAULT_GROUP_WEIGHTS: z.infer<typeof GroupWeights> = [
  { group: 'superior', weight: 30 },
  { group: 'peer', weight: 20 },
  { group: 'subordinate', weight: 20 },
  { group: 'public', weight: 15 },
  { group: 'service', weight: 15 },
];

const Title = z.string().trim().min(1, '名称不能为空').max(60, '名称不能超过 60 个字');

export const CampaignBody = z
  .object({
    title: Title,
    year: z.number().int().min(2000).max(2100),
    round: z.number().int().min(1).max(12),
    startsOn: Day,
    endsOn: Day,
    questionnaire: Questionnaire.default(DEFAULT_QUESTIONNAIRE),
    groups: GroupWeights.default(DEFAULT_GROUP_WEIGHTS),
    /** At most this many one-time public cards (现场评价卡) for the round. */
    publicQuota: z.number().int().min(0, '不能为负数').max(100_000, '不能超过 100000').default(2000),
    /** The cadres to evaluate: these units' active cadres, or these cadres; none = every active cadre. */
    unitIds: z.array(Uuid).max(500).optional(),
    cadreIds: z.array(Uuid).max(5000).optional(),
  })
  .refine((c) => c.startsOn <= c.endsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] });
export type CampaignBody = z.infer<typeof CampaignBody>;

export const CampaignQuery = PageQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(['draft', 'open', 'closed']).optional(),
});

export const AssignBody = z.object({
  groups: z.array(z.enum(RULE_GROUPS, { message: '按规则产生的只有 上级评价 和 同级互评' })).min(1),
});

export const PublicLinksBody = z
  .object({
    unitIds: z.array(Uuid).max(500).default([]),
    regionIds: z.array(Uuid).max(100).default([]),
  })
  .refine((b) => b.unitIds.length + b.regionIds.length > 0, { message: '请选择单位或区域' });

export const IssueBody = z.object({
  unitId: Uuid.optional(),
  group: z.enum(RATER_GROUPS).optional(),
  /** Reissue links already issued but not used (a reminder slip): their old tokens stop working. */
  reissue: z.boolean().default(false),
});

export const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, '链接无效') });
export const PublicCodeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, '链接无效') });

/** A public link's one-time card code: 8 characters without look-alikes (0/O, 1/I). */
export const SlipCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/, '评价码为评价卡上的 8 位字母数字'));
export const SlipCodesBody = z.object({
  count: z.number().int().min(1, '至少 1 张').max(1000, '一次最多生成 1000 张'),
});

export const BallotBody = z.object({
  ballots: z
    .array(
      z.object({
        cadreId: Uuid,
        /** itemCode → score; omitted entirely when the rater chose 不了解 (skip). */
        answers: z.record(z.string().max(30), z.number().int()),
        text: z.string().trim().max(500, '意见建议不能超过 500 字').optional(),
      }),
    )
    .min(1, '请至少评价一名干部')
    .max(60),
});
export type BallotBody = z.infer<typeof BallotBody>;
/** A public ballot: the submission and the code of the card it was made with. */
export const PublicBallotBody = BallotBody.extend({ slip: SlipCode });

export const ResultsQuery = PageQuery.extend({
  unitId: Uuid.optional(),
  q: z.string().trim().max(30).optional(),
  sort: z.enum(['overall', 'name']).default('overall'),
});

export const EntryQuery = PageQuery.extend({
  campaignId: Uuid.optional(),
  cadreId: Uuid.optional(),
  group: z.enum(RATER_GROUPS).optional(),
  tag: z.string().trim().max(20).optional(),
  untagged: z.coerce.boolean().optional(),
  q: z.string().trim().max(30).optional(),
});
export const EntryTagsBody = z.object({
  tags: z.array(z.enum(ENTRY_TAGS, { message: '主题标签不正确' })).max(8),
});

export const CampaignCadreParams = z.object({ id: Uuid, cadreId: Uuid });

// ——— liaison visits (包联走访) ———

export const VisitBody = z.object({
  leaderCadreId: Uuid,
  visitDate: Day,
  unitId: Uuid,
  hours: z.number().positive('时长应大于 0').max(24, '一天最多 24 小时').multipleOf(0.5, '时长以半小时计'),
  met: z.string().trim().min(1, '请填写见了谁').max(200),
  learned: z.string().trim().min(1, '请填写了解到的情况').max(2000),
  cadreIds: z.array(Uuid).max(30).default([]),
});
export type VisitBody = z.infer<typeof VisitBody>;
export const VisitQuery = PageQuery.extend({
  leaderCadreId: Uuid.optional(),
  unitId: Uuid.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(30).optional(),
});
export const WithdrawBody = z.object({ reason: z.string().trim().min(1, '请填写撤销原因').max(200) });
export const FieldTimeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

// ——— answers (shared with the web) ———

export interface Figure {
  /** 0–100, or null when withheld. */
  score: number | null;
  /** The number of ballots behind the figure. */
  ballots: number;
}

export interface GroupResult {
  group: RaterGroup | 'merged';
  /** For the merged block: which groups it holds. */
  groups?: RaterGroup[];
  label: string;
  ballots: number;
  score: number | null;
  byDimension: Record<string, number | null>;
}

/** The effective weight of a rater group in a cadre's overall score. */
export interface EffectiveWeight {
  group: RaterGroup;
  /** The campaign's documented weight of the group. */
  weight: number;
  /** Its share of the overall score (the weights of the groups behind it sum to 1). */
  share: number;
}

export const CALIBRATION_METHOD_LABELS = {
  crossed: '评价人宽严交叉校正',
  'group-unit': '按评价者类别和单位校正',
} as const;
export type CalibrationMethod = keyof typeof CALIBRATION_METHOD_LABELS;

/**
 * The calibrated overall score (校正得分): the cadre's level told apart from the raters' leniency
 * and the rater groups' levels, with its standard error and 95% interval; who computed it and when.
 */
export interface CalibratedScore {
  estimate: number;
  se: number;
  low: number;
  high: number;
  method: CalibrationMethod;
  /** The groups calibrated rater by rater (their submissions kept a shared key). */
  keyedGroups: RaterGroup[];
  formula: string;
  computedAt: string;
  computedBy: string | null;
}

export interface CadreResult {
  cadreId: string;
  /**
   * All ballots cast for the cadre (a count; says nothing about answers). Null where a group is
   * withheld: cast − shown would state how many ballots the withheld group gave.
   */
  ballotsCast: number | null;
  /** The ballots the shown figures rest on (small groups left out). */
  ballotsShown: number;
  overall: number | null;
  byDimension: Record<string, number | null>;
  groups: GroupResult[];
  /** Groups withheld for having fewer than MIN_GROUP_BALLOTS ballots (count only as "fewer than 5"). */
  withheld: RaterGroup[];
  /** Per item: how many ballots gave each scale point (shown ballots only). */
  distribution: Record<string, number[]>;
  /** Each group's effective weight in `overall` (merged groups keep their own documented weight). */
  effectiveWeights?: EffectiveWeight[];
  /** The calibrated overall score; null where it could not be computed (see calibrationNote). */
  calibrated?: CalibratedScore | null;
  calibrationNote?: string | null;
}

/** Error codes of module `opinion`. */
export const OPINION_ERRORS = {
  LINK_INVALID: { status: 404, message: '评价链接无效，请核对链接或二维码' },
  LINK_USED: { status: 409, message: '该评价链接已经使用过' },
  SLIP_INVALID: { status: 404, message: '评价码无效，请核对评价卡上的评价码' },
  SLIP_USED: { status: 409, message: '该评价码已经使用过' },
  PUBLIC_QUOTA_EXCEEDED: { status: 409, message: '本轮群众测评的评价卡数量已达上限' },
  CAMPAIGN_NOT_OPEN: { status: 409, message: '测评尚未开始' },
  CAMPAIGN_CLOSED: { status: 409, message: '测评已经结束' },
} as const satisfies Record<string, { status: number; message: string }>;
