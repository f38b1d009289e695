import { z } from 'zod';
import { canFlags, Instant, Named } from '../api.ts';
import { Day } from './org.ts';
import { PageQuery, Uuid } from './page.ts';

/** 走进群众听民意: campaigns (测评), their questionnaire and rater groups, raters, links and cards, progress. */

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
export const SlipCodesBody = z.object({
  count: z.number().int().min(1, '至少 1 张').max(1000, '一次最多生成 1000 张'),
});

// ——— answers ———

const Num = z.number();
const Group = z.enum(RATER_GROUPS);
const Status = z.enum(['draft', 'open', 'closed']);

/** A questionnaire as sent back (as stored; the checks apply to what is submitted). */
export const QuestionnaireView = z.object({
  scale: z.object({ min: Num, max: Num, labels: z.array(z.string()).optional() }),
  dimensions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      weight: Num,
      items: z.array(z.object({ code: z.string(), text: z.string() })),
    }),
  ),
  freeText: z.boolean(),
});

export const GroupWeightView = z.object({ group: Group, weight: Num });

export const CampaignListItem = z.object({
  id: z.uuid(),
  title: z.string(),
  year: Num,
  round: Num,
  status: Status,
  startsOn: z.string(),
  endsOn: z.string(),
  closedAt: Instant.nullable(),
  cadres: Num,
  /** Personal links not revoked. */
  links: Num,
  used: Num,
  ballots: Num,
});

export const CampaignView = z.object({
  id: z.uuid(),
  title: z.string(),
  year: Num,
  round: Num,
  status: Status,
  startsOn: z.string(),
  endsOn: z.string(),
  questionnaire: QuestionnaireView,
  groups: z.array(GroupWeightView),
  /** At most this many 现场评价卡 for the round. */
  publicQuota: Num,
  openedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  cadreCount: Num,
  units: z.array(Named),
  /** edit: change the draft; open / close: the round; links: raters, links and cards; results: read figures. */
  can: canFlags('edit', 'open', 'close', 'links', 'results'),
});

/** A link of a campaign (whether used; never a ballot). */
export const LinkView = z.object({
  id: z.uuid(),
  kind: z.enum(['personal', 'public']),
  group: Group,
  raterLabel: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  publicCode: z.string().nullable(),
  cadres: Num,
  issued: z.boolean(),
  issueCount: Num,
  used: z.boolean(),
  revoked: z.boolean(),
  /** Public links: 现场评价卡 made, and used. */
  cards: Num,
  cardsUsed: Num,
  can: canFlags('revoke', 'cards'),
});

/** A slip of an issue: the token is shown this once. */
export const SlipView = z.object({
  token: z.string(),
  group: Group,
  groupLabel: z.string(),
  raterLabel: z.string().nullable(),
  unitName: z.string().nullable(),
  cadres: Num,
  reissued: z.boolean(),
});

export const SlipsBody = z.object({
  slips: z
    .array(
      z.object({
        token: TokenParams.shape.token,
        groupLabel: z.string().max(20),
        raterLabel: z.string().max(120).nullable(),
        unitName: z.string().max(120).nullable(),
        cadres: z.number().int().min(0).max(1000),
      }),
    )
    .min(1)
    .max(5000),
});

export const ProgressView = z.object({
  campaign: z.object({ id: z.uuid(), title: z.string(), status: Status }),
  groups: z.array(
    z.object({
      group: Group,
      label: z.string(),
      links: Num,
      issued: Num,
      used: Num,
      ballots: Num,
      submissions: Num,
      rate: Num.nullable(),
    }),
  ),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      groups: z.record(z.string(), z.object({ links: Num, used: Num })),
    }),
  ),
});

export const LinkParams = z.object({ id: Uuid, linkId: Uuid });
