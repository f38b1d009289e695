import { z } from 'zod';
import { canFlags, endpoint, Instant, listOf, Named, pageOf } from '../api.ts';
import { Day } from './org.ts';
import { IdParams, PageQuery, Uuid } from './page.ts';

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

// ——— answers ———

const Num = z.number();
const Group = z.enum(RATER_GROUPS);
const Status = z.enum(['draft', 'open', 'closed']);
const Scores = z.record(z.string(), Num.nullable());

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

export const GroupResult = z.object({
  group: z.union([Group, z.literal('merged')]),
  /** For the merged block: which groups it holds. */
  groups: z.array(Group).optional(),
  label: z.string(),
  ballots: Num,
  score: Num.nullable(),
  byDimension: Scores,
});
export type GroupResult = z.infer<typeof GroupResult>;

/** The effective weight of a rater group in a cadre's overall score. */
export const EffectiveWeight = z.object({
  group: Group,
  /** The campaign's documented weight of the group. */
  weight: Num,
  /** Its share of the overall score (the weights of the groups behind it sum to 1). */
  share: Num,
});
export type EffectiveWeight = z.infer<typeof EffectiveWeight>;

export const CALIBRATION_METHOD_LABELS = {
  crossed: '评价人宽严交叉校正',
  'group-unit': '按评价者类别和单位校正',
} as const;
export type CalibrationMethod = keyof typeof CALIBRATION_METHOD_LABELS;

/**
 * The calibrated overall score (校正得分): the cadre's level told apart from the raters' leniency
 * and the rater groups' levels, with its standard error and 95% interval; who computed it and when.
 */
export const CalibratedScore = z.object({
  estimate: Num,
  se: Num,
  low: Num,
  high: Num,
  method: z.enum(['crossed', 'group-unit']),
  /** The groups calibrated rater by rater (their submissions kept a shared key). */
  keyedGroups: z.array(Group),
  formula: z.string(),
  /** ISO time, as frozen with the profile. */
  computedAt: z.string(),
  computedBy: z.string().nullable(),
});
export type CalibratedScore = z.infer<typeof CalibratedScore>;

export const CadreResult = z.object({
  cadreId: z.string(),
  /**
   * All ballots cast for the cadre (a count; says nothing about answers). Null where a group is
   * withheld: cast − shown would state how many ballots the withheld group gave.
   */
  ballotsCast: Num.nullable(),
  /** The ballots the shown figures rest on (small groups left out). */
  ballotsShown: Num,
  overall: Num.nullable(),
  byDimension: Scores,
  groups: z.array(GroupResult),
  /** Groups withheld for having fewer than MIN_GROUP_BALLOTS ballots (count only as "fewer than 5"). */
  withheld: z.array(Group),
  /** Per item: how many ballots gave each scale point (shown ballots only). */
  distribution: z.record(z.string(), z.array(Num)),
  /** Each group's effective weight in `overall` (merged groups keep their own documented weight). */
  effectiveWeights: z.array(EffectiveWeight).optional(),
  /** The calibrated overall score; null where it could not be computed (see calibrationNote). */
  calibrated: CalibratedScore.nullable().optional(),
  calibrationNote: z.string().nullable().optional(),
});
export type CadreResult = z.infer<typeof CadreResult>;

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

export const ResultRow = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  post: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  overall: Num.nullable(),
  byDimension: Scores,
  /** Null where a group is withheld (cast − shown would state its size). */
  ballotsCast: Num.nullable(),
  ballotsShown: Num,
  withheld: z.array(Group),
  calibrated: CalibratedScore.nullable(),
});
export const ResultsView = pageOf(ResultRow).extend({
  summary: z.object({ cadres: Num, withFigures: Num, mean: Num.nullable(), ballotsCast: Num }),
});

export const CadreHeader = z.object({
  id: z.uuid(),
  name: z.string(),
  post: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
});
export const EntryView = z.object({
  id: z.uuid(),
  group: Group,
  text: z.string(),
  tags: z.array(z.string()),
  can: canFlags('tag'),
});
export const CadreInCampaignView = z.object({
  campaign: z.object({ id: z.uuid(), title: z.string(), year: Num, round: Num, status: Status }),
  questionnaire: QuestionnaireView,
  cadre: CadreHeader,
  result: CadreResult,
  entries: z.array(EntryView),
});
export const ProfileView = z.object({
  cadre: CadreHeader,
  rounds: z.array(
    z.object({
      campaign: z.object({
        id: z.uuid(),
        title: z.string(),
        year: Num,
        round: Num,
        closedAt: Instant.nullable(),
      }),
      dimensions: z.array(z.object({ code: z.string(), name: z.string() })),
      frozenAt: Instant,
      result: CadreResult,
      entryCount: Num,
      change: z.object({ overall: Num.nullable(), byDimension: Scores }).nullable(),
    }),
  ),
});
export const EntryRow = EntryView.extend({
  campaignId: z.uuid(),
  campaignTitle: z.string(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  unitName: z.string().nullable(),
  taggedAt: Instant.nullable(),
});
export const EntriesView = pageOf(EntryRow).extend({
  tagCounts: z.array(z.object({ tag: z.string(), n: Num })),
});

/** What a ballot page shows: the questionnaire and the cadres to rate. */
export const BallotView = z.object({
  campaign: z.object({ title: z.string(), endsOn: z.string() }),
  group: Group,
  groupLabel: z.string(),
  kind: z.enum(['personal', 'public']),
  questionnaire: QuestionnaireView,
  cadres: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      post: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
  ),
  /** Public raters may skip a cadre they do not know. */
  mayskip: z.boolean(),
});
export const BallotAccepted = z.object({ ballots: Num });

export const LeaderOption = z.object({
  leaderCadreId: z.uuid(),
  leaderName: z.string(),
  groupId: z.uuid(),
  groupName: z.string(),
});
export const VisitView = z.object({
  id: z.uuid(),
  leaderCadreId: z.uuid(),
  leaderName: z.string(),
  visitDate: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  hours: Num,
  met: z.string(),
  learned: z.string(),
  cadreIds: z.array(z.string()),
  cadres: z.array(z.object({ id: z.string(), name: z.string() })),
  withdrawnAt: Instant.nullable(),
  withdrawReason: z.string().nullable(),
  createdAt: Instant,
  can: canFlags('edit', 'withdraw'),
});
export const FieldTimeView = z.object({
  year: Num,
  asOf: z.string(),
  workingHoursSoFar: Num,
  workingHoursYear: Num,
  requiredSoFar: Num,
  requiredYear: Num,
  leaders: z.array(
    z.object({
      leaderCadreId: z.uuid(),
      leaderName: z.string(),
      leaderPost: z.string().nullable(),
      groupId: z.uuid(),
      groupName: z.string(),
      groupUnits: Num,
      visits: Num,
      unitsVisited: Num,
      hours: Num,
      /** Percent of the working hours so far; null before the year has begun. */
      share: Num.nullable(),
      shortfall: Num,
      met: z.boolean(),
    }),
  ),
});

const LinkParams = z.object({ id: Uuid, linkId: Uuid });

// ——— the endpoints ———

export const opinionApi = {
  // campaigns
  campaigns: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns',
    access: 'opinion.read',
    summary: '测评一览',
    query: CampaignQuery,
    response: pageOf(CampaignListItem),
  }),
  createCampaign: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns',
    access: 'opinion.manage',
    summary: '新建测评',
    body: CampaignBody,
    response: CampaignView,
    status: 201,
  }),
  campaign: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id',
    access: 'opinion.read',
    summary: '测评详情',
    params: IdParams,
    response: CampaignView,
  }),
  updateCampaign: endpoint({
    method: 'PUT',
    path: '/api/opinion/campaigns/:id',
    access: 'opinion.manage',
    summary: '修改筹备中的测评',
    params: IdParams,
    body: CampaignBody,
    response: CampaignView,
  }),
  openCampaign: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/open',
    access: 'opinion.manage',
    summary: '开始测评',
    params: IdParams,
    response: CampaignView,
  }),
  closeCampaign: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/close',
    access: 'opinion.manage',
    summary: '结束测评并生成本轮口碑档案',
    params: IdParams,
    response: z.object({ id: z.uuid(), profiles: Num }),
  }),

  // raters and links
  assignRaters: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/raters/assign',
    access: 'opinion.manage',
    summary: '按规则从干部库产生评价者（上级、同级）',
    params: IdParams,
    body: AssignBody,
    response: z.object({ created: z.record(z.string(), Num) }),
  }),
  createPublicLinks: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/public-links',
    access: 'opinion.manage',
    summary: '为单位或区域生成群众测评公开链接',
    params: IdParams,
    body: PublicLinksBody,
    response: z.object({ created: Num }),
  }),
  issueSlipCodes: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/public-links/:linkId/slip-codes',
    access: 'opinion.manage',
    summary: '为公开链接生成现场评价卡（一次性评价码，只显示这一次）',
    params: LinkParams,
    body: SlipCodesBody,
    response: z.object({
      publicCode: z.string(),
      raterLabel: z.string().nullable(),
      cadres: Num,
      codes: z.array(z.string()),
    }),
  }),
  links: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/links',
    access: 'opinion.manage',
    summary: '评价链接（是否已用，不涉及选票内容）',
    params: IdParams,
    response: listOf(LinkView),
  }),
  revokeLink: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/links/:linkId/revoke',
    access: 'opinion.manage',
    summary: '撤销未使用的评价链接',
    params: LinkParams,
    response: null,
  }),
  issueLinks: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/issue',
    access: 'opinion.manage',
    summary: '发放评价链接（令牌只显示这一次）；reissue 为未使用的链接补发提醒单',
    params: IdParams,
    body: IssueBody,
    response: z.object({ slips: z.array(SlipView) }),
  }),
  slipsXlsx: endpoint({
    method: 'POST',
    path: '/api/opinion/campaigns/:id/slips.xlsx',
    access: 'opinion.manage',
    summary: '把刚发放的评价链接导出为 xlsx（服务器不保存令牌）',
    params: IdParams,
    body: SlipsBody,
    response: 'file',
  }),
  progress: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/progress',
    access: 'opinion.read',
    summary: '测评进度（按评价者组和单位）',
    params: IdParams,
    response: ProgressView,
  }),

  // results and profiles
  results: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/results',
    shared: true,
    access: 'opinion.read',
    summary: '测评结果（每名干部；不足 5 份的评价者组不单独显示）',
    params: IdParams,
    query: ResultsQuery,
    response: ResultsView,
  }),
  exportResults: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/results/export',
    access: 'opinion.read',
    summary: '导出测评结果（xlsx）',
    params: IdParams,
    query: ResultsQuery.omit({ page: true, pageSize: true }),
    response: 'file',
  }),
  cadreResult: endpoint({
    method: 'GET',
    path: '/api/opinion/campaigns/:id/cadres/:cadreId',
    access: 'opinion.read',
    summary: '某干部本轮测评结果、分布（口碑追溯）和评价内容条目',
    params: CampaignCadreParams,
    response: CadreInCampaignView,
  }),
  profile: endpoint({
    method: 'GET',
    path: '/api/opinion/profiles/:id',
    access: 'opinion.read',
    summary: '口碑档案：各轮测评的冻结结果与轮次变化',
    params: IdParams,
    response: ProfileView,
  }),
  entries: endpoint({
    method: 'GET',
    path: '/api/opinion/entries',
    access: 'opinion.read',
    summary: '评价内容条目',
    query: EntryQuery,
    response: EntriesView,
  }),
  tagEntry: endpoint({
    method: 'PUT',
    path: '/api/opinion/entries/:id/tags',
    access: 'opinion.manage',
    summary: '为评价内容条目标注主题',
    params: IdParams,
    body: EntryTagsBody,
    response: z.object({ id: z.uuid(), tags: z.array(z.string()), taggedAt: Instant.nullable() }),
  }),

  // the ballot pages (no login)
  openBallot: endpoint({
    method: 'GET',
    path: '/api/opinion/ballot/:token',
    access: 'public',
    summary: '打开个人评价链接',
    params: TokenParams,
    response: BallotView,
  }),
  submitBallot: endpoint({
    method: 'POST',
    path: '/api/opinion/ballot/:token',
    access: 'public',
    summary: '提交个人评价（链接随即失效）',
    params: TokenParams,
    body: BallotBody,
    response: BallotAccepted,
    status: 201,
  }),
  openPublic: endpoint({
    method: 'GET',
    path: '/api/opinion/public/:code',
    access: 'public',
    summary: '打开群众测评公开链接',
    params: PublicCodeParams,
    response: BallotView,
  }),
  checkSlip: endpoint({
    method: 'GET',
    path: '/api/opinion/public/:code/slips/:slip',
    access: 'public',
    summary: '核对现场评价卡的评价码（开始评价前）',
    params: PublicCodeParams.extend({ slip: SlipCode }),
    response: z.object({ ok: z.literal(true) }),
  }),
  submitPublic: endpoint({
    method: 'POST',
    path: '/api/opinion/public/:code',
    access: 'public',
    summary: '提交群众测评（每张现场评价卡的评价码一次）',
    params: PublicCodeParams,
    body: PublicBallotBody,
    response: BallotAccepted,
    status: 201,
  }),

  // liaison visits (包联走访) and field time
  leaders: endpoint({
    method: 'GET',
    path: '/api/opinion/leaders',
    access: 'opinion.visits.read',
    summary: '包联领导（编组负责人）',
    response: listOf(LeaderOption),
  }),
  visits: endpoint({
    method: 'GET',
    path: '/api/opinion/visits',
    access: 'opinion.visits.read',
    summary: '包联走访记录',
    query: VisitQuery,
    response: pageOf(VisitView),
  }),
  createVisit: endpoint({
    method: 'POST',
    path: '/api/opinion/visits',
    access: 'opinion.visits.write',
    summary: '登记包联走访',
    body: VisitBody,
    response: VisitView,
    status: 201,
  }),
  updateVisit: endpoint({
    method: 'PUT',
    path: '/api/opinion/visits/:id',
    access: 'opinion.visits.write',
    summary: '修改包联走访',
    params: IdParams,
    body: VisitBody,
    response: VisitView,
  }),
  withdrawVisit: endpoint({
    method: 'POST',
    path: '/api/opinion/visits/:id/withdraw',
    access: 'opinion.visits.write',
    summary: '撤销包联走访（保留记录，不再计入）',
    params: IdParams,
    body: WithdrawBody,
    response: VisitView,
  }),
  fieldTime: endpoint({
    method: 'GET',
    path: '/api/opinion/field-time',
    access: 'opinion.visits.read',
    summary: '一线时间：每位包联领导走访时长对照工作时间三分之一',
    query: FieldTimeQuery,
    response: FieldTimeView,
  }),
};

/** Error codes of module `opinion`. */
export const OPINION_ERRORS = {
  LINK_INVALID: { status: 404, message: '评价链接无效，请核对链接或二维码' },
  LINK_USED: { status: 409, message: '该评价链接已经使用过' },
  SLIP_INVALID: { status: 404, message: '评价码无效，请核对评价卡上的评价码' },
  SLIP_USED: { status: 409, message: '该评价码已经使用过' },
  PUBLIC_QUOTA_EXCEEDED: { status: 409, message: '本轮群众测评的评价卡数量已达上限' },
  CAMPAIGN_NOT_OPEN: { status: 409, message: '测评尚未开始' },
  CAMPAIGN_CLOSED: { status: 409, message: '测评已经结束' },
  OPINION_CAMPAIGN_STATE: { status: 409, message: '测评当前所处阶段不能进行此操作' },
  OPINION_SCOPE_LOCKED: { status: 409, message: '已生成评价链接，不能再改变测评范围；请先撤销链接' },
  OPINION_NO_LINKS: { status: 409, message: '尚未产生任何评价者或公开链接，不能开始测评' },
  OPINION_RATERS_ASSIGNED: { status: 409, message: '该评价者组的评价者已经产生，不能重复产生' },
  OPINION_LINK_REVOKED: { status: 409, message: '该链接已撤销' },
  OPINION_LINK_SPENT: { status: 409, message: '该链接已经用过，不能撤销' },
  OPINION_RESULTS_NOT_READY: { status: 409, message: '测评结束后才能查看结果；测评进行中只显示参评进度' },
  OPINION_VISIT_WITHDRAWN: { status: 409, message: '该走访记录已撤销' },
} as const satisfies Record<string, { status: number; message: string }>;
